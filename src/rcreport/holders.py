"""Stance holders: who holds the stance a cue expresses, from the subject of its clause and the phrases around it.

The holder of a ``subject`` cue (:mod:`rcreport.stances`) is the subject of
its clause: the ने-marked phrase, an unmarked actor, or a pronoun resolved to
the speaker of the quotation it stands in or to the most recent compatible
mention. Beyond that, as Hindi news writes stances:

- a cue in a "…करते हुए" or "…करने के लिए" clause takes the main clause's
  ने subject (an unmarked name inside the participle clause is its object's);
  a purpose clause is credited to whom the main clause praises or blames for
  it (:func:`purpose_owner`);
- an act given as the reason of an opposing cue ("X को … पर आरोप लगाने के
  कारण बर्खास्त करने की माँग") is held by whom that cue targets (:func:`reason_owner`);
- a clause before a modifying participle describes the noun after it, which
  holds its stance ("दबाव डालने वाले संघ ने", "समर्थन दे रही माकपा ने");
- a stance stated as "X का आरोप है कि …" is X's;
- inside a quotation, a cue without a subject of its own there that heads its
  clause is the speaker's evaluation;
- a stance noun before a verb of receiving ("उन्हें अमेरिका से समर्थन मिला")
  is the से phrase's, and targets the को phrase or the dative pronoun
  (:func:`received`).

Object pronouns (उनका बचाव, हमारे इस्तीफे की माँग, उन्हें … समर्थन मिला) are
resolved here too (:func:`pronoun_referent`): inside a quotation to its
speaker, as Hindi reported speech refers to the speaker in the first person
and, in a कि clause, in the third; else to the most recent mention other than
the holder; else, where unlisted actors are read, as written.
"""

from __future__ import annotations

import pandas as pd

from .codebook import StanceCue
from .coordination import coordinated
from .quotations import split_actors
from .sentence import (
    UNLISTED_PREFIX,
    VERB_UPOS,
    SentenceView,
    Subject,
    antecedent,
    chunks_between,
    clause_start,
    clause_subject,
    is_boundary,
    is_postposition,
    next_text,
    phrase_actors,
    pronoun_kind,
)
from .targets import is_action, subject_target
from .text import PUNCTUATION

PURPOSE_OWNER_REACH = 6  # words after "करने के लिए" within which the genitive owner's phrase must end
PARTICIPLE_REACH = 3  # words after a cue within which its modifying participle, and after that the noun it describes, begin


def heads_clause(view: SentenceView, last: int) -> bool:
    """Whether a cue is the predicate of its own clause (विरोध करने के लिए), not a noun in another's target."""
    following = next_text(view, last)
    return following.startswith(view.grammar.light_verb_stems) or following in view.grammar.light_verb_forms


def enclosing_quotation(quotations: pd.DataFrame, view: SentenceView, word: int) -> pd.DataFrame:
    """The quotations of this sentence that a word stands in."""
    position = view.words[word].start
    return quotations[(quotations["start"] <= position) & (position < quotations["end"])]


def quoting_speaker(quotations: pd.DataFrame, view: SentenceView, word: int) -> tuple[str, ...]:
    """The speaker of the quotation a word stands in, if any (quotations of this sentence)."""
    inside = enclosing_quotation(quotations, view, word)
    inside = inside[inside["speaker"] != ""]
    return split_actors(inside["speaker"].iloc[-1]) if len(inside) else ()


