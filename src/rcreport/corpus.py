"""The corpus stage: load and validate the articles, then clean and split them (:mod:`rcreport.cleaning`).

Reads ``data/articles.csv`` and ``data/articles/*.txt`` (never rewrites them:
:func:`add_article` only adds a new file and appends a row) and returns tidy
tables: one row per article (with its status), per removed line
(with the rule that removed it) and per sentence (with a stable id
``A000.s001``). Problems with the metadata table as a whole raise
:class:`CorpusError`; problems with one article exclude that article and are
reported in the articles table, so that nothing is dropped silently.

An article is excluded, with the reason, when its file is missing, over the
size limit, not UTF-8, empty, not mostly in Devanagari script, or a duplicate
or near-duplicate of an article with a lower id (see :class:`DuplicateIndex`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .cleaning import clean_lines, sentence_rows
from .hashing import file_sha256
from .text import DEVANAGARI, DEVANAGARI_LETTER, LETTER

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
# A news article is a few to a few hundred KB (the seed articles: 5-12 KB); a file
# over 2 MiB is a page dump or several articles, and would stall annotation
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
# Share of an article's letters that must be Devanagari. The seed articles score
# 0.90-1.00 (English headlines, comment forms); English text scores ~0 and Urdu
# (Arabic script) ~0, so 0.5 separates them with a wide margin
MIN_DEVANAGARI_SHARE = 0.5
# Near-duplicates: word 5-grams of the clean texts; two articles are near-duplicates
# when the 5-grams they share make up at least half of the smaller set. Distinct
# seed articles on the same summit share at most 9%; the same agency story on two
# sites shares nearly all, whatever the boilerplate around it
SHINGLE_WORDS = 5
NEAR_DUPLICATE_CONTAINMENT = 0.5

ARTICLE_COLUMNS = ("status", "reason", "raw_chars", "clean_chars", "n_sentences", "sha256")
SENTENCE_COLUMNS = ("article_id", "sentence_id", "sentence_no", "line_no", "start", "end", "text")


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

    def restrict(self, article_ids) -> Corpus:
        """The same tables holding only the articles of ``article_ids`` (what is computed per article needs no more)."""
        wanted = set(article_ids)
        return Corpus(
            articles=self.articles[self.articles["id"].isin(wanted)].reset_index(drop=True),
            sentences=self.sentences[self.sentences["article_id"].isin(wanted)].reset_index(drop=True),
            removed=self.removed[self.removed["article_id"].isin(wanted)].reset_index(drop=True),
            clean_texts={article_id: text for article_id, text in self.clean_texts.items() if article_id in wanted},
        )


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
    """Read an article file as UTF-8 text, raising ArticleError with the reason.

    The file must exist, be at most MAX_ARTICLE_BYTES long (checked before
    reading), decode as UTF-8 and hold more than whitespace.
    """
    if not path.is_file():
        raise ArticleError(f"{path}: file not found; add it to data/articles/ or fix the 'file' field")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{path}: {size / 2**20:.1f} MiB, over the {MAX_ARTICLE_BYTES / 2**20:.0f} MiB limit for one article; "
            "check that the file holds one article's text, not a saved web page or several articles"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ArticleError(f"{path}, line {line}: not UTF-8 ({error.reason} at byte {error.start}); re-save the file as UTF-8") from error
    if not text.strip():
        raise ArticleError(f"{path}: empty text; the file has no words")
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def script_problem(text: str) -> str | None:
    """Why a text is not Hindi by its script, or None: most of its letters must be Devanagari.

    Letters are word characters other than digits (vowel signs, digits and
    punctuation do not count). The message names the most common other script
    (e.g. LATIN for English, ARABIC for Urdu).
    """
    letters = LETTER.findall(text)
    if not letters:
        return "no letters at all; the file holds no text"
    share = len(DEVANAGARI_LETTER.findall(text)) / len(letters)
    if share >= MIN_DEVANAGARI_SHARE:
        return None
    scripts = Counter(unicodedata.name(char, "UNKNOWN").split()[0] for char in letters if not DEVANAGARI.match(char))
    other = min(scripts, key=lambda script: (-scripts[script], script))
    return (
        f"not Hindi: {share:.0%} of its letters are Devanagari (at least {MIN_DEVANAGARI_SHARE:.0%} needed), most are {other}; the corpus holds Hindi articles only, check that this is the Hindi text"
    )


def text_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, or '' where it does not exist."""
    return file_sha256(path) if path.is_file() else ""


