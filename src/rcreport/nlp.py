"""The NLP stage: annotate the corpus sentences with a stanza Hindi pipeline.

The project's own models (``models/hi/`` of the project root, trained from UD
Hindi by ``scripts/train_models.py``) are used by default and load fully
offline; the build finds them under the project root it builds, or in the
folder given by ``rcreport build --models-dir``, never next to this package,
which works installed as well as from a checkout. ``models="official"``
selects stanza's official Hindi models for users who have downloaded them.
Each article's annotation is cached under a key made of its sentences, the
model files' checksums and the stanza version, so an unchanged article is
never annotated twice. Articles missing from the cache are annotated as tasks
on a dask.distributed cluster (a ``LocalCluster`` of one worker process per
core by default, or an existing cluster's scheduler), each worker keeping one
pipeline loaded; the cache stays the one store of annotations.
"""

from __future__ import annotations

import functools
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from tqdm.auto import tqdm

from .cluster import Connect, run_tasks
from .corpus import Corpus
from .hashing import file_sha256, sha256

# stanza and torch (about 220 MiB of a process's memory, and seconds of start-up) are imported only where a
# pipeline is made (make_pipeline, official_models): the build's process, the chapters' kernels and the workers
# that only analyse read this module for the cache's keys and token tables, and need neither
if TYPE_CHECKING:
    import stanza

PROCESSORS = ("tokenize", "pos", "lemma", "depparse")
# Where the bundled models are, relative to the project root (the build's --root, the chapters' working directory)
DEFAULT_MODELS_DIR = Path("models") / "hi"
# The held-out scores of the bundled models, written by scripts/train_models.py beside their folder
SCORES_FILE = "scores.json"
# One torch thread by default: the LSTMs of these small models run faster on one thread than on two here
# (``rcreport build --torch-threads N`` sets another number)
TORCH_THREADS = 1
# Words per batch of the dependency parser. stanza's default (5,000) puts a whole article in one batch,
# padded to its longest sentence, and the parser's biaffine scores grow with the square of that length;
# batches of about ten sentences of like length (stanza sorts them) cut the padding: about 1.25 x the
# tokens per CPU second on one torch thread (1,044 -> 1,290 on 15 generated articles), the same token tables
DEPPARSE_BATCH_WORDS = 250
# How the corpus is annotated: sentences arrive split by the corpus stage; CPU (unless the build is given
# --device cuda, see make_pipeline); stanza's own logging quiet; the parser in batches of DEPPARSE_BATCH_WORDS
CORPUS_OPTIONS = {"tokenize_no_ssplit": True, "use_gpu": False, "logging_level": "ERROR", "depparse_batch_size": DEPPARSE_BATCH_WORDS}
# Where a pipeline runs: "cuda" asks stanza for a GPU, which it uses where torch sees one (CPU otherwise)
DEVICES = ("cpu", "cuda")
# How many hex digits of an article's cache key its cache file's name carries (80 bits: no two keys meet)
CACHE_KEY_CHARS = 20
# The suffix of a cache file being written (see write_tokens); never read as a cache entry
PARTIAL_SUFFIX = ".partial"
TOKEN_COLUMNS = ["article_id", "sentence_id", "token_id", "text", "lemma", "upos", "head", "deprel", "start", "end"]
SENTENCE_BREAK = "\n\n"


class ModelError(RuntimeError):
    """The requested models cannot be loaded; the message says what to do."""


@dataclass(frozen=True)
class Models:
    """Which stanza models annotate the corpus, and their identity for the cache key."""

    source: str  # "bundled" or "official"
    model_dir: Path
    files: tuple[Path, ...]

    @property
    def identity(self) -> str:
        """sha256 over the model files' checksums and the stanza version."""
        digest = sha256(f"stanza {metadata.version('stanza')}\n")
        for path in self.files:
            digest.update(f"{path.name} {file_sha256(path)}\n".encode())
        return digest.hexdigest()

    @property
    def scores_path(self) -> Path | None:
        """The held-out scores of bundled models (``scores.json`` beside their folder); None for official ones."""
        return self.model_dir.parent / SCORES_FILE if self.source == "bundled" else None


