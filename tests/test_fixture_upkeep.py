"""Upkeep of the test fixture: the frozen token table stays what the bundled models produce, and the
fast tier stays independent of the live data.

Build tier: the first three annotate the whole fixture corpus, the sentences
of its independent gold and those of its second stance development set with stanza, the fourth copies data/, adds an article with `rcreport add` and runs the unit
tier on the copy in a subprocess (it is not a unit test itself, so it does not
run itself recursively).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_GOLD, FROZEN_INDEPENDENT_TOKENS, FROZEN_STANCE_DEV2_TOKENS, FROZEN_TOKENS, ROOT, listed_ids
from rcreport.corpus import next_article_id
from rcreport.independent import DEV2_ANNOTATION_ID, annotation_corpus, load_independent, load_stance_dev2
from rcreport.nlp import annotate_corpus, bundled_models, write_tokens

pytestmark = pytest.mark.build

# A report written for this test (in no corpus): Devanagari news text with actors, a quotation, a stance and a date
NEW_ARTICLE = """रूस और चीन ने आपसी व्यापार में राष्ट्रीय मुद्राओं का हिस्सा बढ़ाने पर सहमति जताई

मॉस्को, 14 मई 2024। रूस और चीन के वित्त मंत्रियों ने मंगलवार को मॉस्को में हुई बैठक में द्विपक्षीय व्यापार का भुगतान रूबल और युआन में बढ़ाने का फैसला किया।
रूसी वित्त मंत्री एंतोन सिलुआनोव ने कहा, "डॉलर पर हमारी निर्भरता पिछले दो वर्षों में तेजी से घटी है।"
चीन के वाणिज्य मंत्रालय ने बताया कि इस साल के पहले चार महीनों में दोनों देशों के बीच व्यापार में आठ प्रतिशत की बढ़ोतरी हुई।
विशेषज्ञों का मानना है कि पश्चिमी प्रतिबंधों के कारण रूसी बैंक चीनी बैंकों के साथ नए भुगतान तंत्र पर काम कर रहे हैं।
बैठक में साइबेरिया से चीन तक दूसरी गैस पाइपलाइन के निर्माण पर भी चर्चा हुई, जिस पर अंतिम समझौता अभी बाकी है।
"""


def test_the_frozen_token_table_is_current(corpus, tmp_path):
    """A fresh annotation of the fixture corpus by the bundled models writes the bytes of tests/fixtures/tokens.csv."""
    fresh = annotate_corpus(corpus, bundled_models(), tmp_path / "cache", progress=False)
    write_tokens(fresh, tmp_path / "fresh.csv")
    assert (tmp_path / "fresh.csv").read_bytes() == FROZEN_TOKENS.read_bytes(), (
        "the bundled models no longer give the frozen token table; if the change is intended, regenerate it with `PYTHONPATH=src python scripts/freeze_tokens.py` and review the diff"
    )


def test_the_frozen_independent_token_table_is_current(tmp_path):
    """A fresh annotation of the independent gold's sentences writes the bytes of tests/fixtures/independent_tokens.csv."""
    sentences = load_independent(FIXTURE_GOLD).sentences
    fresh = annotate_corpus(annotation_corpus(sentences), bundled_models(), tmp_path / "cache", progress=False)
    write_tokens(fresh, tmp_path / "fresh.csv")
    assert (tmp_path / "fresh.csv").read_bytes() == FROZEN_INDEPENDENT_TOKENS.read_bytes(), (
        "the bundled models no longer give the frozen independent token table; if the change is intended, regenerate it with `PYTHONPATH=src python scripts/freeze_tokens.py` and review the diff"
    )


def test_the_frozen_stance_dev2_token_table_is_current(tmp_path):
    """A fresh annotation of the second stance development set's sentences writes the bytes of tests/fixtures/stance_dev2_tokens.csv."""
    sentences = load_stance_dev2(FIXTURE_GOLD).sentences
    fresh = annotate_corpus(annotation_corpus(sentences, DEV2_ANNOTATION_ID), bundled_models(), tmp_path / "cache", progress=False)
    write_tokens(fresh, tmp_path / "fresh.csv")
    assert (tmp_path / "fresh.csv").read_bytes() == FROZEN_STANCE_DEV2_TOKENS.read_bytes(), (
        "the bundled models no longer give the frozen stance_dev2 token table; if the change is intended, regenerate it with `PYTHONPATH=src python scripts/freeze_tokens.py` and review the diff"
    )


def test_the_fast_tier_passes_on_a_copy_of_the_data_with_an_added_article(live_data, tmp_path):
    data = Path(shutil.copytree(live_data, tmp_path / "data"))
    expected = next_article_id(listed_ids(data))
    source = tmp_path / "new-article.txt"
    source.write_text(NEW_ARTICLE, encoding="utf-8")
    added = subprocess.run(
        [sys.executable, "-m", "rcreport.cli", "add", str(source), "--title", "रूस-चीन व्यापार में रूबल और युआन", "--published", "2024-05-14", "--data", str(data)],
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    assert f"added {expected}:" in added.stdout
    assert listed_ids(data)[-1] == expected
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    fast = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "unit", "--data", str(data), "-v", "-p", "no:cacheprovider", str(ROOT / "tests")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert fast.returncode == 0, f"the unit tier fails on data/ with {expected} added:\n{fast.stdout[-6000:]}\n{fast.stderr[-2000:]}"
    assert "test_live_data.py::test_the_live_data_is_a_valid_corpus PASSED" in fast.stdout, "the copy's data was not checked"
