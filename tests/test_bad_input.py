"""Bad input: every kind of broken, duplicate, foreign or hostile article gets a message or a reported exclusion.

Each test builds its bad input in a temporary copy of the fixture corpus; the
fixture is checked byte for byte after every test. New articles take the id
the library gives them (``next_article_id``). Cases already covered
in test_corpus.py (missing file, non-UTF-8, whitespace-only file, malformed
date, duplicate id) are not repeated here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURE_CODEBOOK, FIXTURE_DATA, listed_ids
from rcreport.cli import main as rcreport
from rcreport.corpus import MAX_ARTICLE_BYTES, NEAR_DUPLICATE_CONTAINMENT, DuplicateIndex, article_file_name, article_overview, load_corpus, next_article_id, word_shingles
from rcreport.nlp import annotate_corpus, bundled_models, write_tokens
from rcreport.relevance import relevance_table

pytestmark = pytest.mark.unit

CRICKET = """भारत ने तीसरे टेस्ट मैच में ऑस्ट्रेलिया को पांच विकेट से हराया।
मुंबई के वानखेड़े स्टेडियम में खेले गए इस मैच में कप्तान ने शानदार शतक लगाया।
पहली पारी में ऑस्ट्रेलिया की टीम 250 रन पर सिमट गई। तेज गेंदबाज ने चार विकेट लिए और दर्शकों ने तालियां बजाईं।
दूसरी पारी में भारतीय बल्लेबाजों ने संभलकर खेलते हुए लक्ष्य हासिल किया।
मैच के बाद कप्तान ने कहा कि टीम का प्रदर्शन बहुत अच्छा रहा।
उन्होंने युवा खिलाड़ियों की तारीफ की और कहा कि अगली सीरीज की तैयारी अभी से शुरू होगी।
इस जीत के साथ भारत ने सीरीज में 2-1 की बढ़त बना ली है। चौथा और अंतिम टेस्ट अगले सप्ताह अहमदाबाद में खेला जाएगा।
क्रिकेट प्रशंसकों को उम्मीद है कि टीम यह सीरीज जीत लेगी।
"""

ENGLISH = """Russia and China pledge closer ties
Russian President Vladimir Putin and Chinese President Xi Jinping met in Moscow on Tuesday.
The two leaders signed agreements on energy, trade and military cooperation.
Western governments criticised the meeting, saying it strengthened Moscow during the war in Ukraine.
"""

URDU = """روس اور چین کے تعلقات مزید مضبوط
روس کے صدر ولادیمیر پوتن اور چین کے صدر شی جن پنگ نے ماسکو میں ملاقات کی۔
دونوں رہنماؤں نے توانائی، تجارت اور فوجی تعاون کے معاہدوں پر دستخط کیے۔
مغربی حکومتوں نے اس ملاقات پر تنقید کی۔
"""


def tree_digest(directory: Path) -> dict[str, str]:
    """sha256 of every file under a directory, by relative path."""
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(directory.rglob("*")) if path.is_file()}


@pytest.fixture(autouse=True)
def fixture_untouched():
    """Every test here leaves the fixture corpus, the source of every copy, byte for byte as it found it."""
    before = tree_digest(FIXTURE_DATA)
    yield
    assert tree_digest(FIXTURE_DATA) == before


def new_id(data_dir: Path) -> str:
    """The id the library gives the next article of a data directory."""
    return next_article_id(listed_ids(data_dir))


def new_row_line(data_dir: Path) -> int:
    """The line of articles.csv the next row will be on (the header is line 1)."""
    return len(listed_ids(data_dir)) + 2


def add_row(data_dir: Path, article_id: str, file_name: str, text: str | bytes, extra: str = ",,,,,,,hi,") -> None:
    """Write an article file and append its metadata row (a test helper, not the add command)."""
    path = data_dir / "articles" / file_name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with open(data_dir / "articles.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{article_id},{file_name}{extra}\n")


def status(data_dir: Path, article_id: str) -> tuple[str, str]:
    """Load the corpus and return an article's status and reason."""
    articles = load_corpus(data_dir).articles.set_index("id")
    return articles.loc[article_id, "status"], articles.loc[article_id, "reason"]


def article_text(article_id: str) -> str:
    """The raw text of a fixture article."""
    articles = pd.read_csv(FIXTURE_DATA / "articles.csv", dtype=str).set_index("id")
    return (FIXTURE_DATA / "articles" / articles.loc[article_id, "file"]).read_text(encoding="utf-8")


# --- empty, duplicate, foreign, oversized ----------------------------------------


