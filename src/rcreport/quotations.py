"""Quotations: who said what, from quote marks and speech verbs.

A quotation is found in two ways: words in quote marks (“…”, "…", ‘…’, '…',
also when they run over a sentence boundary), and the content of a speech
verb from the stances codebook (कहा, बताया, बोले, जोर दिया, …): a कि clause,
a dash ("कहा- वेलकम, डियर फ्रेंड"), quoted words right after the verb, or a
reporting clause after the content ("“…,” उशाकोव ने कहा"). The speaker (and
the addressee, where the text names one) is resolved by
:mod:`rcreport.attribution`; :func:`rcreport.evaluation.score_quotations`
measures the result against a gold annotation.

Quote marks that no speech verb governs are a quotation only when they hold
a clause (a verb): a name, a title or a scare quote (“रणनीतिक साझेदारी”,
‘नो लिमिट’) is a noun phrase and says nothing anyone said.

A quotation is one statement however many sentences it runs over, and a
statement an article repeats (a headline, then the body) is one statement:
the ``quotation`` column names it, so that counts of quotations count what
a reader counts (:func:`distinct_quotations`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import pandas as pd

from .attribution import addressee, attribute, split_actors
from .coordination import NAME_SEPARATOR
from .sentence import SentenceView, Subject, chunks_between, clause_start, clause_subject, is_boundary, is_marked, is_postposition, next_text, phrase_actors
from .text import CLOSING_QUOTES, CLOSING_SHAPES, DASHES, OPENING_SHAPES, PUNCTUATION, QUOTE_FAMILIES
from .themes import find_phrase, pattern_words

QUOTATION_COLUMNS = ["article_id", "sentence_id", "speaker", "reported_by", "addressee", "attribution", "cue", "quote", "start", "end", "quotation"]
DECK_COLON = ":"  # introduces a speech verb's content ("कहा: …"), or separates a headline from its deck
CONTENT_DASHES = DASHES + DECK_COLON  # what may introduce a speech verb's content ("कहा- …", "कहा: …")
CLAUSE_UPOS = ("VERB", "AUX")  # quote marks holding a word of these hold a clause, not a name or scare quote


@dataclass
class SpeechEvent:
    """A speech verb, its subject and the character span of what was said (if any)."""

    first: int
    last: int
    cue: str
    subject: Subject | None
    content: tuple[int, int] | None = None
    quoted_from: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    reported_by: tuple[str, ...] = ()
    addressee: tuple[str, ...] = ()
    attribution: str = "unknown"
    dash: bool = False
    nested_in: list[int] = field(default_factory=list)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of the outermost quotations in a sentence.

    A mark opens when a space or the sentence start is before it and a
    letter after it, and closes in the mirror case; otherwise its shape
    decides (“ ‘ open, ” ’ close, a straight mark toggles). A closing mark
    with nothing open counts only as the first mark of the sentence: the
    quotation began in an earlier sentence and runs from the start. A mark
    left open runs to the sentence end. An apostrophe inside a word is no mark.
    """
    spans, open_marks, seen_mark = [], [], False
    for position, char in enumerate(text):
        family = QUOTE_FAMILIES.get(char)
        if not family or _is_apostrophe(text, position):
            continue
        opens = _opens(text, position, any(f == family for f, _ in open_marks))
        if opens:
            open_marks.append((family, position + 1))
        elif any(f == family for f, _ in open_marks):
            while open_marks and open_marks[-1][0] != family:
                open_marks.pop()
            _, start = open_marks.pop()
            if not open_marks:
                spans.append((start, position))
        elif not seen_mark:
            spans.append((0, position))
        seen_mark = True
    if open_marks:
        spans.append((open_marks[0][1], len(text)))
    return sorted(spans)


def _opens(text: str, position: int, family_open: bool) -> bool:
    """Whether the quote mark at ``position`` opens a quotation."""
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    if (before.isspace() or before in "([-–—:,") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or after in ",;:।.?!)"):
        return False
    if text[position] in OPENING_SHAPES:
        return True
    return False if text[position] in CLOSING_SHAPES else not family_open


def _is_apostrophe(text: str, position: int) -> bool:
    """A straight single quote between two letters is an apostrophe (Putin's)."""
    inside = 0 < position < len(text) - 1 and text[position - 1].isalpha() and text[position + 1].isalpha()
    return text[position] == "'" and inside


