"""Publication dates: from the metadata, from date hints, or inferred from the article's own text and known events.

Every article's publication date is an interval (a *window*) that starts
open, ending on the as-of date, and is narrowed rule by rule; each rule
leaves an evidence row (the sentence and span it rests on, the known event
if any, the rule, the bounds it implies, whether it was applied), and a
rule that contradicts the stronger ones before it is recorded but not
applied. In order of strength:

1. a day in articles.csv (``--published``) is the date; a month or year
   there bounds the rest;
2. date hints (:mod:`rcreport.publication_hints`): a published or updated
   line of the article, then a date in its URL;
3. dates with a year: named in a past or present clause, they happened
   before publication; in a future clause, after it;
4. known events named in the text (:mod:`rcreport.known_events`): told in
   a past or present clause the event puts publication after its start,
   announced in a future clause before it; with पिछले महीने/साल/हफ्ते or
   "N months ago" in its sentence, publication lies that distance after it;
5. a relative expression whose sentence, or else the next, names exactly
   one dated expression tells of the same event (तीन महीने पहले … 30 दिसंबर 2022);
6. a generic mention (a series, or a kind of event with both sides named)
   whose candidates leave exactly one consistent with the window is that event;
7. in a window under three months wide, dates without a year (20 मार्च) are read in it;
8. "आज … दूसरा दिन" (today is the second day of the visit) dates publication
   from the visit's first day, named in the same or the previous sentence;
9. the first weekday the article names is its *reported event*; it is dated
   by a date of its own sentence, else by the one known event of its sentence
   that falls on that weekday within the window, else by the window itself
   when only one such weekday fits; publication lies within the week after it.

The reported event's day and the publication estimate are separate fields:
the estimate is the day rule 8 gives, else the reported day (news is
published on the day it reports, or within the week after: the window says
how sure that is).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .event_codebook import EventCodebook, KnownEvent
from .publication_hints import Hint
from .temporal import absolute_interval, period, records, resolve, shift, value_of

RECENT_DAYS = 7  # a weekday, or an event reported "now", lies within a week before publication
NARROW_DAYS = 92  # windows at most this wide fix the year of a date written without one
MEDIUM_DAYS = 62  # about two months: a window this narrow gives medium confidence, and its recent days are "reported"
ROUND_FIGURE_SLACK = 1  # "three months ago" is a round figure: one unit either way
EVIDENCE_COLUMNS = ["article_id", "sentence_id", "text", "event", "rule", "earliest", "latest", "applied"]
PUBLICATION_COLUMNS = ["article_id", "source", "earliest", "latest", "estimate", "reported", "confidence", "bounded", "shown"]


class _Window:
    """The interval the publication date must lie in, narrowed rule by rule with a record of each."""

    def __init__(self, article_id: str, earliest: dt.date | None, latest: dt.date):
        self.article_id, self.earliest, self.latest, self.evidence = article_id, earliest, latest, []

    def narrow(self, where: dict | None, earliest: dt.date | None, latest: dt.date | None, rule: str, event: KnownEvent | None = None) -> bool:
        """Intersect with [earliest, latest]; a constraint that would empty the window is recorded, not applied."""
        low = max(filter(None, (self.earliest, earliest)), default=None)
        high = min(filter(None, (self.latest, latest)))
        applied = low is None or low <= high
        if applied:
            self.earliest, self.latest = low, high
        self.note(where, rule, earliest, latest, applied, event)
        return applied

    def note(self, where: dict | None, rule: str, earliest=None, latest=None, applied: bool = False, event: KnownEvent | None = None) -> None:
        """Record a piece of evidence (by default one that did not narrow the window)."""
        span = {"sentence_id": where["sentence_id"], "text": where["text"]} if where else {"sentence_id": "", "text": ""}
        named = f"{event.name_en} ({event.date})" if event else ""
        self.evidence.append({"article_id": self.article_id, **span, "event": named, "rule": rule, "earliest": earliest, "latest": latest, "applied": applied})

    def allows(self, earliest: dt.date | None, latest: dt.date | None) -> bool:
        """Whether [earliest, latest] meets the window."""
        return (earliest is None or earliest <= self.latest) and (latest is None or self.earliest is None or latest >= self.earliest)

    @property
    def days(self) -> int | None:
        """How many days wide the window is, or None while it is open at the start."""
        return (self.latest - self.earliest).days + 1 if self.earliest else None


def infer_publication(
    article_id: str,
    exprs: list[dict],
    today: dt.date,
    given: tuple[dt.date, dt.date] | None = None,
    hints: list[Hint] = (),
    mentions: list[dict] = (),
    events: EventCodebook | None = None,
) -> tuple[dict, list[dict]]:
    """Infer an article's publication interval by rules 1–9 of the module; return its row and its evidence."""
    window = _Window(article_id, None, today)
    window.narrow(None, None, today, "not after the as-of date (the chapter says which date that is)")
    if given:
        window.narrow(None, *given, "the month or year articles.csv gives")
    hinted = [hint.source for hint in hints if window.narrow(hint.evidence_span, hint.earliest, hint.latest, hint.rule)]
    for expr in exprs:
        first, last, _ = absolute_interval(expr) or (None, None, None)
        if first and expr["tense"] == "future":
            window.narrow(expr, None, last, "named in a future clause: published before it ends")
        elif first:
            window.narrow(expr, first, None, "named in a past or present clause: published on or after it")
    by_id = events.by_id() if events else {}
    for mention in (m for m in mentions if m["event"]):
        event = by_id[mention["event"]]
        window.narrow(mention, *_event_bound(mention, event, exprs), f"{_event_rule(mention, exprs)} ({mention['resolved_by']})", event)
    for expr in exprs:
        _relate(expr, exprs, window)
    for mention in (m for m in mentions if not m["event"]):
        _pick_by_window(mention, [by_id[c] for c in mention["candidates"].split(";")], exprs, window)
    dated = [(expr, absolute_interval(expr)[0]) for expr in exprs if expr["kind"] == "date"]
    if window.days and window.days <= NARROW_DAYS:
        dated += _read_partial_dates(exprs, window)
    today_day = _nth_day_today(exprs, dated, mentions, by_id, window)
    reported = _reported_day(exprs, dated, mentions, by_id, window)
    row = {
        "article_id": article_id,
        "source": ("metadata+" if given else "") + (hinted[0] if hinted else "inferred"),
        "earliest": window.earliest,
        "latest": window.latest,
        "estimate": today_day or reported,
        "reported": reported,
        "confidence": _confidence(window),
    }
    return row, window.evidence