def holder(views: list[SentenceView], index: int, first: int, last: int, quotations: pd.DataFrame, matches: list[tuple[int, int, StanceCue]]) -> tuple[tuple[str, ...], str, int]:
    """The subject holding the stance at words [first, last] (one of the sentence's cue ``matches``): actors, how found, and its word (-1 if none).

    A cue inside a quotation looks for its subject inside the quotation only,
    and a subject cue that heads its clause there without one (an
    evaluation in the speaker's words: "… की निंदा की जानी चाहिए") is the
    speaker's; an adverbial or purpose clause without a subject of its own
    takes the main clause's, after it.
    """
    view = views[index]
    owner, owner_last = purpose_owner(view, last, matches)
    if owner:
        return owner, "owner of the purpose", owner_last
    blamed, blamed_first = reason_owner(view, first, last, matches)
    if blamed:
        return blamed, "whom the reason is given for", blamed_first
    described, described_first = participle_head(view, last)
    if described:
        return described, "noun the participle describes", described_first
    start = clause_start(view, first)
    joined = coordinated_clause_start(view, start, first)
    adjunct = next_text(view, last) in view.grammar.adjunct_markers or unowned_occasion(view, first, last)
    start = joined if joined > start and (adjunct or clause_subject(view, joined, first) is not None) else start  # "… सदन में थे लेकिन उनकी मदद को लालू … आगे आए"
    quoted = enclosing_quotation(quotations, view, first)
    if len(quoted):
        quote_start = quoted["start"].iloc[-1]
        start = max(start, next(i for i, word in enumerate(view.words) if word.end > quote_start))
    subject = clause_subject(view, start, first)
    adverbial = view.grammar.adverbial_participle in (next_text(view, last), next_text(view, last + 1))
    if adverbial and subject is not None and not ergative(view, subject):
        subject = _subject_after(view, last) or subject  # an unmarked name in a "…करते हुए" clause is its object's, the subject the main clause's
    if subject is None and (adverbial or purpose_end(view, last) >= 0):
        subject = _subject_after(view, last)
    if subject is None and adjunct:
        subject = main_subject_after(view, last + 1)  # "उनकी मदद को रेल मंत्री लालू प्रसाद यादव … आगे आए"
    if subject is not None and passive(view, last):
        subject = passive_agent(view, start, first)  # "… के खिलाफ मामला दर्ज किया गया": the unmarked phrase is what is done to
    if subject is None:
        stated, stated_first = genitive_holder(view, first, last)
        if stated:
            return stated, "genitive of the stated stance", stated_first
        agent, agent_first = verbal_noun_agent(view, start, first, last)
        if agent:
            return agent, "genitive subject of the verbal noun", agent_first
        evaluates = matches_cue(matches, first).holder == "subject" and heads_clause(view, last)
        speaker = quoting_speaker(quotations, view, first) if evaluates else ()
        return (speaker, "speaker of the quotation", -1) if speaker else ((), "", -1)
    if subject.actors or not subject.pronoun:
        named = [m.first for m in view.mentions if m.actor in subject.actors and subject.first <= m.last <= subject.position]
        return subject.actors, "subject", min(named, default=subject.first)
    speaker = quoting_speaker(quotations, view, subject.position)
    if speaker:
        return speaker, "pronoun: the quoting speaker", subject.first
    kind = pronoun_kind(view.grammar, subject.pronoun)
    # a subject after its "…करते हुए" clause refers to no one named inside that clause ("अखिलेश का बचाव करते हुए उन्होंने"):
    # the clause's own objects are the stance's target, and the antecedent is named before it
    before = subject.position if subject.position < first else start
    found = antecedent(views, index, before, kind) if kind != "first" else ()
    if found:
        return found, "pronoun: most recent mention", subject.first
    written = as_written(view, subject.pronoun)
    return (written, "pronoun as written", subject.first) if written else ((), "", -1)


def pronoun_referent(views: list[SentenceView], index: int, word: int, quotations: pd.DataFrame, exclude: frozenset[str]) -> tuple[str, ...]:
    """Whom the object pronoun at ``word`` (grammar.yml: pronouns.object) refers to, other than the holder's side ``exclude``.

    Inside a quotation it is its speaker ("लालू ने कहा कि वे हमारे इस्तीफे की
    माँग कर रहे हैं" → Lalu); a third-person one outside a quotation is the most
    recent mention other than the holder ("अनिल ने जैन पर आरोप लगाया, लेकिन
    मुकेश उनका बचाव करता रहा" → Jain); else the pronoun as written where
    unlisted actors are read; ``()`` for a word that is no such pronoun.
    """
    view = views[index]
    text = view.words[word].text
    kind = view.grammar.object_pronouns.get(text)
    if kind is None:
        return ()
    speaker = tuple(a for a in quoting_speaker(quotations, view, word) if a not in exclude)
    found = speaker or (antecedent(views, index, word, kind, exclude=exclude) if kind != "first" else ())
    return found or as_written(view, text)