def speech_events(view: SentenceView, speech_patterns: dict[str, tuple[str, ...]]) -> list[SpeechEvent]:
    """The speech verbs of a sentence with their subjects and content spans (content-less ones kept)."""
    compiled = [(cue, pattern_words(p)) for cue, patterns in speech_patterns.items() for p in patterns]
    texts, lemmas = view.texts(), view.lemmas()
    spans = sorted({(first, last, cue) for cue, words in compiled for first, last in find_phrase(words, texts, lemmas)})
    events = []
    for first, last, cue in _longest(spans):
        if next_text(view, last) == view.grammar.adverbial_participle:
            continue  # "कहते हुए": an adverbial, its own content is the main verb's
        events.append(_speech_event(view, first, last, cue))
    _end_at_siblings(view, events)
    return events


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop matches that lie inside a longer match (जोर दिया over दिया)."""
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def _speech_event(view: SentenceView, first: int, last: int, cue: str) -> SpeechEvent:
    """One speech verb: subject (before it, or right after it in a headline) and content."""
    words = view.words
    subject = clause_subject(view, clause_start(view, first), first)
    after = last + 1
    while after < len(words) and words[after].text in view.grammar.auxiliaries:
        after += 1
    if subject is None and after < len(words):
        inverted = [m for m in view.mentions if m.first == after and not is_marked(view, m.last)]
        if inverted:
            subject = Subject((inverted[0].actor,), position=inverted[0].last, first=after)
            after = inverted[0].last + 1
    event = SpeechEvent(first, last, cue, subject)
    event.quoted_from = _quoted_from(view, subject, first)
    event.content, event.dash = _content_after(view, after, subject)
    event.content = event.content or _content_before(view, subject, after)
    return event


def _quoted_from(view: SentenceView, subject: Subject | None, verb: int) -> tuple[str, ...]:
    """The actors of a "के हवाले से" phrase between subject and verb: whom the subject quotes."""
    start = subject.position + 1 if subject else 0
    found, _ = chunks_between(view, start, verb)
    return next((phrase_actors(view, c.first, c.last) for c in found if view.grammar.quoted_from in c.marker.split()), ())


def _content_after(view: SentenceView, after: int, subject: Subject | None) -> tuple[tuple[int, int] | None, bool]:
    """Content following the verb (a कि clause, a dash clause or quoted words), and whether it was a dash."""
    words, text = view.words, view.text
    if after < len(words) and words[after].text == view.grammar.complementizer:
        return (words[after].end, len(text)), False
    previous = words[after - 1] if after else None
    # a dash may be a token of its own or stuck to the word before it ("पुतिन-")
    position = previous.start + len(previous.text.rstrip(CONTENT_DASHES)) if previous else 0
    dash = re.match(rf"\s*[{CONTENT_DASHES}]\s*", text[position:])
    if dash and text[position + dash.end() :].strip():
        start = position + dash.end()
        return (start, _dash_end(view, start, subject)), True
    for start, end in quote_spans(text):
        if start > position and not text[position : start - 1].strip(" ,:"):
            return (start, end), False
    return _comma_content(view, after), False


def _comma_content(view: SentenceView, after: int) -> tuple[int, int] | None:
    """Unquoted words said after a comma: "अमेरिकी ने कहा, मुझे … बधाई देनी होगी".

    The comma must follow the verb (or its auxiliaries) at once, and what
    follows must be a clause of its own: not opened by a subordinator or a
    conjunction ("कहा, जिसके बाद …", "बताया, और …"), holding a verb, and
    no "…ते हुए" participle before its first boundary ("कहा, यह देखते हुए कि
    …" adds why the verb was said, and the कि clause is the participle's).
    """
    words, grammar = view.words, view.grammar
    if after + 1 >= len(words) or words[after].text != NAME_SEPARATOR:
        return None
    opener = words[after + 1].text
    if opener in grammar.subordinators or opener in grammar.clause_coordinators or opener in PUNCTUATION:
        return None
    first_clause = itertools.takewhile(lambda i: not is_boundary(grammar, words, i), range(after + 1, len(words)))
    if any(words[i].text == grammar.adverbial_participle for i in first_clause):
        return None
    start = words[after + 1].start
    return (start, len(view.text)) if holds_clause(view, start, len(view.text)) else None


def _dash_end(view: SentenceView, start: int, subject: Subject | None) -> int:
    """Where a dash quotation beginning at ``start`` ends: the sentence end, or a colon after which its speaker is named.

    A colon inside what was said ("कहा- रूस तैयार है: चीन भी") does not end
    it; a headline's colon before a deck that names the speaker in the third
    person does ("बोले पुतिन- वेलकम, डियर फ्रेंड:मुलाकात के बाद … रूसी प्रेसिडेंट"),
    as a quotation does not name its own speaker.
    """
    speaker = set(subject.actors) if subject else set()
    for colon in (start + match.start() for match in re.finditer(re.escape(DECK_COLON), view.text[start:])):
        if any(m.actor in speaker and view.words[m.first].start > colon for m in view.mentions):
            return colon
    return len(view.text)


def _content_before(view: SentenceView, subject: Subject | None, after: int) -> tuple[int, int] | None:
    """Content before a reporting clause at the sentence end: "…, क्रेमलिन ने कहा।" or "“…,” उशाकोव ने कहा।".

    What precedes the comma must be a clause, not a phrase such as "उशाकोव के अनुसार,".
    """
    ends_sentence = all(word.text in PUNCTUATION or word.text in CLOSING_QUOTES for word in view.words[after:])
    if subject is None or subject.first <= 1 or not ends_sentence:
        return None
    before = view.text[: view.words[subject.first].start].rstrip()
    last_word = max(i for i in range(subject.first) if view.words[i].text not in PUNCTUATION)
    if before and before[-1] in "," + CLOSING_QUOTES and not is_postposition(view.grammar, view.words, last_word):
        return (0, len(before.rstrip(",")))
    return None


def _end_at_siblings(view: SentenceView, events: list[SpeechEvent]) -> None:
    """Cut a clause's content where a later speech verb of the same sentence begins after a comma or quote."""
    for event in events:
        if not event.content:
            continue
        start, end = event.content
        for later in events:
            if later.first <= event.last:
                continue
            begin = view.words[later.subject.first if later.subject and later.subject.first >= 0 else later.first].start
            preceding = view.text[:begin].rstrip()
            if start < begin < end and preceding and preceding[-1] in "," + CLOSING_QUOTES:
                end = len(preceding.rstrip(","))
        event.content = (start, end)


def _kept(events: list[SpeechEvent]) -> list[SpeechEvent]:
    """The events that become quotations: with content, and not the outer layer of a chain."""
    kept = []
    for k, event in enumerate(events):
        if not event.content:
            continue
        inner = [e for e in events if k in e.nested_in and e.content and e.speaker]
        if any(e.speaker != event.speaker for e in inner):
            continue  # the inner speaker's row carries this one as reported_by
        if any(events[o].content and events[o].speaker == event.speaker for o in event.nested_in):
            continue  # the same speaker quoted inside his own clause: one quotation
        kept.append(event)
    return kept


@dataclass(frozen=True)
class RunningQuote:
    """A quotation that may continue into the next sentence: an open quote mark, or a dash quotation in its paragraph."""

    article_id: str
    line_no: int
    speaker: tuple[str, ...]
    reported_by: tuple[str, ...]
    addressee: tuple[str, ...]
    cue: str
    dash: bool
    quotation: str  # the id of the quotation it continues

    def reaches(self, view: SentenceView) -> bool:
        """Whether it can continue into this (the next) sentence: same article, and same paragraph for a dash."""
        return view.article_id == self.article_id and (not self.dash or view.line_no == self.line_no)


def find_quotations(views: list[SentenceView], speech_patterns: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Every quotation, one row per sentence it occupies, with speaker, reporter and how it was attributed.

    Columns: article_id, sentence_id, speaker, reported_by and addressee
    (actor ids joined by '+', '' when unknown or not named), attribution (how
    the speaker was found: subject, pronoun, quoted from, continued, no
    subject, unknown), cue (the speech verb id, '' for bare quote marks),
    quote (the words), start/end (the quote's span in the sentence text) and
    quotation (the statement's id: the sentence where it begins and its
    number there, e.g. ``A003.s004.q1``, shared by the sentences it runs
    over and by its repetitions in the article). Views must be in text order.
    """
    rows: list[dict] = []
    running: RunningQuote | None = None
    for index, view in enumerate(views):
        running = running if running and running.reaches(view) else None
        events = speech_events(view, speech_patterns)
        attribute(views, index, events)
        for event in events:
            event.addressee = addressee(view, event, quote_spans(view.text))
        kept = _kept(events)
        found = [_row(view, e.content, e, e.attribution) for e in kept]
        found += _marked_rows(view, events, running)
        dash = any(e.dash and e.content[1] == len(view.text) for e in kept)
        if not found and running and running.dash and _runs_on(view, running, events):
            found.append(_row(view, (0, len(view.text)), running, "continued"))
            dash = True
        for number, row in enumerate(found, start=1):
            row["quotation"] = row["quotation"] or f"{view.sentence_id}.q{number}"
        rows.extend(found)
        running = _running(view, found[-1], dash) if found else None
    return _merge_repeats(pd.DataFrame(rows, columns=QUOTATION_COLUMNS))


def _row(view: SentenceView, span: tuple[int, int], source: SpeechEvent | RunningQuote | None, attribution: str) -> dict:
    """One quotation row, the span trimmed of spaces, quote marks and the closing danda; speaker, reporter and addressee from ``source``."""
    start, end = span
    while start < end and (view.text[start].isspace() or view.text[start] in QUOTE_FAMILIES):
        start += 1
    while end > start and (view.text[end - 1].isspace() or view.text[end - 1] in "।,." or view.text[end - 1] in QUOTE_FAMILIES):
        end -= 1
    speaker, reported_by, addressee = ("+".join(getattr(source, name, ())) for name in ("speaker", "reported_by", "addressee"))
    return {
        "article_id": view.article_id,
        "sentence_id": view.sentence_id,
        "speaker": speaker,
        "reported_by": reported_by,
        "addressee": addressee,
        "attribution": attribution if speaker else "unknown",
        "cue": getattr(source, "cue", ""),
        "quote": view.text[start:end],
        "start": start,
        "end": end,
        "quotation": source.quotation if isinstance(source, RunningQuote) else "",  # a new one is numbered by the caller
    }


def _marked_rows(view: SentenceView, events: list[SpeechEvent], running: RunningQuote | None) -> list[dict]:
    """Quote marks outside every speech content: the sentence's speaker, a continued quotation, or (a clause only) unknown."""
    rows = []
    covered = [e.content for e in events if e.content]
    for start, end in quote_spans(view.text):
        if any(c[0] <= start and end <= c[1] for c in covered):
            continue
        preceding = [e for e in events if e.speaker and view.words[e.first].start < start]
        if preceding:
            rows.append(_row(view, (start, end), preceding[-1], preceding[-1].attribution))
        elif running and _continues_running(view.text, start, end):
            rows.append(_row(view, (start, end), running, "continued"))
        elif holds_clause(view, start, end):
            rows.append(_row(view, (start, end), None, "unknown"))
    return rows


def holds_clause(view: SentenceView, start: int, end: int) -> bool:
    """Whether the characters [start, end) hold a verb: quoted words someone said or wrote, not a name or a scare quote."""
    return any(start <= word.start < end and word.upos in CLAUSE_UPOS for word in view.words)


def _continues_running(text: str, start: int, end: int) -> bool:
    """Quote marks continue the previous sentence's quotation when they began there or fill this sentence."""
    fills = not text[: max(start - 1, 0)].strip() and not text[end + 1 :].strip(" ।.")
    return start == 0 or fills


def _runs_on(view: SentenceView, running: RunningQuote, events: list[SpeechEvent]) -> bool:
    """A dash quotation runs on until a sentence has a speech verb or names its speaker."""
    return not events and not any(m.actor in running.speaker for m in view.mentions)


def _running(view: SentenceView, last: dict, dash: bool) -> RunningQuote:
    """The sentence's last quotation, as it may continue into the next sentence."""
    speaker, reported_by, addressed = (split_actors(last[name]) for name in ("speaker", "reported_by", "addressee"))
    return RunningQuote(view.article_id, view.line_no, speaker, reported_by, addressed, last["cue"], dash, last["quotation"])


def quote_key(quote: str) -> str:
    """A quotation's words for spotting a repetition: quote marks and punctuation dropped, spacing collapsed, case folded."""
    kept = "".join(" " if char in QUOTE_FAMILIES or char in PUNCTUATION else char for char in str(quote))
    return " ".join(kept.split()).casefold()


def _merge_repeats(quotations: pd.DataFrame) -> pd.DataFrame:
    """Give a quotation an article repeats with the same speaker and opening words (a headline, then the body) the id of its first telling.

    A quotation is known by its first sentence's words; the sentences it runs
    on into follow it. Quotations without a speaker are never merged.
    """
    openings = quotations.drop_duplicates("quotation")
    openings = openings[openings["speaker"] != ""]
    keys = openings["article_id"] + "|" + openings["speaker"] + "|" + openings["quote"].map(quote_key)
    first = dict(zip(openings["quotation"], openings.groupby(keys, sort=False)["quotation"].transform("first")))
    return quotations.assign(quotation=quotations["quotation"].map(lambda quotation: first.get(quotation, quotation)))


def distinct_quotations(quotations: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation (statement), not per sentence: the first row of each, with ``sentences``, how many rows it covers."""
    sizes = quotations.groupby("quotation", sort=False).size()
    return quotations.drop_duplicates("quotation").assign(sentences=lambda table: table["quotation"].map(sizes).to_numpy())
