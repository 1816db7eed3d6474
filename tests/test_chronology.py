"""The chronology stage: Hindi time expressions, their anchoring, publication-date inference, the timeline.

Constructed sentences cover every form (and what must not be read as a date);
the seed articles of the frozen fixture check the results the issue asks for
against their text. The chapter in the built book is tested in test_book.py.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pytest

from conftest import FIXTURE_CODEBOOK
from rcreport.chronology import chronology, event_label, timeline
from rcreport.codebook import load_time_words
from rcreport.corpus import load_corpus
from rcreport.figures import plot_timeline, use_report_style
from rcreport.publication import publication_dates
from rcreport.temporal import absolute_interval, clause_tense, find_time_expressions, resolve, sentence_words, time_expressions, value_of

pytestmark = pytest.mark.unit

TIME_WORDS = load_time_words(FIXTURE_CODEBOOK / "time.yml")

TODAY = dt.date(2026, 11, 22)
FRIDAY = dt.date(2022, 12, 30)
METADATA_HEADER = "id,file,title,outlet,url,published,published_precision,published_source,language,notes\n"


def only(text):
    """The single time expression found in a text."""
    found = find_time_expressions(unicodedata.normalize("NFC", text), TIME_WORDS)
    assert len(found) == 1, found
    return found[0]


# --- finding every form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span, fields",
    [
        ("पुतिन ने शुक्रवार (30 दिसंबर, 2022) को कहा", "शुक्रवार (30 दिसंबर, 2022)", {"kind": "date", "year": 2022, "month": 12, "day": 30, "weekday": 4}),
        ("पुतिन शुक्रवार, 30 दिसंबर 2022 को बोले", "शुक्रवार, 30 दिसंबर 2022", {"kind": "date", "day": 30, "weekday": 4}),
        ("4 फरवरी 2022 को बीजिंग पहुंचे थे", "4 फरवरी 2022", {"kind": "date", "year": 2022, "month": 2, "day": 4}),
        ("दिसंबर 30, 2022 को बात हुई", "दिसंबर 30, 2022", {"kind": "date", "month": 12, "day": 30}),
        ("बैठक 30/12/2022 को हुई", "30/12/2022", {"kind": "date", "year": 2022, "month": 12, "day": 30}),
        ("बैठक 2022-12-30 को हुई", "2022-12-30", {"kind": "date", "year": 2022, "month": 12, "day": 30}),
        ("४ फ़रवरी २०२२ को समझौता हुआ", "४ फ़रवरी २०२२", {"kind": "date", "year": 2022, "month": 2, "day": 4}),
        ("यह खबर March 21, 2023 को छपी", "March 21, 2023", {"kind": "date", "year": 2023, "month": 3, "day": 21}),
        ("यह खबर 21 March 2023 को छपी", "21 March 2023", {"kind": "date", "year": 2023, "month": 3, "day": 21}),
        ("अक्टूबर 2019 में, उन्होंने उल्लेख किया", "अक्टूबर 2019", {"kind": "month_year", "year": 2019, "month": 10}),
        ("सितम्बर 2022 में समरकंद में बैठक हुई थी", "सितम्बर 2022", {"kind": "month_year", "month": 9}),
        ("सितंबर 2022 में समरकंद में बैठक हुई थी", "सितंबर 2022", {"kind": "month_year", "month": 9}),
        ("वे मार्च 2013 में मॉस्को पहुंचे थे", "मार्च 2013", {"kind": "month_year", "year": 2013, "month": 3}),
        ("2012 में चीन का राष्ट्रपति बनने के बाद", "2012", {"kind": "year", "year": 2012}),
        ("२०१४ में क्रीमिया पर कब्जा", "२०१४", {"kind": "year", "year": 2014}),
        ("सन 1962 का युद्ध", "सन 1962", {"kind": "year", "year": 1962}),
        ("जिनपिंग 20 मार्च को मॉस्को पहुंचे", "20 मार्च", {"kind": "day_month", "month": 3, "day": 20, "year": None}),
        ("शी ने मार्च में मॉस्को का दौरा किया", "मार्च", {"kind": "month", "month": 3}),
        ("वह फ़रवरी में बीजिंग जाएंगे", "फ़रवरी", {"kind": "month", "month": 2}),
        ("पुतिन ने बुधवार को कहा", "बुधवार", {"kind": "weekday", "weekday": 2, "part_of_day": None}),
        ("शी ने सोमवार रात मुलाकात की", "सोमवार रात", {"kind": "weekday", "weekday": 0, "part_of_day": "रात"}),
        ("गुरुवार की सुबह बैठक हुई", "गुरुवार की सुबह", {"kind": "weekday", "weekday": 3, "part_of_day": "सुबह"}),
        ("आज उनकी विजिट का दूसरा दिन है", "आज उनकी विजिट का दूसरा दिन", {"kind": "deictic", "offset": 0, "ordinal": 2}),
        ("आज बैठक हुई", "आज", {"kind": "deictic", "offset": 0, "ordinal": None}),
        ("कल देर रात बात हुई थी", "कल देर रात", {"kind": "deictic", "offset": 1, "part_of_day": "देर रात"}),
        ("बीजिंग ने पिछले साल घोषणा की थी", "पिछले साल", {"kind": "calendar", "offset": -1, "unit": "year"}),
        ("पुतिन ने पिछले महीने बीजिंग की यात्रा की", "पिछले महीने", {"kind": "calendar", "offset": -1, "unit": "month"}),
        ("शोइगु पिछले हफ्ते बीजिंग पहुंचे थे", "पिछले हफ्ते", {"kind": "calendar", "offset": -1, "unit": "week"}),
        ("युद्ध को अगले साल फरवरी में एक साल पूरा हो जाएगा", "अगले साल फरवरी", {"kind": "calendar", "offset": 1, "unit": "year", "month": 2}),
        ("तीन महीने पहले दोनों नेताओं ने फोन पर बात की थी", "तीन महीने पहले", {"kind": "ago", "offset": -3, "unit": "month"}),
        ("2 साल बाद फिर मिलेंगे", "2 साल बाद", {"kind": "ago", "offset": 2, "unit": "year"}),
        ("रूस और चीन ने हाल के वर्षों में अभ्यास किए हैं", "हाल के वर्षों में", {"kind": "recent", "unit": "year"}),
        ("हाल ही में दोनों देशों ने समझौता किया", "हाल ही में", {"kind": "recent", "unit": None}),
        ("पिछली सर्दियों में गैस समझौता हुआ", "पिछली सर्दियों", {"kind": "season", "season": "WI", "offset": -1}),
        ("बुधवार को चीनी कैलेंडर के मुताबिक वसंत की शुरुआत हुई", "वसंत", {"kind": "season", "season": "SP"}),
    ],
)
def test_every_form_is_found_with_its_span_and_fields(text, span, fields):
    text = unicodedata.normalize("NFC", text)
    found = [expr for expr in find_time_expressions(text, TIME_WORDS) if expr["text"] == unicodedata.normalize("NFC", span)]
    assert len(found) == 1, find_time_expressions(text, TIME_WORDS)
    expr = found[0]
    assert text[expr["start"] : expr["end"]] == expr["text"]
    for key, value in fields.items():
        assert expr[key] == value, (key, expr)


@pytest.mark.parametrize(
    "text",
    [
        "साढ़े चार घंटे चली इंफॉर्मल मीटिंग",  # a duration
        "सोमवार की बैठक साढ़े 4 घंटे चली",  # a duration beside a real weekday
        "92 साल की उम्र में रूपर्ट मर्डोक करेंगे 5वीं शादी",  # an age
        "भारत ने 38 रनों से मैच जीता",  # a score
        "8 मिनट तक वीडियो कॉल पर बात हुई",  # a duration
        "हेल्पलाइन नंबर 9876543210 पर फोन करें",  # a phone number
        "दफ्तर का नंबर 011-2345-6789 है",  # a phone number with separators
        "सीमा पर 2000 सैनिक तैनात हैं",  # a count, not a year
        "युद्ध को एक साल पूरा हो जाएगा",  # a duration, not "a year ago"
        "रूस और चीन शीत युद्ध पैटर्न पर गठबंधन नहीं बना रहे",  # शीत is not a season here
        "संबंध वसंत मौसम जैसे हैं",  # a metaphor, not a season
        "किसानों ने मार्च निकाला",  # a protest march, not the month
        "आजकल दोनों देशों के संबंध अच्छे हैं",  # आजकल is not आज or कल
        "बैठक के दो दिन बाद समझौता हुआ",  # counts from an event of the story, not from publication
        "इससे तीन महीने पहले वे मिले थे",  # likewise
        "अगले दिन दोनों नेता फिर मिले",  # the next day of the story
        "पिछले सालों में व्यापार बढ़ा है",  # a vague plural, not "last year"
    ],
)
def test_things_that_are_not_dates_are_not_found(text):
    found = find_time_expressions(text, TIME_WORDS)
    if text.startswith("सोमवार"):
        assert [expr["text"] for expr in found] == ["सोमवार"]
    else:
        assert found == []


def test_an_impossible_day_leaves_only_the_month_and_year():
    assert [(expr["text"], expr["kind"]) for expr in find_time_expressions("31 फरवरी 2022 को", TIME_WORDS)] == [("फरवरी 2022", "month_year")]


def test_the_longest_reading_wins():
    found = find_time_expressions("वे मार्च 2013 में और 2012 में गए, अगले साल फरवरी में फिर जाएंगे", TIME_WORDS)
    assert [(expr["text"], expr["kind"]) for expr in found] == [("मार्च 2013", "month_year"), ("2012", "year"), ("अगले साल फरवरी", "calendar")]


# --- tense ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words, tense",
    [
        ([("कल", "ADV"), ("पुतिन", "PROPN"), ("ने", "ADP"), ("कहा", "VERB")], "past"),
        ([("कल", "ADV"), ("बात", "NOUN"), ("हुई", "VERB"), ("थी", "AUX")], "past"),
        ([("कल", "ADV"), ("वे", "PRON"), ("मिलेंगे", "VERB")], "future"),
        ([("कल", "ADV"), ("बैठक", "NOUN"), ("होगी", "AUX")], "future"),
        ([("कल", "ADV"), ("वे", "PRON"), ("बात", "NOUN"), ("कर", "VERB"), ("रहे", "AUX"), ("हैं", "AUX")], "present"),
        ([("कल", "ADV"), ("वे", "PRON"), ("जा", "VERB"), ("रहे", "AUX"), ("थे", "AUX")], "past"),
        ([("कल", None), ("बैठक", None), ("हुई", None), ("थी", None)], "past"),
        ([("कल", None), ("सेना", None), ("लौट", None), ("गई", None)], "past"),
        ([("कल", None), ("वे", None), ("करेंगे", None)], "future"),
        ([("कल", None), ("पुतिन", None), ("ने", None), ("कहा", None)], "unknown"),  # कहा is past only with a tag
    ],
)
def test_clause_tense(words, tense):
    assert clause_tense([(index, text, upos) for index, (text, upos) in enumerate(words)], TIME_WORDS, after=1) == tense


def test_tense_is_read_from_the_verb_after_each_expression():
    text = "कल उन्होंने बात की थी और कल फिर मिलेंगे"
    words = sentence_words(text)
    first, second = find_time_expressions(text, TIME_WORDS)
    assert clause_tense(words, TIME_WORDS, first["end"]) == "past"
    assert clause_tense(words, TIME_WORDS, second["end"]) == "future"


# --- anchoring -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, anchor, tense, expected",
    [
        ("कल", FRIDAY, "past", ("2022-12-29", "2022-12-29", "day")),
        ("कल", FRIDAY, "future", ("2022-12-31", "2022-12-31", "day")),
        ("आज", FRIDAY, "present", ("2022-12-30", "2022-12-30", "day")),
        ("सोमवार", FRIDAY, "past", ("2022-12-26", "2022-12-26", "day")),  # the latest Monday not after
        ("शुक्रवार", FRIDAY, "past", ("2022-12-30", "2022-12-30", "day")),  # the day itself is not after
        ("सोमवार", FRIDAY, "future", ("2023-01-02", "2023-01-02", "day")),
        ("20 मार्च", dt.date(2023, 3, 21), "past", ("2023-03-20", "2023-03-20", "day")),
        ("20 मार्च", dt.date(2023, 3, 19), "past", ("2022-03-20", "2022-03-20", "day")),
        ("20 मार्च", dt.date(2023, 3, 19), "future", ("2023-03-20", "2023-03-20", "day")),
        ("मार्च में", dt.date(2023, 11, 15), "past", ("2023-03-01", "2023-03-31", "month")),
        ("पिछले साल", FRIDAY, "past", ("2021-01-01", "2021-12-31", "year")),
        ("पिछले महीने", FRIDAY, "past", ("2022-11-01", "2022-11-30", "month")),
        ("पिछले हफ्ते", FRIDAY, "past", ("2022-12-19", "2022-12-25", "approximate")),
        ("अगले साल फरवरी", FRIDAY, "future", ("2023-02-01", "2023-02-28", "month")),
        ("तीन महीने पहले", dt.date(2023, 3, 21), "past", ("2022-12-01", "2022-12-31", "month")),
        ("हाल के वर्षों में", FRIDAY, "present", ("2017-12-30", "2022-12-30", "approximate")),
        ("पिछली सर्दियों में", FRIDAY, "past", ("2021-12-01", "2022-02-28", "season")),
        ("4 फरवरी 2022", FRIDAY, "future", ("2022-02-04", "2022-02-04", "day")),  # an explicit date needs no anchor
    ],
)
def test_resolve_against_the_publication_date(text, anchor, tense, expected):
    first, last, precision = resolve(only(text), anchor, tense)
    assert (first.isoformat(), last.isoformat(), precision) == expected


# --- constructed articles --------------------------------------------------------------------------


def write_corpus(root, articles):
    """A data/ directory with one article per (id, published, precision, text)."""
    (root / "articles").mkdir(parents=True)
    lines = []
    for article_id, published, precision, text in articles:
        (root / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
        lines.append(f"{article_id},{article_id}.txt,title,,,{published},{precision},,hi,\n")
    (root / "articles.csv").write_text(METADATA_HEADER + "".join(lines), encoding="utf-8")
    return load_corpus(root, today=TODAY)


def chronology_of(corpus):
    """(publications by article, evidence, timeline events) of the whole stage with the fixture's codebooks, without the parser."""
    stage = chronology(corpus, FIXTURE_CODEBOOK, None, TODAY)
    return stage.publications.set_index("article_id"), stage.evidence, stage.events


