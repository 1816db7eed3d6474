"""Measure one command of the benchmarks: wall time, memory of every process in its tree, and its phases.

A benchmark step is one process (``rcreport build``, a snippet of Python);
the build starts others: dask worker processes of the local cluster, one
notebook kernel per chapter, jupyter-book (Sphinx). :func:`run_measured`
runs the command and, while it runs,

- samples the resident memory of every process of its tree every
  :data:`SAMPLE_S` seconds, so that each process's peak is known by its role
  (:func:`role_of`), and the tree's peak is the largest sum at one instant
  (what the machine must hold, not only the largest process);
- timestamps the command's output, so that the build's phases are known
  (:func:`build_phases`): the annotation and analysis progress bars, the
  "executing"/"unchanged" line of each chapter, and when jupyter-book began;
  each mark is also printed as it comes, so that a run stopped early still
  shows how far it got.

The peak of the largest process is also taken from ``os.wait4`` (exact,
where sampling could miss a short peak).
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

# How often the process tree's memory is sampled
SAMPLE_S = 0.5
# How much of a command's output is kept for the report of a failure
TAIL_CHARS = 3000
# The roles of a build's processes, by what their command line contains (first match wins)
ROLES = (
    ("dask worker", "multiprocessing.spawn"),
    ("notebook kernel", "ipykernel"),
    ("jupyter-book (Sphinx)", "jupyter_book"),
    ("resource tracker", "multiprocessing.resource_tracker"),
)
# The build's progress bars and chapter lines, as the build prints them
BAR = re.compile(r"^\s*(annotating|analysing)\b")
CHAPTER = re.compile(r"^(?:executing |unchanged, not re-executed: )(\S+)")
MIB = 2**20


def role_of(cmdline: list[str], is_root: bool) -> str:
    """What a process of the tree is: the command itself, a dask worker, a kernel, Sphinx, or other."""
    if is_root:
        return "command"
    text = " ".join(cmdline)
    return next((role for role, marker in ROLES if marker in text), "other")


@dataclass
class ProcessSeen:
    """One process of the tree as sampled: its role, peak resident MiB, and when it was first and last seen."""

    role: str
    peak_mib: float = 0.0
    first_s: float = 0.0
    last_s: float = 0.0


@dataclass
class Watch:
    """What the sampler and the output reader gathered while the command ran."""

    start: float
    processes: dict[int, ProcessSeen] = field(default_factory=dict)
    tree_peak_mib: float = 0.0
    marks: list[tuple[float, str]] = field(default_factory=list)  # (seconds from start, marker) for bar and chapter lines
    tail: str = ""


def sample(root: psutil.Process, watch: Watch, done: threading.Event) -> None:
    """Sample the tree's memory until ``done``."""
    while not done.is_set():
        now = time.perf_counter() - watch.start
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        total = 0.0
        for process in tree:
            try:
                rss = process.memory_info().rss / MIB
                seen = watch.processes.get(process.pid)
                if seen is None:
                    seen = watch.processes[process.pid] = ProcessSeen(role_of(process.cmdline(), process.pid == root.pid), first_s=now)
            except psutil.Error:
                continue
            seen.peak_mib, seen.last_s = max(seen.peak_mib, rss), now
            total += rss
        watch.tree_peak_mib = max(watch.tree_peak_mib, total)
        done.wait(SAMPLE_S)


