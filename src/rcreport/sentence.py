"""The sentence as the quotation and stance rules see it: words, actor mentions and the clause grammar.

A :class:`SentenceView` holds a sentence's words (the parser's tokens, with
quote marks and dashes stuck to a word split off) and its actor mentions
(the codebook's names, plus "दोनों देश"-style pair phrases resolved to the
two actors named last). The clause grammar works on the surface forms, with
the parser's lemmas and parts of speech where present, so that a parse
error does not undo it: postposition-marked chunks, clause starts, the
subject of a verb (ने-marked phrase, unmarked actor, pronoun or the parse's
nsubj), coordinated actors (with :mod:`rcreport.coordination`) and the
antecedent a pronoun refers back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from .actors import NAME_WORD, find_mentions
from .codebook import Actor, Grammar
from .coordination import NAME_SEPARATOR, coordinated, coordinated_pair, joiners, parallel
from .text import DASHES, PUNCTUATION, QUOTE_FAMILIES, QUOTE_MARKS, WORD_CHAR

EDGE_MARKS = QUOTE_MARKS + DASHES + "()[]"  # split off a word's edges (see split_marks)
PAIR_SIZE = 2  # the actors a pair phrase stands for
PAIR_LOOKBACK = 3  # sentences searched back for the two actors of "दोनों देश"
ANTECEDENT_LOOKBACK = 2  # sentences searched back for a pronoun's antecedent
VERB_UPOS = ("VERB", "AUX")  # after one of these, a coordinator starts a new clause
# Plural endings of nouns and what replaces them in the singular: oblique -ों (देशों), -ओं (नेताओं),
# -यों after a short i (राष्ट्रपतियों), -ियों for a long ī (साथियों → साथी); direct -ें/-एं (सरकारें); English -्स (लीडर्स)
PLURAL_ENDINGS = {"ियों": "ी", "यों": "", "ओं": "", "ों": "", "एं": "", "ें": "", "्स": ""}
UNLISTED = "unlisted"  # the type of a mention of an actor the codebook does not list; its id is "unlisted:<surface>"
UNLISTED_PREFIX = UNLISTED + ":"
MODIFIER_UPOS = ("ADJ", "NOUN", "PROPN")  # words before an actor noun that belong to its name (वाम दल, श्रमिक संगठनों)
MODIFIER_REACH = 2  # how many such words at most
ARGUMENT_DEPRELS = ("nsubj", "obj", "iobj", "obl")  # relations of a clause argument, which no word inside a name has


@dataclass(frozen=True)
class Word:
    """One token of a sentence; ``start``/``end`` index the sentence text."""

    text: str
    lemma: str
    upos: str
    head: int  # index of the head word in the sentence, -1 for the root
    deprel: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """An actor mention with its actor's type and country, and the words it covers."""

    actor: str
    type: str
    country: str
    first: int
    last: int


@dataclass(frozen=True)
class SentenceView:
    """A sentence as the rules see it: its words and the actor mentions in it."""

    article_id: str
    sentence_id: str
    line_no: int
    text: str
    words: tuple[Word, ...]
    mentions: tuple[Mention, ...]
    grammar: Grammar  # the closed classes the rules read the words with
    unlisted: bool = False  # whether actors the codebook does not list are read (see sentence_views)

    def texts(self) -> list[str]:
        """The surface forms of the words."""
        return [word.text for word in self.words]

    def lemmas(self) -> list[str]:
        """The lemmas of the words."""
        return [word.lemma for word in self.words]


@dataclass(frozen=True)
class Chunk:
    """Content words [first, last] followed by their postposition (``marker``: की, के लिए, के हवाले से …)."""

    first: int
    last: int
    marker: str


@dataclass(frozen=True)
class Subject:
    """Who a verb's subject is: actor ids, or a pronoun still to resolve, or nobody the codebook knows.

    ``first`` and ``position`` are the first and last word of the subject phrase.
    """

    actors: tuple[str, ...] = ()
    pronoun: str = ""
    position: int = -1
    first: int = -1


