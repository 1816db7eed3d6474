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
from .sentence import VERB_UPOS, Chunk, SentenceView, chunks_between, is_boundary, is_marked, is_postposition, next_text, phrase_actors

COMPLEMENT_REACH = 4  # words after a cue within which its कि clause may begin ("आरोप लगाया कि")
DEGREE_UPOS = ("ADJ", "ADV")  # words that may stand between a cue and its own argument (की तल्ख आलोचना, का जमकर बचाव)
FUSED_DATIVE = ("े", "ें")  # the endings of a pronoun's fused dative (इसे, उसे, उन्हें, इन्हें)
QUANTIFIER_UPOS = ("DET", "NUM")  # the words that open a quantified adverbial ("कई बार", "दो दिन")


def subject_target(view: SentenceView, first: int, cue: StanceCue, begin: int, exclude: set[str], patient_acts: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], str, int]:
    """Target actors of a subject cue (other than the holder's side), the target phrase and its first word.

    Without a marked actor, the nearest marked phrase is the issue (actors ``()``).
    A genitive phrase is the target only as the cue's own argument or an owner
    of it ("X के फैसले की आलोचना"); one further back modifies another noun. A
    stance on an act whose genitive is the one it is done to (stances.yml:
    patient_acts, "X की गिरफ्तारी का विरोध") targets its द्वारा agent, else
    no actor.
    """
    chunks, _ = chunks_between(view, begin, first)
    marked = [chunk for chunk in reversed(chunks) if chunk.marker in cue.target_markers]
    act = own_act(view, chunks, first)
    argument = next((chunk for chunk in marked if governs(view, chunk, first)), None)
    owners = genitive_chain(view, chunks, argument) if argument is not None else []
    past_reason = False
    for chunk in marked:
        if argument is not None and chunk is not argument and chunk.marker in view.grammar.genitive and chunk not in owners and not is_action(view, chunk.last):
            continue  # a genitive that modifies another noun ("हवाई अड्डों के … पैनल की मदद"), not the cue's argument or its owner
        if chunk in (argument, marked[0]) and patient_act(view, chunk, patient_acts):  # the nearest marked phrase: "… की गिरफ्तारी का संसद में विरोध"
            agent = agent_before(view, chunks, chunk)
            actors = tuple(a for a in phrase_actors(view, agent.first, agent.last) if a not in exclude) if agent else ()
            return (actors, span_text(view, agent.first, first), agent.first) if actors else ((), span_text(view, chunk.first, first), chunk.first)
        if act is not None and chunk.last < act.first and chunk.marker in view.grammar.object_markers:
            continue  # the act's own object ("एटीएस पर सलेम को प्रताड़ित करने का आरोप"), not the stance's target
        action = is_action(view, chunk.last)
        if action and chunk.marker not in view.grammar.genitive | view.grammar.against:
            past_reason = True  # the reason of a praise or blame ("पद संभालने के लिए बधाई"): whom it is given names it apart,
            continue  # not a genitive that may be the reason's own ("चीन का राष्ट्रपति बनने के लिए")
        if past_reason and chunk.marker in view.grammar.genitive:
            continue
        governed = governs(view, chunk, first)  # the cue's own argument ("जैन के तौर तरीकों पर आपत्ति"), not a verb's object before it
        owner = action_agent(view, chunks, chunk) if action else genitive_owner(view, chunks, chunk) if governed else None
        unowned = chunk is argument and not any(phrase_actors(view, o.first, o.last) for o in owners)
        agent = agent_before(view, chunks, chunk) if unowned else None  # "मंत्रालय द्वारा … की अधिसूचना का स्वागत"
        for phrase in (owner, chunk, agent) if owner else (chunk, agent):
            actors = tuple(a for a in phrase_actors(view, phrase.first, phrase.last) if a not in exclude) if phrase else ()
            if actors:
                return actors, span_text(view, phrase.first, first), phrase.first
    if marked and marked[0].last >= marked[0].first:
        return (), span_text(view, marked[0].first, first), marked[0].first
    return (), "", first


