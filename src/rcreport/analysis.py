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

:func:`analyse_corpus` analyses the articles missing from that store, as
tasks on the build's dask cluster like the annotation
(:mod:`rcreport.cluster`), and writes the corpus-level tables (each
per-article table of every included article, in corpus order, plus the
token table) once per build into ``build/analysis/``, which the chapters
read instead of the annotation cache.
What looks across articles (distinctive words, rankings, shares of the
corpus) and what depends on the as-of date (publication dates, the
timeline) is computed from those tables by the chapters.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from .actors import actor_sides, alias_matches, find_mentions
from .chronology import sentence_labels
from .cluster import ClusterError, Connect, run_tasks
from .codebook import Actor, Grammar, StanceCodebook, Theme, TimeWords, load_actors, load_grammar, load_stance_codebook, load_themes, load_time_words
from .corpus import Corpus
from .event_codebook import EventCodebook, load_events
from .hashing import code_digest, sha256, update_with_tree
from .known_events import event_mentions
from .memory import return_freed_memory
from .mentions import sentence_views
from .nlp import CACHE_KEY_CHARS, PARTIAL_SUFFIX, TOKEN_COLUMNS, cache_key, table_tokens
from .quotations import find_quotations
from .relevance import article_relevance
from .stances import find_stances
from .statements import merge_states, sentence_words
from .temporal import time_expressions
from .themes import assign_themes

# The per-article tables, in the order they are written (see ArticleAnalysis)
TABLES = ("matches", "assignments", "mentions", "aliases", "relevance", "quotations", "stances", "state_stances", "expressions", "event_mentions", "labels")
# The corpus-level token table analyse_corpus writes beside the aggregated tables
TOKENS = "tokens"
# What records which articles, under which keys, the aggregated tables were made of
MANIFEST = "manifest.json"
LABEL_COLUMNS = ["article_id", "sentence_id", "label"]
# How many articles a local cluster's worker must have to analyse before a cluster is started for the
# analysis alone (where the annotation started none): a worker takes about 4 s to start and import the
# analysis, an article about 0.2 s to analyse (on this project's machines), so fewer (adding an article)
# are analysed sooner in the build's own process
ARTICLES_PER_WORKER = 25
# How many articles' tables are joined into one part as they arrive, before the corpus's are: each of an
# article's small tables costs several times its data in memory (1,000 articles' tables took 309 MiB for 41
# MiB of data), which at 10,000 articles was most of the build's peak
ARTICLES_PER_PART = 250


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


