"""Quotations: who said what, from quote marks and speech verbs, with the speaker resolved to an actor.

A quotation is found in two ways: words in quote marks (“…”, "…", ‘…’, '…',
also when they run over a sentence boundary), and the content of a speech
verb from the stances codebook (कहा, बताया, बोले, जोर दिया, …): a कि clause,
a dash ("कहा- वेलकम, डियर फ्रेंड"), quoted words right after the verb, or a
reporting clause after the content ("“…,” उशाकोव ने कहा").

The speaker is the subject of the speech verb: the ने-marked phrase before it
(its last actor mention, or all of them when coordinated), an unmarked actor
before or right after it, or a pronoun (उन्होंने, वह, वे) resolved to the
speaker of the quotation it stands in or else to the most recent compatible
mention, preferring a ने-marked one. A subject the codebook does not know
("अन्य देशों ने") leaves the speaker unknown; nothing is guessed. A speech
verb inside another's content keeps the chain: "सीसीटीवी ने बताया कि शी ने
कहा, “…”" gives speaker Xi, reported by CCTV, as does "शी के हवाले से".

The rules work on the words and the actor mentions (surface forms, with the
parser's lemmas and parts of speech where present), so that a parse error
does not undo them; :func:`score_quotations` measures them against a gold
annotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from .actors import find_mentions
from .codebook import Actor
from .text import CLOSING_QUOTES, CLOSING_SHAPES, DASHES, OPENING_SHAPES, PUNCTUATION, QUOTE_FAMILIES, QUOTE_MARKS
from .themes import find_phrase, pattern_words

QUOTATION_COLUMNS = ["article_id", "sentence_id", "speaker", "reported_by", "attribution", "cue", "quote", "start", "end"]
SIMPLE_POSTPOSITIONS = {"ने", "को", "से", "का", "की", "के", "में", "पर", "तक", "द्वारा"}
# Words that continue a postposition after के/की: के लिए, के खिलाफ, के हवाले से, के बारे में
COMPOUND_PARTS = {"लिए", "खिलाफ", "विरुद्ध", "साथ", "बीच", "प्रति", "बारे", "अनुसार", "मुताबिक", "हवाले", "सामने", "दौरान", "बाद", "ओर", "तरफ"}
GENITIVE = {"का", "की", "के"}
PARTICLES = {"भी", "ही", "तो"}
SUBORDINATORS = {"कि", "जो", "जिसे", "जिससे", "जिसने", "जिसमें", "जिन्होंने", "जिनके", "जबकि", "क्योंकि", "ताकि", "हालांकि"}
COORDINATORS = {"और", "तथा", "लेकिन", "एवं"}
AUXILIARIES = {"है", "हैं", "था", "थी", "थे", "गया", "गई", "गए", "भी"}
ERGATIVE_PRONOUNS = {"उन्होंने": "person", "इन्होंने": "person", "उसने": "any", "इसने": "any", "मैंने": "first", "हमने": "first"}
NOMINATIVE_PRONOUNS = {"वह": "any", "वो": "any", "वे": "person", "मैं": "first", "हम": "first"}
CONTENT_DASHES = DASHES + ":"  # what may introduce a speech verb's content ("कहा- …", "कहा: …")
EDGE_MARKS = QUOTE_MARKS + DASHES + "()[]"  # split off a word's edges (see split_marks)
PAIR_PHRASE = re.compile(r"दोनों\s+(?P<noun>देशों|देश|पक्षों|पक्ष|नेताओं|नेता|लीडर्स)|एक[-\s]दूसरे")
PAIR_LOOKBACK = 3  # sentences searched back for the two actors of "दोनों देश"


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


@dataclass
class SpeechEvent:
    """A speech verb, its subject and the character span of what was said (if any)."""

    first: int
    last: int
    cue: str
    subject: Subject | None
    content: tuple[int, int] | None = None
    quoted_from: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    reported_by: tuple[str, ...] = ()
    attribution: str = "unknown"
    dash: bool = False
    nested_in: list[int] = field(default_factory=list)


# --- the sentences as words and mentions ---------------------------------------


def sentence_views(sentences: pd.DataFrame, tokens: pd.DataFrame, actors: list[Actor]) -> list[SentenceView]:
    """Every sentence with its tokens (offsets made relative to the sentence) and actor mentions.

    Besides the codebook's names, "दोनों देश" (both countries), "दोनों नेता" and
    a following "एक-दूसरे" (each other) are mentions of the two actors of that
    kind most recently named before them (see :func:`pair_mentions`).
    """
    by_id = {actor.id: actor for actor in actors}
    token_groups = dict(tuple(tokens.groupby("sentence_id", sort=False)))
    mention_groups = dict(tuple(find_mentions(actors, sentences).groupby("sentence_id", sort=False)))
    views: list[SentenceView] = []
    for sentence in sentences.itertuples():
        words = split_marks(token_groups.get(sentence.sentence_id, tokens.iloc[:0]), sentence.start)
        named = [_mention(by_id[m.actor], m.start, m.end, words) for m in mention_groups.get(sentence.sentence_id, pd.DataFrame()).itertuples()]
        earlier = [view for view in views[-PAIR_LOOKBACK:] if view.article_id == sentence.article_id]
        mentions = pair_mentions(sentence.text, words, [m for m in named if m], earlier)
        views.append(SentenceView(sentence.article_id, sentence.sentence_id, sentence.line_no, sentence.text, words, mentions))
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


def pair_mentions(text: str, words: tuple[Word, ...], named: list[Mention], earlier: list[SentenceView]) -> tuple[Mention, ...]:
    """The named mentions plus two mentions for each "दोनों देश/पक्ष/नेता/लीडर्स" and following "एक-दूसरे".

    The pair is the two distinct states (for देश, पक्ष) or persons (for
    नेता, लीडर्स) named last before the phrase, in this sentence or the
    sentences before; without two, the phrase stays unresolved.
    """
    mentions, pair = list(named), []
    for match in PAIR_PHRASE.finditer(text):
        span = _span_words(match.start(), match.end(), words)
        if match.group("noun"):
            kind = "person" if match.group("noun").startswith(("नेता", "लीडर")) else "state"
            before = [m for view in earlier for m in view.mentions] + [m for m in mentions if words[m.last].end <= match.start()]
            latest = {m.actor: m for m in reversed(before) if m.type == kind}  # most recent first
            pair = list(latest.values())[:2] if len(latest) >= 2 else []
        if span and pair:
            mentions += [Mention(m.actor, m.type, m.country, *span) for m in pair]
    return tuple(sorted(mentions, key=lambda m: (m.first, m.last)))


def _mention(actor: Actor, start: int, end: int, words: tuple[Word, ...]) -> Mention | None:
    """A codebook mention over the words its character span overlaps (None if it overlaps none)."""
    span = _span_words(start, end, words)
    return Mention(actor.id, actor.type, actor.country, *span) if span else None


def _span_words(start: int, end: int, words: tuple[Word, ...]) -> tuple[int, int] | None:
    """The first and last word a character span overlaps."""
    covered = [index for index, word in enumerate(words) if word.end > start and word.start < end]
    return (covered[0], covered[-1]) if covered else None


def is_postposition(words: tuple[Word, ...], index: int) -> bool:
    """Whether a word is (part of) a postposition: ने, की, के लिए, के हवाले से …"""
    text = words[index].text
    if text in SIMPLE_POSTPOSITIONS:
        return True
    return text in COMPOUND_PARTS and index > 0 and words[index - 1].text in {"के", "की"}


def is_boundary(words: tuple[Word, ...], index: int) -> bool:
    """Whether a word separates clauses: punctuation, a subordinator, or और/लेकिन after a verb."""
    word = words[index]
    if word.text in PUNCTUATION or word.text in SUBORDINATORS or word.text in QUOTE_FAMILIES:
        return True
    after_verb = index > 0 and words[index - 1].upos in {"VERB", "AUX"}
    return word.text in COORDINATORS and after_verb


def chunks_between(view: SentenceView, start: int, stop: int) -> tuple[list[Chunk], tuple[int, int]]:
    """The postposition-marked chunks of words [start, stop), and the unmarked tail before ``stop``."""
    words, found, first, index = view.words, [], start, start
    while index < stop:
        if words[index].text in QUOTE_FAMILIES:
            first += first == index
            index += 1
        elif is_postposition(words, index):
            end = index
            while end + 1 < stop and is_postposition(words, end + 1):
                end += 1
            found.append(Chunk(first, index - 1, " ".join(w.text for w in words[index : end + 1])))
            first = index = end + 1
        else:
            index += 1
    return found, (first, stop - 1)


def clause_start(view: SentenceView, index: int) -> int:
    """The first word of the clause holding word ``index``: after the last subordinator before it."""
    for position in range(index - 1, -1, -1):
        if view.words[position].text in SUBORDINATORS:
            return position + 1
    return 0


# --- subjects and pronouns ------------------------------------------------------


def clause_subject(view: SentenceView, start: int, stop: int) -> Subject | None:
    """The subject of the verb at ``stop`` within words [start, stop), or None if there is none.

    The nearest ने-marked phrase wins (its actors, coordinated ones included,
    or its pronoun, or — when it names no actor of the codebook — nobody);
    else the first unmarked actor mention, else an unmarked pronoun, else
    the parser's nominal subject of the verb (or of the verb it depends on).
    """
    words = view.words
    for index in range(stop - 1, start - 1, -1):
        if words[index].text in ERGATIVE_PRONOUNS:
            return Subject(pronoun=words[index].text, position=index, first=index)
        if words[index].text == "ने":
            last = index - 1
            while last > start and words[last].text == ")":
                last -= 1
            first = _phrase_start(view, last + 1, start)
            return Subject(phrase_actors(view, first, last), position=last, first=first)
    for mention in view.mentions:
        if start <= mention.first and mention.last < stop and not _marked(view, mention.last):
            candidates = [m for m in view.mentions if start <= m.first and m.last < stop]
            return Subject(coordinated(view, mention, candidates), position=mention.last, first=mention.first)
    for index in range(start, stop):
        if words[index].text in NOMINATIVE_PRONOUNS:
            return Subject(pronoun=words[index].text, position=index, first=index)
    return parse_subject(view, start, stop)


def parse_subject(view: SentenceView, start: int, verb: int) -> Subject | None:
    """The dependency parse's nsubj of word ``verb`` or of its head, if it lies in [start, verb) and names an actor or is a pronoun."""
    heads = {verb, view.words[verb].head} if verb < len(view.words) else set()
    for index in range(start, min(verb, len(view.words))):
        word = view.words[index]
        if word.head in heads and word.deprel.startswith("nsubj"):
            if word.text in ERGATIVE_PRONOUNS or word.text in NOMINATIVE_PRONOUNS:
                return Subject(pronoun=word.text, position=index, first=index)
            actors = tuple(m.actor for m in view.mentions if m.first <= index <= m.last)
            if actors:
                return Subject(actors, position=index, first=index)
    return None


