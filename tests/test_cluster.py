"""Annotation and analysis on a dask.distributed cluster: two worker processes, reached through a scheduler's
address as ``rcreport build --scheduler`` reaches one, give the cache files and the analysis tables a
one-process run writes, and an interrupted run resumes where it stopped.

The fixture corpus is annotated by the bundled models in separate worker
processes; the one-process reference is the session's own pipeline.
"""

from __future__ import annotations

import functools
import os

import pytest
from distributed import Client

import rcreport.analysis
import rcreport.nlp
from conftest import FIXTURE_CODEBOOK, copy_project
from rcreport.analysis import TABLES
from rcreport.cluster import TASKS_IN_FLIGHT_PER_THREAD, build_client, local_cluster, run_tasks
from rcreport.corpus import load_corpus
from rcreport.corpus_analysis import analyse_corpus
from rcreport.nlp import PARTIAL_SUFFIX, PipelineFactory, annotate_corpus, bundled_models, cache_path, table_tokens

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def scheduler():
    """The address of a two-worker cluster in separate processes, started as the build starts its local one."""
    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def project_corpus(tmp_path):
    """The fixture corpus in a copy of the project, loaded."""
    return load_corpus(copy_project(tmp_path / "project") / "data")


def worker_pipelines():
    """Run on each worker: how many pipelines it loaded and how many articles it annotated with them."""
    info = rcreport.nlp._loaded_pipeline.cache_info()
    return {"pid": os.getpid(), "pipelines": info.currsize, "articles": info.hits + info.misses}


