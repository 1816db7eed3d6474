"""The chronology stage: one timeline of the events the articles report, recall and anticipate.

The stage has four parts, one module each: time expressions and their dates
(:mod:`rcreport.temporal`), mentions of the known events of
``data/codebook/events.yml`` (:mod:`rcreport.known_events`), date hints
from the metadata (:mod:`rcreport.publication_hints`) and publication
dates (:mod:`rcreport.publication`). This module puts them together
(:func:`chronology`) and makes the timeline: one event per time expression,
dated against its article's publication date, with the sentence it rests
on, plus the known-event mentions with the name and date of the event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .codebook import load_actors, load_time_words
from .event_codebook import EventCodebook, load_events
from .known_events import event_mentions
from .publication import MEDIUM_DAYS, RECENT_DAYS, publication_dates
from .publication_hints import article_hints
from .temporal import absolute_interval, records, resolve, time_expressions, value_of
from .text import proper_noun_runs


@dataclass(frozen=True)
class Chronology:
    """Every table of the stage for one corpus (see :func:`chronology`)."""

    expressions: pd.DataFrame
    mentions: pd.DataFrame
    publications: pd.DataFrame
    evidence: pd.DataFrame
    events: pd.DataFrame
    known_events: pd.DataFrame
    codebook_events: int  # how many dated events events.yml holds


def chronology(corpus, codebook_dir: Path, tokens: pd.DataFrame | None = None, as_of: dt.date | None = None) -> Chronology:
    """The whole stage on a corpus, with the codebooks of ``codebook_dir`` (time.yml, events.yml, actors.yml)."""
    time_words = load_time_words(Path(codebook_dir) / "time.yml")
    actors = load_actors(Path(codebook_dir) / "actors.yml")
    known = load_events(Path(codebook_dir) / "events.yml", {actor.id for actor in actors})
    expressions = time_expressions(corpus, time_words, tokens)
    mentions = event_mentions(corpus, known, actors, time_words, expressions, tokens)
    return _dated(corpus, time_words, known, expressions, mentions, sentence_labels(corpus.sentences, tokens), as_of)


def dated_chronology(corpus, codebook_dir: Path, expressions: pd.DataFrame, mentions: pd.DataFrame, labels: dict[str, str], as_of: dt.date | None = None) -> Chronology:
    """The stage on a corpus whose time expressions, known-event mentions and sentence labels are already found.

    They are found per article (:mod:`rcreport.analysis`, which caches
    them); the publication dates and the timeline depend on the as-of date,
    so they are computed here, for the corpus.
    """
    time_words = load_time_words(Path(codebook_dir) / "time.yml")
    known = load_events(Path(codebook_dir) / "events.yml", {actor.id for actor in load_actors(Path(codebook_dir) / "actors.yml")})
    return _dated(corpus, time_words, known, expressions, mentions, labels, as_of)


def _dated(corpus, time_words, known: EventCodebook, expressions: pd.DataFrame, mentions: pd.DataFrame, labels: dict[str, str], as_of: dt.date | None) -> Chronology:
    """Publication dates, the timeline and the known-event table from the expressions and mentions of a corpus."""
    as_of = as_of or dt.date.today()
    hints = article_hints(corpus, time_words, as_of)
    publications, evidence = publication_dates(corpus, expressions, as_of, hints=hints, mentions=mentions, events=known)
    events = timeline(expressions, publications, corpus.sentences, labels=labels)
    return Chronology(expressions, mentions, publications, evidence, events, known_event_table(mentions, known), len(known.events))


KNOWN_EVENT_COLUMNS = ["article_id", "sentence_id", "text", "how", "event", "name", "date", "kind", "tense", "resolved_by", "candidates"]


def known_event_table(mentions: pd.DataFrame, events: EventCodebook) -> pd.DataFrame:
    """The known-event mentions for the book: the span, the event's name and date where it is named, else how many it may be."""
    by_id = events.by_id()
    rows = []
    for mention in mentions.to_dict("records"):
        event = by_id.get(mention["event"])
        count = len(mention["candidates"].split(";"))
        rows.append(
            {
                **{key: mention[key] for key in ("article_id", "sentence_id", "text", "how", "event", "kind", "tense")},
                "name": event.name_en if event else f"one of {count} {mention['series'] or mention['kind']} events",
                "date": event.date if event else "",
                "resolved_by": mention["resolved_by"] or "not named: no date of its sentence picks one",
                "candidates": count,
            }
        )
    return pd.DataFrame(rows, columns=KNOWN_EVENT_COLUMNS)


