"""The corpus stage: load, validate, clean and split the articles into sentences.

Reads ``data/articles.csv`` and ``data/articles/*.txt`` (never writes them) and
returns tidy tables: one row per article (with its status), per removed line
(with the rule that removed it) and per sentence (with a stable id
``A000.s001``). Problems with the metadata table as a whole raise
:class:`CorpusError`; problems with one article exclude that article and are
reported in the articles table, so that nothing is dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

METADATA_COLUMNS = (
    "id",
    "file",
    "title",
    "outlet",
    "url",
    "published",
    "published_precision",
    "published_source",
    "language",
    "notes",
)
REQUIRED_VALUES = ("id", "file", "language")
ARTICLE_ID = re.compile(r"A\d{3,}")
PRECISIONS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
CORPUS_LANGUAGE = "hi"

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
LETTER = re.compile(r"[^\W\d_]")
COMMENT_FORM = re.compile(
    r"^(leave a (reply|comment)|your email address will not be published|"
    r"required fields are marked|post comment|टिप्पणी करें|अपनी राय (दें|लिखें))",
    re.IGNORECASE,
)
RELATED_LINK = re.compile(
    r"^(यह|ये|इसे|इन्हें) भी (पढ़ें|पढ़ें|देखें|देखें)|^(also read|read also|read more)\b",
    re.IGNORECASE,
)
MONTHS_EN = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DATE_ONLY_LINE = re.compile(
    rf"^(({MONTHS_EN})\.? \d{{1,2}},? \d{{4}}|\d{{1,2}} ({MONTHS_EN})\.?,? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})$",
    re.IGNORECASE,
)
SIDEBAR_HEADLINE_MAX_CHARS = 200

QUOTE_PAIRS = {"“": "”", "‘": "’"}
STRAIGHT_QUOTE = '"'
TERMINATORS = "।॥?!."
CLOSING_QUOTES = "”’\""
TRAILING = TERMINATORS + CLOSING_QUOTES + "')]"


class CorpusError(ValueError):
    """The metadata table cannot be read as a whole; the message says where and what to do."""


class ArticleError(ValueError):
    """One article cannot be used; it is excluded and the message is reported."""


@dataclass(frozen=True)
class Corpus:
    """The loaded corpus as tidy tables.

    articles: one row per metadata row, with ``status`` (included/excluded),
        ``reason``, character counts and the raw text's sha256.
    sentences: article_id, sentence_id, sentence_no, line_no, start, end, text;
        ``start``/``end`` index the article's clean text.
    removed: article_id, line_no, text, reason (every line cleaning removed).
    clean_texts: article id -> clean text (kept lines joined by newlines).
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    clean_texts: dict[str, str]

    @property
    def included(self) -> pd.DataFrame:
        """The articles that passed every check."""
        return self.articles[self.articles["status"] == "included"]


# --- metadata ----------------------------------------------------------------


