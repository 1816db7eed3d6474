"""Accuracy of every chapter: the scoring rules on constructed cases, then the measured figures against their floors.

The floors are the figures measured when they were set, minus :data:`MARGIN`;
the rules improve in parallel, so a floor is raised (one named constant per
figure) when a merge moves its figure up, and a figure that falls below it
fails here. The independent figures are the test half's (the book's headline);
dev (and the second stance development set, dev2) is inspected while developing rules; dev2's stance
floor keeps what was developed on it. All of it runs on frozen tokens (tests/fixtures/tokens.csv,
independent_tokens.csv and stance_dev2_tokens.csv).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from conftest import FIXTURE_CODEBOOK as CODEBOOK
from conftest import FIXTURE_GOLD as GOLD
from conftest import FROZEN_INDEPENDENT_TOKENS, FROZEN_STANCE_DEV2_TOKENS
from rcreport.accuracy import accuracy_table, figure_keys, in_sample_scores, score_publication_dates, score_speakers, score_time_expressions
from rcreport.codebook import load_actors, load_themes
from rcreport.evaluation import GoldError
from rcreport.independent import (
    NAMED_SPEAKERS,
    load_independent,
    load_stance_dev2,
    quotation_scores,
    resolved_quotations,
    run_independent,
    same_name,
    score_independent,
    score_independent_stances,
    score_stance_dev2,
)
from rcreport.nlp import read_tokens

pytestmark = pytest.mark.unit

AS_OF = dt.date(2026, 12, 1)  # the as-of date the in-sample publication dates are inferred with
MARGIN = 0.02  # each floor: the figure measured when it was set, less this margin
# The independent test half (measured with the codebooks and rules of the commit that set them)
TEST_QUOTATION_DETECTION_F1 = 0.974 - MARGIN
TEST_SPEAKERS_CORRECT = 0.949 - MARGIN  # share of gold quotations found with the right speaker (unknown an answer too)
TEST_NAMED_SPEAKERS_CORRECT = 0.795 - MARGIN  # the same, where a speaker the codebook does not list must be named (31 of 39; 30 before a ने phrase naming no listed actor was read as the speaker)
TEST_TIME_SPAN_F1 = 0.941 - MARGIN
TEST_TIME_VALUE_F1 = 0.894 - MARGIN
TEST_STANCE_F1 = (
    0.400 - MARGIN
)  # 4 of 13 gold triples (7 predicted), measured after two more rounds developed on dev and dev2 only, and unchanged after a third and a fourth; 0.235 (2 of 13) before them, 0.125 before the rules were developed on dev2; unlisted actors as holders
# The second stance development set (development data, not a test: a floor on what was developed on it)
DEV2_STANCE_TRIPLES = 105  # gold triples of stance_dev2/stances.csv (its README)
DEV2_STANCE_F1 = (
    0.851 - MARGIN
)  # 83 of 105 (90 predicted); 0.796 (76 of 105, 86 predicted) before withdrawals, hard lines, object-before-subject order, prosecution, a verbal noun's genitive subject, adjuncts after a coordinator, occasions, places and documents; 0.703 (65 of 105, 80 predicted) before names side by side, one person's two offices, quoted pressure, agents of documents and passives, inclusion, adjunct stance nouns, means and deserving; 0.656 (61 of 105, 81 predicted) before genitive reach, acts done to someone, reasons held by whom they are blamed on, genitive-owned conjuncts and places; 0.573 (51 of 105, 73 predicted) before the cues of attacks, challenges, complaints and going to court, stances received, object pronouns and relative clauses; 0.526 (46 of 105, 70 predicted) before bare दोनों, pronoun antecedents and the passive; 0.238 (20 of 105, 63 predicted) before the rules were developed on it
# In-sample (the seed articles; quotation and stance floors are in test_stances.py)
IN_SAMPLE_SPEAKERS_CORRECT = 0.968 - MARGIN
IN_SAMPLE_TIME_SPAN_F1 = 0.939 - MARGIN
IN_SAMPLE_TIME_VALUE_F1 = 0.921 - MARGIN
IN_SAMPLE_PUBLICATION_MONTHS_RIGHT = 5  # of 5 seed articles, dated right to the month by the chronology (text, hints, known events)
IN_SAMPLE_THEME_PRECISION = 0.860 - MARGIN


@pytest.fixture(scope="module")
def actors():
    return load_actors(CODEBOOK / "actors.yml")


@pytest.fixture(scope="module")
def independent(actors):
    gold = load_independent(GOLD)
    tokens = read_tokens(FROZEN_INDEPENDENT_TOKENS)
    assert tokens["sentence_id"].drop_duplicates().tolist() == gold.sentences["gold_id"].tolist(), "independent_tokens.csv is stale; run scripts/freeze_tokens.py"
    return score_independent(gold, run_independent(gold, tokens, CODEBOOK, actors), actors).set_index(["split", "measure"])


@pytest.fixture(scope="module")
def dev2(actors):
    """The second stance development set's stance figures (development data: no test, but a floor on what was developed)."""
    gold = load_stance_dev2(GOLD)
    tokens = read_tokens(FROZEN_STANCE_DEV2_TOKENS)
    assert tokens["sentence_id"].drop_duplicates().tolist() == gold.sentences["gold_id"].tolist(), "stance_dev2_tokens.csv is stale; run scripts/freeze_tokens.py"
    return score_stance_dev2(gold, run_independent(gold, tokens, CODEBOOK, actors), actors).set_index("measure")


