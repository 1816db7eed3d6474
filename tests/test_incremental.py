"""A rebuild costs what changed: article pages are made again only where what they are made of changed.

Unit tier, on the frozen fixture tokens: the build's page writer
(:func:`rcreport.build.write_corpus_pages`) makes every page once, none on a
second call, only the added article's page when one is added, every page on a
new as-of date; and a page made alone is byte-identical to the same page made
with the whole corpus (nothing on a page comes from another article).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import FIXTURE_IDS, copy_project
from rcreport.analysis import analyse_corpus
from rcreport.build import write_corpus_pages
from rcreport.nlp import bundled_models
from rcreport.project import Project

pytestmark = pytest.mark.unit

AS_OF = dt.date(2025, 1, 31)


def pages_state(project: Project) -> dict[str, tuple[int, bytes]]:
    """Each article page's modification time (ns) and bytes, by file name."""
    return {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in sorted((project.generated_dir / "articles").glob("*.md"))}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """One per-article analysis store for the module's projects: each article is analysed once."""
    return tmp_path_factory.mktemp("analysis-store")


@pytest.fixture
def write_pages(store, tokens):
    """Aggregate a corpus's analysis into a project (as the build does), then write its pages; returns how many were made."""

    def write(project: Project, corpus, as_of: dt.date = AS_OF) -> int:
        analysis = analyse_corpus(corpus, tokens, bundled_models().identity, project.data_dir / "codebook", store, project.analysis_dir, progress=False)
        return write_corpus_pages(project, corpus, analysis, as_of)

    return write


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(copy_project(tmp_path / "project"))


def test_an_unchanged_corpus_makes_no_page(project, write_pages, corpus):
    assert write_pages(project, corpus) == len(FIXTURE_IDS)
    first = pages_state(project)
    assert sorted(first) == [f"{article_id}.md" for article_id in sorted(FIXTURE_IDS)]
    assert write_pages(project, corpus) == 0
    assert pages_state(project) == first
    page = project.generated_dir / "articles" / f"{FIXTURE_IDS[0]}.md"
    page.unlink()
    assert write_pages(project, corpus) == 1, "a page deleted by hand is made again"
    assert page.read_bytes() == first[page.name][1]


def test_an_added_article_makes_its_page_alone_and_the_same_page_as_a_whole_build(project, write_pages, tmp_path, corpus):
    *earlier, added = FIXTURE_IDS
    assert write_pages(project, corpus.restrict(earlier)) == len(earlier)
    before = pages_state(project)
    assert f"{added}.md" not in before
    assert write_pages(project, corpus) == 1
    after = pages_state(project)
    assert {name: after[name] for name in before} == before, "a page of an unchanged article was rewritten"
    whole = Project(copy_project(tmp_path / "whole"))
    write_pages(whole, corpus)
    assert {name: state[1] for name, state in pages_state(whole).items()} == {name: state[1] for name, state in after.items()}


def test_a_removed_article_loses_its_page_and_a_new_as_of_date_remakes_every_page(project, write_pages, corpus):
    write_pages(project, corpus)
    kept = FIXTURE_IDS[1:]
    assert write_pages(project, corpus.restrict(kept)) == 0
    assert sorted(pages_state(project)) == [f"{article_id}.md" for article_id in sorted(kept)]
    assert write_pages(project, corpus.restrict(kept), AS_OF + dt.timedelta(days=400)) == len(kept)