def governing_pronoun(view: SentenceView, first: int, begin: int, cue: StanceCue) -> int:
    """The object pronoun (grammar.yml: pronouns.dative, pronouns.possessive) that is the cue's own argument, its word; -1 if none.

    Right before the cue, or with only adjectives and adverbs between, when its
    fused case is one of the cue's markers ("उनका जमकर बचाव", "हमारे इस्तीफे की
    माँग", "उन्हें समर्थन"); or, within words [begin, first), a possessive
    pronoun with the rest of a compound postposition that is one of the cue's
    markers ("उनके खिलाफ … दुष्प्रचार": उनके खिलाफ is "उन के खिलाफ").
    """
    words, grammar = view.words, view.grammar
    markers = set(cue.target_markers)
    index = first - 1
    while index >= begin and words[index].upos in DEGREE_UPOS:
        index -= 1
    if index >= begin:
        text = words[index].text
        if (text in grammar.possessive_pronouns and markers & grammar.genitive) or (text in grammar.dative_pronouns and markers & (grammar.object_markers - {grammar.ablative})):
            return index
    for index in range(first - 2, begin - 1, -1):
        text, part = words[index].text, words[index + 1].text
        if text in grammar.possessive_pronouns and any(text.endswith(g) and f"{g} {part}" in markers for g in grammar.genitive):
            return index
    return -1


def own_act(view: SentenceView, chunks: list[Chunk], first: int) -> Chunk | None:
    """The act a cue is about when no one is named as its agent: the genitive verbal noun right before it
    ("सलेम को प्रताड़ित करने का आरोप"); its को and से phrases are its own objects. None for an act with an agent
    (then the agent is the target) or one given as a reason, apart from the cue ("… के कारण बर्खास्त करने")."""
    act = next((chunk for chunk in chunks if chunk.marker in view.grammar.genitive and is_action(view, chunk.last) and governs(view, chunk, first)), None)
    return act if act is not None and action_agent(view, chunks, act) is None else None


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
    return agent_before(view, chunks, action) or genitive_owner(view, chunks, action)


def agent_before(view: SentenceView, chunks: list[Chunk], marked: Chunk) -> Chunk | None:
    """The nearest द्वारा phrase before a marked phrase: the agent of the act, decision or document it names.

    "केंद्रीय शहरी विकास मंत्रालय द्वारा मिश्रित लैंडयूज की अधिसूचना का स्वागत"
    welcomes the ministry's notification, as a stance on a decision is one on
    its owner (the gold guidelines); the caller asks only where the phrase has
    no owner that names an actor.
    """
    return next((chunk for chunk in reversed(chunks) if chunk.last < marked.first and chunk.marker == view.grammar.agent), None)


def genitive_chain(view: SentenceView, chunks: list[Chunk], marked: Chunk) -> list[Chunk]:
    """The genitive phrases that own a marked phrase, nearest first: "रूस के राष्ट्रपति के फैसले" → [राष्ट्रपति के, रूस के]."""
    chain, owner = [], genitive_owner(view, chunks, marked)
    while owner is not None and owner not in chain:
        chain.append(owner)
        owner = genitive_owner(view, chunks, owner)
    return chain


def patient_act(view: SentenceView, chunk: Chunk, patient_acts: frozenset[str]) -> bool:
    """Whether a phrase ends in a noun of an act whose genitive is its patient (गिरफ्तारी: "X की गिरफ्तारी" arrests X)."""
    head = view.words[chunk.last] if chunk.last >= chunk.first else None
    return head is not None and (head.text in patient_acts or head.lemma in patient_acts)


def genitive_owner(view: SentenceView, chunks: list[Chunk], marked: Chunk) -> Chunk | None:
    """The genitive phrase right before a marked phrase, its owner: "जैन के तौर तरीकों पर आपत्ति" → Jain's (ways)."""
    return next((chunk for chunk in chunks if adjacent(chunk, marked.first) and chunk.marker in view.grammar.genitive), None)


def governs(view: SentenceView, chunk: Chunk, first: int) -> bool:
    """Whether a marked chunk is the argument of the cue at word ``first``: right before it, or with only
    adjectives and adverbs between ("मुशर्रफ की कश्मीर नीति की तल्ख आलोचना", "सोनिया गांधी का जमकर बचाव")."""
    end = chunk.last + 1 + len(chunk.marker.split())
    between = view.words[end:first]
    return end <= first and all(w.upos in DEGREE_UPOS or quantified(between, i) for i, w in enumerate(between)) and not any(end <= m.last < first for m in view.mentions)