def phrase_actors(view: SentenceView, first: int, last: int) -> tuple[str, ...]:
    """The actor a phrase of words [first, last] names: its last mention (the head), with those coordinated to it."""
    inside = [m for m in view.mentions if first <= m.last <= last]
    return coordinated(view, inside[-1], inside) if inside else ()


def coordinated(view: SentenceView, mention: Mention, candidates: list[Mention]) -> tuple[str, ...]:
    """A mention's actor with those of the candidates joined to it: the same span (a pair), or और, तथा, commas between."""
    chains: list[list[Mention]] = [[]]
    for candidate in candidates:
        if chains[-1] and not _joined(view, chains[-1][-1], candidate):
            chains.append([])
        chains[-1].append(candidate)
    chain = next(chain for chain in chains if mention in chain)
    return tuple(dict.fromkeys(m.actor for m in chain))


def _joined(view: SentenceView, left: Mention, right: Mention) -> bool:
    """Whether two successive mentions are coordinated."""
    between = {w.text for w in view.words[left.last + 1 : right.first]}
    return (left.first, left.last) == (right.first, right.last) or (bool(between) and between <= {"और", "तथा", ","})


def _phrase_start(view: SentenceView, index: int, start: int) -> int:
    """The first word of the phrase ending before word ``index``: after the previous postposition or boundary."""
    position = index - 1
    while position >= start and not is_postposition(view.words, position) and not is_boundary(view.words, position):
        position -= 1
    first = position + 1
    # coordinated subjects: "अमेरिका, कनाडा और ब्रिटेन ने" crosses the commas between names
    while position > start and view.words[position].text == "," and any(m.last == position - 1 for m in view.mentions):
        position = _phrase_start(view, position, start) - 1
        first = position + 1
    return first


