"""The NLP stage: the bundled models offline, the token table, and the annotation cache."""

from __future__ import annotations

import socket

import pytest

from rcreport.corpus import load_corpus
from rcreport.nlp import ModelError, annotate_corpus, bundled_models, make_pipeline, official_models


class CountingFactory:
    """Wraps the real pipeline factory and counts pipelines made and texts annotated."""

    def __init__(self):
        self.pipelines = 0
        self.calls = 0

    def __call__(self, models):
        self.pipelines += 1
        pipeline = make_pipeline(models)

        def annotate(text):
            self.calls += 1
            return pipeline(text)

        return annotate


@pytest.fixture(scope="module")
def pipeline():
    return make_pipeline(bundled_models())


def test_bundled_pipeline_loads_and_runs_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the bundled pipeline tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    document = make_pipeline(bundled_models())("पुतिन ने बात की।")
    assert [word.text for word in document.sentences[0].words][:2] == ["पुतिन", "ने"]


def test_a_known_sentence_gets_a_plausible_analysis(pipeline):
    words = {word.text: word for word in pipeline("पुतिन ने शी जिनपिंग से बात की।").sentences[0].words}
    assert words["पुतिन"].upos == "PROPN"
    assert words["ने"].upos == "ADP"
    # the bundled lemmatizer cites verbs by their infinitive, as current UD Hindi does
    assert words["की"].lemma == "करना"
    assert words["ने"].head == [w.id for w in words.values() if w.text == "पुतिन"][0]


def test_tokens_keep_the_corpus_sentence_ids(tokens, corpus):
    assert list(dict.fromkeys(tokens["sentence_id"])) == corpus.sentences["sentence_id"].tolist()
    assert tokens.groupby("sentence_id")["token_id"].min().eq(1).all()


def test_token_offsets_point_at_the_clean_text(tokens, corpus):
    for token in tokens.itertuples():
        assert corpus.clean_texts[token.article_id][token.start : token.end] == token.text


def test_heads_point_inside_their_sentence(tokens):
    sizes = tokens.groupby("sentence_id")["token_id"].transform("max")
    assert ((tokens["head"] >= 0) & (tokens["head"] <= sizes)).all()
    assert (tokens.groupby("sentence_id")["head"].apply(lambda heads: (heads == 0).sum()) >= 1).all()


def test_a_cache_hit_makes_no_pipeline_call(corpus, tmp_path):
    factory = CountingFactory()
    first = annotate_corpus(corpus, bundled_models(), tmp_path, pipeline_factory=factory, progress=False)
    assert factory.calls == len(corpus.included)
    again = CountingFactory()
    second = annotate_corpus(corpus, bundled_models(), tmp_path, pipeline_factory=again, progress=False)
    assert again.pipelines == 0 and again.calls == 0
    assert second.equals(first)


def test_only_a_changed_article_is_annotated_again(data_copy, tmp_path):
    annotate_corpus(load_corpus(data_copy), bundled_models(), tmp_path, progress=False)
    path = data_copy / "articles" / "002_3acf72c0f9a23c90.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nपुतिन ने शी जिनपिंग से फिर बात की।\n", encoding="utf-8")
    factory = CountingFactory()
    tokens = annotate_corpus(load_corpus(data_copy), bundled_models(), tmp_path, pipeline_factory=factory, progress=False)
    assert factory.calls == 1
    assert "फिर" in set(tokens[tokens["article_id"] == "A002"]["text"])


def test_missing_official_models_say_how_to_get_them(tmp_path):
    with pytest.raises(ModelError, match=r"stanza\.download\('hi'\)"):
        official_models(tmp_path)
