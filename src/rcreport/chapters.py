"""The chapters: the notebook templates of ``notebooks/`` executed by papermill into ``book/generated/``.

Each chapter is given the build parameters its ``parameters`` cell declares,
and is executed again only when its template, its parameters or its inputs
(the data it reads, the package's code, the models) changed: the execution
key it was written with says which. A chapter reads all of the data unless
its template's metadata says less (``rcreport.reads``: the accuracy chapter
reads only the articles the gold describes).
"""

from __future__ import annotations

import ast
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import papermill
from traitlets.config import Config

from .accuracy import gold_article_ids
from .corpus import id_number, read_metadata
from .hashing import code_digest, file_sha256, sha256, update_with_tree
from .nlp import Models
from .project import Project


def declared_parameters(template: Path) -> list[str]:
    """The names the template's cell tagged ``parameters`` assigns, in order."""
    notebook = nbformat.read(template, as_version=4)
    cell = next((cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])), None)
    if cell is None:
        return []
    return [target.id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)]


def chapter_parameters(template: Path, parameters: dict[str, str]) -> dict[str, str]:
    """The build's parameters that this chapter declares: it is given (and keyed by) those alone."""
    return {name: parameters[name] for name in declared_parameters(template) if name in parameters}


#: The metadata field of a chapter template (``metadata.rcreport.reads``) that says what of the data it reads
READS = "reads"
#: Its value for a chapter that reads only the articles the seed gold describes (with the gold and the codebook)
GOLD_ARTICLES = "gold articles"


def chapter_reads(template: Path) -> str | None:
    """What of the data a chapter template says it reads (its ``metadata.rcreport.reads``), None for all of it."""
    return nbformat.read(template, as_version=4).metadata.get("rcreport", {}).get(READS)


def chapter_inputs_digest(project: Project, models: Models, reads: str | None = None) -> str:
    """sha256 over everything a chapter reads besides its template and parameters.

    That is this package's code, the models and their held-out scores, and
    the data it reads (:func:`data_digest`): a chapter whose template and
    inputs are unchanged gives the same output, so it need not run again.
    """
    digest = sha256(models.identity, data_digest(project, reads), code_digest())
    if models.scores_path is not None and models.scores_path.is_file():
        digest.update(models.scores_path.read_bytes())
    return digest.hexdigest()


def data_digest(project: Project, reads: str | None) -> str:
    """sha256 over the data a chapter reads: all of ``data/`` (articles, metadata, codebook, gold), or, for
    :data:`GOLD_ARTICLES`, the codebook, the gold and the articles up to the last the gold describes.

    The articles up to that one (by id) are all that decide how those are
    loaded: of two duplicates the corpus keeps the lower id. Adding an
    article (a higher id) leaves such a chapter's key as it was.
    """
    digest = sha256()
    if reads is None:
        update_with_tree(digest, project.data_dir, skip=Project.BUILD_PRODUCTS)
        return digest.hexdigest()
    if reads != GOLD_ARTICLES:
        raise ValueError(f"a chapter's metadata rcreport.{READS} is {reads!r}; leave it out (all of data/) or write {GOLD_ARTICLES!r}")
    for folder in (project.data_dir / "codebook", project.gold_dir):
        update_with_tree(digest, folder, skip=Project.BUILD_PRODUCTS)
    last = max(map(id_number, gold_article_ids(project.gold_dir)), default=-1)
    metadata = read_metadata(project.data_dir / "articles.csv")
    for row in metadata[metadata["id"].map(id_number) <= last].drop(columns="csv_line").itertuples(index=False):
        path = project.data_dir / "articles" / row.file
        digest.update(repr(tuple(row)).encode())
        digest.update(file_sha256(path).encode() if path.is_file() else b"missing")
    return digest.hexdigest()


def execution_key(template: Path, parameters: dict[str, str], inputs_digest: str) -> str:
    """The key an executed chapter is stored with: its template, its parameters and its inputs."""
    return sha256(template.read_bytes(), repr(sorted(parameters.items())), inputs_digest).hexdigest()


