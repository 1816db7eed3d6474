"""Generated pages of the book: one page per article, with every sentence anchored by its id.

Article text is untrusted input, so everything taken from it is escaped
before it reaches MyST: markdown punctuation is backslash-escaped (no role,
directive, math or inline HTML can form) and only the anchors are raw HTML,
built from validated ids.  A page title needs more: the theme's print header
writes its plain text unescaped, so angle brackets never reach a heading
(see ``heading_text``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .corpus import Corpus

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


def article_page(article: pd.Series, sentences: pd.DataFrame, removed: pd.DataFrame) -> str:
    """The MyST page of one article: metadata, the clean text sentence by sentence, then what cleaning removed."""
    lines = [f"(article-{article.id})=", f"# {article.id}: {heading_text(article.title or 'untitled')}", ""]
    lines += metadata_lines(article)
    lines += ["## Text", "", "Each sentence starts with its id, the anchor that findings link to.", ""]
    for sentence in sentences.itertuples():
        lines += [f"{sentence_anchor(sentence.sentence_id)}**{sentence.sentence_id}** {escape_markdown(sentence.text)}", ""]
    lines += ["## Removed by cleaning", ""]
    if removed.empty:
        lines.append("Cleaning removed nothing from this article.")
    for line in removed.itertuples():
        lines += [f"- line {line.line_no} ({escape_markdown(line.reason)}): {escape_markdown(line.text)}"]
    return "\n".join(lines) + "\n"


def write_article_pages(corpus: Corpus, directory: Path) -> list[Path]:
    """Write one page per included article into ``directory``, removing pages of articles no longer there."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = {}
    for _, article in corpus.included.iterrows():
        sentences = corpus.sentences[corpus.sentences["article_id"] == article.id]
        removed = corpus.removed[corpus.removed["article_id"] == article.id]
        wanted[directory / f"{article.id}.md"] = article_page(article, sentences, removed)
    for stale in set(directory.glob("*.md")) - set(wanted):
        stale.unlink()
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return sorted(wanted)


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