def _marked(view: SentenceView, last: int) -> bool:
    """Whether a mention's phrase is marked by a postposition (skipping particles, brackets and coordinated names)."""
    words, index = view.words, last + 1
    while index < len(words):
        joined = [m for m in view.mentions if m.first == index + 1] if words[index].text in {"और", "तथा", ","} else []
        if joined:
            index = joined[0].last + 1
        elif words[index].text in PARTICLES or words[index].text in "()":
            index += 1
        else:
            break
    return index < len(words) and is_postposition(words, index)


def pronoun_kind(pronoun: str) -> str:
    """'first', 'person' (honorific or plural) or 'any' for a subject pronoun."""
    return ERGATIVE_PRONOUNS.get(pronoun) or NOMINATIVE_PRONOUNS.get(pronoun, "any")


def antecedent(views: list[SentenceView], sentence: int, position: int, kind: str, lookback: int = 2) -> tuple[str, ...]:
    """The most recent compatible mention before word ``position``, preferring one marked by ने.

    Searches the sentence itself, then up to ``lookback`` sentences before it
    in the same article; ``kind`` 'person' admits persons only.
    """
    article = views[sentence].article_id
    for index in range(sentence, max(sentence - lookback - 1, -1), -1):
        view = views[index]
        if view.article_id != article:
            break
        limit = position if index == sentence else len(view.words)
        candidates = [m for m in view.mentions if m.last < limit and (kind != "person" or m.type == "person")]
        marked = [m for m in candidates if next_text(view, m.last) == "ने"]
        if marked or candidates:
            return ((marked or candidates)[-1].actor,)
    return ()


