"""Editions: the articles one book is about, chosen by publication period, outlet, theme or actor.

An edition is a handful of parameters (:class:`Edition`): ``rcreport build
--from/--to/--outlet/--theme/--actor/--title``, or the same keys in a small
YAML file under ``editions/`` (``rcreport build --edition editions/NAME.yml``;
``editions/README.md`` documents the keys). The build hands it to every
chapter as one papermill parameter, ``edition`` (JSON text, empty for the
whole corpus, see :func:`edition_parameter`), and every chapter selects its
articles with :func:`select_articles`, the one place where the edition and
the off-topic flag of :mod:`rcreport.relevance` are applied together. The
selection works on analysis results (tokens from the annotation cache, theme
assignments, actor mentions, publication dates), so one cache serves every
edition.

Within one kind of parameter any value qualifies an article (two outlets: an
article of either); across kinds all must (an outlet *and* a theme).

The period is read against each article's publication date: the day the
metadata give, or the interval the chronology infers from the text
(:func:`rcreport.chronology.publication_dates`, ``earliest``..``latest``).
An article is in the period when its whole interval lies inside it. An
interval that overlaps the period without lying inside it is *uncertain*: the
article may or may not be from the period, so it is left out and listed as
uncertain with its interval, and a count of a quarter never includes an
article that may be from another one. An interval with no lower bound lies
inside no period that has a start.

The edition's file is checked against :data:`EDITION_SCHEMA` with jsonschema,
as the codebooks are, and its errors read like theirs. An edition is a frozen
dataclass rather than a pydantic model: jsonschema already validates every
analyst-written YAML file of the project, and pydantic would be a second
validation library for six fields.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pandas as pd
import yaml

from .analysis import ArticleAnalysis
from .chronology import dated_chronology
from .codebook import describe_error, load_actors, load_themes
from .codebook_schemas import TEXT, WORD, list_of
from .corpus import Corpus
from .relevance import on_topic_corpus

ISO_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "hint": "write the date as YYYY-MM-DD"}
#: The keys of an edition file (and of the ``edition`` notebook parameter); none is required.
EDITION_SCHEMA = {
    "type": "object",
    "properties": {
        "title": TEXT,
        "from": ISO_DATE,
        "to": ISO_DATE,
        "outlets": list_of(TEXT),
        "themes": list_of(WORD, "give a list of theme ids of data/codebook/themes.yml, as [trade, energy]"),
        "actors": list_of(WORD, "give a list of actor ids of data/codebook/actors.yml, as [putin, xi]"),
    },
    "additionalProperties": False,
}
#: The verdict on an article whose publication interval straddles a bound of the period
UNCERTAIN = "uncertain"
SELECTION_COLUMNS = ["article_id", "status", "in_edition", "off_topic", "selected", "reason"]


class EditionError(ValueError):
    """An edition's parameters are malformed or select nothing; the message names the parameter and what to do."""


@dataclasses.dataclass(frozen=True)
class Edition:
    """The parameters of one edition; the default, with none set, is the whole corpus."""

    title: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlets: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()

    @property
    def whole_corpus(self) -> bool:
        """True when no parameter narrows the corpus (a title alone does not)."""
        return not (self.date_from or self.date_to or self.outlets or self.themes or self.actors)

    @property
    def has_period(self) -> bool:
        return bool(self.date_from or self.date_to)

    def as_dict(self) -> dict:
        """The parameters that are set, under the keys of an edition file."""
        values = {"title": self.title, "from": self.date_from and self.date_from.isoformat(), "to": self.date_to and self.date_to.isoformat()}
        values |= {"outlets": list(self.outlets), "themes": list(self.themes), "actors": list(self.actors)}
        return {key: value for key, value in values.items() if value}

    def describe(self) -> str:
        """The parameters in words, for the chapters, the stamp and the changes page."""
        parts = []
        if self.has_period:
            parts.append(f"published {_bound('from', self.date_from)}{' ' if self.date_from and self.date_to else ''}{_bound('to', self.date_to)}".rstrip())
        for name, values in (("outlet", self.outlets), ("theme", self.themes), ("actor", self.actors)):
            if values:
                parts.append(f"{name}{'s' if len(values) > 1 else ''} {' or '.join(values)}")
        return "; ".join(parts) if parts else "the whole corpus"


