"""Editions built (build tier): an edition of one outlet and one period shows only its articles in every chapter and
leaves the full book alone; two releases with one article added between them show exactly that article, and the counts it
changed, on the changes page, with the release's identity on every page, in the citation and in CITATION.cff.

Each works on its own copy of the project with the fixture data, its annotation cache seeded from the frozen tokens.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, copy_project, seed_annotation_cache
from rcreport.corpus import load_corpus, next_article_id
from rcreport.pages import escape_markdown
from test_editions import with_metadata
from test_rebuild import NEW_ARTICLE

pytestmark = pytest.mark.build

RCREPORT = [sys.executable, "-m", "rcreport.cli"]
CHAPTERS = ["01_corpus", "02_language", "03_themes", "04_stances", "05_chronology"]
AS_OF = "2026-01-01"
# Outlets and days given to a copy of the fixture's metadata: of outlet Alpha, A000 and A003 are from 2024, A004 from 2023
METADATA = {
    "A000": {"outlet": "Alpha", "published": "2024-05-16", "published_precision": "day"},
    "A003": {"outlet": "Alpha", "published": "2024-07-08", "published_precision": "day"},
    "A004": {"outlet": "Alpha", "published": "2023-03-01", "published_precision": "day"},
    "A001": {"outlet": "Beta", "published": "2024-06-01", "published_precision": "day"},
}
EDITION_IDS = {"A000", "A003"}
LINKED_ARTICLE = re.compile(r'href="articles/(A\d{3})\.html')


def rcreport(*arguments: str) -> subprocess.CompletedProcess:
    result = subprocess.run([*RCREPORT, *arguments], capture_output=True, text=True)
    assert result.returncode == 0, f"{arguments[0]} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def seeded_project(target: Path, tokens) -> Path:
    root = copy_project(target)
    seed_annotation_cache(load_corpus(root / "data"), tokens, root / ".cache" / "annotations")
    return root


@pytest.fixture(scope="module")
def edition_book(tmp_path_factory, tokens):
    root = copy_project(tmp_path_factory.mktemp("edition") / "project")
    with_metadata(root / "data", METADATA)
    seed_annotation_cache(load_corpus(root / "data"), tokens, root / ".cache" / "annotations")
    built = rcreport("build", "--root", str(root), "--outlet", "Alpha", "--from", "2024-01-01", "--to", "2024-12-31", "--title", "Alpha in 2024", "--as-of", AS_OF)
    index = Path(built.stdout.strip().splitlines()[-1].removeprefix("book built: "))
    return root, index.parent


def assert_stamped(html: Path, stamp: str) -> None:
    """Every page of the site links its stamp to the changes page and loads the one script that carries ``stamp``."""
    assert stamp in (html / "_static" / "edition-stamp.js").read_text(encoding="utf-8")
    for page in (html / "book").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<a class="edition-stamp" href="([^"]*changes\.html|#)">', text) and "edition-stamp.js" in text, page


def test_an_edition_shows_only_its_articles_in_every_chapter(edition_book):
    _, html = edition_book
    for chapter in CHAPTERS:
        page = (html / "book" / "generated" / f"{chapter}.html").read_text(encoding="utf-8")
        assert "(published from 2024-01-01 to 2024-12-31; outlet Alpha) selects 2 of the 5 articles of the corpus" in page, chapter
        linked = set(LINKED_ARTICLE.findall(page))
        assert linked and linked <= EDITION_IDS, f"{chapter} links to {sorted(linked - EDITION_IDS)}"
    assert "Alpha in 2024" in (html / "book" / "findings.html").read_text(encoding="utf-8")


def test_an_edition_is_built_in_its_own_copy_and_leaves_the_full_book_alone(edition_book):
    root, html = edition_book
    assert html.is_relative_to(root / "_build" / "editions")
    assert not (root / "book" / "generated").exists() and not (root / "_build" / "html").exists()
    selection = pd.read_csv(html.parents[1] / "build" / "tables" / "edition_articles.csv", keep_default_na=False).set_index("article_id")
    assert set(selection.index[selection["selected"]]) == EDITION_IDS
    assert selection.loc["A004", "reason"].startswith("outside") and selection.loc["A001", "reason"] == "outlet Beta"
    assert_stamped(html, "Unreleased build of content")


def table_rows(page: str, heading: str) -> list[list[str]]:
    """The body rows (below the header and its rule) of the markdown table under a heading of the changes page, as cells."""
    part = page.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split(" | ") for line in part.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[2:]]


@pytest.fixture(scope="module")
def releases(tmp_path_factory, tokens):
    """Release, add one article, build, release again: the changes page and identity after each step."""
    root = seeded_project(tmp_path_factory.mktemp("releases") / "project", tokens)
    shutil.copy(ROOT / "CITATION.cff", root / "CITATION.cff")
    rcreport("release", "--root", str(root), "--as-of", AS_OF)
    changes = root / "book" / "generated" / "changes.md"
    states = {"first": changes.read_text(encoding="utf-8")}
    new_id = next_article_id(load_corpus(root / "data").articles["id"].tolist())
    source = root / "new-article.txt"
    source.write_text(NEW_ARTICLE, encoding="utf-8")
    rcreport("add", str(source), "--title", "रूस और चीन का संयुक्त नौसैनिक अभ्यास", "--published", "2024-07-12", "--data", str(root / "data"))
    rcreport("build", "--root", str(root), "--as-of", AS_OF)
    states["added"] = changes.read_text(encoding="utf-8")
    rcreport("release", "--root", str(root), "--as-of", AS_OF)
    states["second"] = changes.read_text(encoding="utf-8")
    return root, new_id, states


def added_counts(root: Path, new_id: str, table: str, key) -> dict[str, int]:
    """What the added article contributes to a table's counts, from the build's exported table."""
    frame = pd.read_csv(root / "build" / "tables" / f"{table}.csv", keep_default_na=False)
    return key(frame[frame["article_id"] == new_id]).value_counts().to_dict()


def test_with_no_earlier_release_the_changes_page_says_so(releases):
    assert "No earlier edition with these parameters has been released" in releases[2]["first"]


@pytest.mark.parametrize("state", ["added", "second"])
def test_the_changes_page_shows_exactly_the_added_article_and_the_counts_it_changed(releases, state):
    root, new_id, states = releases
    page = states[state]
    assert [row[0] for row in table_rows(page, "Articles")] == [f'<a class="article" href="articles/{new_id}.html">{new_id}</a>']
    assert table_rows(page, "Articles")[0][2:] == ["added to the corpus", "new data"]
    for heading, table, key in (
        ("Theme prevalence", "theme_assignments", lambda frame: frame["theme"].map(escape_markdown)),
        ("Stance pairs", "stances", lambda frame: (frame["source"] + " → " + frame["target"].replace("", "(none)") + " (" + frame["polarity"] + ")").map(escape_markdown)),
        ("Most-quoted speakers", "quotations", lambda frame: frame.loc[frame["speaker"] != "", "speaker"].map(escape_markdown)),
    ):
        expected = added_counts(root, new_id, table, key)
        rows = table_rows(page, heading)
        assert expected and {row[0]: int(row[3]) for row in rows} == expected, heading
        assert all(row[4] == row[3] and row[5] == "" for row in rows), f"{heading}: every change comes from the new data"
        assert all(f"articles/{new_id}.html#{new_id}.s" in row[6] for row in rows)
    assert {row[2] for row in table_rows(page, "Timeline events")} == {"new"}


def test_a_release_stamps_its_identity_on_every_page_the_citation_and_citation_cff(releases):
    root, _, states = releases
    records = [json.loads(path.read_text(encoding="utf-8")) for path in (root / "editions" / "releases").glob("*/release.json")]
    assert sorted(record["number"] for record in records) == [1, 2]
    release = next(record["release"] for record in records if record["number"] == 2)
    assert f"This book is edition {release}" in states["second"]
    assert f'version: "{release}"' in (root / "CITATION.cff").read_text(encoding="utf-8")
    assert f"Edition {release}" in (root / "book" / "generated" / "citation.bib").read_text(encoding="utf-8")
    assert_stamped(root / "_build" / "html", f"Edition {release} (the whole corpus; release 2")