def sentence_views(sentences: pd.DataFrame, tokens: pd.DataFrame, actors: list[Actor], grammar: Grammar, *, unlisted: bool = False, not_names: frozenset[str] = frozenset()) -> list[SentenceView]:
    """Every sentence with its tokens (offsets made relative to the sentence) and actor mentions.

    Besides the codebook's names, "दोनों देश" (both countries), "दोनों नेता" and
    a following "एक-दूसरे" (each other) are mentions of the two actors of that
    kind most recently named before them (see :func:`pair_mentions`). With
    ``unlisted``, names and organisation or office nouns the codebook does not
    list are mentions too (:func:`unlisted_mentions`), except the words of
    ``not_names`` (the names of days and months: "बुधवार को").
    """
    by_id = {actor.id: actor for actor in actors}
    token_groups = dict(tuple(tokens.groupby("sentence_id", sort=False)))
    mention_groups = dict(tuple(find_mentions(actors, sentences).groupby("sentence_id", sort=False)))
    views: list[SentenceView] = []
    for sentence in sentences.itertuples():
        words = split_marks(token_groups.get(sentence.sentence_id, tokens.iloc[:0]), sentence.start)
        named = [_mention(by_id[m.actor], m.start, m.end, words) for m in mention_groups.get(sentence.sentence_id, pd.DataFrame()).itertuples()]
        named = [m for m in named if m]
        named = sorted(named + unlisted_mentions(sentence.text, words, named, grammar, not_names), key=lambda m: (m.first, m.last)) if unlisted else named
        earlier = [view for view in views[-PAIR_LOOKBACK:] if view.article_id == sentence.article_id]
        mentions = pair_mentions(sentence.text, words, named, earlier, grammar)
        views.append(SentenceView(sentence.article_id, sentence.sentence_id, sentence.line_no, sentence.text, words, mentions, grammar, unlisted))
    return views


def split_marks(tokens: pd.DataFrame, offset: int) -> tuple[Word, ...]:
    """A sentence's tokens as words, with quote marks, dashes and brackets stuck to a word split off.

    The tokenizer sometimes leaves "कहा-", "पर”" or "”उन्होंने" as one token;
    the rules need the word and the mark apart. Offsets become relative to
    the sentence (``offset`` is its start); heads follow the split, and a
    split-off mark depends on its word as punctuation.
    """
    pieces, index_of = [], {}
    for number, token in enumerate(tokens.itertuples()):
        start = token.start - offset
        core = token.text.strip(EDGE_MARKS) or token.text
        lead, trail = token.text.find(core), token.text.find(core) + len(core)
        if lead:
            pieces.append((token.text[:lead], start, number, None))
        index_of[number] = len(pieces)
        pieces.append((core, start + lead, number, token))
        if trail < len(token.text):
            pieces.append((token.text[trail:], start + trail, number, None))
    words = []
    for text, start, number, token in pieces:
        if token is None:
            words.append(Word(text, text, "PUNCT", index_of[number], "punct", start, start + len(text)))
        else:
            head = index_of.get(int(token.head) - 1, -1)
            lemma = (token.lemma or text).strip(EDGE_MARKS) or text
            words.append(Word(text, lemma, token.upos, head, token.deprel, start, start + len(text)))
    return tuple(words)


