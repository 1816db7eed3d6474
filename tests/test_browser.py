"""The built book in a real browser (Debian's Chromium, driven by Playwright) served from 127.0.0.1.

Screenshots of the front page and a chapter are kept in build/test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "build" / "test-artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        """Keep the test output free of one line per request."""


@pytest.fixture(scope="module")
def site(built_book):
    """The built book served over HTTP on a free loopback port; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_book)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: scripts/install-browser installs Debian's package (make test runs it)")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, missing files and failed requests.

    A request the browser itself aborted (a favicon still loading when the
    test moves to the next page) is not a problem of the book.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("response", lambda response: response.status >= 400 and page.problems.append(f"HTTP {response.status}: {response.url}"))
    page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and page.problems.append(f"failed request: {request.url} ({request.failure})"))
    yield page
    context.close()


def html_pages(built_book):
    """Every HTML page of the book, relative to its root."""
    return sorted(str(path.relative_to(built_book)) for path in built_book.rglob("*.html") if "_static" not in path.parts)


def test_every_page_loads_without_errors(built_book, site, page):
    for name in html_pages(built_book):
        page.goto(f"{site}/{name}", wait_until="load")
        if name == "index.html":  # the front page's redirect: let it finish before the next page
            page.wait_for_url("**/book/intro.html")
        assert not page.problems, f"{name}: {page.problems}"
        page.problems.clear()


def test_front_page_and_chapter_render_devanagari_and_figures(site, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{site}/index.html", wait_until="load")
    page.wait_for_url("**/book/intro.html")
    assert "Russia–China relations in Hindi news" in page.title()
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=False)
    assert page.locator("main a.evidence").count() >= 3, "the front page's headline findings link their evidence"
    page.goto(f"{site}/book/generated/01_corpus.html", wait_until="load")
    assert "पुतिन" in page.inner_text("main")
    widths = page.eval_on_selector_all("main img", "images => images.map(image => image.naturalWidth)")
    assert widths and all(width > 0 for width in widths), widths
    page.screenshot(path=str(ARTIFACTS / "corpus-chapter.png"), full_page=False)


@pytest.mark.parametrize("start", ["book/findings.html", "book/generated/03_themes.html"])
def test_evidence_link_lands_on_its_sentence(site, page, start):
    """From a key finding, and from a chapter's evidence table, one click reaches the supporting sentence."""
    page.goto(f"{site}/{start}", wait_until="load")
    link = page.locator("a.evidence").first
    target = link.inner_text()
    link.click()
    page.wait_for_load_state("load")
    url = urlparse(page.url)
    assert url.path.endswith(f"/articles/{target.split('.')[0]}.html") and unquote(url.fragment) == target
    anchor = page.locator(f'[id="{target}"]')
    assert anchor.count() == 1
    assert 0 <= anchor.evaluate("element => element.getBoundingClientRect().top") < 900, "the sentence is not scrolled into view"
    highlight = anchor.evaluate("element => getComputedStyle(element.closest('p')).backgroundColor")
    assert highlight == "rgb(255, 243, 196)", f"the sentence {target} is not highlighted ({highlight})"


CHAPTERS = ["book/generated/01_corpus.html", "book/generated/02_language.html", "book/generated/03_themes.html", "book/generated/04_stances.html", "book/generated/05_chronology.html"]
# The pages a reader reads on a phone: the front page, the findings and every chapter
READING_PAGES = ["book/intro.html", "book/findings.html", *CHAPTERS]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_table_shows_a_pandas_index(site, page, chapter):
    """Tables are the report's own (rcreport.tables): no row headers in the body, no empty corner cell, no raw DataFrame."""
    page.goto(f"{site}/{chapter}", wait_until="load")
    assert page.locator("main table.report-table").count() > 0
    assert page.locator("main table.dataframe").count() == 0
    assert page.locator("main table.report-table tbody th").count() == 0
    corners = page.eval_on_selector_all("main table.report-table thead tr", "rows => rows.map(row => row.cells[0].textContent.trim())")
    assert all(corners), corners


