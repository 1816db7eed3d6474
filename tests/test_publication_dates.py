"""Publication dates with known events and metadata hints; the events codebook; the new time-word rules.

Constructed Hindi sentences (none from the seed articles) test each rule;
the seed articles of the frozen fixture test the target of the work: every
publication interval contains the article's true date, and is right to the
month or better.
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURE_CODEBOOK, FIXTURE_DATA
from rcreport.chronology import chronology
from rcreport.cli import main
from rcreport.codebook import CodebookError, load_actors, load_time_words
from rcreport.corpus import load_corpus
from rcreport.event_codebook import load_events
from rcreport.known_events import find_event_mentions, unmatched_aliases
from rcreport.publication import dating_summary
from rcreport.publication_hints import line_hint, url_hints
from rcreport.temporal import absolute_interval, clause_tense, find_time_expressions, resolve, sentence_words, value_of

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 11, 22)
TIME_WORDS = load_time_words(FIXTURE_CODEBOOK / "time.yml")
ACTORS = load_actors(FIXTURE_CODEBOOK / "actors.yml")
EVENTS = load_events(FIXTURE_CODEBOOK / "events.yml", {actor.id for actor in ACTORS})
HEADER = "id,file,title,outlet,url,published,published_precision,published_source,language,notes\n"

# The true publication dates of the seed articles, established by reading them (not from this system's output).
# articles.csv gives none. Each text dates itself against the public record:
# A000 Putin meets Gen. Zhang Youxia "on Wednesday"; Putin went to the Belt and Road summit "last month"
#      (third forum, 17-18 Oct 2023): AP's story of Wednesday 8 Nov 2023. Month certain, day from the record.
# A001 the Putin-Xi virtual summit "on Wednesday", Putin planning to attend the 2022 Winter Olympics, after the
#      US/UK/Canada/Australia diplomatic boycott (announced 6-8 Dec 2021): the video call of Wednesday 15 Dec 2021.
# A002 the text dates its call itself: "शुक्रवार (30 दिसंबर, 2022)".
# A003 Xi arrived in Moscow on 20 March, "आज उनकी विजिट का दूसरा दिन है" (today is the second day): 21 Mar 2023
#      (the sidebar of the page, removed by cleaning, carries "March 21, 2023" too).
# A004 a Putin-Xi video call "on Wednesday", the first day of spring in the Chinese calendar (Lichun), praise for
#      China's visa-free entry for Russians (from 15 Sep 2025), Shoigu in Beijing "last week": Wed 4 Feb 2026.
SEED_TRUTH = {"A000": "2023-11-08", "A001": "2021-12-15", "A002": "2022-12-30", "A003": "2023-03-21", "A004": "2026-02-04"}


def write_corpus(root: Path, articles, url: str = "") -> object:
    """A data/ directory with one article per (id, published, precision, text), the fixture's codebooks beside it."""
    (root / "articles").mkdir(parents=True)
    shutil.copytree(FIXTURE_CODEBOOK, root / "codebook")
    lines = []
    for article_id, published, precision, text in articles:
        (root / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
        lines.append(f"{article_id},{article_id}.txt,title,,{url},{published},{precision},,hi,\n")
    (root / "articles.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    return load_corpus(root, today=TODAY)


def dated(tmp_path, text, published="", precision="", url=""):
    """The publication row and evidence of one constructed article."""
    corpus = write_corpus(tmp_path / "data", [("A100", published, precision, text)], url)
    stage = chronology(corpus, tmp_path / "data" / "codebook", None, TODAY)
    return stage.publications.set_index("article_id").loc["A100"], stage.evidence, stage


# --- the seed articles -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_stage(corpus, tokens):
    return chronology(corpus, FIXTURE_CODEBOOK, tokens, TODAY)


@pytest.mark.parametrize("article_id", sorted(SEED_TRUTH))
def test_seed_publication_interval_holds_the_true_date_to_the_month(seed_stage, article_id):
    row = seed_stage.publications.set_index("article_id").loc[article_id]
    truth = dt.date.fromisoformat(SEED_TRUTH[article_id])
    assert row["earliest"] <= truth <= row["latest"], row["shown"]
    # right to the month or better: the estimated day is the true one, or the whole interval lies in the true month
    if row["estimate"] is not None:
        assert row["estimate"] == truth
    else:
        assert (row["earliest"].year, row["earliest"].month) == (row["latest"].year, row["latest"].month) == (truth.year, truth.month)


def test_seed_chains_name_known_events_and_keep_the_reported_day_apart(seed_stage):
    evidence, publications = seed_stage.evidence, seed_stage.publications.set_index("article_id")
    applied = evidence[evidence["applied"]]
    assert applied.loc[applied["article_id"] == "A000", "event"].str.contains("Belt and Road").any()
    assert applied.loc[applied["article_id"] == "A004", "event"].str.contains("4 February 2026").any()
    # A003: the reported meeting was on Monday 20 March; the article is of the visit's second day
    assert publications.loc["A003", "reported"] == dt.date(2023, 3, 20) and publications.loc["A003", "estimate"] == dt.date(2023, 3, 21)
    assert dating_summary(seed_stage.publications) == {"given": 0, "bounded": 5, "undated": 0}


def test_seed_known_event_mentions_have_name_date_and_sentence(seed_stage, corpus):
    known = seed_stage.known_events
    texts = corpus.sentences.set_index("sentence_id")["text"]
    assert all(span in texts[sentence_id] for sentence_id, span in zip(known["sentence_id"], known["text"]))
    olympics = known[known["event"] == "beijing_winter_olympics_2022"].iloc[0]
    assert (olympics["text"], olympics["date"], olympics["tense"]) == ("2022 शीतकालीन ओलंपिक", "2022-02-04 to 2022-02-20", "future")


# --- known events ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, event",
    [
        ("दोनों देशों ने ‘नो लिमिट्स’ साझेदारी की घोषणा की", "no_limits_joint_statement_2022"),  # quote marks
        ("दोनों देशों ने नो-लिमिट्स साझेदारी की घोषणा की", "no_limits_joint_statement_2022"),  # a hyphen
        ("रूस ने शीतकालीन ओलम्पिक 2022 में हिस्सा लिया", None),  # a spelling no alias has
    ],
)
def test_event_aliases_match_however_hyphens_and_quotes_are_written(text, event):
    found = [m["target"] for m in find_event_mentions(unicodedata.normalize("NFC", text), EVENTS, TIME_WORDS) if m["how"] == "event"]
    assert found == ([event] if event else [])


@pytest.mark.parametrize("text", ["पावर ऑफ़ साइबेरिया से गैस आने लगी", "पावर ऑफ साइबेरिया से गैस आने लगी"])
def test_a_nukta_does_not_stop_a_match(text):
    (mention,) = find_event_mentions(unicodedata.normalize("NFC", text), EVENTS, TIME_WORDS)
    assert (mention["how"], mention["target"], mention["text"]) == ("series", "power_of_siberia", text.split(" से")[0])


def test_a_genitive_paraphrase_of_an_alias_matches_its_series():
    (mention,) = find_event_mentions("नेताओं ने बेल्ट एंड रोड परियोजना के शिखर सम्मेलन में भाग लिया", EVENTS, TIME_WORDS)
    assert (mention["how"], mention["target"], mention["text"]) == ("series", "belt_and_road_forum", "बेल्ट एंड रोड परियोजना के शिखर सम्मेलन")


def test_a_known_event_in_the_past_with_last_month_puts_publication_in_the_month_after(tmp_path):
    row, evidence, _ = dated(tmp_path, "विदेश मंत्री ने पिछले महीने कज़ान ब्रिक्स शिखर सम्मेलन में हिस्सा लिया था।")
    assert (row["earliest"], row["latest"]) == (dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert evidence["event"].str.contains("Kazan").any()
    # an event over two months (31 Aug - 1 Sep) told "last month" leaves both months after it
    row, _, _ = dated(tmp_path / "two", "विदेश मंत्री ने पिछले महीने तियानजिन एससीओ शिखर सम्मेलन में हिस्सा लिया था।")
    assert (row["earliest"], row["latest"]) == (dt.date(2025, 9, 1), dt.date(2025, 10, 31))


def test_a_known_event_announced_for_the_future_puts_publication_before_it(tmp_path):
    row, evidence, _ = dated(tmp_path, "रूस की टीम बीजिंग शीतकालीन ओलंपिक में हिस्सा लेगी। 2019 में टीम ने अभ्यास शुरू किया था।")
    assert (row["earliest"], row["latest"]) == (dt.date(2019, 1, 1), dt.date(2022, 2, 3))
    assert evidence["rule"].str.contains("future clause: published before it").any()


def test_a_generic_series_mention_is_named_by_a_year_of_its_sentence(tmp_path):
    _, _, stage = dated(tmp_path, "2019 में एससीओ शिखर सम्मेलन हुआ था।")
    (mention,) = stage.mentions.to_dict("records")
    assert (mention["how"], mention["event"]) == ("series", "sco_summit_2019_bishkek")


def test_a_video_call_of_two_named_leaders_on_a_weekday_pins_the_day(tmp_path):
    # the URL gives December 2021; of the Putin-Xi calls in events.yml only one falls on a Wednesday then
    row, evidence, _ = dated(tmp_path, "शी जिनपिंग ने बुधवार को व्लादिमीर पुतिन से वीडियो कॉल पर बात की।", url="https://example.com/2021/12/story")
    assert (row["reported"], row["earliest"], row["latest"]) == (dt.date(2021, 12, 15), dt.date(2021, 12, 15), dt.date(2021, 12, 21))
    assert evidence["event"].str.contains("15 December 2021").any()


def test_a_kind_word_needs_both_sides_named(tmp_path):
    row, _, stage = dated(tmp_path, "शी जिनपिंग ने बुधवार को वीडियो कॉल पर बात की।", url="https://example.com/2021/12/story")
    assert stage.mentions.empty and row["reported"] is None


def test_a_weekday_is_not_dated_by_a_recalled_date_of_another_sentence(tmp_path):
    # 15 November 2023 was a Wednesday, but it is recalled in another sentence: it does not date "बुधवार"
    text = "मंत्री ने बुधवार को बयान दिया। 15 नवंबर 2023 को दोनों देशों में समझौता हुआ था।"
    row, evidence, _ = dated(tmp_path, text)
    assert row["reported"] is None and row["earliest"] == dt.date(2023, 11, 15)
    assert evidence["rule"].str.contains("nothing in its sentence").any()


def test_today_as_the_nth_day_of_a_visit_moves_the_estimate(tmp_path):
    text = "प्रधानमंत्री 14 जून 2024 को तीन दिन की यात्रा पर टोक्यो पहुंचे। आज उनकी यात्रा का तीसरा दिन है।"
    row, evidence, _ = dated(tmp_path, text)
    assert (row["estimate"], row["earliest"], row["latest"]) == (dt.date(2024, 6, 16),) * 3
    assert evidence["rule"].str.contains("today is day 3").any()


def test_a_presupposing_postposition_takes_the_event_as_begun_whatever_the_tense(tmp_path):
    row, evidence, _ = dated(tmp_path, "कई देश राजनयिक बहिष्कार के तहत अपने मंत्री नहीं भेजेंगे।")
    assert row["earliest"] == dt.date(2021, 12, 6)
    assert evidence["rule"].str.contains("taken as begun").any()


# --- metadata hints ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, day",
    [
        ("https://example.com/world/2024-05-15/putin-xi", "2024-05-15"),
        ("https://example.com/2024/05/15/putin-xi.html", "2024-05-15"),
        ("https://example.com/news/20210628-putin-xi", "2021-06-28"),
        ("https://example.com/world/russia-china-na20210628123456", "2021-06-28"),
    ],
)
def test_url_dates_are_read(url, day):
    (hint,) = url_hints("A100", url, TODAY)
    assert (hint.source, hint.earliest.isoformat(), hint.latest.isoformat()) == ("url", day, day)


@pytest.mark.parametrize("url", ["https://example.com/story/57636445", "https://example.com/2024-13-45/x", "https://example.com/2027-01-01/future"])
def test_numbers_that_are_no_date_or_in_the_future_give_no_url_hint(url):
    assert url_hints("A100", url, TODAY) == []


def test_a_month_folder_gives_the_month():
    (hint,) = url_hints("A100", "https://example.com/2023/11/putin-zhang", TODAY)
    assert (hint.earliest, hint.latest) == (dt.date(2023, 11, 1), dt.date(2023, 11, 30))


@pytest.mark.parametrize(
    "line, source, earliest, latest",
    [
        ("प्रकाशित: 15 मई 2024", "published line", "2024-05-15", "2024-05-15"),
        ("Published on May 15, 2024 10:30 AM IST", "published line", "2024-05-15", "2024-05-15"),
        ("Updated on: 16 May 2024", "updated line", None, "2024-05-16"),
        ("मई 15, 2024 को प्रकाशित रिपोर्ट के अनुसार", None, None, None),  # a date that a label does not open
    ],
)
def test_published_and_updated_lines(line, source, earliest, latest):
    hint = line_hint("A100", line, "A100.s001", TIME_WORDS)
    if source is None:
        assert hint is None
    else:
        assert (hint.source, hint.earliest and hint.earliest.isoformat(), hint.latest.isoformat()) == (source, earliest, latest)


def test_a_url_hint_dates_the_article_and_ranks_below_articles_csv(tmp_path):
    text = "रूस और चीन के मंत्रियों ने बुधवार को मुलाकात की।"
    row, evidence, _ = dated(tmp_path, text, url="https://example.com/2024-05-15/story")
    assert (row["source"], row["earliest"], row["latest"]) == ("url", dt.date(2024, 5, 15), dt.date(2024, 5, 15))
    assert "from the url" in row["shown"]
    row, evidence, _ = dated(tmp_path / "given", text, published="2024-05-20", precision="day", url="https://example.com/2024-05-15/story")
    assert (row["source"], row["estimate"]) == ("metadata", dt.date(2024, 5, 20))
    assert evidence["rule"].str.contains("not used: articles.csv gives the day").any()


def test_a_published_line_removed_by_cleaning_is_read_and_outranks_the_url(tmp_path):
    text = "रूस और चीन के मंत्रियों ने बुधवार को मुलाकात की।\nPublished on May 16, 2024\n"
    row, evidence, _ = dated(tmp_path, text, url="https://example.com/2024-05-15/story")
    assert (row["source"], row["earliest"]) == ("published line", dt.date(2024, 5, 16))
    rejected = evidence[~evidence["applied"]]
    assert rejected["rule"].str.contains("the URL gives 2024-05-15").any()


# --- time words ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["सरकार किसी हाल में पीछे नहीं हटेगी", "हमें हर हाल में यह काम करना है", "कारखाने के कल-पुर्जे आयात होते हैं"])
def test_idioms_are_not_time_expressions(text):
    assert find_time_expressions(text, TIME_WORDS) == []


def test_a_day_range_is_an_interval():
    (expr,) = find_time_expressions("वे 16-17 मई 2024 को बीजिंग में रहेंगे", TIME_WORDS)
    first, last, precision = absolute_interval(expr)
    assert (first, last, value_of(first, last, precision)) == (dt.date(2024, 5, 16), dt.date(2024, 5, 17), "2024-05-16/2024-05-17")
    (expr,) = find_time_expressions("वे 16 से 17 मई तक बीजिंग में रहेंगे", TIME_WORDS)
    assert resolve(expr, dt.date(2024, 5, 1), "future")[:2] == (dt.date(2024, 5, 16), dt.date(2024, 5, 17))


@pytest.mark.parametrize("text, year", [("वे 2030 शीतकालीन ओलंपिक की तैयारी कर रहे हैं", 2030), ("विश्व कप 2026 में टीम खेलेगी", 2026)])
def test_a_year_that_modifies_an_event_noun_is_read(text, year):
    (expr,) = find_time_expressions(text, TIME_WORDS)
    assert (expr["kind"], expr["year"], expr["text"]) == ("year", year, str(year))


def test_a_count_before_a_noun_is_no_year():
    assert find_time_expressions("सीमा पर 2000 सैनिक और 1500 टैंक तैनात हैं", TIME_WORDS) == []


@pytest.mark.parametrize("text", ["वह अगले साल चीन जाने की योजना बना रहे हैं", "वे जल्द भारत आने वाले हैं", "मंत्री बैठक में भाग लेने का इरादा रखते हैं"])
def test_an_infinitive_with_a_prospective_word_is_future(text):
    assert clause_tense(sentence_words(text), TIME_WORDS) == "future"


# --- the events codebook --------------------------------------------------------------------------

GOOD_EVENT = {
    "id": "test_event_2020",
    "date": "2020-05-04",
    "precision": "day",
    "kind": "meeting",
    "name_en": "A test event",
    "name_hi": "परीक्षण कार्यक्रम",
    "aliases": ["परीक्षण कार्यक्रम"],
    "participants": ["putin"],
    "source": "https://example.com",
}


def write_events(tmp_path, *entries, series=()):
    """An events.yml holding the given event entries."""
    import yaml

    path = tmp_path / "events.yml"
    path.write_text(yaml.safe_dump({"series": list(series) or [{"id": "s", "name_en": "S", "name_hi": "एस", "aliases": ["एस"]}], "events": list(entries)}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        ({"date": "2020-02-30"}, "date '2020-02-30' is not a calendar date"),
        ({"date": "2020-05"}, "date '2020-05' does not have the precision 'day'"),
        ({"date": "4 May 2020"}, "date '4 May 2020'"),
        ({"end": "2020-05-01"}, "end '2020-05-01' is before date '2020-05-04'"),
        ({"participants": ["putin", "modi"]}, "participant 'modi' is not an actor id"),
        ({"series": "brics"}, "series 'brics' is not the id of a series"),
        ({"kind": "concert"}, "kind 'concert'"),
    ],
)
def test_events_codebook_errors_name_the_entry_and_the_problem(tmp_path, change, message):
    with pytest.raises(CodebookError) as error:
        load_events(write_events(tmp_path, {**GOOD_EVENT, **change}), {"putin"})
    assert "test_event_2020" in str(error.value) and message in str(error.value)


def test_duplicate_ids_and_shared_aliases_are_errors(tmp_path):
    with pytest.raises(CodebookError, match="duplicate id 'test_event_2020'"):
        load_events(write_events(tmp_path, GOOD_EVENT, GOOD_EVENT), {"putin"})
    with pytest.raises(CodebookError, match="alias 'परीक्षण कार्यक्रम' is also an alias of 'test_event_2020'"):
        load_events(write_events(tmp_path, GOOD_EVENT, {**GOOD_EVENT, "id": "other_2021", "date": "2021-01-01"}), {"putin"})


def test_the_events_codebook_loads_with_its_kinds_and_series():
    assert len(EVENTS.events) >= 150 and {"call", "meeting", "summit"} <= set(EVENTS.kind_cues)
    assert {event.series for event in EVENTS.events} - {""} <= {series.id for series in EVENTS.series}


def test_check_validates_events_and_warns_of_aliases_that_match_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    assert main(["check", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"events.yml: {len(EVENTS.events)} events" in out and "warning: events.yml:" in out
    assert "putin_visit_china_2004: पुतिन की 2004 की चीन यात्रा" in out
    unmatched = unmatched_aliases(EVENTS, TIME_WORDS, load_corpus(data).sentences)
    assert "2022 शीतकालीन ओलंपिक" not in unmatched["beijing_winter_olympics_2022"]  # it is in A001
    assert "बीजिंग विंटर ओलंपिक" in unmatched["beijing_winter_olympics_2022"]
    events = (data / "codebook" / "events.yml").read_text(encoding="utf-8").replace('date: "2021-12-15"', 'date: "2021-12-32"', 1)
    (data / "codebook" / "events.yml").write_text(events, encoding="utf-8")
    assert main(["check", "--data", str(data)]) == 1
    assert "is not a calendar date" in capsys.readouterr().err


def test_add_prints_the_publication_date_it_would_infer(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    source = tmp_path / "new.txt"
    source.write_text("रूस और चीन की बातचीत\n\nरूसी विदेश मंत्री ने पिछले महीने कज़ान ब्रिक्स शिखर सम्मेलन में भाग लिया था और चीन के साथ सहयोग पर बात की।\n", encoding="utf-8")
    assert main(["add", str(source), "--data", str(data), "--title", "t"]) == 0
    out = capsys.readouterr().out
    assert "the build would infer: 2024-11-01 to 2024-11-30 (inferred, medium)" in out
    assert "Kazan" in out and "published_source fields of A005" in out
    assert pd.read_csv(data / "articles.csv", dtype=str, keep_default_na=False).set_index("id").loc["A005", "published"] == ""
