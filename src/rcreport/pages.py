"""Generated pages of the book: one page per article, with every sentence anchored by its id.

Article text is untrusted input, so everything taken from it is escaped
before it reaches MyST: markdown punctuation is backslash-escaped (no role,
directive, math or inline HTML can form) and the only raw HTML is the
project's own: the anchors and evidence links, built from validated ids, and
on an annotated page the marks and notes of what the analysis found, whose
classes are the project's and whose text is escaped like the rest.  A page title needs more: the theme's print header
writes its plain text unescaped, so angle brackets never reach a heading
(see ``heading_text``).

Each sentence of the text is one HTML paragraph (a MyST HTML block: one raw
node), its text HTML-escaped (:func:`html_text`), rather than a markdown
paragraph of inline HTML and backslash escapes. Sphinx walks every node of a
page in each of its transforms, and as markdown the sentences were most of
the nodes of the whole book (see bench/RESULTS.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .analysis import ArticleAnalysis
from .chronology import Chronology
from .corpus import Corpus
from .files import write_if_changed
from .hashing import sha256_hex
from .stances import actor_labels

MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
SENTENCE_ID = re.compile(r"A\d{3,}\.s\d{3,}")


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character so MyST reads the text literally."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


HEADING_LOOKALIKES = str.maketrans({"<": "‹", ">": "›"})


def heading_text(text: str) -> str:
    """Untrusted text made safe for a page title: angle brackets become ‹ › before escaping.

    sphinx-book-theme 1.3 writes the heading's plain text (``title.astext()``)
    into its print header without escaping, so ``<script>`` in a title would
    become a live tag; with no angle brackets no tag can form.  The Title
    field keeps the text as it is.
    """
    return escape_markdown(text.translate(HEADING_LOOKALIKES))


def sentence_anchor(sentence_id: str) -> str:
    """The inline HTML anchor of a sentence; ids are validated, so nothing untrusted is raw."""
    if not SENTENCE_ID.fullmatch(sentence_id):
        raise ValueError(f"not a sentence id: {sentence_id!r}")
    return f'<span class="sentence-anchor" id="{sentence_id}"></span>'


def metadata_lines(article: pd.Series) -> list[str]:
    """The article's metadata as a definition list of escaped values; blanks say 'not recorded'."""
    fields = [("Title", article.title), ("Outlet", article.outlet), ("URL", article.url), ("Published", _published(article)), ("File", article.file), ("Notes", article.notes)]
    return [f"{name}\n: {escape_markdown(value) if value else '*not recorded*'}\n" for name, value in fields]


def _published(article: pd.Series) -> str:
    """A publication date with its precision and source, or '' where the metadata has none."""
    if not article.published:
        return ""
    source = f", {article.published_source}" if article.published_source else ""
    return f"{article.published} ({article.published_precision}{source})"


# --- what the analysis found, on the article's page ----------------------------------------------

TEXT_INTRO = (
    "Each sentence starts with its id, the anchor that findings link to. In the text, actors the codebook knows are underlined, "
    "time expressions dotted and stance cues marked; below a sentence, its themes, the speaker of a quotation, "
    "its stances (holder → target) and the dates of its time expressions."
)
# Which of two overlapping spans in a sentence is marked: a stance cue, then a time expression, then an actor
SPAN_PRIORITY = {"cue": 0, "time": 1, "actor": 2}


@dataclass(frozen=True)
class ArticleFindings:
    """What the analysis found in one article (or a corpus): its per-article tables, its chronology, and labels for ids.

    ``split`` is what :meth:`rows` looks sentences up in, where it is already
    made (a corpus's :func:`sentence_rows`, shared by its articles: sentence
    ids are unique across the corpus); else it is made from the tables when
    first needed.
    """

    analysis: ArticleAnalysis
    stage: Chronology
    themes: dict[str, str]  # theme id -> label
    actors: dict[str, str]  # actor id -> label
    split: dict[str, dict[str, list]] | None = dataclasses.field(default=None, repr=False, compare=False)

    def rows(self, table: str, sentence_id: str) -> list:
        """The rows (named tuples, in table order) of one of :data:`SENTENCE_TABLES` that are about ``sentence_id``."""
        return self._by_sentence[table].get(sentence_id, [])

    @cached_property
    def _by_sentence(self) -> dict[str, dict[str, list]]:
        return self.split if self.split is not None else sentence_rows(self.analysis, self.stage)


