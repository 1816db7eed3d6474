"""Stances: who supports, praises, opposes or accuses whom, from a cue lexicon and the sentence structure.

The cues come from ``data/codebook/stances.yml`` (see the comments there). For
each cue in a sentence the holder and the target are found in the words
around it:

- the holder (source) of a ``subject`` cue is the subject of its clause: the
  ने-marked phrase ("चीन ने … की निंदा की"), an unmarked actor ("रूस भी …
  का साथ दे रहा है"), or a pronoun, resolved to the speaker of the quotation
  it stands in (वह, मैं inside "शी ने कहा कि वह …") or else to the most recent
  compatible mention; a cue in a "…करते हुए" or "…करने के लिए" clause without
  a subject of its own takes the main clause's, also after it. A purpose
  clause is credited instead to whom the main clause praises or blames for it
  ("…का विरोध करने के लिए मास्को की सराहना" → Moscow opposes).
  A ``modifier`` cue's holder is the actor that modifies the cue noun
  (पश्चिमी प्रतिबंध, चीन की धमकी, अमेरिका से खतरा), else the subject, and a
  predicate one without a target before it targets the कि clause after it
  ("विहिप नेता दबाव बनाए हुए थे कि आडवाणी का इस्तीफा वापस न हो");
- the target is the nearest phrase before the cue marked by one of the cue's
  postpositions that names an actor (the genitive owner of a marked noun
  counts: "शी जिनपिंग के रुख का सपोर्ट" → Xi), leaving out the holder's own
  side, the state a person or organisation acts for ("रूस और चीन के बीच
  संबंधों की सराहना" by Putin targets China; "नवलनी ने पुतिन की आलोचना की"
  targets Putin); after a cue such as "आरोप लगाया कि" the first actor of the
  कि clause (:mod:`rcreport.targets`, which also gives a stance on an act or
  a position to its agent or owner). Where no
  actor is marked, the target is an issue: ``target`` is empty and
  ``target_text`` holds the phrase;
- a negation right after the cue (समर्थन नहीं किया) voids or flips the
  polarity, as the codebook says, and is recorded in ``negated``.

Reported speech: a cue inside a quotation without a subject of its own there
is held by the quotation's speaker; "आप" (you) inside a quotation whose
addressee the text names is that addressee ("पुतिन ने चीन से कहा कि मैं आपको
भरोसा दिलाता हूं" → Putin → China). A modifier cue there (a threat, pressure,
sanctions the speaker speaks of) is the speaker's claim: the speaker opposes
its holder ("उन्होंने कहा, “अमेरिका से रूस को खतरा है”" → speaker → US), and
no holder → target triple is recorded, unless the holder is the speaker's own
side reporting its own act. A subject cue whose target is such a noun targets
its holder: "पुतिन ने अमेरिका से खतरे की चेतावनी दी" → Putin → US.

A target that names no actor is an issue (a plan, a scheme, an effort):
``issue`` holds its name, the marked phrase with the genitive phrases it is
built from ("दरार पैदा करने के प्रयासों"), and the chapter shows these apart
from the actor → actor triples.

Holders are found by :mod:`rcreport.holders` (relative participles, "X का
आरोप है", participle clauses), targets by :mod:`rcreport.targets`.

A cue without a holder, or with neither target actor nor issue phrase,
yields no stance. :func:`rcreport.evaluation.score_stances` measures the
triples against a gold annotation.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .attribution import addressed_view
from .codebook import Actor, StanceCodebook, StanceCue
from .coordination import NAME_SEPARATOR
from .holders import deserved_roles, heads_clause, holder, means_roles, pronoun_referent, quoting_speaker, received, relative_roles
from .quotations import split_actors
from .sentence import (
    VERB_UPOS,
    SentenceView,
    chunks_between,
    is_boundary,
    phrase_actors,
)
from .statements import sentence_words, statement_ids
from .targets import adjacent, clause_after, governing_pronoun, is_action, manner_target, span_text, subject_target
from .text import DASHES, PUNCTUATION, QUOTE_FAMILIES
from .themes import find_phrase, pattern_words

OPPOSITE = {"support": "oppose", "oppose": "support"}
STANCE_COLUMNS = [
    "article_id", "sentence_id", "source", "target", "polarity", "stance", "cue",
    "negated", "source_via", "target_text", "issue", "evidence", "start", "end", "statement",
]  # fmt: skip
SIGN = {"support": 1, "oppose": -1, "neutral": 0}
MODIFIER_REACH = 2  # words before a noun cue that may be its modifier (पश्चिमी प्रतिबंध)
NEGATION_REACH = 3  # words after a cue within which a negation belongs to it (समर्थन नहीं किया)
WITHDRAWAL_REACH = 3  # words after a cue within which a verb of withdrawing takes it as its object (मामले को वापस लेने)
NOMINAL_UPOS = ("NOUN", "PROPN", "ADJ", "PRON")  # the words a list comma stands between
EDGE_BRACKETS = "()[]"  # brackets inside a list item ("(मूर्ख) गृहमंत्री")


# --- holders and targets ---------------------------------------------------------------


def cue_matches(view: SentenceView, cues: tuple[StanceCue, ...]) -> list[tuple[int, int, StanceCue]]:
    """Every cue in a sentence as (first word, last word, cue), a longer match hiding one inside it.

    A focus particle (grammar.yml: भी, ही, तो) may stand inside a cue of several words, as Hindi puts it after the
    word it stresses: "जाँच कराने की भी माँग की" is the cue "जाँच कराने की माँग".
    """
    kept = [i for i, word in enumerate(view.words) if word.text not in view.grammar.particles]
    texts, lemmas = [view.words[i].text for i in kept], [view.words[i].lemma for i in kept]
    found = {(kept[first], kept[last], cue) for cue in cues for pattern in cue.patterns for first, last in find_phrase(pattern_words(pattern), texts, lemmas)}
    return sorted((start, stop, cue) for start, stop, cue in found if not any((o[0], o[1]) != (start, stop) and o[0] <= start and stop <= o[1] for o in found))


def _walk_start(view: SentenceView, first: int, clause_cues: set[int]) -> int:
    """Where the search for a target before word ``first`` stops: a clause boundary, the subject or another cue's clause."""
    for index in range(first - 1, -1, -1):
        word = view.words[index].text
        stop = word == view.grammar.ergative or word in view.grammar.ergative_pronouns or index in clause_cues
        if stop or (is_boundary(view.grammar, view.words, index) and word not in QUOTE_FAMILIES and word not in EDGE_BRACKETS and not _lists(view, index)):
            return index + 1
    return 0