def test_text_without_letters_is_reported(data_copy):
    new = new_id(data_copy)
    add_row(data_copy, new, "punct.txt", "...\n— 2023 —\n\n")
    assert status(data_copy, new) == ("excluded", f"{data_copy / 'articles' / 'punct.txt'}: no letters at all; the file holds no text")


def test_exact_duplicate_is_excluded_naming_the_original(data_copy):
    new = new_id(data_copy)
    add_row(data_copy, new, "copy.txt", article_text("A002"))
    state, reason = status(data_copy, new)
    assert state == "excluded" and "copy.txt: exact duplicate of A002" in reason
    assert status(data_copy, "A002") == ("included", "")


def test_same_text_with_other_page_furniture_is_an_exact_duplicate(data_copy):
    new = new_id(data_copy)
    text = "यह भी पढ़ें: पुतिन का चीन दौरा\n" + article_text("A004") + "\nLeave a Reply\nYour email address will not be published.\n"
    add_row(data_copy, new, "other_site.txt", text)
    assert "exact duplicate of A004" in status(data_copy, new)[1]


def test_near_duplicate_is_excluded_with_its_overlap(data_copy):
    """The same agency story on another site: new headline, one paragraph cut, a few words changed."""
    new = new_id(data_copy)
    lines = article_text("A000").splitlines()
    edited = ["पुतिन ने चीन के साथ रक्षा सहयोग बढ़ाने पर जोर दिया", *lines[1:9], *lines[11:]]
    edited = [line.replace("बुधवार", "मंगलवार").replace("मॉस्को।", "नई दिल्ली।") for line in edited]
    add_row(data_copy, new, "agency.txt", "\n".join(edited))
    state, reason = status(data_copy, new)
    assert state == "excluded"
    share = int(re.search(r"near-duplicate of A000: (\d+)% of the shorter text's 5-word sequences", reason).group(1))
    assert 50 <= share < 100, reason


def test_near_duplicates_are_found_exactly_among_articles_that_share_many_sentences(corpus):
    """A corpus whose articles all reuse the same sentences (as bench/generate.py makes them): the index's shares are the exact
    containment of the shingle sets, so the near-duplicate found (and its share) is the one a pairwise comparison finds."""
    pool = corpus.sentences["text"].tolist()
    texts = {f"A{number:03d}": "\n".join(pool[(7 * number) % 97 : (7 * number) % 97 + 20 + number % 9]) for number in range(40)}
    index, accepted = DuplicateIndex(), {}
    for article_id, text in texts.items():
        shingles = word_shingles(text)
        shares = {other: len(shingles & word_shingles(kept)) / min(len(shingles), len(word_shingles(kept))) for other, kept in accepted.items()}
        best = max(sorted(shares), key=lambda other: shares[other], default=None)
        problem = index.problem(text)
        if best is not None and shares[best] >= NEAR_DUPLICATE_CONTAINMENT:
            assert problem is not None and problem.startswith(f"near-duplicate of {best}: {shares[best]:.0%}"), (article_id, problem, shares[best])
        else:
            assert problem is None, (article_id, problem)
            index.add(article_id, text)
            accepted[article_id] = text
    assert 3 < len(accepted) < len(texts), "the constructed corpus has both near-duplicates and distinct articles"


def test_the_lower_id_is_kept_whatever_the_row_order(data_copy):
    csv = data_copy / "articles.csv"
    header, *rows = csv.read_text(encoding="utf-8").splitlines()
    ids = listed_ids(data_copy)
    higher = next_article_id(ids)  # a copy with a higher id, listed first
    (data_copy / "articles" / "copy.txt").write_text(article_text("A003"), encoding="utf-8")
    csv.write_text("\n".join([header, f"{higher},copy.txt,,,,,,,hi,", *rows]) + "\n", encoding="utf-8")
    corpus = load_corpus(data_copy)
    assert corpus.articles["id"].tolist()[:2] == [higher, ids[0]], "the table keeps the row order"
    assert corpus.included["id"].tolist() == ids
    assert "exact duplicate of A003" in corpus.articles.set_index("id").loc[higher, "reason"]


def test_distinct_real_articles_are_not_near_duplicates(corpus):
    """The seed articles all cover the same relationship, some the same summit; none is flagged."""
    assert (corpus.articles["status"] == "included").all()


@pytest.mark.parametrize("text, script", [(ENGLISH, "LATIN"), (URDU, "ARABIC")])
def test_text_that_is_not_hindi_is_excluded(data_copy, text, script):
    new = new_id(data_copy)
    add_row(data_copy, new, "foreign.txt", text)
    state, reason = status(data_copy, new)
    assert state == "excluded"
    assert re.search(rf"foreign\.txt: not Hindi: 0% of its letters are Devanagari \(at least 50% needed\), most are {script}", reason)


