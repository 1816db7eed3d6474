"""The stored corpus: the tables the chapters read are the loaded corpus itself, and a build loads it only when its inputs changed."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from rcreport import corpus_store
from rcreport.corpus import ArticleError, add_article, load_corpus

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 12, 1)


def assert_same_corpus(stored, loaded) -> None:
    for name in corpus_store.TABLES:
        pd.testing.assert_frame_equal(getattr(stored, name), getattr(loaded, name))
    assert stored.clean_texts == loaded.clean_texts


@pytest.fixture
def counted_loads(monkeypatch):
    """Count the corpus loads the store makes."""
    calls = []

    def counting(data_dir, today=None):
        calls.append(data_dir)
        return load_corpus(data_dir, today)

    monkeypatch.setattr(corpus_store, "load_corpus", counting)
    return calls


def test_the_stored_corpus_reads_back_as_loaded_with_its_exclusions(data_copy, tmp_path):
    """A duplicate and a future date make excluded rows with reasons; the stored tables keep them, types and order included."""
    first = data_copy / "articles" / sorted(path.name for path in (data_copy / "articles").iterdir())[0]
    shutil.copy(first, data_copy / "articles" / "copy.txt")
    shutil.copy(first, data_copy / "articles" / "later.txt")
    metadata = pd.read_csv(data_copy / "articles.csv", dtype=str, keep_default_na=False)
    duplicate = metadata.iloc[[0]].assign(id="A900", file="copy.txt")
    future = metadata.iloc[[1]].assign(id="A901", file="later.txt", published="2031-01-01", published_precision="day")
    pd.concat([metadata, duplicate, future]).to_csv(data_copy / "articles.csv", index=False)
    loaded = load_corpus(data_copy, TODAY)
    assert (loaded.articles["status"] == "excluded").sum() >= 2
    stored = corpus_store.stored_corpus(data_copy, tmp_path / "analysis", TODAY)
    assert_same_corpus(stored, loaded)
    assert_same_corpus(corpus_store.read_corpus(tmp_path / "analysis"), loaded)


def test_a_build_loads_the_corpus_again_only_when_an_input_changed(data_copy, tmp_path, counted_loads):
    analysis = tmp_path / "analysis"
    corpus_store.stored_corpus(data_copy, analysis, TODAY)
    corpus_store.stored_corpus(data_copy, analysis, TODAY)
    assert len(counted_loads) == 1, "the same inputs: read, not loaded"
    corpus_store.stored_corpus(data_copy, analysis, TODAY + dt.timedelta(days=1))
    assert len(counted_loads) == 2, "another day can exclude an article dated after it"
    article = next((data_copy / "articles").iterdir())
    article.write_text(article.read_text(encoding="utf-8") + "\nपुतिन ने कहा कि सहयोग जारी रहेगा।\n", encoding="utf-8")
    changed = corpus_store.stored_corpus(data_copy, analysis, TODAY + dt.timedelta(days=1))
    assert len(counted_loads) == 3
    assert_same_corpus(corpus_store.read_corpus(analysis), changed)


def test_chapters_reading_before_any_build_are_told_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="rcreport build"):
        corpus_store.read_corpus(tmp_path / "analysis")


def test_a_copy_of_the_project_gets_the_stored_corpus_without_loading_it(data_copy, tmp_path, counted_loads):
    """An edition's copy shares the checkout's data, so the corpus loaded for the checkout is stored for it under the same key."""
    loaded = corpus_store.stored_corpus(data_copy, tmp_path / "checkout", TODAY)
    corpus_store.share_corpus(loaded, tmp_path / "checkout", tmp_path / "edition")
    assert_same_corpus(corpus_store.stored_corpus(data_copy, tmp_path / "edition", TODAY), loaded)
    assert len(counted_loads) == 1


def test_adding_an_article_checks_it_against_the_stored_corpus_and_stores_nothing(data_copy, tmp_path, counted_loads):
    """`rcreport add` reads the last build's copy where data/ is unchanged; a duplicate of a stored article is refused all the same."""
    analysis = tmp_path / "analysis"
    corpus_store.stored_corpus(data_copy, analysis, TODAY)
    key = corpus_store.stored_key(analysis / corpus_store.CORPUS_FOLDER)
    current = corpus_store.current_corpus(data_copy, analysis, TODAY)
    assert len(counted_loads) == 1, "data/ as the build loaded it: read, not loaded again"
    first = data_copy / "articles" / sorted(path.name for path in (data_copy / "articles").iterdir())[0]
    shutil.copy(first, tmp_path / "again.txt")
    with pytest.raises(ArticleError, match="exact duplicate of A000"):
        add_article(data_copy, tmp_path / "again.txt", {"title": "again"}, TODAY, corpus=current)
    source = tmp_path / "new.txt"
    source.write_text("रूस और चीन\n\nरूस और चीन के विदेश मंत्रियों ने बुधवार को बीजिंग में व्यापार और ऊर्जा सहयोग पर बातचीत की।\n", encoding="utf-8")
    article_id, _, added = add_article(data_copy, source, {"title": "रूस और चीन"}, TODAY, corpus=current)
    loaded = load_corpus(data_copy, TODAY).restrict([article_id])
    for name in corpus_store.TABLES:  # as text: an empty table's column types are pandas's default
        assert getattr(added, name).to_csv(index=False) == getattr(loaded, name).to_csv(index=False), name
    assert added.clean_texts == loaded.clean_texts and len(added.sentences) > 0
    assert corpus_store.stored_key(analysis / corpus_store.CORPUS_FOLDER) == key, "adding stores no corpus"
    assert article_id in set(corpus_store.current_corpus(data_copy, analysis, TODAY).included["id"]), "data/ changed: loaded again"
