"""Shared fixtures: the real corpus, writable copies of it, and one built book per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rcreport.corpus import load_corpus
from rcreport.nlp import annotate_corpus, bundled_models

ROOT = Path(__file__).resolve().parents[1]
# What a build needs from the project: everything tracked except the tests themselves
PROJECT_PARTS = ("_config.yml", "_toc.yml", "book", "notebooks", "data", "models", "tests/gold")
BUILD_PRODUCTS = shutil.ignore_patterns("generated", "__pycache__")


@pytest.fixture(scope="session")
def corpus():
    """The real corpus in data/, loaded once."""
    return load_corpus(ROOT / "data")


@pytest.fixture(scope="session")
def annotation_cache(tmp_path_factory):
    """A fresh annotation cache for this test session."""
    return tmp_path_factory.mktemp("annotations")


@pytest.fixture(scope="session")
def tokens(corpus, annotation_cache):
    """The real corpus annotated by the bundled models (once per session, into the session's cache)."""
    return annotate_corpus(corpus, bundled_models(), annotation_cache, progress=False)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ for tests that break it on purpose."""
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def copy_project(target: Path) -> Path:
    """Copy the parts of the project a build reads into ``target``."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=BUILD_PRODUCTS)
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """Build the book once, from a copy of the project, with the real command line."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = subprocess.run(
        [sys.executable, "-m", "rcreport.cli", "build", "--root", str(root)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    (root / "build" / "build-output.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return root / "_build" / "html"