# --- the timeline -------------------------------------------------------------------------------------

LABEL_ACTORS = 3  # names an event label shows at most
EVENT_COLUMNS = ["article_id", "sentence_id", "text", "date", "precision", "date_start", "date_end", "role", "tense", "anchored_on", "label"]


def timeline(expressions: pd.DataFrame, publications: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame | None = None, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """One event per time expression: its date, the sentence it rests on, a label and its role.

    Columns: article_id, sentence_id, text (the matched span), date (ISO
    value at its precision; empty where it cannot be resolved), precision,
    date_start/date_end (the days it covers), role (reported, recalled or
    anticipated), tense, anchored_on (what the date rests on, saying
    "inferred" where that is an inferred publication date) and label (the
    sentence's actors and main verb from the parse, else its opening words;
    ``labels`` gives them by sentence id where they are already made).
    """
    published = {row["article_id"]: row for row in records(publications)}
    labels = sentence_labels(sentences, tokens) if labels is None else labels
    rows = []
    for expr in records(expressions):
        publication = published[expr["article_id"]]
        first, last, precision, anchored_on = date_event(expr, publication)
        rows.append(
            {
                "article_id": expr["article_id"],
                "sentence_id": expr["sentence_id"],
                "text": expr["text"],
                "date": value_of(first, last, precision) if first else "",
                "precision": precision or "",
                "date_start": first,
                "date_end": last,
                "role": event_role(expr, last, precision, publication),
                "tense": expr["tense"],
                "anchored_on": anchored_on,
                "label": labels.get(expr["sentence_id"], ""),
            }
        )
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def date_event(expr: dict, publication: dict) -> tuple[dt.date | None, dt.date | None, str | None, str]:
    """(first, last, precision, what it rests on) for one expression of an article.

    A date that names its year needs no anchor. Others resolve against the
    publication day where one is known; against an inferred interval they
    take the hull of their readings at both ends (approximate unless the two
    agree); with no lower bound they stay unresolved.
    """
    known = absolute_interval(expr)
    if known:
        return (*known, "its own words")
    if publication["estimate"]:
        inferred = " (inferred)" if publication["source"] != "metadata" else ""
        return (*resolve(expr, publication["estimate"], expr["tense"]), "publication date" + inferred)
    if not publication["earliest"]:
        return None, None, None, "unresolved: no publication date"
    early, late = (resolve(expr, publication[end], expr["tense"]) for end in ("earliest", "latest"))
    precision = early[2] if early == late else "approximate"
    return early[0], late[1], precision, "publication interval (inferred)"


def event_role(expr: dict, last: dt.date | None, precision: str | None, publication: dict) -> str:
    """anticipated (a future clause about a date not yet past), reported (the news itself) or recalled."""
    earliest = publication["earliest"]
    if expr["tense"] == "future" and (last is None or earliest is None or last >= earliest):
        return "anticipated"
    if expr["weekday"] is not None or expr["kind"] == "deictic":
        return "reported"
    narrow = earliest is not None and (publication["latest"] - earliest).days < MEDIUM_DAYS
    recent = narrow and precision == "day" and last >= earliest - dt.timedelta(days=RECENT_DAYS)
    return "reported" if recent else "recalled"


def sentence_labels(sentences: pd.DataFrame, tokens: pd.DataFrame | None) -> dict[str, str]:
    """A short label per sentence: its named actors and root verb lemma, or its first words without a parse."""
    if tokens is None:
        return {row.sentence_id: " ".join(row.text.split()[:8]) + "…" for row in sentences.itertuples()}
    return {sentence_id: event_label(group) for sentence_id, group in tokens.groupby("sentence_id", sort=False)}


def event_label(sentence_tokens: pd.DataFrame) -> str:
    """A label "actor · actor: predicate" from one sentence's parse: its first three PROPN runs and the root's lemma."""
    actors = list(dict.fromkeys(proper_noun_runs(zip(sentence_tokens["text"], sentence_tokens["upos"]))))[:LABEL_ACTORS]
    root = sentence_tokens.loc[sentence_tokens["deprel"] == "root", "lemma"]
    predicate = root.iloc[0] if len(root) else ""
    return " · ".join(actors) + (": " if actors and predicate else "") + predicate
