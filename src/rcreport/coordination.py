"""Coordination: which actor mentions of a sentence are conjuncts of one phrase, holding a stance or a quotation together.

Hindi news joins names with और, तथा, व, एवं (grammar.yml's name
coordinators) and commas ("अमेरिका, कनाडा और ब्रिटेन ने"); two conjuncts may
each have a genitive owner of their own ("फगवाड़ा के जरनैल सिंह और कोटकपूरा के
मक्खन सिंह ने"), and a bare "दोनों" before a postposition refers back to the
last two coordinated names. The clause grammar of :mod:`rcreport.sentence`
asks these helpers when it reads a subject, a target or a speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .codebook import Grammar
    from .sentence import Mention, SentenceView, Word

NAME_SEPARATOR = ","  # joins coordinated names as और does: "अमेरिका, कनाडा और ब्रिटेन"
MODIFIER_UPOS = ("ADJ", "NUM")  # words between a conjunct and its owner ("उनके छोटे भाई", "की ९४ वर्षीय माँ")


def coordinated_pair(before: list[Mention], words: tuple[Word, ...], grammar: Grammar) -> list[Mention]:
    """The last two mentions of ``before`` joined by a coordinator alone ("सलेम और मोनिका"), which a bare "दोनों" (both,
    before a postposition: "दोनों के खिलाफ") refers back to; ``[]`` when the sentence coordinates no two actors before it."""
    for left, right in reversed(list(zip(before, before[1:]))):
        between = {word.text for word in words[left.last + 1 : right.first]}
        if left.actor != right.actor and between and between <= joiners(grammar):
            return [left, right]
    return []


def coordinated(view: SentenceView, mention: Mention, candidates: list[Mention]) -> tuple[str, ...]:
    """A mention's actor with those of the candidates joined to it: the same span (a pair), or और, तथा, commas between."""
    chains: list[list[Mention]] = [[]]
    for candidate in candidates:
        if chains[-1] and not joined(view, chains[-1][-1], candidate):
            chains.append([])
        chains[-1].append(candidate)
    chain = next(chain for chain in chains if mention in chain)
    return tuple(dict.fromkeys(m.actor for m in chain))


def joined(view: SentenceView, left: Mention, right: Mention) -> bool:
    """Whether two successive mentions are coordinated."""
    between = {w.text for w in view.words[left.last + 1 : right.first]}
    owned = left.last + 2 < right.first and parallel(view, left, right.first)  # a coordinator and an owner at least between
    return (left.first, left.last) == (right.first, right.last) or (bool(between) and between <= joiners(view.grammar)) or owned


def joiners(grammar: Grammar) -> frozenset[str]:
    """The words that join coordinated names: और, तथा (grammar.yml) and the comma."""
    return grammar.name_coordinators | {NAME_SEPARATOR}


def parallel(view: SentenceView, left: Mention, right_first: int) -> bool:
    """Whether a mention and the phrase from word ``right_first`` are two conjuncts each with an owner of its own
    ("फगवाड़ा के जरनैल सिंह और कोटकपूरा के मक्खन सिंह", "कांशी राम की ९४ वर्षीय माँ बिशन कौर और उनके छोटे भाई दलबारा
    सिंह"): a coordinator after the left one, a genitive phrase or a possessive pronoun before each (:func:`owned`)."""
    return view.words[left.last + 1].text in view.grammar.name_coordinators and owned(view, left.first) and owned(view, right_first)


def owned(view: SentenceView, first: int) -> bool:
    """Whether the phrase from word ``first`` has an owner before it, past its adjectives and numerals: a noun's genitive
    ("कोटकपूरा के मक्खन सिंह", "कांशी राम की ९४ वर्षीय माँ") or a possessive pronoun ("उनके छोटे भाई")."""
    words, index = view.words, first - 1
    while index > 0 and words[index].upos in MODIFIER_UPOS:
        index -= 1
    genitive = index > 0 and words[index].text in view.grammar.genitive and words[index - 1].upos in ("NOUN", "PROPN")
    return index >= 0 and (genitive or words[index].text in view.grammar.possessive_pronouns)