def split_fused_case(view: SentenceView, base: str) -> SentenceView:
    """The view with every word that is ``base`` fused with a postposition (आपको, आपके, आपने) split into the two.

    Hindi writes the case of a pronoun as one word with it; the rules read a
    phrase as words followed by their postposition. Mentions and heads
    follow the split; the split-off postposition depends on the pronoun.
    """
    markers = view.grammar.postpositions | {view.grammar.ergative}
    fused = {i for i, word in enumerate(view.words) if word.text.startswith(base) and word.text[len(base) :] in markers}
    if not fused:
        return view
    new_index = {old: old + sum(1 for f in fused if f < old) for old in range(len(view.words))}
    words = []
    for old, word in enumerate(view.words):
        head = new_index.get(word.head, -1)
        if old not in fused:
            words.append(replace(word, head=head))
            continue
        cut = word.start + len(base)
        words.append(Word(base, base, word.upos, head, word.deprel, word.start, cut))
        words.append(Word(word.text[len(base) :], word.text[len(base) :], "ADP", new_index[old], "case", cut, word.end))
    mentions = tuple(replace(m, first=new_index[m.first], last=new_index[m.last]) for m in view.mentions)
    return replace(view, words=tuple(words), mentions=mentions)


def pair_mentions(text: str, words: tuple[Word, ...], named: list[Mention], earlier: list[SentenceView], grammar: Grammar) -> tuple[Mention, ...]:
    """The named mentions plus two mentions for each "दोनों" + a noun of a pair sense, and for a following "एक-दूसरे".

    The noun may be any form of a noun that grammar.yml lists under a kind
    of actor (state: देश, सरकार, पक्ष …; person: नेता, राष्ट्रपति …; see
    :func:`pair_sense`): दोनों देशों, दोनों राष्ट्राध्यक्षों. The pair is the
    two distinct actors of that kind named last before the phrase, in this
    sentence or the sentences before; without two, the phrase stays
    unresolved, as does "दोनों" before any other word (दोनों ओर). A bare "दोनों"
    before a postposition ("दोनों के खिलाफ", "दोनों को") is the two actors the
    sentence last coordinated (:func:`coordinated_pair`).
    """
    mentions, pair = list(named), []
    for match in pair_phrase(grammar).finditer(text):
        span = _span_words(match.start(), match.end(), words)
        if match.group("noun"):
            noun = _span_words(match.start("noun"), match.end("noun"), words)
            kind = pair_sense(grammar, words[noun[0]]) if noun else ""
            before = [m for view in earlier for m in view.mentions] + [m for m in mentions if words[m.last].end <= match.start()]
            latest = {m.actor: m for m in reversed(before) if m.type == kind}  # most recent first
            pair = list(latest.values())[:PAIR_SIZE] if len(latest) >= PAIR_SIZE else []
            if noun and is_postposition(grammar, words, noun[0]):
                pair = coordinated_pair([m for m in mentions if words[m.last].end <= match.start()], words, grammar)
                span = _span_words(match.start(), match.start("noun") - 1, words)  # "दोनों" alone, without its postposition
        if span and pair:
            mentions += [Mention(m.actor, m.type, m.country, *span) for m in pair]
    return tuple(sorted(mentions, key=lambda m: (m.first, m.last)))


def is_actor_noun(grammar: Grammar, word: Word) -> bool:
    """Whether a word is a noun of grammar.yml's ``actor_nouns`` (सरकार, नेताओं, संगठनों), by lemma, form or plural ending."""
    singulars = [word.text[: -len(ending)] + stem for ending, stem in PLURAL_ENDINGS.items() if word.text.endswith(ending)]
    return any(base in grammar.actor_nouns for base in (word.lemma, word.text, *singulars))


