"""Actors: who is mentioned where, resolved to the canonical actors of the codebook.

Names barely inflect in Hindi, so aliases are matched as whole words in the
sentence text (रूस is not found inside रूसी) rather than through lemmas; where
aliases overlap, the longest wins, and adjacent mentions of the same actor
("चीनी राष्ट्रपति शी जिनपिंग") count as one mention.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from .codebook import Actor
from .language import proper_noun_sequences
from .text import WORD_CHARS, WORD_END, WORD_START

# The two sides of the relation the report is about: their states' ids in actors.yml
SIDES = ("russia", "china")
# A run of proper nouns this long or longer reads as a person's name (given name and surname, as the wires write them)
NAME_WORDS = (2, 4)
# A word of a name: letters and signs only (no digit, quote mark, hyphen or colon, as in "30 दिसंबर" or ‘नो लिमिट’)
NAME_WORD = re.compile(rf"(?:(?![\d_])[{WORD_CHARS}])+")
ALIAS_COLUMNS = ["article_id", "sentence_id", "actor", "alias", "metonym", "start", "end"]
MENTION_COLUMNS = ["article_id", "sentence_id", "actor", "label", "type", "surface", "metonym", "start", "end"]


def actor_sides(actors: list[Actor]) -> dict[str, str]:
    """The actors of either side (:data:`SIDES`) -> their side: the two states and everyone who acts for one of them."""
    return {actor.id: actor.id if actor.id in SIDES else actor.country for actor in actors if actor.id in SIDES or actor.country in SIDES}


def alias_index(actors: list[Actor]) -> dict[str, tuple[Actor, bool]]:
    """Every alias and metonym (case-folded) -> its actor and whether it is a metonym."""
    index = {}
    for actor in actors:
        for name in actor.aliases:
            index[name.casefold()] = (actor, False)
        for name in actor.metonyms:
            index[name.casefold()] = (actor, True)
    return index


def alias_regex(names: list[str]) -> re.Pattern:
    """One expression matching any of the names as a whole word, longest name first."""
    ordered = sorted(set(names), key=lambda name: (-len(name), name))
    alternatives = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)
    return re.compile(rf"{WORD_START}(?:{alternatives}){WORD_END}", re.IGNORECASE)


@cache
def _alias_expression(actors: tuple[Actor, ...]) -> tuple[dict[str, tuple[Actor, bool]], re.Pattern]:
    """The alias index and expression of a codebook's actors, made once: every article's analysis looks for them several times."""
    index = alias_index(list(actors))
    return index, alias_regex(list(index))


def _alias_rows(actors: list[Actor], sentences: pd.DataFrame) -> list[tuple]:
    """The rows of :func:`alias_matches`, in sentence order (as ALIAS_COLUMNS)."""
    index, expression = _alias_expression(tuple(actors))
    rows = []
    for article_id, sentence_id, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        for match in expression.finditer(text):
            alias = " ".join(match.group().split())
            actor, metonym = index[alias.casefold()]
            rows.append((article_id, sentence_id, actor.id, alias, metonym, match.start(), match.end()))
    return rows


def alias_matches(actors: list[Actor], sentences: pd.DataFrame) -> pd.DataFrame:
    """Every alias or metonym found in the sentences, with its actor and span in the sentence."""
    return pd.DataFrame(_alias_rows(actors, sentences), columns=ALIAS_COLUMNS)


def find_mentions(actors: list[Actor], sentences: pd.DataFrame) -> pd.DataFrame:
    """Actor mentions: alias matches with adjacent matches of one actor joined, labelled from the codebook.

    ``surface`` is the mention's text and ``start``/``end`` its span in the
    sentence; ``metonym`` is true when every part of it was a metonym.
    """
    by_id = {actor.id: actor for actor in actors}
    text = dict(zip(sentences["sentence_id"], sentences["text"]))
    by_sentence: dict[str, list[dict]] = {}
    for row in _alias_rows(actors, sentences):
        by_sentence.setdefault(row[1], []).append(dict(zip(ALIAS_COLUMNS, row)))
    rows = []
    for sentence_id, found in by_sentence.items():
        for mention in merge_adjacent(found, text[sentence_id]):
            actor = by_id[mention["actor"]]
            surface = text[sentence_id][mention["start"] : mention["end"]]
            rows.append((mention["article_id"], sentence_id, actor.id, actor.label, actor.type, surface, mention["metonym"], mention["start"], mention["end"]))
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def merge_adjacent(found: list[dict], text: str) -> list[dict]:
    """Join matches of one actor separated only by spaces into one mention."""
    merged: list[dict] = []
    for match in found:
        previous = merged[-1] if merged else None
        if previous and previous["actor"] == match["actor"] and not text[previous["end"] : match["start"]].strip():
            previous.update(end=match["end"], metonym=previous["metonym"] and match["metonym"])
        else:
            merged.append(dict(match))
    return merged


def actor_counts(mentions: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """The most mentioned actors of each article, with mention counts and how many via a metonym."""
    grouped = mentions.groupby(["article_id", "actor", "label"]).agg(mentions=("sentence_id", "size"), via_metonym=("metonym", "sum"))
    ranked = grouped.reset_index().sort_values(["article_id", "mentions", "actor"], ascending=[True, False, True])
    return ranked.groupby("article_id").head(top).reset_index(drop=True)


def unknown_names(actors: list[Actor], names: pd.DataFrame) -> pd.DataFrame:
    """Runs of proper nouns (:func:`rcreport.language.name_runs`) that look like a person's name but hold no alias of any actor: the codebook's gaps.

    A run of two to four adjacent proper nouns made of letters only
    (:data:`NAME_WORDS`, :data:`NAME_WORD`; सर्गेई लावरोव) is how a full name
    is tagged; one that no alias matches, in any spelling the codebook knows,
    is listed with its mentions, articles and a first sentence, so that the
    analyst can add the actor or the spelling. The tagger also tags English
    loanwords as proper nouns, so the list is for review, not a list of people.
    """
    known = alias_regex(list(alias_index(actors)))
    unknown = {name for name in names["name"].unique() if _looks_like_a_full_name(name) and not known.search(name)}
    return proper_noun_sequences(names[names["name"].isin(unknown)], top=None)


def _looks_like_a_full_name(name: str) -> bool:
    words = name.split()
    return NAME_WORDS[0] <= len(words) <= NAME_WORDS[1] and all(NAME_WORD.fullmatch(word) for word in words)