def _lists(view: SentenceView, index: int) -> bool:
    """Whether the word at ``index`` joins words rather than clauses.

    A comma between two nominals is a list ("संप्रभुता, सुरक्षा और विकास"),
    also of quoted epithets ("'फासिस्ट', '(मूर्ख) गृहमंत्री', और 'ठग'"); a
    hyphen with no space either side joins a compound the tokenizer split
    (सामाजिक-आर्थिक); a conjunction after a verbal noun joins two acts
    ("खेद प्रकट करने और … पल्ला झाड़ने की आलोचना"). None is a clause boundary.
    """
    words = view.words
    if not 0 < index < len(words) - 1:
        return False
    before, word, after = words[index - 1], words[index], words[index + 1]
    if word.text == NAME_SEPARATOR:
        marks = QUOTE_FAMILIES.keys() | set(EDGE_BRACKETS)
        before = next((w for w in reversed(words[:index]) if w.text not in marks), before)
        after = next((w for w in words[index + 1 :] if w.text not in marks and w.text not in view.grammar.name_coordinators), after)
        return before.upos in NOMINAL_UPOS and after.upos in NOMINAL_UPOS
    if word.text in view.grammar.clause_coordinators:
        return is_action(view, index - 1)
    return word.text in DASHES and before.end == word.start and word.end == after.start


def modifier_roles(view: SentenceView, first: int, cue: StanceCue, begin: int) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """Holder and target of a noun cue such as प्रतिबंध or खतरा, and the first word of the phrase naming them.

    The holder is an adjective right before the cue (पश्चिमी प्रतिबंध) or the
    nearest genitive or से phrase (चीन की धमकी, अमेरिका से खतरा); the target
    is the phrase marked by one of the cue's postpositions, or its genitive
    owner (रूस के तेल पर), or a second genitive (ताइवान की चीन की धमकी).
    """
    chunks, (tail_first, _) = chunks_between(view, begin, first)
    grammar = view.grammar
    adjacent = max(tail_first, first - MODIFIER_REACH)
    for index in range(first - 1, adjacent - 1, -1):
        if view.words[index].text in grammar.clause_coordinators | PUNCTUATION:
            adjacent = index + 1
            break
    source = phrase_actors(view, adjacent, first - 1)
    target, in_target, phrase_first = (), False, adjacent if source else first
    for chunk in reversed(chunks):
        actors = phrase_actors(view, chunk.first, chunk.last)
        if chunk.marker in cue.target_markers:
            in_target, target = True, target or actors
        elif chunk.marker in grammar.genitive and in_target and not target:
            target = actors
        elif chunk.marker in grammar.genitive or chunk.marker == grammar.ablative:
            source, target = (source, target or actors) if source else (actors, target)
        else:
            continue
        phrase_first = chunk.first if actors else phrase_first
    return source, target, phrase_first


