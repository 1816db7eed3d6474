"""Summaries of the annotated language for the language chapter: parts of speech, frequent lemmas,
names (runs of proper nouns), and the held-out scores of the models that annotated it.

Two summaries of the token table of :mod:`rcreport.nlp`, :func:`lemma_counts`
and :func:`name_runs`, are made per part as the build writes the token table
(:mod:`rcreport.corpus_analysis`); the chapters count from them, never from
the token table itself, and these functions annotate nothing, so the
annotation stage stays one module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

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


# The columns of the two token summaries the build writes beside the token table (rcreport.corpus_analysis)
LEMMA_COUNT_COLUMNS = ["article_id", "lemma", "upos", "tokens"]
NAME_RUN_COLUMNS = ["article_id", "sentence_id", "name"]


def lemma_counts(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens per article, lemma and part of speech, in the articles' order: what every count of words is made of.

    Each article's lemmas are a few hundred rows where its tokens are many
    hundred, and a summary of words across the corpus (frequent and
    distinctive lemmas, the parts of speech) adds these counts up, so the
    chapters read this table rather than the corpus's token table (6 million
    rows at 10,000 articles). Tokens without a lemma are counted too.
    """
    counts = tokens.groupby(["article_id", "lemma", "upos"], sort=False, dropna=False).size()
    return counts.reset_index(name="tokens")[LEMMA_COUNT_COLUMNS]


def name_runs(tokens: pd.DataFrame) -> pd.DataFrame:
    """Every run of adjacent proper nouns of each sentence (a name such as शी जिनपिंग), in text order, with its article and sentence.

    The runs :func:`rcreport.text.proper_noun_runs` finds sentence by
    sentence, found for the whole table at once: a run starts at a proper
    noun whose previous token is not one of the same sentence's proper
    nouns, and its words are joined one position at a time (a name has a
    few words), not one run at a time (600,000 runs at 10,000 articles).
    """
    propn = tokens["upos"].eq("PROPN").to_numpy()
    sentence_ids = tokens["sentence_id"].to_numpy()
    continues = np.r_[False, (sentence_ids[1:] == sentence_ids[:-1]) & propn[:-1]]
    words = tokens.loc[propn, ["article_id", "sentence_id", "text"]].reset_index(drop=True)
    first = np.flatnonzero(~continues[propn])
    length = np.diff(np.r_[first, len(words)])
    runs = words.iloc[first].reset_index(drop=True)
    text = words["text"]
    for position in range(1, int(length.max(initial=1))):
        longer = length > position
        runs.loc[longer, "text"] = runs.loc[longer, "text"] + " " + text.iloc[first[longer] + position].to_numpy()
    return runs.rename(columns={"text": "name"})[NAME_RUN_COLUMNS]


def pos_distribution(lemmas: pd.DataFrame) -> pd.DataFrame:
    """Tokens per universal part of speech (from :func:`lemma_counts`), most frequent first, with their share of all tokens."""
    counts = lemmas.groupby("upos")["tokens"].sum().reset_index().sort_values(["tokens", "upos"], ascending=[False, True], ignore_index=True)
    return counts.assign(share=(counts["tokens"] / counts["tokens"].sum()).round(3))


def article_sizes(sentences: pd.DataFrame, lemmas: pd.DataFrame) -> pd.DataFrame:
    """Sentences and tokens of each article that has tokens, by article id (``sentences`` as :mod:`rcreport.corpus` makes them)."""
    tokens = lemmas.groupby("article_id")["tokens"].sum()
    counted = sentences["article_id"].value_counts().rename("sentences")
    return pd.DataFrame({"sentences": counted.reindex(tokens.index).fillna(0).astype(int), "tokens": tokens})


def frequent_lemmas(lemmas: pd.DataFrame, upos: Iterable[str], top: int = 20) -> pd.DataFrame:
    """The most frequent lemmas of the given parts of speech (from :func:`lemma_counts`), with how many articles use each."""
    selected = lemmas[lemmas["upos"].isin(list(upos))]
    grouped = selected.groupby(["lemma", "upos"]).agg(tokens=("tokens", "sum"), articles=("article_id", "nunique"))
    return grouped.sort_values(["tokens", "lemma"], ascending=[False, True]).head(top).reset_index()


def proper_noun_sequences(names: pd.DataFrame, top: int | None = 20) -> pd.DataFrame:
    """The most frequent runs of adjacent proper nouns (from :func:`name_runs`; all of them for ``top`` None), with how many articles use each and a first example."""
    grouped = names.groupby("name", sort=False).agg(mentions=("sentence_id", "size"), articles=("article_id", "nunique"), first_sentence=("sentence_id", "first"))
    ranked = grouped.sort_values(["mentions", "name"], ascending=[False, True])
    return (ranked if top is None else ranked.head(top)).reset_index()