def quantified(words: tuple, index: int) -> bool:
    """Whether word ``index`` is part of an unmarked quantified adverbial ("कई बार", "एक बार", "दो दिन"): a determiner or
    numeral, or the noun right after one; such a phrase may stand between a cue and its argument ("… का कई बार समर्थन")."""
    word = words[index]
    return word.upos in QUANTIFIER_UPOS or (word.upos == "NOUN" and index > 0 and words[index - 1].upos in QUANTIFIER_UPOS)


def adjacent(chunk: Chunk, start: int) -> bool:
    """Whether a chunk and its postposition end right before word ``start``."""
    return chunk.last + 1 + len(chunk.marker.split()) == start


def clause_after(view: SentenceView, first: int, last: int, exclude: set[str]) -> tuple[str, ...]:
    """The first actor of a कि clause right after the cue at words [first, last] ("आरोप लगाया कि कीव …"), other than the holder's side.

    A "…करते हुए" clause ends at its participle: a कि clause after it is the
    main verb's ("मांग को खारिज करते हुए कहा कि …"), not the cue's; a stative
    "हुए" before an auxiliary ends no clause ("दबाव बनाए हुए थे कि …"). A cue
    whose object is a pronoun before it ("इसका विरोध किया कि …") has its
    argument there, and the कि clause gives its reason, not its target.
    """
    if pronoun_object(view, first):
        return ()
    for index in range(last + 1, min(last + 1 + COMPLEMENT_REACH, len(view.words))):
        if view.words[index].text == view.grammar.complementizer:
            found = [m.actor for m in view.mentions if m.first > index and m.actor not in exclude and may_be_subject(view, m.last)]
            return found[:1] if found else ()
        adverbial = view.words[index].text == view.grammar.adverbial_participle and next_text(view, index) not in view.grammar.auxiliaries
        if is_boundary(view.grammar, view.words, index) or adverbial:  # not a stative "… बनाए हुए थे कि"
            return ()
    return ()


def manner_target(view: SentenceView, last: int, cue: StanceCue, exclude: set[str]) -> tuple[tuple[str, ...], int]:
    """The target of a cue that is the manner of its clause's act (grammar.yml: manner, "तीखे तेवरों के साथ सरकार के समक्ष
    … मुद्दे उठाएँगे"): the actors of the first phrase after it marked by one of the cue's target markers, before the
    clause's verb or a boundary, other than the holder's side; ``()`` and -1 where the cue is no manner or none is marked."""
    words = view.words
    marker = next((m for m in view.grammar.manner if tuple(w.text for w in words[last + 1 : last + 1 + len(m)]) == m), None)
    if marker is None:
        return (), -1
    begin = stop = last + 1 + len(marker)
    while stop < len(words) and words[stop].upos not in VERB_UPOS and not is_boundary(view.grammar, words, stop):
        stop += 1
    chunks, _ = chunks_between(view, begin, stop)
    for chunk in chunks:
        actors = tuple(a for a in phrase_actors(view, chunk.first, chunk.last) if a not in exclude) if chunk.marker in cue.target_markers else ()
        if actors:
            return actors, chunk.first
    return (), -1


def pronoun_object(view: SentenceView, first: int) -> bool:
    """Whether the word before a cue (past adjectives and adverbs) is a pronoun with a fused genitive or dative case, its
    object ("इसका विरोध", "उनका बचाव", "इसे खारिज किया"), not a subject pronoun (उन्होंने, वह)."""
    index = first - 1
    while index >= 0 and view.words[index].upos in DEGREE_UPOS:
        index -= 1
    word = view.words[index] if index >= 0 else None
    grammar = view.grammar
    subject = word is not None and (word.text in grammar.ergative_pronouns or word.text in grammar.nominative_pronouns)
    return word is not None and word.upos == "PRON" and not subject and word.text.endswith(tuple(grammar.genitive) + FUSED_DATIVE)


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
