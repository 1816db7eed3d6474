"""Bad input: every kind of broken, duplicate, foreign or hostile article gets a message or a reported exclusion.

Each test builds its bad input in a temporary copy of the real corpus; the
real data/ is checked byte for byte after every test. Cases already covered
in test_corpus.py (missing file, non-UTF-8, whitespace-only file, malformed
date, duplicate id) are not repeated here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, copy_project

from rcreport import themes as theme_analysis
from rcreport.cli import main as rcreport
from rcreport.codebook import load_themes
from rcreport.corpus import MAX_ARTICLE_BYTES, article_file_name, article_overview, load_corpus
from rcreport.nlp import annotate_corpus, bundled_models, write_tokens

# The off-topic threshold the themes chapter runs with (parameter of notebooks/03_themes.ipynb)
OFF_TOPIC_THRESHOLD = 0.25

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

# Hostile text: HTML, script, Markdown, MyST roles, directives and math. Lines with
# Devanagari are kept as sentences; the others are removed by cleaning and listed
MARKUP = """मॉस्को में रूस और चीन के विदेश मंत्रियों की बैठक के बाद दोनों देशों ने आपसी व्यापार बढ़ाने की बात दोहराई।
बैठक में ऊर्जा, परिवहन और सीमा पर व्यापार से जुड़े कई मुद्दों पर विस्तार से चर्चा हुई।
रूस और चीन की <b>साझेदारी</b> पर <script>alert("xss-kept")</script> नई बहस शुरू हुई।
<script>alert("xss-removed")</script>
विशेषज्ञों ने कहा कि **व्यापार** और _ऊर्जा_ पर [समझौता](javascript:alert(1)) अहम है।
```{raw} html
<img src=x onerror=alert("xss-img")>
```
पुतिन ने {cite}`x` और {ref}`article-A000` जैसे संदर्भ नहीं दिए, पर $$x^2$$ जैसी बातें भी नहीं कीं।
$$
शी जिनपिंग ने कहा: ```{raw} html <script>alert("xss-fence")</script>``` यह सहयोग जारी रहेगा।
"""
HOSTILE_TITLE = 'रूस-चीन <script>alert("xss-title")</script> {cite}`x`'


def tree_digest(directory: Path) -> dict[str, str]:
    """sha256 of every file under a directory, by relative path."""
    return {str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(directory.rglob("*")) if path.is_file()}


@pytest.fixture(autouse=True)
def real_data_untouched():
    """Every test here leaves the real data/ byte for byte as it found it."""
    before = tree_digest(ROOT / "data")
    yield
    assert tree_digest(ROOT / "data") == before


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
    """The raw text of a real article."""
    articles = pd.read_csv(ROOT / "data" / "articles.csv", dtype=str).set_index("id")
    return (ROOT / "data" / "articles" / articles.loc[article_id, "file"]).read_text(encoding="utf-8")


# --- empty, duplicate, foreign, oversized ----------------------------------------


def test_text_without_letters_is_reported(data_copy):
    add_row(data_copy, "A005", "005_punct.txt", "...\n— 2023 —\n\n")
    assert status(data_copy, "A005") == ("excluded", f"{data_copy / 'articles' / '005_punct.txt'}: no letters at all; the file holds no text")


def test_exact_duplicate_is_excluded_naming_the_original(data_copy):
    add_row(data_copy, "A005", "005_copy.txt", article_text("A002"))
    state, reason = status(data_copy, "A005")
    assert state == "excluded" and "005_copy.txt: exact duplicate of A002" in reason
    assert status(data_copy, "A002") == ("included", "")


def test_same_text_with_other_page_furniture_is_an_exact_duplicate(data_copy):
    text = "यह भी पढ़ें: पुतिन का चीन दौरा\n" + article_text("A004") + "\nLeave a Reply\nYour email address will not be published.\n"
    add_row(data_copy, "A005", "005_other_site.txt", text)
    assert "exact duplicate of A004" in status(data_copy, "A005")[1]


def test_near_duplicate_is_excluded_with_its_overlap(data_copy):
    """The same agency story on another site: new headline, one paragraph cut, a few words changed."""
    lines = article_text("A000").splitlines()
    edited = ["पुतिन ने चीन के साथ रक्षा सहयोग बढ़ाने पर जोर दिया", *lines[1:9], *lines[11:]]
    edited = [line.replace("बुधवार", "मंगलवार").replace("मॉस्को।", "नई दिल्ली।") for line in edited]
    add_row(data_copy, "A005", "005_agency.txt", "\n".join(edited))
    state, reason = status(data_copy, "A005")
    assert state == "excluded"
    share = int(re.search(r"near-duplicate of A000: (\d+)% of the shorter text's 5-word sequences", reason).group(1))
    assert 50 <= share < 100, reason


def test_the_lower_id_is_kept_whatever_the_row_order(data_copy):
    csv = data_copy / "articles.csv"
    header, *rows = csv.read_text(encoding="utf-8").splitlines()
    (data_copy / "articles" / "009_copy.txt").write_text(article_text("A003"), encoding="utf-8")
    csv.write_text("\n".join([header, "A009,009_copy.txt,,,,,,,hi,", *rows]) + "\n", encoding="utf-8")
    corpus = load_corpus(data_copy)
    assert corpus.articles["id"].tolist()[:2] == ["A009", "A000"], "the table keeps the row order"
    assert corpus.included["id"].tolist() == ["A000", "A001", "A002", "A003", "A004"]
    assert "exact duplicate of A003" in corpus.articles.set_index("id").loc["A009", "reason"]


def test_distinct_real_articles_are_not_near_duplicates(corpus):
    """The seed articles all cover the same relationship, some the same summit; none is flagged."""
    assert (corpus.articles["status"] == "included").all()


@pytest.mark.parametrize("text, script", [(ENGLISH, "LATIN"), (URDU, "ARABIC")])
def test_text_that_is_not_hindi_is_excluded(data_copy, text, script):
    add_row(data_copy, "A005", "005_foreign.txt", text)
    state, reason = status(data_copy, "A005")
    assert state == "excluded"
    assert re.search(rf"005_foreign\.txt: not Hindi: 0% of its letters are Devanagari \(at least 50% needed\), most are {script}", reason)


def test_hindi_with_english_passages_is_kept(corpus):
    """A001 opens with an English headline and ends with an English comment form: still Hindi."""
    assert corpus.articles.set_index("id").loc["A001", "status"] == "included"


def test_very_large_file_is_excluded_with_the_limit(data_copy):
    text = article_text("A000")
    add_row(data_copy, "A005", "005_dump.txt", text * (MAX_ARTICLE_BYTES // len(text.encode()) + 1))
    state, reason = status(data_copy, "A005")
    assert state == "excluded"
    assert re.search(r"005_dump\.txt: 2\.\d MiB, over the 2 MiB limit for one article", reason)


def test_future_date_is_reported(data_copy):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    add_row(data_copy, "A005", "005_cricket.txt", CRICKET, extra=f",,,,{tomorrow:%Y-%m-%d},day,,hi,")
    assert status(data_copy, "A005") == ("excluded", f"{data_copy / 'articles.csv'}, line 7, field 'published': {tomorrow:%Y-%m-%d} is in the future")


def test_the_corpus_table_gives_every_exclusion_its_reason(data_copy):
    add_row(data_copy, "A005", "blank.txt", "  \n\t\n")
    overview = article_overview(load_corpus(data_copy)).set_index("id")
    assert overview.loc["A005", "status"] == "excluded" and "empty" in overview.loc["A005", "reason"]
    assert (overview.drop(index="A005")["status"] == "included").all() and (overview.drop(index="A005")["reason"] == "").all()


def test_check_reports_every_exclusion(data_copy, capsys):
    add_row(data_copy, "A005", "005_copy.txt", article_text("A002"))
    add_row(data_copy, "A006", "006_english.txt", ENGLISH)
    assert rcreport(["check", "--data", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("checks: metadata")
    assert re.search(r"^A005  excluded  .*exact duplicate of A002", out, re.M)
    assert re.search(r"^A006  excluded  .*not Hindi", out, re.M)
    assert out.rstrip().endswith("7 articles, 2 excluded")


# --- the add command -----------------------------------------------------------


def test_add_copies_the_file_and_appends_a_row(data_copy, tmp_path, capsys):
    source = tmp_path / "cricket.txt"
    source.write_text(CRICKET, encoding="utf-8")
    table_before = (data_copy / "articles.csv").read_bytes()
    files_before = tree_digest(data_copy / "articles")
    title = 'भारत की जीत, "शानदार" शतक'
    assert rcreport(["add", str(source), "--title", title, "--outlet", "Test", "--published", "2024-03", "--data", str(data_copy)]) == 0
    assert "added A005" in capsys.readouterr().out
    table = (data_copy / "articles.csv").read_bytes()
    assert table.startswith(table_before)
    name = article_file_name("A005", CRICKET.encode())
    expected_row = f'A005,{name},"भारत की जीत, ""शानदार"" शतक",Test,,2024-03,month,,hi,\n'
    assert table[len(table_before) :].decode("utf-8") == expected_row
    assert tree_digest(data_copy / "articles") == {**files_before, name: hashlib.sha256(CRICKET.encode()).hexdigest()}
    assert status(data_copy, "A005") == ("included", "")


def test_add_registers_a_file_already_in_place(data_copy):
    (data_copy / "articles" / "cricket.txt").write_text(CRICKET, encoding="utf-8")
    assert rcreport(["add", str(data_copy / "articles" / "cricket.txt"), "--data", str(data_copy)]) == 0
    articles = load_corpus(data_copy).articles.set_index("id")
    assert articles.loc["A005", "file"] == "cricket.txt" and articles.loc["A005", "status"] == "included"
    assert rcreport(["add", str(data_copy / "articles" / "cricket.txt"), "--data", str(data_copy)]) == 1


def test_add_keeps_a_table_without_final_line_break(data_copy, tmp_path):
    csv = data_copy / "articles.csv"
    csv.write_bytes(csv.read_bytes().rstrip(b"\n"))
    before = csv.read_bytes()
    source = tmp_path / "cricket.txt"
    source.write_text(CRICKET, encoding="utf-8")
    assert rcreport(["add", str(source), "--data", str(data_copy)]) == 0
    assert csv.read_bytes().startswith(before + b"\nA005,")
    assert status(data_copy, "A005")[0] == "included"


@pytest.mark.parametrize(
    "content, options, message",
    [
        (CRICKET.encode("utf-16"), [], r"cricket\.txt, line 1: not UTF-8"),
        (b" \n\t\n", [], r"cricket\.txt: empty text"),
        (ENGLISH.encode(), [], r"not Hindi: 0% of its letters are Devanagari"),
        (URDU.encode(), [], r"most are ARABIC"),
        (None, [], r"exact duplicate of A001"),
        (CRICKET.encode(), ["--published", "2023/03/20"], r"line 7, field 'published': '2023/03/20' is not a date of precision 'day'"),
        (CRICKET.encode(), ["--published", "2999-01-01"], r"'published': 2999-01-01 is in the future"),
        (CRICKET.encode(), ["--published", "2023", "--published-precision", "week"], r"'published_precision': 'week'; use one of day, month, year"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(data_copy, tmp_path, capsys, content, options, message):
    source = tmp_path / "cricket.txt"
    source.write_bytes(content if content is not None else article_text("A001").encode())
    before = tree_digest(data_copy)
    assert rcreport(["add", str(source), *options, "--data", str(data_copy)]) == 1
    assert re.search(message, capsys.readouterr().err)
    assert tree_digest(data_copy) == before


def test_add_never_overwrites_a_file(data_copy, tmp_path, capsys):
    source = tmp_path / "cricket.txt"
    source.write_text(CRICKET, encoding="utf-8")
    squatter = data_copy / "articles" / article_file_name("A005", CRICKET.encode())
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
    other = Path(shutil.copytree(ROOT / "data", tmp_path / "other"))
    first, second = load_corpus(data_copy), load_corpus(other)
    for name in ("articles", "sentences", "removed"):
        assert table_bytes(getattr(first, name)) == table_bytes(getattr(second, name)), name


def only(corpus, article_id):
    """The corpus reduced to one article, for annotating just that one."""
    return dataclasses.replace(corpus, articles=corpus.articles[corpus.articles["id"] == article_id])


def test_annotating_twice_gives_byte_identical_tables(corpus, tokens, tmp_path):
    """A fresh annotation of one article writes the same bytes as the session's annotation of it."""
    one = only(corpus, "A004")
    again = annotate_corpus(one, bundled_models(), tmp_path / "cache", progress=False)
    write_tokens(again, tmp_path / "again.csv")
    write_tokens(tokens[tokens["article_id"] == "A004"].reset_index(drop=True), tmp_path / "session.csv")
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "session.csv").read_bytes()


