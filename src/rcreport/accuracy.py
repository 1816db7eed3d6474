"""Accuracy of every chapter: the in-sample figures of the seed articles and the shared scoring of dates and themes.

In-sample figures are measured on the five seed articles the rules were
written on, against gold made by reading them (``data/gold/``, see its
README): quotations and stances (:func:`rcreport.evaluation.gold_scores`,
plus *speakers correct*), time expressions and publication dates
(``time_expressions.csv``, ``publication_dates.csv``) and themes (the
precision of a fixed, seeded sample of sentence–theme assignments judged by
reading, ``theme_judgements.csv``). :mod:`rcreport.independent` measures
the same tasks on sentences the rules have never seen; :func:`accuracy_table`
sets the two side by side.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd

from .chronology import chronology, timeline
from .codebook import Actor, Theme, load_grammar, load_stance_codebook, load_time_words
from .corpus import Corpus
from .evaluation import read_gold_table, score_quotations, score_row, score_stances
from .mentions import sentence_views
from .publication import publication_dates
from .quotations import find_quotations
from .stances import find_stances
from .temporal import UNDATED_KINDS, time_expressions
from .themes import sentence_themes, theme_matches

TIME_GOLD = "time_expressions.csv"
PUBLICATION_GOLD = "publication_dates.csv"
THEME_JUDGEMENTS = "theme_judgements.csv"
UNKNOWN_VALUE = "unknown"  # a seed gold value the text does not determine: scored for its span only
RANGE_TYPE, DATE_TYPE = "range", "date"  # the gold types a dated system value can have (durations and sets carry their own)
THEME_SAMPLE_SIZE = 50  # sentence–theme pairs judged by reading
THEME_SAMPLE_SEED = 20261215  # the seed the sample was drawn with (pandas' sample, random_state)
NOT_MEASURED = float("nan")
UNANNOTATED_KINDS = ("recent",)  # system expressions the gold guidelines never annotate (हाल में: see both READMEs)
UNKNOWN_SPEAKER = "unknown"  # stands for "no codebook actor" where unknown counts as an answer


def system_output(corpus: Corpus, tokens: pd.DataFrame, codebook_dir: Path, actors: list[Actor], as_of: dt.date, *, unlisted: bool = False) -> dict[str, pd.DataFrame]:
    """Quotations, stances and dated time expressions of a corpus, as the chapters compute them.

    ``expressions`` are the chronology's time expressions with ``value``, the
    date the timeline gives them (read against the publication date the
    metadata give, else the inferred one; ``as_of`` ends open intervals).
    With ``unlisted``, actors the codebook does not list are speakers,
    holders and targets too (:func:`rcreport.mentions.unlisted_mentions`), the
    names of days and months of time.yml excepted.
    """
    codebook_dir = Path(codebook_dir)
    grammar = load_grammar(codebook_dir / "grammar.yml")
    codebook = load_stance_codebook(codebook_dir / "stances.yml")
    time = load_time_words(codebook_dir / "time.yml")
    not_names = frozenset(name for names in (*time.weekdays.values(), *time.months.values()) for name in names)
    views = sentence_views(corpus.sentences[corpus.sentences["article_id"].isin(corpus.included["id"])], tokens, actors, grammar, unlisted=unlisted, not_names=not_names)
    quotations = find_quotations(views, codebook.speech)
    stances = find_stances(views, quotations, codebook, actors)
    return {"quotations": quotations, "stances": stances, "expressions": dated_expressions(corpus, tokens, codebook_dir, as_of)}


def dated_expressions(corpus: Corpus, tokens: pd.DataFrame, codebook_dir: Path, as_of: dt.date) -> pd.DataFrame:
    """The chronology's time expressions with the ISO value the timeline gives each (``value``, '' if unresolved) and its ``type``.

    Durations, sets and the other expressions the timeline does not date
    (:data:`rcreport.temporal.UNDATED_KINDS`) keep the value stated when
    they were found (empty, or BC0483, XXXX-XX-XXTEV) and their own type.
    A time of day stated with a single day is added to its date, as TIMEX3
    writes it (2005-07-11TEV; the timeline shows the day alone).
    """
    expressions = time_expressions(corpus, load_time_words(Path(codebook_dir) / "time.yml"), tokens, undated=True)
    dated = expressions[~expressions["kind"].isin(UNDATED_KINDS)]
    publications, _ = publication_dates(corpus, dated, as_of)
    events = timeline(dated, publications, corpus.sentences, tokens)
    values = expressions["stated_value"].fillna("").copy()
    single_days = (events["precision"] == "day").to_numpy() & (events["date_start"] == events["date_end"]).to_numpy()
    values[dated.index] = [date + ((time or "") if single else "") for date, time, single in zip(events["date"], dated["time"], single_days)]
    types = [kind_type if kind in UNDATED_KINDS else system_type(value) for kind, kind_type, value in zip(expressions["kind"], expressions["type"], values)]
    return expressions.assign(value=values, type=types)


# --- time expressions --------------------------------------------------------------------------


def gold_spans(gold: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The gold expressions with their character span in the sentence (``text`` located left to right)."""
    texts = sentences.set_index("sentence_id")["text"]
    starts, searched_from = [], {}
    for row in gold.itertuples():
        key = (row.sentence_id, row.text)
        start = texts[row.sentence_id].find(row.text, searched_from.get(key, 0))
        if start < 0:
            raise ValueError(f"gold time expression {row.text!r} does not occur in sentence {row.sentence_id}; the gold must quote the sentence verbatim")
        searched_from[key] = start + 1
        starts.append(start)
    return gold.assign(start=starts, end=[start + len(text) for start, text in zip(starts, gold["text"])])


