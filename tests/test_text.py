"""The matching form of rcreport.text: one normaliser for the theme patterns and the known-event aliases."""

from __future__ import annotations

import pytest

from rcreport.text import match_form

pytestmark = pytest.mark.unit


def test_match_form_maps_back_to_the_original_offsets():
    form, origin = match_form("एशिया-प्रशांत “क्षेत्र”")
    assert form == "एशिया प्रशांत क्षेत्र "
    assert origin[form.index("क्षेत्र")] == "एशिया-प्रशांत “क्षेत्र”".index("क्षेत्र")


def test_the_folded_form_drops_the_nukta_and_folds_case_and_spacing():
    form, origin = match_form("SCO  फ़ोरम\u2011बैठक")
    assert form == "sco फोरम बैठक"
    assert len(origin) == len(form) and origin[-1] == len("SCO  फ़ोरम\u2011बैठक") - 1


def test_the_unfolded_form_keeps_every_offset_and_only_separates_words():
    text = "‘नो लिमिट’ एशिया-प्रशांत SCO फ़ोरम"
    form, origin = match_form(text, fold=False)
    assert form == " नो लिमिट  एशिया प्रशांत SCO फ़ोरम"
    assert origin == list(range(len(text)))