@pytest.fixture(scope="module")
def in_sample(corpus, tokens, actors):
    return in_sample_scores(corpus, tokens, CODEBOOK, GOLD, actors, load_themes(CODEBOOK / "themes.yml"), AS_OF).set_index("measure")


# --- the scoring rules ------------------------------------------------------------------------

SENTENCE = pd.DataFrame({"sentence_id": ["s1"], "text": ["मंगलवार की दोपहर वे तीन दिन तक रुके और पिछले साल लौटे।"]})


def test_a_time_value_counts_only_when_the_span_overlaps_and_the_value_is_the_same():
    gold = pd.DataFrame(
        {
            "sentence_id": ["s1", "s1", "s1"],
            "text": ["मंगलवार की दोपहर", "तीन दिन तक", "पिछले साल"],
            "value": ["2005-07-12TAF", "", "2004"],
            "type": ["date", "duration", "date"],
        }
    )
    last_year = SENTENCE["text"][0].find("पिछले साल")
    predicted = pd.DataFrame({"sentence_id": ["s1", "s1"], "start": [0, last_year], "end": [len("मंगलवार"), last_year + 5], "value": ["2005-07-12", "2004"]})
    scores = score_time_expressions(predicted, gold, SENTENCE).set_index("measure")
    assert scores.loc["time expression spans", ["gold", "predicted", "correct"]].tolist() == [3, 2, 2]
    assert scores.loc["time expression values", ["gold", "predicted", "correct"]].tolist() == [3, 2, 1]  # no TAF, no duration


def test_a_gold_span_not_in_its_sentence_is_an_error():
    gold = pd.DataFrame({"sentence_id": ["s1"], "text": ["बुधवार"], "value": ["2005-07-13"], "type": ["date"]})
    with pytest.raises(ValueError, match="बुधवार"):
        score_time_expressions(pd.DataFrame(columns=["sentence_id", "start", "end", "value"]), gold, SENTENCE)


def test_a_stance_matches_a_gold_row_by_the_aliases_in_its_strings(actors):
    gold = pd.DataFrame({"gold_id": ["g1", "g1"], "source": ["अमेरिकी विदेश विभाग", "नितीश कुमार"], "target": ["चीन के राष्ट्रपति", "भाजपा"], "polarity": ["oppose", "oppose"]})
    predicted = pd.DataFrame({"sentence_id": ["g1", "g1", "g1"], "source": ["usa", "usa", "russia"], "target": ["xi", "xi", "china"], "polarity": ["oppose", "oppose", "oppose"]})
    scores = score_independent_stances(predicted, gold, actors).iloc[0]
    assert [scores["gold"], scores["predicted"], scores["correct"]] == [2, 2, 1]  # the repeated triple counts once


