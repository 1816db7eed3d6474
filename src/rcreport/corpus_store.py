"""The loaded corpus, stored once per build as Parquet tables for the chapters and the next build.

Loading the corpus (:func:`rcreport.corpus.load_corpus`: validation,
cleaning, sentence splitting and the duplicate check) takes seconds per
thousand articles, and the build and every chapter need it. The build loads
it through :func:`stored_corpus`, which writes the tables to
``build/analysis/corpus/`` with the key of what they were loaded from: the
metadata table, the article files, the day (dates after it are excluded) and
this package's code. The next build with the same key reads the tables
instead of loading again, and the chapters read them with
:func:`read_corpus`, so the corpus is loaded once, in one place.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .corpus import Corpus, load_corpus
from .hashing import code_digest, sha256, update_with_tree

#: The folder of the stored corpus, under the build's analysis folder
CORPUS_FOLDER = "corpus"
TABLES = ("articles", "sentences", "removed")
CLEAN_TEXTS = "clean_texts"
KEY_FILE = "key.json"


def corpus_key(data_dir: Path, today: dt.date) -> str:
    """sha256 over what loading the corpus depends on: ``articles.csv``, the article files, the day and this package's code."""
    digest = sha256(today.isoformat(), code_digest())
    data_dir = Path(data_dir)
    metadata = data_dir / "articles.csv"
    digest.update(metadata.read_bytes() if metadata.is_file() else b"no metadata")
    if (data_dir / "articles").is_dir():
        update_with_tree(digest, data_dir / "articles")
    return digest.hexdigest()


def stored_key(folder: Path) -> str | None:
    """The key the corpus under ``folder`` was stored with, or None where there is none."""
    path = Path(folder) / KEY_FILE
    return json.loads(path.read_text(encoding="utf-8"))["key"] if path.is_file() else None


def write_corpus(corpus: Corpus, folder: Path, key: str) -> None:
    """Store ``corpus`` under ``folder``: one Parquet file per table and the key last, all replaced at once."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    for name in TABLES:
        getattr(corpus, name).to_parquet(staging / f"{name}.parquet", index=False)
    texts = pd.DataFrame({"article_id": list(corpus.clean_texts), "text": list(corpus.clean_texts.values())}, columns=["article_id", "text"])
    texts.to_parquet(staging / f"{CLEAN_TEXTS}.parquet", index=False)
    (staging / KEY_FILE).write_text(json.dumps({"key": key}) + "\n", encoding="utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)


def read_corpus(analysis_dir: Path) -> Corpus:
    """The corpus the build stored under ``analysis_dir`` (see :func:`stored_corpus`)."""
    folder = Path(analysis_dir) / CORPUS_FOLDER
    if stored_key(folder) is None:
        raise FileNotFoundError(f"{folder}: no stored corpus; `rcreport build` writes it before the chapters run")
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    texts = pd.read_parquet(folder / f"{CLEAN_TEXTS}.parquet")
    return Corpus(**tables, clean_texts=dict(zip(texts["article_id"], texts["text"], strict=True)))


def current_corpus(data_dir: Path, analysis_dir: Path, today: dt.date | None = None) -> Corpus:
    """The corpus of ``data_dir`` as loading it now gives it: read from ``analysis_dir`` where it was stored from the same inputs, else loaded.

    Nothing is stored: what only reads the corpus (``rcreport add``, which
    then changes ``data/``) leaves ``build/`` as it was.
    """
    today = today or dt.date.today()
    if stored_key(Path(analysis_dir) / CORPUS_FOLDER) == corpus_key(data_dir, today):
        return read_corpus(analysis_dir)
    return load_corpus(data_dir, today)


def stored_corpus(data_dir: Path, analysis_dir: Path, today: dt.date | None = None) -> Corpus:
    """The corpus of ``data_dir``: read from ``analysis_dir`` where it was stored from the same inputs, else loaded and stored."""
    today = today or dt.date.today()
    key = corpus_key(data_dir, today)
    folder = Path(analysis_dir) / CORPUS_FOLDER
    if stored_key(folder) == key:
        return read_corpus(analysis_dir)
    corpus = load_corpus(data_dir, today)
    write_corpus(corpus, folder, key)
    return corpus


def share_corpus(corpus: Corpus, source_analysis_dir: Path, analysis_dir: Path) -> None:
    """Store ``corpus``, stored under ``source_analysis_dir``, under ``analysis_dir`` too, with its key: for a
    copy of the project (an edition) whose data is the same, so that the copy need not load it again."""
    key, folder = stored_key(Path(source_analysis_dir) / CORPUS_FOLDER), Path(analysis_dir) / CORPUS_FOLDER
    if key is not None and stored_key(folder) != key:
        write_corpus(corpus, folder, key)
