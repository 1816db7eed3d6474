"""Rebuilding: nothing changed runs no chapter and annotates nothing; added articles are the only ones annotated and analysed and reach every chapter;
markup in an added article's text never reaches the HTML as markup; a second build from scratch is byte-identical.

Works on a copy of the session's built book (its annotation cache, executed
chapters and HTML included), so the builds here are the second and third; the
determinism test needs a cold build of its own. Ids of added articles come
from the library (``next_article_id``).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILD_DAY, FIXTURE_IDS, copy_project
from rcreport.corpus import next_article_id

pytestmark = pytest.mark.build

RCREPORT = [sys.executable, "-m", "rcreport.cli"]
CHAPTERS = ["01_corpus", "02_language", "03_themes", "04_stances", "05_chronology"]
# A short report written for this test (no seed shares its sentences): themes, a quotation, a stance and a date.
NEW_ARTICLE = """रूस और चीन की नौसेनाओं ने प्रशांत महासागर में संयुक्त अभ्यास शुरू किया

बीजिंग, 12 जुलाई 2024। रूस और चीन की नौसेनाओं ने शुक्रवार को प्रशांत महासागर में दस दिन का संयुक्त सैन्य अभ्यास शुरू किया।
चीन के रक्षा मंत्रालय ने कहा कि यह अभ्यास किसी तीसरे देश के खिलाफ नहीं है।
रूसी राष्ट्रपति व्लादिमीर पुतिन ने कहा, "चीन के साथ हमारा रक्षा सहयोग पहले से कहीं ज्यादा मजबूत है।"
चीन ने अमेरिका के नए प्रतिबंधों की कड़ी निंदा की और रूस के साथ तेल व्यापार जारी रखने का संकल्प दोहराया।
"""
# Hostile text: HTML, script, Markdown, MyST roles, directives and math. Lines with
# Devanagari are kept as sentences; the others are removed by cleaning and listed
MARKUP = """मॉस्को में रूस और चीन के विदेश मंत्रियों की बैठक के बाद दोनों देशों ने आपसी व्यापार बढ़ाने की बात दोहराई।
बैठक में ऊर्जा, परिवहन और सीमा पर व्यापार से जुड़े कई मुद्दों पर विस्तार से चर्चा हुई।
रूस और चीन की <b>साझेदारी</b> पर <script>alert("xss-kept")</script> नई बहस शुरू हुई।
<script>alert("xss-removed")</script>
विशेषज्ञों ने कहा कि **व्यापार** और _ऊर्जा_ पर [समझौता](javascript:alert(1)) अहम है।
```{raw} html
<img src=x onerror=alert("xss-img")>
```
पुतिन ने {cite}`x` और {ref}`article-A000` जैसे संदर्भ नहीं दिए, पर $$x^2$$ जैसी बातें भी नहीं कीं।
$$
शी जिनपिंग ने कहा: ```{raw} html <script>alert("xss-fence")</script>``` यह सहयोग जारी रहेगा।
"""
HOSTILE_TITLE = 'रूस-चीन <script>alert("xss-title")</script> {cite}`x`'


def tree_digest(directory: Path) -> dict[str, str]:
    """sha256 of every file under a directory, by relative path."""
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(directory.rglob("*")) if path.is_file()}


def page_times(root: Path) -> dict[str, int]:
    """The modification time (ns) of every generated page and chapter and of every file of the HTML, by path."""
    generated, html = root / "book" / "generated", root / "_build" / "html"
    paths = [*sorted(generated.rglob("*.md")), *sorted(generated.glob("*.ipynb")), *sorted(path for path in html.rglob("*") if path.is_file())]
    return {str(path.relative_to(root)): path.stat().st_mtime_ns for path in paths}


def rcreport(*arguments: str) -> subprocess.CompletedProcess:
    """Run the real command line; fail with its output if it fails."""
    result = subprocess.run([*RCREPORT, *arguments], capture_output=True, text=True)
    assert result.returncode == 0, f"{arguments[0]} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def rebuilt(built_book, tmp_path_factory):
    """The built project copied (its own copy: it is changed), rebuilt unchanged, then given two articles and rebuilt again.

    The two articles are NEW_ARTICLE (a plain report) and MARKUP, a hostile one,
    added with `rcreport add`: one rebuild serves the rebuild and the escaping
    tests instead of a cold build for each. Returns the three states' cache and
    table digests, the two builds' output, the root, the HTML directory and the
    added ids.
    """
    root = Path(shutil.copytree(built_book.parent.parent, tmp_path_factory.mktemp("rebuild") / "project"))
    cache, tables = root / ".cache" / "annotations", root / "build" / "tables"
    analyses = root / ".cache" / "analysis"
    states = {"built": (tree_digest(cache), tree_digest(tables))}
    stored = {"built": tree_digest(analyses)}
    pages = {"built": page_times(root)}
    unchanged = rcreport("build", "--root", str(root), "--as-of", BUILD_DAY)
    states["unchanged"] = (tree_digest(cache), tree_digest(tables))
    stored["unchanged"] = tree_digest(analyses)
    pages["unchanged"] = page_times(root)
    new_id = next_article_id(FIXTURE_IDS)
    hostile_id = next_article_id([*FIXTURE_IDS, new_id])
    for article_id, name, text, title, options in (
        (new_id, "new-article.txt", NEW_ARTICLE, "रूस और चीन का संयुक्त नौसैनिक अभ्यास", ["--published", "2024-07-12"]),
        (hostile_id, "hostile.txt", MARKUP, HOSTILE_TITLE, []),
    ):
        source = root / name
        source.write_text(text, encoding="utf-8")
        added = rcreport("add", str(source), "--title", title, *options, "--data", str(root / "data"))
        assert f"added {article_id}:" in added.stdout
    grown = rcreport("build", "--root", str(root), "--as-of", BUILD_DAY)
    states["added"] = (tree_digest(cache), tree_digest(tables))
    stored["added"] = tree_digest(analyses)
    pages["added"] = page_times(root)
    return {
        "states": states,
        "analyses": stored,
        "pages": pages,
        "unchanged": unchanged.stdout,
        "added": grown.stdout,
        "root": root,
        "html": root / "_build" / "html",
        "new_id": new_id,
        "hostile_id": hostile_id,
    }


def test_an_unchanged_rebuild_runs_no_chapter(rebuilt):
    for chapter in CHAPTERS:
        assert f"unchanged, not re-executed: notebooks/{chapter}.ipynb" in rebuilt["unchanged"]
    assert "executing" not in rebuilt["unchanged"]


def test_an_unchanged_rebuild_writes_no_page_and_skips_jupyter_book(rebuilt):
    """Nothing changed: no article page is made, no page, chapter or HTML file is written, and jupyter-book is not run."""
    assert f"article pages: 0 made, {len(FIXTURE_IDS)} unchanged" in rebuilt["unchanged"]
    assert "unchanged, not re-executed: notebooks/06_accuracy.ipynb" in rebuilt["unchanged"]
    assert "jupyter-book not run" in rebuilt["unchanged"]
    assert rebuilt["pages"]["unchanged"] == rebuilt["pages"]["built"]


def test_adding_articles_makes_their_pages_alone_and_keeps_the_accuracy_chapter(rebuilt):
    """The two added articles get pages; no other article page is rewritten; the accuracy chapter (gold articles only) is not re-run; the HTML is rebuilt with their pages."""
    assert "article pages: 2 made" in rebuilt["added"]
    assert "unchanged, not re-executed: notebooks/06_accuracy.ipynb" in rebuilt["added"]
    before, after = rebuilt["pages"]["unchanged"], rebuilt["pages"]["added"]
    articles = {path for path in before if path.startswith("book/generated/articles/")}
    assert {path: after[path] for path in articles} == {path: before[path] for path in articles}, "an unchanged article's page was rewritten"
    assert {f"book/generated/articles/{article_id}.md" for article_id in (rebuilt["new_id"], rebuilt["hostile_id"])} == {
        path for path in after if path.startswith("book/generated/articles/")
    } - articles
    assert "jupyter-book not run" not in rebuilt["added"]
    assert {f"_build/html/book/generated/articles/{article_id}.html" for article_id in (rebuilt["new_id"], rebuilt["hostile_id"])} <= set(after) - set(before)


def test_an_unchanged_rebuild_annotates_nothing_and_keeps_every_table(rebuilt):
    assert rebuilt["states"]["unchanged"] == rebuilt["states"]["built"]


def test_the_added_articles_are_the_only_ones_annotated(rebuilt):
    before, _ = rebuilt["states"]["unchanged"]
    after, _ = rebuilt["states"]["added"]
    new_files = set(after) - set(before)
    assert sorted(name.split("-")[0] for name in new_files) == [rebuilt["new_id"], rebuilt["hostile_id"]], new_files
    assert {name: after[name] for name in before} == before


def test_the_added_articles_are_the_only_ones_analysed(rebuilt):
    """The per-article analysis store (.cache/analysis/<id>-<key>/<table>.parquet) gains the added articles' folders and nothing else changes."""
    built, unchanged, added = (rebuilt["analyses"][state] for state in ("built", "unchanged", "added"))
    assert unchanged == built, "an unchanged rebuild analysed something again"
    folders = lambda files: {name.split("/")[0] for name in files}  # noqa: E731
    assert sorted(folder.split("-")[0] for folder in folders(added) - folders(built)) == [rebuilt["new_id"], rebuilt["hostile_id"]]
    assert {name: added[name] for name in built} == built, "an analysed article's files were rewritten"


