"""Figures: one look for every chart, with Devanagari drawn by the bundled Noto font.

The font files ship inside the package (SIL Open Font License, see fonts/OFL.txt),
so a figure renders with the same glyphs on every machine, whatever fonts the
system has.

The style is one for the whole book (:func:`use_report_style`): figures are
drawn :data:`COLUMN_WIDTH_IN` wide, the width of the book's text column, and
saved as SVG, so they are shown at the size they are drawn and no text is
smaller than :data:`MIN_FONT_PT` points on the page; colours come from the
Okabe–Ito palette (:data:`PALETTE`), which readers with any common colour
vision deficiency can tell apart, and the colour maps (Blues, RdBu) are
likewise safe; each chart takes a ``title`` that states its finding, and
its axes say what they count.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

FONT_DIR = Path(__file__).parent / "fonts"
DEVANAGARI_FAMILY = "Noto Sans Devanagari"
# matplotlib ships DejaVu Sans; it draws the Latin letters this Noto build lacks
LATIN_FAMILY = "DejaVu Sans"
#: The book's text column (672 CSS px in sphinx-book-theme at 96 px per inch): every figure is this wide
COLUMN_WIDTH_IN = 7.0
#: The smallest text of a figure, in points at the size the book shows it
MIN_FONT_PT = 9
#: Okabe & Ito's colour-blind-safe palette
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}
MAIN_COLOUR = PALETTE["blue"]
# Room per row of a chart with one row per item (article, theme, part of speech), in inches
ROW_IN = 0.3


def use_report_style() -> str:
    """Register the bundled Devanagari font with matplotlib and make it the default family.

    Returns the Devanagari family name, so callers can check what they render
    with. Latin letters fall back, glyph by glyph, to matplotlib's own DejaVu
    Sans, so mixed Hindi/English labels draw the same everywhere too.
    """
    manager = font_manager.fontManager
    # A system copy of the same family (another version) must not win the font lookup
    manager.ttflist = [font for font in manager.ttflist if font.name != DEVANAGARI_FAMILY]
    for font_file in sorted(FONT_DIR.glob("*.ttf")):
        manager.addfont(str(font_file))
    matplotlib.rcParams.update(
        {
            "font.family": [DEVANAGARI_FAMILY, LATIN_FAMILY],
            "font.size": 10,
            "axes.labelsize": 10,
            "xtick.labelsize": MIN_FONT_PT,
            "ytick.labelsize": MIN_FONT_PT,
            "legend.fontsize": MIN_FONT_PT,
            "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE.values())),
            "figure.dpi": 96,
            "savefig.dpi": 200,
            "figure.constrained_layout.use": True,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.fonttype": "path",
            "svg.hashsalt": "rcreport",
        }
    )
    show_figures_as_svg()
    return DEVANAGARI_FAMILY


def show_figures_as_svg() -> None:
    """In a notebook, have figures displayed (and glued) as SVG: sharp at any zoom and in the PDF."""
    from IPython import get_ipython

    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg")


#: A title wraps onto a second line past this many characters (11 pt bold across the column)
TITLE_CHARS = 80


def set_title(figure, title: str) -> None:
    """The figure's title, stating its finding: across the whole figure from its left edge, wrapped to fit."""
    if title:
        figure.suptitle(textwrap.fill(title, TITLE_CHARS), x=0.01, ha="left", fontsize=11, fontweight="bold")


def figure_for_rows(rows: int, extra_in: float = 1.2, width_in: float = COLUMN_WIDTH_IN):
    """A figure of the column's width, tall enough for ``rows`` labelled rows."""
    return plt.subplots(figsize=(width_in, extra_in + ROW_IN * max(rows, 1)))


def plot_article_lengths(overview, title: str = ""):
    """Horizontal bars of each article's length in characters before and after cleaning, one row per article."""
    figure, axes = figure_for_rows(len(overview))
    positions = np.arange(len(overview))
    axes.barh(positions - 0.2, overview["raw_chars"], height=0.4, label="as received", color=PALETTE["grey"])
    axes.barh(positions + 0.2, overview["clean_chars"], height=0.4, label="after cleaning", color=MAIN_COLOUR)
    axes.set_yticks(positions, overview["id"])
    axes.invert_yaxis()
    axes.set_xlabel("length (characters)")
    axes.set_ylabel("article")
    axes.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    axes.legend(frameon=False, loc="lower right")
    set_title(figure, title)
    return figure


