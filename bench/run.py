"""Benchmarks of the report's build, annotation, checks and growth; run with ``make bench``.

Not tests: nothing here asserts a target; it measures and prints. Every
measured step runs as its own process, timed by wall clock, with the peak
resident memory of the largest process in its tree (the build, a notebook
kernel, Sphinx) taken from ``os.wait4``. Everything is written under a
temporary directory; the project's data/ is only read.

1. Seed corpus: ``rcreport build`` cold (fresh copy, empty annotation cache,
   no _build) and warm (the same command again, nothing changed).
2. Annotation throughput on the seed corpus, in one process: bare stanza
   (a ``stanza.Pipeline`` with the settings ``rcreport.nlp.make_pipeline``
   uses, ``pipeline_settings(models, **CORPUS_OPTIONS)``, called on the same per-article texts) against ``annotate_corpus``
   cold (empty cache, pipeline load included in both) and cached.
3. Scaling on generated corpora (``bench/generate.py``) of ``--sizes`` articles
   (none by default; the earlier measurement used 5, 50, 500 and 1,000): ``rcreport check``; annotation (cold); the build with the
   annotations cached; a no-change rebuild. Sizes above ``--annotate-max``
   (default 50) are not annotated or built: their annotation time is
   extrapolated from the tokens/second measured at the largest annotated size,
   and said so in the output.
4. Adding one article to the ``--add-to``-article corpus: ``rcreport add`` (the
   real command), annotating that one article alone (what the next build adds
   to a rebuild of the unchanged corpus), and the rebuild after it.
5. Annotation throughput with 1 and 2 workers on a generated corpus of
   ``--cluster-articles`` (default 50) articles (``bench/throughput.py``):
   ``annotate_corpus`` as the build calls it, into an empty cache, with
   ``--workers 1`` (in its process) and ``--workers 2`` (a dask
   ``LocalCluster`` of two worker processes), timed with the start-up (the
   workers' imports and model loads, the shutdown) and without it, and
   whether the two wrote the same cache files; each worker's
   peak memory.

6. End to end on generated corpora of ``--e2e-sizes`` (default 100 and
   1,000) articles: ``rcreport build`` cold, as a first ``make book`` on that
   corpus runs it (annotation on the build's local dask cluster, one worker
   per core, then analysis, article pages, chapters and Sphinx), then a
   no-change rebuild; for ``--add-to`` (default 1,000), ``rcreport add`` of one
   article and the rebuild after it. Every build is measured by
   :func:`monitor.run_measured`: the peak memory of each process by role (the
   build, each dask worker, the kernels, Sphinx) and of the whole tree, and
   the seconds of each phase (the profile). Build seconds per article are the
   build's seconds less its annotation phase, over the articles.
7. Larger corpora (``--reuse-sizes``) whose annotation cache is filled from
   the annotations made in step 6 (:mod:`reuse`: copied where the article is
   the same, assembled sentence by sentence otherwise, the few unseen
   sentences annotated for real), then ``rcreport build`` cold (nothing left
   to annotate) and a no-change rebuild: the rest of the build at that size.

    .venv/bin/python bench/run.py [--sizes 5 50 500] [--annotate-max 50] [--e2e-sizes 100 1000] [--add-to 1000]
        [--reuse-sizes 2000 10000] [--reuse-from PROJECT ...] [--cluster-articles 50] [--skip-seed] [--work DIR] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow.parquet as pq

import reuse
from generate import clean_text_of, generate_articles
from monitor import run_measured
from rcreport.corpus import DuplicateIndex, load_corpus
from rcreport.nlp import DEFAULT_MODELS_DIR, TORCH_THREADS
from rcreport.project import Project

ROOT = Path(__file__).resolve().parents[1]
MODELS_DIR = ROOT / DEFAULT_MODELS_DIR
RCREPORT = [sys.executable, "-m", "rcreport.cli"]


@dataclass
class Measure:
    """One measured command: wall seconds, peak RSS (MiB) of its largest process, exit status."""

    seconds: float
    peak_mib: float
    returncode: int
    output_tail: str


def measure(command: list[str], cwd: Path = ROOT, label: str = "") -> Measure:
    """Run a command to completion, timing it and taking its peak memory from wait4."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        tail = log.read()[-3000:]
    result = Measure(round(seconds, 1), round(usage.ru_maxrss / 1024, 1), process.returncode, tail)
    if result.returncode:
        print(f"    ! {label or ' '.join(map(str, command[2:]))} exited {result.returncode}:\n{tail}", flush=True)
    return result


