"""Tables for readers (rcreport.tables): formatted, escaped, linked, cut to their top rows, their data saved as CSV."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE_CODEBOOK
from rcreport.codebook import load_themes
from rcreport.tables import TOP_ROWS, format_share, report_table, theme_names

pytestmark = pytest.mark.unit


def soup(table) -> BeautifulSoup:
    return BeautifulSoup(table.data, "html.parser")


def test_a_named_index_becomes_a_column_and_no_index_is_shown(tmp_path, tokens):
    sizes = tokens.groupby("article_id").agg(sentences=("sentence_id", "nunique"), tokens=("token_id", "size"))
    page = soup(report_table(sizes, "tbl-sizes", tmp_path))
    assert [th.get_text() for th in page.select("thead th")] == ["Article", "Sentences", "Tokens"]
    first = page.select_one("tbody tr")
    assert first.select_one("td a.article")["href"] == f"articles/{sizes.index[0]}.html"
    tokens_cell = first.select("td")[2]
    assert "num" in tokens_cell["class"] and tokens_cell.get_text() == f"{sizes['tokens'].iloc[0]:,}"


def test_shares_are_percentages_and_theme_ids_get_their_names(tmp_path):
    themes = load_themes(FIXTURE_CODEBOOK / "themes.yml")
    names = theme_names(themes)
    frame = pd.DataFrame({"theme": [themes[0].id, themes[1].id], "share": [0.182, 0.001]})
    page = soup(report_table(frame, "tbl-shares", tmp_path, values={"theme": names}))
    cells = [[td.get_text() for td in row.select("td")] for row in page.select("tbody tr")]
    assert cells == [[f"{themes[0].label} ({themes[0].label_hi})", "18%"], [names[themes[1].id], "<1%"]]
    assert format_share(0.0) == "0%"


def test_article_text_is_escaped_and_sentence_ids_link_to_their_anchor(tmp_path, corpus):
    frame = corpus.sentences[["sentence_id", "text"]].head(2).copy()
    frame.loc[frame.index[1], "text"] = '<script>alert("x")</script> और'
    page = soup(report_table(frame, "tbl-escaped", tmp_path))
    assert page.find("script") is None and '<script>alert("x")</script> और' in page.get_text()
    link = page.select_one("a.evidence")
    sentence = frame["sentence_id"].iloc[0]
    assert link["href"] == f"articles/{sentence.split('.')[0]}.html#{sentence}"


def test_a_long_table_shows_its_top_rows_and_links_the_complete_csv(tmp_path, corpus):
    sentences = corpus.sentences[["sentence_id", "text"]]
    assert len(sentences) > TOP_ROWS
    page = soup(report_table(sentences, "tbl-sentences", tmp_path))
    assert len(page.select("tbody tr")) == TOP_ROWS
    assert page.select_one("table")["data-interactive"] is not None
    note = page.select_one("p.table-rows")
    assert note.get_text().startswith(f"{TOP_ROWS} of {len(sentences):,} rows shown")
    assert note.select_one("a")["href"] == "../../tables/tbl-sentences.csv"
    saved = pd.read_csv(tmp_path / "tbl-sentences.csv")
    assert saved["sentence_id"].tolist() == sentences["sentence_id"].tolist()


def test_hidden_columns_are_saved_but_not_shown_and_small_tables_stay_static(tmp_path):
    frame = pd.DataFrame({"theme": ["energy"], "label": ["Energy"], "sentences": [3]})
    page = soup(report_table(frame, "tbl-small", tmp_path, headers={"label": "Theme"}, hidden=("theme",), top=None))
    assert [th.get_text() for th in page.select("th")] == ["Theme", "Sentences"]
    assert not page.select_one("table").has_attr("data-interactive") and page.select_one("p.table-rows") is None
    assert pd.read_csv(tmp_path / "tbl-small.csv").columns.tolist() == ["theme", "label", "sentences"]
