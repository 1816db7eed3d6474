"""Tables for readers: every table a chapter shows is formatted here, and its data saved beside it.

A chapter passes a tidy DataFrame and the table's anchor (``tbl-theme-shares``);
:func:`report_table` writes the complete frame to ``<output_dir>/<anchor>.csv``
(the data behind the table, which the book copies to ``tables/`` of the
site and links from the caption) and returns the HTML the book shows:

* no index column (a named index becomes an ordinary first column);
* human column headers, theme and actor names instead of ids (with the
  Hindi alongside where the codebook has it), shares as percentages, dates
  as ISO days, numbers right-aligned with thousands separators;
* long text in wrapping columns; the whole table inside a box that
  scrolls sideways on a narrow screen instead of widening the page;
* at most :data:`TOP_ROWS` rows, with "n of N rows shown" and a link to the
  complete CSV, so a page does not grow with the corpus;
* sentence and article ids linked to their anchors (:mod:`rcreport.evidence`),
  and every other cell escaped: article text is untrusted input.

The table is plain HTML, complete without JavaScript (the PDF prints it so).
A table with more than :data:`INTERACTIVE_MIN_ROWS` rows is marked
``data-interactive``; in the browser ``_static/report-tables.js`` makes it
sortable, searchable and paginated with DataTables, loaded from the offline
bundle the itables package ships (copied into the site by the Sphinx
extension), so it works from the static site without a network.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from .codebook import Theme
from .evidence import ARTICLE_ID_COLUMNS, SENTENCE_ID_COLUMNS, article_link, sentence_link

#: Rows a chapter table shows at most; the complete table is its CSV.
TOP_ROWS = 25
#: A table with more rows than this shown becomes sortable, searchable and paginated in the browser.
INTERACTIVE_MIN_ROWS = 10
#: The folder of the HTML site the tables' CSV files are copied to (by rcreport.sphinx_ext).
SITE_TABLES_DIR = "tables"
#: From a chapter page (book/generated/*.html) to that folder.
CHAPTER_TABLES_PREFIX = f"../../{SITE_TABLES_DIR}/"
#: A text column whose longest value has more characters than this wraps in a wide column.
WRAP_CHARS = 40
#: Headers that a reader would not guess from the column name.
HEADERS = {
    "id": "Article",
    "article_id": "Article",
    "sentence_id": "Sentence",
    "first_sentence": "First sentence",
    "upos": "Part of speech (UPOS)",
    "raw_chars": "Characters received",
    "clean_chars": "Characters after cleaning",
    "f1": "F1",
    "source_via": "Holder found via",
    "reported_by": "Reported by",
    "label_hi": "Hindi",
}


def theme_names(themes: list[Theme]) -> dict[str, str]:
    """Theme id -> the name a reader sees: the English label with the codebook's Hindi label alongside."""
    return {theme.id: f"{theme.label} ({theme.label_hi})" if theme.label_hi else theme.label for theme in themes}


def header(column: object) -> str:
    """A column's header for readers: a known name, else the column name with spaces and a capital."""
    name = str(column)
    if name in HEADERS:
        return HEADERS[name]
    words = name.removeprefix("n_").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def is_share(column: object) -> bool:
    """Whether a column holds shares (0–1) by its name: ``share`` or ``…_share``."""
    return str(column) == "share" or str(column).endswith("_share")


def format_share(value: float) -> str:
    """A share as a whole percentage; a share that rounds to 0 % but is not 0 reads "<1%"."""
    if pd.isna(value):
        return ""
    if 0 < value < 0.005:
        return "<1%"
    return f"{value:.0%}"


def format_number(value: object, decimals: int | None) -> str:
    """A number with thousands separators and ``decimals`` places (None: a whole number), a missing value blank."""
    if pd.isna(value):
        return ""
    if decimals is None:
        return f"{int(value):,}"
    return f"{float(value):,.{decimals}f}"


def format_cell(value: object) -> str:
    """Any other cell as text: dates as ISO days, missing values blank."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def column_kind(column: pd.Series, name: object) -> str:
    """How a column is shown: ``share``, ``int`` or ``num`` (right-aligned), ``text`` (wrapping) or ``plain``."""
    if is_share(name):
        return "share"
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        present = column.dropna()
        return "int" if (present == present.round()).all() else "num"
    longest = column.map(lambda value: len(format_cell(value))).max() if len(column) else 0
    return "text" if longest > WRAP_CHARS else "plain"


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without an index to show: a meaningful (named, or not a plain range) index becomes a column."""
    if isinstance(frame.index, pd.RangeIndex) and frame.index.name is None:
        return frame.reset_index(drop=True)
    return frame.reset_index().rename_axis(columns=None)