# --- duplicates --------------------------------------------------------------


def text_words(text: str) -> list[str]:
    """The words of a text for comparing articles: case folded, punctuation and symbols as spaces."""
    return "".join(" " if unicodedata.category(char)[0] in "PSZ" else char for char in text.casefold()).split()


@lru_cache(maxsize=4)  # DuplicateIndex.problem and .add ask for the same text in turn
def word_shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of runs of ``size`` consecutive words (the whole text if it is shorter)."""
    words = text_words(text)
    return frozenset(" ".join(words[start : start + size]) for start in range(max(1, len(words) - size + 1)) if words)


class DuplicateIndex:
    """The clean texts of the articles accepted so far, to spot exact and near-duplicates of them.

    Exact: the same clean text (so the same story with different page furniture
    counts too). Near: word shingles shared with one earlier article make up at
    least NEAR_DUPLICATE_CONTAINMENT of the smaller article's shingles.

    An inverted index counts, for a text, the shingles it shares with every
    accepted article at once: each shingle's postings are an array of
    article numbers, and the counts one ``numpy.bincount`` over the postings
    of the text's shingles. The work is the total length of those postings:
    linear in the corpus where articles share few shingles (news), and where
    nearly all share many (a corpus generated from a few sentences) still
    proportional to the pairs that share text, but as array operations, not
    one Python step per shared shingle. The counts are exact, so is the check.
    """

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._ids: list[str] = []
        self._sizes = np.zeros(0, dtype=np.int64)
        self._postings: dict[str, np.ndarray] = {}  # shingle -> article numbers, with spare room at the end
        self._lengths: dict[str, int] = {}  # shingle -> how many of its postings are filled

    def add(self, article_id: str, clean_text: str) -> None:
        """Remember an accepted article."""
        self._texts.setdefault(hashlib.sha256(clean_text.encode()).hexdigest(), article_id)
        shingles = word_shingles(clean_text)
        number = len(self._ids)
        self._ids.append(article_id)
        self._sizes = np.append(self._sizes, len(shingles))
        for shingle in shingles:
            postings, length = self._postings.get(shingle), self._lengths.get(shingle, 0)
            if postings is None or length == len(postings):
                postings = self._postings[shingle] = np.resize(postings if postings is not None else np.zeros(0, dtype=np.int32), max(4, 2 * length))
            postings[length] = number
            self._lengths[shingle] = length + 1

    def shared(self, shingles: frozenset[str]) -> np.ndarray:
        """How many of ``shingles`` each accepted article has, by article number (the order they were added)."""
        found = [self._postings[shingle][: self._lengths[shingle]] for shingle in shingles if shingle in self._postings]
        return np.bincount(np.concatenate(found), minlength=len(self._ids)) if found else np.zeros(len(self._ids), dtype=np.int64)

    def problem(self, clean_text: str) -> str | None:
        """Why a clean text duplicates an accepted article (naming it), or None."""
        same = self._texts.get(hashlib.sha256(clean_text.encode()).hexdigest())
        if same:
            return f"exact duplicate of {same} (the same text after cleaning); the corpus keeps the article with the lower id"
        shingles = word_shingles(clean_text)
        counts = self.shared(shingles)
        if not counts.any():
            return None
        shares = counts / np.minimum(len(shingles), self._sizes)
        best_share = shares.max()
        best = min(self._ids[number] for number in np.flatnonzero(shares == best_share))
        if best_share >= NEAR_DUPLICATE_CONTAINMENT:
            return (
                f"near-duplicate of {best}: {best_share:.0%} of the shorter text's {SHINGLE_WORDS}-word sequences occur in both "
                f"(threshold {NEAR_DUPLICATE_CONTAINMENT:.0%}), e.g. the same agency story on two sites; the corpus keeps "
                f"the article with the lower id"
            )
        return None


# --- the whole corpus --------------------------------------------------------


@dataclass(frozen=True)
class PreparedArticle:
    """One article that passed every check: raw and clean text, sentence rows, removed lines."""

    text: str
    clean_text: str
    sentences: list[dict]
    removed: list[tuple[int, str, str]]


def prepare_article(row: pd.Series, path: Path, csv_path: Path, today: dt.date, index: DuplicateIndex) -> PreparedArticle:
    """Check one article, then clean and split it.

    Raises ArticleError with the first problem: metadata, file, script,
    duplicate of an article already in ``index`` (checked in this order).
    """
    problem = row_problem(row, csv_path, today)
    if problem:
        raise ArticleError(problem)
    text = read_article_text(path)
    problem = script_problem(text)
    if problem:
        raise ArticleError(f"{path}: {problem}")
    kept, dropped = clean_lines(text)
    clean_text, rows = sentence_rows(row.id, kept)
    problem = index.problem(clean_text)
    if problem:
        raise ArticleError(f"{path}: {problem}")
    return PreparedArticle(text, clean_text, rows, dropped)


def id_number(article_id: str) -> int:
    """The number of an article id (A012 -> 12), for ordering ids of different widths."""
    return int(article_id[1:])


def load_corpus(data_dir: Path, today: dt.date | None = None) -> Corpus:
    """Load, validate, clean and split every article listed in ``data_dir/articles.csv``.

    Articles are checked in id order, so that of two duplicates the one with
    the higher id is excluded; the tables keep the order of the metadata rows.
    """
    data_dir = Path(data_dir)
    csv_path = data_dir / "articles.csv"
    metadata = read_metadata(csv_path)
    today = today or dt.date.today()
    index = DuplicateIndex()
    records: dict[str, dict] = {}
    prepared: dict[str, PreparedArticle] = {}
    for _, row in sorted(metadata.iterrows(), key=lambda item: id_number(item[1].id)):
        path = data_dir / "articles" / row.file
        try:
            article = prepare_article(row, path, csv_path, today, index)
        except ArticleError as error:
            records[row.id] = article_record(row, path, None, str(error))
            continue
        index.add(row.id, article.clean_text)
        prepared[row.id] = article
        records[row.id] = article_record(row, path, article)
    return corpus_of([records[article_id] for article_id in metadata["id"]], prepared)


def article_record(row: pd.Series, path: Path, article: PreparedArticle | None, reason: str = "") -> dict:
    """An article's row of the corpus's ``articles`` table: its metadata, included with its sizes, or excluded for ``reason``."""
    record = {**row.drop("csv_line").to_dict(), "status": "included", "reason": "", "raw_chars": 0, "clean_chars": 0, "n_sentences": 0, "sha256": text_sha256(path)}
    if article is None:
        return record | {"status": "excluded", "reason": reason}
    return record | {"raw_chars": len(article.text), "clean_chars": len(article.clean_text), "n_sentences": len(article.sentences)}


def corpus_of(records: list[dict], prepared: dict[str, PreparedArticle]) -> Corpus:
    """The corpus of the articles' rows ``records`` (in metadata order) and the prepared texts of those included."""
    order = [record["id"] for record in records if record["id"] in prepared]
    return Corpus(
        articles=pd.DataFrame(records, columns=[*METADATA_COLUMNS, *ARTICLE_COLUMNS]),
        sentences=pd.DataFrame([row for article_id in order for row in prepared[article_id].sentences], columns=SENTENCE_COLUMNS),
        removed=pd.DataFrame(
            [{"article_id": article_id, "line_no": n, "text": t, "reason": r} for article_id in order for n, t, r in prepared[article_id].removed],
            columns=["article_id", "line_no", "text", "reason"],
        ),
        clean_texts={article_id: prepared[article_id].clean_text for article_id in order},
    )