def python_step(code: str, label: str) -> Measure:
    """Run a snippet of Python in its own process (its last stdout line is a JSON result)."""
    return measure([sys.executable, "-c", code], label=label)


def last_json(result: Measure) -> dict:
    """The JSON object a python_step printed last; a failed step stops the benchmark."""
    if result.returncode:
        raise SystemExit("a benchmark step failed (its output is above)")
    return json.loads(result.output_tail.strip().splitlines()[-1])


def make_project(target: Path, data: Path) -> Path:
    """A buildable project copy in ``target`` with ``data`` as its data directory."""
    return Project(ROOT).copy_to(target, data=data).root


def machine() -> dict:
    """What the figures were measured on."""
    import stanza
    import torch

    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gib": round(int(memory) / 2**20, 1),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": TORCH_THREADS,
        "stanza": stanza.__version__,
        "load_average": os.getloadavg(),
    }


ANNOTATION_CODE = """
import json, statistics, sys, time
from pathlib import Path
import stanza, torch
from rcreport.corpus import load_corpus
from rcreport.nlp import CORPUS_OPTIONS, SENTENCE_BREAK, TORCH_THREADS, annotate_corpus, bundled_models, pipeline_settings

data, cache = Path({data!r}), Path({cache!r})
corpus = load_corpus(data)
models = bundled_models({models_dir!r})
texts = [SENTENCE_BREAK.join(group["text"]) for _, group in corpus.sentences.groupby("article_id", sort=False)]

def bare_stanza():
    '''The pipeline make_pipeline builds, created and called directly; returns (load s, annotate s, tokens).'''
    start = time.perf_counter()
    torch.set_num_threads(TORCH_THREADS)
    pipeline = stanza.Pipeline(**pipeline_settings(models, **CORPUS_OPTIONS))
    loaded = time.perf_counter()
    count = sum(len(sentence.words) for text in texts for sentence in pipeline(text).sentences)
    return loaded - start, time.perf_counter() - loaded, count


def ours_cold(round_number):
    '''annotate_corpus into an empty cache, pipeline load included; returns (seconds, token table).'''
    start = time.perf_counter()
    table = annotate_corpus(corpus, models, cache / str(round_number), progress=False)
    return time.perf_counter() - start, table


# Interleaved rounds, so that neither side profits from running second (warm files, caches); medians are reported.
bare, ours = [], []
for round_number in range({rounds}):
    bare.append(bare_stanza())
    ours.append(ours_cold(round_number))
bare_tokens = bare[0][2]
tokens = ours[0][1]
start_cached = time.perf_counter()
again = annotate_corpus(corpus, models, cache / "0", progress=False)
cached = time.perf_counter() - start_cached
assert again.equals(tokens) and len(tokens) == bare_tokens, (len(tokens), bare_tokens)
print(json.dumps({{"tokens": bare_tokens, "sentences": len(corpus.sentences), "rounds": {rounds},
                  "bare_load_s": statistics.median(b[0] for b in bare), "bare_annotate_s": statistics.median(b[1] for b in bare),
                  "bare_total_s": statistics.median(b[0] + b[1] for b in bare),
                  "ours_cold_s": statistics.median(o[0] for o in ours), "ours_cached_s": cached}}))
"""

COUNT_CODE = """
import json, time
from pathlib import Path
from rcreport.corpus import load_corpus
start = time.perf_counter()
corpus = load_corpus(Path({data!r}))
load_s = time.perf_counter() - start
print(json.dumps({{"articles": len(corpus.included), "sentences": len(corpus.sentences), "words": int(corpus.sentences["text"].str.split().str.len().sum()), "load_corpus_s": load_s}}))
"""

ANNOTATE_CODE = """
import json, time
from pathlib import Path
from rcreport.corpus import load_corpus
from rcreport.nlp import annotate_corpus, bundled_models
corpus = load_corpus(Path({data!r}))
only = {only!r}
if only:
    import dataclasses
    corpus = dataclasses.replace(corpus, articles=corpus.articles[corpus.articles["id"] == only])
start = time.perf_counter()
tokens = annotate_corpus(corpus, bundled_models({models_dir!r}), Path({cache!r}), progress=False)
print(json.dumps({{"tokens": len(tokens), "annotate_s": time.perf_counter() - start}}))
"""

