"""Chapters executed by papermill outside a build: the analyst-editable codebook drives what a chapter shows.

Build tier: each test starts a kernel and runs a chapter template, on the
fixture corpus, reading the tables the analysis stage writes from its frozen
annotation (so nothing is annotated).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
import yaml

from conftest import FIXTURE_CODEBOOK, FIXTURE_DATA, ROOT
from rcreport.chapters import execute_notebooks
from rcreport.corpus_analysis import analyse_corpus
from rcreport.corpus_store import stored_corpus
from rcreport.nlp import bundled_models, table_tokens
from rcreport.project import Project

pytestmark = pytest.mark.build


def test_a_theme_added_to_the_codebook_appears_in_the_chapter(tmp_path, corpus, tokens):
    """Edit the codebook, run the themes chapter with it, and find the new theme in its output."""
    codebook = Path(shutil.copytree(FIXTURE_CODEBOOK, tmp_path / "codebook"))
    document = yaml.safe_load((codebook / "themes.yml").read_text(encoding="utf-8"))
    document["themes"].append({"id": "media", "label": "Media reports", "label_hi": "मीडिया", "description": "Reports of the press.", "patterns": ["रिपोर्ट", "प्रसारक"]})
    (codebook / "themes.yml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    analysis = tmp_path / "analysis"
    analyse_corpus(corpus, table_tokens(tokens), bundled_models().identity, codebook, tmp_path / "store", analysis, progress=False)
    stored_corpus(FIXTURE_DATA, analysis)
    executed = tmp_path / "03_themes.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "03_themes.ipynb"),
        str(executed),
        parameters={"data_dir": str(FIXTURE_DATA), "codebook_dir": str(codebook), "analysis_dir": str(analysis), "output_dir": str(tmp_path / "tables")},
        cwd=str(ROOT),
        progress_bar=False,
    )
    output = executed.read_text(encoding="utf-8")
    assert "Media reports" in output
    # The chapter shows the top rows of its evidence; the CSV behind the table holds every assignment
    evidence = pd.read_csv(tmp_path / "tables" / "tbl-theme-evidence.csv")
    assert evidence.loc[evidence["theme"] == "Media reports", "matched"].str.contains("रिपोर्ट").any()


def chapter_template(path: Path, source: str) -> None:
    """A one-cell chapter template (with an empty parameters cell) running ``source``."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)


def test_chapters_run_side_by_side_and_a_failing_one_stops_the_build(tmp_path):
    """Two chapters that each wait for the other to start can only finish side by side, each in the project root; a failing cell still raises, once the others are done."""
    project = Project(tmp_path)
    project.templates_dir.mkdir()
    (project.data_dir).mkdir()
    waits = (
        "import os, pathlib, time\n"
        f"assert os.getcwd() == {str(tmp_path)!r}, os.getcwd()\n"
        "pathlib.Path('{me}').touch()\n"
        "deadline = time.time() + 60\n"
        "while not pathlib.Path('{other}').exists():\n"
        "    assert time.time() < deadline, 'the other chapter never started'\n"
        "    time.sleep(0.1)\n"
    )
    chapter_template(project.templates_dir / "01_a.ipynb", waits.format(me=tmp_path / "a", other=tmp_path / "b"))
    chapter_template(project.templates_dir / "02_b.ipynb", waits.format(me=tmp_path / "b", other=tmp_path / "a"))
    executed = execute_notebooks(project, bundled_models(ROOT / "models" / "hi"), {}, workers=2)
    assert [path.name for path in executed] == ["01_a.ipynb", "02_b.ipynb"] and all(path.is_file() for path in executed)
    chapter_template(project.templates_dir / "03_fails.ipynb", "raise ValueError('a broken chapter')")
    with pytest.raises(papermill.PapermillExecutionError, match="a broken chapter"):
        execute_notebooks(project, bundled_models(ROOT / "models" / "hi"), {}, workers=2)