def test_kal_resolves_by_tense_against_a_given_publication_date(tmp_path):
    corpus = write_corpus(tmp_path, [("A100", "2023-03-21", "day", "कल रात दोनों नेताओं की बैठक हुई थी। कल दोनों नेता समझौते पर साइन करेंगे।")])
    publications, _, events = chronology_of(corpus)
    assert publications.loc["A100", "source"] == "metadata"
    assert events["date"].tolist() == ["2023-03-20", "2023-03-22"]
    assert events["role"].tolist() == ["reported", "anticipated"]
    assert events["anchored_on"].tolist() == ["publication date", "publication date"]


def test_publication_inferred_from_a_dated_weekday_and_marked(tmp_path):
    text = "पुतिन ने बुधवार (15 नवंबर 2023) को झांग से मुलाकात की। पिछले महीने वे बीजिंग गए थे।"
    publications, evidence, events = chronology_of(write_corpus(tmp_path, [("A101", "", "", text)]))
    row = publications.loc["A101"]
    assert (row["earliest"], row["latest"], row["estimate"]) == (dt.date(2023, 11, 15), dt.date(2023, 11, 21), dt.date(2023, 11, 15))
    assert row["confidence"] == "high" and "inferred" in row["shown"]
    assert "15 नवंबर 2023" in " ".join(evidence["text"])
    last_month = events[events["text"] == "पिछले महीने"].iloc[0]
    assert (last_month["date"], last_month["anchored_on"]) == ("2023-10", "publication date (inferred)")