WORKER_COUNTS = (1, 2)


def build_step(project: Path, label: str) -> dict:
    """``rcreport build`` of ``project``, measured by :func:`monitor.run_measured` (memory by process, phases)."""
    print(f"    {label} (load average {os.getloadavg()[0]:.2f})", flush=True)
    return run_measured([*RCREPORT, "build", "--root", str(project)], ROOT, label)


def seed_builds(work: Path) -> dict:
    """Cold and warm ``rcreport build`` of the seed corpus."""
    project = make_project(work / "seed", ROOT / "data")
    return {"cold": build_step(project, "seed cold build"), "warm": build_step(project, "seed no-change rebuild")}


def annotation_throughput(work: Path) -> dict:
    """Tokens per second of bare stanza and of annotate_corpus (cold, cached) on the seed corpus, medians of 3 interleaved rounds."""
    step = python_step(ANNOTATION_CODE.format(data=str(ROOT / "data"), cache=str(work / "annotation-cache"), rounds=3, models_dir=str(MODELS_DIR)), "annotation throughput")
    figures = last_json(step)
    bare_total = figures["bare_total_s"]
    figures.update(
        bare_tokens_per_s=figures["tokens"] / figures["bare_annotate_s"],
        bare_with_load_tokens_per_s=figures["tokens"] / bare_total,
        ours_cold_tokens_per_s=figures["tokens"] / figures["ours_cold_s"],
        ours_cached_tokens_per_s=figures["tokens"] / figures["ours_cached_s"],
        overhead_vs_bare_with_load=figures["ours_cold_s"] / bare_total - 1,
    )
    return {"figures": figures, "peak_mib": step.peak_mib}


def scaling(work: Path, sizes: list[int], annotate_max: int) -> dict:
    """Check, annotate and build generated corpora of each size; extrapolate annotation above annotate_max."""
    results, rate = {}, None
    for n in sizes:
        print(f"  {n} articles", flush=True)
        data = work / f"gen{n}" / "data-source"
        measure([sys.executable, str(ROOT / "bench" / "generate.py"), str(data), str(n)])
        project = make_project(work / f"gen{n}" / "project", data)
        row = {"size": last_json(python_step(COUNT_CODE.format(data=str(project / "data")), "corpus size"))}
        row["check"] = asdict(measure([*RCREPORT, "check", "--data", str(project / "data")]))
        if n <= annotate_max:
            cache = project / ".cache" / "annotations"
            step = python_step(ANNOTATE_CODE.format(data=str(project / "data"), cache=str(cache), only="", models_dir=str(MODELS_DIR)), f"annotating {n} articles")
            annotated = last_json(step)
            rate = annotated["tokens"] / annotated["annotate_s"]
            row["annotate"] = {**asdict(step), **annotated, "tokens_per_s": rate, "measured": True}
            row["build_cached_annotations"] = asdict(measure([*RCREPORT, "build", "--root", str(project)]))
            row["rebuild_no_change"] = asdict(measure([*RCREPORT, "build", "--root", str(project)]))
        elif rate:
            tokens_per_word = results[max(results)]["annotate"]["tokens"] / results[max(results)]["size"]["words"]
            tokens = row["size"]["words"] * tokens_per_word
            row["annotate"] = {"tokens": round(tokens), "annotate_s": tokens / rate, "tokens_per_s": rate, "measured": False}
        results[n] = row
    return results


