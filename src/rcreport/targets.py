"""Stance targets: whom (or what issue) a subject cue is directed at, from the phrases marked before it.

The target is the nearest phrase before the cue marked by one of the cue's
postpositions that names an actor other than the holder's side. A stance on
an act or a position is one on its agent or owner, as the gold guidelines
and news usage have it: the द्वारा phrase or genitive before a verbal noun
("आडवाणी द्वारा … खेद प्रकट करने की आलोचना" → Advani), the genitive owner of
the cue's own argument ("जैन के तौर तरीकों पर आपत्ति" → Jain); a verbal
noun given as a reason ("पद संभालने के लिए बधाई") leaves the target to whom
the praise or blame is given. After "आरोप लगाया कि" the target is the कि
clause's subject. :mod:`rcreport.stances` calls these for every cue.
"""

from __future__ import annotations

from .codebook import StanceCue
from .sentence import VERB_UPOS, Chunk, SentenceView, chunks_between, is_boundary, is_marked, is_postposition, phrase_actors

COMPLEMENT_REACH = 4  # words after a cue within which its कि clause may begin ("आरोप लगाया कि")


def subject_target(view: SentenceView, first: int, cue: StanceCue, begin: int, exclude: set[str]) -> tuple[tuple[str, ...], str, int]:
    """Target actors of a subject cue (other than the holder's side), the target phrase and its first word.

    Without a marked actor, the nearest marked phrase is the issue (actors ``()``).
    """
    chunks, _ = chunks_between(view, begin, first)
    marked = [chunk for chunk in reversed(chunks) if chunk.marker in cue.target_markers]
    past_reason = False
    for chunk in marked:
        action = is_action(view, chunk.last)
        if action and chunk.marker not in view.grammar.genitive:
            past_reason = True  # the reason of a praise or blame ("पद संभालने के लिए बधाई"): whom it is given names it apart,
            continue  # not a genitive that may be the reason's own ("चीन का राष्ट्रपति बनने के लिए")
        if past_reason and chunk.marker in view.grammar.genitive:
            continue
        governed = adjacent(chunk, first)  # the cue's own argument ("जैन के तौर तरीकों पर आपत्ति"), not a verb's object before it
        owner = action_agent(view, chunks, chunk) if action else genitive_owner(view, chunks, chunk) if governed else None
        for phrase in (owner, chunk) if owner else (chunk,):
            actors = tuple(a for a in phrase_actors(view, phrase.first, phrase.last) if a not in exclude)
            if actors:
                return actors, span_text(view, phrase.first, first), phrase.first
    if marked and marked[0].last >= marked[0].first:
        return (), span_text(view, marked[0].first, first), marked[0].first
    return (), "", first


def is_action(view: SentenceView, index: int) -> bool:
    """Whether a word is a verbal noun, the oblique infinitive of a verb (करने, झाड़ने, संभालने): the phrase it ends names an act."""
    word = view.words[index]
    return word.upos in VERB_UPOS and word.text.endswith(view.grammar.infinitive_oblique)


def action_agent(view: SentenceView, chunks: list[Chunk], action: Chunk) -> Chunk | None:
    """Who does an act that is a stance's object: "आडवाणी द्वारा … खेद प्रकट करने की आलोचना" → Advani.

    A stance on an act is one on its agent, as a stance on a decision is one
    on its owner. The agent is the द्वारा phrase before the act, else a
    genitive phrase right before it ("आडवाणी के पाकिस्तान जाने की आलोचना");
    None when the sentence does not name it.
    """
    agent = next((chunk for chunk in reversed(chunks) if chunk.last < action.first and chunk.marker == view.grammar.agent), None)
    return agent or genitive_owner(view, chunks, action)


def genitive_owner(view: SentenceView, chunks: list[Chunk], marked: Chunk) -> Chunk | None:
    """The genitive phrase right before a marked phrase, its owner: "जैन के तौर तरीकों पर आपत्ति" → Jain's (ways)."""
    return next((chunk for chunk in chunks if adjacent(chunk, marked.first) and chunk.marker in view.grammar.genitive), None)


def adjacent(chunk: Chunk, start: int) -> bool:
    """Whether a chunk and its postposition end right before word ``start``."""
    return chunk.last + 1 + len(chunk.marker.split()) == start


def clause_after(view: SentenceView, last: int, exclude: set[str]) -> tuple[str, ...]:
    """The first actor of a कि clause right after the cue ("आरोप लगाया कि कीव …"), other than the holder's side."""
    for index in range(last + 1, min(last + 1 + COMPLEMENT_REACH, len(view.words))):
        if view.words[index].text == view.grammar.complementizer:
            found = [m.actor for m in view.mentions if m.first > index and m.actor not in exclude and may_be_subject(view, m.last)]
            return found[:1] if found else ()
        if is_boundary(view.grammar, view.words, index):
            return ()
    return ()


def may_be_subject(view: SentenceView, last: int) -> bool:
    """Whether a mention ending at word ``last`` can be its clause's subject: unmarked, ने-marked, or the genitive owner of
    such a phrase ("कि रूस की सेना ने …"), not an object or a place ("कि … रिलायंस समूह की प्रतिष्ठा पर आँच आई")."""
    grammar = view.grammar
    if not is_marked(view, last):
        return True
    owner = False  # past the genitive: the next marker is the case of the phrase it owns
    for index in range(last + 1, len(view.words)):
        word = view.words[index].text
        if word == grammar.ergative or (owner and is_boundary(grammar, view.words, index)):
            return True
        if is_postposition(grammar, view.words, index):
            if word not in grammar.genitive:
                return False
            owner = True
    return True


def span_text(view: SentenceView, first: int, stop: int) -> str:
    """The sentence text from word ``first`` up to (not including) word ``stop``."""
    return view.text[view.words[first].start : view.words[stop - 1].end] if stop > first else ""
