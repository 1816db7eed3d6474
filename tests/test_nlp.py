"""The NLP stage: the bundled models offline, the token table, and the annotation cache.

The token table tested here is the frozen one of the fixture corpus
(tests/fixtures/tokens.csv); test_fixture_upkeep.py checks that the bundled
models still produce it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import subprocess
import sys
import threading

import dask
import pytest

from conftest import seed_annotation_cache
from rcreport import cli
from rcreport.cluster import ClusterError, build_client, local_workers
from rcreport.corpus import load_corpus
from rcreport.nlp import (
    DEVICES,
    PARTIAL_SUFFIX,
    ModelError,
    Models,
    annotate_corpus,
    bundled_models,
    make_pipeline,
    official_models,
    read_tokens,
    worker_pipeline,
    write_tokens,
)

pytestmark = pytest.mark.unit


class CountingFactory:
    """A pipeline factory over the session's real pipeline that counts pipelines made and texts annotated."""

    def __init__(self, pipeline):
        self.pipeline = pipeline
        self.pipelines = 0
        self.calls = 0

    def __call__(self, models):
        self.pipelines += 1

        def annotate(text):
            self.calls += 1
            return self.pipeline(text)

        return annotate


def shortest_article(corpus) -> str:
    """The id of the included article with the shortest clean text: the cheapest one to annotate."""
    return corpus.included.sort_values(["clean_chars", "id"])["id"].iloc[0]


def only(corpus, article_ids):
    """The corpus reduced to some articles, for annotating just those."""
    return dataclasses.replace(corpus, articles=corpus.articles[corpus.articles["id"].isin(article_ids)])


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
    assert list(dict.fromkeys(tokens["article_id"])) == corpus.included["id"].tolist()


def test_token_offsets_point_at_the_clean_text(tokens, corpus):
    for token in tokens.itertuples():
        assert corpus.clean_texts[token.article_id][token.start : token.end] == token.text


def test_heads_point_inside_their_sentence(tokens):
    sizes = tokens.groupby("sentence_id")["token_id"].transform("max")
    assert ((tokens["head"] >= 0) & (tokens["head"] <= sizes)).all()
    assert (tokens.groupby("sentence_id")["head"].apply(lambda heads: (heads == 0).sum()) >= 1).all()


def test_a_cache_hit_makes_no_pipeline_call(corpus, pipeline, tmp_path):
    # Two articles (the shortest ones) are enough to count one pipeline call per missing article
    some = only(corpus, corpus.included.sort_values(["clean_chars", "id"])["id"].iloc[:2])
    factory = CountingFactory(pipeline)
    first = annotate_corpus(some, bundled_models(), tmp_path, pipeline_factory=factory, progress=False)
    assert factory.pipelines == 1 and factory.calls == len(some.included) == 2
    again = CountingFactory(pipeline)
    second = annotate_corpus(some, bundled_models(), tmp_path, pipeline_factory=again, progress=False)
    assert again.pipelines == 0 and again.calls == 0
    assert second.equals(first)


def test_the_seeded_cache_is_a_cache_hit(corpus, tokens, annotation_cache, pipeline):
    """The tests' cache, written from the frozen table, is found under the keys annotation looks up: nothing is annotated."""
    factory = CountingFactory(pipeline)
    cached = annotate_corpus(corpus, bundled_models(), annotation_cache, pipeline_factory=factory, progress=False)
    assert factory.pipelines == 0 and factory.calls == 0
    assert cached.equals(tokens)


def test_only_a_changed_article_is_annotated_again(data_copy, tokens, pipeline, tmp_path):
    before = load_corpus(data_copy)
    seed_annotation_cache(before, tokens, tmp_path)
    changed = shortest_article(before)
    path = data_copy / "articles" / before.articles.set_index("id").loc[changed, "file"]
    path.write_text(path.read_text(encoding="utf-8") + "\nपुतिन ने शी जिनपिंग से फिर बात की।\n", encoding="utf-8")
    factory = CountingFactory(pipeline)
    after = annotate_corpus(load_corpus(data_copy), bundled_models(), tmp_path, pipeline_factory=factory, progress=False)
    assert factory.calls == 1
    assert "फिर" in set(after[after["article_id"] == changed]["text"])
    unchanged = after[after["article_id"] != changed].reset_index(drop=True)
    assert unchanged.equals(tokens[tokens["article_id"] != changed].reset_index(drop=True))