def test_next_february_with_a_year_places_publication_in_the_year_before(tmp_path):
    text = "रूस ने कहा कि अगले साल फरवरी में, यानी फरवरी 2024 में, शिखर बैठक होगी।"
    publications, evidence, _ = chronology_of(write_corpus(tmp_path, [("A102", "", "", text)]))
    row = publications.loc["A102"]
    assert (row["earliest"], row["latest"]) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert evidence["rule"].str.contains("taken as the same event").any()


def test_a_month_of_publication_in_the_metadata_bounds_the_inference(tmp_path):
    publications, _, events = chronology_of(write_corpus(tmp_path, [("A103", "2023-11", "month", "पुतिन ने बुधवार को कहा कि 2019 में बात हुई थी।")]))
    row = publications.loc["A103"]
    assert (row["source"], row["earliest"], row["latest"]) == ("metadata+inferred", dt.date(2023, 11, 1), dt.date(2023, 11, 30))
    wednesday = events[events["text"] == "बुधवार"].iloc[0]
    assert (wednesday["date_start"], wednesday["date_end"]) == (dt.date(2023, 11, 1), dt.date(2023, 11, 29))  # the Wednesdays that open and close November


# --- the seed articles -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(corpus):
    """The chronology of the fixture corpus, read without the parser."""
    return chronology_of(corpus)


