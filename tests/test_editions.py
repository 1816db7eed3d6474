"""Editions (library): parameters and their errors, the selection of articles by outlet, period, theme and actor
composed with the off-topic flag, releases' CITATION.cff update, and the changes between two sets of tables.

On the frozen fixture corpus and its frozen annotation; outlets and dates are given to a copy of its metadata.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil

import pandas as pd
import pytest

from conftest import FIXTURE_CODEBOOK, FIXTURE_IDS, ROOT, copy_project, seed_annotation_cache
from rcreport.build import build
from rcreport.changes import count_changes
from rcreport.chronology import dated_chronology
from rcreport.codebook import load_actors, load_themes
from rcreport.corpus import load_corpus
from rcreport.corpus_analysis import analyse_in_memory
from rcreport.editions import Edition, EditionError, check_names, edition_from_dict, edition_parameter, load_edition, period_verdict, select_articles
from rcreport.releases import update_citation_cff
from rcreport.themes import assign_themes

pytestmark = pytest.mark.unit

AS_OF = dt.date(2026, 1, 1)
OUTLETS = {"A000": "Alpha News", "A003": "Alpha News", "A004": "Beta Times"}


def with_metadata(data_dir, fields: dict[str, dict[str, str]]):
    """Rewrite a copy's articles.csv with the given fields per article id (the test's own copy; data/ is never touched)."""
    path = data_dir / "articles.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(fields.get(row["id"], {}))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return load_corpus(data_dir)


def test_an_edition_file_reads_dates_as_written_and_lists(tmp_path):
    path = tmp_path / "q.yml"
    path.write_text("title: Q4\nfrom: 2024-10-01\nto: '2024-12-31'\noutlets: [Alpha News]\nthemes: [energy]\n", encoding="utf-8")
    edition = load_edition(path)
    assert edition == Edition("Q4", dt.date(2024, 10, 1), dt.date(2024, 12, 31), ("Alpha News",), ("energy",))
    assert edition.describe() == "published from 2024-10-01 to 2024-12-31; outlet Alpha News; theme energy"


@pytest.mark.parametrize(
    "text, message",
    [
        ("from: 2024-02-30\n", "'from' '2024-02-30' is not a calendar date"),
        ("from: 24-1-1\n", "YYYY-MM-DD"),
        ("from: 2024-12-01\nto: 2024-01-01\n", "ends (2024-01-01) before it starts (2024-12-01)"),
        ("outlet: [x]\n", "unknown key 'outlet'"),
        ("themes: []\n", "missing or empty"),
    ],
)
def test_a_malformed_edition_file_names_the_file_and_the_key(tmp_path, text, message):
    path = tmp_path / "bad.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as error:
        load_edition(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_unknown_outlets_themes_and_actors_are_named_with_the_known_ones(corpus):
    for edition, message in (
        (Edition(outlets=("Nowhere",)), "unknown outlet 'Nowhere'"),
        (Edition(themes=("trade",)), "unknown theme 'trade'"),
        (Edition(actors=("Putin",)), "unknown actor 'Putin'"),
    ):
        with pytest.raises(EditionError, match=message) as error:
            check_names(edition, corpus, FIXTURE_CODEBOOK)
        assert "known" in str(error.value)
    assert "trade_economy" in str(pytest.raises(EditionError, check_names, Edition(themes=("trade",)), corpus, FIXTURE_CODEBOOK).value)


@pytest.mark.parametrize(
    "interval, verdict",
    [
        ((dt.date(2024, 3, 1), dt.date(2024, 3, 1)), "inside"),
        ((dt.date(2024, 1, 1), dt.date(2024, 12, 31)), "inside"),
        ((dt.date(2023, 12, 1), dt.date(2024, 2, 1)), "uncertain"),
        ((None, dt.date(2024, 6, 1)), "uncertain"),
        ((dt.date(2025, 1, 1), dt.date(2025, 2, 1)), "outside"),
        ((None, dt.date(2023, 6, 1)), "outside"),
    ],
)
def test_an_article_is_in_a_period_only_when_its_whole_interval_is(interval, verdict):
    assert period_verdict(*interval, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == verdict


def test_an_outlet_edition_counts_only_its_articles(data_copy, analysis):
    corpus = with_metadata(data_copy, {article: {"outlet": outlet} for article, outlet in OUTLETS.items()})
    selection = select_articles(corpus, analysis, FIXTURE_CODEBOOK, Edition(outlets=("Alpha News",)))
    assert selection.corpus.included["id"].tolist() == ["A000", "A003"]
    assert selection.article_ids == ["A000", "A003"] and set(selection.corpus.sentences["article_id"]) == {"A000", "A003"}
    assert set(selection.analysis.stances["article_id"]) <= {"A000", "A003"}
    assert selection.articles.set_index("article_id").loc["A001", "reason"] == "outlet not recorded"
    assert "(outlet Alpha News) selects 2 of the 5 articles of the corpus; 2 of them are counted here" in selection.statement


def test_a_period_edition_leaves_straddling_intervals_out_as_uncertain(corpus, analysis):
    """The selection agrees with the chronology chapter's intervals, read independently here.

    The period starts inside the widest interval the fixture's dating leaves
    (an article dated to a month only), so that article straddles the bound;
    the as-of date lies after every article of the fixture.
    """
    as_of = dt.date(2026, 12, 1)
    dates = dated_chronology(corpus, FIXTURE_CODEBOOK, analysis.expressions, analysis.event_mentions, analysis.sentence_labels(), as_of).publications
    days = [(row.article_id, pd.Timestamp(row.earliest).date(), pd.Timestamp(row.latest).date()) for row in dates.itertuples() if not pd.isna(row.earliest) and not pd.isna(row.latest)]
    widest = max(days, key=lambda day: day[2] - day[1])
    start = widest[1] + (widest[2] - widest[1]) / 2
    inside = sorted(article for article, earliest, _ in days if earliest >= start)
    straddling = sorted(article for article, earliest, latest in days if earliest < start <= latest)
    selection = select_articles(corpus, analysis, FIXTURE_CODEBOOK, edition_parameter(Edition(date_from=start), as_of))
    assert inside and straddling, "the fixture's dating no longer gives an article inside and one straddling the bound"
    assert selection.corpus.included["id"].tolist() == inside
    assert selection.uncertain == straddling
    assert f"left out as uncertain ({', '.join(selection.uncertain)})" in selection.statement


def test_theme_and_actor_editions_keep_the_articles_that_carry_them(corpus, tokens, analysis):
    _, assignments = assign_themes(load_themes(FIXTURE_CODEBOOK / "themes.yml"), load_actors(FIXTURE_CODEBOOK / "actors.yml"), tokens, corpus.sentences)
    counts = assignments.groupby("theme")["article_id"].nunique()
    theme = counts[counts < len(FIXTURE_IDS)].index[0]
    selection = select_articles(corpus, analysis, FIXTURE_CODEBOOK, Edition(themes=(theme,)))
    assert set(selection.corpus.included["id"]) == set(assignments.loc[assignments["theme"] == theme, "article_id"])
    both = select_articles(corpus, analysis, FIXTURE_CODEBOOK, Edition(themes=(theme,), actors=("xi",)))
    assert set(both.corpus.included["id"]) <= set(selection.corpus.included["id"])


def test_the_whole_corpus_edition_is_the_off_topic_filter_alone(corpus, tokens, analysis):
    flagged = dataclasses.replace(corpus, sentences=corpus.sentences[~((corpus.sentences["article_id"] == "A002") & corpus.sentences["text"].str.contains("रूस|चीन|पुतिन|शी"))])
    flagged_analysis = analyse_in_memory(flagged, tokens[tokens["sentence_id"].isin(flagged.sentences["sentence_id"])], FIXTURE_CODEBOOK)
    selection = select_articles(flagged, flagged_analysis, FIXTURE_CODEBOOK, "")
    kept = selection.relevance.loc[~selection.relevance["off_topic"], "article_id"].tolist()
    assert selection.corpus.included["id"].tolist() == kept
    assert selection.statement.startswith("This edition is the whole corpus")
    assert select_articles(corpus, analysis, FIXTURE_CODEBOOK, "", keep_off_topic=True).corpus.included["id"].tolist() == FIXTURE_IDS


def test_bad_parameters_fail_before_anything_is_built(tmp_path, corpus, tokens):
    root = copy_project(tmp_path / "project")
    with pytest.raises(EditionError, match="unknown outlet"):
        build(root, edition=edition_from_dict({"outlets": ["Nowhere"]}))
    assert not (root / "book" / "generated").exists() and not (root / "_build").exists()
    seed_annotation_cache(corpus, tokens, root / ".cache" / "annotations")
    with pytest.raises(EditionError, match="selects no article"):
        build(root, edition=Edition(date_to=dt.date(1990, 1, 1)))
    edition_root = root / "_build" / "editions"
    assert not list(edition_root.glob("*/book/generated/*.ipynb")) and not list(edition_root.glob("*/_build/html"))


def test_a_release_sets_only_the_version_and_date_of_citation_cff(tmp_path):
    path = shutil.copy(ROOT / "CITATION.cff", tmp_path / "CITATION.cff")
    before = path.read_text(encoding="utf-8").splitlines()
    update_citation_cff(path, {"release": "2026-11-30-0123456789", "released": "2026-11-30T10:00:00+00:00"})
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after) if old != new]
    assert len(before) == len(after) and [new for _, new in changed] == ['version: "2026-11-30-0123456789"', 'date-released: "2026-11-30"']


def test_changed_counts_are_split_into_new_data_and_a_codebook_change(corpus, tokens):
    """A004 added and one theme pattern dropped from the codebook: the counts move by exactly those two causes."""
    themes, actors = load_themes(FIXTURE_CODEBOOK / "themes.yml"), load_actors(FIXTURE_CODEBOOK / "actors.yml")
    _, current = assign_themes(themes, actors, tokens, corpus.sentences)
    theme = current[current["article_id"] != "A004"]["theme"].value_counts().index[0]
    pattern = current.loc[(current["theme"] == theme) & (current["article_id"] != "A004"), "pattern"].value_counts().index[0]
    narrowed = [dataclasses.replace(t, patterns=tuple(p for p in t.patterns if p != pattern)) if t.id == theme else t for t in themes]
    _, previous = assign_themes(narrowed, actors, tokens, corpus.sentences[corpus.sentences["article_id"] != "A004"])
    rows = {row[""]: row for row in count_changes(previous, current, lambda table: table["theme"], ({"A004"}, set()), "codebook change", set(FIXTURE_IDS))}
    for name in set(current["theme"]):
        added = int(((current["theme"] == name) & (current["article_id"] == "A004")).sum())
        rules = int(((current["theme"] == name) & (current["article_id"] != "A004")).sum()) - int((previous["theme"] == name).sum())
        shown = rows.get(name.replace("_", "\\_"))
        assert (shown is None) == (added == 0 and rules == 0)
        if shown:
            assert shown["from new data"] == (f"{added:+d}" if added else "") and shown["from codebook change"] == (f"{rules:+d}" if rules else "")
    assert rows[theme.replace("_", "\\_")]["from codebook change"].startswith("+")
