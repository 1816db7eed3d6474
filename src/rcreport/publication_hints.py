"""Date hints from an article's metadata: a date in its URL and a line that states its publication date.

Web copies of news often carry their date outside the story: in the address
(``/2024-05-15/``, ``/2024/05/15/``, ``/20210628…``, ``…-na20210628…``) or
in a line such as "प्रकाशित: 15 मई 2024" or "Updated on May 16, 2024" that
cleaning may have removed (those are read from the removed-lines table, so
cleaning is not changed). Each hint is an interval labelled with its source
and its rank; a date given in articles.csv (``--published``) outranks them
all, and a published line outranks the URL (:mod:`rcreport.publication`
applies them in that order, a lower one only where it agrees).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from .codebook import TimeWords
from .temporal import absolute_interval, find_time_expressions, period

# Years a URL date may have: earlier or later digits are ids, not dates
URL_YEARS = r"(?:19|20)\d{2}"
# A day in a URL: 2024-05-15, 2024/05/15, 2024_05_15 (separated) or 20240515 (eight digits, after a non-digit; ids may follow)
URL_DAY_PATTERNS = (
    re.compile(rf"(?<!\d)(?P<year>{URL_YEARS})(?P<sep>[-/_.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})(?!\d)"),
    re.compile(rf"(?<!\d)(?P<year>{URL_YEARS})(?P<month>[01]\d)(?P<day>[0-3]\d)"),
)
URL_MONTH_PATTERN = re.compile(rf"/(?P<year>{URL_YEARS})/(?P<month>\d{{1,2}})/(?!\d)")  # a month folder: /2024/05/
LABEL_GAP = 24  # characters that may stand between a label and its date ("Published on Wednesday, ")
RANKS = {"published line": 1, "updated line": 1, "url": 2}  # lower is stronger; articles.csv is rank 0


@dataclass(frozen=True)
class Hint:
    """A date hint: the interval it allows, where it comes from, and the text it rests on."""

    article_id: str
    source: str  # "published line", "updated line" or "url"
    earliest: dt.date | None
    latest: dt.date
    text: str
    where: str  # a sentence id, "removed line N" or "url"

    @property
    def rank(self) -> int:
        """The order hints are applied in: published and updated lines before the URL."""
        return RANKS[self.source]

    @property
    def rule(self) -> str:
        """The evidence rule the book shows for the hint."""
        if self.source == "updated line":
            return f"an 'updated' line of the article gives {self.latest}: published on or before it"
        if self.source == "url":
            return f"the URL gives {self._value()}: published then (a hint, below a date in articles.csv)"
        return f"a 'published' line of the article gives {self._value()}: published then (a hint, below a date in articles.csv)"

    @property
    def evidence_span(self) -> dict[str, str]:
        """The sentence id (only a kept sentence has one) and the text the hint rests on, as an evidence row gives them."""
        is_sentence = self.where not in ("url",) and not self.where.startswith("removed line")
        return {"sentence_id": self.where if is_sentence else "", "text": self.text if is_sentence else f"{self.text} ({self.where})"}

    def _value(self) -> str:
        return self.latest.isoformat() if self.earliest == self.latest else f"{self.earliest:%Y-%m}"


def url_hints(article_id: str, url: str, today: dt.date) -> list[Hint]:
    """The dates in an article's URL that are real calendar days (or months) not after ``today``, days first."""
    hints = []
    for pattern in URL_DAY_PATTERNS:
        for match in pattern.finditer(url or ""):
            try:
                day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                continue
            if day <= today:
                hints.append(Hint(article_id, "url", day, day, match.group(), "url"))
    if not hints:
        for match in URL_MONTH_PATTERN.finditer(url or ""):
            if 1 <= int(match["month"]) <= 12:
                first, last = period(dt.date(int(match["year"]), int(match["month"]), 1), "month")
                if first <= today:
                    hints.append(Hint(article_id, "url", first, min(last, today), match.group(), "url"))
    return list(dict.fromkeys(hints))


def line_hint(article_id: str, text: str, where: str, words: TimeWords) -> Hint | None:
    """The hint of one line or sentence that opens with a publication label and then gives a full date, else None."""
    for labels, source in ((words.published_labels, "published line"), (words.updated_labels, "updated line")):
        label = next((label for label in sorted(labels, key=len, reverse=True) if text.lstrip().casefold().startswith(label.casefold())), None)
        if label is None:
            continue
        rest = text.lstrip()[len(label) :]
        dates = [expr for expr in find_time_expressions(rest, words) if expr["kind"] == "date" and expr["start"] <= LABEL_GAP]
        if dates:
            first, last, _ = absolute_interval(dates[0])
            return Hint(article_id, source, first if source == "published line" else None, last, text.strip(), where)
    return None


def article_hints(corpus, words: TimeWords, today: dt.date) -> dict[str, list[Hint]]:
    """Every included article's hints, strongest first: its published and updated lines (kept or removed), then its URL."""
    hints: dict[str, list[Hint]] = {article_id: [] for article_id in corpus.included["id"]}
    lines = pd.concat(
        [
            corpus.sentences.assign(where=corpus.sentences["sentence_id"])[["article_id", "text", "where"]],
            corpus.removed.assign(where="removed line " + corpus.removed["line_no"].astype(str))[["article_id", "text", "where"]],
        ]
    )
    for line in lines.itertuples():
        hint = line_hint(line.article_id, line.text, line.where, words) if line.article_id in hints else None
        if hint and (hint.earliest or hint.latest) <= today:
            hints[line.article_id].append(hint)
    for article in corpus.included.itertuples():
        hints[article.id].extend(url_hints(article.id, str(getattr(article, "url", "") or ""), today))
    return {article_id: sorted(found, key=lambda hint: hint.rank) for article_id, found in hints.items()}