def event_in(events, sentence_id, span):
    """The one event of a sentence whose span contains ``span``."""
    found = events[(events["sentence_id"] == sentence_id) & events["text"].str.contains(span, regex=False)]
    assert len(found) == 1, events[events["sentence_id"] == sentence_id]
    return found.iloc[0]


def test_002_call_resolves_to_30_december_2022(seeds, corpus):
    _, _, events = seeds
    sentence = corpus.sentences.set_index("sentence_id").loc["A002.s003", "text"]
    assert "पुतिन" in sentence and "शुक्रवार (30 दिसंबर, 2022)" in sentence
    call = event_in(events, "A002.s003", "30 दिसंबर")
    assert (call["date"], call["precision"], call["role"]) == ("2022-12-30", "day", "reported")


def test_003_dates(seeds):
    publications, _, events = seeds
    arrival = event_in(events, "A003.s016", "20 मार्च")
    assert (arrival["date"], arrival["anchored_on"]) == ("2023-03-20", "publication date (inferred)")
    assert event_in(events, "A003.s049", "4 फरवरी 2022")["date"] == "2022-02-04"
    assert event_in(events, "A003.s034", "30 दिसंबर 2022")["role"] == "recalled"
    # "आज उनकी विजिट का दूसरा दिन है" after arriving on 20 March: the article is of 21 March 2023
    assert publications.loc["A003", "earliest"] <= dt.date(2023, 3, 21) <= publications.loc["A003", "latest"]