def add_one(work: Path, project: Path, n: int) -> dict:
    """``rcreport add`` of one new generated article to the n-article corpus in ``project``, annotating it alone,
    and, where that corpus was built, the rebuild that follows (which annotates only the new article)."""
    index = DuplicateIndex()
    for article_id, clean_text in load_corpus(project / "data").clean_texts.items():
        index.add(article_id, clean_text)
    candidates = (text for _, text in generate_articles(50, seed=n + 1))
    source = work / "new-article.txt"
    source.write_text(next(text for text in candidates if not index.problem(clean_text_of(text))), encoding="utf-8")
    added = measure([*RCREPORT, "add", str(source), "--title", "Benchmark article", "--data", str(project / "data")])
    new_id = added.output_tail.split("added ", 1)[1].split(":", 1)[0] if added.returncode == 0 else ""
    result = {"add": asdict(added), "id": new_id}
    if new_id:
        step = python_step(ANNOTATE_CODE.format(data=str(project / "data"), cache=str(work / "one-cache"), only=new_id, models_dir=str(MODELS_DIR)), f"annotating {new_id}")
        result["annotate_new_article"] = {**asdict(step), **last_json(step)}
    if new_id and (project / "_build").is_dir():
        result["rebuild_after_add"] = build_step(project, f"rebuild after adding {new_id}")
    return result


def workers_throughput(work: Path, n: int) -> dict:
    """Tokens per second of annotation with 1 and 2 local workers on ``n`` generated articles, cold caches,
    and whether both runs wrote the same cache files (byte for byte)."""
    data = work / "workers" / "data"
    measure([sys.executable, str(ROOT / "bench" / "generate.py"), str(data), str(n)])
    runs, files = {}, {}
    for workers in WORKER_COUNTS:
        cache = work / "workers" / f"cache-{workers}"
        print(f"    {workers} worker(s) (load average {os.getloadavg()[0]:.2f})", flush=True)
        command = [sys.executable, str(ROOT / "bench" / "throughput.py"), str(data), str(cache), str(workers), str(MODELS_DIR)]
        step = run_measured(command, ROOT, f"annotating with {workers} workers")
        if step["returncode"]:
            raise SystemExit("a benchmark step failed (its output is above)")
        figures = json.loads(step["output_tail"].strip().splitlines()[-1])
        runs[workers] = {**step, **figures, "tokens_per_s": figures["tokens"] / figures["annotate_s"], "steady_tokens_per_s": figures["tokens"] / figures["steady_s"]}
        files[workers] = {path.name: path.read_bytes() for path in sorted(cache.glob("*.csv"))}
    one, two = (runs[workers]["tokens_per_s"] for workers in WORKER_COUNTS)
    steady_one, steady_two = (runs[workers]["steady_tokens_per_s"] for workers in WORKER_COUNTS)
    return {"articles": n, "runs": runs, "speedup": two / one, "steady_speedup": steady_two / steady_one, "identical_cache_files": files[1] == files[2]}


def corpus_size(project: Path) -> dict:
    """Articles, sentences and words of a project's corpus, and how long one ``load_corpus`` of it takes."""
    return last_json(python_step(COUNT_CODE.format(data=str(project / "data")), "corpus size"))


def built_tokens(project: Path) -> int:
    """How many tokens the last build of ``project`` annotated or read (rows of build/analysis/tokens.parquet)."""
    return pq.read_metadata(project / "build" / "analysis" / "tokens.parquet").num_rows


def per_article(build: dict, articles: int) -> dict:
    """A build's seconds per article: in all, and without its annotation phase (the build with annotations cached)."""
    annotation = build["phases"].get("annotation", 0.0)
    return {"total_s": build["seconds"] / articles, "without_annotation_s": (build["seconds"] - annotation) / articles}


def end_to_end(work: Path, n: int) -> dict:
    """A generated corpus of n articles: ``rcreport build`` cold (annotation included) and a no-change rebuild."""
    data = work / f"e2e{n}" / "data-source"
    measure([sys.executable, str(ROOT / "bench" / "generate.py"), str(data), str(n)])
    project = make_project(work / f"e2e{n}" / "project", data)
    row = {"size": corpus_size(project)}
    row["cold"] = build_step(project, f"{n} articles: cold build, annotation included")
    row["tokens"] = built_tokens(project)
    row["annotation_tokens_per_s"] = row["tokens"] / row["cold"]["phases"]["annotation"] if row["cold"]["phases"].get("annotation") else None
    row["per_article"] = per_article(row["cold"], row["size"]["articles"])
    row["no_change"] = build_step(project, f"{n} articles: no-change rebuild")
    return row


