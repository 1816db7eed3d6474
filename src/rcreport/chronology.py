"""The chronology stage: Hindi time expressions, publication dates and one event timeline.

Time expressions are found by patterns over each sentence's Hindi text alone
(so they never depend on the parser), built from the words of
``data/codebook/time.yml`` (a :class:`~rcreport.codebook.TimeWords` the caller
loads and passes in), then normalised to an ISO value with a
precision and the interval of days it covers. Expressions that need an anchor
(आज, कल, बुधवार, पिछले साल, तीन महीने पहले, 20 मार्च …) resolve against the
article's publication date; where ``articles.csv`` gives none, the date is
inferred from the text's own evidence as an interval with a confidence, and
every table marks it as inferred. Tense (for कल and for the direction of a
date constraint) and the event label use the token table where one is given.
Everything works on ``corpus.sentences``, so lines removed by cleaning (such
as sidebar dates) never produce events.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pandas as pd

from .codebook import TimeWords
from .corpus import Corpus
from .text import UNAMBIGUOUS_QUOTE_MARKS, WORD_END, WORD_START, proper_noun_runs

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # month 14 = February of the next year
# How far back "हाल के …" (recent …) reaches: a stated assumption, shown as an approximate span
RECENT_SPANS = {"year": ("year", 5), "month": ("month", 6), "week": ("week", 4), "day": ("day", 7), None: ("day", 30)}
YEAR_RANGE = range(1800, 2100)
RECENT_DAYS = 7  # a weekday, or an event reported "now", lies within a week before publication
WORD_EDGE_MARKS = "।॥,.?!()" + UNAMBIGUOUS_QUOTE_MARKS  # stripped from words split at spaces
NARROW_DAYS = 92  # windows at most this wide fix the year of a date written without one
MEDIUM_DAYS = 62  # about two months: a window this narrow gives medium confidence, and its recent days are "reported"
NEAREST_YEARS = 5  # years searched for the nearest occurrence of a yearly date
LEAP_YEAR = 2000  # a day of a month without a year is valid when it is in a leap year (29 फरवरी)
ROUND_FIGURE_SLACK = 1  # "three months ago" is a round figure: one unit either way

# --- patterns ----------------------------------------------------------------------------------

_B, _E = WORD_START, WORD_END
_DAY, _YEAR, _NUM_MONTH = r"(?P<day>\d{1,2})", r"(?P<year>\d{4})", r"(?P<mnum>\d{1,2})"
_POSTPOSITION = r"(?:में|को|से|तक|के|की|का)"


def _variants(words) -> str:
    """A regex alternation of words in their composed and decomposed (nukta) forms, longest first."""
    forms = {unicodedata.normalize(form, word) for word in words for form in ("NFC", "NFD")}
    return "|".join(re.escape(word) for word in sorted(forms, key=len, reverse=True))


def _dated(core: str, weekday: str) -> str:
    """A date pattern that may open with a weekday: शुक्रवार (30 दिसंबर, 2022) or शुक्रवार, 30 दिसंबर 2022."""
    return rf"{_B}(?:{weekday}\s*(?P<paren>\()?,?\s*)?{core}(?(paren)\s*\)){_E}"


@dataclass(frozen=True, eq=False)
class TimeLexicon:
    """The lookups and compiled patterns made from one loaded :class:`TimeWords` (see :func:`lexicon`)."""

    words: TimeWords
    month_number: dict[str, int]
    weekday_number: dict[str, int]
    season_code: dict[str, str]
    patterns: tuple[tuple[str, re.Pattern], ...]


@cache
def lexicon(words: TimeWords) -> TimeLexicon:
    """The name lookups and the compiled expression patterns of the time words, built once per loaded object."""
    month_number = {unicodedata.normalize("NFC", name).casefold(): number for number, names in words.months.items() for name in names}
    weekday_number = {name: number for number, names in words.weekdays.items() for name in names}
    season_code = {name: code for code, names in words.seasons.items() for name in names}
    month = rf"(?P<month>{_variants(month_number)})\.?"
    part = rf"(?P<part>(?:देर\s+)?(?:{_variants(words.parts_of_day)}))"
    weekday = rf"(?P<weekday>{_variants(weekday_number)})"
    relative, units = _variants(words.relative), _variants(words.units)
    patterns = (
        ("date", _dated(rf"{_DAY}\s*{month}[\s,]*{_YEAR}", weekday)),
        ("date", _dated(rf"{month}\s*{_DAY},?\s*{_YEAR}", weekday)),
        ("date", _dated(rf"{_DAY}[-/.]{_NUM_MONTH}[-/.]{_YEAR}(?![-/.]?\d)", weekday)),
        ("date", _dated(rf"{_YEAR}-{_NUM_MONTH}-{_DAY}(?![-/.]?\d)", weekday)),
        ("month_year", rf"{_B}{month},?\s*{_YEAR}{_E}"),
        ("year", rf"{_B}{_YEAR}(?=\s*{_POSTPOSITION}{_E})"),
        ("year", rf"{_B}(?:सन्?|साल|वर्ष)\s+{_YEAR}{_E}"),
        ("day_month", _dated(rf"{_DAY}\s*{month}", weekday)),
        ("month", rf"{_B}{month}(?=\s+(?:{_POSTPOSITION}|महीने|माह){_E})"),
        ("weekday", rf"{_B}{weekday}(?:\s+(?:की\s+)?{part})?{_E}"),
        ("deictic", rf"{_B}(?P<deictic>{_variants(words.deictic_days)})(?:\s+{part})?{_E}"),
        ("calendar", rf"{_B}(?P<rel>{relative})\s+(?P<unit>{_variants(words.calendar_units)})(?:\s+{month})?{_E}"),
        # not "बैठक के दो दिन बाद" or "इससे तीन महीने पहले": those count from an event of the story
        ("ago", rf"{_B}(?<!से )(?<!के )(?P<n>\d{{1,2}}|{_variants(words.numbers)})\s+(?P<unit>{units})\s+(?P<direction>{_variants(words.directions)}){_E}"),
        ("season", rf"{_B}(?:(?P<rel>{relative})\s+)?(?P<season>{_variants(season_code)})(?=\s+(?:में|के दौरान|की शुरुआत|ऋतु|के मौसम){_E})"),
        ("recent", rf"{_B}हाल(?:\s+(?:के|ही))?(?:\s+(?P<unit>{units}))?\s+में{_E}"),
    )
    compiled = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in patterns)
    return TimeLexicon(words, month_number, weekday_number, season_code, compiled)


@cache
def ending(endings: tuple[str, ...]) -> re.Pattern:
    """A pattern that finds any of the word endings at the end of a word."""
    return re.compile(f"(?:{'|'.join(endings)})$")


# --- finding ------------------------------------------------------------------------------------


def find_time_expressions(text: str, words: TimeWords) -> list[dict]:
    """The time expressions of one sentence (NFC text), as dicts with offsets into it.

    Every pattern proposes matches; the longest win and overlapping shorter
    ones are dropped, so "मार्च 2013 में" is one month-year, not also a year.
    Matches that are not real dates (day 31 of February, a year outside
    1800–2099) are dropped. Keys: start, end, text, kind, year, month, day,
    weekday, part_of_day, offset, unit, season.
    """
    names = lexicon(words)
    candidates = [_parse(kind, match, names) for kind, pattern in names.patterns for match in pattern.finditer(text)]
    chosen: list[dict] = []
    for candidate in sorted(filter(None, candidates), key=lambda c: (c["start"] - c["end"], c["start"])):
        if all(candidate["end"] <= other["start"] or candidate["start"] >= other["end"] for other in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c["start"])


def _parse(kind: str, match: re.Match, names: TimeLexicon) -> dict | None:
    """Turn one match into an expression dict, or None when its numbers are not a date."""
    group = match.groupdict()
    words = names.words
    month = names.month_number[unicodedata.normalize("NFC", group["month"]).casefold()] if group.get("month") else None
    month = int(group["mnum"]) if group.get("mnum") else month
    year = int(group["year"]) if group.get("year") else None
    day = int(group["day"]) if group.get("day") else None
    unit = words.units[unicodedata.normalize("NFC", group["unit"])] if group.get("unit") else None
    offset = None
    if kind == "calendar":
        offset = words.relative[group["rel"]]
    elif kind == "ago":
        offset = (words.numbers.get(group["n"]) or int(group["n"])) * words.directions[unicodedata.normalize("NFC", group["direction"])]
    elif kind == "deictic":
        offset = words.deictic_days[group["deictic"]]
    elif kind == "season":
        offset = words.relative.get(group["rel"] or "")
    if (year is not None and year not in YEAR_RANGE) or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year or LEAP_YEAR, month)[1]:
        return None
    return {
        "start": match.start(),
        "end": match.end(),
        "text": match.group(),
        "kind": kind,
        "year": year,
        "month": month,
        "day": day,
        "offset": offset,
        "unit": unit,
        "weekday": names.weekday_number.get(group.get("weekday") or ""),
        "part_of_day": group.get("part"),
        "season": names.season_code.get(unicodedata.normalize("NFC", group["season"])) if group.get("season") else None,
    }


# --- tense ---------------------------------------------------------------------------------------


def sentence_words(text: str, tokens: pd.DataFrame | None = None, sentence_start: int = 0) -> list[tuple[int, str, str | None]]:
    """The words of a sentence as (offset in the sentence, text, upos): from its tokens if given, else by spaces."""
    if tokens is not None and len(tokens):
        return [(int(t.start) - sentence_start, t.text, t.upos) for t in tokens.itertuples()]
    return [(m.start(), m.group().strip(WORD_EDGE_MARKS), None) for m in re.finditer(r"\S+", text)]


def clause_tense(words: list[tuple[int, str, str | None]], time_words: TimeWords, after: int = 0) -> str:
    """past, future, present or unknown: the tense of the first verb group after offset ``after``.

    Hindi is verb-final, so the verb that governs a time expression follows
    it. Past: था/थी/थे/थीं, गया/गई/गए, or (with part-of-speech tags) a perfective
    verb such as कहा, की, पहुंचे; future: -गा/-गी/-गे forms. Without tags only the
    auxiliaries and future endings are recognised. When nothing follows the
    expression, the whole sentence is read.
    """
    for start in (after, 0):
        tense = _first_tense([(text, upos) for offset, text, upos in words if offset >= start], time_words)
        if tense != "unknown":
            return tense
    return "unknown"


def _first_tense(words: list[tuple[str, str | None]], time_words: TimeWords) -> str:
    """The tense of the first tense-bearing word or verb group (a verb with its auxiliaries)."""
    for index, (text, upos) in enumerate(words):
        group = [text]
        while upos == "VERB" and index + len(group) < len(words) and words[index + len(group)][1] == "AUX":
            group.append(words[index + len(group)][0])
        if any(word in time_words.past_auxiliaries or word in time_words.perfective_auxiliaries for word in group):
            return "past"
        if any(ending(time_words.future_endings).search(word) for word in group):
            return "future"
        perfective = upos == "VERB" and ending(time_words.perfective_endings).search(text) and not ending(time_words.imperfective_endings).search(text)
        if perfective and not any(word in time_words.progressive for word in group):
            return "past"
        if any(word in time_words.present_auxiliaries for word in group):
            return "present"
    return "unknown"


# --- dates and intervals ---------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clipped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: dt.date, unit: str, count: int) -> dt.date:
    """``day`` moved by ``count`` days, weeks, months or years."""
    if unit in ("day", "week"):
        return day + dt.timedelta(days=count * (7 if unit == "week" else 1))
    return add_months(day, count * (12 if unit == "year" else 1))


def period(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The calendar day, ISO week, month or year that contains ``day``, as (first, last)."""
    if unit == "week":
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day, day