def test_001_crimea_annexation_lands_in_2014(seeds, corpus):
    _, _, events = seeds
    sentences = corpus.sentences[corpus.sentences["text"].str.contains("क्रीमिया") & corpus.sentences["text"].str.contains("2014")]
    assert sentences["sentence_id"].tolist() == ["A001.s008"]
    annexation = event_in(events, "A001.s008", "2014")
    assert (annexation["date"], annexation["role"]) == ("2014", "recalled")


def test_every_seed_gets_an_inferred_interval_with_evidence(seeds, corpus):
    publications, evidence, _ = seeds
    assert publications.index.tolist() == corpus.included["id"].tolist()
    assert (publications["source"] == "inferred").all() and publications["shown"].str.contains("inferred").all()
    assert publications["bounded"].all()
    assert (publications["latest"] <= TODAY).all()
    texts = corpus.sentences.set_index("sentence_id")["text"]
    for article_id in publications.index:
        rows = evidence[(evidence["article_id"] == article_id) & (evidence["sentence_id"] != "")]
        assert len(rows), article_id
        assert all(span in texts[sentence_id] for sentence_id, span in zip(rows["sentence_id"], rows["text"]))
    assert publications.loc["A002", "earliest"] == dt.date(2022, 12, 30) and publications.loc["A002", "confidence"] == "high"
    # the true dates, and how the intervals reach them, are tested in test_publication_dates.py