def issue_name(view: SentenceView, target_first: int, first: int) -> str:
    """The name of an issue target beginning at word ``target_first``: its marked phrase without the postposition, with the genitive phrases before it.

    "हमारे देशों के बीच दरार पैदा करने के प्रयासों का विरोध" → "हमारे देशों के
    बीच दरार पैदा करने के प्रयासों"; "फ्री वीजा वाली योजना की तारीफ" → "फ्री
    वीजा वाली योजना".
    """
    chunks, _ = chunks_between(view, _walk_start(view, target_first, set()), first)
    named = next((chunk for chunk in chunks if chunk.first == target_first), None)
    if named is None:
        return ""
    start = named.first
    for chunk in reversed([c for c in chunks if c.last < named.first]):
        if not adjacent(chunk, start) or chunk.marker.split()[0] not in view.grammar.genitive:
            break  # a genitive (का, के बीच, के लिए …) right before builds the name; anything else ends it
        start = chunk.first
    return span_text(view, start, named.last + 1)


def ruled(view: SentenceView, target_first: int, first: int, rulings: frozenset[str]) -> bool:
    """Whether the cue's own argument names a legal filing (stances.yml's ``rulings``: याचिका, अर्जी …).

    The argument is the phrase right before the cue: "उनकी याचिका खारिज कर दी", "अर्जी को खारिज किया". A filing
    further back is part of another phrase ("… की याचिका खारिज करने के … आदेश को चुनौती दी": the order is challenged).
    """
    chunks, (tail_first, _) = chunks_between(view, max(target_first, 0), first)
    own = chunks[-1].first if chunks and adjacent(chunks[-1], tail_first) else tail_first
    return any(word.text in rulings or word.lemma in rulings for word in view.words[own:first])


def fronted_markers(view: SentenceView, cue: StanceCue) -> StanceCue:
    """The cue with only the target markers that may mark its object before the clause's subject: the object case (को)
    and "against" (के खिलाफ), not a genitive, which before the subject is the subject's owner ("भाजपा के नेता समर्थन …")."""
    fronted = view.grammar.object_markers | view.grammar.against
    return replace(cue, target_markers=tuple(marker for marker in cue.target_markers if marker in fronted))


def withdrawn(view: SentenceView, last: int, withdrawals: tuple[str, ...]) -> bool:
    """Whether a verb of withdrawing (stances.yml: withdrawals) takes the cue as its object: it begins within
    :data:`WITHDRAWAL_REACH` words after the cue, with only nouns and postpositions between ("मामले को वापस लेने",
    "विरोध प्रदर्शन स्थगित कर दिए"), so a verb or a clause boundary between them keeps the stance."""
    texts, lemmas, words = view.texts(), view.lemmas(), view.words
    starts = {start for pattern in withdrawals for start, _ in find_phrase(pattern_words(pattern), texts, lemmas) if last < start <= last + WITHDRAWAL_REACH}
    for index in range(last + 1, min(last + 1 + WITHDRAWAL_REACH, len(words))):
        if index in starts:
            return True
        if words[index].upos in VERB_UPOS or is_boundary(view.grammar, words, index):
            return False
    return False


def predicates(view: SentenceView, last: int) -> bool:
    """Whether a noun cue is its clause's predicate, a verb right after it ("दबाव डाला", "धमकी दी"): only then does
    a modifier cue without a modifier fall to the clause's subject."""
    return last + 1 < len(view.words) and view.words[last + 1].upos in VERB_UPOS


def negated(view: SentenceView, last: int) -> bool:
    """Whether a negation follows the cue within its verb group (समर्थन नहीं किया)."""
    for index in range(last + 1, min(last + 1 + NEGATION_REACH, len(view.words))):
        if view.words[index].text in view.grammar.negators:
            return True
        if is_boundary(view.grammar, view.words, index):
            return False
    return False


