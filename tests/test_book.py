"""The built book (the session's one build of the fixture corpus): pages, the corpus chapter's table and figure, the bibliography, the chronology chapter."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURE_IDS as ARTICLE_IDS

pytestmark = pytest.mark.build


def page(html_dir, name):
    """The HTML text of one built page."""
    return (html_dir / name).read_text(encoding="utf-8")


def test_front_page_cites_articles(built_book):
    assert "url=book/intro.html" in page(built_book, "index.html")
    assert (built_book / "favicon.ico").is_file(), "browsers ask for /favicon.ico on the redirect page, which links no icon"
    html = page(built_book, "book/intro.html")
    assert "Russia–China relations in Hindi news" in html
    assert len(re.findall(r'href="references\.html#id\d+"', html)) >= 2, "the intro cites no article"


def test_corpus_chapter_has_table_figure_and_cleaning_report(built_book):
    html = page(built_book, "book/generated/01_corpus.html")
    for article_id in ARTICLE_IDS:
        assert f"<td>{article_id}</td>" in html or f">{article_id}<" in html
    assert re.search(r'<img[^>]+src="[^"]+\.svg"', html), "the length figure is missing"
    assert re.search(r"Fig\. \d+", html), "the figure has no number"
    assert "comment form" in html and "related-article link" in html
    assert "पुतिन ने रूस-चीन के बीच घनिष्ठ सहयोग का आह्वान किया" in html


CHAPTERS = ["01_corpus", "02_language", "03_themes", "04_stances", "05_chronology"]


def test_every_chapter_numbers_its_tables_and_the_text_refers_to_them(built_book):
    numbers, references = [], []
    for chapter in CHAPTERS:
        html = page(built_book, f"book/generated/{chapter}.html")
        captions = re.findall(r'<div class="numbered-table" id="(tbl-[\w-]+)">\s*<p[^>]*><span class="caption-number">Table (\d+)', html)
        assert captions, f"{chapter} has no numbered table"
        numbers += [int(number) for _, number in captions]
        references += [(label, number) for label, number in captions if f'href="#{label}"><span class="std std-numref">Table {number}<' in html]
    assert numbers == list(range(1, len(numbers) + 1)), "tables are not numbered in reading order"
    assert len(references) >= 4, references


def test_bibliography_lists_every_article(built_book):
    html = page(built_book, "book/references.html")
    for title in ("Kremlin: Xi helps Putin", "Putin Talked Jinping", "Russia-Chian Relation", "डियर फ्रेंड"):
        assert title in html
    assert html.count("corpus id A0") == len(ARTICLE_IDS)


def test_executed_chapters_are_build_products(built_book):
    """papermill writes the executed chapters under book/generated; the templates stay output-free."""
    root = built_book.parents[1]
    assert (root / "book" / "generated" / "01_corpus.ipynb").is_file()


def test_the_build_is_quiet(built_book):
    """A build that succeeds prints its steps and the progress bar, and no warning to skim past."""
    output = (built_book.parents[1] / "build" / "build-output.txt").read_text(encoding="utf-8")
    assert "executing notebooks/01_corpus.ipynb" in output
    assert not [line for line in output.splitlines() if "WARNING" in line.upper()], output[-4000:]


def test_chronology_chapter_is_in_the_book(built_book):
    html = (built_book / "book" / "generated" / "05_chronology.html").read_text(encoding="utf-8")
    assert re.search(r'<img[^>]+src="[^"]+\.svg"', html) and re.search(r"Fig\. \d+", html)
    assert 'href="articles/A003.html#A003.s016"' in html
    assert "2022-12-30 (inferred" in html
