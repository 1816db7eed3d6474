"""Script-level concepts of the Hindi news text: word characters, quote marks, the matching form and proper-noun runs.

Every stage that looks at characters uses these definitions, so that a word
boundary, a quote mark or a name means the same thing in the corpus splitter,
the actor and time-expression patterns and the quotation rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# The Devanagari block, for telling the script of a text (letters, signs, digits, dandas)
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
DEVANAGARI_LETTER = re.compile(r"(?![\W\d_])[\u0900-\u097F]")
LETTER = re.compile(r"[^\W\d_]")  # a letter of any script: what makes a line or a span words, not marks
# A word character for boundaries: Latin word characters and Devanagari letters, signs
# and digits, but not the dandas (। ॥ are U+0964, U+0965), which end sentences
WORD_CHARS = r"\w\u0900-\u0963\u0966-\u097F"  # the body of a character class
WORD_CHAR = rf"[{WORD_CHARS}]"
WORD_START = rf"(?<!{WORD_CHAR})"  # a whole word begins here
WORD_END = rf"(?!{WORD_CHAR})"  # a whole word ends here

# Quote marks by family: a mark closes only a quotation of its own family
QUOTE_FAMILIES = {"“": "double", "”": "double", '"': "double", "‘": "single", "’": "single", "'": "single"}
QUOTE_MARKS = "".join(QUOTE_FAMILIES)
OPENING_SHAPES, CLOSING_SHAPES = "“‘", "”’"  # the curly marks whose shape says whether they open or close
QUOTE_PAIRS = dict(zip(OPENING_SHAPES, CLOSING_SHAPES))
STRAIGHT_QUOTES = "\"'"  # these open or close by position
CLOSING_QUOTES = CLOSING_SHAPES + STRAIGHT_QUOTES  # every mark that can end a quotation
# The straight single mark is also the apostrophe (Putin's); code that cannot tell them apart leaves it out
APOSTROPHE = "'"
UNAMBIGUOUS_QUOTE_MARKS = QUOTE_MARKS.replace(APOSTROPHE, "")

DASHES = "-–—"
PUNCTUATION = frozenset(",;:।॥?!.()[]" + DASHES)

# Matching words however the text or the tokenizer cut and spelled them (:func:`match_form`)
WORD_SEPARATORS = DASHES + QUOTE_MARKS  # hyphens, dashes and quote marks separate words as a space does: एशिया-प्रशांत, ‘नो लिमिट’
UNICODE_HYPHENS = "\u2010\u2011"  # the hyphen and the non-breaking hyphen, separators too where spelling is folded
SPELLING_MARKS = "\u093c\u200c\u200d"  # the nukta and the zero-width (non-)joiners: words are spelled with and without them
_SEPARATORS_AS_SPACES = {ord(mark): " " for mark in WORD_SEPARATORS}


def match_form(text: str, *, fold: bool = True) -> tuple[str, list[int]]:
    """The form of a text that words are matched on, and for each of its characters the offset in ``text`` it comes from.

    Hyphens, dashes and quote marks (:data:`WORD_SEPARATORS`) always become
    spaces. With ``fold`` (the known-event aliases, matched however an outlet
    spells a name) the text is also decomposed (NFD), :data:`SPELLING_MARKS`
    are dropped, :data:`UNICODE_HYPHENS` and every whitespace become spaces,
    runs of spaces collapse to one and case is folded, so फ़ोरम matches
    फोरम; the form is then shorter than the text and the offsets map it back.
    Without ``fold`` (the theme patterns, which fold case in their regular
    expressions) nothing else changes: the form has the text's length and
    every offset is its own.
    """
    if not fold:
        return text.translate(_SEPARATORS_AS_SPACES), list(range(len(text)))
    chars: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        for part in unicodedata.normalize("NFD", char):
            if part in SPELLING_MARKS:
                continue
            for folded in " " if part in WORD_SEPARATORS + UNICODE_HYPHENS or part.isspace() else part.casefold():
                if folded == " " and (not chars or chars[-1] == " "):
                    continue
                chars.append(folded)
                origin.append(offset)
    return "".join(chars), origin


def proper_noun_runs(words: Iterable[tuple[str, str]]) -> list[str]:
    """The runs of adjacent proper nouns in one sentence's (text, upos) words, each joined by spaces, in text order.

    A name of several words (शी जिनपिंग) is tagged PROPN word by word; the
    run is the name.
    """
    runs, run = [], []
    for text, upos in words:
        if upos == "PROPN":
            run.append(text)
            continue
        if run:
            runs.append(" ".join(run))
        run = []
    if run:
        runs.append(" ".join(run))
    return runs
