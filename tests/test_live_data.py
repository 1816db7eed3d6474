"""The live data directory (``--data``, default data/): whatever articles it holds, it is a corpus the build can use.

The only test that reads the live data. It asserts what `rcreport check`
promises for any valid corpus, never the seed articles' ids or counts: the
metadata table loads, every row is either included or excluded with its
reason, and the codebooks load.
"""

from __future__ import annotations

import re

import pytest

from conftest import listed_ids
from rcreport.cli import main as rcreport
from rcreport.codebook import load_actors, load_stance_codebook, load_themes
from rcreport.corpus import load_corpus

pytestmark = pytest.mark.unit


def test_the_live_data_is_a_valid_corpus(live_data, capsys):
    corpus = load_corpus(live_data)  # a CorpusError here names the line and field of articles.csv to fix
    articles = corpus.articles
    assert articles["id"].tolist() == listed_ids(live_data), "every row of articles.csv appears, in order"
    assert set(articles["status"]) <= {"included", "excluded"}
    excluded = articles[articles["status"] == "excluded"]
    assert (excluded["reason"].str.len() > 0).all(), "an excluded article without a reason"
    assert len(corpus.included) >= 1, f"{live_data}: no article is included: {excluded['reason'].tolist()}"
    assert (corpus.included["reason"] == "").all() and (corpus.included["n_sentences"] > 0).all()
    assert set(corpus.sentences["article_id"]) == set(corpus.included["id"])
    assert corpus.sentences["sentence_id"].is_unique

    code = rcreport(["check", "--data", str(live_data)])
    out = capsys.readouterr().out
    assert code == (1 if len(excluded) else 0)
    for article in articles.itertuples():
        assert re.search(rf"^{article.id}  {article.status}", out, re.M), f"check does not report {article.id}"
    assert out.rstrip().endswith(f"{len(articles)} articles, {len(excluded)} excluded")


def test_the_live_codebooks_load(live_data):
    codebook = live_data / "codebook"
    assert load_themes(codebook / "themes.yml")
    assert load_actors(codebook / "actors.yml")
    assert load_stance_codebook(codebook / "stances.yml").cues