def shown_cells(frame: pd.DataFrame, kinds: dict, values: dict[str, dict], decimals: int, pages_prefix: str) -> pd.DataFrame:
    """Every cell as safe HTML: formatted and escaped, ids linked to their evidence, ids of the codebook named."""
    cells = {}
    for column in frame.columns:
        series = frame[column]
        if column in values:
            series = series.map(lambda value, names=values[column]: names.get(value, value) if isinstance(value, str) else value)
        if column in SENTENCE_ID_COLUMNS or column in ARTICLE_ID_COLUMNS:
            link = sentence_link if column in SENTENCE_ID_COLUMNS else article_link
            cells[column] = series.map(lambda value, link=link: link(value, pages_prefix) if isinstance(value, str) and value else "")
        elif kinds[column] == "share":
            cells[column] = series.map(format_share)
        elif kinds[column] in ("int", "num"):
            places = None if kinds[column] == "int" else decimals
            cells[column] = series.map(lambda value, places=places: html.escape(format_number(value, places)))
        else:
            cells[column] = series.map(lambda value: html.escape(format_cell(value)))
    return pd.DataFrame(cells, index=frame.index)


def table_html(cells: pd.DataFrame, headers: list[str], kinds: dict, interactive: bool) -> str:
    """The ``<table>`` in its scrolling box; each cell's class says how it aligns and wraps."""
    css = {column: "num" if kinds[column] in ("int", "num", "share") else kinds[column] for column in cells.columns}
    head = "".join(f'<th class="{css[column]}">{html.escape(text)}</th>' for column, text in zip(cells.columns, headers, strict=True))
    rows = "\n".join("<tr>" + "".join(f'<td class="{css[column]}">{row[i]}</td>' for i, column in enumerate(cells.columns)) + "</tr>" for row in cells.itertuples(index=False))
    marker = " data-interactive" if interactive else ""
    return f'<div class="report-table-box"><table class="report-table"{marker}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table></div>'


def rows_note(shown: int, total: int, csv_name: str, tables_prefix: str) -> str:
    """ "n of N rows shown" with the link to the complete table, for a table cut to its top rows."""
    link = f'<a class="data-link" href="{html.escape(tables_prefix + csv_name)}">{html.escape(csv_name)}</a>'
    return f'<p class="table-rows">{shown:,} of {total:,} rows shown; the complete table: {link} (CSV).</p>'


def write_table_csv(frame: pd.DataFrame, name: str, output_dir: Path) -> Path:
    """Write the complete table (ids and raw values, no index) as ``<output_dir>/<name>.csv``: the data behind a table or figure."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / f"{name}.csv"
    tidy(frame).to_csv(path, index=False)
    return path


def report_table(
    frame: pd.DataFrame,
    name: str,
    output_dir: Path,
    *,
    values: dict[str, dict] | None = None,
    headers: dict | None = None,
    hidden: tuple[str, ...] = (),
    top: int | None = TOP_ROWS,
    decimals: int = 2,
    pages_prefix: str = "articles/",
    tables_prefix: str = CHAPTER_TABLES_PREFIX,
) -> HTML:
    """The table ``name`` (its anchor, e.g. ``tbl-theme-shares``) for the book, its complete data saved as CSV.

    ``values`` maps a column to the names of its ids (``{"theme": theme_names(themes)}``);
    ``headers`` names columns whose names are ids (a theme × theme matrix) or renames others;
    ``hidden`` columns are in the CSV but not shown (an id beside its label);
    ``top`` the most rows shown (None: all, for a table the codebook bounds);
    ``decimals`` the places of non-integer numbers.
    """
    write_table_csv(frame, name, output_dir)
    full = tidy(frame).drop(columns=list(hidden))
    shown = full if top is None else full.head(top)
    kinds = {column: column_kind(full[column], column) for column in full.columns}
    cells = shown_cells(shown, kinds, values or {}, decimals, pages_prefix)
    names = [(headers or {}).get(column, header(column)) for column in full.columns]
    body = table_html(cells, names, kinds, interactive=len(shown) > INTERACTIVE_MIN_ROWS)
    if len(shown) < len(full):
        body += rows_note(len(shown), len(full), f"{name}.csv", tables_prefix)
    return HTML(body)
