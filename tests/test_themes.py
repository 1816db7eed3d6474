"""Themes on the fixture corpus: substance per article, spans, prevalence, matching that survives
tokenisation, senses and the Russia–China subject. The codebook driving the chapter is in test_chapters.py.

The fixture's themes.yml is the live one of issue 18 (senses, excluded_by, the new themes), copied on purpose.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from conftest import FIXTURE_CODEBOOK as CODEBOOK
from rcreport.codebook import CodebookError, load_actors, load_themes
from rcreport.language import lemma_counts
from rcreport.themes import (
    assign_themes,
    distinctive_lemmas,
    theme_cooccurrence,
    theme_matches,
    theme_prevalence,
    theme_senses,
    tokenisation_misses,
    unthemed_sentences,
)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def themes():
    return load_themes(CODEBOOK / "themes.yml")


@pytest.fixture(scope="module")
def actors():
    return load_actors(CODEBOOK / "actors.yml")


@pytest.fixture(scope="module")
def assigned(themes, actors, tokens, corpus):
    return assign_themes(themes, actors, tokens, corpus.sentences)


@pytest.fixture(scope="module")
def assignments(assigned):
    return assigned[1]


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


def test_unthemed_sentences_are_the_rest(assignments, corpus):
    unthemed = unthemed_sentences(assignments, corpus.sentences)
    assert not set(unthemed["sentence_id"]) & set(assignments["sentence_id"])
    assert len(unthemed) + assignments["sentence_id"].nunique() == len(corpus.sentences)


@pytest.mark.parametrize(
    "sentence_id, pattern, theme",
    [("A000.s018", "एशिया-प्रशांत", "nato_security"), ("A003.s050", "वन चाइना", "taiwan"), ("A003.s037", "नो लिमिट", "partnership"), ("A000.s010", "कोई सीमा नहीं", "partnership")],
)
def test_patterns_match_across_split_hyphens_and_glued_quote_marks(assigned, corpus, sentence_id, pattern, theme):
    """The tokenizer splits एशिया-प्रशांत at its hyphen and glues ‘ ’ “ ” to the words; the patterns match on the tokens all the same."""
    matches, assignments = assigned
    found = matches[(matches["sentence_id"] == sentence_id) & (matches["pattern"] == pattern)]
    assert found["via"].tolist() == ["tokens"], found
    text = corpus.sentences.set_index("sentence_id").at[sentence_id, "text"]
    assert found["matched"].iloc[0] == pattern and text[found["start"].iloc[0] : found["end"].iloc[0]] == pattern
    assert theme in set(assignments.loc[assignments["sentence_id"] == sentence_id, "theme"])


def test_the_one_china_sentence_of_a003_carries_taiwan(assignments):
    assert "taiwan" in set(assignments.loc[assignments["sentence_id"] == "A003.s050", "theme"])


def test_a_pattern_the_tokenizer_cuts_inside_a_word_is_found_on_the_text_and_reported(themes, tokens, corpus):
    """The bundled tokenizer cuts the Latin "Ukraine" of A002 into pieces: the text still finds it, and the miss is reported."""
    ukraine = next(theme for theme in themes if theme.id == "ukraine_war")
    literal = [dataclasses.replace(ukraine, patterns=("Ukraine",))]
    matches = theme_matches(literal, tokens, corpus.sentences)
    misses = tokenisation_misses(matches, tokens, corpus.sentences)
    assert set(misses["sentence_id"]) == {"A002.s001", "A002.s005"}
    assert (misses["matched"] == "Ukraine").all() and (misses["tokenised_as"] != "Ukraine").all()
    assert tokenisation_misses(theme_matches(themes, tokens, corpus.sentences), tokens, corpus.sentences).empty, "the codebook's own patterns all reach a token"


def test_a_theme_counts_only_where_russia_or_china_is_concerned(assigned, corpus):
    """ "तीन महीने पहले दोनों नेताओं ने फोन पर बात की थी" names no actor in its paragraph or the sentence before: its match is not counted."""
    matches, assignments = assigned
    assert "A003.s033" in set(matches["sentence_id"]) and "A003.s033" not in set(assignments["sentence_id"])
    assert set(assignments["sentence_id"]) < set(matches["sentence_id"])


def test_military_sentences_are_split_by_sense(assignments, themes):
    military = assignments[assignments["theme"] == "military"].set_index("sentence_id")["sense"]
    assert military["A000.s017"] == "cooperation", "joint exercises of the ground forces"
    assert military["A001.s010"] == "confrontation", "China's military threat to Taiwan"
    assert military["A001.s003"] == "confrontation", "threats from the US and NATO"
    table = theme_senses(assignments, themes)
    assert table.loc["military"].sum() == len(military)
    assert set(table.index) == {"military", "sanctions_west", "trade_economy"}


def test_a_sanctions_word_in_a_pandemic_sentence_is_no_sanction(themes, tokens, corpus):
    """excluded_by: with कोरोना in the sentence, प्रतिबंध is a travel restriction, not a sanction."""
    sentence = corpus.sentences[corpus.sentences["sentence_id"] == "A002.s021"]
    pandemic = sentence.assign(text=sentence["text"].str.replace("यूरोपीय यूनियन", "कोरोना महामारी"))
    own = tokens[tokens["sentence_id"] == "A002.s021"]
    assert "sanctions_west" in set(theme_matches(themes, own, sentence)["theme"])
    assert "sanctions_west" not in set(theme_matches(themes, own, pandemic)["theme"])


def test_a_theme_needs_two_senses_with_cues(tmp_path):
    path = tmp_path / "themes.yml"
    path.write_text("themes:\n  - {id: t, label: T, label_hi: टी, description: d, patterns: [क], senses: [{id: one, label: One, cues: [ख]}]}\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"themes.yml, entry 't'.*senses"):
        load_themes(path)


def test_distinctive_lemmas_point_at_each_articles_subject(tokens, corpus):
    table = distinctive_lemmas(lemma_counts(tokens), top=15)
    assert set(table["article_id"]) == set(corpus.included["id"])
    assert "तेल" in set(table[table["article_id"] == "A002"]["lemma"])
    assert "ओलंपिक" in set(table[table["article_id"] == "A001"]["lemma"])


def regex_phrases(words, texts, lemmas):
    """find_phrase as it was first written: every word's regex tried at every position."""
    width = len(words)
    return [(first, first + width - 1) for first in range(len(texts) - width + 1) if all(word.fullmatch(texts[first + k]) or word.fullmatch(lemmas[first + k]) for k, word in enumerate(words))]


