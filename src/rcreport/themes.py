"""Themes: which sentences and articles are about what, from the themes codebook.

A theme pattern is a word or phrase matched against consecutive tokens of a
sentence; a word matches a token whose lemma or surface form it equals (so
inflected forms count), with ``*`` as a wildcard. Every match keeps its
pattern and its character span in the sentence, so each assignment can be
checked against the text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache

import pandas as pd

from .codebook import Theme

MATCH_COLUMNS = ["article_id", "sentence_id", "theme", "pattern", "matched", "start", "end"]
CONTENT_UPOS = ("NOUN", "PROPN", "ADJ")


@cache
def word_regex(word: str) -> re.Pattern:
    """A pattern word as a regular expression over one token: ``*`` is any run of characters."""
    return re.compile(".*".join(re.escape(part) for part in word.split("*")), re.IGNORECASE)


def pattern_words(pattern: str) -> tuple[re.Pattern, ...]:
    """The per-token expressions of a (possibly multi-word) pattern."""
    return tuple(word_regex(word) for word in pattern.split())


def find_phrase(words: tuple[re.Pattern, ...], texts: list[str], lemmas: list[str]) -> Iterable[tuple[int, int]]:
    """Token index ranges [first, last] where the words match consecutive tokens by lemma or surface form."""
    width = len(words)
    for first in range(len(texts) - width + 1):
        if all(word.fullmatch(texts[first + k]) or word.fullmatch(lemmas[first + k]) for k, word in enumerate(words)):
            yield first, first + width - 1


def theme_matches(themes: list[Theme], tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Every match of every theme pattern: article, sentence, theme, pattern, matched text and its span in the sentence."""
    sentence_text = sentences.set_index("sentence_id")["text"]
    sentence_start = sentences.set_index("sentence_id")["start"]
    compiled = [(theme.id, pattern, pattern_words(pattern)) for theme in themes for pattern in theme.patterns]
    rows = []
    for sentence_id, sentence in tokens.groupby("sentence_id", sort=False):
        texts, lemmas = sentence["text"].tolist(), sentence["lemma"].tolist()
        starts, ends = sentence["start"].tolist(), sentence["end"].tolist()
        offset, text = sentence_start[sentence_id], sentence_text[sentence_id]
        for theme_id, pattern, words in compiled:
            for first, last in find_phrase(words, texts, lemmas):
                start, end = starts[first] - offset, ends[last] - offset
                rows.append((sentence["article_id"].iloc[0], sentence_id, theme_id, pattern, text[start:end], start, end))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def sentence_themes(matches: pd.DataFrame) -> pd.DataFrame:
    """One assignment per sentence and theme: its first match, plus how many patterns matched there."""
    counts = matches.groupby(["sentence_id", "theme"]).size().rename("matches")
    first = matches.sort_values(["sentence_id", "start"]).drop_duplicates(["sentence_id", "theme"])
    return first.join(counts, on=["sentence_id", "theme"]).sort_values(["sentence_id", "theme"]).reset_index(drop=True)


