"""Figures: one look for every chart, with Devanagari drawn by the bundled Noto font.

The font files ship inside the package (SIL Open Font License, see fonts/OFL.txt),
so a figure renders with the same glyphs on every machine, whatever fonts the
system has.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

FONT_DIR = Path(__file__).parent / "fonts"
DEVANAGARI_FAMILY = "Noto Sans Devanagari"
# matplotlib ships DejaVu Sans; it draws the Latin letters this Noto build lacks
LATIN_FAMILY = "DejaVu Sans"


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
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "rcreport",
        }
    )
    return DEVANAGARI_FAMILY


def plot_article_lengths(overview):
    """Bar chart of each article's length in characters before and after cleaning."""
    figure, axes = plt.subplots(figsize=(7, 3.2))
    positions = range(len(overview))
    axes.bar([p - 0.2 for p in positions], overview["raw_chars"], width=0.4, label="as received", color="#b0b7c3")
    axes.bar([p + 0.2 for p in positions], overview["clean_chars"], width=0.4, label="after cleaning", color="#2f5d8a")
    axes.set_xticks(list(positions), overview["id"])
    axes.set_ylabel("characters")
    axes.legend(frameon=False)
    figure.tight_layout()
    return figure


def plot_pos_distribution(distribution):
    """Horizontal bars of tokens per part of speech, largest on top."""
    figure, axes = plt.subplots(figsize=(6, 3.6))
    ordered = distribution.sort_values("tokens")
    axes.barh(ordered["upos"], ordered["tokens"], color="#2f5d8a")
    axes.set_xlabel("tokens")
    figure.tight_layout()
    return figure


def plot_heatmap(table, xlabel: str, ylabel: str, value_format: str = "{:.0%}"):
    """A heatmap of a numeric table (rows × columns) with each cell's value written in it."""
    values = table.to_numpy(dtype=float)
    figure, axes = plt.subplots(figsize=(1.0 + 0.62 * table.shape[1], 1.2 + 0.45 * table.shape[0]))
    image = axes.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    axes.set_xticks(range(table.shape[1]), table.columns, rotation=45, ha="right")
    axes.set_yticks(range(table.shape[0]), table.index)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    dark = values.max() * 0.6
    for (row, column), value in np.ndenumerate(values):
        if value:
            axes.text(column, row, value_format.format(value), ha="center", va="center", fontsize=8, color="white" if value > dark else "black")
    axes.spines[:].set_visible(False)
    figure.colorbar(image, ax=axes, fraction=0.03, pad=0.02)
    figure.tight_layout()
    return figure


TIMELINE_ROLE_COLOURS = {"recalled": "#8a8f98", "reported": "#c0504d", "anticipated": "#e0a030"}


# Events dated no closer than this many days are not drawn on the timeline (see plot_timeline)
TIMELINE_MAX_EVENT_DAYS = 366


def timeline_start(publications, events, end):
    """The first day of the timeline: 1 January of the earliest year it draws an event or publication bound in."""
    dated = events.dropna(subset=["date_start"])
    drawn = [event.date_start for event in dated.itertuples() if (event.date_end - event.date_start).days <= TIMELINE_MAX_EVENT_DAYS]
    drawn += [day for day in publications["earliest"].dropna()]
    return min(drawn, default=end).replace(month=1, day=1)