def test_hindi_with_english_passages_is_kept(corpus):
    """A001 opens with an English headline and ends with an English comment form: still Hindi."""
    assert corpus.articles.set_index("id").loc["A001", "status"] == "included"


def test_very_large_file_is_excluded_with_the_limit(data_copy):
    new = new_id(data_copy)
    text = article_text("A000")
    add_row(data_copy, new, "dump.txt", text * (MAX_ARTICLE_BYTES // len(text.encode()) + 1))
    state, reason = status(data_copy, new)
    assert state == "excluded"
    assert re.search(r"dump\.txt: 2\.\d MiB, over the 2 MiB limit for one article", reason)


def test_future_date_is_reported(data_copy):
    new, line = new_id(data_copy), new_row_line(data_copy)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    add_row(data_copy, new, "cricket.txt", CRICKET, extra=f",,,,{tomorrow:%Y-%m-%d},day,,hi,")
    assert status(data_copy, new) == ("excluded", f"{data_copy / 'articles.csv'}, line {line}, field 'published': {tomorrow:%Y-%m-%d} is in the future")


def test_the_corpus_table_gives_every_exclusion_its_reason(data_copy):
    new = new_id(data_copy)
    add_row(data_copy, new, "blank.txt", "  \n\t\n")
    overview = article_overview(load_corpus(data_copy)).set_index("id")
    assert overview.loc[new, "status"] == "excluded" and "empty" in overview.loc[new, "reason"]
    assert (overview.drop(index=new)["status"] == "included").all() and (overview.drop(index=new)["reason"] == "").all()


def test_check_reports_every_exclusion(data_copy, capsys):
    new = new_id(data_copy)
    second = next_article_id([*listed_ids(data_copy), new])
    add_row(data_copy, new, "copy.txt", article_text("A002"))
    add_row(data_copy, second, "english.txt", ENGLISH)
    assert rcreport(["check", "--data", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("checks: metadata")
    assert re.search(rf"^{new}  excluded  .*exact duplicate of A002", out, re.M)
    assert re.search(rf"^{second}  excluded  .*not Hindi", out, re.M)
    assert out.rstrip().endswith(f"{len(listed_ids(FIXTURE_DATA)) + 2} articles, 2 excluded")


# --- the add command -----------------------------------------------------------


def test_add_copies_the_file_and_appends_a_row(data_copy, tmp_path, capsys):
    new = new_id(data_copy)
    source = tmp_path / "cricket.txt"
    source.write_text(CRICKET, encoding="utf-8")
    table_before = (data_copy / "articles.csv").read_bytes()
    files_before = tree_digest(data_copy / "articles")
    title = 'भारत की जीत, "शानदार" शतक'
    assert rcreport(["add", str(source), "--title", title, "--outlet", "Test", "--published", "2024-03", "--data", str(data_copy)]) == 0
    assert f"added {new}:" in capsys.readouterr().out
    table = (data_copy / "articles.csv").read_bytes()
    assert table.startswith(table_before)
    name = article_file_name(new, CRICKET.encode())
    expected_row = f'{new},{name},"भारत की जीत, ""शानदार"" शतक",Test,,2024-03,month,,hi,\n'
    assert table[len(table_before) :].decode("utf-8") == expected_row
    assert tree_digest(data_copy / "articles") == {**files_before, name: hashlib.sha256(CRICKET.encode()).hexdigest()}
    assert status(data_copy, new) == ("included", "")


def test_add_registers_a_file_already_in_place(data_copy):
    new = new_id(data_copy)
    (data_copy / "articles" / "cricket.txt").write_text(CRICKET, encoding="utf-8")
    assert rcreport(["add", str(data_copy / "articles" / "cricket.txt"), "--data", str(data_copy)]) == 0
    articles = load_corpus(data_copy).articles.set_index("id")
    assert articles.loc[new, "file"] == "cricket.txt" and articles.loc[new, "status"] == "included"
    assert rcreport(["add", str(data_copy / "articles" / "cricket.txt"), "--data", str(data_copy)]) == 1


def test_add_keeps_a_table_without_final_line_break(data_copy, tmp_path):
    new = new_id(data_copy)
    csv = data_copy / "articles.csv"
    csv.write_bytes(csv.read_bytes().rstrip(b"\n"))
    before = csv.read_bytes()
    source = tmp_path / "cricket.txt"
    source.write_text(CRICKET, encoding="utf-8")
    assert rcreport(["add", str(source), "--data", str(data_copy)]) == 0
    assert csv.read_bytes().startswith(before + f"\n{new},".encode())
    assert status(data_copy, new)[0] == "included"


@pytest.mark.parametrize(
    "content, options, message",
    [
        (CRICKET.encode("utf-16"), [], r"cricket\.txt, line 1: not UTF-8"),
        (b" \n\t\n", [], r"cricket\.txt: empty text"),
        (ENGLISH.encode(), [], r"not Hindi: 0% of its letters are Devanagari"),
        (URDU.encode(), [], r"most are ARABIC"),
        (None, [], r"exact duplicate of A001"),
        (CRICKET.encode(), ["--published", "2023/03/20"], r"line {line}, field 'published': '2023/03/20' is not a date of precision 'day'"),
        (CRICKET.encode(), ["--published", "2999-01-01"], r"'published': 2999-01-01 is in the future"),
        (CRICKET.encode(), ["--published", "2023", "--published-precision", "week"], r"'published_precision': 'week'; use one of day, month, year"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(data_copy, tmp_path, capsys, content, options, message):
    source = tmp_path / "cricket.txt"
    source.write_bytes(content if content is not None else article_text("A001").encode())
    before = tree_digest(data_copy)
    assert rcreport(["add", str(source), *options, "--data", str(data_copy)]) == 1
    # {line}: the line of articles.csv the new row would have taken
    assert re.search(message.replace("{line}", str(new_row_line(data_copy))), capsys.readouterr().err)
    assert tree_digest(data_copy) == before


def test_add_never_overwrites_a_file(data_copy, tmp_path, capsys):
    new = new_id(data_copy)
    source = tmp_path / "cricket.txt"
    source.write_text(CRICKET, encoding="utf-8")
    squatter = data_copy / "articles" / article_file_name(new, CRICKET.encode())
    squatter.write_text("किसी और का लेख", encoding="utf-8")
    before = tree_digest(data_copy)
    assert rcreport(["add", str(source), "--data", str(data_copy)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert tree_digest(data_copy) == before


def test_add_refuses_a_broken_table(data_copy, tmp_path, capsys):
    csv = data_copy / "articles.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("A001,", "A000,", 1), encoding="utf-8")
    source = tmp_path / "cricket.txt"
    source.write_text(CRICKET, encoding="utf-8")
    before = tree_digest(data_copy)
    assert rcreport(["add", str(source), "--data", str(data_copy)]) == 1
    assert "field 'id': 'A000' appears twice" in capsys.readouterr().err
    assert tree_digest(data_copy) == before


# --- determinism -------------------------------------------------------------------


def table_bytes(table: pd.DataFrame) -> bytes:
    """A table as the CSV bytes the chapters export."""
    return table.to_csv(index=False).encode("utf-8")


def test_loading_twice_gives_byte_identical_tables(data_copy, tmp_path):
    other = Path(shutil.copytree(FIXTURE_DATA, tmp_path / "other"))
    first, second = load_corpus(data_copy), load_corpus(other)
    for name in ("articles", "sentences", "removed"):
        assert table_bytes(getattr(first, name)) == table_bytes(getattr(second, name)), name


def only(corpus, article_id):
    """The corpus reduced to one article, for annotating just that one."""
    return dataclasses.replace(corpus, articles=corpus.articles[corpus.articles["id"] == article_id])


def test_annotating_twice_gives_byte_identical_tables(corpus, tokens, pipeline, tmp_path):
    """A fresh annotation of one article writes the same bytes as the frozen annotation of it (made in another process)."""
    one = only(corpus, "A004")
    again = annotate_corpus(one, bundled_models(), tmp_path / "cache", pipeline_factory=lambda models: pipeline, progress=False)
    write_tokens(again, tmp_path / "again.csv")
    write_tokens(tokens[tokens["article_id"] == "A004"].reset_index(drop=True), tmp_path / "session.csv")
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "session.csv").read_bytes()


# --- off-topic ---------------------------------------------------------------------


def test_off_topic_hindi_article_loads_and_is_flagged_by_the_themes_stage(corpus, tokens, pipeline, data_copy, tmp_path):
    new = new_id(data_copy)
    add_row(data_copy, new, "cricket.txt", CRICKET)
    assert status(data_copy, new) == ("included", "")
    with_cricket = load_corpus(data_copy)
    cricket_tokens = annotate_corpus(only(with_cricket, new), bundled_models(), tmp_path / "cache", pipeline_factory=lambda models: pipeline, progress=False)
    all_tokens = pd.concat([tokens, cricket_tokens], ignore_index=True)
    flags = relevance_table(with_cricket, all_tokens, FIXTURE_CODEBOOK).set_index("article_id")
    assert flags.loc[new, "off_topic"] and flags.loc[new, "themed_share"] == 0
    assert not flags.drop(new)["off_topic"].any(), flags
