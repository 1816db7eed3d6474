"""Per-article analysis, cached: what every chapter counts, computed once per article and aggregated.

Themes, actors, quotations, stances, time expressions and known-event
mentions are all found within one article: no rule looks across articles
(a pronoun resolves within its article, a statement is one within its
article, relevance is a verdict on one article). So each article is
analysed on its own (:func:`analyse_article`) and its tables are stored as
Parquet files under ``.cache/analysis/``, keyed by its annotation cache key,
its sentences, the codebook files and this package's code
(:func:`analysis_key`): an unchanged article is never analysed twice, and a
change to a codebook or to the code analyses every article again.

The corpus's tables, every article's joined in corpus order, are made
from this store by :mod:`rcreport.corpus_analysis`; :func:`read_analysis`
and :func:`read_tokens` read them back for the chapters.
"""

from __future__ import annotations

import functools
import shutil
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .actors import actor_sides, alias_matches, find_mentions
from .chronology import sentence_labels
from .cluster import ClusterError
from .codebook import Actor, Grammar, StanceCodebook, Theme, TimeWords, load_actors, load_grammar, load_stance_codebook, load_themes, load_time_words
from .corpus import Corpus
from .event_codebook import EventCodebook, load_events
from .hashing import code_digest, sha256, update_with_tree
from .known_events import event_mentions
from .mentions import sentence_views
from .nlp import CACHE_KEY_CHARS, PARTIAL_SUFFIX
from .quotations import find_quotations
from .relevance import article_relevance
from .stances import find_stances
from .statements import merge_states, sentence_words
from .temporal import time_expressions
from .themes import assign_themes

# The per-article tables, in the order they are written (see ArticleAnalysis)
TABLES = ("matches", "assignments", "mentions", "aliases", "relevance", "quotations", "stances", "state_stances", "expressions", "event_mentions", "labels")
# The corpus-level token table rcreport.corpus_analysis writes beside the aggregated tables, and its two
# summaries, which the chapters count from (rcreport.language.lemma_counts, rcreport.language.name_runs)
TOKENS = "tokens"
LEMMA_COUNTS = "lemma_counts"
NAME_RUNS = "name_runs"
TOKEN_TABLES = (TOKENS, LEMMA_COUNTS, NAME_RUNS)
LABEL_COLUMNS = ["article_id", "sentence_id", "label"]


@dataclass(frozen=True)
class Codebooks:
    """The codebooks the analysis reads, loaded once (data/codebook/*.yml), and their files' digest."""

    themes: list[Theme]
    actors: list[Actor]
    stances: StanceCodebook
    grammar: Grammar
    time_words: TimeWords
    events: EventCodebook
    digest: str  # sha256 over every file of the codebook folder


def load_codebooks(codebook_dir: Path) -> Codebooks:
    """Every codebook of ``codebook_dir`` through its schema-validated loader, with the folder's digest."""
    codebook_dir = Path(codebook_dir)
    actors = load_actors(codebook_dir / "actors.yml")
    digest = sha256()
    update_with_tree(digest, codebook_dir)
    return Codebooks(
        themes=load_themes(codebook_dir / "themes.yml"),
        actors=actors,
        stances=load_stance_codebook(codebook_dir / "stances.yml"),
        grammar=load_grammar(codebook_dir / "grammar.yml"),
        time_words=load_time_words(codebook_dir / "time.yml"),
        events=load_events(codebook_dir / "events.yml", {actor.id for actor in actors}),
        digest=digest.hexdigest(),
    )


@dataclass(frozen=True)
class ArticleAnalysis:
    """The tables of one article, or of a corpus when aggregated; every row carries its article and sentence id.

    matches: every theme-pattern match (:func:`rcreport.themes.theme_matches`);
    assignments: the theme assignments that count, with their sense
    (:func:`rcreport.themes.assign_themes`); mentions and aliases: actor
    mentions and raw alias matches (:mod:`rcreport.actors`); relevance: the
    article's off-topic verdict (:func:`rcreport.relevance.article_relevance`);
    quotations and stances (:mod:`rcreport.quotations`, :mod:`rcreport.stances`)
    and state_stances, the stances with people counted as their states
    (:func:`rcreport.statements.merge_states`); expressions: time expressions
    (:func:`rcreport.temporal.time_expressions`); event_mentions: mentions of
    known events (:func:`rcreport.known_events.event_mentions`); labels: a
    short label per sentence for the timeline.
    """

    matches: pd.DataFrame
    assignments: pd.DataFrame
    mentions: pd.DataFrame
    aliases: pd.DataFrame
    relevance: pd.DataFrame
    quotations: pd.DataFrame
    stances: pd.DataFrame
    state_stances: pd.DataFrame
    expressions: pd.DataFrame
    event_mentions: pd.DataFrame
    labels: pd.DataFrame

    def restrict(self, article_ids) -> ArticleAnalysis:
        """The same tables holding only the rows of ``article_ids``."""
        wanted = set(article_ids)
        return ArticleAnalysis(**{name: _rows_of(getattr(self, name), wanted) for name in TABLES})

    def sentence_labels(self) -> dict[str, str]:
        """The timeline label of each sentence, by sentence id."""
        return dict(zip(self.labels["sentence_id"], self.labels["label"]))