def plot_timeline(publications, events, start, end):
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
    figure, axes = plt.subplots(figsize=(8, 1.2 + 0.55 * len(rows)))
    dated = events.dropna(subset=["date_start"])
    for event in dated.itertuples():
        if (event.date_end - event.date_start).days > TIMELINE_MAX_EVENT_DAYS or event.date_end < start:
            continue
        y, colour = rows[event.article_id] - 0.18, TIMELINE_ROLE_COLOURS[event.role]
        if event.date_start == event.date_end:
            axes.plot(event.date_start, y, "o", ms=4, color=colour)
        else:
            axes.hlines(y, event.date_start, event.date_end, lw=4, color=colour)
    for publication in publications.itertuples():
        y, known = rows[publication.article_id], publication.source == "metadata"
        if not known:
            axes.hlines(y, max(publication.earliest or start, start), publication.latest, lw=1.5, ls=":", color="#2f5d8a")
        if publication.estimate is not None and publication.estimate == publication.estimate:
            axes.plot(publication.estimate, y, "D", ms=7, color="#2f5d8a", mfc="#2f5d8a" if known else "white")
    axes.set_xlim(start, end)
    axes.set_yticks(list(rows.values()), list(rows))
    axes.set_ylim(len(rows) - 0.4, -0.6)
    legend = [Line2D([], [], marker="o", ls="", color=colour, label=f"{role} event") for role, colour in TIMELINE_ROLE_COLOURS.items()]
    legend += [
        Line2D([], [], marker="D", ls="", color="#2f5d8a", label="published (metadata)"),
        Line2D([], [], marker="D", ls=":", color="#2f5d8a", mfc="white", label="published (inferred, with interval)"),
    ]
    axes.legend(handles=legend, frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.tight_layout()
    return figure


def plot_stance_matrix(net, counts):
    """Holders × targets: colour is the net polarity (supporting minus opposing stances), each cell shows its count.

    ``net`` and ``counts`` are tables of the same shape (see
    :func:`rcreport.stances.stance_matrix`); blue is support, red opposition.
    """
    values = net.to_numpy(dtype=float)
    limit = max(1.0, np.abs(values).max(initial=0))
    figure, axes = plt.subplots(figsize=(1.6 + 0.7 * net.shape[1], 1.2 + 0.5 * net.shape[0]))
    image = axes.imshow(values, cmap="RdBu", aspect="auto", vmin=-limit, vmax=limit)
    axes.set_xticks(range(net.shape[1]), net.columns, rotation=45, ha="right")
    axes.set_yticks(range(net.shape[0]), net.index)
    axes.set_xlabel("target")
    axes.set_ylabel("holder (source)")
    for (row, column), count in np.ndenumerate(counts.to_numpy()):
        if count:
            strong = abs(values[row, column]) > limit * 0.6
            axes.text(column, row, str(count), ha="center", va="center", fontsize=8, color="white" if strong else "black")
    axes.spines[:].set_visible(False)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.03, pad=0.02)
    colorbar.set_label("net polarity (support − oppose)")
    figure.tight_layout()
    return figure


def plot_themes_over_time(by_date, labels: dict[str, str], themes: list[str]):
    """Themes against publication date: one row per theme, a bubble per article sized by the share of its
    sentences carrying the theme; a hollow bubble where the date is inferred from the text.

    ``by_date`` is :func:`rcreport.themes.themes_by_publication`'s table
    (article_id, theme, share, date, dated_by). Bubbles of one article stand
    one above the other at its date, and an article whose date is unknown is
    not in the table, so not drawn.
    """
    from matplotlib import dates as mdates
    from matplotlib.lines import Line2D

    rows = {theme: index for index, theme in enumerate(themes)}
    figure, axes = plt.subplots(figsize=(7.5, 1.0 + 0.32 * len(themes)))
    shown = by_date[by_date["share"] > 0]
    largest = max(float(shown["share"].max()) if len(shown) else 0.0, 0.01)
    for known, fill in ((True, "#2f5d8a"), (False, "white")):
        points = shown[(shown["dated_by"] == "metadata") == known]
        axes.scatter(points["date"], points["theme"].map(rows), s=20 + 400 * points["share"] / largest, facecolors=fill, edgecolors="#2f5d8a", linewidths=1.2, zorder=3)
    for date, article_id in by_date.drop_duplicates("article_id")[["date", "article_id"]].itertuples(index=False):
        axes.axvline(date, color="#d5d9df", lw=0.8, zorder=1)
        axes.annotate(article_id, (date, -0.7), ha="center", va="bottom", rotation=90, fontsize=7, color="#59606b", annotation_clip=False)
    axes.set_yticks(list(rows.values()), [labels[theme] for theme in themes])
    axes.set_ylim(len(rows) - 0.4, -1.6)
    locator = mdates.AutoDateLocator(maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.set_xlabel("publication date")
    axes.margins(x=0.08)  # room for the largest bubble at either end
    legend = [
        Line2D([], [], marker="o", ls="", color="#2f5d8a", label="date from the metadata"),
        Line2D([], [], marker="o", ls="", color="#2f5d8a", mfc="white", label="date inferred from the text"),
    ]
    axes.legend(handles=legend, frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.tight_layout()
    return figure
