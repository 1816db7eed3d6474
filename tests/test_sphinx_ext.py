"""The book's Sphinx extension (rcreport.sphinx_ext): what Sphinx holds in memory during a build stays bounded.

A serial Sphinx build keeps every page it read until it writes it, and every
pickle it loaded to the end; the extension keeps at most HELD_DOCTREES_MAX
read pages and drops a page's pickle once it is written. The attributes it
trims are Sphinx's own, so a test checks that the installed Sphinx still has
them: after an upgrade that renamed them the trimming would silently stop.
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import pytest
from sphinx.environment import BuildEnvironment

from rcreport import sphinx_ext

pytestmark = pytest.mark.unit


def test_the_installed_sphinx_holds_doctrees_where_the_extension_trims_them():
    source = inspect.getsource(BuildEnvironment)
    assert f"self.{sphinx_ext.HELD_DOCTREES}" in source and f"self.{sphinx_ext.HELD_PICKLES}" in source


def test_no_more_than_the_bound_of_read_pages_stays_in_memory(monkeypatch):
    monkeypatch.setattr(sphinx_ext, "HELD_DOCTREES_MAX", 3)
    env = SimpleNamespace(**{sphinx_ext.HELD_DOCTREES: {f"article-{n}": object() for n in range(5)}})
    sphinx_ext.release_read_doctrees(None, env, "article-5")
    assert list(getattr(env, sphinx_ext.HELD_DOCTREES)) == ["article-0", "article-1", "article-2"]
    sphinx_ext.release_read_doctrees(None, env, "article-6")  # under the bound: kept as it is
    assert len(getattr(env, sphinx_ext.HELD_DOCTREES)) == 3


def test_a_written_page_leaves_no_pickle_behind():
    app = SimpleNamespace(env=SimpleNamespace(**{sphinx_ext.HELD_PICKLES: {"article-1": b"pickle", "article-2": b"pickle"}}))
    sphinx_ext.release_written_doctree(app, "article-1", "page.html", {}, None)
    assert list(getattr(app.env, sphinx_ext.HELD_PICKLES)) == ["article-2"]
    sphinx_ext.release_written_doctree(app, "genindex", "genindex.html", {}, None)  # a page without a doctree
    assert list(getattr(app.env, sphinx_ext.HELD_PICKLES)) == ["article-2"]
