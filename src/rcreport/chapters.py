"""The chapters: the notebook templates of ``notebooks/`` executed by papermill into ``book/generated/``.

Each chapter is given the build parameters its ``parameters`` cell declares,
and is executed again only when its template, its parameters or its inputs
(the data, the package's code, the models) changed: the execution key it was
written with says which.
"""

from __future__ import annotations

import ast
import tempfile
from pathlib import Path

import nbformat
import papermill
from traitlets.config import Config

from .hashing import sha256, update_with_tree
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


def chapter_inputs_digest(project: Project, models: Models) -> str:
    """sha256 over everything a chapter reads besides its template and parameters.

    That is the data (articles, metadata, codebook, and the gold annotation
    the stances chapter scores against), this package's code, the models and
    their held-out scores: a chapter whose template and inputs are unchanged
    gives the same output, so it need not run again.
    """
    digest = sha256(models.identity)
    for folder in (project.data_dir, Path(__file__).parent):
        update_with_tree(digest, folder, skip=Project.BUILD_PRODUCTS)
    if models.scores_path is not None and models.scores_path.is_file():
        digest.update(models.scores_path.read_bytes())
    return digest.hexdigest()


def execution_key(template: Path, parameters: dict[str, str], inputs_digest: str) -> str:
    """The key an executed chapter is stored with: its template, its parameters and its inputs."""
    return sha256(template.read_bytes(), repr(sorted(parameters.items())), inputs_digest).hexdigest()


def stored_execution_key(notebook_path: Path) -> str | None:
    """The execution key an executed chapter was written with, or None if there is none."""
    if not notebook_path.exists():
        return None
    return nbformat.read(notebook_path, as_version=4).metadata.get("rcreport", {}).get("execution_key")


def execute_notebooks(project: Project, models: Models, parameters: dict[str, str]) -> list[Path]:
    """Execute the template notebooks with papermill; a failing cell raises and stops the build.

    A chapter already executed with the same template, parameters and inputs
    is kept as it is: a rebuild with nothing changed runs no notebook.
    """
    project.generated_dir.mkdir(parents=True, exist_ok=True)
    project.tables_dir.mkdir(parents=True, exist_ok=True)
    inputs_digest = chapter_inputs_digest(project, models)
    executed = []
    with tempfile.TemporaryDirectory(prefix="rcreport-kernel-") as sockets:
        kernel_config = local_kernel_config(Path(sockets))
        for template in sorted(project.templates_dir.glob("*.ipynb")):
            target = project.generated_dir / template.name
            own_parameters = chapter_parameters(template, parameters)
            key = execution_key(template, own_parameters, inputs_digest)
            if stored_execution_key(target) == key:
                print(f"unchanged, not re-executed: {template.relative_to(project.root)}", flush=True)
            else:
                print(f"executing {template.relative_to(project.root)}", flush=True)
                papermill.execute_notebook(
                    str(template),
                    str(target),
                    parameters=own_parameters,
                    cwd=str(project.root),
                    kernel_name="python3",
                    progress_bar=False,
                    config=kernel_config,
                )
                finish_executed_notebook(target, key)
            executed.append(target)
    return executed


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
    notebook.metadata["rcreport"] = {"execution_key": key}
    nbformat.write(notebook, notebook_path)