# The tables whose rows a page shows under their sentence: the analysis's, and the chronology's dated events
SENTENCE_TABLES = ("stances", "expressions", "mentions", "assignments", "quotations", "events")


def sentence_rows(analysis: ArticleAnalysis, stage: Chronology) -> dict[str, dict[str, list]]:
    """Each of :data:`SENTENCE_TABLES` split by sentence once, so that a page looks its sentences up instead of filtering each table per sentence."""
    tables = {name: getattr(analysis, name) for name in SENTENCE_TABLES if name != "events"} | {"events": stage.events}
    return {name: rows_by_sentence(table) for name, table in tables.items()}


def rows_by_sentence(table: pd.DataFrame) -> dict[str, list]:
    """The rows of ``table`` as named tuples, grouped by their sentence id, each group in table order."""
    grouped = defaultdict(list)
    for row in table.itertuples():
        grouped[row.sentence_id].append(row)
    return dict(grouped)


@dataclass(frozen=True)
class Findings(ArticleFindings):
    """The findings of a corpus, to be split by article (:meth:`by_article`)."""

    def by_article(self) -> dict[str, ArticleFindings]:
        """Each article's findings, splitting every table once (not once per article)."""
        tables = {name: dict(tuple(table.groupby("article_id", sort=False))) for name, table in self._tables().items()}
        ids = {article_id for groups in tables.values() for article_id in groups}
        return {article_id: self._of(article_id, tables) for article_id in ids}

    def empty(self, article_id: str) -> ArticleFindings:
        """The findings of an article the tables say nothing about."""
        return self._of(article_id, {})

    def _tables(self) -> dict[str, pd.DataFrame]:
        stage = {f"stage.{name}": getattr(self.stage, name) for name in ("publications", "evidence", "events")}
        return {**{name: getattr(self.analysis, name) for name in ANALYSIS_TABLES}, **stage}

    @cached_property
    def _no_rows(self) -> dict[str, pd.DataFrame]:
        """Each table with no rows, the part of an article it says nothing about (made once, not once per article)."""
        return {name: table.iloc[:0] for name, table in self._tables().items()}

    def _of(self, article_id: str, tables: dict[str, dict[str, pd.DataFrame]]) -> ArticleFindings:
        part = {name: tables.get(name, {}).get(article_id, no_rows) for name, no_rows in self._no_rows.items()}
        analysis = dataclasses.replace(self.analysis, **{name: part[name] for name in ANALYSIS_TABLES})
        stage = dataclasses.replace(self.stage, **{name.removeprefix("stage."): part[name] for name in part if name.startswith("stage.")})
        return ArticleFindings(analysis, stage, self.themes, self.actors, split=self._by_sentence)


# The per-article tables an article page reads
ANALYSIS_TABLES = ("assignments", "mentions", "relevance", "quotations", "stances", "expressions")


def span_markup(text: str) -> str:
    """Untrusted text inside the project's own inline markup: escaped like :func:`escape_markdown`, its edge spaces kept."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", re.sub(r"\s+", " ", text))


def cue_span(text: str, stance) -> tuple[int, int] | None:
    """Where a stance's cue word is in its sentence: its last occurrence within the evidence span, else anywhere."""
    cue = str(stance.cue)
    found = text.rfind(cue, int(stance.start), int(stance.end)) if cue else -1
    found = text.find(cue) if found < 0 and cue else found
    return (found, found + len(cue)) if found >= 0 else None


