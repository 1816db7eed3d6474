"""The chapter templates (notebooks/*.ipynb): parameterised, thin and committed without outputs.

A chapter holds narrative, a ``parameters`` cell and calls; logic lives in the
library, so no code cell is longer than :data:`MAX_CELL_LINES` lines (a longer
one is a sign that a function is missing).
"""

from __future__ import annotations

import nbformat
import pytest

from conftest import ROOT

pytestmark = pytest.mark.unit

TEMPLATES = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_CELL_LINES = 15
# The parameters every chapter opens with, as the build sets them (rcreport.build.notebook_parameters)
COMMON_PARAMETERS = ['data_dir = "data"', 'output_dir = "build/tables"']


def test_there_are_chapter_templates():
    assert len(TEMPLATES) >= 2


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_chapter_template_is_parameterised_thin_and_output_free(template):
    notebook = nbformat.read(template, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].metadata["tags"] == ["parameters", "remove-cell"], "the first code cell is the parameters cell"
    assert code[0].source.splitlines()[: len(COMMON_PARAMETERS)] == COMMON_PARAMETERS
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code), "committed without outputs"
    long = [(index, len(cell.source.splitlines())) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code" and len(cell.source.splitlines()) > MAX_CELL_LINES]
    assert not long, f"code cells over {MAX_CELL_LINES} lines (cell index, lines): {long}"
    assert all({"remove-cell", "remove-input"} & set(cell.metadata.get("tags", [])) for cell in code), "code is hidden from the reader"
