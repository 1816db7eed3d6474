"""Cleaning an article's raw text and splitting it into sentences (the text half of the corpus stage).

:func:`clean_lines` sorts the raw lines into kept lines and removed ones, each
removed line with the rule that removed it (comment forms, related-article and
teaser links, sidebar dates and headlines, repeats, lines without words or
without Devanagari; agency credits and trailing teasers cut from a kept line).
:func:`split_line` splits a kept line into sentences, and :func:`sentence_rows`
numbers them with stable ids (``A000.s001``) and offsets into the clean text.
:mod:`rcreport.corpus` validates the articles and calls these.
"""

from __future__ import annotations

import re

from .text import APOSTROPHE, CLOSING_QUOTES, DEVANAGARI, LETTER, QUOTE_PAIRS, STRAIGHT_QUOTES

COMMENT_FORM = re.compile(
    r"^(leave a (reply|comment)|your email address will not be published|"
    r"required fields are marked|post comment|टिप्पणी करें|अपनी राय (दें|लिखें))",
    re.IGNORECASE,
)
RELATED_LINK = re.compile(
    r"^(यह|ये|इसे|इन्हें) भी (पढ़ें|पढ़ें|देखें|देखें)|^(also read|read also|read more)\b",
    re.IGNORECASE,
)
# Teasers: a link to the rest of a story or to an author's other stories, alone on its line
# ("आगे पढ़ें", "और पढ़ें", "पूरी खबर पढ़ें", "12 लेख") or ending a summary line ("… आगे पढ़ें")
TEASER_LINE = re.compile(r"^((आगे|और|पूरी खबर|पूरा लेख|विस्तार से) पढ़ें|read more|continue reading)\W*$|^\d+ लेख$", re.IGNORECASE)
TRAILING_TEASER = re.compile(r"\s*(\.{3}|…)?\s*(आगे|और|पूरी खबर) पढ़ें\W*$")
# Agency credit lines: the wire's name in brackets, in Devanagari or Latin script, at a dateline
# ("नयी दिल्ली, 16 मई (भाषा)") or a paragraph's end ("(पीटीआई-भाषा)", "(एजेंसी इनपुट के साथ)")
AGENCIES = r"पीटीआई|भाषा|पीटीआई-भाषा|आईएएनएस|एएनआई|यूएनआई|वार्ता|यूएनआई-वार्ता|एजेंसी|एजेंसियां|एजेंसियों|रॉयटर्स|एएफपी|एपी|PTI|IANS|ANI|UNI|Reuters|AFP|AP"
AGENCY_CREDIT = re.compile(rf"\s*\(\s*({AGENCIES})(\s*[-/,]\s*({AGENCIES}))*(\s+(इनपुट|से इनपुट|इनपुट के साथ|के इनपुट के साथ|input|inputs))?\s*\)", re.IGNORECASE)
MONTHS_EN = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
DATE_ONLY_LINE = re.compile(
    rf"^(({MONTHS_EN})\.? \d{{1,2}},? \d{{4}}|\d{{1,2}} ({MONTHS_EN})\.?,? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})$",
    re.IGNORECASE,
)
SIDEBAR_HEADLINE_MAX_CHARS = 200

TERMINATORS = "।॥?!."
# Sentence splitting tracks the curly pairs and the straight double mark; the straight
# single mark is left out, as it is as often an apostrophe (Putin's) as a quote mark
SPLIT_CLOSING_QUOTES = CLOSING_QUOTES.replace(APOSTROPHE, "")
STRAIGHT_QUOTE = STRAIGHT_QUOTES.replace(APOSTROPHE, "")
TRAILING = TERMINATORS + CLOSING_QUOTES + ")]"  # marks after the end mark that stay with the sentence


def comparison_key(line: str) -> str:
    """A form of a line for spotting repeats: quotes unified, spacing collapsed, case folded."""
    unified = line.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return " ".join(unified.split()).casefold()