def chapter_with_its_tables(page: Path) -> str:
    """A chapter's HTML (its navigation left out) and the complete CSV tables it links, as one text.

    Long tables show their top rows and link the whole table, so an added
    article reaches a chapter when it is in either. The navigation bar lists
    chapters, not articles, so an article id there would prove nothing.
    """
    text = page.read_text(encoding="utf-8")
    body = re.sub(r'<nav class="bd-links bd-docs-nav".*?</nav>', "", text, flags=re.S)
    tables = [(page.parent / href).resolve() for href in sorted(set(re.findall(r'href="([^"#]*tables/[^"#]+\.csv)"', text)))]
    return body + "".join(path.read_text(encoding="utf-8") for path in tables)


def test_an_added_article_reruns_every_chapter_and_appears_in_each(rebuilt):
    html, new_id = rebuilt["html"] / "book" / "generated", rebuilt["new_id"]
    for chapter in CHAPTERS:
        assert f"executing notebooks/{chapter}.ipynb" in rebuilt["added"]
        assert new_id in chapter_with_its_tables(html / f"{chapter}.html"), f"{new_id} is missing from {chapter} and its tables"
    findings = (html.parent / "findings.html").read_text(encoding="utf-8")
    count = len(FIXTURE_IDS) + 2
    assert re.search(rf"findings about the <span[^>]*>{count}</span> articles on topic", findings), "the key findings do not count the added articles"
    page = (html / "articles" / f"{new_id}.html").read_text(encoding="utf-8")
    assert f'id="{new_id}.s001"' in page and "संयुक्त सैन्य अभ्यास" in page


