"""The report as one PDF for briefings: the built HTML book, assembled into one page and printed by Chromium.

The PDF is made from ``_build/html`` as it was built, so it carries the same
numbers, tables and figures as the HTML book. The pages of the table of
contents (``_toc.yml``), in its order, are taken from the built HTML (the
article of each page, without the theme's navigation), joined into one HTML
document after a title page and a contents list, and printed to A4 by
Debian's Chromium through Playwright: a browser engine, so Devanagari is
shaped by HarfBuzz exactly as readers of the HTML book see it, and the text
layer keeps the characters in their logical order.

Links are rewritten for the single document:

* a link to a page in the PDF, or to an anchor on it (a sentence such as
  ``A003.s016``, a figure, a section), becomes a link inside the PDF;
* a link to a page left out (the article pages and their list, unless ``include_articles``;
  the search page, the index) or to a file of the site (the CSV behind a
  table) points to the HTML book: ``html_url`` if given, else ``html.baseurl``
  of ``_config.yml`` (where the book is published), else the built
  ``_build/html`` on this machine (a ``file://`` address);
* links to other sites are kept.

Ids are kept as they are where they are unique in the document (so sentence
anchors stay ``A003.s016``), and prefixed with their page otherwise (two
pages may both have a section ``summary``).
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FONT_DIR = Path(__file__).parent / "fonts"
ARTICLE_PAGES = "book/generated/articles/"
#: The page that lists the article pages: left out with them
ARTICLES_INDEX = "book/articles"
# What the HTML book has for a screen and a PDF does not need
SCREEN_ONLY = ("a.headerlink", "script", "button", "nav", ".prev-next-area", ".toctree-wrapper", ".bd-sidebar-secondary")
# A4 is 210 mm wide; less 2 x 16 mm of margin, at CSS's 96 px per inch
MARGIN_MM = 16
PRINT_WIDTH_PX = round((210 - 2 * MARGIN_MM) / 25.4 * 96)
# A table wider than the page would make Chromium shrink every page to fit it: shrink that table alone
FIT_WIDE_TABLES = """() => {
  for (const table of document.querySelectorAll('.pdf-page table')) {
    const width = table.closest('.pdf-page').clientWidth;
    if (table.scrollWidth > width) table.style.zoom = (width / table.scrollWidth).toFixed(3);
  }
}"""
BIBTEX_FIELD = re.compile(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$", re.MULTILINE)


class PdfError(RuntimeError):
    """The PDF cannot be made: the book is not built, or Chromium is missing."""


@dataclass(frozen=True)
class TocPage:
    """One page of the book as the table of contents lists it."""

    part: str
    docname: str  # e.g. book/findings, the page's path without suffix


def toc_pages(root: Path, include_articles: bool = False) -> list[TocPage]:
    """The book's pages in the order of ``_toc.yml``: the root page, then each part's chapters and sections."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [TocPage("", toc["root"])]

    def entries(part: str, items: list[dict]) -> None:
        for item in items or []:
            if "file" in item:
                pages.append(TocPage(part, strip_suffix(item["file"])))
            elif "glob" in item:
                matches = sorted({strip_suffix(str(path.relative_to(root))) for path in root.glob(item["glob"]) if path.suffix in (".md", ".ipynb")})
                pages.extend(TocPage(part, docname) for docname in matches)
            entries(part, item.get("sections", []))

    for part in toc.get("parts", []):
        entries(part.get("caption", ""), part.get("chapters", []))
    entries("", toc.get("chapters", []))
    if not include_articles:
        pages = [page for page in pages if not page.docname.startswith(ARTICLE_PAGES) and page.docname != ARTICLES_INDEX]
    return pages


def strip_suffix(name: str) -> str:
    """A toc entry without its file suffix."""
    return re.sub(r"\.(md|ipynb|rst)$", "", name)


def page_id(docname: str) -> str:
    """The anchor of a whole page in the PDF."""
    return "page--" + docname.replace("/", "--")


def book_citation_fields(root: Path) -> dict[str, str]:
    """The fields of the BibTeX entry the build wrote for the book (version, note with build date and commit)."""
    path = root / "book" / "generated" / "citation.bib"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    fields = {name: value.strip("{}") for name, value in BIBTEX_FIELD.findall(text)}
    fields["bibtex"] = text.strip()
    return fields


