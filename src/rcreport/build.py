"""The build: article data -> executed chapter notebooks -> the HTML book.

Stages run in one direction: the corpus is loaded (and its BibTeX written),
articles missing from the annotation cache are annotated, each notebook
template in ``notebooks/`` is executed by papermill into ``book/generated/``,
and jupyter-book turns the result into ``_build/html`` with Sphinx warnings
treated as errors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import nbformat
import papermill
from traitlets.config import Config

from .bibliography import articles_bibtex, book_citation
from .corpus import load_corpus
from .nlp import Models, annotate_corpus, file_sha256, select_models
from .pages import RECORDED_PACKAGES, reproducibility_page, write_article_pages


@dataclass(frozen=True)
class Project:
    """Where the build reads and writes, relative to the project root."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def generated_dir(self) -> Path:
        return self.root / "book" / "generated"

    @property
    def tables_dir(self) -> Path:
        return self.root / "build" / "tables"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache" / "annotations"

    @property
    def html_dir(self) -> Path:
        return self.root / "_build" / "html"


def write_corpus_pages(project: Project) -> None:
    """Write the pages generated from the corpus: the article bibliography and one page per article."""
    corpus = load_corpus(project.data_dir)
    project.generated_dir.mkdir(parents=True, exist_ok=True)
    (project.generated_dir / "articles.bib").write_text(articles_bibtex(corpus.articles), encoding="utf-8")
    write_article_pages(corpus, project.generated_dir / "articles")


def notebook_parameters(project: Project, models: str) -> dict[str, str]:
    """The parameters every chapter runs with; paths are relative to the project root."""
    return {
        "data_dir": str(project.data_dir.relative_to(project.root)),
        "output_dir": str(project.tables_dir.relative_to(project.root)),
        "cache_dir": str(project.cache_dir.relative_to(project.root)),
        "models": models,
    }


def annotate(project: Project, models: str) -> None:
    """Annotate every article not yet in the cache, with a progress bar, before the chapters read it."""
    annotate_corpus(load_corpus(project.data_dir), select_models(models), project.cache_dir)


def chapter_inputs_digest(project: Project, models: Models) -> str:
    """sha256 over everything a chapter reads besides its template.

    That is the data (articles, metadata, codebook), the gold annotation the
    stances chapter scores against, this package's code and the models: a
    chapter whose template and inputs are unchanged gives the same output, so
    it need not run again.
    """
    digest = hashlib.sha256(models.identity.encode())
    for folder in (project.data_dir, project.root / "tests" / "gold", Path(__file__).parent):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(folder)}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def execution_key(template: Path, parameters: dict[str, str], inputs_digest: str) -> str:
    """The key an executed chapter is stored with: its template, its parameters and its inputs."""
    digest = hashlib.sha256(template.read_bytes())
    digest.update(repr(sorted(parameters.items())).encode())
    digest.update(inputs_digest.encode())
    return digest.hexdigest()


def stored_execution_key(notebook_path: Path) -> str | None:
    """The execution key an executed chapter was written with, or None if there is none."""
    if not notebook_path.exists():
        return None
    return nbformat.read(notebook_path, as_version=4).metadata.get("rcreport", {}).get("execution_key")


def execute_notebooks(project: Project, models: str) -> list[Path]:
    """Execute the template notebooks with papermill; a failing cell raises and stops the build.

    A chapter already executed with the same template, parameters and inputs
    is kept as it is: a rebuild with nothing changed runs no notebook.
    """
    project.generated_dir.mkdir(parents=True, exist_ok=True)
    project.tables_dir.mkdir(parents=True, exist_ok=True)
    parameters = notebook_parameters(project, models)
    inputs_digest = chapter_inputs_digest(project, select_models(models))
    executed = []
    with tempfile.TemporaryDirectory(prefix="rcreport-kernel-") as sockets:
        kernel_config = local_kernel_config(Path(sockets))
        for template in sorted(project.templates_dir.glob("*.ipynb")):
            target = project.generated_dir / template.name
            key = execution_key(template, parameters, inputs_digest)
            if stored_execution_key(target) == key:
                print(f"unchanged, not re-executed: {template.relative_to(project.root)}", flush=True)
            else:
                print(f"executing {template.relative_to(project.root)}", flush=True)
                papermill.execute_notebook(
                    str(template),
                    str(target),
                    parameters=parameters,
                    cwd=str(project.root),
                    kernel_name="python3",
                    progress_bar=False,
                    config=kernel_config,
                )
                finish_executed_notebook(target, key)
            executed.append(target)
    return executed


def local_kernel_config(socket_dir: Path) -> Config:
    """Kernel settings for papermill: talk to the kernel over local IPC sockets in ``socket_dir``.

    The default TCP transport is unencrypted, and ipykernel says so on every
    chapter; the build's kernels are local, so IPC is the right transport and
    keeps the build's output quiet.
    """
    return Config({"KernelManager": {"transport": "ipc", "ip": str(socket_dir / "kernel")}})


def finish_executed_notebook(notebook_path: Path, key: str) -> None:
    """Record the chapter's execution key, and tag papermill's injected-parameters cell
    ``remove-cell``: the book shows results, not plumbing."""
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    notebook.metadata["rcreport"] = {"execution_key": key}
    nbformat.write(notebook, notebook_path)


def git_commit(root: Path) -> str:
    """The commit the book was built from, marked when the working tree has uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} (with uncommitted changes)" if dirty else commit


def build_record(project: Project, models: Models, executed: list[Path]) -> dict:
    """What this build read and ran with: checksums, versions, commit, date and notebook parameters."""
    articles = load_corpus(project.data_dir).articles
    data_digest = hashlib.sha256("".join(f"{row.id} {row.sha256}\n" for row in articles.itertuples()).encode())
    return {
        "built": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(project.root),
        "data_sha256": data_digest.hexdigest(),
        "articles": [{"article": row.id, "file": f"`{row.file}`", "status": row.status, "sha256": f"`{row.sha256}`"} for row in articles.itertuples()],
        "models": {
            "source": models.source,
            "identity": models.identity,
            "files": [{"file": f"`{path.name}`", "MB": round(path.stat().st_size / 1e6, 1), "sha256": f"`{file_sha256(path)}`"} for path in models.files],
        },
        "packages": [{"package": name, "version": metadata.version(name)} for name in RECORDED_PACKAGES],
        "notebooks": [
            {"notebook": path.stem, "parameters": ", ".join(f"`{key}={value!r}`" for key, value in nbformat.read(path, as_version=4).metadata.papermill.parameters.items())}
            for path in executed
        ],
    }


def build_html(project: Project) -> None:
    """Run jupyter-book on the project root; any Sphinx warning fails the build."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(project.root), "--warningiserror", "--keep-going", "--quiet"]
    subprocess.run(command, check=True)


def build(root: Path, models: str = "bundled") -> Path:
    """The whole build; returns the path of the book's front page."""
    project = Project(Path(root).resolve())
    write_corpus_pages(project)
    annotate(project, models)
    executed = execute_notebooks(project, models)
    record = build_record(project, select_models(models), executed)
    (project.generated_dir / "reproducibility.md").write_text(reproducibility_page(record), encoding="utf-8")
    citation = book_citation(metadata.version("rcreport"), record["built"], record["commit"])
    (project.generated_dir / "citation.bib").write_text(citation, encoding="utf-8")
    build_html(project)
    return project.html_dir / "index.html"