def bundled_models(model_dir: Path | str = DEFAULT_MODELS_DIR) -> Models:
    """The project's own models: one ``<processor>.pt`` per processor in ``model_dir``.

    ``model_dir`` defaults to ``models/hi`` of the working directory, which
    for the build and its chapters is the project root.
    """
    model_dir = Path(model_dir)
    files = tuple(model_dir / f"{processor}.pt" for processor in PROCESSORS)
    missing = [path.name for path in files if not path.is_file()]
    if missing:
        raise ModelError(
            f"bundled model files missing in {model_dir.resolve()}: {', '.join(missing)}; "
            f"build from the project root (rcreport build --root DIR, which reads DIR/{DEFAULT_MODELS_DIR.as_posix()}), "
            "give the folder that holds them with --models-dir DIR, "
            "or retrain them with scripts/train_models.py (see models/README.md)"
        )
    return Models("bundled", model_dir, files)


def official_models(model_dir: Path | None = None) -> Models:
    """stanza's official Hindi models, as ``stanza.download('hi')`` leaves them."""
    import stanza

    model_dir = Path(model_dir or stanza.resources.common.DEFAULT_MODEL_DIR)
    language_dir = model_dir / "hi"
    files = tuple(sorted(path for processor in PROCESSORS for path in (language_dir / processor).glob("*.pt")))
    if not (model_dir / "resources.json").is_file() or not files:
        raise ModelError(
            f"stanza's official Hindi models are not in {model_dir}; download them with "
            "python -c \"import stanza; stanza.download('hi')\" where the model hub is reachable, "
            "or build with the bundled models (the default)"
        )
    return Models("official", model_dir, files)


def select_models(source: str, model_dir: Path | str | None = None) -> Models:
    """Models by the name used in settings and notebook parameters: 'bundled' or 'official'.

    ``model_dir`` is their folder; left out (or empty), the bundled models are
    read from ``models/hi`` of the working directory and the official ones
    from stanza's default folder.
    """
    if source == "bundled":
        return bundled_models(model_dir or DEFAULT_MODELS_DIR)
    if source == "official":
        return official_models(model_dir or None)
    raise ModelError(f"unknown model source {source!r}; use 'bundled' or 'official'")


def pipeline_settings(models: Models, **options) -> dict:
    """The keyword arguments of ``stanza.Pipeline`` that load ``models`` without touching the network.

    The one recipe for loading the models, used by the library, the training
    script and the benchmarks. The bundled models need no word-vector file
    and no hub ``resources.json``: stanza reads one even with
    ``download_method=None``, so their folder carries an empty one, and with
    ``allow_unknown_language`` stanza takes the processors from the explicit
    model paths alone (see models/README.md). ``options`` are added as given
    (e.g. :data:`CORPUS_OPTIONS`, or ``tokenize_pretokenized=True``).
    """
    settings = {"lang": "hi", "processors": ",".join(PROCESSORS), "download_method": None}
    if models.source == "bundled":
        settings.update(
            resources_filepath=str(models.model_dir / "resources.json"),
            allow_unknown_language=True,
            pos_pretrain_path=None,
            depparse_pretrain_path=None,
            **{f"{path.stem}_model_path": str(path) for path in models.files},
        )
    else:
        settings.update(dir=str(models.model_dir))
    return {**settings, **options}


def make_pipeline(models: Models, torch_threads: int = TORCH_THREADS, device: str = "cpu") -> stanza.Pipeline:
    """A stanza pipeline over the given models that never touches the network, set up for the corpus.

    Sentences arrive already split by the corpus stage, separated by blank
    lines, so the tokenizer only tokenizes (``tokenize_no_ssplit``).
    ``torch_threads`` is the number of CPU threads torch may use (per
    process: torch's setting is global). ``device="cuda"`` asks stanza for
    the GPU: it runs there where torch sees a CUDA device, and on the CPU
    where it does not (as with the CPU build of torch that constraints.txt
    pins; a GPU worker needs a CUDA build of torch).
    """
    if device not in DEVICES:
        raise ModelError(f"unknown device {device!r}; use one of {', '.join(DEVICES)}")
    import stanza
    import torch

    torch.set_num_threads(torch_threads)
    return stanza.Pipeline(**pipeline_settings(models, **{**CORPUS_OPTIONS, "use_gpu": device == "cuda"}))