class Assembler:
    """Join the built pages into one document, rewriting ids, links and file addresses."""

    def __init__(self, html_dir: Path, pages: list[TocPage], html_url: str):
        self.html_dir = html_dir
        self.pages = pages
        self.html_url = html_url if html_url.endswith("/") else html_url + "/"
        self.included = {page.docname for page in pages}
        self.articles: dict[str, Tag] = {}
        for page in pages:
            path = html_dir / f"{page.docname}.html"
            if not path.exists():
                raise PdfError(f"{path}: the page is in _toc.yml but not in the built book; run `make book` (or `rcreport build`) first")
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            article = soup.select_one("article.bd-article") or soup.select_one("[role=main]") or soup.body
            for element in article.select(", ".join(SCREEN_ONLY)):
                element.decompose()
            self.articles[page.docname] = article
        owners = Counter()
        for _docname, article in self.articles.items():
            owners.update({element["id"] for element in article.find_all(id=True)})
        self.shared_ids = {name for name, count in owners.items() if count > 1}

    def anchor(self, docname: str, fragment: str) -> str:
        """The id in the PDF of ``fragment`` on page ``docname``."""
        if not fragment:
            return page_id(docname)
        return f"{docname.replace('/', '--')}--{fragment}" if fragment in self.shared_ids else fragment

    def rewrite(self, docname: str, article: Tag) -> None:
        """Make ids unique, links internal where their target is in the PDF, and file addresses absolute."""
        here = posixpath.dirname(docname)
        for element in article.find_all(id=True):
            element["id"] = self.anchor(docname, element["id"])
        for link in article.find_all("a", href=True):
            link["href"] = self.link(here, docname, link["href"])
        for image in article.find_all(["img", "source"], src=True):
            image["src"] = self.file_uri(here, image["src"])
        for image in article.find_all("img", srcset=True):
            del image["srcset"]

    def link(self, here: str, docname: str, href: str) -> str:
        """Where a link of page ``docname`` points in the PDF."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return href
        if not parts.path:
            return "#" + self.anchor(docname, parts.fragment)
        target = posixpath.normpath(posixpath.join(here, parts.path))
        target_doc = target[: -len(".html")] if target.endswith(".html") else None
        if target_doc == "index":
            target_doc = self.pages[0].docname
        if target_doc in self.included:
            return "#" + self.anchor(target_doc, parts.fragment)
        return self.html_url + target + (f"#{parts.fragment}" if parts.fragment else "")

    def file_uri(self, here: str, src: str) -> str:
        """A relative address of a page's image, made absolute so that it loads from the joined document."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("data:"):
            return src
        return (self.html_dir / posixpath.normpath(posixpath.join(here, parts.path))).resolve().as_uri()


def stylesheets(html_dir: Path, docname: str) -> list[str]:
    """The book's stylesheets, as the first page links them, as absolute addresses."""
    soup = BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    here = posixpath.dirname(docname)
    sheets = []
    for link in soup.find_all("link", rel="stylesheet", href=True):
        path = urlsplit(link["href"]).path
        sheets.append((html_dir / posixpath.normpath(posixpath.join(here, path))).resolve().as_uri())
    return sheets


