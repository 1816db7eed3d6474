"""The sentence as the quotation and stance rules see it: words, actor mentions and the clause grammar.

A :class:`SentenceView` holds a sentence's words (the parser's tokens, with
quote marks and dashes stuck to a word split off) and its actor mentions
(found by :mod:`rcreport.mentions`: the codebook's names, "दोनों देश"-style
pair phrases, and where asked the names the codebook does not list). The clause grammar works on the surface forms, with
the parser's lemmas and parts of speech where present, so that a parse
error does not undo it: postposition-marked chunks, clause starts, the
subject of a verb (ने-marked phrase, unmarked actor, pronoun or the parse's
nsubj), coordinated actors (with :mod:`rcreport.coordination`) and the
antecedent a pronoun refers back to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from .codebook import Grammar
from .coordination import NAME_SEPARATOR, coordinated, joiners, parallel
from .text import DASHES, PUNCTUATION, QUOTE_FAMILIES, QUOTE_MARKS

EDGE_MARKS = QUOTE_MARKS + DASHES + "()[]"  # split off a word's edges (see split_marks)
ANTECEDENT_LOOKBACK = 2  # sentences searched back for a pronoun's antecedent
VERB_UPOS = ("VERB", "AUX")  # after one of these, a coordinator starts a new clause
UNLISTED = "unlisted"  # the type of a mention of an actor the codebook does not list; its id is "unlisted:<surface>"
UNLISTED_PREFIX = UNLISTED + ":"


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
    """Whether a mention's phrase is marked by a postposition (skipping particles, brackets and coordinated names, with a
    conjunct's own genitive owner)."""
    words, index = view.words, last + 1
    while index < len(words):
        conjunct = [m for m in view.mentions if m.first == index + 1] if words[index].text in joiners(view.grammar) else []
        if conjunct:
            index = conjunct[0].last + 1
            owned = [m for m in view.mentions if m.first == index + 1] if index < len(words) and words[index].text in view.grammar.genitive else []
            index = owned[0].last + 1 if owned else index  # "लालू प्रसाद यादव व राजद के सांसद …": the conjunct's owner, not a case
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
    to, and the most recent mention is taken, ने-marked or not, that is no place (grammar.yml: locative).
    """
    article = views[sentence].article_id
    for index in range(sentence, max(sentence - lookback - 1, -1), -1):
        view = views[index]
        if view.article_id != article:
            break
        limit = position if index == sentence else len(view.words)
        candidates = [m for m in view.mentions if m.last < limit and (kind != "person" or m.type in ("person", UNLISTED)) and m.actor not in exclude]
        candidates = [m for m in candidates if not (exclude and next_text(view, m.last) in view.grammar.locatives)]  # "सदन में थे लेकिन उनकी मदद"
        marked = [m for m in candidates if next_text(view, m.last) == view.grammar.ergative and not exclude]
        if marked or candidates:
            return ((marked or candidates)[-1].actor,)
    return ()


def next_text(view: SentenceView, index: int) -> str:
    """The text of the word after ``index`` ('' at the end)."""
    return view.words[index + 1].text if index + 1 < len(view.words) else ""
