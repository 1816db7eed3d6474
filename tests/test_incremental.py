"""A rebuild costs what changed: article pages are made again only where what they are made of changed, and chapters only where what they read changed.

Unit tier, on the frozen fixture tokens: the build's page writer
(:func:`rcreport.build.write_corpus_pages`) makes every page once, none on a
second call, only the added article's page when one is added, every page on a
new as-of date; and a page made alone is byte-identical to the same page made
with the whole corpus (nothing on a page comes from another article). An
added article changes the execution keys of the corpus chapters but not the
accuracy chapter's, whose in-sample figures ignore articles the gold does
not describe. jupyter-book runs only when the book's sources changed since
its last successful run.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import rcreport.build
from conftest import FIXTURE_CODEBOOK, FIXTURE_GOLD, FIXTURE_IDS, copy_project
from rcreport.accuracy import gold_article_ids, in_sample_scores
from rcreport.build import build_html, notebook_parameters, write_corpus_pages
from rcreport.chapters import GOLD_ARTICLES, chapter_inputs_digest, chapter_parameters, chapter_reads, execution_key
from rcreport.codebook import load_actors, load_themes
from rcreport.corpus import Corpus, add_article
from rcreport.corpus_analysis import analyse_corpus
from rcreport.nlp import bundled_models, table_tokens
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
        analysis = analyse_corpus(corpus, table_tokens(tokens), bundled_models().identity, project.data_dir / "codebook", store, project.analysis_dir, progress=False)
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


def test_pages_made_a_few_articles_at_a_time_are_those_made_at_once(project, write_pages, tmp_path, corpus, monkeypatch):
    """What bounds the build's memory on a large corpus (build.PAGES_PER_PART) changes no byte of a page, and still removes the pages of removed articles."""
    write_pages(project, corpus)
    at_once = {name: state[1] for name, state in pages_state(project).items()}
    monkeypatch.setattr(rcreport.build, "PAGES_PER_PART", 2)
    assert len(FIXTURE_IDS) > 2 * rcreport.build.PAGES_PER_PART, "the fixture corpus makes several parts"
    in_parts = Project(copy_project(tmp_path / "in-parts"))
    stray = in_parts.generated_dir / "articles" / "A999.md"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("a page of an article no longer in the corpus", encoding="utf-8")
    assert write_pages(in_parts, corpus) == len(FIXTURE_IDS)
    assert {name: state[1] for name, state in pages_state(in_parts).items()} == at_once


# --- which chapters run again ---------------------------------------------------------------------

ADDED_ARTICLE = """रूस के साइबेरिया क्षेत्र में इस सप्ताह रिकॉर्ड बर्फबारी हुई।
कई शहरों में तापमान शून्य से चालीस डिग्री नीचे चला गया।
स्कूल बंद कर दिए गए और लोगों से घरों में रहने की अपील की गई।
"""


def chapter_keys(project: Project) -> dict[str, str]:
    """The execution key of each chapter template of the project, with the build's parameters."""
    models = bundled_models(project.models_dir)
    parameters = notebook_parameters(project, models, (AS_OF, "the date given"))
    keys = {}
    for template in sorted(project.templates_dir.glob("*.ipynb")):
        inputs = chapter_inputs_digest(project, models, chapter_reads(template))
        keys[template.stem] = execution_key(template, chapter_parameters(template, parameters), inputs)
    return keys


def test_an_added_article_reruns_the_corpus_chapters_but_not_the_accuracy_chapter(project):
    """The accuracy chapter reads only the articles the gold describes: its key is the same after another article is added; a gold edit changes it."""
    assert chapter_reads(project.templates_dir / "06_accuracy.ipynb") == GOLD_ARTICLES
    assert gold_article_ids(project.gold_dir) == set(FIXTURE_IDS)
    before = chapter_keys(project)
    source = project.root / "added.txt"
    source.write_text(ADDED_ARTICLE, encoding="utf-8")
    add_article(project.data_dir, source, {"title": "Snow"})
    after = chapter_keys(project)
    assert after["06_accuracy"] == before["06_accuracy"]
    assert all(after[name] != before[name] for name in before if name != "06_accuracy"), "a corpus chapter kept its key though the corpus grew"
    judgements = project.gold_dir / "theme_judgements.csv"
    judgements.write_text(judgements.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert chapter_keys(project)["06_accuracy"] != after["06_accuracy"]


def test_the_in_sample_scores_ignore_articles_the_gold_does_not_describe(corpus, tokens):
    """An article outside the gold (here the fixture's last article, its rows renamed to a new id) changes no in-sample figure."""
    actors, themes = load_actors(FIXTURE_CODEBOOK / "actors.yml"), load_themes(FIXTURE_CODEBOOK / "themes.yml")
    plain = in_sample_scores(corpus, tokens, FIXTURE_CODEBOOK, FIXTURE_GOLD, actors, themes, AS_OF)
    source, other = FIXTURE_IDS[-1], "A999"

    def renamed(table):
        table = table[table["article_id"] == source].copy()
        for column in ("article_id", "sentence_id"):
            table[column] = table[column].str.replace(source, other, regex=False)
        return table

    articles = corpus.articles[corpus.articles["id"] == source].assign(id=other)
    grown = Corpus(pd.concat([corpus.articles, articles], ignore_index=True), pd.concat([corpus.sentences, renamed(corpus.sentences)], ignore_index=True), corpus.removed, corpus.clean_texts)
    scores = in_sample_scores(grown, pd.concat([tokens, renamed(tokens)], ignore_index=True), FIXTURE_CODEBOOK, FIXTURE_GOLD, actors, themes, AS_OF)
    pd.testing.assert_frame_equal(scores, plain)


# --- the HTML ------------------------------------------------------------------------------------


def test_jupyter_book_runs_only_when_the_books_sources_changed_or_the_last_html_build_failed(project, monkeypatch):
    """build_html with jupyter-book replaced by a recorder: skipped when nothing changed, run after an edit and after a failure."""
    runs, failing = [], []

    def jupyter_book(command, check):
        runs.append(command)
        if failing:
            raise subprocess.CalledProcessError(1, command)
        project.html_dir.mkdir(parents=True, exist_ok=True)
        (project.html_dir / "index.html").write_text("<html></html>", encoding="utf-8")

    monkeypatch.setattr(subprocess, "run", jupyter_book)
    assert build_html(project) and len(runs) == 1
    assert not build_html(project) and len(runs) == 1, "nothing changed, yet jupyter-book ran"
    page = project.root / "book" / "intro.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    failing.append(True)
    with pytest.raises(subprocess.CalledProcessError):
        build_html(project)
    failing.clear()
    assert build_html(project) and len(runs) == 3, "a failed build was taken for a good one"
    assert not build_html(project)
    (project.tables_dir).mkdir(parents=True, exist_ok=True)
    (project.tables_dir / "tbl-new.csv").write_text("a\n1\n", encoding="utf-8")
    assert build_html(project), "a table the pages link changed, yet the HTML was kept"