def same_side(one: str, other: str, countries: dict[str, str]) -> bool:
    """Whether two actors are one side of a stance: the same actor, or a person or organisation and the state it acts for.

    A leader praising "relations between Russia and China" takes no stance
    towards his own state, but two actors of one state are two sides
    (Navalny criticising Putin, Putin praising his minister).
    """
    return other == one or countries.get(one) == other or countries.get(other) == one


# --- the stance table ------------------------------------------------------------------------


def find_stances(views: list[SentenceView], quotations: pd.DataFrame, codebook: StanceCodebook, actors: list[Actor]) -> pd.DataFrame:
    """Every stance triple, one row per holder and target actor (or issue), with its evidence.

    Columns: article_id, sentence_id, source (holder actor id), target
    (actor id, '' for an issue), polarity (support, oppose, or neutral when
    a negation voids it), stance (the codebook entry), cue (the words),
    negated, source_via (subject, modifier, pronoun, claim …), target_text
    (the target phrase), issue (the name of an issue target, '' for an
    actor), evidence (the text from holder or target to the cue), its
    start/end in the sentence, and statement (the sentence where the article
    first tells it: :func:`rcreport.statements.statement_ids`).
    """
    countries, by_id = {actor.id: actor.country for actor in actors}, {actor.id: actor for actor in actors}
    by_sentence = dict(tuple(quotations.groupby("sentence_id", sort=False)))
    quotes_of = [by_sentence.get(view.sentence_id, quotations.iloc[:0]) for view in views]
    views = [addressed_view(view, quotes, by_id) for view, quotes in zip(views, quotes_of)]
    rows = []
    for index, view in enumerate(views):
        matches = cue_matches(view, codebook.cues)
        for first, last, cue in matches:
            if cue.verbal and not spoken_after(view, last, codebook.speech):
                continue  # an attack not reported as words ("सेना ने … पर हमला बोला"): an act, no stance
            rows.extend(_stance_rows(views, index, first, last, cue, matches, quotes_of[index], countries, codebook))
    table = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    return table.assign(statement=statement_ids(table, sentence_words(views)))


def spoken_after(view: SentenceView, last: int, speech: dict[str, tuple[str, ...]]) -> bool:
    """Whether a speech verb of the codebook follows word ``last`` in the sentence ("… पर हमला करते हुए कहा"):
    what makes a ``verbal`` cue an attack in words."""
    texts, lemmas = view.texts(), view.lemmas()
    return any(start > last for patterns in speech.values() for pattern in patterns for start, _ in find_phrase(pattern_words(pattern), texts, lemmas))


