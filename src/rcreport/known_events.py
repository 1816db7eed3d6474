"""Known events: where the sentences mention the dated events of ``data/codebook/events.yml``.

A sentence mentions a known event in one of three ways:

- **by name**: one of the event's aliases ("2022 शीतकालीन ओलंपिक"); the
  mention is the event;
- **by its series**: a generic name of a recurring event ("एससीओ शिखर
  सम्मेलन"); the candidates are the events of the series;
- **by its kind**: a generic word for the kind of event (``kind_cues``:
  "वीडियो कॉल", "आभासी शिखर सम्मेलन") in a sentence that names participants
  of both sides of an event of that kind (पुतिन and शी जिनपिंग, or पुतिन and
  चीन); the candidates are those events.

A generic mention (series or kind) names one event when a time expression
of the same sentence dates it ("सितंबर 2022 में … SCO शिखर सम्मेलन") and
exactly one candidate lies in that interval; otherwise it keeps its
candidates, and the publication-date inference (:mod:`rcreport.publication`)
may pick one by the article's interval or a weekday.

The tense of a mention is that of the clause after it, as for time
expressions, except where a presupposing postposition of ``time.yml``
follows the name ("बहिष्कार के तहत", "युद्ध के बीच"): the event is then
*presupposed*, taken as begun whatever the clause's tense.

Aliases are matched on the folded matching form of the text
(:func:`rcreport.text.match_form`), in which hyphens, dashes and quote marks
are spaces, nuktas and zero-width joiners are dropped and case is folded, so एशिया-प्रशांत, ‘नो लिमिट’ and फ़ोरम/फोरम match however the
text or the tokenizer writes them. An alias that ends in an event noun of
``time.yml`` also matches its genitive paraphrase: "बेल्ट एंड रोड शिखर
सम्मेलन" matches "बेल्ट एंड रोड पहल के शिखर सम्मेलन" (at most
:data:`PARAPHRASE_GAP` words between the name and के/की/का).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from .actors import find_mentions
from .codebook import Actor, TimeWords
from .event_codebook import EventCodebook, KnownEvent
from .temporal import absolute_interval, clause_tense, records, sentence_words
from .text import WORD_END, WORD_START, match_form

PARAPHRASE_GAP = 2  # words between a name and the genitive before an event noun: "बेल्ट एंड रोड [इंफ्रास्ट्रक्चर पहल] के शिखर सम्मेलन"
GENITIVES = ("के", "की", "का")
MIN_SIDES = 2  # a kind word means an event of that kind only where both sides of it are named
HOW = ("event", "series", "kind")  # how a mention names its event, most specific first
MENTION_COLUMNS = [
    "article_id",
    "sentence_id",
    "sentence_no",
    "start",
    "end",
    "text",
    "how",
    "series",
    "kind",
    "candidates",
    "event",
    "resolved_by",
    "tense",
]


@dataclass(frozen=True)
class _Pattern:
    """One alias or kind word compiled on the matching form, with what it names."""

    regex: re.Pattern
    first_word: str
    how: str
    target: str  # the event id, series id or kind
    alias: str  # as the codebook writes it


@cache
def _patterns(events: EventCodebook, time_words: TimeWords) -> tuple[_Pattern, ...]:
    """The compiled aliases of the events and series and the kind words, built once per loaded codebook."""
    heads = sorted({match_form(noun)[0].strip() for noun in time_words.event_nouns}, key=len, reverse=True)
    named = [(alias, "event", event.id) for event in events.events for alias in event.aliases]
    named += [(alias, "series", series.id) for series in events.series for alias in series.aliases]
    named += [(word, "kind", kind) for kind, words in events.kind_cues.items() for word in words]
    return tuple(_Pattern(re.compile(_alias_regex(match_form(alias)[0].strip(), heads)), match_form(alias)[0].split()[0], how, target, alias) for alias, how, target in named)


def _alias_regex(form: str, heads: list[str]) -> str:
    """The whole-word pattern of an alias in matching form, with its genitive paraphrase where it ends in an event noun."""
    literal = re.escape(form)
    head = next((noun for noun in heads if form.endswith(" " + noun)), None)
    if head:
        name = re.escape(form[: -len(head) - 1])
        literal += rf"|{name}(?: \S+){{0,{PARAPHRASE_GAP}}} (?:{'|'.join(GENITIVES)}) {re.escape(head)}"
    return rf"{WORD_START}(?:{literal}){WORD_END}"


def find_event_mentions(text: str, events: EventCodebook, time_words: TimeWords) -> list[dict]:
    """The known-event mentions of one sentence: start, end (offsets in ``text``), text, how and target.

    Overlapping matches are resolved as for time expressions: the longest
    wins, and of two of one length the more specific (event, series, kind).
    """
    form, origin = match_form(text)
    found = []
    for pattern in _patterns(events, time_words):
        if pattern.first_word not in form:
            continue
        for match in pattern.regex.finditer(form):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            found.append({"start": start, "end": end, "text": text[start:end], "how": pattern.how, "target": pattern.target})
    chosen: list[dict] = []
    for mention in sorted(found, key=lambda m: (m["start"] - m["end"], HOW.index(m["how"]), m["start"])):
        if all(mention["end"] <= other["start"] or mention["start"] >= other["end"] for other in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m["start"])


def candidates_of(mention: dict, events: EventCodebook, sides: dict[str, str], named: set[str]) -> list[KnownEvent]:
    """The events a mention may mean: the event itself, its series' events, or the events of its kind with both sides named."""
    if mention["how"] == "event":
        return [event for event in events.events if event.id == mention["target"]]
    if mention["how"] == "series":
        return [event for event in events.events if event.series == mention["target"]]
    return [event for event in events.events if event.kind == mention["target"] and len({sides.get(actor, actor) for actor in event.participants if actor in named}) >= MIN_SIDES]


