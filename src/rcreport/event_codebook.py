"""The known-events codebook, ``data/codebook/events.yml``: dated events of Russia–China relations, loaded and checked.

It is read by the same schema-validating loader as every codebook
(:func:`rcreport.codebook.load_codebook`); beyond the schema, the checks
here are those a schema cannot make: calendar dates that agree with their
precision, ends not before dates, series and participants that exist, and
no alias naming two events.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import codebook_schemas as schemas
from .codebook import CodebookError, check_unique_ids, load_codebook


@dataclass(frozen=True)
class EventSeries:
    """A recurring kind of event (SCO summits, Putin–Xi calls): its names and the generic ways news names it."""

    id: str
    name_en: str
    name_hi: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class KnownEvent:
    """One dated event of ``events.yml``; ``first``/``last`` are the days its date (and end) cover at its precision."""

    id: str
    first: dt.date
    last: dt.date
    precision: str
    kind: str
    name_en: str
    name_hi: str
    aliases: tuple[str, ...]
    participants: tuple[str, ...]
    source: str
    series: str = ""
    place: str = ""
    note: str = ""

    @property
    def date(self) -> str:
        """The date as the book shows it: the day, month or year, with the last day of a multi-day event."""
        shown = {"day": self.first.isoformat(), "month": self.first.strftime("%Y-%m"), "year": str(self.first.year)}[self.precision]
        return shown if self.last <= date_span(shown)[1] else f"{shown} to {self.last.isoformat()}"


@dataclass(frozen=True, eq=False)
class EventCodebook:
    """The known events, their series and the generic words for each kind of event (``events.yml``).

    Compared by identity, so that the patterns compiled from it can be cached per loaded object.
    """

    events: tuple[KnownEvent, ...]
    series: tuple[EventSeries, ...]
    kind_cues: dict[str, tuple[str, ...]]

    def by_id(self) -> dict[str, KnownEvent]:
        """The events by id."""
        return {event.id: event for event in self.events}


DATE_SHAPES = {4: "year", 7: "month", 10: "day"}  # the length of "YYYY", "YYYY-MM", "YYYY-MM-DD"


def date_span(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a date written YYYY, YYYY-MM or YYYY-MM-DD; ValueError when it is no calendar date."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    day = dt.date(*parts)
    return day, day


def load_events(path: Path, actor_ids: set[str]) -> EventCodebook:
    """Read and validate ``events.yml`` against the schema and the actors of ``actors.yml``.

    Beyond the schema: ids are unique across series and events; a date (and
    end) is a calendar date whose shape agrees with the precision; an end is
    not before the date; a series is one of the file's; a participant is an
    actor id; no alias names two events. Each problem raises
    :class:`CodebookError` naming the entry.
    """
    document = load_codebook(path, schemas.EVENTS)
    check_unique_ids(path, [entry["id"] for entry in document["series"] + document["events"]])
    series = tuple(EventSeries(**{**entry, "aliases": tuple(entry["aliases"])}) for entry in document["series"])
    events = tuple(_known_event(path, entry, {s.id for s in series}, actor_ids) for entry in document["events"])
    owner: dict[str, str] = {}
    for event in events:
        for alias in event.aliases:
            key = " ".join(alias.casefold().split())
            if owner.setdefault(key, event.id) != event.id:
                raise CodebookError(f"{path}, entry {event.id!r}: alias {alias!r} is also an alias of {owner[key]!r}; an alias must name one event")
    return EventCodebook(events, series, {kind: tuple(words) for kind, words in document.get("kind_cues", {}).items()})


def _known_event(path: Path, entry: dict, series_ids: set[str], actor_ids: set[str]) -> KnownEvent:
    """One validated event entry."""
    where = f"{path}, entry {entry['id']!r}"
    spans = {}
    for key in ("date", "end"):
        if key in entry:
            try:
                spans[key] = date_span(entry[key])
            except ValueError:
                raise CodebookError(f"{where}: {key} {entry[key]!r} is not a calendar date; check the month and day") from None
            if DATE_SHAPES[len(entry[key])] != entry["precision"]:
                raise CodebookError(f"{where}: {key} {entry[key]!r} does not have the precision {entry['precision']!r}; write it as {_shape(entry['precision'])} or change the precision")
    first, last = spans["date"][0], spans.get("end", spans["date"])[1]
    if last < first:
        raise CodebookError(f"{where}: end {entry['end']!r} is before date {entry['date']!r}")
    if entry.get("series", "") and entry["series"] not in series_ids:
        raise CodebookError(f"{where}: series {entry['series']!r} is not the id of a series in this file; add it under series or fix the id")
    unknown = [actor for actor in entry["participants"] if actor not in actor_ids]
    if unknown:
        raise CodebookError(f"{where}: participant {unknown[0]!r} is not an actor id of actors.yml; add the actor there or name it in the note")
    fields = {key: entry[key] for key in ("id", "precision", "kind", "name_en", "name_hi", "source")}
    extra = {key: entry[key] for key in ("series", "place", "note") if key in entry}
    return KnownEvent(**fields, **extra, first=first, last=last, aliases=tuple(entry["aliases"]), participants=tuple(entry["participants"]))


def _shape(precision: str) -> str:
    """How a date of a precision is written."""
    return {"day": '"YYYY-MM-DD"', "month": '"YYYY-MM"', "year": '"YYYY"'}[precision]