def _stance_rows(
    views: list[SentenceView],
    index: int,
    first: int,
    last: int,
    cue: StanceCue,
    matches: list[tuple[int, int, StanceCue]],
    sentence_quotes: pd.DataFrame,
    countries: dict[str, str],
    codebook: StanceCodebook,
) -> list[dict]:
    """The rows of one cue occurrence (one of the sentence's cue ``matches``): every holder with every target actor, or with the issue."""
    view = views[index]
    if cue.holder == "subject" and _lists(view, last + 1):
        return []  # an item of a list of topics ("ईरान के खिलाफ मतदान, … के मुद्दे उठाएंगे"): no one's act
    if any(word.text in view.grammar.conditionals for word in view.words[:first]):
        return []  # a hypothetical ("यदि … तो हम उनका समर्थन करेंगे"): no stance taken
    if withdrawn(view, last, codebook.withdrawals):
        return []  # "… के खिलाफ मामले को वापस लेने का हलफनामा", "विरोध प्रदर्शन स्थगित कर दिए": a stance given up
    clause_cues = {start for start, stop, _ in matches if heads_clause(view, stop)}
    begin = _walk_start(view, first, clause_cues)
    sources, targets, via, source_first, target_first = (), (), "", -1, first
    fixed = received(views, index, first, last, sentence_quotes, codebook.receiving)  # roles the construction fixes
    via = "giver (a verb of receiving)"  # "उन्हें अमेरिका से समर्थन मिला": the giver holds it, the receiver is its target
    for construction, words, how in ((means_roles, codebook.means, "genitive of the means"), (deserved_roles, codebook.deserving, "speaker of the deserving")):
        if fixed is None:
            fixed, via = construction(views, index, first, last, sentence_quotes, words), how  # "X की मदद से Y ने", "वे प्रशंसा के पात्र हैं"
    if fixed is None and cue.holder == "subject":
        fixed = relative_roles(view, first)  # "… ने प्रस्ताव रखा, जिसका X ने समर्थन किया": X supports the proposer
        via = "subject of the relative clause"
    if fixed is not None:
        sources, targets, source_first, target_first = fixed
        if not sources or not targets:
            return []
    elif cue.holder == "modifier":
        sources, targets, target_first = modifier_roles(view, first, cue, begin)
        if not predicates(view, last) and not (sources and targets):
            return []  # a noun in another phrase ("बाहरी दबावों से स्वतंत्र", "हमले की धमकी के बाद"): no subject holds it
        via, source_first = "modifier", target_first
    if not sources:
        sources, via, source_first = holder(views, index, first, last, sentence_quotes, matches)
    if cue.holder == "modifier" and not targets and fixed is None:  # "… दबाव बनाए हुए थे कि आडवाणी का इस्तीफा वापस न हो"
        targets = clause_after(view, first, last, set(sources))
        if not targets:
            return []
    is_negated = negated(view, last)
    polarity = cue.polarity if not is_negated else ("neutral" if cue.negated == "void" else OPPOSITE[cue.polarity])
    speaker = quoting_speaker(sentence_quotes, view, first) if via == "modifier" else ()  # a threat the clause says someone makes is theirs
    claims = [(one, source) for one in speaker for source in sources if not same_side(one, source, countries)]
    if claims:  # the speaker's claim of someone's threat or pressure: the speaker opposes them
        sources, via = tuple(dict.fromkeys(one for one, _ in claims)), "claim of the quotation's speaker"
    rows = []
    for source in sources:
        text = span_text(view, target_first, first)
        if claims:
            targets = tuple(dict.fromkeys(claimed for one, claimed in claims if one == source))
        elif cue.holder == "subject" and fixed is None:
            exclude = {source} | {actor for actor in countries if same_side(source, actor, countries)}
            search = max(begin, subject_end(view, sources, source_first, first) + 1)
            pronoun = governing_pronoun(view, first, search, cue)
            referents = pronoun_referent(views, index, pronoun, sentence_quotes, frozenset(exclude)) if pronoun >= 0 else ()
            if referents:  # "उनका बचाव", "हमारे इस्तीफे की माँग", "उनके खिलाफ … दुष्प्रचार": the pronoun is the cue's own argument
                targets, text, target_first = referents, span_text(view, pronoun, first), pronoun
            else:
                targets, text, target_first = subject_target(view, first, cue, search, exclude, codebook.patient_acts)
            if not text and via == "subject" and 0 < source_first < begin:  # an object before the subject ("X के फैसले का Y ने विरोध किया")
                owned = owner_first(view, source_first)  # not the subject's own genitive ("… तेलगुदेशम् पार्टी के सांसदों ने विरोध किया")
                targets, text, target_first = subject_target(view, owned, cue, _walk_start(view, owned, clause_cues), exclude, codebook.patient_acts)
            elif not text and via == "subject" and begin < source_first:  # "… गठबंधन को माकपा समर्थन दे रही है": the object before its subject
                targets, text, target_first = subject_target(view, source_first, fronted_markers(view, cue), begin, exclude, codebook.patient_acts)
            manner, manner_first = manner_target(view, last, cue, exclude) if not text else ((), -1)
            if manner:  # "वाम दल तीखे तेवरों के साथ सरकार के समक्ष …": the manner of the act, its target after it
                targets, text, target_first = manner, span_text(view, first, manner_first), manner_first
            targets = targets or clause_after(view, first, last, exclude) or held_by_modifier(view, target_first, matches, begin, exclude)
        if polarity == "oppose" and ruled(view, target_first, first, codebook.rulings):
            continue  # "… की याचिका खारिज कर दी": a ruling on a filing, not a stance against its filer
        positions = [p for p in (source_first, target_first, first, last) if p >= 0]
        start, end = view.words[min(positions)].start, view.words[max(positions)].end
        issue = issue_name(view, target_first, first) if text and not targets else ""
        for target in targets or (("",) if text else ()):
            if target and same_side(source, target, countries):
                continue
            rows.append(
                {
                    "article_id": view.article_id,
                    "sentence_id": view.sentence_id,
                    "source": source,
                    "target": target,
                    "polarity": polarity,
                    "stance": cue.id,
                    "cue": span_text(view, first, last + 1),
                    "negated": is_negated,
                    "source_via": via,
                    "target_text": text,
                    "issue": issue if not target else "",
                    "evidence": view.text[start:end],
                    "start": start,
                    "end": end,
                }  # fmt: skip
            )
    return rows


