"""Speakers: who says each speech verb's words, resolved to actors of the codebook.

The speaker is the subject of the speech verb: the ने-marked phrase before it
(its last actor mention, or all of them when coordinated), an unmarked actor
before or right after it, or a pronoun (उन्होंने, वह, वे) resolved to the
speaker of the quotation it stands in or else to the most recent compatible
mention, preferring a ने-marked one. A subject the codebook does not know
("अन्य देशों ने") leaves the speaker unknown; nothing is guessed, except
where unlisted actors are read (the independent evaluation): there the ने
phrase is the speaker as written ("फ्रांसीसी सैन्य टुकड़ी ने खुलासा किया"). A speech
verb inside another's content keeps the chain: "सीसीटीवी ने बताया कि शी ने
कहा, “…”" gives speaker Xi, reported by CCTV, as does "शी के हवाले से".

The addressee is whom the speech verb's clause names with से or को before
the verb, outside the quoted words ("पुतिन ने चीन से कहा कि …", "जिनपिंग से
बोले पुतिन- …", "शी को बताया"): the one "आप" (you) refers to inside the
quotation (:func:`addressed_view`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from .codebook import Actor
from .sentence import UNLISTED_PREFIX, Mention, SentenceView, Subject, antecedent, chunks_between, clause_start, next_text, phrase_actors, pronoun_kind, split_fused_case

if TYPE_CHECKING:
    from .quotations import SpeechEvent

NAMED_UPOS = ("NOUN", "PROPN")  # the head of a ने phrase that names its speaker as written


def attribute(views: list[SentenceView], index: int, events: list[SpeechEvent]) -> None:
    """Resolve each event's speaker (actors, pronoun, zero subject) and link reporting chains."""
    view = views[index]
    for event in events:
        event.nested_in = [k for k, outer in enumerate(events) if outer is not event and _inside(view, event.first, outer.content)]
    for event in sorted(events, key=lambda e: len(e.nested_in)):
        subject = event.subject
        if subject and subject.actors:
            event.speaker, event.attribution = subject.actors, "subject"
        elif subject and not subject.pronoun and view.unlisted and _named_agent(view, subject):
            event.speaker, event.attribution = _named_agent(view, subject), "subject: the ने phrase as written"
        elif subject and subject.pronoun:
            event.speaker, event.attribution = _resolve_pronoun(views, index, subject, [events[k] for k in event.nested_in])
        elif subject is None and event.first <= clause_start(view, event.first) + 1:
            event.speaker, event.attribution = antecedent(views, index, 0, "person"), "no subject: previous sentence"
        if event.quoted_from and event.speaker:
            event.speaker, event.reported_by, event.attribution = event.quoted_from, event.speaker, "quoted from"
    for event in events:
        outer = [events[k] for k in event.nested_in if events[k].content and events[k].speaker]
        if event.content and event.speaker and outer and outer[-1].speaker != event.speaker:
            event.reported_by = event.reported_by or outer[-1].speaker


def _named_agent(view: SentenceView, subject: Subject) -> tuple[str, ...]:
    """Where unlisted actors are read, a ने-marked subject phrase that names no actor, as written ("फ्रांसीसी सैन्य टुकड़ी
    ने खुलासा किया", "इंजीनियरों ने बताया"): the ने phrase is the speaker, whatever noun heads it; its last word must be
    a noun (or proper noun), so a clause or a number before ने gives none."""
    words = view.words
    if not 0 <= subject.first <= subject.position < len(words) or next_text(view, subject.position) != view.grammar.ergative:
        return ()
    if words[subject.position].upos not in NAMED_UPOS:
        return ()
    return (UNLISTED_PREFIX + view.text[words[subject.first].start : words[subject.position].end],)


def _inside(view: SentenceView, word: int, span: tuple[int, int] | None) -> bool:
    """Whether a word lies inside a character span."""
    return bool(span) and span[0] <= view.words[word].start < span[1]


def _resolve_pronoun(views: list[SentenceView], index: int, subject: Subject, enclosing: list[SpeechEvent]) -> tuple[tuple[str, ...], str]:
    """A pronoun subject: the speaker it is quoted by, else (third person) the most recent compatible mention before its clause."""
    speakers = [event.speaker for event in enclosing if event.speaker]
    if speakers:
        return speakers[-1], "pronoun: the quoting speaker"
    kind = pronoun_kind(views[index].grammar, subject.pronoun)
    if kind == "first":
        return (), "unknown"
    # a pronoun refers to no one named earlier in its own clause ("अखिलेश का बचाव करते हुए उन्होंने कहा",
    # "… प्रधानमंत्री को सौंपी रिपोर्ट पर उन्होंने कहा"): those are the clause's objects, the antecedent is named before it
    return antecedent(views, index, clause_start(views[index], subject.position), kind), "pronoun: most recent mention"


def addressee(view: SentenceView, event: SpeechEvent, quoted: list[tuple[int, int]]) -> tuple[str, ...]:
    """Whom a speech verb addresses: the actors of the nearest से phrase before it in its clause, else of the nearest को phrase.

    The markers are tried in grammar.yml's order (से, the addressee of कहना,
    before को, that of बताना), the next only where the clause has no phrase
    with the one before; the nearest phrase with a marker decides, so a
    manner ("फिर से") or a time ("बुधवार को") names no addressee and a
    farther phrase is not taken instead. Words inside the ``quoted``
    character spans (the sentence's quote marks) and the speech's own content
    are not searched: "अमेरिका से खतरे" inside what was said is no addressee.
    """
    spans = [*quoted, *([event.content] if event.content else [])]
    chunks, _ = chunks_between(view, clause_start(view, event.first), event.first)
    outside = [chunk for chunk in chunks if not any(_inside(view, chunk.first, span) for span in spans)]
    for marker in view.grammar.addressee_markers:
        nearest = next((chunk for chunk in reversed(outside) if chunk.marker == marker), None)
        if nearest:
            return tuple(a for a in phrase_actors(view, nearest.first, nearest.last) if a not in event.speaker)
    return ()


def addressed_view(view: SentenceView, quotations: pd.DataFrame, actors: dict[str, Actor]) -> SentenceView:
    """The view with "आप" (you) inside a quotation that names its addressee made a mention of the addressee.

    ``quotations`` are this sentence's rows; ``actors`` maps ids to actors.
    A form with its postposition fused (आपको, आपके) is read as the pronoun
    and the postposition (:func:`rcreport.sentence.split_fused_case`), so
    that "आपको" is a को-marked phrase. A quotation addressed to several
    actors resolves "आप" to all of them.
    """
    addressed = quotations[quotations["addressee"] != ""]
    if addressed.empty:
        return view
    base = view.grammar.addressee_pronouns[0]
    view = split_fused_case(view, base)
    added = [
        Mention(actor, actors[actor].type, actors[actor].country, index, index)
        for row in addressed.itertuples()
        for index, word in enumerate(view.words)
        if word.text == base and row.start <= word.start < row.end
        for actor in split_actors(row.addressee)
        if actor in actors
    ]
    return replace(view, mentions=tuple(sorted(view.mentions + tuple(added), key=lambda m: (m.first, m.last)))) if added else view


def split_actors(value: str) -> tuple[str, ...]:
    """The actor ids of a '+'-joined field such as a quotation's speaker ('' gives none)."""
    return tuple(filter(None, str(value).split("+")))