def sentence_spans(found: ArticleFindings, sentence_id: str, text: str) -> list[tuple[int, int, str]]:
    """The spans of a sentence to mark: stance cues (with their polarity), time expressions and actor mentions, none overlapping."""
    spans = [(*span, f"cue cue-{stance.polarity}") for stance in found.rows("stances", sentence_id) if (span := cue_span(text, stance))]
    spans += [(int(e.start), int(e.end), "time") for e in found.rows("expressions", sentence_id)]
    spans += [(int(m.start), int(m.end), "actor") for m in found.rows("mentions", sentence_id)]
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda span: (SPAN_PRIORITY[span[2].split()[0]], span[0])):
        if 0 <= start < end <= len(text) and not any(start < other_end and other_start < end for other_start, other_end, _ in kept):
            kept.append((start, end, kind))
    return sorted(kept)


def html_text(text: str) -> str:
    """Untrusted text inside the project's own HTML: its markup characters escaped, runs of whitespace one space (so no line is blank)."""
    return html.escape(re.sub(r"\s+", " ", text), quote=False)


def annotated_text(text: str, spans: list[tuple[int, int, str]]) -> str:
    """A sentence as HTML, with each span wrapped in the project's own markup: ``<mark class="...">`` (classes are ours, never the text's)."""
    parts, position = [], 0
    for start, end, kind in spans:
        parts += [html_text(text[position:start]), f'<mark class="{kind}">', html_text(text[start:end]), "</mark>"]
        position = end
    parts.append(html_text(text[position:]))
    return "".join(parts).strip()


def note(kind: str, text: str) -> str:
    """One compact note under a sentence: a label of the project's own with escaped text."""
    return f'<span class="note note-{kind}">{html_text(text)}</span>'


def sentence_notes(found: ArticleFindings, sentence_id: str) -> str:
    """What the analysis found in a sentence, as a line of small notes: themes, quotation speakers, stances, dates."""
    names = found.actors
    notes = [note("theme", found.themes.get(a.theme, a.theme) + (f" · {a.sense}" if a.sense else "")) for a in found.rows("assignments", sentence_id)]
    for quote in found.rows("quotations", sentence_id):
        reporter = f", reported by {actor_labels(quote.reported_by, names)}" if quote.reported_by else ""
        notes.append(note("quote", f"quotation: {actor_labels(quote.speaker, names) or 'speaker unknown'}{reporter}"))
    notes += [note(f"stance note-{stance.polarity}", _triple(stance, names)) for stance in found.rows("stances", sentence_id)]
    for event in found.rows("events", sentence_id):
        notes.append(note("time", f"{event.text} = {event.date or 'not resolved'} ({event.role})"))
    return f'<span class="sentence-notes">{"".join(notes)}</span>' if notes else ""


def summary_lines(found: ArticleFindings) -> list[str]:
    """The top of an annotated page: relevance, publication date and its evidence, themes, actors, stances and dated events."""
    analysis, stage, names = found.analysis, found.stage, found.actors
    lines = ["## What the analysis found", ""]
    relevance = analysis.relevance
    if len(relevance):
        row = relevance.iloc[0]
        verdict = "possibly off topic, left out of the chapters' counts" if row["off_topic"] else "on topic"
        lines += [f"Relevance\n: {escape_markdown(verdict)} ({escape_markdown(row['reason'])})", ""]
    if len(stage.publications):
        publication = stage.publications.iloc[0]
        steps = stage.evidence[stage.evidence["applied"]]
        lines += [f"Publication date\n: {escape_markdown(publication['shown'])}; source: {escape_markdown(publication['source'])}", ""]
        lines += [f"- {_where(step.sentence_id)}{escape_markdown(step.rule)}{_event_of(step.event)}" for step in steps.itertuples()] + [""]
    themes = analysis.assignments.groupby("theme", sort=False)["sentence_id"].nunique().sort_values(ascending=False, kind="stable")
    lines += [f"Themes\n: {_listing(f'{found.themes.get(theme, theme)} ({count})' for theme, count in themes.items())}", ""]
    actors = analysis.mentions.groupby("actor", sort=False).size().sort_values(ascending=False, kind="stable")
    lines += [f"Actors\n: {_listing(f'{names.get(actor, actor)} ({count})' for actor, count in actors.items())}", ""]
    stances = [f": {_where(s.sentence_id)}{span_markup(_triple(s, names))}" for s in analysis.stances.itertuples()]
    lines += ["Stances", *(stances or [": none found"]), ""]
    dated = stage.events[stage.events["date"] != ""]
    events = [f": {_where(e.sentence_id)}{span_markup(f'{e.text} = {e.date} ({e.role})')}" for e in dated.itertuples()]
    lines += ["Dated events", *(events or [": none found"]), ""]
    return lines