def plot_pos_distribution(distribution, title: str = ""):
    """Horizontal bars of tokens per part of speech, largest on top."""
    figure, axes = figure_for_rows(len(distribution), extra_in=1.0)
    ordered = distribution.sort_values("tokens")
    axes.barh(ordered["upos"], ordered["tokens"], color=MAIN_COLOUR)
    axes.set_xlabel("tokens (count)")
    axes.set_ylabel("part of speech (UPOS)")
    axes.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    set_title(figure, title)
    return figure


def plot_heatmap(table, xlabel: str, ylabel: str, value_format: str = "{:.0%}", title: str = "", value_label: str = "share of the article's sentences"):
    """A heatmap of a numeric table with each cell's value written in it.

    The table's columns (themes, say, with long labels) become the rows of
    the chart, so their labels read horizontally at full size, and its rows
    (articles) the columns; the colour bar says what the values are.
    """
    values = table.to_numpy(dtype=float).T
    figure, axes = figure_for_rows(table.shape[1], extra_in=1.6)
    image = axes.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    axes.set_xticks(range(table.shape[0]), table.index, rotation=90 if table.shape[0] > 12 else 0)
    axes.set_yticks(range(table.shape[1]), table.columns)
    axes.set_xlabel(ylabel)
    axes.set_ylabel(xlabel)
    dark = values.max(initial=0) * 0.6
    if table.shape[0] <= 12:
        for (row, column), value in np.ndenumerate(values):
            if value:
                axes.text(column, row, value_format.format(value), ha="center", va="center", fontsize=MIN_FONT_PT, color="white" if value > dark else "black")
    axes.spines[:].set_visible(False)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02, format=matplotlib.ticker.PercentFormatter(1.0, decimals=0) if "%" in value_format else None)
    colorbar.set_label(value_label)
    set_title(figure, title)
    return figure


TIMELINE_ROLE_COLOURS = {"recalled": PALETTE["sky"], "reported": PALETTE["vermillion"], "anticipated": PALETTE["orange"]}
PUBLICATION_COLOUR = PALETTE["black"]


# Events dated no closer than this many days are not drawn on the timeline (see plot_timeline)
TIMELINE_MAX_EVENT_DAYS = 366


def timeline_start(publications, events, end):
    """The first day of the timeline: 1 January of the earliest year it draws an event or publication bound in."""
    dated = events.dropna(subset=["date_start"])
    drawn = [event.date_start for event in dated.itertuples() if (event.date_end - event.date_start).days <= TIMELINE_MAX_EVENT_DAYS]
    drawn += [day for day in publications["earliest"].dropna()]
    return min(drawn, default=end).replace(month=1, day=1)


def plot_timeline(publications, events, start, end, title: str = ""):
    """One row per article from ``start`` to ``end``: its dated events and its publication date.

    Events are dots (a day) or bars (a month, season or year), coloured by
    role; events dated no closer than a year (relative expressions read
    against a wide inferred interval) are left out. A publication date from
    the metadata is a filled diamond; an inferred one is a hollow diamond on
    a dotted bar spanning its interval, which runs from the left edge where
    the interval has no lower bound.
    """
    from matplotlib.lines import Line2D

    rows = {article_id: index for index, article_id in enumerate(publications["article_id"])}
    figure, axes = figure_for_rows(len(rows), extra_in=1.8)
    dated = events.dropna(subset=["date_start"])
    for event in dated.itertuples():
        if (event.date_end - event.date_start).days > TIMELINE_MAX_EVENT_DAYS or event.date_end < start:
            continue
        y, colour = rows[event.article_id] - 0.18, TIMELINE_ROLE_COLOURS[event.role]
        if event.date_start == event.date_end:
            axes.plot(event.date_start, y, "o", ms=5, color=colour)
        else:
            axes.hlines(y, event.date_start, event.date_end, lw=4, color=colour)
    for publication in publications.itertuples():
        y, known = rows[publication.article_id], publication.source == "metadata"
        if not known:
            axes.hlines(y, max(publication.earliest or start, start), publication.latest, lw=1.5, ls=":", color=PUBLICATION_COLOUR)
        if publication.estimate is not None and publication.estimate == publication.estimate:
            axes.plot(publication.estimate, y, "D", ms=7, color=PUBLICATION_COLOUR, mfc=PUBLICATION_COLOUR if known else "white")
    axes.set_xlim(start, end)
    axes.set_yticks(list(rows.values()), list(rows))
    axes.set_ylim(len(rows) - 0.4, -0.6)
    legend = [Line2D([], [], marker="o", ls="", color=colour, label=f"{role} event") for role, colour in TIMELINE_ROLE_COLOURS.items()]
    legend += [
        Line2D([], [], marker="D", ls="", color=PUBLICATION_COLOUR, label="published (metadata)"),
        Line2D([], [], marker="D", ls=":", color=PUBLICATION_COLOUR, mfc="white", label="published (inferred, with interval)"),
    ]
    axes.set_xlabel("date of the event or publication (year)")
    axes.set_ylabel("article")
    figure.legend(handles=legend, frameon=False, loc="outside lower center", ncols=3)
    set_title(figure, title)
    return figure