def _relative_in(sentence_no: int, exprs: list[dict]) -> dict | None:
    """The one relative expression that counts calendar units (पिछले महीने, तीन साल पहले) in a sentence, if exactly one."""
    found = [expr for expr in exprs if expr["sentence_no"] == sentence_no and expr["kind"] in ("calendar", "ago") and not expr["month"]]
    return found[0] if len(found) == 1 else None


def _distance(first: dt.date, last: dt.date, expr: dict) -> tuple[dt.date, dt.date]:
    """The publication interval implied by an event of [first, last] told as ``expr`` (पिछले महीने: the month after it)."""
    unit, count = expr["unit"], expr["offset"]
    slack = ROUND_FIGURE_SLACK if expr["kind"] == "ago" else 0
    return period(shift(first, unit, -count - slack), unit)[0], period(shift(last, unit, -count + slack), unit)[1]


def _event_bound(mention: dict, event: KnownEvent, exprs: list[dict]) -> tuple[dt.date | None, dt.date | None]:
    """(earliest, latest) that a mention of a known event puts on publication (rule 4)."""
    relative = _relative_in(mention["sentence_no"], exprs)
    if relative:
        return _distance(event.first, event.last, relative)
    if mention["tense"] == "future":
        return None, event.first - dt.timedelta(days=1)
    return event.first, None


def _event_rule(mention: dict, exprs: list[dict]) -> str:
    """The evidence wording of rule 4 for a mention."""
    relative = _relative_in(mention["sentence_no"], exprs)
    if relative:
        return f"known event told with {relative['text']}: published that far after it"
    if mention["tense"] == "future":
        return "known event announced in a future clause: published before it"
    if mention["tense"] == "presupposed":
        return "known event taken as begun by the postposition after it (के तहत, के बीच …): published on or after its start"
    return "known event told in a past or present clause: published on or after its start"