# --- adding an article ------------------------------------------------------


def next_article_id(ids: list[str]) -> str:
    """The id after the highest one in use (A004 -> A005), A000 for an empty table."""
    return f"A{max((id_number(article_id) for article_id in ids), default=-1) + 1:03d}"


def article_file_name(article_id: str, raw: bytes) -> str:
    """The file name of a new article: its id's number and the start of its text's sha256."""
    return f"{id_number(article_id):03d}_{hashlib.sha256(raw).hexdigest()[:16]}.txt"


def date_precision(published: str) -> str:
    """The precision a date is written in (day, month or year) by its shape; '' if none fits."""
    shapes = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
    return next((name for name, shape in shapes.items() if re.fullmatch(shape, published)), "")


def csv_row_bytes(values: list[str], table: bytes) -> bytes:
    """One CSV row to append to ``table``: quoted as needed, in the table's line ending.

    If the table does not end with a line break, the row starts with one, so the
    table's existing bytes are kept as they are.
    """
    ending = "\r\n" if b"\r\n" in table else "\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerow(values)
    prefix = ending if table and not table.endswith(b"\n") else ""
    return (prefix + buffer.getvalue()).encode("utf-8")


def add_article(data_dir: Path, source: Path, fields: dict[str, str], today: dt.date | None = None, corpus: Corpus | None = None) -> tuple[str, Path, Corpus]:
    """Add one article to the corpus: (new id, its file, the new article alone as a corpus).

    The article passes the same checks as in :func:`load_corpus` (metadata,
    file, script, duplicates of the included articles) before anything is
    written. Then its file is copied into ``articles/`` under a new name (or
    kept where it is, if it already lies there unlisted), never overwriting a
    file, and a row is appended to ``articles.csv``, whose existing bytes stay
    as they are. A date given without its precision gets the precision its
    shape shows (2023-03 -> month). Raises CorpusError or ArticleError, having
    written nothing.

    ``corpus`` is the corpus of ``data_dir`` as it is now, where the caller
    has it (:func:`rcreport.corpus_store.current_corpus` reads the build's
    stored copy in a second, where loading 1,000 articles takes half a
    minute); left out, it is loaded.
    """
    data_dir, source = Path(data_dir), Path(source)
    today = today or dt.date.today()
    csv_path, articles_dir = data_dir / "articles.csv", data_dir / "articles"
    corpus = corpus or load_corpus(data_dir, today)
    index = DuplicateIndex()
    for article_id, clean_text in corpus.clean_texts.items():
        index.add(article_id, clean_text)
    article_id = next_article_id(corpus.articles["id"].tolist())
    in_place = source.resolve().parent == articles_dir.resolve()
    file_name = source.name if in_place else article_file_name(article_id, source.read_bytes() if source.is_file() else b"")
    listed = corpus.articles[corpus.articles["file"] == file_name]
    if not listed.empty:
        raise ArticleError(f"{source}: already listed in {csv_path} as {listed['id'].iloc[0]}")
    if not in_place and (articles_dir / file_name).exists():
        raise ArticleError(f"{articles_dir / file_name} already exists; move it away or add it in place with this command")
    row = pd.Series({**dict.fromkeys(METADATA_COLUMNS, ""), **fields, "id": article_id, "file": file_name, "language": CORPUS_LANGUAGE, "csv_line": len(corpus.articles) + 2})
    if row.published and not row.published_precision:
        row["published_precision"] = date_precision(row.published) or "day"
    article = prepare_article(row, source, csv_path, today, index)
    appended = csv_row_bytes([row[column] for column in METADATA_COLUMNS], csv_path.read_bytes())
    target = articles_dir / file_name
    if not in_place:
        with open(target, "xb") as handle:
            handle.write(source.read_bytes())
    with open(csv_path, "ab") as handle:
        handle.write(appended)
    return article_id, target, corpus_of([article_record(row, target, article)], {article_id: article})


# --- summaries for the corpus chapter ------------------------------------------


def article_overview(corpus: Corpus) -> pd.DataFrame:
    """One row per article for the book: id, title, date, sizes before and after cleaning, status and the reason of an exclusion."""
    overview = corpus.articles.assign(
        published=corpus.articles["published"].replace("", "unknown"),
        removed_lines=corpus.articles["id"].map(corpus.removed.groupby("article_id").size()).fillna(0).astype(int),
    )
    columns = ["id", "title", "published", "raw_chars", "clean_chars", "removed_lines", "n_sentences", "status", "reason"]
    return overview[columns].rename(columns={"n_sentences": "sentences"}).reset_index(drop=True)


def cleaning_summary(corpus: Corpus) -> pd.DataFrame:
    """How many lines each cleaning rule removed, per article (rules as rows, articles as columns)."""
    rule = corpus.removed["reason"].str.replace(r" \(same as line \d+\)", "", regex=True)
    table = pd.crosstab(rule.rename("rule"), corpus.removed["article_id"].rename("article"))
    return table.reindex(columns=corpus.included["id"], fill_value=0)
