"""Summaries of the annotated language for the language chapter: parts of speech, frequent lemmas,
names (runs of proper nouns), and the held-out scores of the models that annotated it.

These read the token table of :mod:`rcreport.nlp` (and a :class:`~rcreport.nlp.Models`'
scores file); they annotate nothing, so the annotation stage stays one module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from .text import proper_noun_runs

if TYPE_CHECKING:  # nlp loads torch and stanza, which a summary does not need
    from .nlp import Models

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