def received(views: list[SentenceView], index: int, first: int, last: int, quotations: pd.DataFrame, receiving: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...], int, int] | None:
    """Holder and target of a stance noun a verb of receiving follows (stances.yml: receiving), and their first words.

    "भारत को रूस से समर्थन मिला", "उन्हें अमेरिका और ब्रिटेन से … समर्थन मिला":
    the giver, the से phrase of the clause, holds it; the receiver, its को
    phrase or dative pronoun, is the target. None when no such verb follows
    the cue (its roles are found as usual); empty roles when the clause names
    no giver ("हमले की धमकी मिली": nobody is said to hold it).
    """
    view, grammar = views[index], views[index].grammar
    after = next((w for w in view.words[last + 1 :] if w.text not in grammar.particles), None)
    if after is None or (after.text not in receiving and after.lemma not in receiving):
        return None
    begin = next((i + 1 for i in range(first - 1, -1, -1) if is_boundary(grammar, view.words, i)), 0)
    chunks, _ = chunks_between(view, begin, first)
    giver = next((c for c in reversed(chunks) if (c.marker == grammar.ablative or c.marker in grammar.on_behalf) and phrase_actors(view, c.first, c.last)), None)
    if giver is None:
        return (), (), -1, -1
    givers = phrase_actors(view, giver.first, giver.last)
    receiver = next((c for c in reversed(chunks) if c.marker in grammar.object_markers - {grammar.ablative} and phrase_actors(view, c.first, c.last)), None)
    if receiver is not None:
        return givers, tuple(a for a in phrase_actors(view, receiver.first, receiver.last) if a not in givers), giver.first, receiver.first
    pronoun = next((i for i in range(begin, first) if view.words[i].text in grammar.object_pronouns), -1)
    receivers = pronoun_referent(views, index, pronoun, quotations, frozenset(givers)) if pronoun >= 0 else ()
    return givers, receivers, giver.first, pronoun


def means_roles(views: list[SentenceView], index: int, first: int, last: int, quotations: pd.DataFrame, means: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...], int, int] | None:
    """Holder and target of a help noun of the means (stances.yml: means) marked by से after its genitive, and their first words.

    "जेआरडी टाटा की मदद से उन्होंने … दाखिला लिया": the genitive (or a
    possessive pronoun) helps, and the clause's subject, after the phrase or
    before it, is helped. None where the cue is no such phrase.
    """
    view, grammar = views[index], views[index].grammar
    word = view.words[last]
    if next_text(view, last) != grammar.ablative or (word.text not in means and word.lemma not in means) or first < 1:
        return None
    owner = view.words[first - 1].text
    if owner in grammar.possessive_pronouns:
        helpers, helper_first = pronoun_referent(views, index, first - 1, quotations, frozenset()), first - 1
    elif owner in grammar.genitive and any(m.last == first - 2 for m in view.mentions):
        head = next(m for m in reversed(view.mentions) if m.last == first - 2)
        helpers, helper_first = coordinated(view, head, [m for m in view.mentions if m.last < first - 1]), head.first
    else:
        return None
    subject = main_subject_after(view, last + 1) or clause_subject(view, clause_start(view, first), helper_first)
    helped = subject_referent(views, index, subject, quotations, frozenset(helpers)) if subject else ()
    return helpers, helped, helper_first, subject.first if subject else -1


def deserved_roles(views: list[SentenceView], index: int, first: int, last: int, quotations: pd.DataFrame, deserving: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...], int, int] | None:
    """Holder and target of a stance noun a noun of deserving follows (stances.yml: deserving), and their first words.

    "… ने कहा कि … वे प्रशंसा के पात्र हैं": the quotation's speaker praises
    the clause's subject. Empty roles where no one is quoted saying it; None
    where the cue is no such phrase.
    """
    view, grammar = views[index], views[index].grammar
    after = view.words[last + 2] if last + 2 < len(view.words) else None
    if after is None or next_text(view, last) not in grammar.genitive or (after.text not in deserving and after.lemma not in deserving):
        return None
    speaker = quoting_speaker(quotations, view, first)
    start = clause_start(view, first)
    subject = clause_subject(view, coordinated_clause_start(view, start, first), first) or clause_subject(view, start, first)
    deserver = subject_referent(views, index, subject, quotations, frozenset(speaker)) if subject and speaker else ()
    return (speaker, deserver, -1, subject.first) if deserver else ((), (), -1, -1)


def subject_referent(views: list[SentenceView], index: int, subject: Subject, quotations: pd.DataFrame, exclude: frozenset[str]) -> tuple[str, ...]:
    """Whom a clause's subject names, other than ``exclude``: its actors, or its pronoun resolved to the quotation's speaker,
    else to the most recent compatible mention, else as written where unlisted actors are read."""
    if not subject.pronoun:
        return tuple(a for a in subject.actors if a not in exclude)
    view = views[index]
    speaker = tuple(a for a in quoting_speaker(quotations, view, subject.position) if a not in exclude)
    kind = pronoun_kind(view.grammar, subject.pronoun)
    found = speaker or (antecedent(views, index, subject.position, kind, exclude=exclude) if kind != "first" else ())
    return found or as_written(view, subject.pronoun)