def test_speakers_correct_counts_unknown_as_an_answer():
    gold = pd.DataFrame({"sentence_id": ["s1", "s2"], "quote_start": ["हम", "वे"], "speaker": ["usa", ""], "reported_by": ["", ""]})
    predicted = pd.DataFrame({"sentence_id": ["s1", "s2"], "speaker": ["usa", ""], "reported_by": ["", ""], "quote": ["हम जाएंगे", "वे आएंगे"]})
    scores = score_speakers(predicted, gold).set_index("measure")
    assert scores.loc["speaker attribution", ["gold", "correct"]].tolist() == [1, 1]
    assert scores.loc["speakers correct", ["gold", "predicted", "correct"]].tolist() == [2, 2, 2]


def test_publication_dates_right_to_the_month_and_to_the_day():
    day = dt.date(2023, 3, 21)
    publications = pd.DataFrame(
        {
            "article_id": ["A", "B", "C"],
            "earliest": [day, dt.date(2023, 3, 1), None],
            "latest": [day, dt.date(2023, 4, 2), AS_OF],
            "estimate": [day, None, None],
        }
    )
    gold = pd.DataFrame({"article_id": ["A", "B", "C"], "published": ["2023-03-21", "2023-03", "2022-12-30"], "precision": ["day", "month", "day"]})
    scores = score_publication_dates(publications, gold).set_index("measure")
    assert scores.loc["publication dates to the month", ["gold", "predicted", "correct"]].tolist() == [3, 1, 1]
    assert scores.loc["publication dates to the day", ["gold", "predicted", "correct"]].tolist() == [2, 1, 1]


def test_a_missing_gold_file_is_named(tmp_path):
    (tmp_path / "independent").mkdir()
    with pytest.raises(GoldError, match="sentences.csv is missing"):
        load_independent(tmp_path)


# --- the measured figures ----------------------------------------------------------------------


def test_the_independent_test_figures_reach_their_floors(independent):
    test = independent.loc["test"]
    assert test.loc["quotation detection", "f1"] >= TEST_QUOTATION_DETECTION_F1, test
    assert test.loc["speakers correct", "recall"] >= TEST_SPEAKERS_CORRECT, test
    assert test.loc["time expression spans", "f1"] >= TEST_TIME_SPAN_F1, test
    assert test.loc["time expression values", "f1"] >= TEST_TIME_VALUE_F1, test
    assert test.loc[NAMED_SPEAKERS, "recall"] >= TEST_NAMED_SPEAKERS_CORRECT, test
    assert test.loc["stance triples", "f1"] >= TEST_STANCE_F1, test


def test_the_independent_counts_are_those_of_the_gold(independent):
    """n per cell is the gold's own count (its README's table), whatever the system finds."""
    counts = {split: independent.loc[split, "gold"].to_dict() for split in ("dev", "test")}
    assert [counts[split]["quotation detection"] for split in ("dev", "test")] == [47, 39]
    assert [counts[split]["time expression spans"] for split in ("dev", "test")] == [58, 44]
    assert [counts[split]["stance triples"] for split in ("dev", "test")] == [15, 13]


def test_the_in_sample_figures_reach_their_floors(in_sample):
    assert in_sample.loc["speakers correct", "recall"] >= IN_SAMPLE_SPEAKERS_CORRECT, in_sample
    assert in_sample.loc["time expression spans", "f1"] >= IN_SAMPLE_TIME_SPAN_F1, in_sample
    assert in_sample.loc["time expression values", "f1"] >= IN_SAMPLE_TIME_VALUE_F1, in_sample
    assert in_sample.loc["publication dates to the month", "correct"] >= IN_SAMPLE_PUBLICATION_MONTHS_RIGHT, in_sample
    assert in_sample.loc["theme assignments", "precision"] >= IN_SAMPLE_THEME_PRECISION, in_sample
    assert in_sample.loc["theme assignments", "gold"] > 0, "no judged theme assignment is still assigned: judge a new sample"


