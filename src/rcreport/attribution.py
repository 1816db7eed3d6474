"""Speakers: who says each speech verb's words, resolved to actors of the codebook.

The speaker is the subject of the speech verb: the ने-marked phrase before it
(its last actor mention, or all of them when coordinated), an unmarked actor
before or right after it, or a pronoun (उन्होंने, वह, वे) resolved to the
speaker of the quotation it stands in or else to the most recent compatible
mention, preferring a ने-marked one. A subject the codebook does not know
("अन्य देशों ने") leaves the speaker unknown; nothing is guessed. A speech
verb inside another's content keeps the chain: "सीसीटीवी ने बताया कि शी ने
कहा, “…”" gives speaker Xi, reported by CCTV, as does "शी के हवाले से".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .sentence import SentenceView, Subject, antecedent, clause_start, pronoun_kind

if TYPE_CHECKING:
    from .quotations import SpeechEvent


def attribute(views: list[SentenceView], index: int, events: list[SpeechEvent]) -> None:
    """Resolve each event's speaker (actors, pronoun, zero subject) and link reporting chains."""
    view = views[index]
    for event in events:
        event.nested_in = [k for k, outer in enumerate(events) if outer is not event and _inside(view, event.first, outer.content)]
    for event in sorted(events, key=lambda e: len(e.nested_in)):
        subject = event.subject
        if subject and subject.actors:
            event.speaker, event.attribution = subject.actors, "subject"
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


def _inside(view: SentenceView, word: int, span: tuple[int, int] | None) -> bool:
    """Whether a word lies inside a character span."""
    return bool(span) and span[0] <= view.words[word].start < span[1]


def _resolve_pronoun(views: list[SentenceView], index: int, subject: Subject, enclosing: list[SpeechEvent]) -> tuple[tuple[str, ...], str]:
    """A pronoun subject: the speaker it is quoted by, else (third person) the most recent compatible mention."""
    speakers = [event.speaker for event in enclosing if event.speaker]
    if speakers:
        return speakers[-1], "pronoun: the quoting speaker"
    kind = pronoun_kind(views[index].grammar, subject.pronoun)
    if kind == "first":
        return (), "unknown"
    return antecedent(views, index, subject.position, kind), "pronoun: most recent mention"
