"""Sphinx extensions for the book: Hindi search, numbered tables, and narrative pages kept in step with the chapters.

Sphinx's default search splits text at every character that is not a letter
or digit. Devanagari vowel signs and the virama are combining marks, so the
default splits पुतिन into प, त, न and a reader's search finds nothing. The
search language here keeps marks inside words, in the index (Python) and in
the query (JavaScript) alike.

Narrative pages and chapters paste numbers from other chapters
(``{glue:text}`chapter.ipynb::key```, as the chapters quote the accuracy
chapter's figures); Sphinx does not know that dependency and would keep such
a page from an earlier build when only the other chapter changed, so those
pages are always rebuilt.

Sphinx numbers a table only when it is written in markup; the chapters'
tables are computed and glued, so the ``numbered-table`` directive wraps any
content (a ``{glue}`` of a DataFrame) under a caption that Sphinx numbers as a
table ("Table 3") and ``{numref}`` can refer to::

    :::{numbered-table} The articles of the corpus.
    :name: tbl-articles

    ```{glue} tbl_articles
    ```
    :::

Sphinx 7.4 registers every inline script of an extension twice (once with
the file name ``None``, once with ``''``), so pages declared the theme's
``const THEBE_JS_URL`` twice and the browser reported an error on every
page; each page's scripts are deduplicated before it is written.

Every page carries the edition's stamp (its release id, or the content hash
of an unreleased build; see :mod:`rcreport.releases`), which the build writes
to ``book/generated/edition.json``. It is a configuration value, so a new
stamp rebuilds every page and an unchanged one rebuilds none.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search import SearchLanguage, languages
from sphinx.util.docutils import SphinxDirective

# Letters, digits, underscore and combining marks (Devanagari matras, virama, nukta, anusvara)
WORD = re.compile(r"(?:[^\W_]|\d|_|[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])+")


CROSS_DOCUMENT_GLUE = ".ipynb::"


class HindiEnglishSearch(SearchLanguage):
    """Search for mixed Hindi and English pages: words keep their combining marks; no stemming."""

    lang = "hi"
    language_name = "Hindi"
    js_splitter_code = r"""
function splitQuery(query) {
  return query
    .split(/[^\p{Letter}\p{Mark}\p{Number}_]+/gu)
    .filter(term => term);
}
"""

    def split(self, input: str) -> list[str]:
        """Split text into words, keeping Devanagari combining marks inside them."""
        return WORD.findall(input)

    def word_filter(self, word: str) -> bool:
        """Index every word of two or more characters."""
        return len(word) > 1


def pages_pasting_from_chapters(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """The documents that paste glue from another document: always outdated, so never stale."""
    pasting = []
    for docname in env.found_docs:
        path = env.doc2path(docname)
        if str(path).endswith((".md", ".ipynb")) and CROSS_DOCUMENT_GLUE in Path(path).read_text(encoding="utf-8"):
            pasting.append(docname)
    return pasting


class numbered_table(nodes.General, nodes.Element):
    """A captioned block that Sphinx counts as a table: its caption, then any content."""


class NumberedTable(SphinxDirective):
    """``numbered-table``: the argument is the caption, ``:name:`` the label, the content the table."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"name": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """A numbered_table node holding the parsed caption and the parsed content."""
        node = numbered_table()
        caption_nodes, messages = self.state.inline_text(self.arguments[0], self.lineno)
        node += nodes.caption(self.arguments[0], "", *caption_nodes)
        self.state.nested_parse(self.content, self.content_offset, node)
        self.add_name(node)
        return [node, *messages]


def visit_numbered_table(translator, node: numbered_table) -> None:
    """Open the table's block; the caption (with "Table N") is written by Sphinx's caption visitor."""
    translator.body.append(translator.starttag(node, "div", CLASS="numbered-table"))


def depart_numbered_table(translator, node: numbered_table) -> None:
    """Close the table's block."""
    translator.body.append("</div>\n")


def script_identity(script) -> tuple:
    """What makes two script tags the same: the file (None and '' alike) and the attributes, body included."""
    return (script.filename or "", tuple(sorted(script.attributes.items())))


def drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Keep the first of any identical script tags on a page."""
    seen = set()
    unique = []
    for script in context.get("script_files", []):
        if script_identity(script) not in seen:
            seen.add(script_identity(script))
            unique.append(script)
    context["script_files"] = unique


STAMP_FILE = Path("book") / "generated" / "edition.json"


def read_stamp(app: Sphinx, config) -> None:
    """Set ``rcreport_stamp`` from the file the build wrote (no file: no stamp)."""
    path = Path(app.srcdir) / STAMP_FILE
    if path.is_file():
        config.rcreport_stamp = json.loads(path.read_text(encoding="utf-8"))["stamp"]


def add_stamp(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Open each page's body with the edition's stamp, escaped."""
    if app.config.rcreport_stamp and "body" in context:
        context["body"] = f'<p class="edition-stamp">{html.escape(app.config.rcreport_stamp)}</p>\n' + context["body"]


def setup(app: Sphinx) -> dict:
    """Register the Hindi search language (``html_search_language: hi``), numbered tables, the rebuild rule, the script fix and the edition stamp."""
    languages["hi"] = HindiEnglishSearch
    app.add_enumerable_node(numbered_table, "table", html=(visit_numbered_table, depart_numbered_table))
    app.add_directive("numbered-table", NumberedTable)
    app.connect("env-get-outdated", pages_pasting_from_chapters)
    app.connect("html-page-context", drop_duplicate_scripts)
    app.add_config_value("rcreport_stamp", "", "html")
    app.connect("config-inited", read_stamp)
    app.connect("html-page-context", add_stamp)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