def cache_files(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


def test_two_workers_write_the_cache_files_of_one_process(scheduler, project_corpus, pipeline, tmp_path):
    models = bundled_models()
    annotate_corpus(project_corpus, models, tmp_path / "one", pipeline_factory=lambda models: pipeline, progress=False)
    with Client(scheduler) as client:
        before = sum(worker["articles"] for worker in client.run(worker_pipelines).values())
        connect = functools.partial(build_client, scheduler=scheduler)
        annotate_corpus(project_corpus, models, tmp_path / "two", pipeline_factory=PipelineFactory(), progress=False, connect=connect)
        workers = list(client.run(worker_pipelines).values())
    one, two = cache_files(tmp_path / "one"), cache_files(tmp_path / "two")
    assert len(one) == len(project_corpus.included) and one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # separate processes, each with one pipeline loaded once for all its articles, both of them working
    assert len({worker["pid"] for worker in workers} | {os.getpid()}) == 3
    assert [worker["pipelines"] for worker in workers] == [1, 1]
    assert all(worker["articles"] > 0 for worker in workers)
    assert sum(worker["articles"] for worker in workers) - before == len(project_corpus.included)


def test_the_local_workers_allocate_memory_as_a_plain_process_does(scheduler):
    # dask's nanny would set MALLOC_TRIM_THRESHOLD_ in each worker (and in the build's process, which starts
    # them): with it set glibc maps each of the parser's large tensors afresh, and annotation is slower
    with Client(scheduler) as client:
        trim = client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_")
    assert len(trim) == 2 and set(trim.values()) == {os.environ.get("MALLOC_TRIM_THRESHOLD_")} == {None}


class Interrupted(Exception):
    """The build stopped (Ctrl-C, a killed process) after some articles were written."""


def test_an_interrupted_run_resumes_with_the_articles_left(scheduler, project_corpus, tokens, monkeypatch, tmp_path):
    cache, models, written = tmp_path / "cache", bundled_models(), []
    connect = functools.partial(build_client, scheduler=scheduler)
    write = rcreport.nlp.write_tokens

    def write_two_then_stop(table, path):
        if len(written) == 2:
            raise Interrupted
        written.append(path)
        write(table, path)

    monkeypatch.setattr(rcreport.nlp, "write_tokens", write_two_then_stop)
    with pytest.raises(Interrupted):
        annotate_corpus(project_corpus, models, cache, pipeline_factory=PipelineFactory(), progress=False, connect=connect)
    done = sorted(cache.glob("*.csv"))
    assert done == sorted(written)
    # and a write that never finished, left where the next article's file would be
    last = project_corpus.included["id"].iloc[-1]
    path = cache_path(cache, last, project_corpus.sentences[project_corpus.sentences["article_id"] == last], models.identity)
    stale = path.with_name(f"{path.name}.0123456789abcdef{PARTIAL_SUFFIX}")
    stale.write_text("article_id,sentence_id,token_id\nA0", encoding="utf-8")
    kept = {path: path.stat().st_mtime_ns for path in done}

    resumed = []
    monkeypatch.setattr(rcreport.nlp, "write_tokens", lambda table, path: (resumed.append(path), write(table, path)))
    annotate_corpus(project_corpus, models, cache, pipeline_factory=PipelineFactory(), progress=False, connect=connect)
    assert len(resumed) == len(project_corpus.included) - 2 and not set(resumed) & set(done) and path in resumed
    assert {path: path.stat().st_mtime_ns for path in done} == kept
    assert annotate_corpus(project_corpus, models, cache, progress=False).equals(tokens)


def worker_codebooks():
    """Run on each worker: how many codebook sets it loaded and how many articles it analysed with them."""
    info = rcreport.analysis._loaded_codebooks.cache_info()
    return {"codebooks": info.currsize, "articles": info.hits + info.misses}


def stored_tables(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.parquet"))}


def test_two_workers_analyse_into_the_tables_of_one_process(scheduler, project_corpus, tokens, tmp_path):
    """The analysis stage on the cluster: the store and the corpus tables are byte for byte those of a one-process run."""
    identity, codebook = bundled_models().identity, FIXTURE_CODEBOOK
    one = analyse_corpus(project_corpus, table_tokens(tokens), identity, codebook, tmp_path / "store-one", tmp_path / "one", progress=False)
    with Client(scheduler) as client:
        before = sum(worker["articles"] for worker in client.run(worker_codebooks).values())
        connect = functools.partial(build_client, scheduler=scheduler)
        two = analyse_corpus(project_corpus, table_tokens(tokens), identity, codebook, tmp_path / "store-two", tmp_path / "two", progress=False, connect=connect)
        workers = list(client.run(worker_codebooks).values())
    assert stored_tables(tmp_path / "store-one") == stored_tables(tmp_path / "store-two") != {}
    assert stored_tables(tmp_path / "one") == stored_tables(tmp_path / "two")
    assert all(getattr(one, name).equals(getattr(two, name)) for name in TABLES)
    # each worker loaded the codebooks once, both of them working, every article analysed there
    assert [worker["codebooks"] for worker in workers] == [1, 1]
    assert all(worker["articles"] > 0 for worker in workers)
    assert sum(worker["articles"] for worker in workers) - before == len(project_corpus.included)


def test_only_a_few_tasks_per_worker_are_in_flight(scheduler):
    """A corpus's tasks are not all submitted at once: a job's arguments are made as earlier jobs finish."""
    made, seen = [], []

    def arguments(job_id):
        made.append(job_id)
        return (job_id,)

    job_ids = [f"job-{number:03d}" for number in range(40)]
    with Client(scheduler) as client:
        in_flight = TASKS_IN_FLIGHT_PER_THREAD * sum(client.nthreads().values())
        for job_id, result in run_tasks(str.upper, job_ids, arguments, functools.partial(build_client, scheduler=scheduler), local=lambda: str.upper):
            seen.append(len(made))
            assert result == job_id.upper()
    assert sorted(made) == job_ids, "every job ran once"
    assert in_flight < len(job_ids)
    # when the n-th result arrived, at most n jobs beyond those first in flight had their arguments made
    assert max(count - position for position, count in enumerate(seen)) <= in_flight + 1
