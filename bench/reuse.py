"""Fill a large generated corpus's annotation cache from annotations already made: the 10,000-article benchmark.

Annotating 10,000 generated articles would take hours on two cores, and it
is not what the large benchmark measures (annotation is linear, and
measured at 1,000 and by the worker benchmark): it measures the rest of
the build. Generated articles are made of the seed corpus's sentences
(``bench/generate.py``), so their annotations can be reused:

- an article the source project has annotated (the same id and sentences:
  the same cache key; a generated corpus of ``n`` articles begins with the
  one of ``m < n`` articles, same seed) is copied from its cache file;
- any other article is assembled sentence by sentence from the token rows
  of the same sentence text in the source's cache (offsets moved to where
  the sentence starts in this article);
- the few sentences no earlier article had (a line the sentence splitter
  cut differently) are annotated for real, by ``annotate_corpus`` on the
  local cluster, as pseudo-articles of up to :data:`SENTENCES_PER_TASK`
  sentences.

Each file is written under the key the build computes
(:func:`rcreport.nlp.cache_path`), so the build finds every article in the
cache and annotates none. This relies on a sentence's annotation not
depending on its neighbours (the pipeline tokenizes, tags and parses each
blank-line-separated sentence on its own); :func:`check_assembly` tests that
on articles annotated for real.
"""

from __future__ import annotations

import dataclasses
import functools
import shutil
import time
from pathlib import Path

import pandas as pd

from rcreport.cluster import build_client
from rcreport.corpus import Corpus, load_corpus
from rcreport.nlp import SENTENCE_BREAK, TOKEN_COLUMNS, PipelineFactory, annotate_corpus, bundled_models, cache_path, read_tokens, write_tokens

# Sentences per pseudo-article when the unseen sentences are annotated
SENTENCES_PER_TASK = 40
# Token columns that do not depend on where the sentence stands in its article
WORD_COLUMNS = ["token_id", "text", "lemma", "upos", "head", "deprel"]
# How many articles annotated for real check_assembly rebuilds from the others
CHECKED_ARTICLES = 20