#: The edition of the whole corpus, with no parameter set: what `make book` builds
WHOLE_CORPUS = Edition()


def _bound(word: str, day: dt.date | None) -> str:
    return f"{word} {day.isoformat()}" if day else ""


def edition_from_dict(document: object, source: str = "the edition") -> Edition:
    """Validate an edition document (an edition file's content, or the notebook parameter) and build the Edition.

    A date object (from a YAML reader other than :func:`load_edition`'s) is taken as written.
    """
    document = {} if document is None else document
    if isinstance(document, dict):
        document = {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in document.items()}
    errors = sorted(jsonschema.Draft202012Validator(EDITION_SCHEMA).iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
    if errors:
        raise EditionError(describe_error(Path(source), document, errors[0]))
    days = {}
    for key in ("from", "to"):
        try:
            days[key] = dt.date.fromisoformat(document[key]) if key in document else None
        except ValueError:
            raise EditionError(f"{source}: '{key}' {document[key]!r} is not a calendar date; write it as YYYY-MM-DD") from None
    if days["from"] and days["to"] and days["from"] > days["to"]:
        raise EditionError(f"{source}: the period ends ({days['to']}) before it starts ({days['from']}); swap 'from' and 'to'")
    lists = {key: tuple(value.strip() for value in document.get(key, ())) for key in ("outlets", "themes", "actors")}
    return Edition(title=document.get("title", "").strip(), date_from=days["from"], date_to=days["to"], **lists)


class DatesAsWritten(yaml.SafeLoader):
    """YAML's safe loader, except that an unquoted date stays the text it is (so 2024-02-30 is reported, not a crash)."""

    yaml_implicit_resolvers = {key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"] for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_edition(path: Path) -> Edition:
    """Read an edition file (YAML, keys of :data:`EDITION_SCHEMA`); errors name the file and the key."""
    try:
        document = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=DatesAsWritten)
    except FileNotFoundError:
        raise EditionError(f"{path}: edition file not found") from None
    except yaml.YAMLError as error:
        raise EditionError(f"{path}: not valid YAML ({error})") from None
    return edition_from_dict(document, str(path))


def edition_parameter(edition: Edition, as_of: dt.date) -> str:
    """The edition as the chapters' ``edition`` parameter: JSON text, empty for the whole corpus without a title.

    The as-of date rides along only when the edition has a period (it decides
    whether an open inferred interval lies inside it), so the execution key of
    a chapter of the whole corpus does not change from one day to the next.
    """
    values = edition.as_dict()
    if edition.has_period:
        values["as_of"] = as_of.isoformat()
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""


def parse_parameter(text: str) -> tuple[Edition, dt.date]:
    """The edition and as-of date of an ``edition`` parameter (see :func:`edition_parameter`)."""
    values = json.loads(text) if text else {}
    as_of = values.pop("as_of", None)
    return edition_from_dict(values, "the edition parameter"), dt.date.fromisoformat(as_of) if as_of else dt.date.today()


def check_names(edition: Edition, corpus: Corpus, codebook_dir: Path) -> None:
    """Raise :class:`EditionError` for an outlet no included article has, or a theme or actor the codebook lacks.

    Cheap (no annotation), so the build runs it before anything else.
    """
    known = {
        "outlet": sorted(set(corpus.included["outlet"]) - {""}),
        "theme": [theme.id for theme in load_themes(Path(codebook_dir) / "themes.yml")],
        "actor": [actor.id for actor in load_actors(Path(codebook_dir) / "actors.yml")],
    }
    for kind, values in (("outlet", edition.outlets), ("theme", edition.themes), ("actor", edition.actors)):
        unknown = [value for value in values if value not in known[kind]]
        if unknown:
            where = "no included article of data/articles.csv has it" if kind == "outlet" else f"it is no id of {Path(codebook_dir) / (kind + 's.yml')}"
            raise EditionError(f"unknown {kind} {unknown[0]!r} ({where}); known {kind}s: {', '.join(known[kind]) or 'none'}")


def period_verdict(earliest: dt.date | None, latest: dt.date | None, date_from: dt.date | None, date_to: dt.date | None) -> str:
    """'inside', 'outside' or 'uncertain': where a publication interval lies against a period (open ends allowed)."""
    inside = (date_from is None or (earliest is not None and earliest >= date_from)) and (date_to is None or (latest is not None and latest <= date_to))
    if inside:
        return "inside"
    before = date_from is not None and latest is not None and latest < date_from
    after = date_to is not None and earliest is not None and earliest > date_to
    return "outside" if before or after else UNCERTAIN


def _day(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def outside_reasons(corpus: Corpus, analysis: ArticleAnalysis, codebook_dir: Path, edition: Edition, as_of: dt.date) -> dict[str, str]:
    """Each included article's reason for being outside the edition ('' when it is in), testing outlet, period, theme, actor.

    Everything is read off the analysis results (:mod:`rcreport.analysis`),
    so the annotation and analysis caches serve every edition; publication
    dates are the chronology chapter's own (metadata, hints, known events).
    """
    included = corpus.included
    reasons = dict.fromkeys(included["id"], "")

    def mark(article_id: str, reason: str) -> None:
        reasons[article_id] = reasons[article_id] or reason

    for article in included.itertuples():
        if edition.outlets and article.outlet not in edition.outlets:
            mark(article.id, f"outlet {article.outlet or 'not recorded'}")
    if edition.has_period:
        dates = dated_chronology(corpus, codebook_dir, analysis.expressions, analysis.event_mentions, analysis.sentence_labels(), as_of).publications
        for row in dates.itertuples():
            verdict = period_verdict(_day(row.earliest), _day(row.latest), edition.date_from, edition.date_to)
            if verdict != "inside":
                mark(row.article_id, f"{verdict}: published {row.shown}")
    if edition.themes:
        carrying = set(analysis.assignments.loc[analysis.assignments["theme"].isin(edition.themes), "article_id"])
        for article_id in set(reasons) - carrying:
            mark(article_id, f"carries no theme {' or '.join(edition.themes)}")
    if edition.actors:
        naming = set(analysis.mentions.loc[analysis.mentions["actor"].isin(edition.actors), "article_id"])
        for article_id in set(reasons) - naming:
            mark(article_id, f"names no actor {' or '.join(edition.actors)}")
    return reasons


def restrict(corpus: Corpus, article_ids: set[str], keep_excluded: bool) -> Corpus:
    """The corpus of the given articles (and, if ``keep_excluded``, the articles that failed a check)."""
    rows = corpus.articles["id"].isin(article_ids) | (keep_excluded & (corpus.articles["status"] != "included"))
    return dataclasses.replace(
        corpus,
        articles=corpus.articles[rows],
        sentences=corpus.sentences[corpus.sentences["article_id"].isin(article_ids)],
        removed=corpus.removed[corpus.removed["article_id"].isin(set(corpus.articles.loc[rows, "id"]))],
        clean_texts={key: text for key, text in corpus.clean_texts.items() if key in article_ids},
    )


@dataclasses.dataclass(frozen=True)
class Selection:
    """What a chapter counts, and how it was chosen.

    corpus, analysis: the articles the chapter counts and their analysis
    tables. relevance: the off-topic table of the edition's articles (None
    where off-topic articles are kept).
    articles: every article of the corpus with its status, whether it is in
    the edition, flagged off topic, selected, and why not (SELECTION_COLUMNS).
    statement: one sentence for the chapter, glued as ``edition_selection``.
    """

    corpus: Corpus
    analysis: ArticleAnalysis
    relevance: pd.DataFrame | None
    articles: pd.DataFrame
    statement: str

    @property
    def article_ids(self) -> list[str]:
        """The ids of the counted articles, in corpus order (for :func:`rcreport.analysis.read_tokens`)."""
        return self.corpus.included["id"].tolist()

    @property
    def n_off_topic(self) -> int:
        return int(self.articles["off_topic"].sum())

    @property
    def uncertain(self) -> list[str]:
        """The articles left out because their publication interval straddles the period's bounds."""
        return self.articles.loc[self.articles["reason"].str.startswith(UNCERTAIN), "article_id"].tolist()


def select_articles(corpus: Corpus, analysis: ArticleAnalysis, codebook_dir: Path, edition: Edition | str = "", keep_off_topic: bool = False) -> Selection:
    """The articles a chapter counts: those of the edition, without the ones flagged off topic unless ``keep_off_topic``.

    ``analysis`` holds the tables of every article (the build's aggregate,
    :func:`rcreport.analysis.read_analysis`); ``edition`` is an
    :class:`Edition` or the chapters' ``edition`` parameter (JSON text, empty
    for the whole corpus). The corpus and data-quality chapters keep
    off-topic articles (they list them with their reason); every analysis
    chapter leaves them out.
    """
    edition, as_of = (edition, dt.date.today()) if isinstance(edition, Edition) else parse_parameter(edition)
    reasons = outside_reasons(corpus, analysis, codebook_dir, edition, as_of)
    in_edition = {article_id for article_id, reason in reasons.items() if not reason}
    edition_corpus = restrict(corpus, in_edition, keep_excluded=edition.whole_corpus)
    relevance = None if keep_off_topic else analysis.relevance[analysis.relevance["article_id"].isin(in_edition)].reset_index(drop=True)
    kept = edition_corpus if relevance is None else on_topic_corpus(edition_corpus, relevance)
    flagged = set() if relevance is None else set(relevance.loc[relevance["off_topic"], "article_id"])
    counted = set(kept.included["id"])
    articles = pd.DataFrame(
        [
            (row.id, row.status, row.id in in_edition, row.id in flagged, row.id in counted, reasons.get(row.id, "") or ("possibly off topic" if row.id in flagged else ""))
            for row in corpus.articles.itertuples()
        ],
        columns=SELECTION_COLUMNS,
    )
    selection = Selection(kept, analysis.restrict(counted), relevance, articles, "")
    return dataclasses.replace(selection, statement=selection_statement(edition, selection, len(corpus.included)))


def selection_statement(edition: Edition, selection: Selection, n_corpus: int) -> str:
    """One sentence: the edition's parameters, how many of the corpus's articles it selects, and what it leaves out."""
    name = f"Edition “{edition.title}”" if edition.title else "This edition"
    n_edition, n_counted = int(selection.articles["in_edition"].sum()), int(selection.articles["selected"].sum())
    if edition.whole_corpus:
        text = f"{name} is the whole corpus: {n_counted} of its {n_corpus} articles are counted here"
    else:
        text = f"{name} ({edition.describe()}) selects {n_edition} of the {n_corpus} articles of the corpus"
        text += f"; {n_counted} of them are counted here" if selection.relevance is not None else ""
    if selection.relevance is not None:
        flagged = selection.n_off_topic
        text += f", {flagged} flagged as possibly off topic left out" if flagged else ", none being flagged as possibly off topic"
    text += "."
    if selection.uncertain:
        ids = ", ".join(selection.uncertain)
        text += f" {len(selection.uncertain)} whose publication interval overlaps the period without lying inside it are left out as uncertain ({ids})."
    return text