def _rows_of(table: pd.DataFrame, article_ids: set[str]) -> pd.DataFrame:
    return table[table["article_id"].isin(article_ids)].reset_index(drop=True)


def analyse_article(article: pd.Series, sentences: pd.DataFrame, tokens: pd.DataFrame, codebooks: Codebooks) -> ArticleAnalysis:
    """Every per-article table of one article (its metadata row, sentences and tokens), with the given codebooks.

    The same functions the chapters used to run on the whole corpus, run on
    one article: since none of them looks across articles, the corpus's
    tables are these tables of its articles, one after another.
    """
    sentences = sentences.reset_index(drop=True)
    tokens = tokens.reset_index(drop=True)
    actors = codebooks.actors
    matches, assignments = assign_themes(codebooks.themes, actors, tokens, sentences)
    mentions = find_mentions(actors, sentences)
    views = sentence_views(sentences, tokens, actors, codebooks.grammar)
    quotations = find_quotations(views, codebooks.stances.speech)
    stances = find_stances(views, quotations, codebooks.stances, actors)
    one = Corpus(articles=article.to_frame().T, sentences=sentences, removed=pd.DataFrame(columns=["article_id", "line_no", "text", "reason"]), clean_texts={})
    expressions = time_expressions(one, codebooks.time_words, tokens)
    labels = sentence_labels(sentences, tokens)
    return ArticleAnalysis(
        matches=matches,
        assignments=assignments,
        mentions=mentions,
        aliases=alias_matches(actors, sentences),
        relevance=article_relevance(sentences, mentions, assignments, actor_sides(actors)),
        quotations=quotations,
        stances=stances,
        state_stances=merge_states(stances, actors, sentence_words(views)).reset_index(drop=True),
        expressions=expressions,
        event_mentions=event_mentions(one, codebooks.events, actors, codebooks.time_words, expressions, tokens),
        labels=pd.DataFrame([(article.id, sentence_id, label) for sentence_id, label in labels.items()], columns=LABEL_COLUMNS),
    )


# --- the per-article store ------------------------------------------------------------------------


def analysis_key(annotation_key: str, sentences: pd.DataFrame, codebook_digest: str, code: str) -> str:
    """The key of one article's analysis: its annotation's cache key, its sentences (lines and offsets too), the codebooks and the code."""
    digest = sha256(annotation_key, codebook_digest, code)
    digest.update(sentences.to_csv(index=False).encode())
    return digest.hexdigest()


def analysis_path(store: Path, article_id: str, key: str) -> Path:
    """Where one article's tables are stored: a folder named by its id and the first characters of its key."""
    return Path(store) / f"{article_id}-{key[:CACHE_KEY_CHARS]}"


def table_bytes(table: pd.DataFrame) -> bytes:
    """One table as the bytes of a Parquet file (pyarrow), without the pandas index."""
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), sink)
    return sink.getvalue().to_pybytes()


def write_table(table: pd.DataFrame, path: Path) -> None:
    """One table as a Parquet file (:func:`table_bytes`)."""
    Path(path).write_bytes(table_bytes(table))


def analysis_files(analysis: ArticleAnalysis) -> dict[str, bytes]:
    """An article's tables as the Parquet files of its store folder (file name -> bytes).

    Made where the article is analysed, so that on a cluster the workers,
    not the build's one process, spend the time converting the tables;
    the build only writes the bytes (:func:`write_analysis`).
    """
    return {f"{name}.parquet": table_bytes(getattr(analysis, name)) for name in TABLES}


def read_table(path: Path) -> pd.DataFrame:
    """A table written by :func:`write_table`, with the column types it was written with."""
    return pq.read_table(path).to_pandas()


