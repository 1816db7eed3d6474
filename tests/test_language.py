"""The language summaries of chapter 02, on the frozen fixture tokens and the bundled models' scores file."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from rcreport.language import SCORE_METRICS, article_sizes, frequent_lemmas, headline_scores, lemma_counts, model_scores, name_runs, pos_distribution, proper_noun_sequences
from rcreport.nlp import bundled_models
from rcreport.text import proper_noun_runs

pytestmark = pytest.mark.unit


def test_the_lemma_counts_count_every_token_once_in_article_order(tokens):
    counts = lemma_counts(tokens)
    assert counts["tokens"].sum() == len(tokens)
    assert not counts.duplicated(["article_id", "lemma", "upos"]).any()
    assert counts["article_id"].drop_duplicates().tolist() == tokens["article_id"].drop_duplicates().tolist()
    some = counts.iloc[len(counts) // 2]
    assert some["tokens"] == ((tokens["article_id"] == some["article_id"]) & (tokens["lemma"] == some["lemma"]) & (tokens["upos"] == some["upos"])).sum()


def test_the_pos_distribution_counts_every_token_once(tokens):
    distribution = pos_distribution(lemma_counts(tokens))
    assert distribution["tokens"].sum() == len(tokens)
    assert set(distribution["upos"]) == set(tokens["upos"])
    assert distribution["tokens"].is_monotonic_decreasing
    assert distribution.set_index("upos")["tokens"].to_dict() == tokens["upos"].value_counts().to_dict()


def test_article_sizes_are_each_article_s_sentences_and_tokens(tokens, corpus):
    sizes = article_sizes(corpus.sentences, lemma_counts(tokens))
    assert sizes["tokens"].to_dict() == tokens.groupby("article_id").size().to_dict()
    assert sizes["sentences"].to_dict() == tokens.groupby("article_id")["sentence_id"].nunique().to_dict()


def test_frequent_lemmas_keep_to_the_asked_parts_of_speech(tokens):
    lemmas = frequent_lemmas(lemma_counts(tokens), upos=["NOUN"], top=5)
    assert len(lemmas) == 5 and set(lemmas["upos"]) == {"NOUN"}
    top = lemmas.iloc[0]
    assert top["tokens"] == ((tokens["lemma"] == top["lemma"]) & (tokens["upos"] == "NOUN")).sum()
    assert top["articles"] == tokens.loc[(tokens["lemma"] == top["lemma"]) & (tokens["upos"] == "NOUN"), "article_id"].nunique()


def test_the_name_runs_of_the_whole_table_are_those_found_sentence_by_sentence(tokens):
    expected = [
        (sentence["article_id"].iloc[0], sentence_id, name) for sentence_id, sentence in tokens.groupby("sentence_id", sort=False) for name in proper_noun_runs(zip(sentence["text"], sentence["upos"]))
    ]
    assert list(name_runs(tokens).itertuples(index=False, name=None)) == expected
    assert len(expected) > 100 and name_runs(tokens.iloc[:0]).columns.tolist() == ["article_id", "sentence_id", "name"]


def test_proper_nouns_of_two_sentences_side_by_side_are_two_runs():
    tokens = pd.DataFrame({"article_id": "Z", "sentence_id": ["Z.s001", "Z.s001", "Z.s002", "Z.s002"], "text": ["कहा", "पुतिन", "शी", "ने"], "upos": ["VERB", "PROPN", "PROPN", "ADP"]})
    assert name_runs(tokens)["name"].tolist() == ["पुतिन", "शी"]


def test_a_name_of_several_words_is_one_proper_noun_sequence(tokens):
    names = proper_noun_sequences(name_runs(tokens), top=50)
    assert names["name"].str.contains(" ").any(), "a multi-word name (given name and surname) is one run"
    first = names.iloc[0]
    assert first["name"] in " ".join(tokens.loc[tokens["sentence_id"] == first["first_sentence"], "text"])


def test_the_headline_scores_are_the_whole_test_split_on_raw_text():
    scores = model_scores(bundled_models(ROOT / "models" / "hi"))
    raw = scores[(scores["split"] == "test") & (scores["tokenisation"] == "raw")].iloc[0]
    assert headline_scores(scores) == {metric: f"{raw[metric]:.1f}" for metric in SCORE_METRICS}
    assert headline_scores(scores.iloc[0:0]) == dict.fromkeys(SCORE_METRICS, "not measured")