def next_text(view: SentenceView, index: int) -> str:
    """The text of the word after ``index`` ('' at the end)."""
    return view.words[index + 1].text if index + 1 < len(view.words) else ""


# --- quote marks ------------------------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of the outermost quotations in a sentence.

    A mark opens when a space or the sentence start is before it and a
    letter after it, and closes in the mirror case; otherwise its shape
    decides (“ ‘ open, ” ’ close, a straight mark toggles). A closing mark
    with nothing open counts only as the first mark of the sentence: the
    quotation began in an earlier sentence and runs from the start. A mark
    left open runs to the sentence end. An apostrophe inside a word is no mark.
    """
    spans, open_marks, seen_mark = [], [], False
    for position, char in enumerate(text):
        family = QUOTE_FAMILIES.get(char)
        if not family or _is_apostrophe(text, position):
            continue
        opens = _opens(text, position, any(f == family for f, _ in open_marks))
        if opens:
            open_marks.append((family, position + 1))
        elif any(f == family for f, _ in open_marks):
            while open_marks and open_marks[-1][0] != family:
                open_marks.pop()
            _, start = open_marks.pop()
            if not open_marks:
                spans.append((start, position))
        elif not seen_mark:
            spans.append((0, position))
        seen_mark = True
    if open_marks:
        spans.append((open_marks[0][1], len(text)))
    return sorted(spans)


def _opens(text: str, position: int, family_open: bool) -> bool:
    """Whether the quote mark at ``position`` opens a quotation."""
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    if (before.isspace() or before in "([-–—:,") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or after in ",;:।.?!)"):
        return False
    if text[position] in OPENING_SHAPES:
        return True
    return False if text[position] in CLOSING_SHAPES else not family_open


def _is_apostrophe(text: str, position: int) -> bool:
    """A straight single quote between two letters is an apostrophe (Putin's)."""
    inside = 0 < position < len(text) - 1 and text[position - 1].isalpha() and text[position + 1].isalpha()
    return text[position] == "'" and inside


# --- speech verbs --------------------------------------------------------------------


def speech_events(view: SentenceView, speech_patterns: dict[str, tuple[str, ...]]) -> list[SpeechEvent]:
    """The speech verbs of a sentence with their subjects and content spans (content-less ones kept)."""
    compiled = [(cue, pattern_words(p)) for cue, patterns in speech_patterns.items() for p in patterns]
    texts, lemmas = view.texts(), view.lemmas()
    spans = sorted({(first, last, cue) for cue, words in compiled for first, last in find_phrase(words, texts, lemmas)})
    events = []
    for first, last, cue in _longest(spans):
        if next_text(view, last) == "हुए":
            continue  # "कहते हुए": an adverbial, its own content is the main verb's
        events.append(_speech_event(view, first, last, cue))
    _end_at_siblings(view, events)
    return events


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop matches that lie inside a longer match (जोर दिया over दिया)."""
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def _speech_event(view: SentenceView, first: int, last: int, cue: str) -> SpeechEvent:
    """One speech verb: subject (before it, or right after it in a headline) and content."""
    words = view.words
    subject = clause_subject(view, clause_start(view, first), first)
    after = last + 1
    while after < len(words) and words[after].text in AUXILIARIES:
        after += 1
    if subject is None and after < len(words):
        inverted = [m for m in view.mentions if m.first == after and not _marked(view, m.last)]
        if inverted:
            subject = Subject((inverted[0].actor,), position=inverted[0].last, first=after)
            after = inverted[0].last + 1
    event = SpeechEvent(first, last, cue, subject)
    event.quoted_from = _quoted_from(view, subject, first)
    event.content, event.dash = _content_after(view, after)
    event.content = event.content or _content_before(view, subject, after)
    return event


def _quoted_from(view: SentenceView, subject: Subject | None, verb: int) -> tuple[str, ...]:
    """The actors of a "के हवाले से" phrase between subject and verb: whom the subject quotes."""
    start = subject.position + 1 if subject else 0
    found, _ = chunks_between(view, start, verb)
    return next((phrase_actors(view, c.first, c.last) for c in found if "हवाले" in c.marker), ())


def _content_after(view: SentenceView, after: int) -> tuple[tuple[int, int] | None, bool]:
    """Content following the verb (a कि clause, a dash clause or quoted words), and whether it was a dash."""
    words, text = view.words, view.text
    if after < len(words) and words[after].text == "कि":
        return (words[after].end, len(text)), False
    previous = words[after - 1] if after else None
    # a dash may be a token of its own or stuck to the word before it ("पुतिन-")
    position = previous.start + len(previous.text.rstrip(CONTENT_DASHES)) if previous else 0
    dash = re.match(rf"\s*[{CONTENT_DASHES}]\s*", text[position:])
    if dash and text[position + dash.end() :].strip():
        start = position + dash.end()
        stop = text.find(":", start)
        return (start, stop if stop > start else len(text)), True
    for start, end in quote_spans(text):
        if start > position and not text[position : start - 1].strip(" ,:"):
            return (start, end), False
    return None, False


def _content_before(view: SentenceView, subject: Subject | None, after: int) -> tuple[int, int] | None:
    """Content before a reporting clause at the sentence end: "…, क्रेमलिन ने कहा।" or "“…,” उशाकोव ने कहा।".

    What precedes the comma must be a clause, not a phrase such as "उशाकोव के अनुसार,".
    """
    ends_sentence = all(word.text in PUNCTUATION or word.text in CLOSING_QUOTES for word in view.words[after:])
    if subject is None or subject.first <= 1 or not ends_sentence:
        return None
    before = view.text[: view.words[subject.first].start].rstrip()
    last_word = max(i for i in range(subject.first) if view.words[i].text not in PUNCTUATION)
    if before and before[-1] in "," + CLOSING_QUOTES and not is_postposition(view.words, last_word):
        return (0, len(before.rstrip(",")))
    return None


def _end_at_siblings(view: SentenceView, events: list[SpeechEvent]) -> None:
    """Cut a clause's content where a later speech verb of the same sentence begins after a comma or quote."""
    for event in events:
        if not event.content:
            continue
        start, end = event.content
        for later in events:
            if later.first <= event.last:
                continue
            begin = view.words[later.subject.first if later.subject and later.subject.first >= 0 else later.first].start
            preceding = view.text[:begin].rstrip()
            if start < begin < end and preceding and preceding[-1] in "," + CLOSING_QUOTES:
                end = len(preceding.rstrip(","))
        event.content = (start, end)


# --- speakers ------------------------------------------------------------------------


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
    kind = pronoun_kind(subject.pronoun)
    if kind == "first":
        return (), "unknown"
    return antecedent(views, index, subject.position, kind), "pronoun: most recent mention"


def _kept(events: list[SpeechEvent]) -> list[SpeechEvent]:
    """The events that become quotations: with content, and not the outer layer of a chain."""
    kept = []
    for k, event in enumerate(events):
        if not event.content:
            continue
        inner = [e for e in events if k in e.nested_in and e.content and e.speaker]
        if any(e.speaker != event.speaker for e in inner):
            continue  # the inner speaker's row carries this one as reported_by
        if any(events[o].content and events[o].speaker == event.speaker for o in event.nested_in):
            continue  # the same speaker quoted inside his own clause: one quotation
        kept.append(event)
    return kept


# --- the quotation table ---------------------------------------------------------------


@dataclass(frozen=True)
class RunningQuote:
    """A quotation that may continue into the next sentence: an open quote mark, or a dash quotation in its paragraph."""

    article_id: str
    line_no: int
    speaker: tuple[str, ...]
    reported_by: tuple[str, ...]
    cue: str
    dash: bool

    def reaches(self, view: SentenceView) -> bool:
        """Whether it can continue into this (the next) sentence: same article, and same paragraph for a dash."""
        return view.article_id == self.article_id and (not self.dash or view.line_no == self.line_no)


def find_quotations(views: list[SentenceView], speech_patterns: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Every quotation, one row per sentence it occupies, with speaker, reporter and how it was attributed.

    Columns: article_id, sentence_id, speaker and reported_by (actor ids
    joined by '+', '' when unknown), attribution (how the speaker was found:
    subject, pronoun, quoted from, continued, no subject, unknown), cue (the
    speech verb id, '' for bare quote marks), quote (the words), start/end
    (the quote's span in the sentence text). Views must be in text order.
    """
    rows: list[dict] = []
    running: RunningQuote | None = None
    for index, view in enumerate(views):
        running = running if running and running.reaches(view) else None
        events = speech_events(view, speech_patterns)
        attribute(views, index, events)
        kept = _kept(events)
        found = [_row(view, e.content, e.speaker, e.reported_by, e.attribution, e.cue) for e in kept]
        found += _marked_rows(view, events, running)
        dash = any(e.dash and e.content[1] == len(view.text) for e in kept)
        if not found and running and running.dash and _runs_on(view, running, events):
            found.append(_row(view, (0, len(view.text)), running.speaker, running.reported_by, "continued", running.cue))
            dash = True
        rows.extend(found)
        running = _running(view, found[-1], dash) if found else None
    return pd.DataFrame(rows, columns=QUOTATION_COLUMNS)


def _row(view: SentenceView, span: tuple[int, int], speaker: Iterable[str], reported_by: Iterable[str], attribution: str, cue: str) -> dict:
    """One quotation row, the span trimmed of spaces, quote marks and the closing danda."""
    start, end = span
    while start < end and (view.text[start].isspace() or view.text[start] in QUOTE_FAMILIES):
        start += 1
    while end > start and (view.text[end - 1].isspace() or view.text[end - 1] in "।,." or view.text[end - 1] in QUOTE_FAMILIES):
        end -= 1
    speaker, reported_by = "+".join(speaker), "+".join(reported_by)
    return {
        "article_id": view.article_id,
        "sentence_id": view.sentence_id,
        "speaker": speaker,
        "reported_by": reported_by,
        "attribution": attribution if speaker else "unknown",
        "cue": cue,
        "quote": view.text[start:end],
        "start": start,
        "end": end,
    }


def _marked_rows(view: SentenceView, events: list[SpeechEvent], running: RunningQuote | None) -> list[dict]:
    """Quote marks outside every speech content: the sentence's speaker, a continued quotation, or unknown."""
    rows = []
    covered = [e.content for e in events if e.content]
    for start, end in quote_spans(view.text):
        if any(c[0] <= start and end <= c[1] for c in covered):
            continue
        preceding = [e for e in events if e.speaker and view.words[e.first].start < start]
        if preceding:
            event = preceding[-1]
            rows.append(_row(view, (start, end), event.speaker, event.reported_by, event.attribution, event.cue))
        elif running and _continues_running(view.text, start, end):
            rows.append(_row(view, (start, end), running.speaker, running.reported_by, "continued", running.cue))
        else:
            rows.append(_row(view, (start, end), (), (), "unknown", ""))
    return rows


def _continues_running(text: str, start: int, end: int) -> bool:
    """Quote marks continue the previous sentence's quotation when they began there or fill this sentence."""
    fills = not text[: max(start - 1, 0)].strip() and not text[end + 1 :].strip(" ।.")
    return start == 0 or fills


def _runs_on(view: SentenceView, running: RunningQuote, events: list[SpeechEvent]) -> bool:
    """A dash quotation runs on until a sentence has a speech verb or names its speaker."""
    return not events and not any(m.actor in running.speaker for m in view.mentions)


def _running(view: SentenceView, last: dict, dash: bool) -> RunningQuote:
    """The sentence's last quotation, as it may continue into the next sentence."""
    return RunningQuote(view.article_id, view.line_no, split_actors(last["speaker"]), split_actors(last["reported_by"]), last["cue"], dash)


# --- evaluation ---------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text for matching quotations: quote marks dropped, spaces collapsed."""
    return " ".join(re.sub(f"[{QUOTE_MARKS}]", " ", str(text)).split())


def score_quotations(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of quotation detection and of speaker attribution against a gold table.

    A gold row (sentence_id, quote_start, speaker, reported_by) is found by a
    predicted row of the same sentence whose quote contains quote_start
    (each predicted row matches once). Attribution counts a found quotation
    with a gold speaker as correct when speaker and reported_by agree (as
    sets of actors); its precision is over predicted rows that name a speaker.
    """
    predicted = predicted.fillna("")
    gold = gold.fillna("")
    used: set[int] = set()
    detected = attributed = 0
    for row in gold.itertuples():
        candidates = predicted[(predicted["sentence_id"] == row.sentence_id) & ~predicted.index.isin(used)]
        hit = next((i for i, quote in candidates["quote"].items() if normalise(row.quote_start) in normalise(quote)), None)
        if hit is None:
            continue
        used.add(hit)
        detected += 1
        same = all(set(split_actors(predicted.at[hit, column])) == set(split_actors(getattr(row, column))) for column in ("speaker", "reported_by"))
        attributed += bool(row.speaker) and same
    named_gold, named_predicted = int((gold["speaker"] != "").sum()), int((predicted["speaker"] != "").sum())
    return pd.DataFrame(
        [
            score_row("quotation detection", detected, len(predicted), len(gold)),
            score_row("speaker attribution", attributed, named_predicted, named_gold),
        ]
    )


def split_actors(value: str) -> tuple[str, ...]:
    """The actor ids of a '+'-joined field such as a quotation's speaker ('' gives none)."""
    return tuple(filter(None, str(value).split("+")))


def score_row(measure: str, correct: int, predicted: int, gold: int) -> dict:
    """One row of an evaluation table: counts, precision, recall and F1."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"measure": measure, "gold": gold, "predicted": predicted, "correct": correct, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