def value_of(first: dt.date, last: dt.date, precision: str) -> str:
    """The ISO 8601 value of an interval at a precision: 2022-12-30, 2019-10, 2014, 2023-W12, 2021-WI or first/last."""
    season = {start: code for code, (start, _) in SEASON_MONTHS.items()}.get(first.month)
    formats = {"day": first.isoformat(), "month": first.strftime("%Y-%m"), "year": str(first.year), "season": f"{first.year}-{season}"}
    if precision == "approximate" and last - first == dt.timedelta(days=6) and first.weekday() == 0:
        return f"{first.isocalendar().year}-W{first.isocalendar().week:02d}"
    return formats.get(precision, f"{first.isoformat()}/{last.isoformat()}")


def absolute_interval(expr: dict) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, precision) of an expression that names its year; None for the others."""
    if expr["kind"] == "date":
        day = dt.date(expr["year"], expr["month"], expr["day"])
        return day, day, "day"
    if expr["kind"] == "month_year":
        return (*period(dt.date(expr["year"], expr["month"], 1), "month"), "month")
    if expr["kind"] == "year":
        return (*period(dt.date(expr["year"], 1, 1), "year"), "year")
    return None


def resolve(expr: dict, anchor: dt.date, tense: str) -> tuple[dt.date, dt.date, str]:
    """(first, last, precision) of an expression read against the publication date ``anchor``.

    Dates without a year, months and weekdays take the latest occurrence not
    after the anchor, or the first not before it when the clause is future;
    कल/परसों look back unless the clause is present or future tense.
    """
    known = absolute_interval(expr)
    if known:
        return known
    kind, ahead = expr["kind"], tense == "future"
    if kind == "day_month":
        day = _nearest(lambda year: dt.date(year, expr["month"], expr["day"]) if expr["day"] <= calendar.monthrange(year, expr["month"])[1] else None, anchor, ahead)
        return day, day, "day"
    if kind == "month":
        first = _nearest(lambda year: dt.date(year, expr["month"], 1), anchor.replace(day=1), ahead)
        return (*period(first, "month"), "month")
    if kind == "weekday":
        distance = (expr["weekday"] - anchor.weekday()) % 7 if ahead else -((anchor.weekday() - expr["weekday"]) % 7)
        day = anchor + dt.timedelta(days=distance)
        return day, day, "day"
    if kind == "deictic":
        day = anchor + dt.timedelta(days=expr["offset"] * (1 if tense in ("future", "present") else -1))
        return day, day, "day"
    if kind == "calendar" and expr["month"]:
        first = dt.date(anchor.year + expr["offset"], expr["month"], 1)
        return (*period(first, "month"), "month")
    if kind in ("calendar", "ago"):
        first, last = period(shift(anchor, expr["unit"], expr["offset"]), expr["unit"])
        return first, last, "approximate" if expr["unit"] == "week" else expr["unit"]
    if kind == "season":
        return _season(expr, anchor, ahead)
    unit, count = RECENT_SPANS[expr["unit"]]
    return shift(anchor, unit, -count), anchor, "approximate"


def _nearest(make, anchor: dt.date, ahead: bool) -> dt.date:
    """The occurrence of a yearly date (``make(year)``) nearest the anchor on the side the tense points to."""
    for year in range(anchor.year, anchor.year + NEAREST_YEARS) if ahead else range(anchor.year, anchor.year - NEAREST_YEARS, -1):
        day = make(year)
        if day and (day >= anchor if ahead else day <= anchor):
            return day
    raise ValueError(f"no occurrence near {anchor}")


def _season(expr: dict, anchor: dt.date, ahead: bool) -> tuple[dt.date, dt.date, str]:
    """A season as its three months, in the anchor's year moved by इस/पिछली/अगली or by the tense."""
    first_month, last_month = SEASON_MONTHS[expr["season"]]
    year = anchor.year + (expr["offset"] or 0)
    if expr["offset"] is None:
        year = _nearest(lambda y: dt.date(y, first_month, 1), anchor, ahead).year
    last = add_months(dt.date(year, first_month, 1), last_month - first_month)
    return dt.date(year, first_month, 1), period(last, "month")[1], "season"