def clean_lines(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """Split raw text into kept lines and removed lines, each with its 1-based line number.

    Blank lines are layout and belong to neither list. Every other line is
    either kept (stripped of surrounding spaces) or removed with the reason:
    the comment form and everything after it, related-article links and
    teaser links, sidebar date lines and the headline line before each,
    lines without letters, repeats of an earlier line, and lines without
    Devanagari. From a kept line, agency credits and a trailing teaser are
    cut and listed as removed on that line (:func:`strip_fragments`).
    """
    lines = text.splitlines()
    kept: list[tuple[int, str]] = []
    removed: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    after_comment_form = False
    for index, raw in enumerate(lines):
        number, line = index + 1, raw.strip()
        if not line:
            continue
        next_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if COMMENT_FORM.match(line):
            after_comment_form = True
            reason = "comment form"
        elif after_comment_form:
            reason = _line_reason(line, next_line, seen) or "page furniture after the comment form"
        else:
            reason = _line_reason(line, next_line, seen)
        seen.setdefault(comparison_key(line), number)
        if reason:
            removed.append((number, line, reason))
            continue
        line, fragments = strip_fragments(line)
        removed.extend((number, fragment, why) for fragment, why in fragments)
        if LETTER.search(line):
            kept.append((number, line))
    return kept, removed


def strip_fragments(line: str) -> tuple[str, list[tuple[str, str]]]:
    """A kept line without its agency credits and a trailing teaser link, and what was cut with the reason.

    "नयी दिल्ली, 16 मई (भाषा) रूस ने …" keeps "नयी दिल्ली, 16 मई रूस ने …"; a
    summary ending "… आगे पढ़ें" loses the link. The cut text is reported
    like a removed line, on the line it came from.
    """
    fragments = [(match.group().strip(), "agency credit line") for match in AGENCY_CREDIT.finditer(line)]
    line = AGENCY_CREDIT.sub("", line)
    teaser = TRAILING_TEASER.search(line)
    if teaser:
        fragments.append((teaser.group().strip(), "teaser link"))
        line = line[: teaser.start()]
    return " ".join(line.split()) if fragments else line, fragments


def _line_reason(line: str, next_line: str, seen: dict[str, int]) -> str | None:
    """Why a line is boilerplate, or None to keep it."""
    if RELATED_LINK.match(line):
        return "related-article link"
    if TEASER_LINE.match(line):
        return "teaser link"
    if DATE_ONLY_LINE.match(line):
        return "sidebar date line"
    if DATE_ONLY_LINE.match(next_line) and len(line) <= SIDEBAR_HEADLINE_MAX_CHARS:
        return "sidebar headline (followed by a date line)"
    if not LETTER.search(line):
        return "no words (punctuation only)"
    key = comparison_key(line)
    if key in seen:
        return f"repeated line (same as line {seen[key]})"
    if not DEVANAGARI.search(line):
        return "no Devanagari (not Hindi text)"
    return None


# --- sentences ---------------------------------------------------------------


def split_line(line: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one line.

    Sentences end at । ॥ ? ! and at a full stop that is not between two
    digits; closing quotes and brackets after the end mark stay with the
    sentence. Marks inside a quotation do not end a sentence, but a
    quotation that closes right after one does (“… हैं।” फिर …). If the
    line's quotes are unbalanced, quotes are ignored.
    """
    spans = _split(line, respect_quotes=True)
    return spans if spans is not None else _split(line, respect_quotes=False)


def _split(line: str, respect_quotes: bool) -> list[tuple[int, int]] | None:
    """Split at sentence ends; None if quotes were respected but left open."""
    spans, start, open_quotes, position = [], 0, [], 0
    while position < len(line):
        char = line[position]
        if respect_quotes:
            _track_quote(char, open_quotes)
        ends_quotation = char in SPLIT_CLOSING_QUOTES and position and line[position - 1] in TERMINATORS
        if not open_quotes and ((char in TERMINATORS and _ends_sentence(line, position)) or ends_quotation):
            end = position + 1
            while end < len(line) and line[end] in TRAILING:
                if respect_quotes and line[end] not in TERMINATORS:
                    _track_quote(line[end], open_quotes)
                end += 1
            spans.append((start, end))
            start, position = end, end
            continue
        position += 1
    if open_quotes:
        return None
    spans.append((start, len(line)))
    return _merge_letterless(line, spans)


def _merge_letterless(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Attach spans without letters (a stray mark or quote) to the sentence before them."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not LETTER.search(line[start:end]):
            merged[-1] = (merged[-1][0], end)
        elif line[start:end].strip():
            merged.append((start, end))
    return [_trim(line, start, end) for start, end in merged]


def _track_quote(char: str, open_quotes: list[str]) -> None:
    """Update the stack of open quotation marks with one character."""
    if char in QUOTE_PAIRS:
        open_quotes.append(QUOTE_PAIRS[char])
    elif open_quotes and char == open_quotes[-1]:
        open_quotes.pop()
    elif char == STRAIGHT_QUOTE:
        open_quotes.append(char)


def _ends_sentence(line: str, position: int) -> bool:
    """A full stop between digits (3.5) is a decimal point, not a sentence end."""
    if line[position] != ".":
        return True
    before = line[position - 1] if position else ""
    after = line[position + 1] if position + 1 < len(line) else ""
    return not (before.isdigit() and after.isdigit())


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so that it neither starts nor ends with whitespace."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def sentence_rows(article_id: str, kept: list[tuple[int, str]]) -> tuple[str, list[dict]]:
    """The clean text of an article and its sentences with stable ids and offsets into it."""
    rows, offset = [], 0
    for line_no, line in kept:
        for start, end in split_line(line):
            number = len(rows) + 1
            rows.append(
                {
                    "article_id": article_id,
                    "sentence_id": f"{article_id}.s{number:03d}",
                    "sentence_no": number,
                    "line_no": line_no,
                    "start": offset + start,
                    "end": offset + end,
                    "text": line[start:end],
                }
            )
        offset += len(line) + 1
    return "\n".join(line for _, line in kept), rows
