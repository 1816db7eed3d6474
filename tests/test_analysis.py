"""Per-article analysis (rcreport.analysis) and the corpus's tables (rcreport.corpus_analysis): one article's tables are the corpus's rows of that article; the store and the aggregate.

On the frozen fixture tokens: analysing article by article gives exactly what
the chapters' corpus-wide functions give; an article is analysed once, and
adding one analyses only it; the Parquet files give back the tables they were
written from; the annotated article page marks a stance's cue, every page
shows each finding under its own sentence, and a page made alone is the one
made with the corpus.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import FIXTURE_CODEBOOK
from rcreport import analysis as store
from rcreport import corpus_analysis
from rcreport.actors import alias_matches, find_mentions
from rcreport.chronology import chronology, dated_chronology
from rcreport.cluster import ClusterError
from rcreport.codebook import load_actors, load_themes
from rcreport.hashing import code_digest
from rcreport.language import lemma_counts, name_runs
from rcreport.mentions import sentence_views
from rcreport.nlp import bundled_models, table_tokens
from rcreport.pages import Findings, annotated_text, article_page, span_markup, write_article_pages
from rcreport.quotations import find_quotations
from rcreport.relevance import relevance_table
from rcreport.stances import find_stances
from rcreport.statements import merge_states, sentence_words
from rcreport.themes import assign_themes

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def codebooks():
    return store.load_codebooks(FIXTURE_CODEBOOK)


@pytest.fixture(scope="module")
def identity():
    return bundled_models().identity


def analyse(corpus, tokens, codebooks, article_id):
    article = corpus.included.set_index("id", drop=False).loc[article_id]
    return store.analyse_article(article, corpus.sentences[corpus.sentences["article_id"] == article_id], tokens[tokens["article_id"] == article_id], codebooks)


@pytest.fixture(scope="module")
def per_article(analysis):
    """The fixture's tables analysed article by article (conftest's ``analysis``)."""
    return analysis


def same_rows(one: pd.DataFrame, other: pd.DataFrame) -> bool:
    """Whether two tables hold the same rows in the same order, as the chapters write them (CSV text)."""
    return one.reset_index(drop=True).to_csv(index=False) == other.reset_index(drop=True).to_csv(index=False)


def test_per_article_tables_are_the_corpus_tables(corpus, tokens, codebooks, per_article):
    """No rule looks across articles: the corpus-wide functions give each article's tables one after another."""
    actors = codebooks.actors
    matches, assignments = assign_themes(codebooks.themes, actors, tokens, corpus.sentences)
    views = sentence_views(corpus.sentences, tokens, actors, codebooks.grammar)
    quotations = find_quotations(views, codebooks.stances.speech)
    stances = find_stances(views, quotations, codebooks.stances, actors)
    stage = chronology(corpus, FIXTURE_CODEBOOK, tokens)
    expected = {
        "matches": matches,
        "assignments": assignments,
        "mentions": find_mentions(actors, corpus.sentences),
        "aliases": alias_matches(actors, corpus.sentences),
        "relevance": relevance_table(corpus, tokens, FIXTURE_CODEBOOK),
        "quotations": quotations,
        "stances": stances,
        "state_stances": merge_states(stances, actors, sentence_words(views)),
        "expressions": stage.expressions,
        "event_mentions": stage.mentions,
    }
    for name, table in expected.items():
        assert len(table), f"the fixture has no {name}: the comparison would prove nothing"
        assert same_rows(getattr(per_article, name), table), name
    dated = dated_chronology(corpus, FIXTURE_CODEBOOK, per_article.expressions, per_article.event_mentions, per_article.sentence_labels())
    for name in ("publications", "evidence", "events", "known_events"):
        assert same_rows(getattr(dated, name), getattr(stage, name)), name


def test_an_article_analysis_holds_its_own_rows_only(corpus, tokens, codebooks):
    one = analyse(corpus, tokens, codebooks, "A000")
    for name in store.TABLES:
        assert set(getattr(one, name)["article_id"]) <= {"A000"}, name
    china_on_sanctions = one.stances[(one.stances["sentence_id"] == "A000.s011") & (one.stances["source"] == "china") & (one.stances["target"] == "west")]
    assert china_on_sanctions[["polarity", "cue"]].values.tolist() == [["oppose", "निंदा"]]
    assert one.relevance["article_id"].tolist() == ["A000"] and not one.relevance["off_topic"].iloc[0]


