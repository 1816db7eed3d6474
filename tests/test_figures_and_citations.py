"""The bundled Devanagari font and the generated article bibliography."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib import font_manager

from rcreport.bibliography import article_entry, articles_bibtex, bibtex_escape
from rcreport.figures import FONT_DIR, use_report_style

pytestmark = pytest.mark.unit


def test_figures_use_the_bundled_devanagari_font():
    family = use_report_style()
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert Path(found).parent == FONT_DIR
    font = font_manager.get_font(found)
    assert font.get_char_index(ord("प")) and font.get_char_index(ord("्"))


def test_one_entry_per_included_article(corpus):
    bibtex = articles_bibtex(corpus.articles)
    assert [line.split("{")[1].rstrip(",") for line in bibtex.splitlines() if line.startswith("@misc")] == corpus.included["id"].tolist()


def test_unknown_fields_are_left_out_and_markup_escaped(corpus):
    article = corpus.articles.iloc[0].copy()
    article["title"] = "50% of {trade} & $oil_#1"
    entry = article_entry(article)
    assert r"50\% of \{trade\} \& \$oil\_\#1" in entry
    assert "year" not in entry and "url" not in entry
    assert bibtex_escape("a\\b") == r"a\textbackslash{}b"


def test_figures_are_drawn_at_the_column_width_with_no_text_under_the_minimum(tokens):
    from matplotlib import pyplot as plt
    from matplotlib.text import Text

    from rcreport.figures import COLUMN_WIDTH_IN, MIN_FONT_PT, plot_heatmap

    use_report_style()
    table = pd.crosstab(tokens["article_id"], tokens["upos"], normalize="index")
    figure = plot_heatmap(table, "part of speech", "article", title="Nouns lead in every article")
    figure.canvas.draw()
    assert figure.get_figwidth() == COLUMN_WIDTH_IN
    sizes = [text.get_fontsize() for text in figure.findobj(Text) if text.get_text().strip()]
    assert sizes and min(sizes) >= MIN_FONT_PT
    assert figure.get_suptitle() == "Nouns lead in every article"
    assert all(axes.get_xlabel() or axes.get_ylabel() for axes in figure.axes)
    plt.close(figure)
