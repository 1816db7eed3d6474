"""The language summaries of chapter 02, on the frozen fixture tokens and the bundled models' scores file."""

from __future__ import annotations

import pytest

from conftest import ROOT
from rcreport.language import SCORE_METRICS, frequent_lemmas, headline_scores, model_scores, pos_distribution, proper_noun_sequences
from rcreport.nlp import bundled_models

pytestmark = pytest.mark.unit


def test_the_pos_distribution_counts_every_token_once(tokens):
    distribution = pos_distribution(tokens)
    assert distribution["tokens"].sum() == len(tokens)
    assert set(distribution["upos"]) == set(tokens["upos"])
    assert distribution["tokens"].is_monotonic_decreasing


def test_frequent_lemmas_keep_to_the_asked_parts_of_speech(tokens):
    lemmas = frequent_lemmas(tokens, upos=["NOUN"], top=5)
    assert len(lemmas) == 5 and set(lemmas["upos"]) == {"NOUN"}
    top = lemmas.iloc[0]
    assert top["tokens"] == ((tokens["lemma"] == top["lemma"]) & (tokens["upos"] == "NOUN")).sum()


def test_a_name_of_several_words_is_one_proper_noun_sequence(tokens):
    names = proper_noun_sequences(tokens, top=50)
    assert names["name"].str.contains(" ").any(), "a multi-word name (given name and surname) is one run"
    first = names.iloc[0]
    assert first["name"] in " ".join(tokens.loc[tokens["sentence_id"] == first["first_sentence"], "text"])


def test_the_headline_scores_are_the_whole_test_split_on_raw_text():
    scores = model_scores(bundled_models(ROOT / "models" / "hi"))
    raw = scores[(scores["split"] == "test") & (scores["tokenisation"] == "raw")].iloc[0]
    assert headline_scores(scores) == {metric: f"{raw[metric]:.1f}" for metric in SCORE_METRICS}
    assert headline_scores(scores.iloc[0:0]) == dict.fromkeys(SCORE_METRICS, "not measured")
