#!/usr/bin/env python3
"""Regenerate every frozen token table of the tests: tests/fixtures/tokens.csv, independent_tokens.csv, stance_dev2_tokens.csv and probe_tokens.csv.

The unit tests read three sets of sentences already annotated, so that they
need no stanza run: the fixture corpus (tests/fixtures/data), the sentences of
its independent gold (tests/fixtures/data/gold/independent), those of the
second stance development set (its ``stance_dev2/``) and the probe
sentences of tests/test_probes.py. This script annotates them all with the
bundled models, exactly as the build and the tests do (the fixture corpus as a
build annotates it, the independent sentences and the development set's each
as the one document of ``rcreport.independent.annotation_corpus``, each probe
as an article of its own, ``test_probes.annotate_probes``), and writes the tables in the cache's
format. Run it after the bundled models, the NLP stage, the fixture corpus,
the independent gold's sentences or a probe change, and review the diff; the
build-tier tests ``test_the_frozen_token_table_is_current``,
``test_the_frozen_independent_token_table_is_current``,
``test_the_frozen_stance_dev2_token_table_is_current``
(tests/test_fixture_upkeep.py) and ``test_the_frozen_probe_parses_are_current``
(tests/test_probes.py) fail until then.

    PYTHONPATH=src python scripts/freeze_tokens.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
FIXTURE_DATA = TESTS / "fixtures" / "data"
FROZEN_TOKENS = TESTS / "fixtures" / "tokens.csv"
FROZEN_INDEPENDENT_TOKENS = TESTS / "fixtures" / "independent_tokens.csv"
FROZEN_STANCE_DEV2_TOKENS = TESTS / "fixtures" / "stance_dev2_tokens.csv"


def main() -> int:
    from rcreport.corpus import load_corpus
    from rcreport.independent import DEV2_ANNOTATION_ID, annotation_corpus, load_independent, load_stance_dev2
    from rcreport.nlp import annotate_corpus, bundled_models, make_pipeline, write_tokens

    gold = FIXTURE_DATA / "gold"
    corpora = {
        FROZEN_TOKENS: load_corpus(FIXTURE_DATA),
        FROZEN_INDEPENDENT_TOKENS: annotation_corpus(load_independent(gold).sentences),
        FROZEN_STANCE_DEV2_TOKENS: annotation_corpus(load_stance_dev2(gold).sentences, DEV2_ANNOTATION_ID),
    }
    for target, corpus in corpora.items():
        with tempfile.TemporaryDirectory(prefix="rcreport-freeze-") as cache:
            tokens = annotate_corpus(corpus, bundled_models(), Path(cache))
        write_tokens(tokens, target)
        print(f"wrote {target.relative_to(REPO)}: {len(tokens)} tokens of {tokens['sentence_id'].nunique()} sentences")
    sys.path.insert(0, str(TESTS))  # the probes are defined beside the tests that read them
    from test_probes import PROBE_TEXTS, PROBE_TOKENS, annotate_probes

    write_tokens(annotate_probes(make_pipeline(bundled_models())), PROBE_TOKENS)
    print(f"wrote {PROBE_TOKENS.relative_to(REPO)}: {len(PROBE_TEXTS)} probes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