def reuse_build(work: Path, n: int, sources: list[Path]) -> dict:
    """A generated corpus of n articles, its annotation cache filled from ``sources`` (:mod:`reuse`), built cold and again."""
    data = work / f"reuse{n}" / "data-source"
    generated = measure([sys.executable, str(ROOT / "bench" / "generate.py"), str(data), str(n)])
    project = make_project(work / f"reuse{n}" / "project", data)
    row = {"generate_s": generated.seconds, "size": corpus_size(project)}
    print(f"    filling the annotation cache from {', '.join(source.parent.name for source in sources)} (load average {os.getloadavg()[0]:.2f})", flush=True)
    row["prefill"] = reuse.prefill(project, sources, MODELS_DIR, work / f"reuse{n}" / "unseen-cache")
    row["cold"] = build_step(project, f"{n} articles: cold build, every annotation in the cache")
    row["tokens"] = built_tokens(project)
    row["per_article"] = per_article(row["cold"], row["size"]["articles"])
    row["no_change"] = build_step(project, f"{n} articles: no-change rebuild")
    return row


def phases_text(build: dict) -> str:
    """A build's phases as 'name s' pairs (the profile)."""
    return ", ".join(f"{name} {seconds:.0f} s" for name, seconds in build["phases"].items()) or "no phases"


def memory_text(build: dict) -> str:
    """A build's peak memory: its tree at one instant, and the largest process of each role."""
    roles = ", ".join(f"{role} {mib:.0f}" for role, mib in build["peak_mib_by_role"].items() if role != "resource tracker")
    workers = f"; workers {' / '.join(f'{mib:.0f}' for mib in build['worker_peaks_mib'])} MiB" if build["worker_peaks_mib"] else ""
    return f"tree peak {build['tree_peak_mib']:.0f} MiB (largest process {build['peak_mib']:.0f} MiB; {roles}{workers})"


def build_text(build: dict) -> str:
    """One measured build: seconds, load average at its end, memory and profile."""
    return f"{build['seconds']} s (rc {build['returncode']}, load average at end {build['load_average'][0]:.2f}); {memory_text(build)}; phases: {phases_text(build)}"