def test_each_article_s_rows_are_a_slice_of_the_corpus_s_sentences(corpus):
    rows = corpus_analysis.article_rows(corpus.sentences)
    assert list(rows) == corpus.sentences["article_id"].unique().tolist()
    for article_id, span in rows.items():
        assert same_rows(corpus.sentences.iloc[span], corpus.sentences[corpus.sentences["article_id"] == article_id]), article_id
    reordered = pd.concat([corpus.sentences.iloc[:1], corpus.sentences.iloc[rows["A001"]], corpus.sentences.iloc[1:2]])
    with pytest.raises(ValueError, match="not together"):
        corpus_analysis.article_rows(reordered)


def test_parquet_round_trip_gives_back_every_table(per_article, tmp_path):
    folder = tmp_path / "A-all"
    store.write_analysis(store.analysis_files(per_article), folder)
    back = store.read_analysis(folder)
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{name}.parquet" for name in store.TABLES)
    assert not list(tmp_path.glob("*.partial")), "a partial folder was left behind"
    for name in store.TABLES:
        written, read = getattr(per_article, name), getattr(back, name)
        assert list(read.columns) == list(written.columns), name
        assert same_rows(read, written), name
    assert str(back.expressions["year"].dtype) == "Int64", "numbers an expression does not state stay missing, not NaN floats"
    assert back.relevance["off_topic"].dtype == bool


def test_a_second_writer_of_the_same_analysis_leaves_one_whole_folder(per_article, tmp_path):
    folder = tmp_path / "A000-key"
    store.write_analysis(store.analysis_files(per_article), folder)
    store.write_analysis(store.analysis_files(per_article), folder)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["A000-key"]
    assert same_rows(store.read_analysis(folder).stances, per_article.stances)


class CountingAnalyse:
    """An article's analysis, counting which articles it is asked for.

    With ``known`` (the fixture's tables, analysed once per session) it
    serves an article's own rows of them instead of analysing it again: the
    tests that use it are about the store and the aggregate, and
    test_per_article_tables_are_the_corpus_tables is about the analysis.
    """

    def __init__(self, known: store.ArticleAnalysis | None = None):
        self.calls: list[str] = []
        self.known = known

    def __call__(self, article, sentences, tokens, codebooks):
        self.calls.append(article.id)
        if self.known is not None:
            return self.known.restrict([article.id])
        return store.analyse_article(article, sentences, tokens, codebooks)


def without(corpus, article_id):
    """The corpus as it was before ``article_id`` was added."""
    return dataclasses.replace(corpus, articles=corpus.articles[corpus.articles["id"] != article_id], sentences=corpus.sentences[corpus.sentences["article_id"] != article_id])


def test_adding_an_article_analyses_only_it(corpus, tokens, identity, per_article, tmp_path):
    cache, output = tmp_path / "cache", tmp_path / "analysis"
    last = corpus.included["id"].iloc[-1]
    counting = CountingAnalyse(per_article)
    run = lambda corpus_now: corpus_analysis.analyse_corpus(corpus_now, table_tokens(tokens), identity, FIXTURE_CODEBOOK, cache, output, progress=False, analyse=counting)  # noqa: E731
    run(without(corpus, last))
    assert counting.calls == corpus.included["id"].tolist()[:-1]
    counting.calls.clear()
    run(without(corpus, last))
    assert counting.calls == [], "an unchanged corpus was analysed again"
    grown = run(corpus)
    assert counting.calls == [last]
    for name in store.TABLES:
        assert same_rows(getattr(grown, name), getattr(per_article, name)), name
        assert same_rows(store.read_analysis_table(output, name), getattr(per_article, name)), name
    assert same_rows(store.read_tokens(output), tokens)


