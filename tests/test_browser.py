"""The built book in a real browser (Debian's Chromium, driven by Playwright) served from 127.0.0.1.

Screenshots of the front page and a chapter are kept in build/test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

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
        assert not page.problems, f"{name}: {page.problems}"
        page.problems.clear()


def test_front_page_and_chapter_render_devanagari_and_figures(site, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{site}/index.html", wait_until="load")
    page.wait_for_url("**/book/intro.html")
    assert "Russia–China relations in Hindi news" in page.title()
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=False)
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


def test_search_finds_a_hindi_word(site, page):
    page.goto(f"{site}/search.html?q=जिनपिंग", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    results = page.inner_text("#search-results")
    assert "A003" in results