def report(results: dict) -> str:
    """The figures as text, for the terminal and for bench/RESULTS.md."""
    m = results["machine"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; python {m['python']}, torch {m['torch']} ({m['torch_threads']} thread), stanza {m['stanza']}; {m['date']}; load average at start {m['load_average']}"
    ]
    if "seed" in results:
        cold, warm = results["seed"]["cold"], results["seed"]["warm"]
        lines += [f"seed build (5 articles), cold: {build_text(cold)}", f"seed no-change rebuild: {build_text(warm)}"]
    if "annotation" in results:
        figures = results["annotation"]["figures"]
        lines += [
            f"annotation of the seed corpus ({figures['tokens']} tokens, {figures['sentences']} sentences, peak {results['annotation']['peak_mib']} MiB):",
            f"  bare stanza: pipeline load {figures['bare_load_s']:.1f} s + annotation {figures['bare_annotate_s']:.1f} s = {figures['bare_with_load_tokens_per_s']:.0f} tokens/s ({figures['bare_tokens_per_s']:.0f} tokens/s without the load)",
            f"  annotate_corpus cold: {figures['ours_cold_s']:.1f} s = {figures['ours_cold_tokens_per_s']:.0f} tokens/s; overhead over bare stanza (load included in both) {figures['overhead_vs_bare_with_load']:+.1%}",
            f"  annotate_corpus cached: {figures['ours_cached_s']:.2f} s = {figures['ours_cached_tokens_per_s']:.0f} tokens/s",
        ]
    for n, row in results.get("scaling", {}).items():
        size, check = row["size"], row["check"]
        text = f"{n} generated articles ({size['sentences']} sentences, {size['words']} words): check {check['seconds']} s (peak {check['peak_mib']} MiB)"
        annotate = row.get("annotate")
        if annotate and annotate["measured"]:
            text += f"; annotate {annotate['annotate_s']:.1f} s ({annotate['tokens']} tokens, {annotate['tokens_per_s']:.0f} tokens/s, peak {annotate['peak_mib']} MiB)"
            text += f"; build with cached annotations {row['build_cached_annotations']['seconds']} s (peak {row['build_cached_annotations']['peak_mib']} MiB)"
            text += f"; no-change rebuild {row['rebuild_no_change']['seconds']} s"
            end_to_end = annotate["seconds"] + row["build_cached_annotations"]["seconds"]
            peak = max(annotate["peak_mib"], row["build_cached_annotations"]["peak_mib"])
            text += f"; end to end (annotating as a process + building) {end_to_end / 60:.1f} min, peak {peak} MiB"
        elif annotate:
            text += f"; annotation NOT RUN, extrapolated: ~{annotate['annotate_s'] / 60:.0f} min for ~{annotate['tokens']} tokens at {annotate['tokens_per_s']:.0f} tokens/s"
        lines.append(text)
    if "workers" in results:
        workers = results["workers"]
        runs = workers["runs"]
        text = f"annotation with 1 and 2 workers, {workers['articles']} generated articles ({runs[1]['tokens']} tokens, empty cache, start-up included): "
        text += "; ".join(
            f"{n} worker{'s' if n > 1 else ''} {run['annotate_s']:.1f} s = {run['tokens_per_s']:.0f} tokens/s, of which {run['ready_s']:.1f} s until every pipeline was loaded"
            f" and {run['steady_s']:.1f} s annotating = {run['steady_tokens_per_s']:.0f} tokens/s ({memory_text(run)}; load average at end {run['load_average'][0]:.2f})"
            for n, run in runs.items()
        )
        text += f"; 2 workers = {workers['speedup']:.2f} x 1 worker with start-up, {workers['steady_speedup']:.2f} x once loaded; cache files {'identical' if workers['identical_cache_files'] else 'DIFFERENT'}"
        lines.append(text)
    if "add" in results:
        add = results["add"]
        text = f"add one article to the {results['add_to']}-article corpus: rcreport add {add['add']['seconds']} s (peak {add['add']['peak_mib']} MiB, rc {add['add']['returncode']})"
        if "annotate_new_article" in add:
            one = add["annotate_new_article"]
            text += f"; then annotating {add['id']} alone, the one article a rebuild re-annotates: {one['annotate_s']:.1f} s ({one['tokens']} tokens; {one['seconds']} s as a process, with imports)"
        if "rebuild_after_add" in add:
            rebuild = add["rebuild_after_add"]
            built = (
                results["e2e"][results["add_to"]]["cold"]["seconds"] if results["add_to"] in results.get("e2e", {}) else results["scaling"][results["add_to"]]["build_cached_annotations"]["seconds"]
            )
            reference = add["annotate_new_article"]["seconds"] + built
            text += f"; rebuild after adding {build_text(rebuild)} = {rebuild['seconds'] / reference:.2f} x (annotating it {add['annotate_new_article']['seconds']} s + build {built} s)"
        lines.append(text)
    for kind, title in (("e2e", "end to end (annotation included)"), ("reuse", "annotations reused through the cache (see bench/reuse.py)")):
        for n, row in results.get(kind, {}).items():
            size = row["size"]
            text = f"{n} generated articles, {title} ({size['articles']} articles, {size['sentences']} sentences, {size['words']} words, {row['tokens']} tokens; one load_corpus {size['load_corpus_s']:.1f} s)"
            if kind == "reuse":
                fill = row["prefill"]
                text += f"; generating {row['generate_s']} s; cache filled in {fill['seconds']} s ({fill['copied_from_cache']} articles copied, {fill['assembled']} assembled, {fill['unseen_sentences_annotated']} unseen sentences annotated in {fill['annotate_unseen_s']} s)"
            lines.append(text)
            lines.append(f"  cold build: {build_text(row['cold'])}")
            if row.get("annotation_tokens_per_s"):
                lines.append(f"  annotation phase {row['cold']['phases']['annotation']:.0f} s = {row['annotation_tokens_per_s']:.0f} tokens/s")
            per = row["per_article"]
            lines.append(f"  per article: {per['total_s']:.3f} s in all, {per['without_annotation_s']:.3f} s without the annotation phase")
            lines.append(f"  no-change rebuild: {build_text(row['no_change'])}")
    if "assembly_check" in results:
        check = results["assembly_check"]
        lines.append(f"assembled annotations against real ones: {check['identical']} of {check['assemblable']} assemblable articles byte-identical ({check['tested']} tested)")
    return "\n".join(lines)