def theme_prevalence(assignments: pd.DataFrame, sentences: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    """Share of each article's sentences that carry each theme (articles as rows, theme ids as columns)."""
    totals = sentences.groupby("article_id", sort=False).size()
    counts = pd.crosstab(assignments["article_id"], assignments["theme"])
    counts = counts.reindex(index=totals.index, columns=[theme.id for theme in themes], fill_value=0)
    return counts.div(totals, axis=0).round(3).rename_axis(index="article_id", columns="theme")


def theme_cooccurrence(assignments: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    """Number of sentences that carry both themes, for every pair (the diagonal: sentences with the theme)."""
    ids = [theme.id for theme in themes]
    indicator = pd.crosstab(assignments["sentence_id"], assignments["theme"]).reindex(columns=ids, fill_value=0).clip(upper=1)
    return (indicator.T @ indicator).rename_axis(index="theme", columns="with theme")


def unthemed_sentences(assignments: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences no theme matched: where the codebook may be missing something."""
    themed = set(assignments["sentence_id"])
    return sentences.loc[~sentences["sentence_id"].isin(themed), ["article_id", "sentence_id", "text"]].reset_index(drop=True)


def off_topic_articles(assignments: pd.DataFrame, sentences: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Each article's share of sentences with any theme, flagged off-topic below ``threshold``."""
    totals = sentences.groupby("article_id", sort=False).size()
    themed = assignments.groupby("article_id")["sentence_id"].nunique().reindex(totals.index, fill_value=0)
    share = (themed / totals).round(3)
    return pd.DataFrame({"themed_share": share, "off_topic": share < threshold}).reset_index()


def distinctive_lemmas(tokens: pd.DataFrame, top: int = 8, prior_strength: float = 100.0) -> pd.DataFrame:
    """The content lemmas most distinctive of each article against the rest of the corpus.

    Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi
    and Quinn 2008): the z-score of each lemma's log-odds in one article
    against all other articles, with the corpus frequencies as prior, so rare
    words are not over-rewarded. Nouns, proper nouns and adjectives only.
    """
    content = tokens[tokens["upos"].isin(CONTENT_UPOS) & tokens["lemma"].str.len().gt(1)]
    counts = pd.crosstab(content["lemma"], content["article_id"])
    corpus_counts = counts.sum(axis=1)
    prior = prior_strength * corpus_counts / corpus_counts.sum()
    rows = []
    for article_id in counts.columns:
        inside, outside = counts[article_id], corpus_counts - counts[article_id]
        z = _log_odds_z(inside, outside, prior, prior_strength)
        best = z[inside > 0].sort_values(ascending=False).head(top)
        rows.extend({"article_id": article_id, "lemma": lemma, "count": int(inside[lemma]), "z": round(score, 2)} for lemma, score in best.items())
    return pd.DataFrame(rows, columns=["article_id", "lemma", "count", "z"])


def _log_odds_z(inside: pd.Series, outside: pd.Series, prior: pd.Series, prior_strength: float) -> pd.Series:
    """z-scores of the difference in log-odds between two count vectors, with a Dirichlet prior."""
    n_inside, n_outside = inside.sum(), outside.sum()
    log_odds_inside = ((inside + prior) / (n_inside + prior_strength - inside - prior)).map(math.log)
    log_odds_outside = ((outside + prior) / (n_outside + prior_strength - outside - prior)).map(math.log)
    variance = 1 / (inside + prior) + 1 / (outside + prior)
    return (log_odds_inside - log_odds_outside) / variance.map(math.sqrt)


def corpus_theme_shares(assignments: pd.DataFrame, sentences: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    """Each theme across the corpus: sentences carrying it, their share of all sentences, articles with it."""
    per_theme = assignments.groupby("theme").agg(sentences=("sentence_id", "nunique"), articles=("article_id", "nunique"))
    table = pd.DataFrame({"theme": [t.id for t in themes], "label": [t.label for t in themes], "label_hi": [t.label_hi for t in themes]})
    table = table.join(per_theme, on="theme").fillna({"sentences": 0, "articles": 0}).astype({"sentences": int, "articles": int})
    table["share"] = (table["sentences"] / len(sentences)).round(3)
    return table.sort_values(["sentences", "theme"], ascending=[False, True]).reset_index(drop=True)


def themes_by_publication(prevalence: pd.DataFrame, publications: pd.DataFrame) -> pd.DataFrame:
    """Theme shares per article in publication order, one row per article and theme.

    The date is the article's known or estimated publication day, else the
    middle of its inferred interval; ``dated_by`` says which, so a plot over
    time never passes an inferred date off as a given one.
    """
    dates = publications.set_index("article_id")
    middle = dates["earliest"] + (dates["latest"] - dates["earliest"]) / 2
    date = pd.to_datetime(dates["estimate"].where(dates["estimate"].notna(), middle))
    long = prevalence.stack().rename("share").reset_index()
    long["date"] = long["article_id"].map(date)
    long["dated_by"] = long["article_id"].map(dates["source"])
    return long.dropna(subset=["date"]).sort_values(["date", "article_id", "theme"]).reset_index(drop=True)