def _triple(stance, names: dict[str, str]) -> str:
    """A stance as "holder → target: polarity (cue)", the target an issue's name where it names no actor."""
    target = names.get(stance.target, stance.target) if stance.target else f"issue: {stance.issue or stance.target_text}"
    negated = ", negated" if stance.negated else ""
    return f"{names.get(stance.source, stance.source)} → {target}: {stance.polarity} ({stance.cue}{negated})"


def _event_of(event: object) -> str:
    """The known event a dating step leans on (its name and dates), after the step's rule; nothing for other steps."""
    return f": {escape_markdown(event)}" if isinstance(event, str) and event else ""


def _where(sentence_id: str) -> str:
    """A link to a sentence of the same page (ids are validated), or nothing where there is none."""
    if not sentence_id or not SENTENCE_ID.fullmatch(sentence_id):
        return ""
    return f'<a class="evidence" href="#{sentence_id}">{sentence_id}</a> '


def _listing(items) -> str:
    return escape_markdown(", ".join(items)) or "none found"


def article_page(article: pd.Series, sentences: pd.DataFrame, removed: pd.DataFrame, found: ArticleFindings | None = None) -> str:
    """The MyST page of one article: metadata, what the analysis found, the annotated text sentence by sentence, what cleaning removed.

    Without ``found`` the text is shown as it is, with its sentence ids.
    """
    lines = [f"(article-{article.id})=", f"# {article.id}: {heading_text(article.title or 'untitled')}", ""]
    lines += metadata_lines(article)
    if found is not None:
        lines += summary_lines(found)
    lines += ["## Text", "", TEXT_INTRO if found is not None else "Each sentence starts with its id, the anchor that findings link to.", ""]
    for sentence in sentences.itertuples():
        body = annotated_text(sentence.text, sentence_spans(found, sentence.sentence_id, sentence.text)) if found is not None else html_text(sentence.text).strip()
        notes = sentence_notes(found, sentence.sentence_id) if found is not None else ""
        lines += [f'<p class="sentence">{sentence_anchor(sentence.sentence_id)}<strong>{sentence.sentence_id}</strong> {body}{notes}</p>', ""]
    lines += ["## Removed by cleaning", ""]
    if removed.empty:
        lines.append("Cleaning removed nothing from this article.")
    for line in removed.itertuples():
        lines += [f"- line {line.line_no} ({escape_markdown(line.reason)}): {escape_markdown(line.text)}"]
    return "\n".join(lines) + "\n"


def write_article_pages(corpus: Corpus, directory: Path, findings: Findings | None = None, keep: frozenset[str] = frozenset()) -> list[Path]:
    """Write one page per included article of ``corpus`` into ``directory``, removing pages of articles neither written nor in ``keep``.

    ``findings`` (the analysis of those articles) annotates each page; a
    page whose text is unchanged is not rewritten. ``keep`` names the
    articles whose pages are up to date (see :func:`stale_pages`): the
    caller passes only the articles whose pages must be made.
    """
    directory.mkdir(parents=True, exist_ok=True)
    sentences_of = dict(tuple(corpus.sentences.groupby("article_id", sort=False)))
    removed_of = dict(tuple(corpus.removed.groupby("article_id", sort=False)))
    per_article = findings.by_article() if findings is not None else {}
    wanted = {}
    for _, article in corpus.included.iterrows():
        sentences = sentences_of.get(article.id, corpus.sentences.iloc[:0])
        removed = removed_of.get(article.id, corpus.removed.iloc[:0])
        found = (per_article[article.id] if article.id in per_article else findings.empty(article.id)) if findings is not None else None
        wanted[directory / f"{article.id}.md"] = article_page(article, sentences, removed, found)
    for stale in set(directory.glob("*.md")) - set(wanted) - {directory / f"{article_id}.md" for article_id in keep}:
        stale.unlink()
    for path, text in wanted.items():
        write_if_changed(path, text)
    return sorted(wanted)


