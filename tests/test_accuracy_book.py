"""The accuracy figures in the built book: the accuracy chapter's table, and the figures the other pages quote from it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.build

FIGURE = r"\d\.\d\d"  # a glued precision, recall or F1


def text_of(built_book, name: str) -> str:
    """A built page's text without its tags, spaces collapsed."""
    html = (built_book / name).read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_accuracy_chapter_sets_in_sample_and_independent_figures_side_by_side(built_book):
    html = (built_book / "book" / "generated" / "06_accuracy.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="numbered-table" id="tbl-accuracy">', html), "the accuracy table is not numbered"
    for column in ("In-sample (seed articles)", "Independent, dev", "Independent, test"):
        assert f">{column}</th>" in html, f"no column {column!r}"
    assert len(re.findall(rf"F1 {FIGURE} \(n = \d+\)", html)) >= 12, "cells without F1 and n"


@pytest.mark.parametrize(
    ("page", "quoted"),
    [
        ("book/generated/03_themes.html", rf"sample of \d+ sentence–theme assignments .* {FIGURE} are right"),
        ("book/generated/05_chronology.html", rf"the value right is {FIGURE} .* the value F1 {FIGURE}"),
        ("book/generated/04_stances.html", rf"quotation detection reaches an F1 of {FIGURE}"),
        ("book/methods.html", rf"In-sample .* theme precision {FIGURE} .* Independent test half .* value right {FIGURE}"),
    ],
)
def test_the_chapters_and_the_methods_page_quote_the_measured_figures(built_book, page, quoted):
    assert re.search(quoted, text_of(built_book, page)), f"{page} does not quote the accuracy figures"