def test_the_stance_dev2_figure_reaches_its_floor_on_the_counts_of_its_gold(dev2):
    """n is the set's own count (its README), and the figure keeps what the rules were developed to."""
    assert dev2.loc["stance triples", "gold"] == DEV2_STANCE_TRIPLES
    assert dev2.loc["stance triples", "f1"] >= DEV2_STANCE_F1, dev2


def test_the_table_sets_each_figure_beside_its_counterpart_with_its_n(in_sample, independent, dev2):
    scored = pd.concat([independent.reset_index(), dev2.reset_index().assign(split="dev2")], ignore_index=True)
    table = accuracy_table(in_sample.reset_index(), scored)
    assert list(table.columns) == ["in-sample (seed articles)", "independent, dev", "stance development set 2", "independent, test"]
    assert table.loc[("themes", "theme assignments"), "independent, test"] == "—"
    assert table.loc[("quotations", "quotation detection"), "stance development set 2"] == "—"  # annotated for stances only
    assert f"(n = {DEV2_STANCE_TRIPLES})" in table.loc[("stances", "stance triples"), "stance development set 2"]
    assert all(cell == "—" or "(n = " in cell for cell in table.to_numpy().ravel())
    keys = figure_keys(in_sample.reset_index(), scored)
    assert {"test_time_expression_values_f1", "insample_theme_assignments_p", "test_stance_triples_n", "dev2_stance_triples_f1"} <= set(keys)


def test_an_unlisted_actor_matches_the_gold_string_by_its_words(actors):
    assert same_name("unlisted:नेता नितीश कुमार", "नितीश कुमार") and same_name("unlisted:एल. वी. सप्तऋषि", "एल. वी. सप्तऋषि")
    assert not same_name("unlisted:प्रधानमंत्री", "सिंह") and not same_name("unlisted:कुमार नितीश", "नितीश कुमार")
    gold = pd.DataFrame({"gold_id": ["g1"], "source": ["भाजपा"], "target": ["प्रधानमंत्री मनमोहन सिंह"], "polarity": ["oppose"]})
    predicted = pd.DataFrame({"sentence_id": ["g1", "g1"], "source": ["unlisted:भाजपा", "unlisted:भाजपा"], "target": ["unlisted:मनमोहन सिंह", "unlisted:कांग्रेस"], "polarity": ["oppose", "oppose"]})
    scores = score_independent_stances(predicted, gold, actors).iloc[0]
    assert [scores["gold"], scores["predicted"], scores["correct"]] == [1, 2, 1]


def test_named_unlisted_speakers_must_be_named_and_pronouns_left_unknown(actors):
    gold = pd.DataFrame({"gold_id": ["s1", "s2"], "quote_start": ["हम", "वे"], "speaker": ["नितीश कुमार", "उन्होंने"], "reported_by": ["", ""], "note": ["", "pronoun"]})
    resolved = resolved_quotations(gold, actors)
    assert resolved["speaker"].tolist() == ["unlisted:नितीश कुमार", ""]
    predicted = pd.DataFrame({"sentence_id": ["s1", "s2"], "speaker": ["unlisted:नेता नितीश कुमार", ""], "reported_by": ["", ""], "quote": ["हम जाएंगे", "वे आएंगे"]})
    scores = quotation_scores(predicted, resolved).set_index("measure")
    assert scores.loc["speakers correct", "correct"] == 2  # unlisted read as unknown on both sides
    assert scores.loc[NAMED_SPEAKERS, "correct"] == 2  # the name found by its words, the pronoun left unknown
    assert quotation_scores(predicted.assign(speaker=""), resolved).set_index("measure").loc[NAMED_SPEAKERS, "correct"] == 1
