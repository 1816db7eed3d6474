"""Hindi time expressions: finding them, the tense of their clause, and their dates.

Time expressions are found by patterns over each sentence's Hindi text alone
(so they never depend on the parser), built from the words of
``data/codebook/time.yml`` (a :class:`~rcreport.codebook.TimeWords` the caller
loads and passes in), then normalised to an ISO value with a precision and
the interval of days it covers. Expressions that need an anchor (आज, कल,
बुधवार, पिछले साल, तीन महीने पहले, 20 मार्च …) resolve against a publication
date (:func:`resolve`); :mod:`rcreport.publication` infers that date where
the metadata lack it. Tense (for कल and for the direction of a date
constraint) uses the token table where one is given. Everything works on
``corpus.sentences``, so lines removed by cleaning (such as sidebar dates)
never produce expressions.
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
from .text import DASHES, UNAMBIGUOUS_QUOTE_MARKS, WORD_CHAR, WORD_END, WORD_START

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # month 14 = February of the next year
# How far back "हाल के …" (recent …) reaches: a stated assumption, shown as an approximate span
RECENT_SPANS = {"year": ("year", 5), "month": ("month", 6), "week": ("week", 4), "day": ("day", 7), None: ("day", 30)}
YEAR_RANGE = range(1800, 2100)
WORD_EDGE_MARKS = "।॥,.?!()" + UNAMBIGUOUS_QUOTE_MARKS  # stripped from words split at spaces
NEAREST_YEARS = 5  # years searched for the nearest occurrence of a yearly date
LEAP_YEAR = 2000  # a day of a month without a year is valid when it is in a leap year (29 फरवरी)
YEAR_MODIFIER_GAP = 2  # words that may stand between a year and the event noun it modifies ("2022 शीतकालीन ओलंपिक")
ORDINAL_GAP = 4  # words that may stand between आज and "the Nth day" ("आज उनकी विजिट का दूसरा दिन")
FISCAL_YEAR_START = 4  # the Indian fiscal year runs from 1 April to 31 March
NOON = 12  # hours added to a clock time of the afternoon or evening ("शाम ४.३० बजे": 16:30)
NIGHT_PM_FROM = 6  # at night, an hour from 6 to 11 is after noon ("रात 10 बजे": 22:00; "रात 2 बजे": 02:00)
UNSTATED_DAY = "XXXX-XX-XX"  # a TIMEX3 time of an unstated day ("देर शाम": XXXX-XX-XXTEV)
# Expressions that are no date on the timeline: their value (often empty) is stated when they are found
UNDATED_KINDS = ("duration", "set", "vague", "before_common_era", "time_of_day")

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
    idioms: re.Pattern


@cache
def lexicon(words: TimeWords) -> TimeLexicon:
    """The name lookups and the compiled expression patterns of the time words, built once per loaded object."""
    month_number = {unicodedata.normalize("NFC", name).casefold(): number for number, names in words.months.items() for name in names}
    weekday_number = {name: number for number, names in words.weekdays.items() for name in names}
    season_code = {name: code for code, names in words.seasons.items() for name in names}
    month = rf"(?P<month>{_variants(month_number)})\.?"
    part = rf"(?P<part>(?:देर\s+)?(?:{_variants(words.parts_of_day)}))"
    clock = rf"(?P<hour>\d{{1,2}})(?:[.:](?P<minute>\d{{2}}))?\s*(?:{_variants(words.clock_hours)})(?:\s*(?P<minute_of>\d{{1,2}})\s*(?:{_variants(words.clock_minutes)}))?"
    count = rf"(?:\d+(?:[.,]\d+)*|{_variants(words.numbers)}|डेढ़|ढाई)(?:\s+(?:{_variants(words.multipliers)}))?"
    any_unit = _variants([*words.units, *words.duration_units])
    fiscal = _variants(words.fiscal_years)
    weekday = rf"(?P<weekday>{_variants(weekday_number)})"
    relative, units = _variants(words.relative), _variants(words.units)
    days = rf"{_DAY}\s*(?:[{DASHES}]|\s(?:से|और|व)\s)\s*(?P<day_end>\d{{1,2}})"  # a range of days: 16-17 मई, 16 से 17 मई
    event_noun = rf"(?:{_variants(words.event_nouns)})"
    ordinal = rf"(?:\s+\S+){{0,{ORDINAL_GAP}}}?\s+(?P<ordinal>{_variants(words.ordinals)})\s+दिन"
    patterns = (
        # fiscal years and sessions: "बजट २००४ - ०५", "वर्ष १९९९ - २०००", "वर्तमान वित्तीय वर्ष"
        ("fiscal_year", rf"{_B}(?:(?P<fiscal>{fiscal})\s+)?{_YEAR}\s*[{DASHES}]\s*(?P<year_end>\d{{4}}|\d{{2}})(?!\d){_E}"),
        ("fiscal_relative", rf"{_B}(?P<rel>{relative})\s+(?P<fiscal>{fiscal}){_E}"),
        ("decade", rf"{_B}{_YEAR}\s+(?:(?:के|का|की)\s+)?(?:{_variants(words.decades)}){_E}"),
        ("century", rf"{_B}(?:(?P<cnum>\d{{1,2}})\s*(?:वीं|वी|वें|वाँ|वां)|(?P<ordinal>{_variants(words.ordinals)}))\s+(?:{_variants(words.centuries)}){_E}"),
        ("era_year", rf"{_B}(?:सन्?\s+)?(?P<year>\d{{1,4}})\s*(?:{_variants(words.common_era)})(?!{WORD_CHAR})"),
        ("era_year", rf"{_B}सन्?\s+(?P<year>\d{{1,3}}){_E}"),  # four digits after सन are a plain year
        ("before_common_era", rf"{_B}(?P<year>\d{{1,4}})\s*(?:{_variants(words.before_common_era)})(?!{WORD_CHAR})"),
        ("season", rf"{_B}{_YEAR}\s+(?:की|के)\s+(?P<season>{_variants(season_code)}){_E}"),
        ("date", _dated(rf"{days}\s*{month}[\s,]*{_YEAR}", weekday)),
        ("day_month", _dated(rf"{days}\s*{month}", weekday)),
        ("date", _dated(rf"{_DAY}\s*{month}[\s,]*{_YEAR}", weekday)),
        ("date", _dated(rf"{month}\s*{_DAY},?\s*{_YEAR}", weekday)),
        ("date", _dated(rf"{_DAY}[-/.]{_NUM_MONTH}[-/.]{_YEAR}(?![-/.]?\d)", weekday)),
        ("date", _dated(rf"{_YEAR}-{_NUM_MONTH}-{_DAY}(?![-/.]?\d)", weekday)),
        ("month_year", rf"{_B}{month},?\s*{_YEAR}{_E}"),
        ("year", rf"{_B}{_YEAR}(?=\s*{_POSTPOSITION}{_E})"),
        ("year", rf"{_B}(?:सन्?|साल|वर्ष)\s+{_YEAR}{_E}"),
        # a year that modifies an event noun, before or after it: 2022 शीतकालीन ओलंपिक, एससीओ शिखर सम्मेलन 2019
        ("year", rf"{_B}{_YEAR}(?=(?:\s+\S+){{0,{YEAR_MODIFIER_GAP}}}?\s+{event_noun}{_E})"),
        ("year", rf"{_B}{event_noun}\s+(?P<value>{_YEAR}){_E}"),
        ("day_month", _dated(rf"{_DAY}\s*{month}", weekday)),
        ("month", rf"{_B}{month}(?=\s+(?:{_POSTPOSITION}|महीने|माह){_E})"),
        ("weekday", rf"{_B}{weekday}(?:\s+(?:की\s+)?{part})?(?:\s+{clock})?{_E}"),
        # "आज उनकी विजिट का दूसरा दिन है": today is the second day of the visit
        ("deictic", rf"{_B}(?P<deictic>आज){ordinal}{_E}"),
        ("deictic", rf"{_B}(?P<deictic>{_variants(words.deictic_days)})(?:\s+{part})?(?:\s+{clock})?{_E}"),
        ("time_of_day", rf"{_B}(?:{part}\s+)?{clock}{_E}"),
        ("time_of_day", rf"{_B}{part}{_E}"),
        ("calendar", rf"{_B}(?P<rel>{relative})\s+(?P<unit>{_variants(words.calendar_units)})(?:\s+{month}|\s+(?P<same>{_variants(words.same_time)}))?{_E}"),
        # durations, sets and times of an unstated count: "तीन दिन तक", "बीते तीन सालों", "हर साल", "कुछ ही महीने पहले"
        ("duration", rf"{_B}(?:(?:{relative})\s+)?{count}\s+(?P<dunit>{any_unit})(?:\s+तक)?{_E}"),
        ("vague", rf"{_B}(?:{_variants(words.vague_counts)})(?:\s+ही)?\s+(?P<dunit>{any_unit})(?:\s+(?P<direction>{_variants(words.directions)})|\s+तक)?{_E}"),
        ("set", rf"{_B}(?:(?:{_variants(words.set_quantifiers)})\s+(?:{any_unit}|रोज|रोज़)|{_variants(words.set_words)}){_E}"),
        # not "बैठक के दो दिन बाद" or "इससे तीन महीने पहले": those count from an event of the story
        ("ago", rf"{_B}(?<!से )(?<!के )(?P<n>\d{{1,2}}|{_variants(words.numbers)})\s+(?P<unit>{units})\s+(?P<direction>{_variants(words.directions)}){_E}"),
        ("season", rf"{_B}(?:(?P<rel>{relative})\s+)?(?P<season>{_variants(season_code)})(?=\s+(?:में|के दौरान|की शुरुआत|ऋतु|के मौसम){_E})"),
        ("recent", rf"{_B}हाल(?:\s+(?:के|ही))?(?:\s+(?P<unit>{units}))?\s+में{_E}"),
    )
    compiled = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in patterns)
    idioms = re.compile(rf"{_B}(?:{_variants(words.idioms)}){_E}")
    return TimeLexicon(words, month_number, weekday_number, season_code, compiled, idioms)


@cache
def ending(endings: tuple[str, ...]) -> re.Pattern:
    """A pattern that finds any of the word endings at the end of a word."""
    return re.compile(f"(?:{'|'.join(endings)})$")


# --- finding ------------------------------------------------------------------------------------


def find_time_expressions(text: str, words: TimeWords, *, undated: bool = False) -> list[dict]:
    """The time expressions of one sentence (NFC text), as dicts with offsets into it.

    Every pattern proposes matches; the longest win and overlapping shorter
    ones are dropped, so "मार्च 2013 में" is one month-year, not also a year.
    Matches that are not real dates (day 31 of February, a year outside
    1800–2099) and matches inside an idiom of time.yml ("किसी हाल में": in any
    case) are dropped. Keys: start, end, text, kind, year, month, day,
    day_end (the last day of a range, 16-17 मई), weekday, part_of_day,
    offset, unit, season, ordinal (आज … दूसरा दिन: 2), year_end, fiscal,
    century, same_time, time (TIMEX3 time of day: TEV, T16:30),
    stated_value and type. Durations, sets and the other
    :data:`UNDATED_KINDS` take part in the choice of the longest but are
    returned only with ``undated``.
    """
    names = lexicon(words)
    idioms = [match.span() for match in names.idioms.finditer(text)]
    candidates = [_parse(kind, match, names) for kind, pattern in names.patterns for match in pattern.finditer(text)]
    candidates = [c for c in candidates if c and not any(start < c["end"] and c["start"] < end for start, end in idioms)]
    chosen: list[dict] = []
    for candidate in sorted(candidates, key=lambda c: (c["start"] - c["end"], c["start"])):
        if all(candidate["end"] <= other["start"] or candidate["start"] >= other["end"] for other in chosen):
            chosen.append(candidate)
    return sorted((c for c in chosen if undated or c["kind"] not in UNDATED_KINDS), key=lambda c: c["start"])


def _parse(kind: str, match: re.Match, names: TimeLexicon) -> dict | None:
    """Turn one match into an expression dict, or None when its numbers are not a date."""
    group = match.groupdict()
    words = names.words
    month = names.month_number[unicodedata.normalize("NFC", group["month"]).casefold()] if group.get("month") else None
    month = int(group["mnum"]) if group.get("mnum") else month
    year = int(group["year"]) if group.get("year") else None
    day = int(group["day"]) if group.get("day") else None
    day_end = int(group["day_end"]) if group.get("day_end") else None
    unit = words.units[unicodedata.normalize("NFC", group["unit"])] if group.get("unit") else None
    offset = None
    if kind == "calendar":
        offset = words.relative[group["rel"]]
    elif kind == "ago":
        offset = (words.numbers.get(group["n"]) or int(group["n"])) * words.directions[unicodedata.normalize("NFC", group["direction"])]
    elif kind == "deictic":
        offset = words.deictic_days[group["deictic"]]
    elif kind == "season":
        offset = words.relative.get(group.get("rel") or "")
    historical = kind in ("era_year", "before_common_era")  # a year with its era may lie before 1800
    if (year is not None and not (year >= 1 if historical else year in YEAR_RANGE)) or (month is not None and not 1 <= month <= 12):
        return None
    year_end = _year_end(year, group.get("year_end")) if kind == "fiscal_year" else None
    if kind == "fiscal_year" and year_end is None:
        return None
    century = (int(group["cnum"]) if group.get("cnum") else words.ordinals.get(unicodedata.normalize("NFC", group.get("ordinal") or ""))) if kind == "century" else None
    if kind == "fiscal_relative":
        offset = words.relative[group["rel"]]
    last_day = calendar.monthrange(year or LEAP_YEAR, month)[1] if month else 0
    if any(value is not None and not 1 <= value <= last_day for value in (day, day_end)) or (day_end is not None and day_end <= day):
        return None
    start, end = match.span("value") if group.get("value") else match.span()
    return {
        "start": start,
        "end": end,
        "text": match.string[start:end],
        "kind": kind,
        "year": year,
        "month": month,
        "day": day,
        "day_end": day_end,
        "offset": offset,
        "unit": unit,
        "weekday": names.weekday_number.get(group.get("weekday") or ""),
        "part_of_day": group.get("part"),
        "season": names.season_code.get(unicodedata.normalize("NFC", group["season"])) if group.get("season") else None,
        "ordinal": words.ordinals.get(unicodedata.normalize("NFC", group["ordinal"])) if group.get("ordinal") and kind == "deictic" else None,
        "year_end": year_end,
        "fiscal": bool(group.get("fiscal")) or kind == "fiscal_relative",
        "century": century,
        "same_time": bool(group.get("same")),
        "time": _time_of_day(group, words),
        "stated_value": _stated_value(kind, year, group, words),
        "type": {"duration": "duration", "set": "set"}.get(kind, "duration" if kind == "vague" and not group.get("direction") else "date"),
    }


def _year_end(year: int, text: str | None) -> int | None:
    """The last year of a pair "YYYY-YY" or "YYYY-YYYY" (२००३ - ०४, 1999-2000), None when it ends before it begins."""
    end = int(text) + (year // 100 * 100 if len(text) == 2 else 0)
    end += 100 if len(text) == 2 and end < year else 0  # 1999-00
    return end if end > year and end in YEAR_RANGE else None


def _time_of_day(group: dict, words: TimeWords) -> str:
    """The TIMEX3 time of a matched part of day or clock time: "TEV", "T16:30" (24-hour clock), or ''."""
    part = group.get("part")
    code = words.parts_of_day.get(unicodedata.normalize("NFC", part.split()[-1])) if part else None
    code = words.parts_of_day.get(unicodedata.normalize("NFC", part), code) if part else code
    if not group.get("hour"):
        return f"T{code}" if code else ""
    hour, minute = int(group["hour"]), int(group.get("minute") or group.get("minute_of") or 0)
    if hour < NOON and (code in ("AF", "EV") or (code == "NI" and hour >= NIGHT_PM_FROM)):
        hour += NOON
    return f"T{hour:02d}:{minute:02d}" if hour < 2 * NOON and minute < 60 else ""


def _stated_value(kind: str, year: int | None, group: dict, words: TimeWords) -> str:
    """The value of an expression the timeline does not date (:data:`UNDATED_KINDS`): BC0483, XXXX-XX-XXTEV, else ''."""
    if kind == "before_common_era":
        return f"BC{year:04d}"
    if kind == "time_of_day":
        return UNSTATED_DAY + _time_of_day(group, words)
    return ""


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
    verb such as कहा, की, पहुंचे; future: -गा/-गी/-गे forms, and an infinitive
    followed by a prospective word ("जाने की योजना बना रहे हैं": are planning
    to go; "जाने वाले हैं": are about to go), whatever its auxiliary. Without
    tags only the auxiliaries, future endings and prospective phrases are
    recognised. When nothing follows the expression, the whole sentence is read.
    """
    for start in (after, 0):
        tense = _first_tense([(text, upos) for offset, text, upos in words if offset >= start], time_words)
        if tense != "unknown":
            return tense
    return "unknown"


