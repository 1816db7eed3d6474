"""Relevance by actors, exclusion of off-topic articles from every total, the pattern check of `rcreport check`,
names across transliterations and the report of unknown names.

The constructed articles below were written for these tests (a cricket report, a state budget that speaks
of defence, energy and trade, a visit that names both sides but hardly a theme, a weather report from
Russia alone); they are added to a copy of the fixture and annotated by the bundled models. The fixture's
actors.yml carries the agency spellings of Xi and Putin (शी चिनफिंग, पूतिन …), added on purpose.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURE_CODEBOOK, FIXTURE_DATA, ROOT
from rcreport.actors import actor_sides, find_mentions, unknown_names
from rcreport.cli import main as rcreport
from rcreport.codebook import load_actors, load_themes
from rcreport.corpus import add_article, load_corpus
from rcreport.corpus_analysis import analyse_in_memory
from rcreport.editions import select_articles
from rcreport.language import name_runs
from rcreport.nlp import annotate_corpus, bundled_models
from rcreport.relevance import article_relevance, coverage_gaps, on_topic, relevance_table
from rcreport.themes import assign_themes

pytestmark = pytest.mark.unit

CONSTRUCTED = {
    "cricket": """भारत ने दूसरे एकदिवसीय मैच में न्यूजीलैंड को सात विकेट से हरा दिया।
सलामी बल्लेबाज ने 112 रन की शानदार पारी खेली और टीम को आसान जीत दिलाई।
स्पिन गेंदबाजों ने बीच के ओवरों में लगातार विकेट लेकर विपक्षी टीम को 240 रन पर रोक दिया।
कप्तान ने मैच के बाद कहा कि मैदान पर खिलाड़ियों का तालमेल बहुत अच्छा रहा।
सीरीज का तीसरा और आखिरी मैच रविवार को कोलकाता के ईडन गार्डन्स में खेला जाएगा।""",
    "budget": """राज्य के वित्त मंत्री ने बुधवार को विधानसभा में अगले वित्त वर्ष का बजट पेश किया।
बजट में सड़कों, अस्पतालों और सरकारी स्कूलों के लिए पिछले साल से अधिक राशि रखी गई है।
किसानों को आर्थिक सहायता बढ़ाई गई है और उद्योगों में निवेश आकर्षित करने के लिए नई नीति की घोषणा की गई।
सशस्त्र बलों से सेवानिवृत्त सैनिकों के कल्याण और पुलिस के आधुनिकीकरण के लिए भी धन का प्रावधान है।
ऊर्जा क्षेत्र में सौर बिजली संयंत्रों और गैस से चलने वाले बिजली घरों का विस्तार किया जाएगा।
वित्त मंत्री ने कहा कि व्यापार और निर्यात बढ़ने से राज्य की अर्थव्यवस्था और मजबूत होगी।""",
    "visit": """चीनी राष्ट्रपति शी चिनफिंग सोमवार दोपहर मॉस्को पहुंचे।
हवाई अड्डे पर रूस के उप प्रधानमंत्री ने उनकी अगवानी की।
शहर में सुबह से हल्की बारिश हो रही थी और सड़कों पर सुरक्षा कड़ी थी।
वे तीन दिन यहां ठहरेंगे और बुधवार को लौट जाएंगे।""",
    "weather": """रूस के साइबेरिया क्षेत्र में इस सप्ताह रिकॉर्ड बर्फबारी हुई।
