"""Sphinx extensions for the book: Hindi search, numbered and citable tables, and narrative pages kept in step with the chapters.

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

Every table and figure is citable and downloadable. The role
``{data-link}`tbl-theme-shares``` links the CSV behind a table or figure
(``build/tables/tbl-theme-shares.csv``, written by the chapter through
:mod:`rcreport.tables`, copied to ``tables/`` of the site when the build
finishes); a CSV that is not there is a warning, so a strict build never
publishes a dead data link. ``{cite-this}`tbl-theme-shares``` writes the one-line
reference: the report's title, version and build date (from
``book/generated/citation.json``, which ``rcreport build`` writes) and the
address of the anchor (``html_baseurl`` + page where ``html.baseurl`` is set in
``_config.yml``, else the page's address relative to the site). A numbered
table adds both under its content by itself.

The interactive tables (see :mod:`rcreport.tables`) use DataTables from the
offline bundle of the itables package: the extension copies it into
``_static`` and loads it with ``report-tables.js``; nothing is fetched from
the network.

Sphinx 7.4 registers every inline script of an extension twice (once with
the file name ``None``, once with ``''``), so pages declared the theme's
``const THEBE_JS_URL`` twice and the browser reported an error on every
page; each page's scripts are deduplicated before it is written.

Every page carries the edition's stamp (its release id, or the content hash
of an unreleased build; see :mod:`rcreport.releases`), which the build writes
to ``book/generated/edition.json``. The stamp changes whenever the data does,
and writing it into each page would rewrite every page of the site (a
thousand article pages for one added article), so each page holds a link to
the changes page, which states the edition, and one script,
``_static/edition-stamp.js``, written on every build, puts the stamp's text
into that link. Without JavaScript the link still leads to the edition.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import itables
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search import SearchLanguage, languages
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .files import write_if_changed
from .tables import SITE_TABLES_DIR

logger = logging.getLogger(__name__)

# Letters, digits, underscore and combining marks (Devanagari matras, virama, nukta, anusvara)
WORD = re.compile(r"(?:[^\W_]|\d|_|[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])+")


CROSS_DOCUMENT_GLUE = ".ipynb::"
#: Where the build writes the report's citation data, relative to the project root (the Sphinx confdir)
CITATION_FILE = "book/generated/citation.json"
#: The folder the chapters write their tables' CSV files to, relative to the project root
TABLES_DIR = "build/tables"
#: The offline DataTables bundle of the itables package, copied into _static
ITABLES_BUNDLE = ("dt_bundle.js", "dt_bundle.css")


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
        """A numbered_table node: the parsed caption, the parsed content, and a footer with its data link and citation."""
        node = numbered_table()
        caption_nodes, messages = self.state.inline_text(self.arguments[0], self.lineno)
        node += nodes.caption(self.arguments[0], "", *caption_nodes)
        self.state.nested_parse(self.content, self.content_offset, node)
        self.add_name(node)
        if "name" in self.options:
            anchor = self.options["name"]
            footer = nodes.paragraph("", "", classes=["report-footer"])
            footer += [*data_link(self.env, anchor, self.get_location()), nodes.Text(" · "), *cite_this(self.env, anchor)]
            node += footer
        return [node, *messages]


def citation(env: BuildEnvironment) -> dict[str, str]:
    """The citation data the build wrote (title, author, version, built), noted as a dependency of the page."""
    path = Path(env.app.confdir) / CITATION_FILE
    if not path.is_file():
        logger.warning(f"{CITATION_FILE} is missing: build the book with `rcreport build`, which writes it", location=env.docname)
        return {"title": env.config.project, "author": "", "version": "unknown", "built": "unknown"}
    env.note_dependency(str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def page_prefix(docname: str) -> str:
    """From a page to the root of the site (book/generated/03_themes -> ../../)."""
    return "../" * docname.count("/")


def data_link(env: BuildEnvironment, name: str, location) -> list[nodes.Node]:
    """``Data: <name>.csv``, linked to the CSV in the site's tables folder; a warning if the chapter wrote none."""
    csv_name = f"{name}.csv"
    if not (Path(env.app.confdir) / TABLES_DIR / csv_name).is_file():
        logger.warning(f"{TABLES_DIR}/{csv_name} is missing: the chapter must save the data behind {name} (rcreport.tables)", location=location)
    link = nodes.reference(csv_name, csv_name, refuri=f"{page_prefix(env.docname)}{SITE_TABLES_DIR}/{csv_name}", classes=["data-link"])
    return [nodes.Text("Data: "), link, nodes.Text(" (CSV)")]


def cite_this(env: BuildEnvironment, anchor: str) -> list[nodes.Node]:
    """The one-line reference to an anchor of this page: title, edition, version, build date and address."""
    record = citation(env)
    page = f"{env.docname}.html#{anchor}"
    base = env.config.html_baseurl
    address = f"{base.rstrip('/')}/{page}" if base else page
    href = address if base else f"{Path(env.docname).name}.html#{anchor}"
    edition = f"edition {record['edition']}, " if record.get("edition") else ""
    text = f"{record['author']}, {record['title']}, {edition}version {record['version']}, built {record['built']}, "
    return [
        nodes.inline("", "Cite this: ", classes=["cite-label"]),
        nodes.inline("", text, nodes.reference(address, address, refuri=href), nodes.Text("."), classes=["cite-this"]),
    ]


class DataLinkRole(SphinxRole):
    """``{data-link}`NAME```: the link to the CSV behind the table or figure NAME."""

    def run(self) -> tuple[list[nodes.Node], list]:
        return data_link(self.env, self.text.strip(), self.get_location()), []