def read_output(stream, watch: Watch) -> None:
    """Read the command's output to its end, timestamping the build's bar and chapter lines."""
    pending = ""
    while chunk := os.read(stream.fileno(), 65536):
        now = time.perf_counter() - watch.start
        text = pending + chunk.decode("utf-8", errors="replace")
        *lines, pending = re.split(r"[\r\n]", text)
        # tqdm writes "\r" before a bar's text, so the newest bar state is the unterminated rest: it counts now
        for line in [*lines, pending]:
            if bar := BAR.match(line):
                if not any(mark == bar.group(1) for _, mark in watch.marks):
                    print(f"      {now:6.0f} s  {bar.group(1)}", flush=True)
                watch.marks.append((now, bar.group(1)))
        for line in lines:
            if chapter := CHAPTER.match(line):
                watch.marks.append((now, f"chapter {Path(chapter.group(1)).stem}"))
                print(f"      {now:6.0f} s  {line}", flush=True)
        watch.tail = (watch.tail + text[: len(text) - len(pending)])[-TAIL_CHARS:]
    watch.tail = (watch.tail + pending)[-TAIL_CHARS:]


def run_measured(command: list[str], cwd: Path, label: str = "") -> dict:
    """Run ``command`` to completion; returns seconds, peak MiB (largest process, wait4), return code,
    output tail, the tree's peak, each role's largest peak, each dask worker's and notebook kernel's peak, and the build's phases."""
    watch = Watch(time.perf_counter())
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    done = threading.Event()
    threads = [threading.Thread(target=sample, args=(psutil.Process(process.pid), watch, done)), threading.Thread(target=read_output, args=(process.stdout, watch))]
    for thread in threads:
        thread.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - watch.start
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    for thread in threads:
        thread.join()
    process.stdout.close()
    by_role: dict[str, float] = {}
    for seen in watch.processes.values():
        by_role[seen.role] = round(max(by_role.get(seen.role, 0.0), seen.peak_mib), 1)
    result = {
        "seconds": round(seconds, 1),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),
        "returncode": process.returncode,
        "output_tail": watch.tail,
        "tree_peak_mib": round(watch.tree_peak_mib, 1),
        "peak_mib_by_role": by_role,
        "worker_peaks_mib": [round(seen.peak_mib, 1) for seen in watch.processes.values() if seen.role == "dask worker"],
        "kernel_peaks_mib": [round(seen.peak_mib, 1) for seen in watch.processes.values() if seen.role == "notebook kernel"],
        "phases": build_phases(watch, seconds),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    if process.returncode:
        print(f"    ! {label or ' '.join(map(str, command[2:]))} exited {process.returncode}:\n{watch.tail}", flush=True)
    return result


def build_phases(watch: Watch, seconds: float) -> dict[str, float]:
    """Seconds of each phase of a build, from its output marks and its processes (empty for other commands).

    start-up: imports and loading the corpus, up to the annotation bar;
    annotation: the bar's first to its last update (the cluster's start-up and
    the workers' model loads included; reading the cache where all is cached);
    then to the analysis bar (the local cluster's shutdown, concatenating the
    token table; where every article's analysis is aggregated already, no
    analysis bar shows, and this phase runs on to the first chapter, reading
    the aggregate and writing the article pages); analysis: that bar; article pages: from the end of the
    analysis to the first chapter line (the article pages, the chronology they
    date, the bibliography); each chapter, up to the next chapter line; the
    last chapter up to jupyter-book's start (build record, changes page); and
    jupyter-book to the end.
    """
    first, last = {}, {}
    for at, mark in watch.marks:
        first.setdefault(mark, at)
        last[mark] = at
    if "annotating" not in first:
        return {}
    sphinx = min((seen.first_s for seen in watch.processes.values() if seen.role == "jupyter-book (Sphinx)"), default=seconds)
    chapters = sorted((at, mark) for mark, at in first.items() if mark.startswith("chapter "))
    points = [("start-up", 0.0), ("annotation", first["annotating"]), ("after annotation", last["annotating"])]
    if "analysing" in first:
        points += [("analysis", first["analysing"]), ("article pages", last["analysing"])]
    points += [(mark, at) for at, mark in chapters] + [("jupyter-book", sphinx)]
    ends = [at for _, at in points[1:]] + [seconds]
    return {name: round(max(0.0, end - begin), 1) for (name, begin), end in zip(points, ends)}
