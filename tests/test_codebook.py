"""The codebooks (the fixture's copies): validation messages for each kind of mistake, and actor resolution on the fixture corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_CODEBOOK as CODEBOOK
from rcreport.actors import alias_matches, find_mentions
from rcreport.codebook import CodebookError, load_actors, load_themes, unmatched_patterns

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def actors():
    return load_actors(CODEBOOK / "actors.yml")


@pytest.fixture
def themes_file(tmp_path):
    """A writable copy of themes.yml and its parsed content."""
    path = Path(shutil.copy(CODEBOOK / "themes.yml", tmp_path / "themes.yml"))
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def rewrite(path, document):
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def test_the_codebooks_load():
    themes = load_themes(CODEBOOK / "themes.yml")
    assert {"military", "energy", "ukraine_war", "nato_security", "taiwan", "sanctions_west", "personal_diplomacy"} <= {t.id for t in themes}
    assert all(theme.patterns and theme.label and theme.label_hi for theme in themes)


def test_unknown_key_names_the_entry(themes_file):
    path, document = themes_file
    document["themes"][1]["colour"] = "red"
    rewrite(path, document)
    with pytest.raises(CodebookError, match=r"themes\.yml, entry 'space_technology': unknown key 'colour'"):
        load_themes(path)


def test_duplicate_id_is_named(themes_file):
    path, document = themes_file
    document["themes"][2]["id"] = document["themes"][0]["id"]
    rewrite(path, document)
    with pytest.raises(CodebookError, match=r"duplicate id 'military'"):
        load_themes(path)


def test_empty_pattern_list_is_named(themes_file):
    path, document = themes_file
    document["themes"][3]["patterns"] = []
    rewrite(path, document)
    with pytest.raises(CodebookError, match=r"entry 'ukraine_war': missing or empty 'patterns'"):
        load_themes(path)


def test_actor_country_must_be_a_state(tmp_path):
    path = Path(shutil.copy(CODEBOOK / "actors.yml", tmp_path / "actors.yml"))
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["actors"][0]["country"] = "atlantis"
    rewrite(path, document)
    with pytest.raises(CodebookError, match=r"entry 'putin': country 'atlantis' is not the id of a state"):
        load_actors(path)


def test_pattern_matching_nothing_is_reported(actors, corpus):
    found = alias_matches(actors, corpus.sentences).rename(columns={"actor": "entry", "alias": "pattern"})
    report = unmatched_patterns("actors.yml", {"putin": ("पुतिन", "पूटिन")}, found)
    assert report["pattern"].tolist() == ["पूटिन"]
    assert report["message"].iloc[0] == "actors.yml: 'putin' pattern 'पूटिन' matches nothing in the corpus"


def test_both_spellings_of_vladimir_resolve_to_putin(actors, corpus):
    mentions = find_mentions(actors, corpus.sentences)
    putin = mentions[mentions["actor"] == "putin"]
    assert putin["surface"].str.contains("व्लादिमीर").any()
    assert putin["surface"].str.contains("व्लादिमिर").any()
    assert set(putin["article_id"]) == set(corpus.included["id"]), "every seed article names Putin"


def test_metonyms_are_marked(actors, corpus):
    mentions = find_mentions(actors, corpus.sentences)
    kremlin = mentions[mentions["surface"] == "क्रेमलिन"]
    assert not kremlin.empty and (kremlin["actor"] == "russia").all() and kremlin["metonym"].all()
    beijing = mentions[mentions["surface"] == "बीजिंग"]
    assert (beijing["actor"] == "china").all() and beijing["metonym"].all()
    assert not mentions[mentions["surface"] == "चीन"]["metonym"].any()


def test_whole_words_only_and_longest_alias_wins(actors, corpus):
    mentions = find_mentions(actors, corpus.sentences)
    first = mentions[mentions["sentence_id"] == "A000.s003"]
    assert first.iloc[0][["actor", "surface"]].tolist() == ["putin", "रूस के राष्ट्रपति व्लादिमीर पुतिन"]
    # रूसी (Russian) is the adjective alias, not रूस followed by stray letters
    assert (mentions[mentions["surface"] == "रूसी"]["actor"] == "russia").all()
    for mention in mentions.itertuples():
        text = corpus.sentences.set_index("sentence_id").loc[mention.sentence_id, "text"]
        assert text[mention.start : mention.end] == mention.surface