def print_css() -> str:
    """The print styles of the PDF: A4 pages, the bundled Devanagari font, each chapter on a new page."""
    regular = (FONT_DIR / "NotoSansDevanagari-Regular.ttf").resolve().as_uri()
    bold = (FONT_DIR / "NotoSansDevanagari-Bold.ttf").resolve().as_uri()
    return f"""
@font-face {{ font-family: "Report Devanagari"; src: url("{regular}"); font-weight: 400; unicode-range: U+0900-097F, U+1CD0-1CFF, U+A8E0-A8FF, U+200C-200D, U+25CC; }}
@font-face {{ font-family: "Report Devanagari"; src: url("{bold}"); font-weight: 700; unicode-range: U+0900-097F, U+1CD0-1CFF, U+A8E0-A8FF, U+200C-200D, U+25CC; }}
:root, html[data-theme="light"] {{
  --pst-font-family-base: "Report Devanagari", "Noto Sans", "DejaVu Sans", sans-serif;
  --pst-font-family-heading: "Report Devanagari", "Noto Sans", "DejaVu Sans", sans-serif;
  --pst-font-size-base: 10pt;
}}
html {{ font-size: 10pt; }}
body {{ font-family: var(--pst-font-family-base); margin: 0; padding: 0; background: white; }}
a {{ color: #1d4f91; text-decoration: none; }}
.pdf-page {{ break-before: page; }}
/* The theme's print styles hide a page's first heading and indent the content; not in the PDF */
.bd-main .bd-content {{ margin-left: 0 !important; }}
.pdf-page h1:first-of-type {{ display: block !important; }}
.pdf-part {{ break-before: page; padding-top: 35%; text-align: center; }}
.pdf-part h1 {{ font-size: 22pt; }}
.pdf-part + .pdf-page {{ break-before: page; }}
/* The theme's print styles hide a page's first heading and indent the content; not in the PDF */
.bd-main .bd-content {{ margin-left: 0 !important; }}
.pdf-page h1:first-of-type {{ display: block !important; }}
.pdf-title {{ padding-top: 20%; }}
.pdf-title h1 {{ font-size: 24pt; margin-bottom: 0.4em; }}
.pdf-title .subtitle {{ font-size: 13pt; color: #444; }}
.pdf-title dl {{ margin-top: 3em; display: grid; grid-template-columns: max-content auto; gap: 0.3em 1.2em; }}
.pdf-title dt {{ font-weight: 700; }}
.pdf-title dd {{ margin: 0; overflow-wrap: anywhere; }}
.pdf-title pre {{ white-space: pre-wrap; font-size: 8.5pt; background: #f5f5f5; padding: 0.8em; border-radius: 3px; }}
.pdf-contents {{ break-before: page; }}
.pdf-contents ol {{ list-style: none; padding-left: 0; }}
.pdf-contents ol ol {{ padding-left: 1.5em; }}
.pdf-contents li {{ margin: 0.15em 0; }}
h1, h2, h3, h4, caption, figcaption {{ break-after: avoid; }}
figure, img, .numbered-table > .caption, tr {{ break-inside: avoid; }}
img {{ max-width: 100% !important; height: auto; }}
table {{ font-size: 8.5pt; max-width: 100%; }}
td, th {{ overflow-wrap: break-word; }}
thead th {{ white-space: normal !important; }}
.pst-scrollable-table-container, .table-wrapper, .output, .cell_output {{ overflow: visible !important; max-height: none !important; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
.sentence-anchor {{ scroll-margin-top: 0; }}
"""


def footer_template(title: str, version: str) -> str:
    """The page footer: the short citation and the page number (Chromium fills the number spans)."""
    return (
        '<div style="font-size:7.5pt;color:#555;width:100%;padding:0 16mm;display:flex;justify-content:space-between;'
        'font-family:sans-serif">'
        f"<span>{html.escape(title)} · version {html.escape(version)}</span>"
        '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
    )


def title_page(title: str, version: str, citation: dict[str, str], html_url: str) -> str:
    """The title page: the report's title, version, build and the BibTeX entry to cite it with."""
    note = citation.get("note", "")
    built = re.search(r"built (\S+)", note)
    commit = re.search(r"commit (\S+)", note)
    rows = [
        ("Version", version),
        ("Built", built.group(1) if built else "unknown"),
        ("Commit", commit.group(1) if commit else "unknown"),
        ("HTML edition", f'<a href="{html.escape(html_url)}">{html.escape(html_url)}</a>'),
    ]
    items = "".join(f"<dt>{name}</dt><dd>{value if name == 'HTML edition' else html.escape(value)}</dd>" for name, value in rows)
    bibtex = f"<p><strong>Cite as</strong></p><pre>{html.escape(citation['bibtex'])}</pre>" if citation.get("bibtex") else ""
    return (
        f'<section class="pdf-title" id="pdf-title"><h1>{html.escape(title)}</h1>'
        '<p class="subtitle">A reproducible report on how Hindi-language news media cover Russia–China relations</p>'
        f"<dl>{items}</dl>{bibtex}"
        "<p>Evidence is cited by sentence id (such as A003.s016); a link to a sentence leads to it in this PDF "
        "where its article is included, and to the HTML edition otherwise.</p></section>"
    )