def subject_end(view: SentenceView, sources: tuple[str, ...], source_first: int, first: int) -> int:
    """The last word of the holder's own phrase before the cue at ``first`` (-1 if none): its genitives are the
    subject's ("राजग के प्रधानमंत्री … अपने मंत्रियों का बचाव"), so the target is sought after it."""
    return max((m.last for m in view.mentions if m.actor in sources and m.first == source_first >= 0 and m.last < first), default=-1)


def owner_first(view: SentenceView, first: int) -> int:
    """The first word of the phrase from word ``first`` with its genitive owners before it ("तेलगुदेशम् पार्टी के सांसदों"):
    an owner is an actor mention right before a genitive marker right before the phrase."""
    while first >= 2 and view.words[first - 1].text in view.grammar.genitive:
        owner = next((m for m in view.mentions if m.last == first - 2), None)
        if owner is None:
            break
        first = owner.first
    return first


def held_by_modifier(view: SentenceView, target_first: int, matches: list[tuple[int, int, StanceCue]], begin: int, exclude: set[str]) -> tuple[str, ...]:
    """The holder of a modifier cue that is a subject cue's issue target: "अमेरिका से खतरे की चेतावनी" → the US.

    A stance on someone's threat, pressure or sanctions is a stance on them,
    as a stance on a position is one on its owner; ``()`` when the target
    phrase holds no modifier cue or its holder is the holder's own side.
    """
    inner = next(((first, cue) for first, _, cue in matches if cue.holder == "modifier" and target_first <= first), None)
    if inner is None or target_first < 0:
        return ()
    holders = modifier_roles(view, inner[0], inner[1], begin)[0]
    return tuple(actor for actor in holders if actor not in exclude)


# --- summaries for the chapter ------------------------------------------------------------------


def stance_matrix(stances: pd.DataFrame, labels: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Net polarity (supporting minus opposing stances) and stance counts, holders × target actors, by label."""
    actor_stances = stances[stances["target"] != ""].assign(sign=lambda t: t["polarity"].map(SIGN))
    actor_stances = actor_stances.assign(source=actor_stances["source"].map(labels), target=actor_stances["target"].map(labels))
    net = actor_stances.pivot_table(index="source", columns="target", values="sign", aggfunc="sum", fill_value=0)
    counts = actor_stances.pivot_table(index="source", columns="target", values="sign", aggfunc="size", fill_value=0)
    order_rows = counts.sum(axis=1).sort_values(ascending=False).index
    order_columns = counts.sum(axis=0).sort_values(ascending=False).index
    return net.loc[order_rows, order_columns], counts.loc[order_rows, order_columns]


def article_summary(stances: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Per article, holder and target: how many supporting, opposing and neutral stances, the cues and the first evidence."""
    table = stances.assign(source=stances["source"].map(labels), target=stances["target"].map(labels).fillna("").replace("", "(issue)"))
    counts = pd.crosstab([table["article_id"], table["source"], table["target"]], table["polarity"]).reindex(columns=list(SIGN), fill_value=0)
    details = table.groupby(["article_id", "source", "target"]).agg(cues=("cue", lambda cues: ", ".join(dict.fromkeys(cues))), first_sentence=("sentence_id", "first"))
    return counts.join(details).reset_index().rename_axis(columns=None)


def quotation_table(quotations: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Quotations for reading: speaker and reporter by label ('unknown' where the text does not say), the words, the sentence."""
    return pd.DataFrame(
        {
            "speaker": quotations["speaker"].map(lambda value: actor_labels(value, labels)).replace("", "unknown"),
            "reported by": quotations["reported_by"].map(lambda value: actor_labels(value, labels)),
            "quote": quotations["quote"],
            "article": quotations["article_id"],
            "sentence_id": quotations["sentence_id"],
        }
    )


def actor_labels(value: str, labels: dict[str, str]) -> str:
    """A '+'-joined field of actor ids as labels: "usa+uk" -> "United States + United Kingdom"."""
    return " + ".join(labels.get(actor, actor) for actor in split_actors(value))