def save(results: dict, path: Path) -> None:
    """Write the figures so far (after each step, so that an interrupted run keeps them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


def run_steps(args: argparse.Namespace, work: Path) -> dict:
    """Every step the arguments ask for, in order, saving the figures after each."""
    results = {"machine": machine()}
    if not args.skip_seed:
        print("seed build, cold then warm", flush=True)
        results["seed"] = seed_builds(work)
        save(results, args.json)
        print("annotation throughput", flush=True)
        results["annotation"] = annotation_throughput(work)
        save(results, args.json)
    if args.sizes:
        print("scaling", flush=True)
        results["scaling"] = scaling(work, sorted(args.sizes), args.annotate_max)
        save(results, args.json)
    results["e2e"] = {}
    for n in sorted(args.e2e_sizes):
        print(f"end to end, {n} articles", flush=True)
        results["e2e"][n] = end_to_end(work, n)
        save(results, args.json)
    if args.add_to:
        project = work / (f"e2e{args.add_to}" if args.add_to in args.e2e_sizes else f"gen{args.add_to}") / "project"
        results["add_to"] = args.add_to
        print(f"adding one article to {args.add_to}", flush=True)
        results["add"] = add_one(work, project, args.add_to)
        save(results, args.json)
    if args.cluster_articles:
        print(f"annotation with 1 and 2 workers, {args.cluster_articles} articles", flush=True)
        results["workers"] = workers_throughput(work, args.cluster_articles)
        save(results, args.json)
    sources = [path.resolve() for path in args.reuse_from] or [work / f"e2e{n}" / "project" for n in sorted(args.e2e_sizes)]
    results["reuse"] = {}
    if args.reuse_sizes and sources:
        print("checking assembled annotations against real ones", flush=True)
        results["assembly_check"] = reuse.check_assembly(sources[-1], MODELS_DIR)
        save(results, args.json)
    for n in sorted(args.reuse_sizes):
        print(f"{n} articles, annotations reused through the cache", flush=True)
        results["reuse"][n] = reuse_build(work, n, sources)
        save(results, args.json)
        shutil.rmtree(work / f"reuse{n}", ignore_errors=True)
    results["load_average_at_end"] = os.getloadavg()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="generated corpora for the earlier scaling step (annotated as a process, built after; default: none)")
    parser.add_argument("--annotate-max", type=int, default=50, help="largest --sizes corpus to annotate and build (default 50)")
    parser.add_argument("--e2e-sizes", type=int, nargs="*", default=[100, 1000], help="generated corpora built end to end, annotation included (default 100 1000)")
    parser.add_argument("--add-to", type=int, default=1000, help="the corpus size (one of --e2e-sizes or --sizes) to add one article to (default 1000; 0 skips it)")
    parser.add_argument(
        "--reuse-sizes",
        type=int,
        nargs="*",
        default=[],
        help="generated corpora built with annotations reused from the --e2e-sizes corpora, e.g. 2000 10000 (default: none; see bench/RESULTS.md for their cost)",
    )
    parser.add_argument("--reuse-from", type=Path, nargs="*", default=[], help="project roots whose annotation caches --reuse-sizes reuses (default: this run's --e2e-sizes projects)")
    parser.add_argument("--skip-seed", action="store_true", help="skip the seed build and annotation throughput")
    parser.add_argument("--cluster-articles", type=int, default=50, help="generated articles annotated with 1 and 2 workers (default 50; 0 skips it)")
    parser.add_argument("--work", type=Path, default=None, help="keep the projects in this new folder (default: a temporary folder, removed at the end)")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "bench" / "results.json")
    args = parser.parse_args()
    if args.add_to and args.add_to not in [*args.sizes, *args.e2e_sizes]:
        parser.error(f"--add-to {args.add_to} is not one of --e2e-sizes {args.e2e_sizes} or --sizes {args.sizes}")
    if args.reuse_sizes and not (args.e2e_sizes or args.reuse_from):
        parser.error("--reuse-sizes reuses the annotations of the --e2e-sizes corpora or of --reuse-from: give one")
    from rcreport.nlp import ModelError, bundled_models

    try:
        bundled_models(MODELS_DIR)
    except ModelError as error:
        sys.exit(f"error: {error}")
    if args.work:
        args.work.mkdir(parents=True, exist_ok=False)
        results = run_steps(args, args.work.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="rcreport-bench-") as directory:
            results = run_steps(args, Path(directory))
    save(results, args.json)
    print()
    print(report(results))
    print(f"\nall figures: {args.json}")


if __name__ == "__main__":
    main()
