"""Figures: one look for every chart, with Devanagari drawn by the bundled Noto font.

The font files ship inside the package (SIL Open Font License, see fonts/OFL.txt),
so a figure renders with the same glyphs on every machine, whatever fonts the
system has.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
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
