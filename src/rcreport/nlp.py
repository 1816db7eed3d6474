"""The NLP stage: annotate the corpus sentences with a stanza Hindi pipeline.

The project's own models (``models/hi/`` of the project root, trained from UD
Hindi by ``scripts/train_models.py``) are used by default and load fully
offline; the build finds them under the project root it builds, or in the
folder given by ``rcreport build --models-dir``, never next to this package,
which works installed as well as from a checkout. ``models="official"``
selects stanza's official Hindi models for users who have downloaded them. Each article's annotation is cached under a key made of its
sentences, the model files' checksums and the stanza version, so an unchanged
article is never annotated twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import stanza
import torch
from tqdm.auto import tqdm

from .corpus import Corpus
from .hashing import file_sha256, sha256
from .text import proper_noun_runs

PROCESSORS = ("tokenize", "pos", "lemma", "depparse")
# Where the bundled models are, relative to the project root (the build's --root, the chapters' working directory)
DEFAULT_MODELS_DIR = Path("models") / "hi"
# The held-out scores of the bundled models, written by scripts/train_models.py beside their folder
SCORES_FILE = "scores.json"
# One torch thread by default: the LSTMs of these small models run faster on one thread than on two here
# (``rcreport build --torch-threads N`` sets another number)
TORCH_THREADS = 1
# How the corpus is annotated: sentences arrive split by the corpus stage; CPU; stanza's own logging quiet
CORPUS_OPTIONS = {"tokenize_no_ssplit": True, "use_gpu": False, "logging_level": "ERROR"}
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
        digest = sha256(f"stanza {stanza.__version__}\n")
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


def make_pipeline(models: Models, torch_threads: int = TORCH_THREADS) -> stanza.Pipeline:
    """A stanza pipeline over the given models that never touches the network, set up for the corpus.

    Sentences arrive already split by the corpus stage, separated by blank
    lines, so the tokenizer only tokenizes (``tokenize_no_ssplit``).
    ``torch_threads`` is the number of CPU threads torch may use.
    """
    torch.set_num_threads(torch_threads)
    return stanza.Pipeline(**pipeline_settings(models, **CORPUS_OPTIONS))


def cache_key(sentences: pd.DataFrame, models: Models) -> str:
    """The cache key of one article: its sentence ids and texts plus the models' identity."""
    digest = sha256(models.identity)
    for sentence_id, text in zip(sentences["sentence_id"], sentences["text"]):
        digest.update(f"{sentence_id}\t{text}\n".encode())
    return digest.hexdigest()


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
) -> pd.DataFrame:
    """The token table of every included article, from the cache where possible.

    The pipeline is created only when some article is not cached, so a fully
    cached corpus loads no model at all.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    pipeline = None
    tables = []
    for article_id, sentences in tqdm(_article_sentences(corpus), desc="annotating", unit="article", disable=not progress):
        path = cache_dir / f"{article_id}-{cache_key(sentences, models)[:20]}.csv"
        if path.is_file():
            tables.append(read_tokens(path))
            continue
        pipeline = pipeline or pipeline_factory(models)
        tokens = annotate_sentences(pipeline, sentences)
        write_tokens(tokens, path)
        tables.append(tokens)
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=TOKEN_COLUMNS)


def _article_sentences(corpus: Corpus) -> list[tuple[str, pd.DataFrame]]:
    """Each included article's sentences, in article order."""
    by_article = dict(tuple(corpus.sentences.groupby("article_id", sort=False)))
    return [(article_id, by_article[article_id]) for article_id in corpus.included["id"] if article_id in by_article]


def write_tokens(tokens: pd.DataFrame, path: Path) -> None:
    """Write a token table atomically, so an interrupted run never leaves half a cache file."""
    partial = path.with_suffix(".partial")
    tokens.to_csv(partial, index=False)
    partial.replace(path)


def read_tokens(path: Path) -> pd.DataFrame:
    """Read a cached token table with the column types it was written with."""
    return pd.read_csv(path, dtype={"text": str, "lemma": str, "upos": str, "deprel": str}, keep_default_na=False)


SCORE_METRICS = ("UPOS", "Lemmas", "UAS", "LAS")


def model_scores(models: Models) -> pd.DataFrame:
    """Held-out scores (F1, %) of the bundled models, as the training script measured them.

    One row per test split (all, HDTB part, PUD part) and tokenisation mode:
    ``raw`` (the models tokenise the text themselves, as on the corpus) and
    ``gold_tokens`` (tagging and parsing scored on the treebank's own tokens).
    Empty for models without a scores file (stanza's official ones).
    """
    if models.scores_path is None or not models.scores_path.is_file():
        return pd.DataFrame(columns=["split", "tokenisation", *SCORE_METRICS])
    scores = json.loads(models.scores_path.read_text(encoding="utf-8"))
    rows = [{"split": split, "tokenisation": mode, **metrics} for split, modes in scores["test"].items() for mode, metrics in modes.items()]
    return pd.DataFrame(rows)


def headline_scores(scores: pd.DataFrame) -> dict[str, str]:
    """The end-to-end scores (whole test split, raw text) the book quotes, formatted; "not measured" where absent."""
    end_to_end = scores[(scores["split"] == "test") & (scores["tokenisation"] == "raw")]
    if end_to_end.empty:
        return dict.fromkeys(SCORE_METRICS, "not measured")
    return {metric: f"{end_to_end.iloc[0][metric]:.1f}" for metric in SCORE_METRICS}


def pos_distribution(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens per universal part of speech, with their share of all tokens."""
    counts = tokens["upos"].value_counts().rename_axis("upos").reset_index(name="tokens")
    return counts.assign(share=(counts["tokens"] / counts["tokens"].sum()).round(3))


def frequent_lemmas(tokens: pd.DataFrame, upos: Iterable[str], top: int = 20) -> pd.DataFrame:
    """The most frequent lemmas of the given parts of speech, with how many articles use each."""
    selected = tokens[tokens["upos"].isin(list(upos))]
    grouped = selected.groupby(["lemma", "upos"]).agg(tokens=("token_id", "size"), articles=("article_id", "nunique"))
    return grouped.sort_values(["tokens", "lemma"], ascending=[False, True]).head(top).reset_index()


def proper_noun_sequences(tokens: pd.DataFrame, top: int = 20) -> pd.DataFrame:
    """The most frequent runs of adjacent proper nouns (names such as शी जिनपिंग), with a first example."""
    runs = []
    for sentence_id, sentence in tokens.groupby("sentence_id", sort=False):
        article_id = sentence["article_id"].iloc[0]
        runs.extend((name, article_id, sentence_id) for name in proper_noun_runs(zip(sentence["text"], sentence["upos"])))
    table = pd.DataFrame(runs, columns=["name", "article_id", "sentence_id"])
    grouped = table.groupby("name", sort=False).agg(mentions=("sentence_id", "size"), articles=("article_id", "nunique"), first_sentence=("sentence_id", "first"))
    return grouped.sort_values(["mentions", "name"], ascending=[False, True]).head(top).reset_index()
