"""The corpus's tables: every included article's analysis, analysed where missing and joined in corpus order.

:func:`analyse_corpus` takes each article's tables from the per-article
store of :mod:`rcreport.analysis`, analyses the articles missing from it as
tasks on the build's dask cluster like the annotation
(:mod:`rcreport.cluster`), and writes the corpus-level tables (each
per-article table of every included article, in corpus order, plus the
token table with its summaries) once per build into ``build/analysis/``,
which the chapters read (:func:`rcreport.analysis.read_analysis`,
:func:`rcreport.analysis.read_tokens`) instead of the annotation cache. A
manifest there records which articles, under which keys, the tables were
made of, so that a rebuild where nothing changed writes nothing and one
where an article was added joins only it to the rest.
What looks across articles (distinctive words, rankings, shares of the
corpus) and what depends on the as-of date (publication dates, the
timeline) is computed from those tables by the chapters.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from .analysis import (
    LEMMA_COUNTS,
    NAME_RUNS,
    TABLES,
    TOKEN_TABLES,
    TOKENS,
    ArticleAnalysis,
    Codebooks,
    analyse_article,
    analysis_key,
    analysis_path,
    analysis_task,
    load_codebooks,
    read_analysis,
    with_files,
    write_analysis,
    write_table,
)
from .cluster import Connect, run_tasks
from .corpus import Corpus
from .hashing import code_digest
from .language import LEMMA_COUNT_COLUMNS, NAME_RUN_COLUMNS, lemma_counts, name_runs
from .memory import return_freed_memory
from .nlp import TOKEN_COLUMNS, cache_key, table_tokens

# What records which articles, under which keys, the aggregated tables were made of
MANIFEST = "manifest.json"
# How many articles a local cluster's worker must have to analyse before a cluster is started for the
# analysis alone (where the annotation started none): a worker takes about 4 s to start and import the
# analysis, an article about 0.2 s to analyse (on this project's machines), so fewer (adding an article)
# are analysed sooner in the build's own process
ARTICLES_PER_WORKER = 25
# How many articles' tables are joined into one part as they arrive, before the corpus's are: each of an
# article's small tables costs several times its data in memory (1,000 articles' tables took 309 MiB for 41
# MiB of data), which at 10,000 articles was most of the build's peak
ARTICLES_PER_PART = 250


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
    tasks_done: Callable[[], None] = lambda: None,
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
    once, :func:`rcreport.analysis.worker_codebooks`), or, where it gives None or there is no
    ``connect``, are analysed in this process by ``analyse``. An article's
    sentences and tokens are taken when its task is submitted, and its
    tables are stored here as each arrives, so an interrupted run resumes.
    ``tasks_done`` is called once every article is analysed, before the
    corpus's tables are joined: the build closes its cluster there, whose
    idle workers would otherwise hold their memory beside the join (1.5 GB
    at 10,000 articles).
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
    if _manifest(output_dir) == manifest and all((output_dir / f"{name}.parquet").is_file() for name in (*TABLES, *TOKEN_TABLES)):
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
    tasks_done()
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


def analyse_in_memory(corpus: Corpus, tokens: pd.DataFrame, codebook_dir: Path) -> ArticleAnalysis:
    """The corpus's tables computed article by article without the store: for tests and one-off checks on a small corpus."""
    codebooks = load_codebooks(codebook_dir)
    rows_of, tokens_of = article_rows(corpus.sentences), table_tokens(tokens)
    return aggregate([analyse_article(article, corpus.sentences.iloc[rows_of[article.id]], tokens_of(article.id), codebooks) for _, article in corpus.included.iterrows() if article.id in rows_of])


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
    """Write the corpus's tables, its token tables (:func:`write_token_tables`), and last the manifest that says what they were made of."""
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / MANIFEST).unlink(missing_ok=True)
    for name in TABLES:
        write_table(getattr(aggregated, name), output_dir / f"{name}.parquet")
    write_token_tables(tokens_of, [article_id for article_id, _ in manifest], output_dir)
    (output_dir / MANIFEST).write_text(json.dumps(manifest, indent=0), encoding="utf-8")


#: Each token table's columns and how it is made from a part of the token table
TOKEN_TABLE_MAKERS: dict[str, tuple[list[str], Callable[[pd.DataFrame], pd.DataFrame]]] = {
    TOKENS: (TOKEN_COLUMNS, lambda tokens: tokens),
    LEMMA_COUNTS: (LEMMA_COUNT_COLUMNS, lemma_counts),
    NAME_RUNS: (NAME_RUN_COLUMNS, name_runs),
}


def write_token_tables(tokens_of: Callable[[str], pd.DataFrame], article_ids: list[str], output_dir: Path) -> None:
    """The token tables of ``article_ids``, one after another, and their summaries (:data:`TOKEN_TABLE_MAKERS`),
    as Parquet files of ``output_dir`` written :data:`ARTICLES_PER_PART` articles at a time.

    The corpus's token table is the largest the build has (6 million rows
    at 10,000 articles); written a part at a time, it is never held whole,
    and neither are its summaries, which are made per article and so per
    part. Each file is the same as its table written at once, less its row
    groups' boundaries; a summary with no rows in a part (no proper noun
    in its articles) keeps the columns' types of the part's tokens.
    """
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        for first in range(0, len(article_ids), ARTICLES_PER_PART):
            part = _concat([tokens_of(article_id) for article_id in article_ids[first : first + ARTICLES_PER_PART]])
            for name, (_, make) in TOKEN_TABLE_MAKERS.items():
                arrow = pa.Table.from_pandas(make(part), preserve_index=False)
                if name not in writers:
                    writers[name] = pq.ParquetWriter(output_dir / f"{name}.parquet", arrow.schema)
                writers[name].write_table(arrow.cast(writers[name].schema))
    finally:
        for writer in writers.values():
            writer.close()
    for name, (columns, _) in TOKEN_TABLE_MAKERS.items():
        if name not in writers:
            write_table(pd.DataFrame(columns=columns), output_dir / f"{name}.parquet")


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
