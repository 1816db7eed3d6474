"""grammar.yml and time.yml: the shipped files load, and a malformed entry names file, entry and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_CODEBOOK as CODEBOOK
from rcreport.codebook import CodebookError, Grammar, TimeWords, load_grammar, load_time_words

pytestmark = pytest.mark.unit


def edited(tmp_path: Path, name: str, edit) -> Path:
    """A copy of a shipped codebook file with one edit applied to its document."""
    document = yaml.safe_load((CODEBOOK / name).read_text(encoding="utf-8"))
    edit(document)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_shipped_files_load():
    grammar, words = load_grammar(CODEBOOK / "grammar.yml"), load_time_words(CODEBOOK / "time.yml")
    assert isinstance(grammar, Grammar) and "ने" in grammar.postpositions and grammar.purpose == ("के", "लिए")
    assert grammar.ergative_pronouns["उन्होंने"] == "person" and grammar.each_other == ("एक", "दूसरे")
    assert isinstance(words, TimeWords) and "मार्च" in words.months[3] and words.weekdays[0] == ("सोमवार",)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda d: d.pop("negators"), r"grammar\.yml: missing or empty 'negators'"),
        (lambda d: d.update(negators=[]), r"grammar\.yml: missing or empty 'negators'; give a list"),
        (lambda d: d.update(particles=["भी", "ही तो"]), r"grammar\.yml, entry 'particles': item 2 'ही तो'; write one word, without spaces"),
        (lambda d: d["pronouns"]["ergative"].update({"उन्होंने": "him"}), r"entry 'pronouns': ergative/उन्होंने 'him'; use one of person, any, first"),
        (lambda d: d["postpositions"].pop("ergative"), r"entry 'postpositions': missing or empty 'ergative'"),
        (lambda d: d["postpositions"].update(genitve=["का"]), r"entry 'postpositions': unknown key 'genitve'; allowed keys are simple, "),
        (lambda d: d.update(colour="red"), r"grammar\.yml: unknown key 'colour'; allowed keys are postpositions, "),
        (lambda d: d["pair_phrases"].update(each_other="एकदूसरे"), r"entry 'pair_phrases': each_other 'एकदूसरे'; write the two words joined by a hyphen"),
        (lambda d: d.update(coordinators=["और"]), r"grammar\.yml: coordinators must be a mapping of keys, found \['और'\]"),
    ],
)
def test_malformed_grammar_is_named(tmp_path, edit, message):
    with pytest.raises(CodebookError, match=message):
        load_grammar(edited(tmp_path, "grammar.yml", edit))


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda d: d["months"].pop(5), r"time\.yml, entry 'months': missing or empty '5'"),
        (lambda d: d["months"].update({13: ["Undecember"]}), r"entry 'months': key '13' does not fit; number the months 1 to 12"),
        (lambda d: d["units"].update(पल="moment"), r"entry 'units': पल 'moment'; use one of day, week, month, year"),
        (lambda d: d["relative"].update(पिछले=-2), r"entry 'relative': पिछले -2; use -1 \(before\), 0 \(this\) or 1 \(after\)"),
        (lambda d: d["numbers"].update(तीन="three"), r"entry 'numbers': तीन must be a whole number, found 'three'"),
        (lambda d: d["seasons"].update(SP=[]), r"entry 'seasons': missing or empty 'SP'"),
        (lambda d: d["tense"].pop("progressive"), r"entry 'tense': missing or empty 'progressive'"),
        (lambda d: d["calendar_units"].append("पखवाड़े"), r"entry 'calendar_units': 'पखवाड़े' is not a word of 'units'; add it there"),
    ],
)
def test_malformed_time_words_are_named(tmp_path, edit, message):
    with pytest.raises(CodebookError, match=message):
        load_time_words(edited(tmp_path, "time.yml", edit))


def test_yaml_errors_name_the_file(tmp_path):
    broken = tmp_path / "grammar.yml"
    broken.write_text("postpositions: [ने\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"grammar\.yml: not valid YAML"):
        load_grammar(broken)
    with pytest.raises(CodebookError, match=r"time\.yml: codebook file not found"):
        load_time_words(tmp_path / "time.yml")