def _relate(expr: dict, exprs: list[dict], window: _Window) -> None:
    """Narrow the window by a relative expression that the same or the next sentence dates (rule 5)."""
    if expr["kind"] not in ("calendar", "ago"):
        return
    for sentence_no in (expr["sentence_no"], expr["sentence_no"] + 1):
        anchors = [other for other in exprs if other["sentence_no"] == sentence_no and absolute_interval(other)]
        if anchors:
            break
    if len(anchors) != 1:
        return
    anchor = anchors[0]
    first, last, _ = absolute_interval(anchor)
    window.narrow(expr, *_distance(first, last, expr), f"relative to {anchor['text']} ({anchor['sentence_id']}), taken as the same event")


def _pick_by_window(mention: dict, candidates: list[KnownEvent], exprs: list[dict], window: _Window) -> None:
    """Name a generic mention's event when exactly one candidate is consistent with the window, and narrow by it (rule 6)."""
    fitting = [(event, _event_bound(mention, event, exprs)) for event in candidates]
    fitting = [(event, bound) for event, bound in fitting if window.allows(*bound)]
    if len(fitting) == 1 and len(candidates) > 1:
        ((event, bound),) = fitting
        what = f"series {mention['series']!r}" if mention["how"] == "series" else f"the {mention['kind']} events of its participants"
        window.narrow(mention, *bound, f"{_event_rule(mention, exprs)}; the only one of {what} that fits the interval", event)


def _read_partial_dates(exprs: list[dict], window: _Window) -> list[tuple[dict, dt.date]]:
    """Read dates without a year (20 मार्च) in a narrow window and narrow it by them; return the dated days (rule 7)."""
    dated = []
    for expr in (e for e in exprs if e["kind"] in ("day_month", "month")):
        future = expr["tense"] == "future"
        first, last, _ = resolve(expr, window.earliest if future else window.latest, expr["tense"])
        rule = f"read as {value_of(first, last, 'day' if expr['day'] else 'month')}, the nearest in the window"
        if window.narrow(expr, None if future else first, last if future else None, rule) and expr["day"]:
            dated.append((expr, first))
    return dated


def _nth_day_today(exprs: list[dict], dated: list[tuple[dict, dt.date]], mentions: list[dict], by_id: dict, window: _Window) -> dt.date | None:
    """ "आज … का दूसरा दिन है": publication is the first day, named in this or the previous sentence, plus N-1 (rule 8)."""
    for expr in (e for e in exprs if e["ordinal"]):
        near = (expr["sentence_no"] - 1, expr["sentence_no"])
        starts = {day: (other, None) for other, day in dated if other["sentence_no"] in near}
        starts.update({by_id[m["event"]].first: (m, by_id[m["event"]]) for m in mentions if m["event"] and m["sentence_no"] in near})
        if len(starts) != 1:
            window.note(expr, "today is day N of an event, but no single first day is named beside it")
            continue
        ((first, (anchor, event)),) = starts.items()
        day = first + dt.timedelta(days=expr["ordinal"] - 1)
        if window.narrow(expr, day, day, f"today is day {expr['ordinal']} of what began on {first} ({anchor['text']}, {anchor['sentence_id']})", event):
            return day
    return None


def _reported_day(exprs: list[dict], dated: list[tuple[dict, dt.date]], mentions: list[dict], by_id: dict, window: _Window) -> dt.date | None:
    """Date the first weekday the article names, preferring its own sentence, and put publication within the week after it (rule 9)."""
    reported = next((expr for expr in exprs if expr["weekday"] is not None), None)
    if reported is None:
        return None
    low = window.earliest - dt.timedelta(days=RECENT_DAYS - 1) if window.earliest else None

    def fits(day: dt.date) -> bool:
        """On the reported weekday, and at most a week before the window's start and not after its end."""
        return day.weekday() == reported["weekday"] and day <= window.latest and (low is None or day >= low)

    own = [(expr, day) for expr, day in dated if expr["sentence_no"] == reported["sentence_no"] and fits(day)]
    events = [by_id[c] for m in mentions if m["sentence_no"] == reported["sentence_no"] for c in (m["event"] or m["candidates"]).split(";")]
    known = list({(event.id, day): (day, event) for event in events for day in _days(event) if fits(day)}.values())
    weekdays = [day for day in _days_between(low, window.latest) if fits(day)] if low else []
    event = None
    if own:
        day, rule = own[0][1], "reported weekday, dated in its own sentence" + ("" if own[0][0] is reported else f" by {own[0][0]['text']}")
    elif len(known) == 1:
        (day, event), rule = known[0], f"reported weekday: the one day of a known event of its sentence on that weekday in the interval ({known[0][0]})"
    elif len(weekdays) == 1:
        day, rule = weekdays[0], "reported weekday: the only such weekday the interval allows"
    else:
        window.note(reported, "reported weekday; nothing in its sentence or the interval places it on one day")
        return None
    applied = window.narrow(reported, day, day + dt.timedelta(days=RECENT_DAYS - 1), rule, event)
    return day if applied else None


