"""Actor mentions: which words of a sentence name an actor, as the views of :mod:`rcreport.sentence` hold them.

:func:`sentence_views` builds every sentence's view: its words and its
mentions, the codebook's names (:func:`rcreport.actors.find_mentions`), with
"दोनों देश"-style pair phrases resolved to the two actors named last
(:func:`pair_mentions`) and, where the caller asks, the names and offices the
codebook does not list (:func:`unlisted_mentions`: runs of proper nouns and
actor nouns, split where two names stand side by side, a topic or a place
left out, one person's two offices made one mention).
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from .actors import NAME_WORD, find_mentions
from .codebook import Actor, Grammar
from .coordination import coordinated_pair
from .sentence import UNLISTED, UNLISTED_PREFIX, VERB_UPOS, Mention, SentenceView, Word, is_postposition, split_marks
from .text import WORD_CHAR

PAIR_SIZE = 2  # the actors a pair phrase stands for
PAIR_LOOKBACK = 3  # sentences searched back for the two actors of "दोनों देश"
# Plural endings of nouns and what replaces them in the singular: oblique -ों (देशों), -ओं (नेताओं),
# -यों after a short i (राष्ट्रपतियों), -ियों for a long ī (साथियों → साथी); direct -ें/-एं (सरकारें); English -्स (लीडर्स)
PLURAL_ENDINGS = {"ियों": "ी", "यों": "", "ओं": "", "ों": "", "एं": "", "ें": "", "्स": ""}
MODIFIER_UPOS = ("ADJ", "NOUN", "PROPN")  # words before an actor noun that belong to its name (वाम दल, श्रमिक संगठनों)
MODIFIER_REACH = 2  # how many such words at most
ARGUMENT_DEPRELS = ("nsubj", "obj", "iobj", "obl")  # relations of a clause argument, which no word inside a name has
COMPOUND_DEPREL = "compound"  # the relation of a conjunct verb's noun to its light verb (समर्थन/compound → दे), compound:lvc too


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
        modifies = after < len(words) and words[after].upos == "NOUN" and not is_actor_noun(grammar, words[last]) and not light_verb_noun(grammar, words, after)  # "कश्मीर नीति": a topic
        modifies = modifies or (after < len(words) and words[after].text in grammar.place_participles)  # "नई दिल्ली स्थित घर": a place
        modifies = modifies or bool({words[last].text, words[last].lemma} & grammar.topic_nouns)  # "… लेजिस्लेटिव काउंसिल बिल": a document
        near = taken & {first - 1, last + 1}
        counted = first > 0 and any(character.isdigit() for character in words[first - 1].text)  # "१३ फरवरी": a date
        if not near and not counted and not modifies:
            surface = text[words[first].start : words[last].end]
            found.append(Mention(UNLISTED_PREFIX + surface, UNLISTED, "", first, last))
        index, previous = last + 1, last
    return one_person_titles(text, words, found, grammar)


def light_verb_noun(grammar: Grammar, words: tuple[Word, ...], index: int) -> bool:
    """Whether the noun at ``index`` and the word after it are one conjunct verb ("समर्थन दे रही है", "विरोध किया"): a light
    verb of grammar.yml follows it, or the parse makes the noun a compound of the verb after it. A name before such a noun
    is the verb's subject ("… गठबंधन को माकपा समर्थन दे रही है"), not a topic the noun names."""
    verb = index + 1
    if verb >= len(words):
        return False
    following = words[verb].text
    light = following.startswith(grammar.light_verb_stems) or following in grammar.light_verb_forms
    return light or (words[verb].upos in VERB_UPOS and words[index].head == verb and words[index].deprel.startswith(COMPOUND_DEPREL))


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