def read_metadata(csv_path: Path) -> pd.DataFrame:
    """Read and validate ``articles.csv``: columns, ids, files and dates.

    Raises CorpusError for anything that makes the table ambiguous (a missing
    or unknown column, a malformed or duplicate id, a file listed twice). Row
    problems that concern one article only (a malformed date, a missing
    language) are left to :func:`row_problem` so that the article is excluded
    and reported rather than stopping the build.
    """
    try:
        with open(csv_path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = rows[0].keys() if rows else _read_header(csv_path)
    except UnicodeDecodeError as error:
        raise CorpusError(f"{csv_path}: not UTF-8 ({error.reason} at byte {error.start}); save it as UTF-8") from error
    except FileNotFoundError as error:
        raise CorpusError(f"{csv_path}: metadata table not found; create it with the columns {', '.join(METADATA_COLUMNS)}") from error
    _check_header(csv_path, list(header))
    table = pd.DataFrame(rows, columns=list(METADATA_COLUMNS)).fillna("")
    table = table.apply(lambda column: column.str.strip())
    table.insert(0, "csv_line", range(2, len(table) + 2))
    _check_unique(csv_path, table, "id")
    _check_unique(csv_path, table, "file")
    for row in table.itertuples():
        if not ARTICLE_ID.fullmatch(row.id):
            raise CorpusError(f"{csv_path}, line {row.csv_line}, field 'id': {row.id!r} is not an article id; use A followed by digits, e.g. A005")
    return table


def _read_header(csv_path: Path) -> list[str]:
    """The header of a CSV file that has no data rows."""
    with open(csv_path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def _check_header(csv_path: Path, header: list[str]) -> None:
    """Raise CorpusError unless the header has exactly the documented columns."""
    unknown = [name for name in header if name not in METADATA_COLUMNS]
    missing = [name for name in METADATA_COLUMNS if name not in header]
    if unknown:
        raise CorpusError(f"{csv_path}, line 1: unknown column {unknown[0]!r}; the columns are {', '.join(METADATA_COLUMNS)}")
    if missing:
        raise CorpusError(f"{csv_path}, line 1: missing column {missing[0]!r}; the columns are {', '.join(METADATA_COLUMNS)}")


def _check_unique(csv_path: Path, table: pd.DataFrame, field: str) -> None:
    """Raise CorpusError naming both lines if a value of ``field`` appears twice."""
    repeated = table[table.duplicated(field, keep=False)]
    if not repeated.empty:
        value = repeated[field].iloc[0]
        lines = repeated[repeated[field] == value]["csv_line"].tolist()
        raise CorpusError(f"{csv_path}, lines {lines[0]} and {lines[1]}, field {field!r}: {value!r} appears twice; each article needs its own {field}")


def row_problem(row: pd.Series, csv_path: Path, today: dt.date) -> str | None:
    """Return why this metadata row cannot be used, or None if it is fine."""
    where = f"{csv_path}, line {row.csv_line}"
    for field in REQUIRED_VALUES:
        if not row[field]:
            return f"{where}, field {field!r}: empty; fill it in"
    if row.language != CORPUS_LANGUAGE:
        return f"{where}, field 'language': {row.language!r}; the corpus is Hindi ({CORPUS_LANGUAGE!r})"
    if bool(row.published) != bool(row.published_precision):
        return f"{where}, fields 'published' and 'published_precision': give both or neither"
    if row.published:
        return _date_problem(where, row.published, row.published_precision, today)
    return None


def _date_problem(where: str, published: str, precision: str, today: dt.date) -> str | None:
    """Check a publication date against its precision; None when valid."""
    if precision not in PRECISIONS:
        return f"{where}, field 'published_precision': {precision!r}; use one of {', '.join(PRECISIONS)}"
    try:
        date = dt.datetime.strptime(published, PRECISIONS[precision]).date()
    except ValueError:
        example = dt.date(2023, 3, 20).strftime(PRECISIONS[precision])
        return f"{where}, field 'published': {published!r} is not a date of precision {precision!r} (e.g. {example})"
    if date > today:
        return f"{where}, field 'published': {published} is in the future"
    return None


# --- article text ------------------------------------------------------------


def read_article_text(path: Path) -> str:
    """Read an article file as UTF-8 text, raising ArticleError with the reason."""
    if not path.is_file():
        raise ArticleError(f"{path}: file not found; add it to data/articles/ or fix the 'file' field")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ArticleError(f"{path}, line {line}: not UTF-8 ({error.reason} at byte {error.start}); re-save the file as UTF-8") from error
    if not text.strip():
        raise ArticleError(f"{path}: empty text; the file has no words")
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def text_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, or '' where it does not exist."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


# --- cleaning ----------------------------------------------------------------


def comparison_key(line: str) -> str:
    """A form of a line for spotting repeats: quotes unified, spacing collapsed, case folded."""
    unified = line.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return " ".join(unified.split()).casefold()


def clean_lines(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """Split raw text into kept lines and removed lines, each with its 1-based line number.

    Blank lines are layout and belong to neither list. Every other line is
    either kept (stripped of surrounding spaces) or removed with the reason:
    the comment form and everything after it, related-article links,
    sidebar date lines and the headline line before each, lines without
    letters, repeats of an earlier line, and lines without Devanagari.
    """
    lines = text.splitlines()
    kept: list[tuple[int, str]] = []
    removed: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    after_comment_form = False
    for index, raw in enumerate(lines):
        number, line = index + 1, raw.strip()
        if not line:
            continue
        next_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if COMMENT_FORM.match(line):
            after_comment_form = True
            reason = "comment form"
        elif after_comment_form:
            reason = _line_reason(line, next_line, seen) or "page furniture after the comment form"
        else:
            reason = _line_reason(line, next_line, seen)
        seen.setdefault(comparison_key(line), number)
        if reason:
            removed.append((number, line, reason))
        else:
            kept.append((number, line))
    return kept, removed


def _line_reason(line: str, next_line: str, seen: dict[str, int]) -> str | None:
    """Why a line is boilerplate, or None to keep it."""
    if RELATED_LINK.match(line):
        return "related-article link"
    if DATE_ONLY_LINE.match(line):
        return "sidebar date line"
    if DATE_ONLY_LINE.match(next_line) and len(line) <= SIDEBAR_HEADLINE_MAX_CHARS:
        return "sidebar headline (followed by a date line)"
    if not LETTER.search(line):
        return "no words (punctuation only)"
    key = comparison_key(line)
    if key in seen:
        return f"repeated line (same as line {seen[key]})"
    if not DEVANAGARI.search(line):
        return "no Devanagari (not Hindi text)"
    return None


# --- sentences ---------------------------------------------------------------


def split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one line.

    Sentences end at । ॥ ? ! and at a full stop that is not between two
    digits; closing quotes and brackets after the end mark stay with the
    sentence. Marks inside a quotation do not end a sentence, but a
    quotation that closes right after one does (“… हैं।” फिर …). If the
    line's quotes are unbalanced, quotes are ignored.
    """
    spans = _split(line, respect_quotes=True)
    return spans if spans is not None else _split(line, respect_quotes=False)


def _split(line: str, respect_quotes: bool) -> list[tuple[int, int]] | None:
    """Split at sentence ends; None if quotes were respected but left open."""
    spans, start, open_quotes, position = [], 0, [], 0
    while position < len(line):
        char = line[position]
        if respect_quotes:
            _track_quote(char, open_quotes)
        ends_quotation = char in CLOSING_QUOTES and position and line[position - 1] in TERMINATORS
        if not open_quotes and ((char in TERMINATORS and _ends_sentence(line, position)) or ends_quotation):
            end = position + 1
            while end < len(line) and line[end] in TRAILING:
                if respect_quotes and line[end] not in TERMINATORS:
                    _track_quote(line[end], open_quotes)
                end += 1
            spans.append((start, end))
            start, position = end, end
            continue
        position += 1
    if open_quotes:
        return None
    spans.append((start, len(line)))
    return _merge_letterless(line, spans)


def _merge_letterless(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Attach spans without letters (a stray mark or quote) to the sentence before them."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not LETTER.search(line[start:end]):
            merged[-1] = (merged[-1][0], end)
        elif line[start:end].strip():
            merged.append((start, end))
    return [_trim(line, start, end) for start, end in merged]


def _track_quote(char: str, open_quotes: list[str]) -> None:
    """Update the stack of open quotation marks with one character."""
    if char in QUOTE_PAIRS:
        open_quotes.append(QUOTE_PAIRS[char])
    elif open_quotes and char == open_quotes[-1]:
        open_quotes.pop()
    elif char == STRAIGHT_QUOTE:
        open_quotes.append(char)


def _ends_sentence(line: str, position: int) -> bool:
    """A full stop between digits (3.5) is a decimal point, not a sentence end."""
    if line[position] != ".":
        return True
    before = line[position - 1] if position else ""
    after = line[position + 1] if position + 1 < len(line) else ""
    return not (before.isdigit() and after.isdigit())


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so that it neither starts nor ends with whitespace."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def sentence_rows(article_id: str, kept: list[tuple[int, str]]) -> tuple[str, list[dict]]:
    """The clean text of an article and its sentences with stable ids and offsets into it."""
    rows, offset = [], 0
    for line_no, line in kept:
        for start, end in split_line(line):
            number = len(rows) + 1
            rows.append(
                {
                    "article_id": article_id,
                    "sentence_id": f"{article_id}.s{number:03d}",
                    "sentence_no": number,
                    "line_no": line_no,
                    "start": offset + start,
                    "end": offset + end,
                    "text": line[start:end],
                }
            )
        offset += len(line) + 1
    return "\n".join(line for _, line in kept), rows


# --- the whole corpus --------------------------------------------------------


def load_corpus(data_dir: Path, today: dt.date | None = None) -> Corpus:
    """Load, validate, clean and split every article listed in ``data_dir/articles.csv``."""
    data_dir = Path(data_dir)
    csv_path = data_dir / "articles.csv"
    metadata = read_metadata(csv_path)
    today = today or dt.date.today()
    articles, sentences, removed, clean_texts = [], [], [], {}
    for row in metadata.itertuples(index=False):
        row = pd.Series(row._asdict())
        path = data_dir / "articles" / row.file
        record = {**row.drop("csv_line").to_dict(), "status": "included", "reason": "", "raw_chars": 0, "clean_chars": 0, "n_sentences": 0, "sha256": text_sha256(path)}
        try:
            problem = row_problem(row, csv_path, today)
            if problem:
                raise ArticleError(problem)
            text = read_article_text(path)
        except ArticleError as error:
            articles.append({**record, "status": "excluded", "reason": str(error)})
            continue
        kept, dropped = clean_lines(text)
        clean_text, rows = sentence_rows(row.id, kept)
        clean_texts[row.id] = clean_text
        sentences.extend(rows)
        removed.extend({"article_id": row.id, "line_no": n, "text": t, "reason": r} for n, t, r in dropped)
        articles.append({**record, "raw_chars": len(text), "clean_chars": len(clean_text), "n_sentences": len(rows)})
    return Corpus(
        articles=pd.DataFrame(articles, columns=[*METADATA_COLUMNS, "status", "reason", "raw_chars", "clean_chars", "n_sentences", "sha256"]),
        sentences=pd.DataFrame(sentences, columns=["article_id", "sentence_id", "sentence_no", "line_no", "start", "end", "text"]),
        removed=pd.DataFrame(removed, columns=["article_id", "line_no", "text", "reason"]),
        clean_texts=clean_texts,
    )


# --- summaries for the corpus chapter ------------------------------------------


def article_overview(corpus: Corpus) -> pd.DataFrame:
    """One row per article for the book: id, title, date, sizes before and after cleaning, status."""
    overview = corpus.articles.assign(
        published=corpus.articles["published"].replace("", "unknown"),
        removed_lines=corpus.articles["id"].map(corpus.removed.groupby("article_id").size()).fillna(0).astype(int),
    )
    columns = ["id", "title", "published", "raw_chars", "clean_chars", "removed_lines", "n_sentences", "status"]
    return overview[columns].rename(columns={"n_sentences": "sentences"}).reset_index(drop=True)


def cleaning_summary(corpus: Corpus) -> pd.DataFrame:
    """How many lines each cleaning rule removed, per article (rules as rows, articles as columns)."""
    rule = corpus.removed["reason"].str.replace(r" \(same as line \d+\)", "", regex=True)
    table = pd.crosstab(rule.rename("rule"), corpus.removed["article_id"].rename("article"))
    return table.reindex(columns=corpus.included["id"], fill_value=0)