def page_title(article: Tag, docname: str) -> str:
    """The first heading of a page, without its permalink sign."""
    heading = article.find(["h1", "h2"])
    return heading.get_text(" ", strip=True) if heading else docname


def contents(pages: list[TocPage], titles: dict[str, str]) -> str:
    """The contents list: each part and its pages, each a link into the PDF."""
    out = ['<section class="pdf-contents" id="pdf-contents"><h1>Contents</h1><ol>']
    part = None
    for page in pages:
        if page.part != part:
            if part:
                out.append("</ol></li>")
            if page.part:
                out.append(f'<li><a href="#{part_id(page.part)}"><strong>{html.escape(page.part)}</strong></a><ol>')
            part = page.part
        out.append(f'<li><a href="#{page_id(page.docname)}">{html.escape(titles[page.docname])}</a></li>')
    if part:
        out.append("</ol></li>")
    out.append("</ol></section>")
    return "".join(out)


def part_id(caption: str) -> str:
    return "part--" + re.sub(r"\W+", "-", caption.lower()).strip("-")


def assemble(root: Path, include_articles: bool = False, html_url: str | None = None) -> str:
    """The whole report as one HTML document, ready to print."""
    html_dir = root / "_build" / "html"
    if not (html_dir / "index.html").exists():
        raise PdfError(f"{html_dir}: the book is not built; run `make book` (or `rcreport build`) first")
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    html_url = html_url or (config.get("html") or {}).get("baseurl") or html_dir.resolve().as_uri() + "/"
    title = config.get("title", "Report")
    version = metadata.version("rcreport")
    pages = toc_pages(root, include_articles)
    assembler = Assembler(html_dir, pages, html_url)
    titles = {docname: page_title(article, docname) for docname, article in assembler.articles.items()}
    body = [title_page(title, version, book_citation_fields(root), html_url), contents(pages, titles)]
    part = None
    for page in pages:
        if page.part != part and page.part:
            body.append(f'<section class="pdf-part" id="{part_id(page.part)}"><h1>{html.escape(page.part)}</h1></section>')
        part = page.part
        article = assembler.articles[page.docname]
        assembler.rewrite(page.docname, article)
        article.name = "section"
        article["class"] = ["pdf-page"]
        article["id"] = page_id(page.docname)
        body.append(str(article))
    links = "".join(f'<link rel="stylesheet" href="{html.escape(sheet)}">' for sheet in stylesheets(html_dir, pages[0].docname))
    return (
        f'<!DOCTYPE html>\n<html lang="en" data-theme="light"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"{links}<style>{print_css()}</style></head>"
        f'<body><main class="bd-main"><div class="bd-content"><div class="bd-article-container">{"".join(body)}</div></div></main></body></html>\n'
    )


def pdf_name(version: str) -> str:
    return f"rcreport-{version}.pdf"


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise PdfError("Chromium is missing: scripts/install-browser installs Debian's package (make pdf runs it)")
    return path


def build_pdf(root: Path, include_articles: bool = False, output: Path | None = None, html_url: str | None = None) -> Path:
    """Write the report's PDF (by default ``_build/pdf/rcreport-<version>.pdf``) and return its path.

    The joined HTML it is printed from is kept next to it (``.html``).
    """
    from playwright.sync_api import sync_playwright

    root = Path(root).resolve()
    version = metadata.version("rcreport")
    output = Path(output) if output else root / "_build" / "pdf" / pdf_name(version)
    output.parent.mkdir(parents=True, exist_ok=True)
    document = output.with_suffix(".html")
    document.write_text(assemble(root, include_articles, html_url), encoding="utf-8")
    title = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")).get("title", "Report")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        try:
            # Laid out at the printable width of A4 with print styles, as Chromium will print it
            page = browser.new_page(viewport={"width": PRINT_WIDTH_PX, "height": 1000})
            page.emulate_media(media="print")
            page.goto(document.resolve().as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            page.evaluate(FIT_WIDE_TABLES)
            page.pdf(
                path=str(output),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer_template(title, version),
                margin={"top": "16mm", "bottom": "18mm", "left": f"{MARGIN_MM}mm", "right": f"{MARGIN_MM}mm"},
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    return output