def test_phrase_search_by_plain_words_finds_what_the_regexes_find(themes, tokens):
    """find_phrase searches plain (uncased, wildcard-free) words by equality: the same matches as the regexes everywhere."""
    from rcreport.codebook import load_stance_codebook
    from rcreport.themes import find_phrase, pattern_words

    stances = load_stance_codebook(CODEBOOK / "stances.yml")
    patterns = {p for theme in themes for p in theme.patterns} | {p for theme in themes for sense in theme.senses for p in sense.cues}
    patterns |= {p for cue in stances.cues for p in cue.patterns} | {p for ps in stances.speech.values() for p in ps}
    patterns |= {"nato", "पुतिन", "रूस*", "*चीन", "kremlin"}  # cased, and wildcards at either end
    compiled = [pattern_words(pattern) for pattern in sorted(patterns)]
    found = 0
    for _, sentence in tokens.groupby("sentence_id", sort=False):
        texts, lemmas = sentence["text"].tolist(), sentence["lemma"].tolist()
        for words in compiled:
            expected = regex_phrases(words, texts, lemmas)
            assert list(find_phrase(words, texts, lemmas)) == expected, [word.pattern for word in words]
            found += len(expected)
    assert found > 100, "the fixture's sentences hold many of the codebook's patterns"
    assert list(find_phrase(pattern_words("NATO"), ["Nato", "का"], ["nato", "का"])) == [(0, 0)], "Latin words still match in any case"
    assert list(find_phrase(pattern_words("रूस चीन"), ["रूस"], ["रूस"])) == [], "a phrase longer than the sentence matches nowhere"