def stored_execution_key(notebook_path: Path) -> str | None:
    """The execution key an executed chapter was written with, or None if there is none."""
    if not notebook_path.exists():
        return None
    return nbformat.read(notebook_path, as_version=4).metadata.get("rcreport", {}).get("execution_key")


def execute_notebooks(project: Project, models: Models, parameters: dict[str, str], workers: int | None = None) -> list[Path]:
    """Execute the template notebooks with papermill, ``workers`` at a time (default: one per core); a failing cell raises and stops the build.

    A chapter already executed with the same template, parameters and inputs
    is kept as it is: a rebuild with nothing changed runs no notebook. The
    chapters read the build's tables and write their own files only, so they
    do not depend on each other and run side by side, each in its own
    kernel; the first failure is raised once the running ones have ended.
    """
    project.generated_dir.mkdir(parents=True, exist_ok=True)
    project.tables_dir.mkdir(parents=True, exist_ok=True)
    digests: dict[str | None, str] = {}
    pending = []
    executed = []
    for template in sorted(project.templates_dir.glob("*.ipynb")):
        target = project.generated_dir / template.name
        own_parameters = chapter_parameters(template, parameters)
        reads = chapter_reads(template)
        if reads not in digests:
            digests[reads] = chapter_inputs_digest(project, models, reads)
        key = execution_key(template, own_parameters, digests[reads])
        if stored_execution_key(target) == key:
            print(f"unchanged, not re-executed: {template.relative_to(project.root)}", flush=True)
        else:
            pending.append((template, target, own_parameters, key))
        executed.append(target)
    with tempfile.TemporaryDirectory(prefix="rcreport-kernel-") as sockets, ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        runs = [pool.submit(execute_chapter, project, *chapter, Path(sockets) / chapter[0].stem) for chapter in pending]
        for run in runs:
            run.result()
    return executed


def execute_chapter(project: Project, template: Path, target: Path, parameters: dict[str, str], key: str, socket_dir: Path) -> None:
    """Execute one chapter into ``target`` in a kernel of its own (its sockets in ``socket_dir``) and record its key.

    The kernel starts in the project root, where the chapters' relative paths
    lead. That is given to the kernel itself (nbclient's ``resources`` path),
    not as papermill's ``cwd``, which changes the directory of the whole
    build process and so of every chapter running beside this one.
    """
    print(f"executing {template.relative_to(project.root)}", flush=True)
    socket_dir.mkdir()
    papermill.execute_notebook(
        str(template),
        str(target),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        config=local_kernel_config(socket_dir),
        resources={"metadata": {"path": str(project.root)}},
    )
    finish_executed_notebook(target, key)


#: What a chapter's kernel may print of its own log (see local_kernel_config)
KERNEL_LOG_LEVEL = "CRITICAL"


def local_kernel_config(socket_dir: Path) -> Config:
    """Kernel settings for papermill: local IPC sockets in ``socket_dir``, and only critical kernel logs.

    The default TCP transport is unencrypted, and ipykernel says so on every
    chapter; the build's kernels are local, so IPC is the right transport.
    jupyter_client interrupts (SIGINT) every kernel before asking it to shut
    down, and ipykernel logs that interrupt as an error when it lands between
    two messages, at random; a chapter's own errors arrive as cell errors,
    which papermill raises, so the kernel's log has nothing the build needs.
    Both keep the build's output quiet.
    """
    return Config(
        {
            "KernelManager": {"transport": "ipc", "ip": str(socket_dir / "kernel")},
            "NotebookClient": {"extra_arguments": [f"--IPKernelApp.log_level={KERNEL_LOG_LEVEL}"]},
        }
    )


def finish_executed_notebook(notebook_path: Path, key: str) -> None:
    """Record the chapter's execution key, and tag papermill's injected-parameters cell
    ``remove-cell``: the book shows results, not plumbing."""
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    notebook.metadata["rcreport"] = {**notebook.metadata.get("rcreport", {}), "execution_key": key}
    nbformat.write(notebook, notebook_path)
