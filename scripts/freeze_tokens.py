#!/usr/bin/env python3
"""Regenerate the frozen token table of the test fixture: tests/fixtures/tokens.csv.

The unit tests read the fixture corpus (tests/fixtures/data) already annotated,
so that they need no stanza run. This script annotates that corpus with the
bundled models, exactly as a build does, and writes the table in the cache's
format. Run it after the bundled models, the NLP stage or the fixture corpus
change; the build-tier test ``test_the_frozen_token_table_is_current``
(tests/test_nlp.py) fails until then.

    PYTHONPATH=src python scripts/freeze_tokens.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
FROZEN_TOKENS = REPO / "tests" / "fixtures" / "tokens.csv"


def main() -> int:
    from rcreport.corpus import load_corpus
    from rcreport.nlp import annotate_corpus, bundled_models, write_tokens

    corpus = load_corpus(FIXTURE_DATA)
    with tempfile.TemporaryDirectory(prefix="rcreport-freeze-") as cache:
        tokens = annotate_corpus(corpus, bundled_models(), Path(cache))
    write_tokens(tokens, FROZEN_TOKENS)
    print(f"wrote {FROZEN_TOKENS.relative_to(REPO)}: {len(tokens)} tokens of {tokens['article_id'].nunique()} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
