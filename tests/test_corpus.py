"""The corpus stage on the fixture articles: loading, cleaning, sentence splitting, validation."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURE_IDS as ARTICLE_IDS
from rcreport.cleaning import clean_lines, split_line
from rcreport.corpus import CorpusError, load_corpus, read_article_text

pytestmark = pytest.mark.unit


def removed_reasons(corpus, article_id):
    """Line number -> reason for the lines cleaning removed from one article."""
    rows = corpus.removed[corpus.removed["article_id"] == article_id]
    return dict(zip(rows["line_no"], rows["reason"]))


def test_every_article_loads(corpus):
    assert corpus.articles["id"].tolist() == ARTICLE_IDS
    assert (corpus.articles["status"] == "included").all(), corpus.articles["reason"].tolist()
    counts = corpus.sentences.groupby("article_id").size()
    assert (counts.reindex(ARTICLE_IDS) >= 15).all(), counts


def test_comment_forms_are_removed_and_recorded(corpus):
    for article_id in ("A001", "A003"):
        reasons = removed_reasons(corpus, article_id)
        assert "comment form" in reasons.values()
        assert not corpus.sentences["text"].str.contains("Leave a Reply|email address", regex=True).any()


def test_repeated_headline_and_captions_are_removed(corpus):
    assert removed_reasons(corpus, "A001")[3] == "repeated line (same as line 1)"
    captions = removed_reasons(corpus, "A003")
    assert captions[11] == "repeated line (same as line 9)"
    assert captions[18] == "repeated line (same as line 16)"
    a003 = corpus.sentences[corpus.sentences["article_id"] == "A003"]["text"]
    assert (a003 == "इसके बाद दोनों लीडर्स ने डिनर किया।").sum() == 1


def test_sidebar_and_related_link_are_removed(corpus):
    sidebar = removed_reasons(corpus, "A003")
    assert sidebar[40] == sidebar[42] == "sidebar date line"
    assert sidebar[39].startswith("sidebar headline")
    assert not corpus.sentences["text"].str.contains("रूपर्ट मर्डोक|March 21").any()
    assert removed_reasons(corpus, "A004")[7] == "related-article link"
    assert not corpus.sentences["text"].str.contains("यह भी पढ़ें").any()


def test_no_line_is_lost(corpus, data_copy):
    """Every non-blank original line is either kept in the clean text or recorded as removed."""
    for article in corpus.articles.itertuples():
        text = read_article_text(data_copy / "articles" / article.file)
        original = {n + 1: line.strip() for n, line in enumerate(text.splitlines()) if line.strip()}
        kept, removed = clean_lines(text)
        kept_numbers = {n for n, _ in kept}
        removed_numbers = {n for n, _, _ in removed}
        assert not kept_numbers & removed_numbers
        assert kept_numbers | removed_numbers == set(original)
        assert corpus.clean_texts[article.id] == "\n".join(original[n] for n in sorted(kept_numbers))


def test_sentences_cover_the_clean_text(corpus):
    """Sentence offsets point into the clean text, and the sentences together are all of it."""
    for article_id, sentences in corpus.sentences.groupby("article_id"):
        clean = corpus.clean_texts[article_id]
        for row in sentences.itertuples():
            assert clean[row.start : row.end] == row.text
        joined = "".join(sentences["text"])
        assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", clean)


def test_sentence_ids_are_stable_and_unique(corpus, data_copy):
    again = load_corpus(data_copy)
    assert again.sentences.equals(corpus.sentences)
    assert corpus.sentences["sentence_id"].is_unique
    assert corpus.sentences["sentence_id"].str.fullmatch(r"A\d{3}\.s\d{3}").all()
    assert corpus.sentences.iloc[0]["sentence_id"] == "A000.s001"


@pytest.mark.parametrize(
    "line, expected",
    [
        ("पुतिन ने कहा। शी ने सुना।", ["पुतिन ने कहा।", "शी ने सुना।"]),
        ("बैठक साढ़े 4.5 घंटे चली. फिर डिनर हुआ.", ["बैठक साढ़े 4.5 घंटे चली.", "फिर डिनर हुआ."]),
        ("उन्होंने कहा, “हम तैयार हैं। हम साथ हैं।” फिर बैठक हुई।", ["उन्होंने कहा, “हम तैयार हैं। हम साथ हैं।”", "फिर बैठक हुई।"]),
        ("क्या यह सच है? हाँ!", ["क्या यह सच है?", "हाँ!"]),
        ("टिप्पणी की।रूसी नेता ने कहा", ["टिप्पणी की।", "रूसी नेता ने कहा"]),
        ("खुला “उद्धरण। जो बंद नहीं हुआ।", ["खुला “उद्धरण।", "जो बंद नहीं हुआ।"]),
    ],
)
def test_sentence_splitting(line, expected):
    assert [line[a:b] for a, b in split_line(line)] == expected


def test_unknown_column_is_an_error(data_copy):
    csv = data_copy / "articles.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",notes\n", ",notes,author\n", 1), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"articles\.csv, line 1: unknown column 'author'"):
        load_corpus(data_copy)


def test_duplicate_id_is_an_error(data_copy):
    csv = data_copy / "articles.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("A001,", "A000,", 1), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"lines 2 and 3, field 'id': 'A000' appears twice"):
        load_corpus(data_copy)


def excluded_reason(data_dir, article_id):
    """Load the corpus and return the reason an article was excluded."""
    articles = load_corpus(data_dir).articles.set_index("id")
    assert articles.loc[article_id, "status"] == "excluded"
    return articles.loc[article_id, "reason"]


def test_missing_file_is_reported(data_copy):
    (data_copy / "articles" / "002_3acf72c0f9a23c90.txt").unlink()
    assert re.search(r"002_3acf72c0f9a23c90\.txt: file not found", excluded_reason(data_copy, "A002"))


def test_non_utf8_file_is_reported(data_copy):
    path = data_copy / "articles" / "004_e36f741950eafefb.txt"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert re.search(r"004_e36f741950eafefb\.txt, line 1: not UTF-8", excluded_reason(data_copy, "A004"))


def test_empty_file_is_reported(data_copy):
    (data_copy / "articles" / "000_2488b0a73f6a4f0e.txt").write_text(" \n\n\t\n", encoding="utf-8")
    assert "000_2488b0a73f6a4f0e.txt: empty text" in excluded_reason(data_copy, "A000")


def test_malformed_date_is_reported(data_copy):
    csv = data_copy / "articles.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8").replace(
            'A003,003_d2bad25866a74281.txt,"जिनपिंग से बोले पुतिन- वेलकम, डियर फ्रेंड",,,,,', 'A003,003_d2bad25866a74281.txt,"जिनपिंग से बोले पुतिन- वेलकम, डियर फ्रेंड",,,2023-13-40,day,', 1
        ),
        encoding="utf-8",
    )
    assert "line 5, field 'published': '2023-13-40' is not a date" in excluded_reason(data_copy, "A003")


def test_excluded_article_keeps_the_others(data_copy):
    (data_copy / "articles" / "002_3acf72c0f9a23c90.txt").unlink()
    corpus = load_corpus(data_copy)
    assert corpus.included["id"].tolist() == [article_id for article_id in ARTICLE_IDS if article_id != "A002"]
    assert "A002" not in set(corpus.sentences["article_id"])


def test_agency_credits_and_teasers_are_cut_and_reported():
    """Wire credits in brackets and links to the rest of a story are no sentences; what is cut is listed with its line."""
    text = "नयी दिल्ली, 16 मई (भाषा) रूस ने चीन की सराहना की।\nपुतिन ने कहा कि संबंध मजबूत हैं। (पीटीआई-भाषा)\nशी ने पुतिन से मुलाकात की... आगे पढ़ें\nआगे पढ़ें\n12 लेख"
    kept, removed = clean_lines(text)
    assert kept == [(1, "नयी दिल्ली, 16 मई रूस ने चीन की सराहना की।"), (2, "पुतिन ने कहा कि संबंध मजबूत हैं।"), (3, "शी ने पुतिन से मुलाकात की")]
    assert removed == [
        (1, "(भाषा)", "agency credit line"),
        (2, "(पीटीआई-भाषा)", "agency credit line"),
        (3, "... आगे पढ़ें", "teaser link"),
        (4, "आगे पढ़ें", "teaser link"),
        (5, "12 लेख", "teaser link"),
    ]