def plot_stance_matrix(net, counts, title: str = ""):
    """Holders × targets: colour is the net polarity (supporting minus opposing stances), each cell shows its count.

    ``net`` and ``counts`` are tables of the same shape (see
    :func:`rcreport.stances.stance_matrix`); blue is support, red opposition.
    """
    values = net.to_numpy(dtype=float)
    limit = max(1.0, np.abs(values).max(initial=0))
    figure, axes = figure_for_rows(net.shape[0], extra_in=2.4)
    image = axes.imshow(values, cmap="RdBu", aspect="auto", vmin=-limit, vmax=limit)
    axes.set_xticks(range(net.shape[1]), net.columns, rotation=45, ha="right")
    axes.set_yticks(range(net.shape[0]), net.index)
    axes.set_xlabel("target")
    axes.set_ylabel("holder (source)")
    for (row, column), count in np.ndenumerate(counts.to_numpy()):
        if count:
            strong = abs(values[row, column]) > limit * 0.6
            axes.text(column, row, str(count), ha="center", va="center", fontsize=MIN_FONT_PT, color="white" if strong else "black")
    axes.spines[:].set_visible(False)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
    colorbar.set_label("net polarity (stances: support − oppose)")
    set_title(figure, title)
    return figure


# At most this many period labels under a chart over time (every k-th period is labelled beyond it)
MAX_PERIOD_LABELS = 12


def plot_themes_over_time(by_period, labels: dict[str, str], themes: list[str], period_name: str, title: str = ""):
    """Themes against time: one row per theme, one column per calendar period from the first to the last.

    ``by_period`` is :func:`rcreport.themes.themes_by_period`'s table. A
    filled bubble is the mean share of sentences carrying the theme in the
    period's articles dated by their metadata, a ring the same for articles
    whose date is inferred from the text; the number of dated articles
    stands above each period. The chart has as many marks as periods and
    themes, however many articles there are, so its size does not grow with
    the corpus; periods without articles keep their column, so gaps in time show.
    """
    import pandas as pd
    from matplotlib.lines import Line2D

    rows = {theme: index for index, theme in enumerate(themes)}
    figure, axes = figure_for_rows(len(themes), extra_in=2.2)
    periods = pd.period_range(by_period["period"].min(), by_period["period"].max()) if len(by_period) else pd.PeriodIndex([], freq="M")
    columns = {period: index for index, period in enumerate(periods)}
    shown = by_period[by_period["share"] > 0]
    largest = max(float(shown["share"].max()) if len(shown) else 0.0, 0.01)
    for dated_by, fill in (("metadata", MAIN_COLOUR), ("text", "none")):
        points = shown[shown["dated_by"] == dated_by]
        axes.scatter(points["period"].map(columns), points["theme"].map(rows), s=20 + 300 * points["share"] / largest, facecolors=fill, edgecolors=MAIN_COLOUR, linewidths=1.2, zorder=3)
    counts = by_period.drop_duplicates(["period", "dated_by"]).groupby("period")["articles"].sum()
    for period, count in counts.items():
        axes.annotate(f"{count:,}", (columns[period], -0.7), ha="center", va="bottom", fontsize=MIN_FONT_PT, color="#444444", annotation_clip=False)
    step = max(1, -(-len(periods) // MAX_PERIOD_LABELS))
    axes.set_xticks(range(0, len(periods), step), [str(period) for period in periods[::step]], rotation=45 if len(periods[::step]) > 8 else 0, ha="right" if len(periods[::step]) > 8 else "center")
    axes.set_xlim(-0.6, max(len(periods), 1) - 0.4)
    axes.set_yticks(list(rows.values()), [labels[theme] for theme in themes])
    axes.set_ylim(len(rows) - 0.4, -1.6)
    axes.set_xlabel(f"publication date ({period_name}); above: dated articles")
    axes.set_ylabel("theme")
    legend = [
        Line2D([], [], marker="o", ls="", color=MAIN_COLOUR, label="articles dated by the metadata"),
        Line2D([], [], marker="o", ls="", color=MAIN_COLOUR, mfc="none", label="articles dated from the text"),
    ]
    figure.legend(handles=legend, frameon=False, loc="outside lower center", ncols=2)
    set_title(figure, title)
    return figure
