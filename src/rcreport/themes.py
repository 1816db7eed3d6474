"""Themes: which sentences and articles are about what, from the themes codebook.

A theme pattern is a word or phrase matched in two ways, so that no pattern
fails silently because of how the tokenizer cut the text:

- on tokens: a word matches a token whose lemma or surface form it equals (so
  inflected forms count), with ``*`` as a wildcard. Tokens are first
  normalised the way the text is: quote marks glued to a word are stripped
  (‘नो → नो) and a token holding a hyphen is split at it, while a hyphen
  the tokenizer cut off is dropped, so एशिया-प्रशांत matches however it was
  tokenised; a pattern's own hyphens separate its words the same way;
- on the sentence text's matching form (:func:`rcreport.text.match_form`,
  unfolded): quote marks and hyphens become spaces (which keeps every offset), and the pattern's words must follow each other
  as whole words.

A text match that no token match covers is kept (``via`` = "text") and is
what ``rcreport check`` reports: the tokens and the text disagree there, so
the lemma route cannot reach the pattern's inflected forms. Every match keeps
its pattern and its character span in the sentence.

A theme counts for a sentence only when the sentence or its paragraph
concerns Russia or China (:func:`assign_themes`); a theme with senses gets the
sense whose cue words the sentence holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from .actors import actor_sides, find_mentions
from .codebook import Actor, Theme
from .text import DASHES, PUNCTUATION, WORD_CHARS, WORD_END, WORD_SEPARATORS, WORD_START, match_form

MATCH_COLUMNS = ["article_id", "sentence_id", "theme", "pattern", "matched", "start", "end", "via"]
CONTENT_UPOS = ("NOUN", "PROPN", "ADJ")
# What separates the words of a pattern, of a token and of the normalised text: spaces, hyphens and dashes, quote marks
SEPARATORS = re.compile(f"[\\s{re.escape(WORD_SEPARATORS)}]+")
# The parts of a token: runs of word characters and other signs, each other punctuation mark on its own
MARKS = "".join(sorted(PUNCTUATION - set(DASHES)))
WORD_PART = re.compile(f"[^\\s{re.escape(WORD_SEPARATORS + MARKS)}]+|[{re.escape(MARKS)}]")
# A sentence's sense of a theme where its cues mark none of the senses, or more than one
UNMARKED, MIXED = "unmarked", "mixed"


@cache
def word_regex(word: str) -> re.Pattern:
    """A pattern word as a regular expression over one token: ``*`` is any run of characters."""
    regex = re.compile(".*".join(re.escape(part) for part in word.split("*")), re.IGNORECASE)
    _PLAIN_WORDS[regex] = word if "*" not in word and not any(_cased(char) for char in word) else None
    return regex


# The word each regex of word_regex stands for where matching it is plain string equality (None elsewhere)
_PLAIN_WORDS: dict[re.Pattern, str | None] = {}


def _cased(char: str) -> bool:
    """Whether a character has another case (Latin, Cyrillic): re.IGNORECASE then matches more than the character itself."""
    return char.lower() != char or char.upper() != char


def pattern_words(pattern: str) -> tuple[re.Pattern, ...]:
    """The per-token expressions of a (possibly multi-word, possibly hyphenated) pattern."""
    return tuple(word_regex(word) for word in SEPARATORS.split(pattern) if word)


@cache
def text_regex(pattern: str) -> re.Pattern:
    """A pattern as one expression over normalised text: its words as whole words, separated by spaces."""
    words = [f"[{WORD_CHARS}]*".join(re.escape(part) for part in word.split("*")) for word in SEPARATORS.split(pattern) if word]
    return re.compile(WORD_START + r"\s+".join(words) + WORD_END, re.IGNORECASE)


def token_parts(texts: list[str], lemmas: list[str], starts: list[int]) -> tuple[list[str], list[str], list[int], list[int]]:
    """Tokens normalised like the text: cut at quote marks and hyphens (dropped) and at other punctuation (kept as a part); each part's span.

    A part's lemma is the matching part of the token's lemma where the lemma
    splits into as many parts (एशिया-प्रशांत), else the part itself.
    """
    parts, part_lemmas, part_starts, part_ends = [], [], [], []
    for text, lemma, start in zip(texts, lemmas, starts):
        pieces = [(match.group(), match.start()) for match in WORD_PART.finditer(text)]
        lemma_pieces = WORD_PART.findall(lemma)
        if len(lemma_pieces) != len(pieces):
            lemma_pieces = [piece for piece, _ in pieces]
        for (piece, offset), piece_lemma in zip(pieces, lemma_pieces):
            parts.append(piece)
            part_lemmas.append(piece_lemma)
            part_starts.append(start + offset)
            part_ends.append(start + offset + len(piece))
    return parts, part_lemmas, part_starts, part_ends


def find_phrase(words: tuple[re.Pattern, ...], texts: list[str], lemmas: list[str]) -> Iterable[tuple[int, int]]:
    """Token index ranges [first, last] where the words match consecutive tokens by lemma or surface form.

    Every theme pattern, stance cue and speech verb is looked for in every
    sentence, and most occur in none, so the first word's positions are found
    first: by list search where the word is a plain word (a Devanagari word
    without ``*`` matches only itself, whatever re.IGNORECASE says), by its
    regex elsewhere.
    """
    width = len(words)
    stop = len(texts) - width + 1
    for first in _word_positions(words[0], texts, lemmas, stop):
        if all(_word_matches(word, texts[first + k], lemmas[first + k]) for k, word in enumerate(words[1:], 1)):
            yield first, first + width - 1


def _word_matches(word: re.Pattern, text: str, lemma: str) -> bool:
    plain = _PLAIN_WORDS.get(word)
    if plain is not None:
        return text == plain or lemma == plain
    return bool(word.fullmatch(text) or word.fullmatch(lemma))


def _word_positions(word: re.Pattern, texts: list[str], lemmas: list[str], stop: int) -> list[int]:
    """The positions below ``stop`` whose token matches ``word`` by surface form or lemma, in order."""
    plain = _PLAIN_WORDS.get(word)
    if stop <= 0:
        return []
    if plain is None:
        return [k for k in range(stop) if word.fullmatch(texts[k]) or word.fullmatch(lemmas[k])]
    if plain not in texts and plain not in lemmas:
        return []
    return sorted({k for values in (texts, lemmas) for k in _equal_positions(values, plain, stop)})


def _equal_positions(values: list[str], value: str, stop: int) -> list[int]:
    """The positions below ``stop`` that hold ``value`` (list search, in C)."""
    found, position = [], -1
    try:
        while True:
            position = values.index(value, position + 1, stop)
            found.append(position)
    except ValueError:
        return found


def theme_matches(themes: list[Theme], tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Every match of every theme pattern: article, sentence, theme, pattern, matched text, its span and route.

    ``via`` is "tokens" for a match on the normalised tokens and "text" for a
    match on the normalised text that no token match of the pattern overlaps.
    A theme's matches in a sentence that holds one of its ``excluded_by``
    words are dropped. Tokens of sentences not in ``sentences`` are ignored.
    """
    by_id = sentences.set_index("sentence_id")
    compiled = [(theme, pattern, pattern_words(pattern)) for theme in themes for pattern in theme.patterns]
    rows = []
    for sentence_id, sentence in tokens[tokens["sentence_id"].isin(by_id.index)].groupby("sentence_id", sort=False):
        offset, text = by_id.at[sentence_id, "start"], by_id.at[sentence_id, "text"]
        starts = [start - offset for start in sentence["start"]]
        texts, lemmas, part_starts, part_ends = token_parts(sentence["text"].tolist(), sentence["lemma"].tolist(), starts)
        normal = match_form(text, fold=False)[0]
        excluded = {theme.id for theme in themes if any(text_regex(word).search(normal) for word in theme.excluded_by)}
        article_id = sentence["article_id"].iloc[0]
        for theme, pattern, words in compiled:
            if theme.id in excluded:
                continue
            spans = [(part_starts[first], part_ends[last]) for first, last in find_phrase(words, texts, lemmas)]
            rows.extend((article_id, sentence_id, theme.id, pattern, text[start:end], start, end, "tokens") for start, end in spans)
            for match in text_regex(pattern).finditer(normal):
                if not any(start < match.end() and match.start() < end for start, end in spans):
                    rows.append((article_id, sentence_id, theme.id, pattern, match.group(), match.start(), match.end(), "text"))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def tokenisation_misses(matches: pd.DataFrame, tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The pattern occurrences found in the text but on no token, with how the tokenizer cut them there.

    These are where tokenisation and the codebook disagree: the theme is
    still assigned (from the text), but the lemma route cannot reach the
    pattern's inflected forms, so ``rcreport check`` reports each as an error.
    """
    missed = matches[matches["via"] == "text"]
    offsets = sentences.set_index("sentence_id")["start"]
    by_sentence = dict(tuple(tokens.groupby("sentence_id", sort=False)))

    def tokenised_as(row) -> str:
        sentence, offset = by_sentence[row.sentence_id], offsets[row.sentence_id]
        inside = sentence[(sentence["end"] - offset > row.start) & (sentence["start"] - offset < row.end)]
        return " ".join(inside["text"])

    table = missed[["theme", "pattern", "article_id", "sentence_id", "matched"]].reset_index(drop=True)
    table["tokenised_as"] = [tokenised_as(row) for row in missed.itertuples()]
    return table


def sense_matches(themes: list[Theme], tokens: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Every match of the sense cues, as matches of a theme ``<theme>/<sense>`` (matched like any pattern)."""
    cues = [Theme(f"{theme.id}/{sense.id}", sense.label, sense.label, sense.label, sense.cues) for theme in themes for sense in theme.senses]
    return theme_matches(cues, tokens, sentences)


def sentence_senses(assignments: pd.DataFrame, cues: pd.DataFrame, themes: list[Theme]) -> pd.Series:
    """The sense of each assignment: the one sense whose cues its sentence holds, else unmarked or mixed ("" without senses)."""
    found = cues["theme"].str.split("/", n=1, expand=True) if len(cues) else pd.DataFrame(columns=[0, 1])
    marked = pd.DataFrame({"sentence_id": cues["sentence_id"], "theme": found[0], "sense": found[1]}).drop_duplicates()
    by_pair = marked.groupby(["sentence_id", "theme"])["sense"].agg(list).to_dict()
    with_senses = {theme.id for theme in themes if theme.senses}

    def sense(sentence_id: str, theme: str) -> str:
        if theme not in with_senses:
            return ""
        senses = by_pair.get((sentence_id, theme), [])
        return senses[0] if len(senses) == 1 else MIXED if senses else UNMARKED

    return pd.Series([sense(row.sentence_id, row.theme) for row in assignments.itertuples()], index=assignments.index, dtype=str)


def sentence_themes(matches: pd.DataFrame, cues: pd.DataFrame | None = None, themes: list[Theme] | None = None) -> pd.DataFrame:
    """One assignment per sentence and theme: its first match, how many patterns matched there, and its sense.

    ``cues`` are the sense-cue matches (:func:`sense_matches`) of ``themes``;
    without them ``sense`` is blank.
    """
    counts = matches.groupby(["sentence_id", "theme"]).size().rename("matches")
    first = matches.sort_values(["sentence_id", "start"]).drop_duplicates(["sentence_id", "theme"])
    table = first.join(counts, on=["sentence_id", "theme"]).sort_values(["sentence_id", "theme"]).reset_index(drop=True)
    table["sense"] = sentence_senses(table, cues, themes) if cues is not None and themes else ""
    return table


def sentences_about_the_sides(mentions: pd.DataFrame, sentences: pd.DataFrame, sides: dict[str, str]) -> set[str]:
    """The sentences that concern Russia or China: an actor of either side is named in them, in their paragraph or in the sentence before.

    ``sides`` maps actor ids to their side (:func:`rcreport.actors.actor_sides`).
    A paragraph is a line of the article as published; with the sentence
    before, it stands in for resolving "he" or "the two leaders" to the
    actors just named.
    """
    named = set(mentions.loc[mentions["actor"].isin(sides), "sentence_id"])
    paragraph = list(zip(sentences["article_id"], sentences["line_no"]))
    ids, articles = sentences["sentence_id"].tolist(), sentences["article_id"].tolist()
    named_paragraphs = {key for key, sentence_id in zip(paragraph, ids) if sentence_id in named}
    after_named = {ids[k] for k in range(1, len(ids)) if articles[k] == articles[k - 1] and ids[k - 1] in named}
    return {sentence_id for key, sentence_id in zip(paragraph, ids) if key in named_paragraphs} | after_named


def assign_themes(themes: list[Theme], actors: list[Actor], tokens: pd.DataFrame, sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All pattern matches, and the theme assignments that count: in sentences about Russia or China, with their sense.

    The matches are kept whole (for the codebook checks); an assignment is
    made only where :func:`sentences_about_the_sides` holds.
    """
    matches = theme_matches(themes, tokens, sentences)
    about = sentences_about_the_sides(find_mentions(actors, sentences), sentences, actor_sides(actors))
    counted = matches[matches["sentence_id"].isin(about)]
    return matches, sentence_themes(counted, sense_matches(themes, tokens, sentences), themes)


def theme_senses(assignments: pd.DataFrame, themes: list[Theme]) -> pd.DataFrame:
    """Sentences of each theme that has senses, by sense (a theme per row, the senses and unmarked/mixed as columns)."""
    split = assignments[assignments["sense"] != ""]
    order = [sense.id for theme in themes for sense in theme.senses]
    columns = list(dict.fromkeys(order)) + [UNMARKED, MIXED]
    table = pd.crosstab(split["theme"], split["sense"]).reindex(index=[t.id for t in themes if t.senses], columns=columns, fill_value=0)
    return table.rename_axis(index="theme", columns="sense")


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


def distinctive_lemmas(lemmas: pd.DataFrame, top: int = 8, prior_strength: float = 100.0) -> pd.DataFrame:
    """The content lemmas most distinctive of each article against the rest of the corpus (from :func:`rcreport.language.lemma_counts`).

    Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi
    and Quinn 2008): the z-score of each lemma's log-odds in one article
    against all other articles, with the corpus frequencies as prior, so rare
    words are not over-rewarded. Nouns, proper nouns and adjectives only.

    Scored only for the lemmas an article has (the only ones it can list),
    one row per article and lemma: a lemma-by-article matrix would hold
    every lemma for every article (2.4 GB at 10,000 articles).
    """
    content = lemmas[lemmas["upos"].isin(CONTENT_UPOS) & lemmas["lemma"].str.len().gt(1)]
    counts = content.groupby(["article_id", "lemma"])["tokens"].sum().rename("count").reset_index()
    if counts.empty:
        return pd.DataFrame(columns=["article_id", "lemma", "count", "z"])
    corpus_counts = counts.groupby("lemma")["count"].transform("sum")
    article_totals = counts.groupby("article_id")["count"].transform("sum")
    total = counts["count"].sum()
    prior = prior_strength * corpus_counts / total
    counts["z"] = _log_odds_z(counts["count"], corpus_counts - counts["count"], article_totals, total - article_totals, prior, prior_strength).round(2)
    best = counts.sort_values(["article_id", "z", "lemma"], ascending=[True, False, True], kind="stable").groupby("article_id", sort=False).head(top)
    return best[["article_id", "lemma", "count", "z"]].reset_index(drop=True)


def _log_odds_z(inside: pd.Series, outside: pd.Series, n_inside: pd.Series, n_outside: pd.Series, prior: pd.Series, prior_strength: float) -> pd.Series:
    """z-scores of the difference in log-odds of a lemma inside an article and outside it (counts and totals), with a Dirichlet prior."""
    log_odds_inside = np.log((inside + prior) / (n_inside + prior_strength - inside - prior))
    log_odds_outside = np.log((outside + prior) / (n_outside + prior_strength - outside - prior))
    variance = 1 / (inside + prior) + 1 / (outside + prior)
    return (log_odds_inside - log_odds_outside) / np.sqrt(variance)


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


# The calendar periods a chart over time may group by, finest first (pandas period codes and their names)
PERIODS = (("M", "month"), ("Q", "quarter"), ("Y", "year"))
# The most periods a chart over time shows: the finest period that keeps within it is used
MAX_PERIODS = 24
PERIOD_COLUMNS = ["period", "theme", "dated_by", "articles", "share"]


def time_period(dates: pd.Series, max_periods: int = MAX_PERIODS) -> tuple[str, str]:
    """The finest calendar period (pandas code, name) in which ``dates`` span at most ``max_periods`` periods (years always do)."""
    for code, name in PERIODS:
        periods = dates.dt.to_period(code)
        if periods.empty or (periods.max() - periods.min()).n + 1 <= max_periods:
            return code, name
    return PERIODS[-1]


def themes_by_period(by_date: pd.DataFrame, code: str) -> pd.DataFrame:
    """The articles' theme shares averaged per calendar period (``code``: M, Q or Y) and theme, apart for given and inferred dates.

    ``by_date`` is :func:`themes_by_publication`'s table. ``dated_by`` is
    "metadata" or "text" (an inferred date), ``articles`` the number of the
    period's articles so dated, ``share`` the mean of their shares of
    sentences carrying the theme. One row per period, theme and kind of
    date that has articles, in order: the size of the table depends on the
    span of time, not on the number of articles.
    """
    table = by_date.assign(period=by_date["date"].dt.to_period(code), dated_by=by_date["dated_by"].where(by_date["dated_by"] == "metadata", "text"))
    grouped = table.groupby(["period", "theme", "dated_by"], sort=True).agg(articles=("article_id", "nunique"), share=("share", "mean"))
    return grouped.reset_index()[PERIOD_COLUMNS].assign(share=lambda frame: frame["share"].round(3))