def test_themes_over_time_are_grouped_by_the_finest_period_that_fits():
    from rcreport.themes import MAX_PERIODS, time_period

    def span(first, last):
        return pd.Series(pd.to_datetime([first, last]))

    assert time_period(span("2024-01-03", "2024-10-30")) == ("M", "month")
    assert time_period(span("2022-01-01", "2024-12-31")) == ("Q", "quarter"), "36 months are more than the chart shows"
    assert time_period(span("1990-05-01", "2024-12-31")) == ("Y", "year")
    assert MAX_PERIODS >= 12, "a year by month fits"


def dated_copies(prevalence, copies: int, first="2022-01-01", last="2024-12-31"):
    """The fixture's theme shares, each article repeated ``copies`` times at dates spread over [first, last], every third inferred."""
    import numpy as np

    table = pd.concat([prevalence.rename(index=lambda a, k=k: f"{a}-{k}") for k in range(copies)])
    days = pd.to_datetime(np.linspace(pd.Timestamp(first).value, pd.Timestamp(last).value, len(table))).normalize()
    publications = pd.DataFrame({"article_id": table.index, "estimate": days.date, "earliest": days.date, "latest": days.date})
    publications["source"] = ["inferred" if k % 3 == 2 else "metadata" for k in range(len(table))]
    return table.rename_axis(index="article_id"), publications


def test_themes_by_period_average_the_articles_shares(themes, assignments, corpus):
    from rcreport.themes import themes_by_period, themes_by_publication

    prevalence = theme_prevalence(assignments, corpus.sentences, themes)
    table, publications = dated_copies(prevalence, 20)
    by_date = themes_by_publication(table, publications)
    by_period = themes_by_period(by_date, "Q")
    assert set(by_period["dated_by"]) == {"metadata", "text"}
    assert by_period["period"].nunique() == 12
    row = by_period[(by_period["theme"] == "taiwan") & (by_period["dated_by"] == "metadata")].iloc[0]
    members = by_date[(by_date["date"].dt.to_period("Q") == row["period"]) & (by_date["theme"] == "taiwan") & (by_date["dated_by"] == "metadata")]
    assert row["articles"] == len(members) > 0
    assert row["share"] == round(members["share"].mean(), 3)
    assert by_period.groupby("theme")["articles"].sum().eq(len(table)).all(), "every dated article counts once per theme"


def test_themes_over_time_chart_does_not_grow_with_the_corpus(themes, assignments, corpus):
    """The same span of time gives a chart of the same size for 100 and 1,000 articles, and matplotlib has nothing to warn about."""
    import io
    import warnings

    from matplotlib import pyplot as plt

    from rcreport.figures import COLUMN_WIDTH_IN, plot_themes_over_time, use_report_style
    from rcreport.themes import themes_by_period, themes_by_publication

    use_report_style()
    prevalence = theme_prevalence(assignments, corpus.sentences, themes)
    labels, ids = {t.id: t.label for t in themes}, [t.id for t in themes]
    sizes, marks = [], []
    for copies in (20, 200):
        table, publications = dated_copies(prevalence, copies)
        by_period = themes_by_period(themes_by_publication(table, publications), "Q")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figure = plot_themes_over_time(by_period, labels, ids, "quarter", title="Themes by quarter")
            svg = io.StringIO()
            figure.savefig(svg, format="svg")
        assert figure.get_figwidth() == COLUMN_WIDTH_IN
        marks.append(sum(len(collection.get_offsets()) for collection in figure.axes[0].collections))
        sizes.append(len(svg.getvalue()))
        plt.close(figure)
    assert max(marks) <= 2 * 12 * len(themes), "at most a bubble and a ring per quarter and theme"
    assert sizes[1] < 1.2 * sizes[0], f"ten times the articles, the same chart: {sizes}"