def read_tokens(folder: Path, articles: Iterable[str] | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    """The token table of the corpus as :func:`analyse_corpus` aggregated it: the rows of ``articles`` only and the ``columns`` only, where given.

    Rows and columns are chosen as the Parquet file is read, so a chapter
    that counts some articles, or needs a few columns, never holds the
    corpus's whole table (6 million rows at 10,000 articles).
    """
    filters = None if articles is None else [("article_id", "in", list(articles))]
    return pq.read_table(Path(folder) / f"{TOKENS}.parquet", columns=columns, filters=filters).to_pandas()


# --- the corpus -------------------------------------------------------------------------------------


def analyse_corpus(
    corpus: Corpus,
    tokens_of: Callable[[str], pd.DataFrame],
    identity: str,
    codebook_dir: Path,
    store: Path,
    output_dir: Path,
    progress: bool = True,
    analyse: Callable[[pd.Series, pd.DataFrame, pd.DataFrame, Codebooks], ArticleAnalysis] = analyse_article,
    connect: Connect | None = None,
) -> ArticleAnalysis:
    """Analyse every included article missing from ``store`` and write the corpus-level tables into ``output_dir``.

    ``tokens_of`` gives an article's token table by its id
    (:func:`rcreport.nlp.cached_tokens`, or :func:`rcreport.nlp.table_tokens`
    of a table in memory) and ``identity`` is the models' identity it was
    annotated with, which with the sentences gives each article's annotation
    key. The aggregated tables are each article's tables in corpus order;
    where the manifest of ``output_dir`` says they were made of the same
    articles under the same keys, nothing is written and no token is read.
    An article still aggregated there under its key is taken from there
    rather than read from the store. One progress bar counts the articles.
    Returns the corpus's tables.

    The articles to analyse are tasks on the cluster ``connect(n)`` gives
    (:func:`rcreport.cluster.build_client`; each worker loads the codebooks
    once, :func:`worker_codebooks`), or, where it gives None or there is no
    ``connect``, are analysed in this process by ``analyse``. An article's
    sentences and tokens are taken when its task is submitted, and its
    tables are stored here as each arrives, so an interrupted run resumes.
    """
    codebooks = load_codebooks(codebook_dir)
    code = code_digest()
    store, output_dir = Path(store), Path(output_dir)
    store.mkdir(parents=True, exist_ok=True)
    rows_of = article_rows(corpus.sentences)

    def sentences_of(article_id: str) -> pd.DataFrame:
        return corpus.sentences.iloc[rows_of[article_id]]

    def key_of(sentences: pd.DataFrame) -> str:
        return analysis_key(cache_key(sentences, identity), sentences, codebooks.digest, code)

    articles = {article.id: article for _, article in corpus.included.iterrows() if article.id in rows_of}
    keys = {article_id: key_of(sentences_of(article_id)) for article_id in articles}
    manifest = [[article_id, key] for article_id, key in keys.items()]
    if _manifest(output_dir) == manifest and all((output_dir / f"{name}.parquet").is_file() for name in (*TABLES, TOKENS)):
        return read_analysis(output_dir)
    kept, previous = _previous_tables(output_dir, set(keys.items()))
    parts = JoinedParts()
    for tables in previous:
        parts.add(tables)
    stored = {article_id for article_id in articles if article_id not in kept and analysis_path(store, article_id, keys[article_id]).is_dir()}
    missing = [article_id for article_id in articles if article_id not in kept and article_id not in stored]
    with tqdm(total=len(articles), initial=len(kept), desc="analysing", unit="article", disable=not progress) as bar:
        for article_id in articles:
            if article_id in stored:
                parts.add(read_analysis(analysis_path(store, article_id, keys[article_id])))
                bar.update()

        def in_process() -> Callable[[pd.Series, pd.DataFrame, pd.DataFrame], tuple[ArticleAnalysis, dict[str, bytes]]]:
            return lambda article, sentences, tokens: with_files(analyse(article, sentences, tokens, codebooks))

        def job(article_id: str) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
            return articles[article_id], sentences_of(article_id), tokens_of(article_id)

        task = functools.partial(analysis_task, codebook_dir, codebooks.digest, code)
        for article_id, (analysis, files) in run_tasks(task, missing, job, connect, in_process):
            write_analysis(files, analysis_path(store, article_id, keys[article_id]))
            parts.add(analysis)
            bar.update()
    aggregated = parts.corpus_tables(order=list(articles))
    write_aggregate(aggregated, tokens_of, manifest, output_dir)
    return aggregated


def article_rows(sentences: pd.DataFrame) -> dict[str, slice]:
    """Each article's rows of a corpus's ``sentences`` (in article order, as :mod:`rcreport.corpus` makes them), as a slice.

    A slice of the table is a view, where taking an article's rows by their
    numbers copies them out of the table's many chunks: 10 ms an article,
    most of a no-change rebuild of 10,000 articles. Sentences not in article
    order are an error, not a slow path.
    """
    rows = sentences.groupby("article_id", sort=False).indices
    spans = {article_id: slice(int(numbers[0]), int(numbers[-1]) + 1) for article_id, numbers in rows.items()}
    scattered = [article_id for article_id, span in spans.items() if span.stop - span.start != len(rows[article_id])]
    if scattered:
        raise ValueError(f"the sentences of {', '.join(scattered[:3])} are not together: a corpus's sentences are in article order")
    return spans


class JoinedParts:
    """Articles' tables as they arrive, joined :data:`ARTICLES_PER_PART` articles at a time, then into the corpus's tables.

    Each of an article's small tables costs several times its data in memory,
    and so do the copies a join makes: joined a part at a time, with the
    freed memory handed back after each part (:func:`rcreport.memory.return_freed_memory`),
    and into the corpus's tables one table at a time, the build's process
    holds about the corpus's tables once, not several times. The tables are
    those :func:`aggregate` joins at once, byte for byte.
    """

    def __init__(self):
        self.parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
        self.waiting: list[ArticleAnalysis] = []

    def add(self, analysis: ArticleAnalysis) -> None:
        """One article's tables, or several articles' (an earlier aggregate's)."""
        self.waiting.append(analysis)
        if len(self.waiting) >= ARTICLES_PER_PART:
            self._join_waiting()

    def _join_waiting(self) -> None:
        if not self.waiting:
            return
        for name in TABLES:
            self.parts[name].append(_concat([getattr(analysis, name) for analysis in self.waiting]))
        self.waiting = []
        return_freed_memory()

    def corpus_tables(self, order: list[str]) -> ArticleAnalysis:
        """The corpus's tables, in the order of the articles' ids ``order`` (see :func:`aggregate`); the parts are let go as each table is made."""
        self._join_waiting()
        position = {article_id: index for index, article_id in enumerate(order)}
        tables = {}
        for name in TABLES:
            tables[name] = _in_article_order(_concat(self.parts.pop(name)), position)
        tables["assignments"] = _by_sentence_and_theme(tables["assignments"])
        return ArticleAnalysis(**tables)


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


def analyse_in_memory(corpus: Corpus, tokens: pd.DataFrame, codebook_dir: Path) -> ArticleAnalysis:
    """The corpus's tables computed article by article without the store: for tests and one-off checks on a small corpus."""
    codebooks = load_codebooks(codebook_dir)
    sentences_of, tokens_of = dict(tuple(corpus.sentences.groupby("article_id", sort=False))), table_tokens(tokens)
    return aggregate([analyse_article(article, sentences_of[article.id], tokens_of(article.id), codebooks) for _, article in corpus.included.iterrows() if article.id in sentences_of])


def aggregate(parts: list[ArticleAnalysis], order: list[str] | None = None) -> ArticleAnalysis:
    """The corpus's tables: each table of every article, one after another, with a fresh index.

    A part may hold several articles (the previous aggregate's); ``order``
    (the articles' ids in corpus order) then puts each table's rows in the
    order of their articles, each article's rows as they were. Theme
    assignments are sorted by sentence and theme as
    :func:`rcreport.themes.sentence_themes` sorts a corpus's.
    """
    tables = {name: _concat([getattr(part, name) for part in parts]) for name in TABLES}
    if order is not None:
        position = {article_id: index for index, article_id in enumerate(order)}
        tables = {name: _in_article_order(table, position) for name, table in tables.items()}
    tables["assignments"] = _by_sentence_and_theme(tables["assignments"])
    return ArticleAnalysis(**tables)


def _by_sentence_and_theme(assignments: pd.DataFrame) -> pd.DataFrame:
    return assignments.sort_values(["sentence_id", "theme"], kind="stable").reset_index(drop=True)


def _in_article_order(table: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    """The rows of ``table`` by their article's position, each article's rows in the order they had (a stable sort)."""
    order = np.argsort(table["article_id"].map(position).to_numpy(), kind="stable")
    return table.iloc[order].reset_index(drop=True)


def _concat(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Tables one after another; empty ones are left out (pandas would let them change the columns' types)."""
    filled = [table for table in tables if len(table)]
    if not filled:
        return tables[0].iloc[:0].reset_index(drop=True) if tables else pd.DataFrame()
    return pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0].reset_index(drop=True)


def write_aggregate(aggregated: ArticleAnalysis, tokens_of: Callable[[str], pd.DataFrame], manifest: list[list[str]], output_dir: Path) -> None:
    """Write the corpus's tables, its token table (:func:`write_token_table`), and last the manifest that says what they were made of."""
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / MANIFEST).unlink(missing_ok=True)
    for name in TABLES:
        write_table(getattr(aggregated, name), output_dir / f"{name}.parquet")
    write_token_table(tokens_of, [article_id for article_id, _ in manifest], output_dir / f"{TOKENS}.parquet")
    (output_dir / MANIFEST).write_text(json.dumps(manifest, indent=0), encoding="utf-8")


def write_token_table(tokens_of: Callable[[str], pd.DataFrame], article_ids: list[str], path: Path) -> None:
    """The token tables of ``article_ids``, one after another, as one Parquet file written :data:`ARTICLES_PER_PART` articles at a time.

    The corpus's token table is the largest the build has (6 million rows
    at 10,000 articles); written a part at a time, it is never held whole.
    The file is the same as the table written at once, less its row groups'
    boundaries.
    """
    writer = None
    try:
        for first in range(0, len(article_ids), ARTICLES_PER_PART):
            part = _concat([tokens_of(article_id) for article_id in article_ids[first : first + ARTICLES_PER_PART]])
            table = pa.Table.from_pandas(part, preserve_index=False)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        write_table(pd.DataFrame(columns=TOKEN_COLUMNS), path)


def analysis_keys(output_dir: Path) -> dict[str, str]:
    """The analysis key of each article of the tables in ``output_dir``, as its manifest records them (what pages are keyed by)."""
    return dict(map(tuple, _manifest(Path(output_dir)) or []))


def _manifest(output_dir: Path) -> list[list[str]] | None:
    path = output_dir / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _previous_tables(output_dir: Path, wanted: set[tuple[str, str]]) -> tuple[set[str], list[ArticleAnalysis]]:
    """The articles of the last aggregate still wanted under the same key, and their tables (one part holding them all).

    The aggregate is kept whole, less the articles no longer wanted, rather
    than split into one part per article: adding an article to 1,000 then
    costs one filter per table, not a thousand groups joined again.
    """
    manifest = _manifest(output_dir)
    kept = {article_id for article_id, key in manifest or [] if (article_id, key) in wanted}
    if not kept:
        return set(), []
    tables = read_analysis(output_dir)
    return kept, [tables if len(kept) == len(manifest) else tables.restrict(kept)]
