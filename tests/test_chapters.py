"""Chapters executed by papermill outside a build: the analyst-editable codebook drives what a chapter shows.

Build tier: each test starts a kernel and runs a chapter template, on the
fixture corpus, reading the tables the analysis stage writes from its frozen
annotation (so nothing is annotated).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import papermill
import pytest
import yaml

from conftest import FIXTURE_CODEBOOK, FIXTURE_DATA, ROOT
from rcreport.analysis import analyse_corpus
from rcreport.corpus_store import stored_corpus
from rcreport.nlp import bundled_models

pytestmark = pytest.mark.build


def test_a_theme_added_to_the_codebook_appears_in_the_chapter(tmp_path, corpus, tokens):
    """Edit the codebook, run the themes chapter with it, and find the new theme in its output."""
    codebook = Path(shutil.copytree(FIXTURE_CODEBOOK, tmp_path / "codebook"))
    document = yaml.safe_load((codebook / "themes.yml").read_text(encoding="utf-8"))
    document["themes"].append({"id": "media", "label": "Media reports", "label_hi": "मीडिया", "description": "Reports of the press.", "patterns": ["रिपोर्ट", "प्रसारक"]})
    (codebook / "themes.yml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    analysis = tmp_path / "analysis"
    analyse_corpus(corpus, tokens, bundled_models().identity, codebook, tmp_path / "store", analysis, progress=False)
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
