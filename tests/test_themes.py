"""Themes on the fixture corpus: substance per article, spans, prevalence. The codebook driving the chapter is in test_chapters.py."""

from __future__ import annotations

import pytest

from conftest import FIXTURE_CODEBOOK as CODEBOOK
from rcreport.codebook import load_themes
from rcreport.themes import (
    distinctive_lemmas,
    off_topic_articles,
    sentence_themes,
    theme_cooccurrence,
    theme_matches,
    theme_prevalence,
    unthemed_sentences,
)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def themes():
    return load_themes(CODEBOOK / "themes.yml")


@pytest.fixture(scope="module")
def assignments(themes, tokens, corpus):
    return sentence_themes(theme_matches(themes, tokens, corpus.sentences))


def themes_of(assignments, article_id):
    return set(assignments.loc[assignments["article_id"] == article_id, "theme"])


def test_articles_carry_the_themes_their_text_is_about(assignments):
    assert {"military", "space_technology"} <= themes_of(assignments, "A000")
    assert "energy" in themes_of(assignments, "A002")
    assert {"nato_security", "olympics_soft_power"} <= themes_of(assignments, "A001")
    for article_id in ("A000", "A002", "A003"):
        assert "taiwan" in themes_of(assignments, article_id)


def test_energy_in_002_comes_from_its_oil_sentences(assignments, corpus):
    energy = assignments[(assignments["article_id"] == "A002") & (assignments["theme"] == "energy")]
    texts = corpus.sentences.set_index("sentence_id").loc[energy["sentence_id"], "text"]
    assert texts.str.contains("तेल").all() and len(texts) >= 3


def test_inflected_forms_count_through_lemmas(themes, tokens, corpus):
    matches = theme_matches(themes, tokens, corpus.sentences)
    sanctions = matches[matches["theme"] == "sanctions_west"]["matched"]
    assert sanctions.str.startswith("प्रतिबंधों").any(), "the oblique plural प्रतिबंधों should count as प्रतिबंध"


def test_every_span_lies_inside_its_sentence(themes, tokens, corpus):
    matches = theme_matches(themes, tokens, corpus.sentences)
    text = corpus.sentences.set_index("sentence_id")["text"]
    for match in matches.itertuples():
        sentence = text[match.sentence_id]
        assert 0 <= match.start < match.end <= len(sentence)
        assert sentence[match.start : match.end] == match.matched


def test_prevalence_is_a_share_of_each_articles_sentences(assignments, corpus, themes):
    prevalence = theme_prevalence(assignments, corpus.sentences, themes)
    assert list(prevalence.columns) == [theme.id for theme in themes]
    assert ((prevalence >= 0) & (prevalence <= 1)).all().all()
    a002 = corpus.sentences[corpus.sentences["article_id"] == "A002"]
    energy = assignments[(assignments["article_id"] == "A002") & (assignments["theme"] == "energy")]
    assert prevalence.loc["A002", "energy"] == round(len(energy) / len(a002), 3)


def test_cooccurrence_is_symmetric_with_theme_counts_on_the_diagonal(assignments, themes):
    matrix = theme_cooccurrence(assignments, themes)
    assert (matrix.values == matrix.values.T).all()
    assert matrix.loc["energy", "energy"] == assignments[assignments["theme"] == "energy"]["sentence_id"].nunique()


def test_unthemed_sentences_and_off_topic_flags(assignments, corpus):
    unthemed = unthemed_sentences(assignments, corpus.sentences)
    assert not set(unthemed["sentence_id"]) & set(assignments["sentence_id"])
    assert len(unthemed) + assignments["sentence_id"].nunique() == len(corpus.sentences)
    flags = off_topic_articles(assignments, corpus.sentences, threshold=0.25)
    assert not flags["off_topic"].any(), "every seed article is on topic"
    assert off_topic_articles(assignments, corpus.sentences, threshold=1.01)["off_topic"].all()


def test_distinctive_lemmas_point_at_each_articles_subject(tokens, corpus):
    table = distinctive_lemmas(tokens, top=15)
    assert set(table["article_id"]) == set(corpus.included["id"])
    assert "तेल" in set(table[table["article_id"] == "A002"]["lemma"])
    assert "ओलंपिक" in set(table[table["article_id"] == "A001"]["lemma"])
