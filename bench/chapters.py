"""The chapters at a multiple of a built project's corpus: their seconds and peak memory, two at a time as the build runs them.

A cold build of 10,000 articles takes more than an hour and a half on the
benchmark machine; its peak was the chapter kernels (bench/RESULTS.md). This
measures that stage alone, in minutes: it copies a project that ``rcreport
build`` has built (``bench/run.py --work DIR`` leaves ``DIR/e2e1000/project``),
replicates its ``build/analysis/`` tables ``--times`` times under fresh article
ids (:func:`replicate_analysis`: every table and the token tables, so 10 x
1,000 articles are 10,000 articles of the same make-up), and executes the
chapters on it as the build does (:func:`rcreport.chapters.execute_notebooks`,
one kernel per core), measured by :func:`monitor.run_measured`: seconds, each
kernel's peak and the tree's peak (the kernels and the process that runs
them; the build's own process, which holds its corpus beside them, is not
in it).

    .venv/bin/python bench/chapters.py BUILT_PROJECT [--times 10] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from monitor import run_measured
from rcreport.project import Project

# The columns that hold an article's id, alone or at the start of a sentence's id, and the file name of its text
ID_COLUMNS = ("id", "article_id", "sentence_id")
ARTICLE_ID = re.compile(r"^A(\d+)")
# Row group size of the replicated token tables, about what the build's parts of 250 articles give
TOKEN_ROW_GROUP = 150_000

EXECUTE = """
import datetime as dt
from pathlib import Path
from rcreport.build import notebook_parameters
from rcreport.chapters import execute_notebooks
from rcreport.nlp import select_models
from rcreport.project import Project
project = Project(Path({root!r}))
models = select_models("bundled", project.models_dir)
execute_notebooks(project, models, notebook_parameters(project, models, (dt.date.fromisoformat({as_of!r}), "the benchmark's date")))
"""


def replica_id(value: str, copy: int, width: int) -> str:
    """An id of copy ``copy`` of the corpus: the first copy's as they were (what the gold names), a later one's article number
    moved past every earlier copy's (A007 of copy 2 is A20007 where the numbers have 4 digits)."""
    return value if copy == 0 else ARTICLE_ID.sub(lambda number: f"A{copy * 10**width + int(number.group(1))}", value)


def replicate_table(table: pd.DataFrame, times: int, width: int) -> pd.DataFrame:
    """``table`` ``times`` over, each copy's article and sentence ids (and text file names) its own, in corpus order."""
    copies = []
    for copy in range(times):
        renamed = table.copy()
        for column in ID_COLUMNS:
            if column in renamed:
                renamed[column] = renamed[column].map(lambda value, copy=copy: replica_id(value, copy, width))
        if "file" in renamed and copy:
            renamed["file"] = f"{copy}_" + renamed["file"]
        copies.append(renamed)
    return pd.concat(copies, ignore_index=True)


def replicate_analysis(source: Path, target: Path, times: int) -> int:
    """Every Parquet table of ``source`` (a build's ``build/analysis/``) replicated ``times`` over into ``target``; the articles there."""
    articles = pq.read_table(source / "corpus" / "articles.parquet", columns=["id"]).column("id").to_pylist()
    width = max(len(ARTICLE_ID.match(article).group(1)) for article in articles)
    for path in sorted(source.rglob("*.parquet")):
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pandas(replicate_table(pq.read_table(path).to_pandas(), times, width), preserve_index=False)
        pq.write_table(table, out, row_group_size=TOKEN_ROW_GROUP)
    for path in source.rglob("*.json"):
        shutil.copy(path, target / path.relative_to(source))
    return len(articles) * times


def replica_project(built: Path, target: Path, times: int) -> tuple[Project, int]:
    """A copy of the built project ``built`` (its parts, no caches and no executed chapters) whose analysis is replicated ``times`` over."""
    project = Project(built).copy_to(target)
    return project, replicate_analysis(Project(built).analysis_dir, project.analysis_dir, times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("built", type=Path, help="a project rcreport build has built (bench/run.py --work DIR leaves DIR/e2e1000/project)")
    parser.add_argument("--times", type=int, default=10, help="how many copies of its corpus (default 10)")
    parser.add_argument("--as-of", default="2026-12-01", help="the chapters' as-of date (default 2026-12-01)")
    parser.add_argument("--work", type=Path, default=None, help="make the replica in this new folder (default: a temporary folder, removed at the end)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="rcreport-bench-chapters-"))
    try:
        project, articles = replica_project(args.built.resolve(), work / "project", args.times)
        print(f"{articles:,} articles ({args.times} x {args.built}); executing the chapters", flush=True)
        measured = run_measured([sys.executable, "-c", EXECUTE.format(root=str(project.root), as_of=args.as_of)], cwd=project.root, label="chapters")
        print(json.dumps({key: value for key, value in measured.items() if key != "output_tail"} | {"articles": articles}, indent=1))
        kernels = ", ".join(f"{peak:,.0f}" for peak in sorted(measured["kernel_peaks_mib"], reverse=True))
        print(f"chapters of {articles:,} articles: {measured['seconds']:.0f} s, tree peak {measured['tree_peak_mib']:,.0f} MiB, kernels' peaks {kernels} MiB")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
