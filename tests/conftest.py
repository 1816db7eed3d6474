"""Shared fixtures: the frozen fixture corpus, writable copies of it, its frozen annotation, and one built book per session.

Every test reads the frozen copy of the seed corpus in tests/fixtures/data
(articles, metadata, codebooks and the gold annotation under gold/), never the
live data/, so that adding articles to data/ breaks no test. The live data/
(or the directory given with ``--data``) is read by test_live_data.py only.

Tiers (markers, registered in pyproject.toml): ``unit`` (fast, ``make
test-fast``), ``build`` (builds the book or runs chapters, stanza or pytest
itself), ``browser`` (the built book in Chromium). Every test has exactly one.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rcreport.corpus import load_corpus
from rcreport.corpus_analysis import analyse_in_memory
from rcreport.nlp import bundled_models, cache_path, make_pipeline, read_tokens, write_tokens
from rcreport.project import Project

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The frozen seed corpus and its gold annotation (tests/fixtures/README.md)
FIXTURE_DATA = FIXTURES / "data"
FIXTURE_CODEBOOK = FIXTURE_DATA / "codebook"
FIXTURE_GOLD = FIXTURE_DATA / "gold"
# The fixture corpus annotated by the bundled models (scripts/freeze_tokens.py writes it)
FROZEN_TOKENS = FIXTURES / "tokens.csv"
# The sentences of the fixture's independent gold (gold/independent), annotated as one document by the same script
FROZEN_INDEPENDENT_TOKENS = FIXTURES / "independent_tokens.csv"
# The sentences of its second stance development set (gold/independent/stance_dev2), annotated as one document too
FROZEN_STANCE_DEV2_TOKENS = FIXTURES / "stance_dev2_tokens.csv"
TIERS = ("unit", "build", "browser")
# The as-of date of the test session's builds of the fixture book, fixed when the session starts: a session
# that runs past midnight would otherwise compare a build with a rebuild made on another day, whose open
# publication intervals rightly end a day later (every article page and the chronology change)
BUILD_DAY = dt.date.today().isoformat()


def listed_ids(data_dir: Path) -> list[str]:
    """The article ids of a data directory's metadata table in row order, read with the csv module, not the loader under test."""
    with open(data_dir / "articles.csv", encoding="utf-8", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


# The fixture's articles, all of them included (the seed corpus has no bad article)
FIXTURE_IDS = listed_ids(FIXTURE_DATA)


def pytest_addoption(parser):
    parser.addoption(
        "--data",
        type=Path,
        default=ROOT / "data",
        help="the live data directory test_live_data.py checks (default: the project's data/); every other test reads tests/fixtures/data",
    )


def pytest_collection_modifyitems(config, items):
    """Every test belongs to exactly one tier, so that `-m unit` and the full run between them cover everything."""
    wrong = [f"{item.nodeid}: {tiers or 'no tier'}" for item in items if len(tiers := [m.name for m in item.iter_markers() if m.name in TIERS]) != 1]
    if wrong:
        raise pytest.UsageError("each test needs exactly one of the markers " + ", ".join(TIERS) + ":\n" + "\n".join(wrong))


@pytest.fixture(scope="session")
def live_data(request) -> Path:
    """The live data directory (``--data``, default data/)."""
    return Path(request.config.getoption("--data")).resolve()


@pytest.fixture(scope="session")
def corpus():
    """The fixture corpus, loaded once."""
    return load_corpus(FIXTURE_DATA)


@pytest.fixture(scope="session")
def tokens(corpus):
    """The fixture corpus as the bundled models annotate it: the frozen table (kept current by a build-tier test)."""
    frozen = read_tokens(FROZEN_TOKENS)
    assert frozen["sentence_id"].drop_duplicates().tolist() == corpus.sentences["sentence_id"].tolist(), (
        "tests/fixtures/tokens.csv does not match the fixture corpus; regenerate it with scripts/freeze_tokens.py"
    )
    return frozen


def seed_annotation_cache(corpus, tokens, cache_dir: Path) -> Path:
    """Write each article's frozen tokens into an annotation cache under the key a build looks up, as if annotated."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    identity = bundled_models().identity
    for article_id, sentences in corpus.sentences.groupby("article_id", sort=False):
        table = tokens[tokens["article_id"] == article_id].reset_index(drop=True)
        write_tokens(table, cache_path(cache_dir, article_id, sentences, identity))
    return cache_dir


@pytest.fixture(scope="session")
def analysis(corpus, tokens):
    """The fixture corpus's analysis tables (rcreport.analysis), computed in memory from the frozen tokens."""
    return analyse_in_memory(corpus, tokens, FIXTURE_CODEBOOK)


@pytest.fixture(scope="session")
def annotation_cache(tmp_path_factory, corpus, tokens):
    """An annotation cache holding the fixture corpus (from the frozen table), so that reading it annotates nothing."""
    return seed_annotation_cache(corpus, tokens, tmp_path_factory.mktemp("annotations"))


@pytest.fixture(scope="session")
def pipeline():
    """The bundled stanza pipeline, loaded once per session for the tests that annotate text."""
    return make_pipeline(bundled_models())


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the fixture corpus for tests that change or break it."""
    return Path(shutil.copytree(FIXTURE_DATA, tmp_path / "data"))


def copy_project(target: Path, data: Path = FIXTURE_DATA) -> Path:
    """Copy the parts of the project a build reads into ``target``, with ``data`` (default: the fixture) as its data/."""
    return Project(ROOT).copy_to(target, data).root


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """The fixture corpus built into a book once per session, from a copy of the project, with the real command line.

    Every build-tier test that only reads a built book shares this one build.
    """
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = subprocess.run(
        [sys.executable, "-m", "rcreport.cli", "build", "--root", str(root), "--as-of", BUILD_DAY],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    (root / "build" / "build-output.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return root / "_build" / "html"
