"""The build: article data -> executed chapter notebooks -> the HTML book.

Stages run in one direction: the corpus is loaded (and its BibTeX written),
each notebook template in ``notebooks/`` is executed by papermill into
``book/generated/``, and jupyter-book turns the result into ``_build/html``
with Sphinx warnings treated as errors.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill

from .bibliography import articles_bibtex
from .corpus import load_corpus


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
    def html_dir(self) -> Path:
        return self.root / "_build" / "html"


def write_article_bibliography(project: Project) -> Path:
    """Write ``book/generated/articles.bib`` from the metadata of the included articles."""
    corpus = load_corpus(project.data_dir)
    path = project.generated_dir / "articles.bib"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(articles_bibtex(corpus.articles), encoding="utf-8")
    return path


def notebook_parameters(project: Project) -> dict[str, str]:
    """The parameters every chapter runs with, as paths relative to the project root."""
    return {
        "data_dir": str(project.data_dir.relative_to(project.root)),
        "output_dir": str(project.tables_dir.relative_to(project.root)),
    }


def execute_notebooks(project: Project) -> list[Path]:
    """Execute every template notebook with papermill; a failing cell raises and stops the build."""
    project.generated_dir.mkdir(parents=True, exist_ok=True)
    project.tables_dir.mkdir(parents=True, exist_ok=True)
    executed = []
    for template in sorted(project.templates_dir.glob("*.ipynb")):
        target = project.generated_dir / template.name
        print(f"executing {template.relative_to(project.root)}", flush=True)
        papermill.execute_notebook(
            str(template),
            str(target),
            parameters=notebook_parameters(project),
            cwd=str(project.root),
            kernel_name="python3",
            progress_bar=False,
        )
        hide_injected_parameters(target)
        executed.append(target)
    return executed


def hide_injected_parameters(notebook_path: Path) -> None:
    """Tag papermill's injected-parameters cell ``remove-cell``: the book shows results, not plumbing."""
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    nbformat.write(notebook, notebook_path)


def build_html(project: Project) -> None:
    """Run jupyter-book on the project root; any Sphinx warning fails the build."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(project.root), "--warningiserror", "--keep-going", "--quiet"]
    subprocess.run(command, check=True)


def build(root: Path) -> Path:
    """The whole build; returns the path of the book's front page."""
    project = Project(Path(root).resolve())
    write_article_bibliography(project)
    execute_notebooks(project)
    build_html(project)
    return project.html_dir / "index.html"