def write_analysis(files: dict[str, bytes], folder: Path) -> None:
    """Write an article's tables (:func:`analysis_files`) atomically: into a partial folder of this writer's own, renamed to ``folder`` when whole.

    An interrupted write leaves at most a stray ``*.partial`` folder, never
    half an analysis under the store's name; where another writer renamed
    the same analysis into place first, this one's copy is dropped.
    """
    folder = Path(folder)
    partial = folder.with_name(f"{folder.name}.{uuid.uuid4().hex}{PARTIAL_SUFFIX}")
    partial.mkdir(parents=True)
    try:
        for name, data in files.items():
            (partial / name).write_bytes(data)
        try:
            partial.rename(folder)
        except OSError:
            if not folder.is_dir():
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def read_analysis(folder: Path) -> ArticleAnalysis:
    """The tables of an article's stored analysis, or of the aggregated corpus (``build/analysis/``)."""
    return ArticleAnalysis(**{name: read_table(Path(folder) / f"{name}.parquet") for name in TABLES})


def read_analysis_table(folder: Path, name: str) -> pd.DataFrame:
    """One of the tables of :func:`read_analysis` alone (one of :data:`TABLES`)."""
    if name not in TABLES:
        raise ValueError(f"no analysis table {name!r}; the tables are {', '.join(TABLES)}")
    return read_table(Path(folder) / f"{name}.parquet")


def read_tokens(folder: Path, articles: Iterable[str] | None = None, columns: list[str] | None = None, table: str = TOKENS) -> pd.DataFrame:
    """The token table of the corpus as :func:`rcreport.corpus_analysis.analyse_corpus` wrote it, or one of its summaries
    (``table``, one of :data:`TOKEN_TABLES`): the rows of ``articles`` only and the ``columns`` only, where given.

    Rows and columns are chosen as the Parquet file is read, so a chapter
    that counts some articles, or needs a few columns, never holds the
    corpus's whole table (6 million rows at 10,000 articles).
    """
    if table not in TOKEN_TABLES:
        raise ValueError(f"no token table {table!r}; the token tables are {', '.join(TOKEN_TABLES)}")
    filters = None if articles is None else [("article_id", "in", list(articles))]
    return pq.read_table(Path(folder) / f"{table}.parquet", columns=columns, filters=filters).to_pandas(self_destruct=True)


def write_tokens_csv(folder: Path, articles: Iterable[str], path: Path) -> None:
    """The token table's rows of ``articles`` as a CSV file (what the book offers for download), read and written a batch at a time.

    The same file as the table read whole and written with pandas, without
    ever holding the whole table.
    """
    tokens = pq.ParquetFile(Path(folder) / f"{TOKENS}.parquet")
    wanted = pa.array(list(articles), pa.large_string())
    with open(path, "w", encoding="utf-8", newline="") as out:
        tokens.schema_arrow.empty_table().to_pandas().to_csv(out, index=False)
        for batch in tokens.iter_batches():
            rows = batch.filter(pc.is_in(batch["article_id"], value_set=wanted))
            rows.to_pandas().to_csv(out, index=False, header=False)


def with_files(analysis: ArticleAnalysis) -> tuple[ArticleAnalysis, dict[str, bytes]]:
    """An article's tables and their Parquet files (:func:`analysis_files`), as an analysis task returns them."""
    return analysis, analysis_files(analysis)


def analysis_task(codebook_dir: Path, codebook_digest: str, code: str, article: pd.Series, sentences: pd.DataFrame, tokens: pd.DataFrame) -> tuple[ArticleAnalysis, dict[str, bytes]]:
    """One article, analysed on a cluster worker with that worker's codebooks (:func:`worker_codebooks`), with its files."""
    return with_files(analyse_article(article, sentences, tokens, worker_codebooks(codebook_dir, codebook_digest, code)))


_CODEBOOK_LOCK = threading.Lock()


def worker_codebooks(codebook_dir: Path, codebook_digest: str, code: str) -> Codebooks:
    """The codebooks this process analyses with: loaded from ``codebook_dir`` when first asked for, then kept.

    ``codebook_digest`` and ``code`` are the codebooks' digest and the code
    digest the build keys the analysis store with: a worker whose codebook
    files or package differ (another checkout, another version) is refused,
    since its tables would be stored under the wrong key.
    """
    with _CODEBOOK_LOCK:
        return _loaded_codebooks(Path(codebook_dir), codebook_digest, code)


@functools.cache
def _loaded_codebooks(codebook_dir: Path, codebook_digest: str, code: str) -> Codebooks:
    """:func:`worker_codebooks`'s store, keyed by folder and the digests it must match."""
    if code_digest() != code:
        raise ClusterError("a dask worker runs another version of rcreport than the build; install the same checkout on every machine")
    if not codebook_dir.is_dir():
        raise ClusterError(
            f"a dask worker has no codebook folder at {codebook_dir}; every worker reads the codebooks at the path the build uses: install the project at the same path on every machine"
        )
    codebooks = load_codebooks(codebook_dir)
    if codebooks.digest != codebook_digest:
        raise ClusterError(f"the codebook files in {codebook_dir} on a dask worker differ from those the build read; give every machine the same data/codebook")
    return codebooks