def articles_of(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Each included article's sentences, by id."""
    by_article = dict(tuple(corpus.sentences.groupby("article_id", sort=False)))
    return {article_id: by_article[article_id] for article_id in corpus.included["id"] if article_id in by_article}


def sentence_rows(sentences: pd.DataFrame, tokens: pd.DataFrame) -> dict[str, list[tuple]]:
    """Sentence text -> its token rows (word columns, then start and end relative to the sentence)."""
    starts = dict(zip(sentences["sentence_id"], sentences["start"]))
    texts = dict(zip(sentences["sentence_id"], sentences["text"]))
    memo: dict[str, list[tuple]] = {}
    for sentence_id, group in tokens.groupby("sentence_id", sort=False):
        offset = starts[sentence_id]
        rows = [(*row[:-2], row[-2] - offset, row[-1] - offset) for row in group[[*WORD_COLUMNS, "start", "end"]].itertuples(index=False, name=None)]
        memo.setdefault(texts[sentence_id], rows)
    return memo


def assemble(article_id: str, sentences: pd.DataFrame, memo: dict[str, list[tuple]]) -> pd.DataFrame:
    """One article's token table from the rows of its sentences' texts (each must be in ``memo``)."""
    rows = []
    for sentence_id, start, text in zip(sentences["sentence_id"], sentences["start"], sentences["text"]):
        rows += [(article_id, sentence_id, *row[:-2], row[-2] + start, row[-1] + start) for row in memo[text]]
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def source_memo(sources: list[Path], identity: str) -> tuple[dict[str, list[tuple]], dict[str, Path]]:
    """Token rows by sentence text from the source projects' caches, and their cache files by file name."""
    memo: dict[str, list[tuple]] = {}
    files: dict[str, Path] = {}
    for source in sources:
        corpus = load_corpus(source / "data")
        for article_id, sentences in articles_of(corpus).items():
            path = cache_path(source / ".cache" / "annotations", article_id, sentences, identity)
            if path.is_file():
                files[path.name] = path
                for text, rows in sentence_rows(sentences, read_tokens(path)).items():
                    memo.setdefault(text, rows)
    return memo, files


def annotate_unseen(texts: list[str], models, cache_dir: Path, workers: int | None) -> dict[str, list[tuple]]:
    """Annotate sentences no source had, on the local cluster, as pseudo-articles; returns their rows by text."""
    if not texts:
        return {}
    rows, offset = [], 0
    for number, text in enumerate(texts):
        article_id = f"U{number // SENTENCES_PER_TASK:05d}"
        rows.append({"article_id": article_id, "sentence_id": f"{article_id}.s{number:06d}", "start": offset, "end": offset + len(text), "text": text})
        offset += len(text) + len(SENTENCE_BREAK)
    sentences = pd.DataFrame(rows)
    ids = sentences["article_id"].unique()
    corpus = Corpus(articles=pd.DataFrame({"id": ids, "status": "included"}), sentences=sentences, removed=pd.DataFrame(), clean_texts={})
    connect = functools.partial(build_client, workers=workers)
    tokens = annotate_corpus(corpus, models, cache_dir, pipeline_factory=PipelineFactory(), progress=False, connect=connect)
    return sentence_rows(sentences, tokens)


def prefill(project: Path, sources: list[Path], models_dir: Path, scratch: Path, workers: int | None = None) -> dict:
    """Fill ``project``'s annotation cache from ``sources`` (project roots with an annotation cache); returns counts and seconds."""
    start = time.perf_counter()
    models = bundled_models(models_dir)
    identity = models.identity
    memo, files = source_memo(sources, identity)
    read_s = time.perf_counter() - start
    articles = articles_of(load_corpus(project / "data"))
    cache_dir = project / ".cache" / "annotations"
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = {article_id: cache_path(cache_dir, article_id, sentences, identity) for article_id, sentences in articles.items()}
    copied = [article_id for article_id, path in paths.items() if path.name in files]
    for article_id in copied:
        shutil.copyfile(files[paths[article_id].name], paths[article_id])
    assembled = [article_id for article_id in articles if article_id not in set(copied)]
    unseen = sorted({text for article_id in assembled for text in articles[article_id]["text"] if text not in memo})
    annotate_start = time.perf_counter()
    memo.update(annotate_unseen(unseen, models, scratch, workers))
    annotate_s = time.perf_counter() - annotate_start
    for article_id in assembled:
        write_tokens(assemble(article_id, articles[article_id], memo), paths[article_id])
    return {
        "articles": len(articles),
        "copied_from_cache": len(copied),
        "assembled": len(assembled),
        "sentences_in_assembled": int(sum(len(articles[article_id]) for article_id in assembled)),
        "unseen_sentences_annotated": len(unseen),
        "read_sources_s": round(read_s, 1),
        "annotate_unseen_s": round(annotate_s, 1),
        "seconds": round(time.perf_counter() - start, 1),
    }


def check_assembly(source: Path, models_dir: Path, count: int = CHECKED_ARTICLES) -> dict:
    """Rebuild the last ``count`` articles annotated for real in ``source`` from the other articles' sentences;
    returns how many came out byte-identical to their real annotation (and how many could be assembled)."""
    identity = bundled_models(models_dir).identity
    corpus = load_corpus(source / "data")
    articles = articles_of(corpus)
    cache_dir = source / ".cache" / "annotations"
    tested = list(articles)[-count:]
    others = dataclasses.replace(corpus, articles=corpus.articles[~corpus.articles["id"].isin(tested)])
    memo: dict[str, list[tuple]] = {}
    for article_id, sentences in articles_of(others).items():
        memo.update({text: rows for text, rows in sentence_rows(sentences, read_tokens(cache_path(cache_dir, article_id, sentences, identity))).items() if text not in memo})
    assemblable = [article_id for article_id in tested if all(text in memo for text in articles[article_id]["text"])]
    identical = 0
    for article_id in assemblable:
        real = cache_path(cache_dir, article_id, articles[article_id], identity).read_text(encoding="utf-8")
        identical += assemble(article_id, articles[article_id], memo).to_csv(index=False) == real
    return {"tested": len(tested), "assemblable": len(assemblable), "identical": identical}
