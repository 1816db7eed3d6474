"""Annotation throughput with N local workers, as ``rcreport build`` annotates: one measured process.

``annotate_corpus`` with the build's ``PipelineFactory`` and
``build_client(workers=N)`` (a dask ``LocalCluster`` of N worker
processes; N = 1 annotates in this process), into an empty cache. Two
times are taken: the whole call (cluster start-up, the workers' imports
and model loads, shutdown included), and the annotation alone, from the
moment every worker has its pipeline loaded (for N > 1 each worker is
asked to load it first, :func:`load_pipeline`; for N = 1 the pipeline's
load is timed) to the last article written, before the cluster's shutdown. Prints one JSON line.

    .venv/bin/python bench/throughput.py DATA_DIR CACHE_DIR WORKERS MODELS_DIR
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from pathlib import Path

from rcreport.cluster import build_client
from rcreport.corpus import load_corpus
from rcreport.nlp import Models, PipelineFactory, annotate_corpus, bundled_models, worker_pipeline


def load_pipeline(factory: PipelineFactory, models: Models, identity: str) -> None:
    """Make a worker load the pipeline it will annotate with (run on every worker before the clock starts)."""
    worker_pipeline(factory, models, identity)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("workers", type=int)
    parser.add_argument("models_dir", type=Path)
    args = parser.parse_args()
    corpus = load_corpus(args.data)
    models = bundled_models(args.models_dir)
    factory, ready, done = PipelineFactory(), {}, {}

    def timed_factory(models: Models):
        """The factory annotate_corpus calls in this process (one worker): the pipeline's load is timed."""
        pipeline = factory(models)
        ready["at"] = time.perf_counter()
        return pipeline

    @contextlib.contextmanager
    def connect(articles: int):
        with build_client(articles, workers=args.workers) as client:
            if client is not None:
                client.run(load_pipeline, factory, models, models.identity)
                ready["at"] = time.perf_counter()
            yield client
            done["at"] = time.perf_counter()  # every article written, before the cluster shuts down

    start = time.perf_counter()
    tokens = annotate_corpus(corpus, models, args.cache, pipeline_factory=timed_factory if args.workers == 1 else factory, progress=False, connect=connect)
    end = time.perf_counter()
    print(json.dumps({"workers": args.workers, "tokens": len(tokens), "annotate_s": end - start, "ready_s": ready["at"] - start, "steady_s": done["at"] - ready["at"]}))


if __name__ == "__main__":
    main()