def date_in_sentence(candidates: list[KnownEvent], expressions: list[dict]) -> tuple[KnownEvent, dict] | None:
    """The one candidate that a dated expression of the sentence (a year, a month, a day) points to, with that expression."""
    hits = {}
    for expr in expressions:
        interval = absolute_interval(expr)
        if interval:
            for event in candidates:
                if event.first <= interval[1] and interval[0] <= event.last:
                    hits.setdefault(event.id, (event, expr))
    return next(iter(hits.values())) if len(hits) == 1 else None


def event_mentions(corpus, events: EventCodebook, actors: list[Actor], time_words: TimeWords, expressions: pd.DataFrame, tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per known-event mention in the corpus sentences (see the module's docstring).

    Columns: article_id, sentence_id, sentence_no, start/end/text (the span
    in the sentence), how (event, series or kind), series and kind (of the
    alias), candidates (the ids it may mean, ``;``-joined), event (the one it
    names, or empty), resolved_by (why: its alias, or the dated expression
    of the sentence) and tense (of the clause after it, as for time
    expressions, or "presupposed").
    """
    sides = {actor.id: actor.country or actor.id for actor in actors}
    named_in = find_mentions(actors, corpus.sentences).groupby("sentence_id")["actor"].agg(set).to_dict()
    dated_in = {sentence_id: records(group) for sentence_id, group in expressions.groupby("sentence_id")}
    by_sentence = dict(tuple(tokens.groupby("sentence_id", sort=False))) if tokens is not None else {}
    series_of = {event.id: event.series for event in events.events}
    rows = []
    for sentence in corpus.sentences.itertuples():
        found = find_event_mentions(sentence.text, events, time_words)
        words = sentence_words(sentence.text, by_sentence.get(sentence.sentence_id), sentence.start) if found else []
        for mention in found:
            candidates = candidates_of(mention, events, sides, named_in.get(sentence.sentence_id, set()))
            if not candidates:
                continue
            event, resolved_by = (candidates[0], "named by its alias") if mention["how"] == "event" else (None, "")
            if event is None and (dated := date_in_sentence(candidates, dated_in.get(sentence.sentence_id, []))):
                event, resolved_by = dated[0], f"dated in its sentence by {dated[1]['text']}"
            rows.append(
                {
                    "article_id": sentence.article_id,
                    "sentence_id": sentence.sentence_id,
                    "sentence_no": sentence.sentence_no,
                    **{key: mention[key] for key in ("start", "end", "text", "how")},
                    "series": mention["target"] if mention["how"] == "series" else series_of.get(mention["target"], ""),
                    "kind": mention["target"] if mention["how"] == "kind" else candidates[0].kind,
                    "candidates": ";".join(event.id for event in candidates),
                    "event": event.id if event else "",
                    "resolved_by": resolved_by,
                    "tense": "presupposed" if _presupposed(sentence.text[mention["end"] :], time_words) else clause_tense(words, time_words, mention["end"]),
                }
            )
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def _presupposed(rest: str, time_words: TimeWords) -> bool:
    """Whether the text after a mention opens with a postposition that takes the event as begun (के तहत, के बीच …)."""
    form = match_form(rest)[0].strip()
    return any(form == post or form.startswith(post + " ") for post in (match_form(word)[0].strip() for word in time_words.presupposing))


def unmatched_aliases(events: EventCodebook, time_words: TimeWords, sentences: pd.DataFrame) -> dict[str, list[str]]:
    """The event and series aliases that match no sentence of the corpus, by entry id (a typo, or one waiting for its article)."""
    forms = [match_form(text)[0] for text in sentences["text"]]
    unmatched: dict[str, list[str]] = {}
    for pattern in _patterns(events, time_words):
        if pattern.how != "kind" and not any(pattern.first_word in form and pattern.regex.search(form) for form in forms):
            unmatched.setdefault(pattern.target, []).append(pattern.alias)
    return unmatched
