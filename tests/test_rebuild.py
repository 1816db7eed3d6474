"""Rebuilding: nothing changed runs no chapter and annotates nothing; an added article is the only one annotated and reaches every chapter.

Works on a copy of the session's built book (its annotation cache, executed
chapters and HTML included), so the builds here are the second and third.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

RCREPORT = [sys.executable, "-m", "rcreport.cli"]
CHAPTERS = ["01_corpus", "02_language", "03_themes", "04_stances", "05_chronology"]
# A short report written for this test (no seed shares its sentences): themes, a quotation, a stance and a date.
NEW_ARTICLE = """रूस और चीन की नौसेनाओं ने प्रशांत महासागर में संयुक्त अभ्यास शुरू किया

बीजिंग, 12 जुलाई 2024। रूस और चीन की नौसेनाओं ने शुक्रवार को प्रशांत महासागर में दस दिन का संयुक्त सैन्य अभ्यास शुरू किया।
चीन के रक्षा मंत्रालय ने कहा कि यह अभ्यास किसी तीसरे देश के खिलाफ नहीं है।
रूसी राष्ट्रपति व्लादिमीर पुतिन ने कहा, "चीन के साथ हमारा रक्षा सहयोग पहले से कहीं ज्यादा मजबूत है।"
चीन ने अमेरिका के नए प्रतिबंधों की कड़ी निंदा की और रूस के साथ तेल व्यापार जारी रखने का संकल्प दोहराया।
"""


def tree_digest(directory: Path) -> dict[str, str]:
    """sha256 of every file under a directory, by relative path."""
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(directory.rglob("*")) if path.is_file()}


def rcreport(*arguments: str) -> subprocess.CompletedProcess:
    """Run the real command line; fail with its output if it fails."""
    result = subprocess.run([*RCREPORT, *arguments], capture_output=True, text=True)
    assert result.returncode == 0, f"{arguments[0]} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def rebuilt(built_book, tmp_path_factory):
    """The built project copied, rebuilt unchanged, then given one article and rebuilt again.

    Returns the three states' cache and table digests, the two builds' output and the root.
    """
    root = Path(shutil.copytree(built_book.parent.parent, tmp_path_factory.mktemp("rebuild") / "project"))
    cache, tables = root / ".cache" / "annotations", root / "build" / "tables"
    states = {"built": (tree_digest(cache), tree_digest(tables))}
    unchanged = rcreport("build", "--root", str(root))
    states["unchanged"] = (tree_digest(cache), tree_digest(tables))
    source = root / "new-article.txt"
    source.write_text(NEW_ARTICLE, encoding="utf-8")
    added = rcreport("add", str(source), "--title", "रूस और चीन का संयुक्त नौसैनिक अभ्यास", "--published", "2024-07-12", "--data", str(root / "data"))
    assert "added A005" in added.stdout
    grown = rcreport("build", "--root", str(root))
    states["added"] = (tree_digest(cache), tree_digest(tables))
    return {"states": states, "unchanged": unchanged.stdout, "added": grown.stdout, "root": root}


def test_an_unchanged_rebuild_runs_no_chapter(rebuilt):
    for chapter in CHAPTERS:
        assert f"unchanged, not re-executed: notebooks/{chapter}.ipynb" in rebuilt["unchanged"]
    assert "executing" not in rebuilt["unchanged"]


def test_an_unchanged_rebuild_annotates_nothing_and_keeps_every_table(rebuilt):
    assert rebuilt["states"]["unchanged"] == rebuilt["states"]["built"]


def test_an_added_article_is_the_only_one_annotated(rebuilt):
    before, _ = rebuilt["states"]["unchanged"]
    after, _ = rebuilt["states"]["added"]
    new_files = set(after) - set(before)
    assert len(new_files) == 1 and next(iter(new_files)).startswith("A005-"), new_files
    assert {name: after[name] for name in before} == before


def test_an_added_article_reruns_every_chapter_and_appears_in_each(rebuilt):
    html = rebuilt["root"] / "_build" / "html" / "book" / "generated"
    for chapter in CHAPTERS:
        assert f"executing notebooks/{chapter}.ipynb" in rebuilt["added"]
        assert "A005" in (html / f"{chapter}.html").read_text(encoding="utf-8"), f"A005 is missing from {chapter}"
    findings = (html.parent / "findings.html").read_text(encoding="utf-8")
    assert re.search(r"findings about <span[^>]*>6</span> articles", findings), "the key findings do not count the added article"
    page = (html / "articles" / "A005.html").read_text(encoding="utf-8")
    assert 'id="A005.s001"' in page and "संयुक्त सैन्य अभ्यास" in page


def test_a_second_build_from_scratch_writes_byte_identical_tables(built_book, tmp_path):
    """Determinism: the same inputs, annotated and executed again in a fresh copy, give the same table bytes."""
    root = copy_project(tmp_path)
    rcreport("build", "--root", str(root))
    first = tree_digest(built_book.parents[1] / "build" / "tables")
    assert len(first) >= 10, first
    assert tree_digest(root / "build" / "tables") == first