# --- which pages need making ------------------------------------------------------------------------


def page_key(article: pd.Series, removed: pd.DataFrame, analysis_key: str, as_of: dt.date) -> str:
    """What an article's page is made of: its analysis key, its metadata row, the lines cleaning removed and the as-of date.

    The analysis key (:func:`rcreport.analysis.analysis_key`) covers the
    article's annotation, sentences, the codebooks (whose labels the page
    shows) and this package's code (so also this module); nothing on a page
    comes from another article, since its chronology (publication date,
    dated events) is computed from its own metadata, hints, expressions and
    event mentions and the as-of date alone.
    """
    return sha256_hex(analysis_key, as_of.isoformat(), article.to_json(), removed.to_csv(index=False))


def page_keys(corpus: Corpus, analysis_keys: dict[str, str], as_of: dt.date) -> dict[str, str]:
    """The :func:`page_key` of every included article (an article without sentences has no analysis key: '')."""
    removed_of = dict(tuple(corpus.removed.groupby("article_id", sort=False)))
    return {article.id: page_key(article, removed_of.get(article.id, corpus.removed.iloc[:0]), analysis_keys.get(article.id, ""), as_of) for _, article in corpus.included.iterrows()}


def stale_pages(directory: Path, keys: dict[str, str], manifest: Path) -> set[str]:
    """The articles whose page must be made: missing from ``directory``, or made of something else than ``keys`` says (the ``manifest`` of the last pages written)."""
    stored = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    return {article_id for article_id, key in keys.items() if stored.get(article_id) != key or not (directory / f"{article_id}.md").is_file()}


def write_page_keys(keys: dict[str, str], manifest: Path) -> None:
    """Record what the pages now in place are made of; written after the pages, so an interrupted build remakes them."""
    write_if_changed(manifest, json.dumps(keys, indent=0, sort_keys=True) + "\n")


RECORDED_PACKAGES = ("rcreport", "stanza", "torch", "jupyter-book", "myst-nb", "sphinx", "sphinxcontrib-bibtex", "papermill", "pandas", "matplotlib")


def markdown_table(rows: list[dict]) -> list[str]:
    """A simple MyST table of already safe cell values (ids, hashes, versions)."""
    header = list(rows[0])
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(row[name]) for name in header) + " |" for row in rows]
    return lines + [""]


def edition_lines(edition: dict | None) -> list[str]:
    """The edition of the build record as definition-list lines: its identity, parameters and content hash."""
    if not edition:
        return []
    return [f"Edition\n: {escape_markdown(edition['stamp'])}", "", f"Edition parameters\n: {escape_markdown(edition['parameters'])}", "", f"Content hash\n: `{edition['content']}`", ""]


def reproducibility_page(record: dict) -> str:
    """The build record as a page: data and model checksums, versions, commit, date, notebook parameters."""
    lines = [
        "# Reproducibility record",
        "",
        "Written by the build that produced this book. Rebuilding from the same commit, data and",
        "models gives the same tables; the checksums below identify exactly what was read.",
        "",
        f"Built\n: {record['built']}",
        "",
        f"Commit\n: `{record['commit']}`",
        "",
        f"Data checksum (all articles)\n: `{record['data_sha256']}`",
        "",
        *edition_lines(record.get("edition")),
        "## Articles",
        "",
        *markdown_table(record["articles"]),
        "## Models",
        "",
        f"Source: {record['models']['source']}; identity (cache key part) `{record['models']['identity'][:16]}`.",
        "",
        *markdown_table(record["models"]["files"]),
        "## Packages",
        "",
        *markdown_table(record["packages"]),
        "## Notebook parameters",
        "",
        *markdown_table(record["notebooks"]),
    ]
    return "\n".join(lines)