def test_003_sidebar_dates_are_not_events(seeds, corpus):
    _, _, events = seeds
    sidebar = corpus.removed[(corpus.removed["article_id"] == "A003") & (corpus.removed["reason"] == "sidebar date line")]
    assert sidebar["text"].tolist() == ["March 21, 2023", "March 21, 2023"]
    assert find_time_expressions(sidebar["text"].iloc[0], TIME_WORDS)[0]["year"] == 2023  # the finder would read it
    assert not events["text"].str.contains("March").any()
    # 2023-03-21 is on the timeline only as the article's own "today", read from its text
    assert events.loc[events["date"] == "2023-03-21", "sentence_id"].tolist() == ["A003.s017"]


def test_every_event_carries_its_evidence(seeds, corpus):
    _, _, events = seeds
    texts = corpus.sentences.set_index("sentence_id")["text"]
    assert len(events) > 20
    assert all(span in texts[sentence_id] for sentence_id, span in zip(events["sentence_id"], events["text"]))
    assert set(events["role"]) <= {"reported", "recalled", "anticipated"}


# --- with the parser ---------------------------------------------------------------------------------


def test_parsed_seeds_give_tenses_labels_and_the_same_dates(corpus, tokens):
    expressions = time_expressions(corpus, TIME_WORDS, tokens)
    publications, _ = publication_dates(corpus, expressions, TODAY)
    events = timeline(expressions, publications, corpus.sentences, tokens)
    assert event_in(events, "A002.s003", "30 दिसंबर")["tense"] == "past"  # … से कहा
    assert event_in(events, "A002.s001", "अगले साल फरवरी")["role"] == "anticipated"
    assert event_in(events, "A003.s016", "20 मार्च")["date"] == "2023-03-20"
    assert "पुतिन" in event_in(events, "A002.s003", "30 दिसंबर")["label"]
    assert events["label"].str.len().gt(0).all()


def test_event_label_names_actors_and_the_root_verb(tokens):
    sentence = tokens[tokens["sentence_id"] == "A003.s002"]
    label = event_label(sentence)
    root = sentence.loc[sentence["deprel"] == "root", "lemma"].iloc[0]
    assert label.endswith(root)
    assert any(name in label for name in ("जिनपिंग", "पुतिन", "शी"))


# --- the chapter ---------------------------------------------------------------------------------------


def test_timeline_figure_marks_inferred_publication_dates(seeds):
    publications, _, events = seeds
    use_report_style()
    figure = plot_timeline(publications.reset_index(), events, dt.date(2012, 1, 1), TODAY)
    axes = figure.axes[0]
    assert [label.get_text() for label in axes.get_yticklabels()] == publications.index.tolist()
    hollow = [line for line in axes.lines if line.get_marker() == "D" and line.get_markerfacecolor() == "white"]
    estimates = publications["estimate"].dropna().tolist()
    assert sorted(mdates.num2date(line.get_xdata(orig=False)[0]).date() for line in hollow) == sorted(estimates)
    assert len(estimates) >= 4
    plt.close(figure)


# --- durations, sets, times of day and the longer periods (issue 12: the independent gold's TIMEX3 values) ---