def unlisted_mentions(text: str, words: tuple[Word, ...], named: list[Mention], grammar: Grammar, not_names: frozenset[str] = frozenset()) -> list[Mention]:
    """Mentions of actors the codebook does not list: runs of proper nouns and actor nouns, with their modifiers.

    A run of adjacent words each a proper noun (the parser's PROPN) or an
    actor noun of grammar.yml is one name ("नितीश कुमार", "प्रधानमंत्री
    मनमोहन सिंह", "नितीश कुमार सरकार", "विहिप नेता"); a run that ends in an
    actor noun takes up to :data:`MODIFIER_REACH` adjectives or nouns before
    it ("वाम दल", "पूर्व न्याय मंत्री", "श्रमिक संगठनों"); words with a
    digit are no part of a name, nor is a run right after one (१३ फरवरी). A run that
    touches a codebook mention is that mention's, not a new actor. A run of
    proper nouns right before a common noun modifies it and names a topic,
    not an actor ("कश्मीर नीति", "गोधरा मामले", "कारगिल युद्ध", also past a bracketed
    abbreviation: "कर्मचारी भविष्य निधि (ईपीएफ) ब्याज दर"), as does one before a
    participle of place ("नई दिल्ली स्थित घर": grammar.yml), and a word
    of ``not_names`` (a weekday or month the parser tags PROPN) is no name. The
    mention's id is ``unlisted:`` and its surface text; its type is
    :data:`UNLISTED`.
    """
    taken = {index for m in named for index in range(m.first, m.last + 1)}

    def member(index: int) -> bool:
        word = words[index]
        named_word = NAME_WORD.fullmatch(word.text.rstrip(".")) is not None  # no digits: "१३ फरवरी" is a date
        return index not in taken and named_word and word.text not in not_names and (word.upos == "PROPN" or (word.upos == "NOUN" and is_actor_noun(grammar, word)))

    found, index, previous = [], 0, -1  # previous: the last word of the run before, which no modifier reaches back into
    while index < len(words):
        if not member(index):
            index += 1
            continue
        last = index
        while last + 1 < len(words) and member(last + 1):
            last += 1
        last = run_end(grammar, words, index, last)
        first = index
        if is_actor_noun(grammar, words[last]):
            while first > previous + 1 and index - first < MODIFIER_REACH and first - 1 not in taken and words[first - 1].upos in MODIFIER_UPOS and not is_postposition(grammar, words, first - 1):
                first -= 1
        after = past_brackets(words, last + 1)  # "कर्मचारी भविष्य निधि (ईपीएफ) ब्याज दर": the abbreviation belongs to the name
        modifies = after < len(words) and words[after].upos == "NOUN" and not is_actor_noun(grammar, words[last])  # "कश्मीर नीति": a topic
        modifies = modifies or (after < len(words) and words[after].text in grammar.place_participles)  # "नई दिल्ली स्थित घर": a place
        near = taken & {first - 1, last + 1}
        counted = first > 0 and any(character.isdigit() for character in words[first - 1].text)  # "१३ फरवरी": a date
        if not near and not counted and not modifies:
            surface = text[words[first].start : words[last].end]
            found.append(Mention(UNLISTED_PREFIX + surface, UNLISTED, "", first, last))
        index, previous = last + 1, last
    return one_person_titles(text, words, found, grammar)


def past_brackets(words: tuple[Word, ...], index: int) -> int:
    """The first word from ``index`` on that is not part of a bracketed group or a closing bracket ("(ईपीएफ) ब्याज" -> ब्याज)."""
    if index < len(words) and words[index].text == "(":
        index = next((i for i in range(index, len(words)) if words[i].text == ")"), len(words) - 1)
        return index + 1
    return index + 1 if index < len(words) and words[index].text == ")" else index


def one_person_titles(text: str, words: tuple[Word, ...], found: list[Mention], grammar: Grammar) -> list[Mention]:
    """The unlisted mentions with an owned title coordinated to a titled name made one mention: one person's two offices.

    "राष्ट्रीय जनता दल के अध्यक्ष व रेल मंत्री लालू प्रसाद यादव", "भाजपा के
    वरिष्ठ नेता व पूर्व उप प्रधानमंत्री आडवाणी": a title (actor nouns and
    adjectives only) with a genitive owner, a name coordinator, then a title
    and a personal name, as Hindi news introduces one person by two offices.
    A title without an owner may be another person's ("प्रधानमंत्री और विदेश
    मंत्री नटवर सिंह") and stays apart.
    """

    def title(m: Mention) -> bool:
        owned = m.first > 1 and words[m.first - 1].text in grammar.genitive
        return owned and all(is_actor_noun(grammar, w) or w.upos == "ADJ" for w in words[m.first : m.last + 1])

    def titled_name(m: Mention) -> bool:
        return any(is_actor_noun(grammar, w) for w in words[m.first : m.last]) and not is_actor_noun(grammar, words[m.last])

    merged: list[Mention] = []
    for mention in found:
        left = merged[-1] if merged else None
        if left and left.last + 2 == mention.first and words[left.last + 1].text in grammar.name_coordinators and title(left) and titled_name(mention):
            merged[-1] = Mention(UNLISTED_PREFIX + text[words[left.first].start : words[mention.last].end], UNLISTED, "", left.first, mention.last)
        else:
            merged.append(mention)
    return merged