def _first_tense(words: list[tuple[str, str | None]], time_words: TimeWords) -> str:
    """The tense of the first tense-bearing word or verb group (a verb with its auxiliaries)."""
    for index, (text, upos) in enumerate(words):
        if _prospective([word for word, _ in words[index : index + 3]], time_words):
            return "future"
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


def _prospective(words: list[str], time_words: TimeWords) -> bool:
    """An infinitive followed, directly or after a genitive की/का/के, by a prospective word (जाने की योजना, जाने वाले)."""
    if len(words) < 2 or not ending(time_words.infinitive_endings).search(words[0]):
        return False
    following = words[2:3] if words[1] in ("की", "का", "के") else words[1:2]
    return bool(following) and following[0] in time_words.prospective


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
    """The ISO 8601 value of an interval at a precision: 2022-12-30, 2019-10, 2014, 2023-W12, 2021-WI or first/last (also for a range of days).

    TIMEX3-like values for the longer periods: a fiscal year 2004-04/2005-03,
    a session of years 1999/2000, a decade 199, a century 20 (the 2000s).
    """
    season = {start: code for code, (start, _) in SEASON_MONTHS.items()}.get(first.month)
    formats = {
        "day": first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}",
        "month": f"{first.year:04d}-{first.month:02d}",
        "year": f"{first.year:04d}",
        "season": f"{first.year}-{season}",
        "fiscal": f"{first.year:04d}-{first.month:02d}/{last.year:04d}-{last.month:02d}",
        "years": f"{first.year:04d}/{last.year:04d}",
        "decade": f"{first.year // 10:03d}",
        "century": f"{first.year // 100:02d}",
    }
    if precision == "approximate" and last - first == dt.timedelta(days=6) and first.weekday() == 0:
        return f"{first.isocalendar().year}-W{first.isocalendar().week:02d}"
    return formats.get(precision, f"{first.isoformat()}/{last.isoformat()}")