@pytest.mark.parametrize(
    ("text", "span", "kind", "type_", "stated"),
    [
        ("यह समारोह तीन दिन तक चला", "तीन दिन तक", "duration", "duration", ""),
        ("बैठक दो घंटे चली", "दो घंटे", "duration", "duration", ""),
        ("इनकी उम्र तीन हजार साल आंकी गई है", "तीन हजार साल", "duration", "duration", ""),
        ("यह मेला हर साल लगता है", "हर साल", "set", "set", ""),
        ("नदी से रोजाना पानी छोड़ा जाता था", "रोजाना", "set", "set", ""),
        ("कुछ ही महीने पहले हमले हुए थे", "कुछ ही महीने पहले", "vague", "date", ""),
        ("देर शाम तक वह नहीं लौटा", "देर शाम", "time_of_day", "date", "XXXX-XX-XXTEV"),
        ("शाम ४.३० बजे फायरिंग शुरू हुई", "शाम ४.३० बजे", "time_of_day", "date", "XXXX-XX-XXT16:30"),
        ("कुशावती को 483 ईसा पूर्व बुद्ध ने चुना", "483 ईसा पूर्व", "before_common_era", "date", "BC0483"),
    ],
)
def test_durations_sets_and_undated_times_are_found_with_their_type(text, span, kind, type_, stated):
    assert find_time_expressions(text, TIME_WORDS) == []  # no date of the timeline
    (expr,) = find_time_expressions(text, TIME_WORDS, undated=True)
    assert (expr["text"], expr["kind"], expr["type"], expr["stated_value"]) == (span, kind, type_, stated)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("केंद्रीय बजट २००४ - ०५ में वृद्धि हुई", "२००४ - ०५", "2004-04/2005-03"),  # YYYY-YY: an Indian fiscal year
        ("वर्ष १९९९ - २००० में दाखिले हुए", "१९९९ - २०००", "1999/2000"),  # consecutive years: a session
        ("वित्त वर्ष 2022-2023 में घाटा घटा", "वित्त वर्ष 2022-2023", "2022-04/2023-03"),  # after a fiscal-year word
        ("1990 के दशक में दो एल्बम जारी किए", "1990 के दशक", "199"),
        ("21वीं सदी में एशिया का उदय हुआ", "21वीं सदी", "20"),
        ("833 ईस्वी में यह राज्य बना", "833 ईस्वी", "0833"),
        ("वह 1979 की गर्मियों में मिला", "1979 की गर्मियों", "1979-SU"),
    ],
)
def test_fiscal_years_decades_centuries_and_era_years_have_their_own_values(text, span, value):
    (expr,) = find_time_expressions(text, TIME_WORDS)
    first, last, precision = absolute_interval(expr)
    assert (expr["text"], value_of(first, last, precision)) == (span, value)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("वर्तमान वित्तीय वर्ष में विनिवेश होगा", "future", ("2022-04-01", "2023-03-31", "fiscal")),  # FRIDAY is 2022-12-30
        ("पिछले साल इन दिनों नदी में पानी था", "past", ("2021-12-01", "2021-12-31", "month")),
    ],
)
def test_relative_fiscal_years_and_the_same_time_last_year_resolve_against_the_anchor(text, tense, expected):
    (expr,) = find_time_expressions(text, TIME_WORDS)
    first, last, precision = resolve(expr, FRIDAY, tense)
    assert (first.isoformat(), last.isoformat(), precision) == expected


def test_a_time_of_day_with_its_day_carries_its_timex_code():
    (evening,) = find_time_expressions("सोमवार शाम उन्होंने कहा", TIME_WORDS)
    (clock,) = find_time_expressions("भूकंप शनिवार तड़के 3 बजकर 04 मिनट पर आया", TIME_WORDS)
    assert (evening["text"], evening["time"]) == ("सोमवार शाम", "TEV")
    assert (clock["text"], clock["time"], clock["weekday"]) == ("शनिवार तड़के 3 बजकर 04 मिनट", "T03:04", 5)