def run_end(grammar: Grammar, words: tuple[Word, ...], first: int, last: int) -> int:
    """The last word of the first name in a run of name words [first, last]: two names of bodies or offices side by side.

    A run that ends in an actor noun may hold two: an actor noun inside it that
    the parse attaches outside the run, or as a clause argument (nsubj, obj,
    obl), ends a phrase of its own, and the words after it are a second name
    ("कई प्रमुख राजनीतिक दल | सरकार की इस योजना का विरोध": दल is the subject,
    सरकार the plan's owner; "कांग्रेस के कम सांसद | सदन में थे"). A title before a personal name stays one
    mention ("रक्षा मंत्री प्रणव मुखर्जी", which ends in no actor noun), as does
    a name whose words the parse attaches to one another ("नितीश कुमार सरकार").
    """
    if not is_actor_noun(grammar, words[last]):
        return last
    ends = [index for index in range(first, last) if is_actor_noun(grammar, words[index]) and (not first <= words[index].head <= last or words[index].deprel.startswith(ARGUMENT_DEPRELS))]
    return ends[0] if ends else last


def pair_sense(grammar: Grammar, word: Word) -> str:
    """The kind of actor (state, person) a noun after "दोनों" refers to, '' if it is no noun of a pair sense.

    A noun counts when its lemma or its surface form is listed in grammar.yml,
    or its surface form is a listed noun with a plural ending (देशों,
    नेताओं, राष्ट्रपतियों, सरकारें, लीडर्स): the parser's lemma covers the
    regular forms, the endings a lemma the parser got wrong (मुल्कों → मुल्का).
    """
    kind_of = {noun: kind for kind, nouns in grammar.pair_nouns.items() for noun in nouns}
    singulars = [word.text[: -len(ending)] + stem for ending, stem in PLURAL_ENDINGS.items() if word.text.endswith(ending)]
    return next((kind_of[base] for base in [word.lemma, word.text, *singulars] if base in kind_of), "")


@cache
def pair_phrase(grammar: Grammar) -> re.Pattern:
    """The pattern of "दोनों" + the next word, or of "एक-दूसरे" (hyphen or space), compiled once per grammar."""
    each_other = r"[-\s]".join(re.escape(word) for word in grammar.each_other)
    return re.compile(rf"{re.escape(grammar.pair_both)}\s+(?P<noun>{WORD_CHAR}+)|{each_other}")


def _mention(actor: Actor, start: int, end: int, words: tuple[Word, ...]) -> Mention | None:
    """A codebook mention over the words its character span overlaps (None if it overlaps none)."""
    span = _span_words(start, end, words)
    return Mention(actor.id, actor.type, actor.country, *span) if span else None


def _span_words(start: int, end: int, words: tuple[Word, ...]) -> tuple[int, int] | None:
    """The first and last word a character span overlaps."""
    covered = [index for index, word in enumerate(words) if word.end > start and word.start < end]
    return (covered[0], covered[-1]) if covered else None


def is_postposition(grammar: Grammar, words: tuple[Word, ...], index: int) -> bool:
    """Whether a word is (part of) a postposition: ने, की, के लिए, के हवाले से …"""
    text = words[index].text
    if text in grammar.postpositions:
        return True
    return text in grammar.compound_parts and index > 0 and words[index - 1].text in grammar.compound_openers