def test_a_figure_has_alt_text_and_a_data_link_that_resolves(site, page):
    page.goto(f"{site}/book/generated/03_themes.html", wait_until="load")
    figures = page.locator("main figure")
    assert figures.count() >= 2
    for index in range(figures.count()):
        figure = figures.nth(index)
        assert len(figure.locator("img").get_attribute("alt") or "") > 40, "a figure without a real alt text"
        link = figure.locator("a.data-link")
        assert link.count() == 1
        response = page.request.get(urljoin(page.url, link.get_attribute("href")))
        assert response.ok and response.headers["content-type"].startswith("text/csv")
        assert response.text().splitlines()[0].count(",") >= 1
        assert figure.locator(".cite-this").inner_text().startswith("The rcreport authors, Russia–China Relations in Hindi News")


def test_a_finding_cites_its_own_address_and_its_data(site, page):
    page.goto(f"{site}/book/findings.html", wait_until="load")
    section = page.locator('section:has(> span[id="finding-themes"])')
    assert section.count() == 1
    cite = section.locator(".cite-this a")
    assert cite.get_attribute("href").endswith("findings.html#finding-themes")
    response = page.request.get(urljoin(page.url, section.locator("a.data-link").get_attribute("href")))
    assert response.ok


def test_every_page_shows_the_edition_stamp_linked_to_the_changes_page(site, page):
    """The stamp's text comes from one script; on the page it reads as the edition and leads to where the edition is stated."""
    for name in ("book/intro.html", "book/generated/articles/A001.html"):
        page.goto(f"{site}/{name}", wait_until="load")
        stamp = page.locator("main a.edition-stamp")
        assert stamp.inner_text().startswith("Unreleased build of content"), name
        assert page.request.get(urljoin(page.url, stamp.get_attribute("href"))).ok


def test_large_tables_are_interactive_offline_and_complete_without_javascript(browser, site, page):
    """DataTables comes from the site itself (itables' offline bundle); with JavaScript off the same rows are there."""
    requested = []
    page.on("request", lambda request: requested.append(urlparse(request.url).hostname))
    page.goto(f"{site}/book/generated/03_themes.html", wait_until="networkidle")
    table = page.locator("#tbl-theme-evidence")
    table.locator(".dt-container input[type=search]").wait_for(timeout=15000)
    assert set(requested) == {"127.0.0.1"}, f"requests left the site: {set(requested)}"
    rows = table.locator("tbody tr").count()
    table.locator(".dt-container input[type=search]").fill("A001.s0")
    assert 0 < table.locator("tbody tr").count() < rows
    context = browser.new_context(java_script_enabled=False)
    static = context.new_page()
    static.goto(f"{site}/book/generated/03_themes.html", wait_until="load")
    assert static.locator("#tbl-theme-evidence tbody tr").count() == rows
    assert "rows shown" in static.locator("#tbl-theme-evidence").inner_text()
    context.close()


@pytest.mark.parametrize("name", READING_PAGES)
def test_a_phone_width_page_scrolls_only_inside_table_boxes(browser, site, name):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{site}/{name}", wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    outside = phone.evaluate(
        """() => [...document.querySelectorAll('article.bd-article *')]
            .filter(element => element.getBoundingClientRect().right > 391 && !element.closest('.report-table-box'))
            .map(element => element.tagName + '.' + element.getAttribute('class'))"""
    )
    assert not outside, outside[:10]
    context.close()


def test_an_article_page_shows_a_stance_with_its_highlighted_cue(browser, site, page):
    """A sentence with a stance marks its cue in the text, coloured by polarity, and notes the holder → target triple under it."""
    page.goto(f"{site}/book/generated/articles/A000.html", wait_until="load")
    sentence = page.locator('p:has(> [id="A000.s011"])')
    cue = sentence.locator("mark.cue.cue-oppose", has_text="निंदा")
    assert cue.count() == 1
    assert cue.evaluate("element => getComputedStyle(element).backgroundColor") == "rgb(246, 214, 210)", "the cue is not highlighted"
    assert "China → The West: oppose (निंदा)" in sentence.locator(".note-stance").all_inner_texts()
    assert sentence.locator("mark.actor", has_text="चीन").count() >= 1, "a known actor is not highlighted"
    assert "What the analysis found" in page.inner_text("main")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{site}/book/generated/articles/A000.html", wait_until="load")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the annotated page scrolls sideways on a phone"
    context.close()


def test_search_finds_a_hindi_word(site, page):
    page.goto(f"{site}/search.html?q=जिनपिंग", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    results = page.inner_text("#search-results")
    assert "A003" in results