@dataclass(frozen=True)
class PipelineFactory:
    """How the build makes its pipelines (:func:`make_pipeline` with these settings), as a value.

    A cluster worker keeps one pipeline per factory and models
    (:func:`worker_pipeline`), so a factory sent to it must be picklable and
    compare equal to the same settings sent again: this class, or a module
    function such as :func:`make_pipeline` itself (a ``functools.partial``
    compares by identity and would load a pipeline per task).
    """

    torch_threads: int = TORCH_THREADS
    device: str = "cpu"

    def __call__(self, models: Models) -> stanza.Pipeline:
        return make_pipeline(models, self.torch_threads, self.device)


def cache_key(sentences: pd.DataFrame, identity: str) -> str:
    """The cache key of one article: its sentence ids and texts plus the models' identity (:attr:`Models.identity`)."""
    digest = sha256(identity)
    for sentence_id, text in zip(sentences["sentence_id"], sentences["text"]):
        digest.update(f"{sentence_id}\t{text}\n".encode())
    return digest.hexdigest()


def cache_path(cache_dir: Path, article_id: str, sentences: pd.DataFrame, identity: str) -> Path:
    """Where one article's token table is cached: its id and the first characters of its cache key."""
    return Path(cache_dir) / f"{article_id}-{cache_key(sentences, identity)[:CACHE_KEY_CHARS]}.csv"


def annotate_sentences(pipeline: Callable, sentences: pd.DataFrame) -> pd.DataFrame:
    """Annotate one article's sentences; token offsets index the article's clean text."""
    document = pipeline(SENTENCE_BREAK.join(sentences["text"]))
    if len(document.sentences) != len(sentences):
        raise ModelError(f"the tokenizer returned {len(document.sentences)} sentences for {len(sentences)}; sentence ids would not line up")
    rows, document_offset = [], 0
    for sentence, parsed in zip(sentences.itertuples(), document.sentences):
        shift = sentence.start - document_offset
        for word in parsed.words:
            token = word.parent
            rows.append(
                {
                    "article_id": sentence.article_id,
                    "sentence_id": sentence.sentence_id,
                    "token_id": word.id,
                    "text": word.text,
                    "lemma": word.lemma or word.text,
                    "upos": word.upos,
                    "head": word.head,
                    "deprel": word.deprel,
                    "start": token.start_char + shift,
                    "end": token.end_char + shift,
                }
            )
        document_offset += len(sentence.text) + len(SENTENCE_BREAK)
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)


def annotate_corpus(
    corpus: Corpus,
    models: Models,
    cache_dir: Path,
    pipeline_factory: Callable[[Models], Callable] = make_pipeline,
    progress: bool = True,
    connect: Connect | None = None,
) -> pd.DataFrame:
    """The token table of every included article, from the cache where possible (:func:`annotate_missing`, then every file read).

    For a corpus small enough to hold as one table (tests, checks, the
    evaluation sets); the build reads an article's tokens when it needs them
    (:func:`cached_tokens`).
    """
    files = annotate_missing(corpus, models, cache_dir, pipeline_factory, progress, connect)
    return pd.concat([read_tokens(path) for path in files.values()], ignore_index=True) if files else pd.DataFrame(columns=TOKEN_COLUMNS)


def annotate_missing(
    corpus: Corpus,
    models: Models,
    cache_dir: Path,
    pipeline_factory: Callable[[Models], Callable] = make_pipeline,
    progress: bool = True,
    connect: Connect | None = None,
) -> dict[str, Path]:
    """Annotate every included article missing from the cache; returns each included article's cache file, in corpus order.

    Each article missing from the cache is annotated and its file written as
    soon as its annotation arrives, so an interrupted run resumes where it
    stopped. Without ``connect`` they are annotated in this process by one
    pipeline from ``pipeline_factory``. With it, ``connect(n)`` (n: how many
    articles need annotating) opens a dask client, as :func:`rcreport.cluster.build_client`
    does, and every article is a task on that cluster, annotated by the
    worker's own pipeline (:func:`worker_pipeline`; the factory must then be
    a value, see :class:`PipelineFactory`); a client of None means this
    process. When every article is cached, no pipeline is made and
    ``connect`` is not called. One progress bar counts the whole corpus.
    No cached file is read here.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    identity = models.identity
    sentences_of = dict(_article_sentences(corpus))
    paths = {article_id: cache_path(cache_dir, article_id, sentences, identity) for article_id, sentences in sentences_of.items()}
    missing = [article_id for article_id, path in paths.items() if not path.is_file()]
    with tqdm(total=len(paths), initial=len(paths) - len(missing), desc="annotating", unit="article", disable=not progress) as bar:
        task = functools.partial(annotate_task, pipeline_factory, models, identity)
        local = functools.partial(_local_annotation, pipeline_factory, models)
        for article_id, tokens in run_tasks(task, missing, lambda article_id: (sentences_of[article_id],), connect, local):
            write_tokens(tokens, paths[article_id])
            bar.update()
    return paths


def cached_tokens(files: dict[str, Path]) -> Callable[[str], pd.DataFrame]:
    """An article's token table by its id, read from its cache file (:func:`annotate_missing`) each time it is asked for."""
    return lambda article_id: read_tokens(files[article_id])