def test_an_article_between_others_takes_its_place_in_the_tables(corpus, tokens, identity, per_article, tmp_path):
    """The previous aggregate is kept whole and the new article's rows go where its article stands in the corpus."""
    middle = corpus.included["id"].iloc[len(corpus.included) // 2]
    counting = CountingAnalyse(per_article)
    output = tmp_path / "analysis"

    def run(corpus_now):
        return corpus_analysis.analyse_corpus(corpus_now, table_tokens(tokens), identity, FIXTURE_CODEBOOK, tmp_path / "cache", output, progress=False, analyse=counting)

    run(without(corpus, middle))
    counting.calls.clear()
    grown = run(corpus)
    assert counting.calls == [middle]
    for name in store.TABLES:
        assert same_rows(getattr(grown, name), getattr(per_article, name)), name
        assert same_rows(store.read_analysis_table(output, name), getattr(per_article, name)), name


def test_tables_joined_a_few_articles_at_a_time_are_those_joined_at_once(corpus, tokens, identity, per_article, tmp_path, monkeypatch):
    """What lets a large corpus's analysis arrive in parts (corpus_analysis.ARTICLES_PER_PART) without changing a byte of its tables."""
    counting = CountingAnalyse(per_article)
    corpus_analysis.analyse_corpus(corpus, table_tokens(tokens), identity, FIXTURE_CODEBOOK, tmp_path / "cache", tmp_path / "at-once", progress=False, analyse=counting)
    monkeypatch.setattr(corpus_analysis, "ARTICLES_PER_PART", 2)
    assert len(corpus.included) > 2 * corpus_analysis.ARTICLES_PER_PART, "the fixture corpus makes parts of several articles"
    corpus_analysis.analyse_corpus(corpus, table_tokens(tokens), identity, FIXTURE_CODEBOOK, tmp_path / "cache", tmp_path / "in-parts", progress=False, analyse=counting)
    for name in store.TABLES:
        assert (tmp_path / "in-parts" / f"{name}.parquet").read_bytes() == (tmp_path / "at-once" / f"{name}.parquet").read_bytes(), name
    # the token table and its summaries are written a part at a time: other row groups, the same tables
    for name in store.TOKEN_TABLES:
        assert pq.read_table(tmp_path / "in-parts" / f"{name}.parquet").equals(pq.read_table(tmp_path / "at-once" / f"{name}.parquet")), name
        assert pq.ParquetFile(tmp_path / "in-parts" / f"{name}.parquet").num_row_groups > 1, name


def test_the_cluster_is_let_go_once_every_article_is_analysed_before_the_tables_are_joined(corpus, tokens, identity, per_article, tmp_path):
    seen = []

    def tasks_done():
        seen.append((sorted(path.name.split("-")[0] for path in (tmp_path / "cache").iterdir()), (tmp_path / "analysis" / corpus_analysis.MANIFEST).exists()))

    corpus_analysis.analyse_corpus(
        corpus, table_tokens(tokens), identity, FIXTURE_CODEBOOK, tmp_path / "cache", tmp_path / "analysis", progress=False, analyse=CountingAnalyse(per_article), tasks_done=tasks_done
    )
    assert seen == [(sorted(corpus.included["id"]), False)]
    assert (tmp_path / "analysis" / corpus_analysis.MANIFEST).exists()


def test_the_token_summaries_are_those_of_the_corpus_s_token_table(corpus, tokens, identity, per_article, tmp_path):
    """What the chapters count words from (lemma counts, runs of proper nouns) is the summary of the included articles' tokens."""
    corpus_analysis.analyse_corpus(corpus, table_tokens(tokens), identity, FIXTURE_CODEBOOK, tmp_path / "cache", tmp_path / "analysis", progress=False, analyse=CountingAnalyse(per_article))
    included = tokens[tokens["article_id"].isin(corpus.included["id"])]
    assert same_rows(store.read_tokens(tmp_path / "analysis", table=store.LEMMA_COUNTS), lemma_counts(included))
    assert same_rows(store.read_tokens(tmp_path / "analysis", table=store.NAME_RUNS), name_runs(included))
    some = corpus.included["id"].tolist()[1:3]
    assert set(store.read_tokens(tmp_path / "analysis", some, table=store.NAME_RUNS)["article_id"]) == set(some)
    no_names = tokens.assign(upos=tokens["upos"].replace("PROPN", "NOUN"))
    corpus_analysis.analyse_corpus(corpus, table_tokens(no_names), identity, FIXTURE_CODEBOOK, tmp_path / "cache", tmp_path / "no-names", progress=False, analyse=CountingAnalyse(per_article))
    assert store.read_tokens(tmp_path / "no-names", some, table=store.NAME_RUNS).empty, "a corpus without a proper noun: a typed, empty table"
    with pytest.raises(ValueError, match="no token table 'lemmas'"):
        store.read_tokens(tmp_path / "analysis", table="lemmas")


def test_the_token_csv_is_the_chosen_articles_token_table_as_pandas_writes_it(corpus, tokens, identity, per_article, tmp_path):
    corpus_analysis.analyse_corpus(corpus, table_tokens(tokens), identity, FIXTURE_CODEBOOK, tmp_path / "cache", tmp_path / "analysis", progress=False, analyse=CountingAnalyse(per_article))
    some = corpus.included["id"].tolist()[::2]
    store.write_tokens_csv(tmp_path / "analysis", some, tmp_path / "tokens.csv")
    assert (tmp_path / "tokens.csv").read_text(encoding="utf-8") == store.read_tokens(tmp_path / "analysis", some).to_csv(index=False)
    store.write_tokens_csv(tmp_path / "analysis", [], tmp_path / "none.csv")
    assert (tmp_path / "none.csv").read_text(encoding="utf-8") == ",".join(tokens.columns) + "\n"


def test_the_store_serves_an_aggregate_written_from_scratch(corpus, tokens, identity, per_article, tmp_path):
    counting = CountingAnalyse(per_article)
    corpus_analysis.analyse_corpus(corpus, table_tokens(tokens), identity, FIXTURE_CODEBOOK, tmp_path / "cache", tmp_path / "first", progress=False, analyse=counting)
    counting.calls.clear()
    rebuilt = corpus_analysis.analyse_corpus(corpus, table_tokens(tokens), identity, FIXTURE_CODEBOOK, tmp_path / "cache", tmp_path / "second", progress=False, analyse=counting)
    assert counting.calls == [], "the stored analyses were not used"
    assert same_rows(rebuilt.stances, per_article.stances)


def test_a_codebook_change_analyses_every_article_again(corpus, tokens, identity, tmp_path, data_copy, per_article):
    counting = CountingAnalyse(per_article)
    arguments = (tmp_path / "cache", tmp_path / "analysis")
    corpus_analysis.analyse_corpus(corpus, table_tokens(tokens), identity, data_copy / "codebook", *arguments, progress=False, analyse=counting)
    themes = data_copy / "codebook" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8") + "\n# an analyst's note\n", encoding="utf-8")
    counting.calls.clear()
    corpus_analysis.analyse_corpus(corpus, table_tokens(tokens), identity, data_copy / "codebook", *arguments, progress=False, analyse=counting)
    assert counting.calls == corpus.included["id"].tolist()


# --- the annotated article page ------------------------------------------------------------------


@pytest.fixture(scope="module")
def findings(corpus, per_article):
    stage = dated_chronology(corpus, FIXTURE_CODEBOOK, per_article.expressions, per_article.event_mentions, per_article.sentence_labels())
    themes = {theme.id: theme.label for theme in load_themes(FIXTURE_CODEBOOK / "themes.yml")}
    actors = {actor.id: actor.label for actor in load_actors(FIXTURE_CODEBOOK / "actors.yml")}
    return Findings(per_article, stage, themes, actors)


def test_an_article_page_marks_a_stance_cue_and_its_triple(corpus, findings):
    article = corpus.included.set_index("id", drop=False).loc["A000"]
    page = article_page(article, corpus.sentences[corpus.sentences["article_id"] == "A000"], corpus.removed[corpus.removed["article_id"] == "A000"], findings.by_article()["A000"])
    line = next(line for line in page.splitlines() if 'id="A000.s011"' in line)
    assert '<mark class="cue cue-oppose">निंदा</mark>' in line
    assert '<span class="note note-stance note-oppose">China → The West: oppose (निंदा)</span>' in line, "the triple's text is HTML like the article's"
    assert '<mark class="actor">चीन</mark>' in line
    assert "## What the analysis found" in page and "Relevance\n: on topic" in page
    assert '<a class="evidence" href="#A000.s011">A000.s011</a>' in page


# The class of each kind of note under a sentence, and the table whose rows it shows
NOTE_TABLES = {"note-theme": "assignments", "note-quote": "quotations", "note-stance": "stances", "note-time": "stage.events"}


def sentence_lines(page: str) -> dict[str, str]:
    """The text lines of a page by sentence id (each a paragraph that starts with its sentence's anchor)."""
    return {match[1]: line for line in page.splitlines() if (match := re.match(r'<p class="sentence"><span class="sentence-anchor" id="([^"]+)">', line))}


def test_every_page_shows_each_finding_under_its_own_sentence(corpus, findings, tmp_path):
    paths = write_article_pages(corpus, tmp_path, findings)
    assert [path.stem for path in paths] == sorted(corpus.included["id"])
    lines = {sid: line for path in paths for sid, line in sentence_lines(path.read_text(encoding="utf-8")).items()}
    assert set(lines) == set(corpus.sentences["sentence_id"])
    for kind, name in NOTE_TABLES.items():
        table = findings.stage.events if name == "stage.events" else getattr(findings.analysis, name)
        assert len(table), f"the fixture has {name} to show"
        expected = table["sentence_id"].value_counts()
        shown = pd.Series({sid: line.count(f'class="note {kind}') for sid, line in lines.items()})
        assert shown[shown > 0].sort_index().to_dict() == expected.sort_index().to_dict(), f"one {kind} note per row of {name}, under its sentence"


def test_an_article_page_is_the_same_made_alone_or_with_the_corpus(corpus, findings, per_article, tmp_path):
    """What the build relies on when it makes only the pages whose key changed."""
    ids = ["A001", "A003"]
    alone = corpus.restrict(ids)
    stage = dated_chronology(alone, FIXTURE_CODEBOOK, per_article.restrict(ids).expressions, per_article.restrict(ids).event_mentions, per_article.sentence_labels())
    write_article_pages(alone, tmp_path / "alone", Findings(per_article.restrict(ids), stage, findings.themes, findings.actors))
    write_article_pages(corpus, tmp_path / "all", findings)
    for article_id in ids:
        assert (tmp_path / "alone" / f"{article_id}.md").read_bytes() == (tmp_path / "all" / f"{article_id}.md").read_bytes()


def test_marked_text_stays_escaped_text():
    hostile = 'रूस <script>alert("x")</script> और\n\n{cite}`x` चीन'
    marked = annotated_text(hostile, [(0, 3, "actor"), (len(hostile) - 3, len(hostile), "actor")])
    assert marked.startswith('<mark class="actor">रूस</mark> &lt;script&gt;')
    assert "<script>" not in marked and "\n" not in marked, "no tag forms and no blank line ends the sentence's HTML block"
    assert span_markup("  a  b ") == " a b ", "spaces at a mark's edge are kept"


def text_section_blocks(page: str) -> list:
    """The raw HTML nodes MyST makes of a page's Text section."""
    from docutils.core import publish_doctree
    from docutils.nodes import raw
    from myst_parser.parsers.docutils_ import Parser

    text = page.split("## Text", 1)[1].split("## Removed by cleaning", 1)[0]
    return list(publish_doctree(text, parser=Parser(), settings_overrides={"report_level": 4}).findall(raw))


def test_each_sentence_is_one_raw_html_paragraph_of_text(corpus, findings):
    """What keeps the book's node count down (a sentence is one node for Sphinx) and its text inert (MyST reads no role in it)."""
    article = corpus.included.set_index("id", drop=False).loc["A000"]
    sentences, removed = corpus.sentences[corpus.sentences["article_id"] == "A000"].copy(), corpus.removed[corpus.removed["article_id"] == "A000"]
    blocks = text_section_blocks(article_page(article, sentences, removed, findings.by_article()["A000"]))
    assert [node.astext().count('<p class="sentence">') for node in blocks] == [1] * len(sentences)
    sentences.loc[sentences.index[0], "text"] = "रूस {cite}`x` <b>और</b>\n\nचीन"
    plain = text_section_blocks(article_page(article, sentences, removed))
    assert len(plain) == len(sentences) and "{cite}`x` &lt;b&gt;और&lt;/b&gt; चीन</p>" in plain[0].astext()


def test_a_worker_loads_the_codebooks_once_and_refuses_other_ones(codebooks, data_copy):
    """A cluster worker keeps the codebooks it loaded, and refuses codebooks or code other than the build's, whose keys its tables would be stored under."""
    code = code_digest()
    assert store.worker_codebooks(FIXTURE_CODEBOOK, codebooks.digest, code) is store.worker_codebooks(FIXTURE_CODEBOOK, codebooks.digest, code)
    assert store.worker_codebooks(FIXTURE_CODEBOOK, codebooks.digest, code).actors == codebooks.actors
    themes = data_copy / "codebook" / "themes.yml"
    themes.write_text(themes.read_text(encoding="utf-8") + "\n# an analyst's note\n", encoding="utf-8")
    with pytest.raises(ClusterError, match="codebook files .* differ"):
        store.worker_codebooks(data_copy / "codebook", codebooks.digest, code)
    with pytest.raises(ClusterError, match="another version of rcreport"):
        store.worker_codebooks(FIXTURE_CODEBOOK, codebooks.digest, "another code digest")
    with pytest.raises(ClusterError, match="no codebook folder"):
        store.worker_codebooks(data_copy / "no-such-folder", codebooks.digest, code)