def coordinated_clause_start(view: SentenceView, start: int, first: int) -> int:
    """The first word after the last clause coordinator before word ``first`` that follows a finite verb, with or without
    a comma between ("… आरोप लगाया लेकिन, मुकेश उनका बचाव करता रहा", "… सहयोग करे, लेकिन … दल … विरोध कर रहे हैं"),
    ``start`` if none. Where that clause has a subject of its own, the ने phrase or the subject of the clause before is
    not its subject; a coordinator after a verbal noun joins two acts ("… करने और")."""
    words, grammar = view.words, view.grammar

    def after_verb(index: int) -> bool:
        before = index - 1 if index > 1 and words[index - 1].text in PUNCTUATION else index
        return words[before - 1].upos in VERB_UPOS and not is_action(view, before - 1)

    joins = [i for i in range(max(start, 1), first) if words[i].text in grammar.clause_coordinators and after_verb(i)]
    return joins[-1] + 1 if joins else start


def relative_roles(view: SentenceView, first: int) -> tuple[tuple[str, ...], tuple[str, ...], int, int] | None:
    """Holder and target of a cue in a relative clause whose pronoun is its object (grammar.yml: relatives), and their first words.

    "वाजपेयी ने उनके नाम का प्रस्ताव किया, जिसका समर्थन आडवाणी ने किया":
    जिसका stands for the phrase before it; a person or body named there is the
    target, else the act is the previous clause's and its subject, the owner,
    is the target (seconding a proposal supports its proposer). The holder is
    the relative clause's own subject, before or after the cue ("जिसका X ने
    समर्थन किया", "जिसका समर्थन X ने किया"). None when the cue's clause does
    not open with a relative pronoun.
    """
    words, grammar = view.words, view.grammar
    opening = next((i for i in range(first - 1, -1, -1) if is_boundary(grammar, words, i) and words[i].text not in grammar.relatives), -1) + 1
    if opening < 1 or opening >= first or words[opening].text not in grammar.relatives:
        return None
    end = next((i for i in range(first + 1, len(words)) if is_boundary(grammar, words, i)), len(words))
    subject = clause_subject(view, opening + 1, end)
    before = opening - 1 if words[opening - 1].text in PUNCTUATION else opening
    named = [m for m in view.mentions if m.last == before - 1]
    if named:
        target = Subject(coordinated(view, named[-1], [m for m in view.mentions if m.last < before]), position=named[-1].last, first=named[-1].first)
    else:
        target = clause_subject(view, clause_start(view, before), before)
    if subject is None or not subject.actors or target is None or not target.actors:
        return (), (), -1, -1
    return subject.actors, tuple(a for a in target.actors if a not in subject.actors), subject.first, target.first


def as_written(view: SentenceView, pronoun: str) -> tuple[str, ...]:
    """A pronoun no mention before it resolves, as the actor it names where unlisted actors are read (``unlisted:उन्होंने``):
    the text says someone holds the stance without naming them here, as the gold guidelines write it; ``()`` otherwise."""
    return (UNLISTED_PREFIX + pronoun,) if view.unlisted and pronoun else ()


def passive(view: SentenceView, last: int) -> bool:
    """Whether the clause of a cue ending at word ``last`` is passive: a verb, then a form of जाना (grammar.yml's ``passive``),
    before the clause ends ("आरोप लगाया गया है", "मामला दर्ज कर … शुरू कर दी गई है"), not "हो गया" (became)."""
    words, grammar = view.words, view.grammar
    for index in range(last + 1, len(words)):
        if is_boundary(grammar, words, index):
            return False
        before = words[index - 1]
        if words[index].text in grammar.passive_auxiliaries and before.upos in VERB_UPOS and before.text not in grammar.passive_not_after:
            return True
    return False


def passive_agent(view: SentenceView, start: int, first: int) -> Subject | None:
    """The agent of a passive clause: its "की ओर से" phrase (grammar.yml: on_behalf), else its द्वारा phrase before the cue
    ("पुतिन द्वारा शी की प्रशंसा की गई", "धारीवाल की ओर से दायर याचिका में … को चुनौती दी गई"); None if it names none."""
    chunks, _ = chunks_between(view, start, first)
    named = [chunk for chunk in reversed(chunks) if phrase_actors(view, chunk.first, chunk.last)]
    agent = next((c for c in named if c.marker in view.grammar.on_behalf), None) or next((c for c in named if c.marker == view.grammar.agent), None)
    actors = phrase_actors(view, agent.first, agent.last) if agent else ()
    return Subject(actors, position=agent.last, first=agent.first) if actors else None