def table_tokens(tokens: pd.DataFrame) -> Callable[[str], pd.DataFrame]:
    """An article's token table by its id, from a corpus's token table held in memory (an article without tokens gets an empty table)."""
    by_article = dict(tuple(tokens.groupby("article_id", sort=False)))
    return lambda article_id: by_article[article_id] if article_id in by_article else tokens.iloc[:0]


def annotate_task(pipeline_factory: Callable[[Models], Callable], models: Models, identity: str, sentences: pd.DataFrame) -> pd.DataFrame:
    """One article, annotated on a cluster worker by that worker's pipeline."""
    return annotate_sentences(worker_pipeline(pipeline_factory, models, identity), sentences)


def _local_annotation(pipeline_factory: Callable[[Models], Callable], models: Models) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Annotation in this process: one pipeline, made here and dropped with the stage (a worker keeps its own)."""
    return functools.partial(annotate_sentences, pipeline_factory(models))


_PIPELINE_LOCK = threading.Lock()


def worker_pipeline(pipeline_factory: Callable[[Models], Callable], models: Models, identity: str) -> Callable:
    """The pipeline this process annotates with: made by ``pipeline_factory`` when a factory and models first arrive, then kept.

    Loading once per worker process, not once per task, is what lets a task
    be a single article. ``identity`` is the models' identity the build keys
    the cache with: a worker whose files at the models' path differ (another
    checkout, other versions) is refused, since its annotations would be
    cached under the wrong key. The lock makes a worker with several threads
    load it once too.
    """
    with _PIPELINE_LOCK:
        return _loaded_pipeline(pipeline_factory, models, identity)


@functools.cache
def _loaded_pipeline(pipeline_factory: Callable[[Models], Callable], models: Models, identity: str) -> Callable:
    """:func:`worker_pipeline`'s store, keyed by factory, models and identity (a value each)."""
    host = socket.gethostname()
    missing = [str(path) for path in models.files if not path.is_file()]
    if missing:
        raise ModelError(
            f"the dask worker on {host} has no model files at {', '.join(missing)}; every worker reads the models at the path the build uses: "
            "install the project at the same path on every machine, or build with --models-dir DIR where DIR holds the models on all of them"
        )
    if models.identity != identity:
        raise ModelError(f"the model files in {models.model_dir} on the dask worker on {host} differ from those the build read; give every machine the same models")
    return pipeline_factory(models)


def _article_sentences(corpus: Corpus) -> list[tuple[str, pd.DataFrame]]:
    """Each included article's sentences, in article order."""
    by_article = dict(tuple(corpus.sentences.groupby("article_id", sort=False)))
    return [(article_id, by_article[article_id]) for article_id in corpus.included["id"] if article_id in by_article]


def write_tokens(tokens: pd.DataFrame, path: Path) -> None:
    """Write a token table atomically: into a partial file of this writer's own beside ``path``, renamed over it when whole.

    An interrupted write leaves at most a stray ``*.partial`` file, never
    half a table under the cache's name (a stray one is never read). Two
    writers of the same file (two workers, two builds) each write their own
    partial, so neither truncates the other's, and the last rename leaves
    one whole file.
    """
    path = Path(path)
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}{PARTIAL_SUFFIX}")
    try:
        with open(partial, "x", encoding="utf-8", newline="") as handle:
            tokens.to_csv(handle, index=False)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def read_tokens(path: Path) -> pd.DataFrame:
    """Read a cached token table with the column types it was written with."""
    return pd.read_csv(path, dtype={"text": str, "lemma": str, "upos": str, "deprel": str}, keep_default_na=False)