def test_missing_official_models_say_how_to_get_them(tmp_path):
    with pytest.raises(ModelError, match=r"stanza\.download\('hi'\)"):
        official_models(tmp_path)


def refuse_to_connect(articles):
    raise AssertionError(f"a cluster was asked for {articles} articles although every article is cached")


def test_a_cached_corpus_reaches_no_cluster(corpus, tokens, annotation_cache, pipeline):
    """A no-change rebuild stays fast: with every article cached, no cluster is started or reached."""
    factory = CountingFactory(pipeline)
    cached = annotate_corpus(corpus, bundled_models(), annotation_cache, pipeline_factory=factory, progress=False, connect=refuse_to_connect)
    assert factory.pipelines == 0 and cached.equals(tokens)


def test_a_cluster_of_one_is_this_process(corpus, tokens, pipeline, tmp_path):
    """connect is asked for the articles missing from the cache; a client of None annotates them here."""
    seed_annotation_cache(corpus, tokens, tmp_path)
    target = shortest_article(corpus)
    for path in tmp_path.glob(f"{target}-*.csv"):
        path.unlink()
    asked, factory = [], CountingFactory(pipeline)

    def connect(articles):
        asked.append(articles)
        return build_client(articles, workers=1)

    again = annotate_corpus(corpus, bundled_models(), tmp_path, pipeline_factory=factory, progress=False, connect=connect)
    assert asked == [1] and factory.pipelines == 1 and factory.calls == 1
    assert again[again["article_id"] == target].reset_index(drop=True).astype(str).equals(tokens[tokens["article_id"] == target].reset_index(drop=True).astype(str))


def test_a_local_cluster_has_one_worker_per_core_and_no_more_than_the_articles():
    assert local_workers(1000, 2) == 2
    assert local_workers(1, 8) == 1
    assert local_workers(3) == min(3, dask.system.CPU_COUNT)
    assert local_workers(0, 4) == 1
    # short tasks: a worker only for every tasks_per_worker of them
    assert local_workers(49, 2, tasks_per_worker=25) == 1
    assert local_workers(50, 2, tasks_per_worker=25) == 2
    assert local_workers(1000, 2, tasks_per_worker=25) == 2


def test_concurrent_writers_of_one_file_leave_one_whole_file(tokens, tmp_path):
    """Two workers or two builds writing the same cache file never truncate each other's, and leave no partial behind."""
    path = tmp_path / "A000-0123456789abcdef0123.csv"
    writers, rounds = 4, 10
    barrier, errors = threading.Barrier(writers), []

    def write():
        try:
            for _ in range(rounds):
                barrier.wait()
                write_tokens(tokens, path)
        except threading.BrokenBarrierError:
            pass  # another writer failed
        except Exception as error:  # collected: an exception in a thread would not fail the test
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert read_tokens(path).equals(tokens)
    assert [file.name for file in tmp_path.iterdir()] == [path.name]


def test_an_interrupted_write_leaves_no_cache_file(tokens, tmp_path):
    class Interrupted(Exception):
        pass

    class Unwritable:
        """A table whose writing is interrupted half-way."""

        def to_csv(self, handle, index):
            handle.write("article_id,sentence_id\n")
            raise Interrupted

    path = tmp_path / "A000-0123456789abcdef0123.csv"
    with pytest.raises(Interrupted):
        write_tokens(Unwritable(), path)
    assert list(tmp_path.iterdir()) == []
    write_tokens(tokens, path)
    assert not list(tmp_path.glob(f"*{PARTIAL_SUFFIX}"))