def genitive_holder(view: SentenceView, first: int, last: int) -> tuple[tuple[str, ...], int]:
    """The holder of a stance stated as "X का आरोप है कि …" (X's accusation is that …): the genitive phrase right before a
    cue noun that an auxiliary follows; ``()`` and -1 otherwise."""
    words, grammar = view.words, view.grammar
    if first < 2 or words[first - 1].text not in grammar.genitive or next_text(view, last) not in grammar.auxiliaries:
        return (), -1
    inside = [m for m in view.mentions if m.last == first - 2]
    return (coordinated(view, inside[-1], [m for m in view.mentions if m.last < first - 1]), inside[-1].first) if inside else ((), -1)


def verbal_noun_agent(view: SentenceView, start: int, first: int, last: int) -> tuple[tuple[str, ...], int]:
    """The genitive subject of a cue that is a verbal noun with a postposition ("पार्टी नेता जोशी के जिन्ना मुद्दे पर आडवाणी के
    खिलाफ खुलकर सामने आने से"): the first genitive phrase of the clause that names an actor, when another marked phrase (the
    cue's argument) stands between it and the cue; ``()`` and -1 otherwise."""
    words, grammar = view.words, view.grammar
    if not words[last].text.endswith(grammar.infinitive_oblique) or words[last].upos not in VERB_UPOS or not is_postposition(grammar, words, last + 1):
        return (), -1
    chunks, _ = chunks_between(view, start, first)
    named = [chunk for chunk in chunks if phrase_actors(view, chunk.first, chunk.last)]
    owner = named[0] if len(named) > 1 and named[0].marker in grammar.genitive else None
    return (phrase_actors(view, owner.first, owner.last), owner.first) if owner else ((), -1)


def participle_head(view: SentenceView, last: int) -> tuple[tuple[str, ...], int]:
    """The actors of the noun a participle clause ending in the cue describes, and its first word (``()``, -1 if none).

    "आडवाणी पर दबाव डालने वाले संघ ने …", "यूपीए सरकार को समर्थन दे रही माकपा ने …": the clause before a
    modifying participle (grammar.yml) is said of the noun right after it, which holds its stance.
    """
    words = view.words
    for index in range(last + 1, min(last + 1 + PARTICIPLE_REACH, len(words))):
        if is_boundary(view.grammar, words, index):
            break
        if words[index].text in view.grammar.modifying_participles:
            after = [m for m in view.mentions if m.first > index]
            head = next((m for m in after if m.first <= index + PARTICIPLE_REACH), None)
            return (coordinated(view, head, after), head.first) if head else ((), -1)
    return (), -1


def matches_cue(matches: list[tuple[int, int, StanceCue]], first: int) -> StanceCue:
    """The cue of the sentence's match that begins at word ``first``."""
    return next(cue for start, _, cue in matches if start == first)


def purpose_end(view: SentenceView, last: int) -> int:
    """The first word after a cue's "करने के लिए" (its light verb, then the purpose postposition); -1 if the cue heads no purpose clause."""
    words, grammar = view.words, view.grammar
    after = last + 2 + len(grammar.purpose)
    purpose = [w.text for w in words[last + 1 : after]]
    heads = len(purpose) == after - last - 1 and purpose[0].startswith(grammar.light_verb_stems) and purpose[1:] == list(grammar.purpose)
    return after if heads else -1