def _days(event: KnownEvent) -> list[dt.date]:
    """The days of a known event dated to the day (a month or year names no weekday)."""
    return _days_between(event.first, event.last) if event.precision == "day" else []


def _days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day from first to last."""
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _confidence(window: _Window) -> str:
    """high: within a week; medium: within two months; low: bounded but wider; none: open at the start."""
    if window.days is None:
        return "none"
    return "high" if window.days <= RECENT_DAYS else "medium" if window.days <= MEDIUM_DAYS else "low"


def publication_dates(
    corpus,
    expressions: pd.DataFrame,
    today: dt.date | None = None,
    *,
    hints: dict[str, list[Hint]] | None = None,
    mentions: pd.DataFrame | None = None,
    events: EventCodebook | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each included article's publication date and the evidence behind it.

    ``hints`` (from :func:`rcreport.publication_hints.article_hints`),
    ``mentions`` (from :func:`rcreport.known_events.event_mentions`) and
    ``events`` add rules 2, 4, 6 and the known events of rule 9; without
    them only the time expressions are read. Returns (dates, evidence).
    dates: article_id, source (metadata, a hint's source, or inferred;
    "metadata+" where articles.csv gives a month or year), earliest, latest,
    estimate (the publication day, where one is known), reported (the day
    of the reported event, a separate field), confidence, bounded (the
    interval has a lower bound) and ``shown``, the form the book prints,
    which says "inferred" for every inferred date. evidence: one row per
    rule applied or rejected, with the sentence id, span and known event.
    """
    today = today or dt.date.today()
    rows, evidence = [], []
    for article in corpus.included.itertuples():
        article_hints = (hints or {}).get(article.id, [])
        if article.published_precision == "day":
            day = dt.date.fromisoformat(article.published)
            row = {"article_id": article.id, "source": "metadata", "earliest": day, "latest": day, "estimate": day, "reported": None, "confidence": "given"}
            facts = [{"article_id": article.id, "sentence_id": "", "text": "", "event": "", "rule": "articles.csv gives the day", "earliest": day, "latest": day, "applied": True}]
            facts += [
                {
                    "article_id": article.id,
                    **hint.evidence_span,
                    "event": "",
                    "rule": hint.rule + "; not used: articles.csv gives the day",
                    "earliest": hint.earliest,
                    "latest": hint.latest,
                    "applied": False,
                }
                for hint in article_hints
            ]
        else:
            # a month (2023-11) or year (2023) from the metadata, as its first and last day
            given = period(dt.date.fromisoformat(f"{article.published}-01-01"[:10]), article.published_precision) if article.published else None
            own = mentions[mentions["article_id"] == article.id].to_dict("records") if mentions is not None else []
            row, facts = infer_publication(article.id, records(expressions[expressions["article_id"] == article.id]), today, given, article_hints, own, events)
        rows.append({**row, "bounded": row["earliest"] is not None, "shown": shown(row)})
        evidence.extend(facts)
    return pd.DataFrame(rows, columns=PUBLICATION_COLUMNS), pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS)


def shown(row: dict) -> str:
    """How the book prints a publication date: the day, or the interval, marked inferred (or hinted) where it is."""
    if row["source"] == "metadata":
        return row["estimate"].isoformat()
    basis = "inferred" if row["source"].endswith("inferred") else f"from the {row['source'].removeprefix('metadata+')}"
    if row["estimate"]:
        return f"{row['estimate'].isoformat()} ({basis}, {row['confidence']}; {row['earliest']} to {row['latest']})"
    return f"{row['earliest'] or 'unknown'} to {row['latest']} ({basis}, {row['confidence']})"


def dating_summary(publications: pd.DataFrame) -> dict[str, int]:
    """Counts for honest statements: articles dated by the metadata, given a bounded inferred or hinted interval, and left undated."""
    not_given = publications["source"] != "metadata"
    return {
        "given": int((~not_given).sum()),
        "bounded": int((not_given & publications["bounded"]).sum()),
        "undated": int((not_given & ~publications["bounded"]).sum()),
    }
