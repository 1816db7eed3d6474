"""Where the build's per-article work runs: a dask.distributed cluster, or this process.

Annotating an article (:mod:`rcreport.nlp`) and analysing it
(:mod:`rcreport.analysis`) are each a task per article. The build sends the
articles missing from a cache to a ``LocalCluster`` of one worker process
per core, started when a stage first needs it and shared by the build's
stages (:class:`SharedCluster`), or to an existing cluster's scheduler
(``rcreport build --scheduler``); where the local cluster would be a single
worker, the work stays in this process, which would otherwise only add the
cluster's start-up. Results come back to the
build, which writes the caches: workers need not share its disk.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import dask.config
from dask.system import CPU_COUNT
from distributed import Client, LocalCluster, as_completed

# The local cluster's workers: one thread per worker process (torch's threads are the pipeline factory's),
# no dashboard and dask's own logging for errors only, so that the build's output stays quiet. Without a
# dashboard the scheduler still serves its HTTP routes (health, metrics), by default on port 8787, and warns
# "Hosting the HTTP server on port ... instead" where that port is taken (another cluster, another build):
# it is given a free port of the loopback interface instead, where nothing is taken and nothing is exposed.
LOCAL_CLUSTER_OPTIONS = {
    "processes": True,
    "threads_per_worker": 1,
    "dashboard_address": None,
    "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
    "silence_logs": logging.ERROR,
}
# dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in every worker process it starts, so that workers hand freed
# memory back to the OS at once. Setting it at all turns off glibc's adaptive thresholds: each of the parser's
# large tensors is then mapped and unmapped afresh, and stanza annotated 15 % slower in one process with it set,
# and two workers 1.3 to 1.4 times faster than one instead of 1.6 (bench/RESULTS.md). The local cluster's
# workers allocate as a plain Python process does (None unsets a variable of dask's list).
LOCAL_WORKER_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
# How many tasks per worker thread are submitted at a time (run_tasks): enough that a worker never waits for its
# next task while the build's process takes in a result, few enough that the build's process holds the arguments
# and results of a handful of articles, not of the corpus (10,000 articles' token tables submitted at once held
# several GB in the build's process, the scheduler's copies included)
TASKS_IN_FLIGHT_PER_THREAD = 4
# How long a build waits for an existing cluster to have a worker before it gives up
WORKER_WAIT_S = 60

#: How a stage reaches a cluster for ``n`` tasks: a context giving a client, or None for this process
Connect = Callable[[int], AbstractContextManager[Client | None]]


class ClusterError(RuntimeError):
    """The dask cluster the build was pointed at cannot take its tasks; the message says what to do."""


def local_workers(tasks: int, workers: int | None = None, tasks_per_worker: int = 1) -> int:
    """The size of a local cluster for ``tasks`` tasks: ``workers`` (default one per core), never more than one per ``tasks_per_worker`` tasks."""
    return max(1, min(workers or CPU_COUNT, tasks // tasks_per_worker))


@contextlib.contextmanager
def build_client(tasks: int, scheduler: str | None = None, workers: int | None = None, tasks_per_worker: int = 1) -> Iterator[Client | None]:
    """Where a stage's ``tasks`` tasks run, for the stages' ``connect``.

    With ``scheduler`` (an address such as ``tcp://host:8786``): a client of
    that existing cluster, once it has a worker. Without: a ``LocalCluster``
    of :func:`local_workers` processes, started for this block and closed
    after it; None (this process) where that would be a single worker. A
    stage whose tasks are short gives the number of them a worker must have
    to repay its start-up (``tasks_per_worker``).
    """
    if scheduler:
        try:
            client = Client(scheduler)
        except (OSError, ValueError) as error:
            raise ClusterError(f"cannot reach the dask scheduler at {scheduler} ({error}); start it (dask scheduler), or build without --scheduler for a local cluster") from None
        with client:
            try:
                client.wait_for_workers(1, timeout=WORKER_WAIT_S)
            except TimeoutError:
                raise ClusterError(f"the dask scheduler at {scheduler} has had no worker for {WORKER_WAIT_S} s; start one on each machine (dask worker {scheduler} --nthreads 1)") from None
            yield client
        return
    size = local_workers(tasks, workers, tasks_per_worker)
    if size == 1:
        yield None
        return
    with local_cluster(size) as cluster, Client(cluster) as client:
        yield client


@contextlib.contextmanager
def local_cluster(workers: int) -> Iterator[LocalCluster]:
    """A ``LocalCluster`` of ``workers`` processes as the build starts one (:data:`LOCAL_CLUSTER_OPTIONS`, :data:`LOCAL_WORKER_CONFIG`)."""
    with dask.config.set(LOCAL_WORKER_CONFIG), LocalCluster(n_workers=workers, **LOCAL_CLUSTER_OPTIONS) as cluster:
        yield cluster


class SharedCluster:
    """The cluster a build's stages share: started (or reached) when a stage first needs one, closed with the block.

    ``connect(tasks_per_worker)`` is a stage's ``connect``. The first stage
    with enough tasks for a cluster (:func:`build_client`) starts it, and a
    later stage sends its tasks there, whatever their number, rather than
    paying the workers' start-up again: on a cold build the analysis runs on
    the workers that annotated.
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        self.scheduler, self.workers = scheduler, workers
        self._stack = contextlib.ExitStack()
        self._client: Client | None = None

    def __enter__(self) -> SharedCluster:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close the client and any local cluster now (a later stage would start another): what the workers hold is let go."""
        self._stack.close()
        self._client = None

    def connect(self, tasks_per_worker: int = 1) -> Connect:
        """A stage's ``connect``: this build's client, started for ``n`` tasks of which a worker must have ``tasks_per_worker``."""

        @contextlib.contextmanager
        def stage_client(tasks: int) -> Iterator[Client | None]:
            if self._client is None:
                self._client = self._stack.enter_context(build_client(tasks, self.scheduler, self.workers, tasks_per_worker))
            yield self._client

        return stage_client


def run_tasks(task: Callable[..., Any], job_ids: Sequence[str], arguments: Callable[[str], tuple], connect: Connect | None, local: Callable[[], Callable[..., Any]]) -> Iterator[tuple[str, Any]]:
    """Run ``task(*arguments(job_id))`` for each of ``job_ids``, yielding (id, result) as each finishes.

    ``connect(len(job_ids))`` gives the client whose cluster runs them (see
    :func:`build_client`); where it gives None, or there is no ``connect``,
    they run one after another in this process with the function ``local()``
    makes once (the same work with what the process loads once, such as a
    pipeline). ``task`` is sent to the workers, so it must be picklable (a
    module-level function, or a partial of one).

    Only :data:`TASKS_IN_FLIGHT_PER_THREAD` tasks per worker thread (of the
    workers the cluster has when the jobs start) are submitted at a time, the next as one finishes, and a job's arguments are
    made when it is submitted: what this process holds (the arguments, the
    scheduler's copies of them, the results) is that of the jobs in flight,
    not of the corpus. A generator, so that a finished job's result is not
    held here once the caller has used it. Every job is distinct, so the
    tasks are not keyed by their arguments (``pure=False``): hashing each
    article's tables would cost this process time the workers need.
    """
    if not job_ids:
        return
    with connect(len(job_ids)) if connect else contextlib.nullcontext() as client:
        if client is None:
            run = local()
            for job_id in job_ids:
                yield job_id, run(*arguments(job_id))
            return
        waiting, job_of = iter(job_ids), {}

        def submit(job_id: str):
            future = client.submit(task, *arguments(job_id), pure=False)
            job_of[future.key] = job_id
            return future

        in_flight = TASKS_IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
        running = as_completed([submit(job_id) for job_id in itertools.islice(waiting, in_flight)])
        for future in running:
            result = future.result()
            for job_id in itertools.islice(waiting, 1):
                running.add(submit(job_id))
            yield job_of.pop(future.key), result