कई शहरों में तापमान शून्य से चालीस डिग्री नीचे चला गया।
स्कूल बंद कर दिए गए और लोगों से घरों में रहने की अपील की गई।
मौसम विभाग ने अगले तीन दिन और ठंड बढ़ने की चेतावनी दी है।""",
}


@pytest.fixture(scope="module")
def constructed(tmp_path_factory, tokens, pipeline):
    """The fixture corpus plus the constructed articles (by kind -> id), and their tokens (frozen ones plus fresh ones)."""
    data = Path(shutil.copytree(FIXTURE_DATA, tmp_path_factory.mktemp("relevance") / "data"))
    ids = {}
    for kind, text in CONSTRUCTED.items():
        source = data.parent / f"{kind}.txt"
        source.write_text(text + "\n", encoding="utf-8")
        ids[kind] = add_article(data, source, {"title": kind})[0]
    corpus = load_corpus(data)
    new = dataclasses.replace(corpus, articles=corpus.articles[corpus.articles["id"].isin(ids.values())])
    fresh = annotate_corpus(new, bundled_models(ROOT / "models" / "hi"), data.parent / "cache", pipeline_factory=lambda models: pipeline, progress=False)
    return corpus, pd.concat([tokens, fresh], ignore_index=True), ids


@pytest.fixture(scope="module")
def relevance(constructed):
    corpus, all_tokens, _ = constructed
    return relevance_table(corpus, all_tokens, FIXTURE_CODEBOOK).set_index("article_id")


def test_articles_about_cricket_and_a_state_budget_are_flagged(relevance, constructed):
    _, _, ids = constructed
    for kind in ("cricket", "budget"):
        row = relevance.loc[ids[kind]]
        assert row["off_topic"] and row["reason"].startswith("names neither Russia nor China"), row
        assert row["themed_share"] == 0


def test_the_budget_matches_theme_patterns_but_none_counts_without_russia_or_china(constructed):
    corpus, all_tokens, ids = constructed
    budget = corpus.sentences[corpus.sentences["article_id"] == ids["budget"]]
    matches, assignments = assign_themes(load_themes(FIXTURE_CODEBOOK / "themes.yml"), load_actors(FIXTURE_CODEBOOK / "actors.yml"), all_tokens, budget)
    assert matches["sentence_id"].nunique() >= len(budget) / 2, "defence, energy and trade words are there"
    assert assignments.empty


def test_an_article_naming_both_sides_is_never_flagged_whatever_its_themes(constructed, relevance):
    corpus, all_tokens, ids = constructed
    assert not relevance.loc[ids["visit"], "off_topic"] and relevance.loc[ids["visit"], "reason"].startswith("names both sides")
    strict = relevance_table(corpus, all_tokens, FIXTURE_CODEBOOK, threshold=1.01).set_index("article_id")
    both = strict[(strict["russia_mentions"] > 0) & (strict["china_mentions"] > 0)]
    assert ids["visit"] in both.index and not both["off_topic"].any()
    assert {"A000", "A001", "A002", "A003", "A004"} <= set(both.index), "every seed article names both sides"


def test_an_article_naming_one_side_is_judged_by_its_themes(relevance, constructed):
    _, _, ids = constructed
    row = relevance.loc[ids["weather"]]
    assert row["china_mentions"] == 0 and row["russia_mentions"] > 0
    assert row["off_topic"] and "names only Russia's side" in row["reason"] and "below the 25% threshold" in row["reason"]


def test_the_relevance_reason_follows_the_mentions():
    sentences = pd.DataFrame({"article_id": ["X", "X", "Y"], "sentence_id": ["X.s001", "X.s002", "Y.s001"]})
    mentions = pd.DataFrame({"article_id": ["X", "X"], "sentence_id": ["X.s001", "X.s002"], "actor": ["putin", "china"]})
    assignments = pd.DataFrame({"article_id": ["Y"], "sentence_id": ["Y.s001"]})
    table = article_relevance(sentences, mentions, assignments, {"putin": "russia", "china": "china"}).set_index("article_id")
    assert table.loc["X", "reason"] == "names both sides (Russia 1, China 1 mentions)" and not table.loc["X", "off_topic"]
    assert table.loc["Y", "off_topic"] and table.loc["Y", "themed_share"] == 1.0, "themes alone do not make an article on topic"


def test_off_topic_articles_are_left_out_of_every_total(constructed, relevance):
    corpus, all_tokens, ids = constructed
    flagged = set(relevance.index[relevance["off_topic"]])
    assert flagged == {ids["cricket"], ids["budget"], ids["weather"]}
    selection = select_articles(corpus, analyse_in_memory(corpus, all_tokens, FIXTURE_CODEBOOK), FIXTURE_CODEBOOK)
    kept, kept_tokens, n_flagged = selection.corpus, all_tokens[all_tokens["article_id"].isin(selection.article_ids)], selection.n_off_topic
    assert n_flagged == 3
    assert not flagged & set(kept.included["id"]) and not flagged & set(kept.sentences["article_id"]) and not flagged & set(kept_tokens["article_id"])
    assert set(kept.included["id"]) == set(corpus.included["id"]) - flagged
    same, _ = on_topic(corpus, all_tokens, relevance.reset_index())
    assert same.sentences.equals(kept.sentences)


def test_agency_spellings_resolve_to_the_actor(constructed):
    corpus, _, ids = constructed
    actors = load_actors(FIXTURE_CODEBOOK / "actors.yml")
    visit = find_mentions(actors, corpus.sentences[corpus.sentences["article_id"] == ids["visit"]])
    assert "शी चिनफिंग" in set(visit.loc[visit["actor"] == "xi", "surface"].str.replace("चीनी राष्ट्रपति ", ""))
    assert actor_sides(actors)["xi"] == "china" and actor_sides(actors)["ushakov"] == "russia" and "usa" not in actor_sides(actors)


def test_names_that_match_no_actor_are_reported(tokens):
    actors = load_actors(FIXTURE_CODEBOOK / "actors.yml")
    sentence = pd.DataFrame(
        {"article_id": "Z", "sentence_id": "Z.s001", "text": ["सर्गेई", "लावरोव", "ने", "शी", "जिनपिंग", "से", "बात", "की"], "upos": ["PROPN", "PROPN", "ADP", "PROPN", "PROPN", "ADP", "NOUN", "VERB"]}
    )
    names = unknown_names(actors, name_runs(pd.concat([tokens, sentence], ignore_index=True)))
    assert "सर्गेई लावरोव" in set(names["name"]), "Lavrov is not in the fixture's actors"
    assert not names["name"].str.contains("जिनपिंग|पुतिन").any()


def test_coverage_gaps_count_sentences_no_rule_reaches(corpus, tokens):
    actors = load_actors(FIXTURE_CODEBOOK / "actors.yml")
    _, assignments = assign_themes(load_themes(FIXTURE_CODEBOOK / "themes.yml"), actors, tokens, corpus.sentences)
    mentions = find_mentions(actors, corpus.sentences)
    stances = pd.DataFrame({"sentence_id": ["A000.s001"]})
    gaps = coverage_gaps(corpus.sentences, assignments, mentions, stances).set_index("article_id")
    assert (gaps["sentences"] == corpus.sentences.groupby("article_id").size()).all()
    assert gaps.loc["A000", "no_stance"] == gaps.loc["A000", "sentences"] - 1
    assert (gaps["none_of_them"] <= gaps[["no_theme", "no_actor", "no_stance"]].min(axis=1)).all()
    assert gaps["no_theme"].sum() == len(corpus.sentences) - assignments["sentence_id"].nunique()


def test_check_reports_a_pattern_the_tokens_miss_as_an_error(data_copy, annotation_cache, capsys):
    models = str(ROOT / "models" / "hi")
    assert rcreport(["check", "--data", str(data_copy), "--cache-dir", str(annotation_cache), "--models-dir", models]) == 0
    assert "patterns: 0 occurring in the text but on no token" in capsys.readouterr().out
    themes = data_copy / "codebook" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("      - Ukrai*\n", "      - Ukraine\n"), encoding="utf-8")
    assert rcreport(["check", "--data", str(data_copy), "--cache-dir", str(annotation_cache), "--models-dir", models]) == 1
    out = capsys.readouterr().out
    assert "error: themes.yml, entry 'ukraine_war': pattern 'Ukraine' occurs in A002.s001" in out
    assert out.rstrip().endswith(f"{len(load_corpus(FIXTURE_DATA).articles)} articles, 0 excluded")