class CiteThisRole(SphinxRole):
    """``{cite-this}`ANCHOR```: the one-line reference to ANCHOR on this page."""

    def run(self) -> tuple[list[nodes.Node], list]:
        return cite_this(self.env, self.text.strip()), []


def add_table_assets(app: Sphinx) -> None:
    """Link the itables bundle's stylesheet and the script that makes the report's tables interactive."""
    app.add_css_file(ITABLES_BUNDLE[1])
    app.add_js_file("report-tables.js", type="module")


def copy_tables_and_bundle(app: Sphinx, exception: Exception | None) -> None:
    """Copy the tables' CSV files to ``tables/`` of the site and the itables bundle to ``_static``.

    A file is copied only when it changed (size or time), so an unchanged
    rebuild copies nothing, however large the corpus.
    """
    if exception is not None or app.builder.format != "html":
        return
    bundle_dir = Path(itables.__file__).parent / "html"
    copies = [(bundle_dir / name, Path(app.outdir) / "_static" / name) for name in ITABLES_BUNDLE]
    tables = Path(app.confdir) / TABLES_DIR
    copies += [(path, Path(app.outdir) / SITE_TABLES_DIR / path.name) for path in sorted(tables.glob("*.csv"))]
    for source, target in copies:
        stat = source.stat()
        if target.exists() and (target.stat().st_size, target.stat().st_mtime) == (stat.st_size, stat.st_mtime):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


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
#: The page that states the edition, which each page's stamp links to
EDITION_PAGE = "book/generated/changes"
STAMP_SCRIPT = "edition-stamp.js"
#: What a page's stamp says until the script has run (or where scripts do not run)
STAMP_FALLBACK = "This book's edition"


def read_stamp(app: Sphinx) -> str:
    """The edition's stamp from the file the build wrote, or '' where there is none."""
    path = Path(app.srcdir) / STAMP_FILE
    return json.loads(path.read_text(encoding="utf-8"))["stamp"] if path.is_file() else ""


def stamp_script(stamp: str) -> str:
    """The script that writes ``stamp`` into every stamp link of a page."""
    return f'document.querySelectorAll("a.edition-stamp").forEach((link) => {{ link.textContent = {json.dumps(stamp, ensure_ascii=False)}; }});\n'


def add_stamp_script(app: Sphinx) -> None:
    """Write the stamp's script into ``_static`` (only when its text changed) and load it on every page.

    It is written before any page, so the checksum Sphinx appends to its
    address on the pages it writes is the current script's.
    """
    stamp = read_stamp(app)
    if app.builder.format != "html" or not stamp:
        return
    target = Path(app.outdir) / "_static" / STAMP_SCRIPT
    target.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(target, stamp_script(stamp))
    app.add_js_file(STAMP_SCRIPT, loading_method="defer")


def add_stamp(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Open each page's body with the link that carries the edition's stamp."""
    if "body" in context and read_stamp(app) and EDITION_PAGE in app.env.found_docs:
        address = html.escape(app.builder.get_relative_uri(pagename, EDITION_PAGE)) if pagename != EDITION_PAGE else "#"
        context["body"] = f'<p class="edition-stamp"><a class="edition-stamp" href="{address}">{STAMP_FALLBACK}</a></p>\n' + context["body"]


# Sphinx builds this book serially (jupyter-book's table of contents loads an extension that is not
# parallel-safe) and keeps every page it reads, whole, until the page is written: about 1.4 MB a page, so
# Sphinx took 1.6 GB at 1,000 article pages and 4.2 GB at 3,000. It keeps this many, which write fastest;
# the pages read after them are written from their pickles (about 25 ms a page more) in bounded memory
HELD_DOCTREES_MAX = 1000
HELD_DOCTREES = "_write_doc_doctree_cache"  # where Sphinx (7.x) keeps them
HELD_PICKLES = "_pickled_doctree_cache"  # and where it keeps, for the rest of the build, each pickle it loaded


def release_read_doctrees(app: Sphinx, env, docname: str) -> None:
    """Before a page is read, keep no more than :data:`HELD_DOCTREES_MAX` pages read before it in memory.

    The build's memory must not grow with the book (issue 13: 4 GB at 10,000
    articles), and a book of 1,000 articles keeps the fast path whole. A
    Sphinx without the attribute is left as it is.
    """
    held = getattr(env, HELD_DOCTREES, {})
    while len(held) > HELD_DOCTREES_MAX:
        held.popitem()


def release_written_doctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Once a page is written, drop the pickle Sphinx loaded it from (about 0.12 MB a page), which it would keep to the end."""
    getattr(app.env, HELD_PICKLES, {}).pop(pagename, None)


def setup(app: Sphinx) -> dict:
    """Register the Hindi search language (``html_search_language: hi``), numbered tables, the data and citation
    roles, the interactive tables' assets, the rebuild rule, the script fix, the edition stamp and the release
    of doctrees Sphinx would hold for the whole build."""
    languages["hi"] = HindiEnglishSearch
    app.add_enumerable_node(numbered_table, "table", html=(visit_numbered_table, depart_numbered_table))
    app.add_directive("numbered-table", NumberedTable)
    app.add_role("data-link", DataLinkRole())
    app.add_role("cite-this", CiteThisRole())
    app.connect("builder-inited", add_table_assets)
    app.connect("build-finished", copy_tables_and_bundle)
    app.connect("env-get-outdated", pages_pasting_from_chapters)
    app.connect("html-page-context", drop_duplicate_scripts)
    app.connect("builder-inited", add_stamp_script)
    app.connect("html-page-context", add_stamp)
    app.connect("env-purge-doc", release_read_doctrees)
    app.connect("html-page-context", release_written_doctree)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