def is_boundary(grammar: Grammar, words: tuple[Word, ...], index: int) -> bool:
    """Whether a word separates clauses: punctuation, a subordinator, or और/लेकिन after a verb."""
    word = words[index]
    if word.text in PUNCTUATION or word.text in grammar.subordinators or word.text in QUOTE_FAMILIES:
        return True
    after_verb = index > 0 and words[index - 1].upos in VERB_UPOS
    return word.text in grammar.clause_coordinators and after_verb


def chunks_between(view: SentenceView, start: int, stop: int) -> tuple[list[Chunk], tuple[int, int]]:
    """The postposition-marked chunks of words [start, stop), and the unmarked tail before ``stop``."""
    words, found, first, index = view.words, [], start, start
    while index < stop:
        if words[index].text in QUOTE_FAMILIES:
            first += first == index
            index += 1
        elif is_postposition(view.grammar, words, index):
            end = index
            while end + 1 < stop and is_postposition(view.grammar, words, end + 1):
                end += 1
            found.append(Chunk(first, index - 1, " ".join(w.text for w in words[index : end + 1])))
            first = index = end + 1
        else:
            index += 1
    return found, (first, stop - 1)


def clause_start(view: SentenceView, index: int) -> int:
    """The first word of the clause holding word ``index``: after the last subordinator before it."""
    for position in range(index - 1, -1, -1):
        if view.words[position].text in view.grammar.subordinators:
            return position + 1
    return 0


def clause_subject(view: SentenceView, start: int, stop: int) -> Subject | None:
    """The subject of the verb at ``stop`` within words [start, stop), or None if there is none.

    The nearest ने-marked phrase wins (its actors, coordinated ones included,
    or its pronoun, or — when it names no actor of the codebook — nobody);
    else the first unmarked actor mention, else an unmarked pronoun, else
    the parser's nominal subject of the verb (or of the verb it depends on).
    """
    words, grammar = view.words, view.grammar
    for index in range(stop - 1, start - 1, -1):
        if words[index].text in grammar.ergative_pronouns:
            return Subject(pronoun=words[index].text, position=index, first=index)
        if words[index].text == grammar.ergative:
            last = index - 1
            while last > start and words[last].text == ")":
                last -= 1
            first = _phrase_start(view, last + 1, start)
            return Subject(phrase_actors(view, first, last), position=last, first=first)
    for mention in view.mentions:
        if start <= mention.first and mention.last < stop and not is_marked(view, mention.last):
            candidates = [m for m in view.mentions if start <= m.first and m.last < stop]
            return Subject(coordinated(view, mention, candidates), position=mention.last, first=mention.first)
    for index in range(start, stop):
        if words[index].text in grammar.nominative_pronouns:
            return Subject(pronoun=words[index].text, position=index, first=index)
    return parse_subject(view, start, stop)


def parse_subject(view: SentenceView, start: int, verb: int) -> Subject | None:
    """The dependency parse's nsubj of word ``verb`` or of its head, if it lies in [start, verb) and names an actor or is a pronoun."""
    heads = {verb, view.words[verb].head} if verb < len(view.words) else set()
    for index in range(start, min(verb, len(view.words))):
        word = view.words[index]
        if word.head in heads and word.deprel.startswith("nsubj"):
            if word.text in view.grammar.ergative_pronouns or word.text in view.grammar.nominative_pronouns:
                return Subject(pronoun=word.text, position=index, first=index)
            actors = tuple(m.actor for m in view.mentions if m.first <= index <= m.last)
            if actors:
                return Subject(actors, position=index, first=index)
    return None