def test_a_worker_loads_its_pipeline_once_and_refuses_other_models(pipeline, tmp_path):
    models = bundled_models()
    factory = CountingFactory(pipeline)
    assert worker_pipeline(factory, models, models.identity) is worker_pipeline(factory, models, models.identity)
    assert factory.pipelines == 1
    with pytest.raises(ModelError, match="differ from those the build read"):
        worker_pipeline(CountingFactory(pipeline), models, "another identity")
    elsewhere = Models("bundled", tmp_path, tuple(tmp_path / path.name for path in models.files))
    with pytest.raises(ModelError, match=r"no model files at .*--models-dir"):
        worker_pipeline(CountingFactory(pipeline), elsewhere, models.identity)


def test_an_unknown_device_is_refused():
    with pytest.raises(ModelError, match="unknown device 'gpu'"):
        make_pipeline(bundled_models(), device="gpu")


def test_the_command_line_offers_the_devices_of_the_library(capsys):
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    assert "{" + ",".join(DEVICES) + "}" in capsys.readouterr().out
    assert cli.DEVICES == DEVICES


def test_an_unreachable_scheduler_says_what_to_do():
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(ClusterError, match=r"tcp://127\.0\.0\.1:9 .*dask scheduler"):
        with build_client(3, scheduler="tcp://127.0.0.1:9"):
            pass


def test_local_cluster_is_quiet_when_the_dashboard_port_is_taken():
    """A build beside another dask cluster (port 8787 taken) prints nothing: the scheduler's HTTP routes take a free loopback port."""
    import socket
    import warnings

    from rcreport.cluster import local_cluster

    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 8787))
        taken.listen()
    except OSError:
        pass  # someone else's cluster holds it already: the case itself
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with local_cluster(0) as cluster:
                server = cluster.scheduler.http_server
                assert server.address == "127.0.0.1" and server.port != 8787
    finally:
        taken.close()


def test_the_parser_runs_in_batches_of_like_length_sentences(pipeline):
    """The build's pipeline parses in batches of DEPPARSE_BATCH_WORDS words, not one padded batch per article
    (the frozen token tables of test_fixture_upkeep.py check that the output is the same)."""
    from rcreport.nlp import DEPPARSE_BATCH_WORDS

    assert pipeline.processors["depparse"].config["batch_size"] == DEPPARSE_BATCH_WORDS < 1000


def test_the_stages_of_a_build_share_one_cluster(monkeypatch):
    """A later stage sends its tasks to the cluster an earlier one started, whatever their number; it is closed once, with the build."""
    from rcreport import cluster

    started, closed = [], []

    @contextlib.contextmanager
    def fake_client(tasks, scheduler, workers, tasks_per_worker):
        size = cluster.local_workers(tasks, workers, tasks_per_worker)
        started.append((tasks, tasks_per_worker))
        yield f"client of {size}" if size > 1 else None
        closed.append(tasks)

    monkeypatch.setattr(cluster, "build_client", fake_client)
    with cluster.SharedCluster(workers=2) as shared:
        with shared.connect()(1) as client:
            assert client is None  # one article: this process, no cluster
        with shared.connect(25)(60) as client:
            assert client == "client of 2"  # enough articles for two workers: started
        with shared.connect(25)(3) as client:
            assert client == "client of 2"  # too few to start one, but it is there: used
        assert closed == [] and started == [(1, 1), (60, 25)]
    assert sorted(closed) == [1, 60]


def test_the_build_and_the_chapters_load_without_stanza_or_torch():
    """Only making a pipeline imports stanza and torch: the build's process, the chapters' kernels and Sphinx spare their memory."""
    modules = ["rcreport.cli", "rcreport.build", "rcreport.analysis", "rcreport.corpus_analysis", "rcreport.accuracy", "rcreport.editions", "rcreport.sphinx_ext"]
    code = f"import sys; import {', '.join(modules)}; print(sorted({{'stanza', 'torch'}} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