def absolute_interval(expr: dict) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, precision) of an expression that names its year; None for the others."""
    if expr["kind"] == "date":
        day = dt.date(expr["year"], expr["month"], expr["day"])
        return day, day.replace(day=expr.get("day_end") or day.day), "day"
    if expr["kind"] == "month_year":
        return (*period(dt.date(expr["year"], expr["month"], 1), "month"), "month")
    if expr["kind"] in ("year", "era_year"):
        return (*period(dt.date(expr["year"], 1, 1), "year"), "year")
    if expr["kind"] == "fiscal_year":
        if expr["year_end"] == expr["year"] + 1 and _is_fiscal(expr):
            return dt.date(expr["year"], FISCAL_YEAR_START, 1), dt.date(expr["year_end"], FISCAL_YEAR_START, 1) - dt.timedelta(days=1), "fiscal"
        return dt.date(expr["year"], 1, 1), dt.date(expr["year_end"], 12, 31), "years"
    if expr["kind"] == "decade":
        first = expr["year"] // 10 * 10
        return dt.date(first, 1, 1), dt.date(first + 9, 12, 31), "decade"
    if expr["kind"] == "century" and expr["century"]:
        first = (expr["century"] - 1) * 100
        return dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31), "century"
    if expr["kind"] == "season" and expr["year"]:
        return _season(expr, dt.date(expr["year"], 1, 1), False)
    return None


def _is_fiscal(expr: dict) -> bool:
    """Whether a pair of consecutive years is a fiscal year: written YYYY-YY (२००३ - ०४), or after a fiscal-year word."""
    return bool(expr["fiscal"]) or not re.search(r"\d{4}\s*\S\s*\d{4}", expr["text"])


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
        return day, day.replace(day=expr.get("day_end") or day.day), "day"
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
    if kind == "calendar" and expr.get("same_time"):  # "पिछले साल इन दिनों": the anchor's month, a year before
        return (*period(shift(anchor, expr["unit"], expr["offset"]), "month"), "month")
    if kind in ("calendar", "ago"):
        first, last = period(shift(anchor, expr["unit"], expr["offset"]), expr["unit"])
        return first, last, "approximate" if expr["unit"] == "week" else expr["unit"]
    if kind == "season":
        return _season(expr, anchor, ahead)
    if kind == "fiscal_relative":
        year = (anchor.year if anchor.month >= FISCAL_YEAR_START else anchor.year - 1) + expr["offset"]
        return dt.date(year, FISCAL_YEAR_START, 1), dt.date(year + 1, FISCAL_YEAR_START, 1) - dt.timedelta(days=1), "fiscal"
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
    year = expr.get("year") or anchor.year + (expr["offset"] or 0)
    if expr["offset"] is None and not expr.get("year"):
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
    "day_end",
    "weekday",
    "part_of_day",
    "offset",
    "unit",
    "season",
    "ordinal",
    "year_end",
    "fiscal",
    "century",
    "same_time",
    "time",
    "stated_value",
    "type",
]


def time_expressions(corpus: Corpus, time_words: TimeWords, tokens: pd.DataFrame | None = None, *, undated: bool = False) -> pd.DataFrame:
    """One row per time expression in the corpus sentences, with the tense of its clause.

    ``start``/``end`` index the sentence text and ``text`` is the matched span;
    year/month/day/weekday (0 = Monday) are what the words state, offset and
    unit what a relative expression counts (पिछले साल: -1 year). Tense comes
    from the tokens where given (see :func:`clause_tense`). Durations, sets,
    times of an unstated day or count and years before the common era
    (:data:`UNDATED_KINDS`) are left out unless ``undated``: they are no
    date of the timeline; ``stated_value`` and ``type`` (date, duration,
    set) say what they are.
    """
    by_sentence = dict(tuple(tokens.groupby("sentence_id", sort=False))) if tokens is not None else {}
    rows = []
    for sentence in corpus.sentences.itertuples():
        found = find_time_expressions(sentence.text, time_words, undated=undated)
        words = sentence_words(sentence.text, by_sentence.get(sentence.sentence_id), sentence.start) if found else []
        for expr in found:
            context = {"article_id": sentence.article_id, "sentence_id": sentence.sentence_id, "sentence_no": sentence.sentence_no}
            rows.append({**context, **expr, "tense": clause_tense(words, time_words, expr["end"])})
    table = pd.DataFrame(rows, columns=EXPRESSION_COLUMNS)
    return table.astype({name: "Int64" for name in ("year", "month", "day", "day_end", "weekday", "offset", "ordinal", "year_end", "century")})


def records(table: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts with None (not NA) for what an expression does not state."""
    return [{key: (None if not isinstance(value, str) and pd.isna(value) else value) for key, value in row.items()} for row in table.to_dict("records")]