# --- off-topic ---------------------------------------------------------------------


def test_off_topic_hindi_article_loads_and_is_flagged_by_the_themes_stage(corpus, tokens, data_copy, tmp_path):
    add_row(data_copy, "A005", "005_cricket.txt", CRICKET)
    assert status(data_copy, "A005") == ("included", "")
    with_cricket = load_corpus(data_copy)
    cricket_tokens = annotate_corpus(only(with_cricket, "A005"), bundled_models(), tmp_path / "cache", progress=False)
    sentences = with_cricket.sentences
    all_tokens = pd.concat([tokens, cricket_tokens], ignore_index=True)
    themes = load_themes(ROOT / "data" / "codebook" / "themes.yml")
    assignments = theme_analysis.sentence_themes(theme_analysis.theme_matches(themes, all_tokens, sentences))
    flags = theme_analysis.off_topic_articles(assignments, sentences, OFF_TOPIC_THRESHOLD).set_index("article_id")
    assert flags.loc["A005", "off_topic"] and flags.loc["A005", "themed_share"] == 0
    assert not flags.drop("A005")["off_topic"].any(), flags


# --- markup in article text never reaches the HTML as markup ------------------------


@pytest.fixture(scope="module")
def markup_book(tmp_path_factory):
    """A copy of the project with a hostile article added by `rcreport add`, built with the real command line."""
    root = copy_project(tmp_path_factory.mktemp("markup"))
    source = root / "hostile.txt"
    source.write_text(MARKUP, encoding="utf-8")
    command = [sys.executable, "-m", "rcreport.cli"]
    added = subprocess.run([*command, "add", str(source), "--title", HOSTILE_TITLE, "--data", str(root / "data")], capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    built = subprocess.run([*command, "build", "--root", str(root)], capture_output=True, text=True)
    assert built.returncode == 0, f"build failed:\n{built.stdout[-4000:]}\n{built.stderr[-4000:]}"
    return root / "_build" / "html"


def all_html(html_dir: Path) -> dict[str, str]:
    """Every built page's HTML by relative path."""
    return {str(path.relative_to(html_dir)): path.read_text(encoding="utf-8") for path in html_dir.rglob("*.html")}


def test_markup_in_article_text_is_shown_as_text(markup_book):
    page = (markup_book / "book" / "generated" / "articles" / "A005.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", page)
    for escaped in (
        "&lt;b&gt;साझेदारी&lt;/b&gt;",
        "&lt;script&gt;alert(&quot;xss-kept&quot;)&lt;/script&gt;",
        "&lt;script&gt;alert(&quot;xss-removed&quot;)&lt;/script&gt;",
        "**व्यापार**",
        "[समझौता](javascript:alert(1))",
        "{cite}`x`",
        "$$x^2$$",
        "```{raw} html",
        "&lt;img src=x onerror=alert(&quot;xss-img&quot;)&gt;",
    ):
        assert escaped in text.replace("&#34;", "&quot;").replace("&#39;", "'"), escaped


def test_no_markup_from_article_text_is_injected(markup_book):
    for name, html in all_html(markup_book).items():
        assert not re.search(r"<script[^>]*>[^<]*xss", html), f"{name}: article text became a <script> element"
        assert not re.search(r"<img[^>]*onerror", html), f"{name}: article text became an <img> element"
        assert not re.search(r"<b>साझेदारी</b>", html), f"{name}: article text became bold markup"
        assert 'href="javascript:' not in html, f"{name}: article text became a link"
    html = all_html(markup_book)
    assert any("xss-title" in page for page in html.values()), "the hostile title appears nowhere"