# --- the corpus' expressions ------------------------------------------------------------------------

EXPRESSION_COLUMNS = [
    "article_id",
    "sentence_id",
    "sentence_no",
    "start",
    "end",
    "text",
    "kind",
    "tense",
    "year",
    "month",
    "day",
    "weekday",
    "part_of_day",
    "offset",
    "unit",
    "season",
]


def time_expressions(corpus: Corpus, time_words: TimeWords, tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per time expression in the corpus sentences, with the tense of its clause.

    ``start``/``end`` index the sentence text and ``text`` is the matched span;
    year/month/day/weekday (0 = Monday) are what the words state, offset and
    unit what a relative expression counts (पिछले साल: -1 year). Tense comes
    from the tokens where given (see :func:`clause_tense`).
    """
    by_sentence = dict(tuple(tokens.groupby("sentence_id", sort=False))) if tokens is not None else {}
    rows = []
    for sentence in corpus.sentences.itertuples():
        found = find_time_expressions(sentence.text, time_words)
        words = sentence_words(sentence.text, by_sentence.get(sentence.sentence_id), sentence.start) if found else []
        for expr in found:
            context = {"article_id": sentence.article_id, "sentence_id": sentence.sentence_id, "sentence_no": sentence.sentence_no}
            rows.append({**context, **expr, "tense": clause_tense(words, time_words, expr["end"])})
    table = pd.DataFrame(rows, columns=EXPRESSION_COLUMNS)
    return table.astype({name: "Int64" for name in ("year", "month", "day", "weekday", "offset")})


def _records(table: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts with None (not NA) for what an expression does not state."""
    return [{key: (None if not isinstance(value, str) and pd.isna(value) else value) for key, value in row.items()} for row in table.to_dict("records")]


# --- publication dates -------------------------------------------------------------------------------

EVIDENCE_COLUMNS = ["article_id", "sentence_id", "text", "rule", "earliest", "latest", "applied"]


class _Window:
    """The interval the publication date must lie in, narrowed rule by rule with a record of each."""

    def __init__(self, article_id: str, earliest: dt.date | None, latest: dt.date):
        self.article_id, self.earliest, self.latest, self.evidence = article_id, earliest, latest, []

    def narrow(self, expr: dict | None, earliest: dt.date | None, latest: dt.date | None, rule: str) -> bool:
        """Intersect with [earliest, latest]; a constraint that would empty the window is recorded, not applied."""
        low = max(filter(None, (self.earliest, earliest)), default=None)
        high = min(filter(None, (self.latest, latest)))
        applied = low is None or low <= high
        if applied:
            self.earliest, self.latest = low, high
        self.note(expr, rule, earliest, latest, applied)
        return applied

    def note(self, expr: dict | None, rule: str, earliest=None, latest=None, applied: bool = False) -> None:
        """Record a piece of evidence (by default one that did not narrow the window)."""
        where = {"sentence_id": expr["sentence_id"], "text": expr["text"]} if expr else {"sentence_id": "", "text": ""}
        self.evidence.append({"article_id": self.article_id, **where, "rule": rule, "earliest": earliest, "latest": latest, "applied": applied})

    @property
    def days(self) -> int | None:
        """How many days wide the window is, or None while it is open at the start."""
        return (self.latest - self.earliest).days + 1 if self.earliest else None


def infer_publication(article_id: str, exprs: list[dict], today: dt.date, given: tuple[dt.date, dt.date] | None = None) -> tuple[dict, list[dict]]:
    """Infer an article's publication interval from its own time expressions.

    The window starts as the month or year articles.csv gives, else open and
    ending today, and narrows: (1) a date with a year named in a non-future
    clause happened before publication, one in a future clause after it; (2)
    a relative expression whose sentence, or else the next, names exactly one
    such date tells of the same event (तीन महीने पहले … 30 दिसंबर 2022); (3) once
    the window is under three months wide, dates without a year (20 मार्च) are
    read in it; (4) the first weekday the article names is its reported
    event: dated in the text (शुक्रवार (30 दिसंबर, 2022)) or matched with a dated
    day of the window on that weekday, it puts publication within the week
    after it and becomes the estimate. Returns the row and its evidence.
    """
    window = _Window(article_id, None, today)
    window.narrow(None, None, today, "not after the as-of date (the chapter says which date that is)")
    if given:
        window.narrow(None, *given, "the month or year articles.csv gives")
    for expr in exprs:
        first, last, _ = absolute_interval(expr) or (None, None, None)
        if first and expr["tense"] == "future":
            window.narrow(expr, None, last, "named in a future clause: published before it ends")
        elif first:
            window.narrow(expr, first, None, "named in a past or present clause: published on or after it")
    for expr in exprs:
        _relate(expr, exprs, window)
    dated = [(expr, absolute_interval(expr)[0]) for expr in exprs if expr["kind"] == "date"]
    if window.days and window.days <= NARROW_DAYS:
        dated += _read_partial_dates(exprs, window)
    estimate = _reported_day(exprs, dated, window)
    source = "metadata+inferred" if given else "inferred"
    return {"article_id": article_id, "source": source, "earliest": window.earliest, "latest": window.latest, "estimate": estimate, "confidence": _confidence(window)}, window.evidence


def _relate(expr: dict, exprs: list[dict], window: _Window) -> None:
    """Narrow the window by a relative expression that the same or the next sentence dates."""
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
    unit, count = expr["unit"], expr["offset"]
    slack = ROUND_FIGURE_SLACK if expr["kind"] == "ago" else 0
    earliest = period(shift(first, unit, -count - slack), unit)[0]
    latest = period(shift(last, unit, -count + slack), unit)[1]
    window.narrow(expr, earliest, latest, f"relative to {anchor['text']} ({anchor['sentence_id']}), taken as the same event")


def _read_partial_dates(exprs: list[dict], window: _Window) -> list[tuple[dict, dt.date]]:
    """Read dates without a year (20 मार्च) in a narrow window and narrow it by them; return the dated days."""
    dated = []
    for expr in (e for e in exprs if e["kind"] in ("day_month", "month")):
        future = expr["tense"] == "future"
        first, last, _ = resolve(expr, window.earliest if future else window.latest, expr["tense"])
        rule = f"read as {value_of(first, last, 'day' if expr['day'] else 'month')}, the nearest in the window"
        if window.narrow(expr, None if future else first, last if future else None, rule) and expr["day"]:
            dated.append((expr, first))
    return dated


def _reported_day(exprs: list[dict], dated: list[tuple[dict, dt.date]], window: _Window) -> dt.date | None:
    """Date the first weekday the article names and put publication within the week after it."""
    reported = next((expr for expr in exprs if expr["weekday"] is not None), None)
    if reported is None:
        return None
    matches = [(expr, day) for expr, day in dated if day.weekday() == reported["weekday"]]
    if window.earliest:
        matches = [(expr, day) for expr, day in matches if window.earliest <= day <= window.latest]
    if not matches:
        window.note(reported, "reported weekday; no dated day in the window falls on it, so it cannot be placed")
        return None
    expr, day = matches[0]
    rule = "reported weekday, dated in the text" if expr is reported else f"reported weekday, identified with {expr['text']} ({expr['sentence_id']})"
    applied = window.narrow(reported, day, day + dt.timedelta(days=RECENT_DAYS - 1), rule)
    return day if applied else None


def _confidence(window: _Window) -> str:
    """high: within a week; medium: within two months; low: bounded but wider; none: open at the start."""
    if window.days is None:
        return "none"
    return "high" if window.days <= RECENT_DAYS else "medium" if window.days <= MEDIUM_DAYS else "low"


def publication_dates(corpus: Corpus, expressions: pd.DataFrame, today: dt.date | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each included article's publication date and the evidence behind it.

    Returns (dates, evidence). dates: article_id, source (metadata or
    inferred), earliest, latest, estimate (a day, where one is known),
    confidence, and ``shown``, the form the book prints, which says
    "inferred" for every inferred date. evidence: one row per rule applied
    or rejected, with the sentence id and span it rests on.
    """
    today = today or dt.date.today()
    rows, evidence = [], []
    for article in corpus.included.itertuples():
        if article.published_precision == "day":
            day = dt.date.fromisoformat(article.published)
            row = {"article_id": article.id, "source": "metadata", "earliest": day, "latest": day, "estimate": day, "confidence": "given"}
            facts = [{"article_id": article.id, "sentence_id": "", "text": "", "rule": "articles.csv gives the day", "earliest": day, "latest": day, "applied": True}]
        else:
            # a month (2023-11) or year (2023) from the metadata, as its first and last day
            given = period(dt.date.fromisoformat(f"{article.published}-01-01"[:10]), article.published_precision) if article.published else None
            row, facts = infer_publication(article.id, _records(expressions[expressions["article_id"] == article.id]), today, given)
        rows.append({**row, "shown": _shown(row)})
        evidence.extend(facts)
    return pd.DataFrame(rows), pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS)


def _shown(row: dict) -> str:
    """How the book prints a publication date: the day, or the interval, marked inferred where it is."""
    if row["source"] == "metadata":
        return row["estimate"].isoformat()
    if row["estimate"]:
        return f"{row['estimate'].isoformat()} (inferred, {row['confidence']}; {row['earliest']} to {row['latest']})"
    return f"{row['earliest'] or 'unknown'} to {row['latest']} (inferred, {row['confidence']})"


# --- the timeline -------------------------------------------------------------------------------------

LABEL_ACTORS = 3  # names an event label shows at most
EVENT_COLUMNS = ["article_id", "sentence_id", "text", "date", "precision", "date_start", "date_end", "role", "tense", "anchored_on", "label"]


def timeline(expressions: pd.DataFrame, publications: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """One event per time expression: its date, the sentence it rests on, a label and its role.

    Columns: article_id, sentence_id, text (the matched span), date (ISO
    value at its precision; empty where it cannot be resolved), precision,
    date_start/date_end (the days it covers), role (reported, recalled or
    anticipated), tense, anchored_on (what the date rests on, saying
    "inferred" where that is an inferred publication date) and label (the
    sentence's actors and main verb from the parse, else its opening words).
    """
    published = {row["article_id"]: row for row in _records(publications)}
    labels = sentence_labels(sentences, tokens)
    rows = []
    for expr in _records(expressions):
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
