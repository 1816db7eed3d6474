#!/usr/bin/env python3
"""Regenerate the frozen token tables of the test fixture: tests/fixtures/tokens.csv and independent_tokens.csv.

The unit tests read the fixture corpus (tests/fixtures/data) and the sentences
of its independent gold (tests/fixtures/data/gold/independent) already
annotated, so that they need no stanza run. This script annotates both with
the bundled models, exactly as a build does (the independent sentences as the
one document of ``rcreport.independent.annotation_corpus``), and writes the
tables in the cache's format. Run it after the bundled models, the NLP stage,
the fixture corpus or the independent gold's sentences change; the build-tier
tests ``test_the_frozen_token_table_is_current`` and
``test_the_frozen_independent_token_table_is_current``
(tests/test_fixture_upkeep.py) fail until then.

    PYTHONPATH=src python scripts/freeze_tokens.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
FROZEN_TOKENS = REPO / "tests" / "fixtures" / "tokens.csv"
FROZEN_INDEPENDENT_TOKENS = REPO / "tests" / "fixtures" / "independent_tokens.csv"


def main() -> int:
    from rcreport.corpus import load_corpus
    from rcreport.independent import annotation_corpus, load_independent
    from rcreport.nlp import annotate_corpus, bundled_models, write_tokens

    corpora = {FROZEN_TOKENS: load_corpus(FIXTURE_DATA), FROZEN_INDEPENDENT_TOKENS: annotation_corpus(load_independent(FIXTURE_DATA / "gold").sentences)}
    for target, corpus in corpora.items():
        with tempfile.TemporaryDirectory(prefix="rcreport-freeze-") as cache:
            tokens = annotate_corpus(corpus, bundled_models(), Path(cache))
        write_tokens(tokens, target)
        print(f"wrote {target.relative_to(REPO)}: {len(tokens)} tokens of {tokens['sentence_id'].nunique()} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