def phrase_actors(view: SentenceView, first: int, last: int) -> tuple[str, ...]:
    """The actor a phrase of words [first, last] names: its last mention (the head), with those coordinated to it.

    In "A, B और C सहित अन्य संगठनों" (grammar.yml: coordinators.inclusive) the
    named actors before सहित are the phrase's, and the set after it too only
    where it is a name ("भाजपा सहित राजग"), not a class ("अन्य प्रमुख संगठनों").
    """
    inside = [m for m in view.mentions if first <= m.last <= last and (m.last == last or next_text(view, m.last) not in view.grammar.genitive)]  # owners modify
    if not inside:
        return ()
    included = [m for m in inside if next_text(view, m.last) in view.grammar.inclusive_coordinators]
    if not included:
        return coordinated(view, inside[-1], inside)
    head = inside[-1]
    named = head.first > included[-1].last and any(w.upos == "PROPN" for w in view.words[head.first : head.last + 1])
    return tuple(dict.fromkeys(coordinated(view, included[-1], inside) + ((head.actor,) if named else ())))


def _phrase_start(view: SentenceView, index: int, start: int) -> int:
    """The first word of the phrase ending before word ``index``: after the previous postposition or boundary."""
    position = index - 1
    while position >= start and not is_postposition(view.grammar, view.words, position) and not is_boundary(view.grammar, view.words, position):
        position -= 1
    first = position + 1
    # coordinated subjects: "अमेरिका, कनाडा और ब्रिटेन ने" crosses the commas between names
    while position > start and view.words[position].text == NAME_SEPARATOR and any(m.last == position - 1 for m in view.mentions):
        position = _phrase_start(view, position, start) - 1
        first = position + 1
    if first - 1 > start and view.words[first - 1].text in view.grammar.genitive:  # "A के B और C के D ने": both conjuncts
        owner = _phrase_start(view, first - 1, start)
        left = next((m for m in view.mentions if owner <= m.last < first - 2 and parallel(view, m, first)), None)
        return _phrase_start(view, left.first - 1, start) if left and left.first - 1 > start else first
    return first


def is_marked(view: SentenceView, last: int) -> bool:
    """Whether a mention's phrase is marked by a postposition (skipping particles, brackets and coordinated names)."""
    words, index = view.words, last + 1
    while index < len(words):
        conjunct = [m for m in view.mentions if m.first == index + 1] if words[index].text in joiners(view.grammar) else []
        if conjunct:
            index = conjunct[0].last + 1
        elif words[index].text in view.grammar.particles or words[index].text in "()":
            index += 1
        else:
            break
    return index < len(words) and is_postposition(view.grammar, words, index)


def pronoun_kind(grammar: Grammar, pronoun: str) -> str:
    """'first', 'person' (honorific or plural) or 'any' for a subject pronoun."""
    return grammar.ergative_pronouns.get(pronoun) or grammar.nominative_pronouns.get(pronoun, "any")


def antecedent(views: list[SentenceView], sentence: int, position: int, kind: str, lookback: int = ANTECEDENT_LOOKBACK, exclude: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The most recent compatible mention before word ``position`` (none of ``exclude``), preferring one marked by ने.

    Searches the sentence itself, then up to ``lookback`` sentences before it
    in the same article; ``kind`` 'person' admits persons only, and the actors the
    codebook does not list (named persons, parties and offices alike: Hindi
    news refers to a party or a minister by the same उन्होंने). For an object
    pronoun the caller excludes the clause's holder, whom it does not refer
    to, and the most recent mention is taken, ने-marked or not.
    """
    article = views[sentence].article_id
    for index in range(sentence, max(sentence - lookback - 1, -1), -1):
        view = views[index]
        if view.article_id != article:
            break
        limit = position if index == sentence else len(view.words)
        candidates = [m for m in view.mentions if m.last < limit and (kind != "person" or m.type in ("person", UNLISTED)) and m.actor not in exclude]
        marked = [m for m in candidates if next_text(view, m.last) == view.grammar.ergative and not exclude]
        if marked or candidates:
            return ((marked or candidates)[-1].actor,)
    return ()


def next_text(view: SentenceView, index: int) -> str:
    """The text of the word after ``index`` ('' at the end)."""
    return view.words[index + 1].text if index + 1 < len(view.words) else ""