def test_a_second_build_from_scratch_writes_byte_identical_tables(built_book, tmp_path):
    """Determinism: the same inputs, annotated and executed again in a fresh copy, give the same table bytes.

    Needs a cold build of its own: a build sharing the session's cache or chapters would not annotate or execute again.
    """
    root = copy_project(tmp_path)
    rcreport("build", "--root", str(root), "--as-of", BUILD_DAY)
    first = tree_digest(built_book.parents[1] / "build" / "tables")
    assert len(first) >= 10, first
    assert tree_digest(root / "build" / "tables") == first


# --- markup in an added article's text never reaches the HTML as markup ------------------------


def all_html(html_dir: Path) -> dict[str, str]:
    """Every built page's HTML by relative path."""
    return {str(path.relative_to(html_dir)): path.read_text(encoding="utf-8") for path in html_dir.rglob("*.html")}


def test_markup_in_article_text_is_shown_as_text(rebuilt):
    page = (rebuilt["html"] / "book" / "generated" / "articles" / f"{rebuilt['hostile_id']}.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", page)
    for escaped in (
        "&lt;b&gt;साझेदारी&lt;/b&gt;",
        "&lt;script&gt;alert(&quot;xss-kept&quot;)&lt;/script&gt;",
        "&lt;script&gt;alert(&quot;xss-removed&quot;)&lt;/script&gt;",
        "**व्यापार**",
        "[समझौता](javascript:alert(1))",
        "{cite}`x`",
        "$$x^2$$",
        "```{raw} html",
        "&lt;img src=x onerror=alert(&quot;xss-img&quot;)&gt;",
    ):
        assert escaped in text.replace("&#34;", "&quot;").replace('"', "&quot;").replace("&#39;", "'"), escaped  # a quotation mark in text may be written either way


def test_no_markup_from_article_text_is_injected(rebuilt):
    for name, html in all_html(rebuilt["html"]).items():
        assert not re.search(r"<script[^>]*>[^<]*xss", html), f"{name}: article text became a <script> element"
        assert not re.search(r"<img[^>]*onerror", html), f"{name}: article text became an <img> element"
        assert not re.search(r"<b>साझेदारी</b>", html), f"{name}: article text became bold markup"
        assert 'href="javascript:' not in html, f"{name}: article text became a link"
    html = all_html(rebuilt["html"])
    assert any("xss-title" in page for page in html.values()), "the hostile title appears nowhere"