def system_type(value: str) -> str:
    """The gold type a system value stands for: a range when it is an interval, else a date."""
    return RANGE_TYPE if "/" in value else DATE_TYPE


def score_time_expressions(predicted: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Span-level and value-level precision, recall and F1 of time expressions.

    A gold expression (sentence_id, text, value, type) is found by an unused
    system expression of the same sentence whose span overlaps its own
    (``text`` located in the sentence). Its value is right when the system's
    value equals the gold value exactly (``2005-07-11TNI`` is not
    ``2005-07-11``) and has the gold type: the system's ``type`` column where
    it has one (duration, set, date), else the type its value stands for
    (:func:`system_type`); an empty value is right for an unresolved date or
    a duration or set. Gold rows valued
    :data:`UNKNOWN_VALUE` (the text does not determine the date) are left
    out of the value scores, with the system expression they match. The
    system's "recent" expressions (हाल में, हाल के वर्षों में: an assumed
    span the timeline shows as approximate) are not scored: the guidelines
    of both gold sets leave these deictic phrases unannotated
    (:data:`UNANNOTATED_KINDS`).
    """
    gold = gold_spans(gold.fillna(""), sentences).reset_index(drop=True)
    predicted = predicted[~predicted["kind"].isin(UNANNOTATED_KINDS)] if "kind" in predicted.columns else predicted
    predicted = predicted.fillna({"value": ""}).reset_index(drop=True)
    used: set[int] = set()
    found = valued = unknown_hits = 0
    for row in gold.itertuples():
        same = predicted[(predicted["sentence_id"] == row.sentence_id) & ~predicted.index.isin(used)]
        hit = next((i for i, p in same.iterrows() if p["start"] < row.end and row.start < p["end"]), None)
        if hit is None:
            continue
        used.add(hit)
        found += 1
        value = predicted.at[hit, "value"]
        unknown_hits += row.value == UNKNOWN_VALUE
        kind = predicted.at[hit, "type"] if "type" in predicted.columns and predicted.at[hit, "type"] else system_type(value)
        valued += row.value != UNKNOWN_VALUE and value == row.value and kind == row.type
    scored_gold = int((gold["value"] != UNKNOWN_VALUE).sum())
    return pd.DataFrame(
        [
            score_row("time expression spans", found, len(predicted), len(gold)),
            score_row("time expression values", valued, len(predicted) - unknown_hits, scored_gold),
        ]
    )


# --- publication dates ----------------------------------------------------------------------


def month_of(day: dt.date) -> str:
    """The ISO month of a day (2023-03)."""
    return day.strftime("%Y-%m")


def score_publication_dates(publications: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """How many articles the system dates right to the month and to the day, against the dates read.

    To the month: the system's day estimate, or else its whole interval, lies
    in the gold month (predicted: articles dated so within one month). To the
    day: the estimate is the gold day (predicted: articles with an estimate;
    gold: articles whose day is known).
    """
    by_article = publications.set_index("article_id")
    month_right = month_dated = day_right = day_dated = 0
    for row in gold.itertuples():
        system = by_article.loc[row.article_id]
        estimate, earliest, latest = system["estimate"], system["earliest"], system["latest"]
        months = {month_of(estimate)} if pd.notna(estimate) and estimate else {month_of(earliest), month_of(latest)} if pd.notna(earliest) and earliest else set()
        month_dated += len(months) == 1
        month_right += months == {row.published[:7]}
        if pd.notna(estimate) and estimate:
            day_dated += 1
            day_right += row.precision == "day" and estimate.isoformat() == row.published
    days_known = int((gold["precision"] == "day").sum())
    return pd.DataFrame([score_row("publication dates to the month", month_right, month_dated, len(gold)), score_row("publication dates to the day", day_right, day_dated, days_known)])


def with_publication_dates(corpus: Corpus, gold: pd.DataFrame) -> Corpus:
    """The corpus as if ``articles.csv`` gave the dates read (day or month), so expressions are read against them."""
    dates = gold.set_index("article_id")
    articles = corpus.articles.copy()
    known = articles["id"].isin(dates.index)
    articles.loc[known, "published"] = articles.loc[known, "id"].map(dates["published"])
    articles.loc[known, "published_precision"] = articles.loc[known, "id"].map(dates["precision"])
    return dataclasses.replace(corpus, articles=articles)


def in_sample_chronology(corpus: Corpus, tokens: pd.DataFrame, codebook_dir: Path, gold_dir: Path, as_of: dt.date) -> pd.DataFrame:
    """Time expressions (read against the dates read, as the independent set reads them against its dct) and
    the publication dates the chronology chapter infers from the corpus as it is (text, hints and known
    events), scored against the seed gold."""
    gold_dir = Path(gold_dir)
    dates = read_gold_table(gold_dir / PUBLICATION_GOLD, ("article_id", "published", "precision"))
    gold = read_gold_table(gold_dir / TIME_GOLD, ("sentence_id", "text", "value", "type"))
    covered = corpus.sentences[corpus.sentences["article_id"].isin(dates["article_id"])]
    anchored = dated_expressions(with_publication_dates(corpus, dates), tokens, codebook_dir, as_of)
    expressions = score_time_expressions(anchored[anchored["article_id"].isin(dates["article_id"])], gold, covered)
    publications = score_publication_dates(chronology(corpus, codebook_dir, tokens, as_of).publications, dates)
    return pd.concat([expressions.assign(task="time expressions"), publications.assign(task="publication dates")], ignore_index=True)


# --- themes -----------------------------------------------------------------------------------


def theme_sample(assignments: pd.DataFrame, size: int = THEME_SAMPLE_SIZE, seed: int = THEME_SAMPLE_SEED) -> pd.DataFrame:
    """The fixed sample of sentence–theme assignments to judge by reading (pandas' seeded sample, in text order)."""
    ordered = assignments.sort_values(["sentence_id", "theme"]).reset_index(drop=True)
    return ordered.sample(n=min(size, len(ordered)), random_state=seed).sort_values(["sentence_id", "theme"])


def theme_precision(assignments: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """Precision of theme assignments on the judged sample: judged right among the sample pairs still assigned.

    The unit is one sentence–theme pair; recall is not measured (no reader
    listed the themes every sentence should carry).
    """
    judged = judgements.merge(assignments[["sentence_id", "theme"]].drop_duplicates(), on=["sentence_id", "theme"])
    row = score_row("theme assignments", int((judged["correct"] == "yes").sum()), len(judged), 0)
    return pd.DataFrame([{**row, "gold": len(judged), "recall": NOT_MEASURED, "f1": NOT_MEASURED}])


# --- in-sample quotations and stances -----------------------------------------------------------


def with_unknown(table: pd.DataFrame) -> pd.DataFrame:
    """Quotations whose empty speaker reads as the answer "unknown", so that it can be right or wrong."""
    return table.assign(speaker=table["speaker"].fillna("").replace("", UNKNOWN_SPEAKER))


def score_speakers(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Quotation detection, speaker attribution (codebook actors) and speakers correct (unknown an answer too).

    ``gold`` has codebook actor ids as speakers (:func:`resolved_quotations`,
    or the seed gold as it is). "speakers correct" is the share of gold
    quotations found with the right speaker (its recall) and the share of
    system quotations whose speaker is right (its precision).
    """
    scores = score_quotations(predicted, gold)
    correct = score_quotations(with_unknown(predicted), with_unknown(gold)).iloc[[1]].assign(measure="speakers correct")
    return pd.concat([scores, correct], ignore_index=True)


def in_sample_quotes_and_stances(quotations: pd.DataFrame, stances: pd.DataFrame, gold_dir: Path) -> pd.DataFrame:
    """Quotation detection, speaker attribution, speakers correct and stance triples against the seed gold.

    As :func:`rcreport.evaluation.gold_scores`, with *speakers correct* added
    (see :func:`score_speakers`).
    """
    gold_dir = Path(gold_dir)
    gold_quotes = read_gold_table(gold_dir / "quotations.csv", ("sentence_id", "quote_start", "speaker", "reported_by"))
    gold_stances = read_gold_table(gold_dir / "stances.csv", ("sentence_id", "source", "target", "polarity"))
    covered = {sentence_id.split(".")[0] for sentence_id in pd.concat([gold_quotes["sentence_id"], gold_stances["sentence_id"]])}
    quotations, stances = quotations[quotations["article_id"].isin(covered)], stances[stances["article_id"].isin(covered)]
    return pd.concat([score_speakers(quotations, gold_quotes).assign(task="quotations"), score_stances(stances, gold_stances).assign(task="stances")], ignore_index=True)


# The seed gold's tables and the column that says which sentence (or article) each row is about
GOLD_ROWS = {"quotations.csv": "sentence_id", "stances.csv": "sentence_id", TIME_GOLD: "sentence_id", THEME_JUDGEMENTS: "sentence_id", PUBLICATION_GOLD: "article_id"}


def gold_article_ids(gold_dir: Path) -> set[str]:
    """The articles the seed gold describes (every row of its tables names one, by article or sentence id).

    The in-sample figures are about these articles alone, and no rule looks
    across articles, so the accuracy chapter reads, analyses and is keyed by
    these articles only: adding another article to the corpus changes none
    of its figures.
    """
    return {value.split(".")[0] for name, column in GOLD_ROWS.items() for value in read_gold_table(Path(gold_dir) / name, (column,))[column]}


def in_sample_scores(corpus: Corpus, tokens: pd.DataFrame, codebook_dir: Path, gold_dir: Path, actors: list[Actor], themes: list[Theme], as_of: dt.date) -> pd.DataFrame:
    """Every in-sample figure of the seed articles: quotations, stances, time expressions, publication dates, themes.

    Computed on the articles the gold describes (:func:`gold_article_ids`),
    whatever else ``corpus`` and ``tokens`` hold. Columns: task, measure,
    gold, predicted, correct, precision, recall, f1.
    """
    described = gold_article_ids(gold_dir)
    corpus, tokens = corpus.restrict(described), tokens[tokens["article_id"].isin(described)].reset_index(drop=True)
    output = system_output(corpus, tokens, codebook_dir, actors, as_of)
    assignments = sentence_themes(theme_matches(themes, tokens, corpus.sentences))
    judgements = read_gold_table(Path(gold_dir) / THEME_JUDGEMENTS, ("sentence_id", "theme", "correct"))
    return pd.concat(
        [
            in_sample_quotes_and_stances(output["quotations"], output["stances"], gold_dir),
            in_sample_chronology(corpus, tokens, codebook_dir, gold_dir, as_of),
            theme_precision(assignments, judgements).assign(task="themes"),
        ],
        ignore_index=True,
    )


# --- the side-by-side table and the figures the book quotes -------------------------------------------

SCOPES = {"in-sample": "in-sample (seed articles)", "dev": "independent, dev", "dev2": "stance development set 2", "test": "independent, test"}


def cell(row: pd.Series) -> str:
    """One cell of the accuracy table: P, R and F1 (those measured) and n, the gold items."""
    parts = [f"{name} {row[column]:.2f}" for name, column in (("P", "precision"), ("R", "recall"), ("F1", "f1")) if not math.isnan(row[column])]
    return f"{' · '.join(parts)} (n = {int(row['gold'])})"


def accuracy_table(in_sample: pd.DataFrame, independent: pd.DataFrame) -> pd.DataFrame:
    """Task and measure × in-sample / independent dev / stance development set 2 / independent test, each cell P · R · F1 (n);
    '—' where not measured (the second development set has stances only)."""
    rows = pd.concat([in_sample.assign(split="in-sample"), independent], ignore_index=True)
    order = list(dict.fromkeys(zip(rows["task"], rows["measure"])))
    table = rows.assign(cell=rows.apply(cell, axis=1)).pivot_table(index=["task", "measure"], columns="split", values="cell", aggfunc="first")
    table = table.reindex(index=pd.MultiIndex.from_tuples(order, names=["task", "measure"]), columns=list(SCOPES)).fillna("—")
    return table.rename(columns=SCOPES).rename_axis(columns=None)


def slug(text: str) -> str:
    """A glue key part: lower-case words joined by underscores ("speakers correct" -> speakers_correct)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def figure_keys(in_sample: pd.DataFrame, independent: pd.DataFrame) -> dict[str, str]:
    """Every figure as a glue key and its text: ``<scope>_<measure>_<p|r|f1|n|correct>``, scope insample, dev, dev2 or test.

    Precision, recall and F1 are given to two decimals, n (the gold items)
    and ``correct`` (the gold items found right) as whole numbers; a figure
    not measured is absent.
    """
    rows = pd.concat([in_sample.assign(split="insample"), independent], ignore_index=True)
    figures = {}
    for row in rows.to_dict("records"):
        key = f"{row['split']}_{slug(row['measure'])}"
        figures[f"{key}_n"] = str(int(row["gold"]))
        figures[f"{key}_correct"] = str(int(row["correct"]))
        for short, column in (("p", "precision"), ("r", "recall"), ("f1", "f1")):
            if not math.isnan(row[column]):
                figures[f"{key}_{short}"] = f"{row[column]:.2f}"
    return figures
