"""`rcreport pdf`: the built book printed to one PDF by Debian's Chromium, read back with poppler.

The PDF is made twice from the session's built copy of the project: as
`make pdf` makes it (no article pages) and with ``--articles``. Its text layer
is extracted by ``pdftotext`` (poppler-utils, installed by
scripts/install-browser) and compared with the corpus, NFC-normalised and
without whitespace: pdftotext puts spaces where glyphs of one word are
spaced apart (after some vowel signs), so whitespace says nothing about
shaping; the order of the characters does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

import pytest

pytestmark = pytest.mark.build


def tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing: scripts/install-browser installs Debian's poppler-utils (make test runs it)")
    return path


def make_pdf(root: Path, *options: str) -> Path:
    """Run `rcreport pdf` on the project at ``root``; return the PDF it wrote."""
    result = subprocess.run([sys.executable, "-m", "rcreport.cli", "pdf", "--root", str(root), *options], capture_output=True, text=True)
    assert result.returncode == 0, f"rcreport pdf failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    path = Path(result.stdout.strip().splitlines()[-1].removeprefix("PDF written: "))
    assert path.is_file(), result.stdout
    return path


def page_count(pdf: Path) -> int:
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def text_layer(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run([tool("pdftotext"), "-enc", "UTF-8", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def squeezed(text: str) -> str:
    """NFC, without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@pytest.fixture(scope="module")
def project(built_book):
    return built_book.parents[1]


@pytest.fixture(scope="module")
def report_pdf(project):
    """The PDF as `make pdf` writes it: _build/pdf/rcreport-<version>.pdf, without the article pages."""
    return make_pdf(project)


@pytest.fixture(scope="module")
def full_pdf(project):
    """The PDF with the article pages."""
    return make_pdf(project, "--articles", "--output", str(project / "_build" / "pdf" / "with-articles.pdf"))


@pytest.fixture(scope="module")
def first_sentence(corpus):
    """The first sentence of the first included article, from data/."""
    included = corpus.articles[corpus.articles["status"] == "included"].sort_values("id")
    sentences = corpus.sentences[corpus.sentences["article_id"] == included.iloc[0]["id"]].sort_values("sentence_no")
    return sentences.iloc[0]


def test_pdf_is_written_where_make_pdf_says_with_plausible_pages(project, report_pdf, full_pdf):
    assert report_pdf == project / "_build" / "pdf" / f"rcreport-{metadata.version('rcreport')}.pdf"
    pages, with_articles = page_count(report_pdf), page_count(full_pdf)
    # Title, contents, front matter, findings, methods, limitations, five chapters, references
    assert pages > 15, pages
    assert with_articles > pages, (with_articles, pages)
    # The footer numbers every page
    text = text_layer(report_pdf, 3, 3)
    assert f"page 3 of {pages}" in text


def test_title_page_carries_the_citation(project, report_pdf):
    title_page = squeezed(text_layer(report_pdf, 1, 1))
    citation = (project / "book" / "generated" / "citation.bib").read_text(encoding="utf-8")
    note = re.search(r"note = \{(.*)\}", citation).group(1)
    commit = re.search(r"commit (\S+)", note).group(1)
    built = re.search(r"built (\S+)", note).group(1)
    for expected in ("Russia–China relations in Hindi news", f"Version{metadata.version('rcreport')}", f"Built{built}", f"Commit{commit}", "@misc{rcreport_book"):
        assert squeezed(expected) in title_page, expected


def test_devanagari_text_layer_is_in_logical_order(full_pdf, first_sentence):
    text = text_layer(full_pdf)
    assert "\u25cc" not in text, "a dotted circle: a vowel sign was drawn without its consonant"
    # The sentence id, visible, then the sentence as written in data/
    expected = squeezed(f"{first_sentence.sentence_id} {first_sentence.text}")
    assert re.search(r"[\u0900-\u097f]", expected)
    assert expected in squeezed(text), f"{expected!r} not in the PDF's text layer"


def test_sentence_links_stay_inside_the_pdf_or_lead_to_the_html_book(project, report_pdf, full_pdf):
    sentence_link = re.compile(rb"/Dest /(A\d{3}\.s\d{3})")
    # With the article pages, evidence links are links inside the PDF, to the sentence's own anchor
    inside = set(sentence_link.findall(full_pdf.read_bytes()))
    assert inside, "no link inside the PDF to a sentence"
    # Without them, they lead to the sentence on its page of the HTML book
    html_book = (project / "_build" / "html").resolve().as_uri().encode()
    outside = re.findall(rb"/URI \(" + re.escape(html_book) + rb"/book/generated/articles/A\d{3}\.html#(A\d{3}\.s\d{3})\)", report_pdf.read_bytes())
    # (the article pages' summaries add links of their own to their sentences, inside the PDF only)
    assert outside and set(outside) <= inside, "the same evidence links, to the HTML book"
    assert not sentence_link.findall(report_pdf.read_bytes())