def purpose_owner(view: SentenceView, last: int, matches: list[tuple[int, int, StanceCue]]) -> tuple[tuple[str, ...], int]:
    """The actors a purpose clause is credited to: "X का विरोध करने के लिए मास्को की सराहना" → Moscow.

    A purpose clause is its main clause subject's ("अमेरिका ने चीन का विरोध
    करने के लिए जापान के साथ समझौता किया": the US opposes China), except
    where the main clause praises or blames someone for it: then the genitive
    phrase right after "के लिए", when it is (the owner of) the next cue's
    target, holds it ("…करने के लिए मास्को और बीजिंग के प्रयासों की सराहना").
    A के साथ, को or से phrase there is no genitive and holds nothing.
    Returns the actors and the phrase's last word (``()`` and -1 if none).
    """
    words, grammar, after = view.words, view.grammar, purpose_end(view, last)
    if after < 0:
        return (), -1
    marker = next((i for i in range(after, min(after + PURPOSE_OWNER_REACH, len(words))) if is_postposition(grammar, words, i) or is_boundary(grammar, words, i)), -1)
    if marker < 0 or words[marker].text not in grammar.genitive or (marker + 1 < len(words) and is_postposition(grammar, words, marker + 1)):
        return (), -1  # no genitive, or one that opens a compound postposition (जापान के साथ)
    owner = phrase_actors(view, after, marker - 1)
    praised = next(((first, cue) for first, _, cue in matches if first > marker and cue.holder == "subject"), None)  # the next cue
    targets = subject_target(view, praised[0], praised[1], after, set())[0] if owner and praised else ()
    return (owner, marker - 1) if owner and set(owner) <= set(targets) else ((), -1)


def reason_end(view: SentenceView, last: int) -> int:
    """The first word after a cue's verbal noun and reason postposition ("आरोप लगाने के कारण", "दोषारोपण करने के लिए"),
    -1 where the cue gives no reason."""
    words = view.words
    if last + 1 >= len(words) or not is_action(view, last + 1):
        return -1
    after = [w.text for w in words[last + 2 :]]
    return next((last + 2 + len(reason) for reason in view.grammar.reasons if tuple(after[: len(reason)]) == reason), -1)


def reason_owner(view: SentenceView, first: int, last: int, matches: list[tuple[int, int, StanceCue]]) -> tuple[tuple[str, ...], int]:
    """Who does an act given as the reason of the next cue: whom that cue blames, dismisses or acts against for it.

    "नितीश ने सप्तऋषि को आयोग पर आरोप लगाने के कारण बर्खास्त करने की माँग की",
    "… पर दोषारोपण करने के लिए लालू यादव के खिलाफ कार्रवाई की माँग": the one
    punished for an act did it (Saptarishi, Lalu accuse the commission). Only
    an opposing next cue, whose target is found before it in the clause, and
    only a reason marked on a verbal noun; ``()`` and -1 otherwise.
    """
    end = reason_end(view, last)
    main = next(((start, cue) for start, _, cue in matches if start >= end and cue.holder == "subject"), None) if end >= 0 else None
    if main is None or main[1].polarity != "oppose":
        return (), -1
    begin = clause_start(view, first)
    targets, _, target_first = subject_target(view, main[0], main[1], begin, set())
    inside = [m for m in view.mentions if first <= m.first and m.last < end]  # the reason's own phrases are its target's
    targets = tuple(a for a in targets if a not in {m.actor for m in inside})
    return (targets, target_first) if targets else ((), -1)


def ergative(view: SentenceView, subject: Subject) -> bool:
    """Whether a subject is ने-marked: an ergative pronoun, or a phrase right before ने."""
    return subject.pronoun in view.grammar.ergative_pronouns or next_text(view, subject.position) == view.grammar.ergative


def unowned_occasion(view: SentenceView, first: int, last: int) -> bool:
    """Whether a stance noun is the occasion of the main clause (grammar.yml: occasion, "… की माँग पर राजग रैली करेगा")
    with no genitive actor right before it to hold it ("विपक्ष की माँग पर": the opposition's)."""
    grammar = view.grammar
    owned = first >= 2 and view.words[first - 1].text in grammar.genitive and any(m.last == first - 2 for m in view.mentions)
    return next_text(view, last) in grammar.occasions and not owned


def main_subject_after(view: SentenceView, marker: int) -> Subject | None:
    """The subject of the main clause after a stance noun marked as its adjunct at word ``marker`` (grammar.yml:
    postpositions.adjunct): "… के विरोध में भाजपा ने धरना दिया", "उनकी मदद को … लालू … आगे आए"; the clause ends at
    the next boundary."""
    end = next((i for i in range(marker + 1, len(view.words)) if is_boundary(view.grammar, view.words, i)), len(view.words))
    return clause_subject(view, marker + 1, end)


def _subject_after(view: SentenceView, last: int) -> Subject | None:
    """The main clause's ने subject after a "…करते हुए" or "…करने के लिए" clause ("स्वागत करते हुए शी ने कहा")."""
    for index in range(last + 1, len(view.words)):
        if view.words[index].text == view.grammar.ergative or view.words[index].text in view.grammar.ergative_pronouns:
            return clause_subject(view, last + 1, index + 1)
    return None
