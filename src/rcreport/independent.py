"""The frozen independent evaluation: the system run on 340 UD Hindi news sentences and scored per task and split.

The gold set (``data/gold/independent/``, see its README) was annotated by
reading sentences the rules were never developed on; its ``split`` column
divides it into a ``dev`` half, which may be inspected, and a ``test`` half,
which is only scored. The book's headline figures are the test half's.

The sentences are run through the same stages as the corpus:

* **annotation**: as one document of 340 sentences (one entry in the
  annotation cache, :data:`ANNOTATION_ID`), by the same stanza models;
* **analysis**: every sentence is its own article, dated by its stated
  document creation date (``dct``), so that no pronoun, pair phrase or
  running quotation reaches into an unrelated sentence, and relative time
  expressions are read against that date as against a publication day the
  metadata give. Quotations, speakers and stances use the project's own
  codebooks (``actors.yml``, ``stances.yml``, ``grammar.yml``, ``time.yml``).

Matching, task by task (:func:`score_independent`):

* **quotations**: a gold quotation is found when a system quotation of the
  same sentence contains its first words (``quote_start``), exactly as for
  the seed gold (:func:`rcreport.evaluation.score_quotations`). The gold
  names speakers as written ("नितीश कुमार", "उन्होंने"); the system names
  codebook actors, and, for actors the codebook does not list, the words
  that name them (``unlisted:`` and the surface, see
  :func:`rcreport.mentions.unlisted_mentions`). A gold speaker is resolved
  to the codebook actors whose aliases occur in its string; one with none
  is an unlisted actor named by its string, except a pronoun left as
  written (its note says "pronoun"), which is "unknown". A system unlisted
  speaker is the gold one when their words overlap (:func:`same_name`:
  the words of one are a run of the other's, "नेता नितीश कुमार" and
  "नितीश कुमार"). They are then compared as in-sample: *speaker
  attribution* over quotations whose speaker is a codebook actor, and
  *speakers correct* over every gold quotation, where "unknown" is an
  answer too (unlisted speakers read as unknown on both sides, so the
  figure stays comparable with the in-sample one); *speakers correct,
  unlisted named* asks more: a named unlisted speaker is right only when
  the system names it, a pronoun's only when the system leaves it unknown.
* **time expressions**: see :func:`rcreport.accuracy.score_time_expressions`.
* **stances**: a system triple (holder, target, polarity; actor → actor,
  support or oppose) is right when a gold row of the same sentence has the
  same polarity and an alias of the holder occurs in the gold holder string
  and an alias of the target in the gold target string, an unlisted holder
  or target matching by :func:`same_name` (each gold row is matched once). Every sentence counts: the set was annotated for stances
  throughout, so a triple in a sentence without a gold row is a false one.

A second stance development set (``independent/stance_dev2/``, its own
README: 240 further HDTB sentences annotated for stances only) is scored
the same way as split ``dev2`` (:func:`load_stance_dev2`): development
data, inspected while developing the stance rules, never a test. It is
annotated as a document of its own (:data:`DEV2_ANNOTATION_ID`), so that the
independent set's annotation stays as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .accuracy import score_speakers, score_time_expressions, system_output
from .actors import alias_matches
from .codebook import Actor
from .corpus import Corpus
from .evaluation import GoldError, read_gold_table, score_row
from .nlp import Models, annotate_corpus
from .sentence import UNLISTED_PREFIX
from .text import WORD_CHARS

INDEPENDENT_DIR = "independent"  # the independent gold, inside the gold directory
SPLITS = ("dev", "test")
HEADLINE_SPLIT = "test"  # the only split the book reports as its headline; never tuned on
ANNOTATION_ID = "independent"  # the one document the sentences are annotated as
DEV2_DIR = "stance_dev2"  # the second stance development set, inside the independent gold's folder
DEV2_SPLIT = "dev2"  # its split: development data, never a test
DEV2_ANNOTATION_ID = "stance_dev2"  # the one document its sentences are annotated as
STANCE_POLARITIES = ("support", "oppose")
NAMED_SPEAKERS = "speakers correct, unlisted named"  # the measure that asks unlisted speakers to be named, not left unknown
PRONOUN_NOTE = "pronoun"  # the note of a gold quotation whose speaker is a pronoun left as written (the README)
SCORE_COLUMNS = ["task", "measure", "split", "gold", "predicted", "correct", "precision", "recall", "f1"]


@dataclass(frozen=True)
class IndependentGold:
    """The four tables of the independent gold, texts in NFC (as the corpus stage normalises article text)."""

    sentences: pd.DataFrame
    quotations: pd.DataFrame
    time_expressions: pd.DataFrame
    stances: pd.DataFrame


GOLD_FILES = {
    "sentences": ("sentences.csv", ("gold_id", "split", "dct", "text")),
    "quotations": ("quotations.csv", ("gold_id", "quote_start", "speaker", "reported_by")),
    "time_expressions": ("time_expressions.csv", ("gold_id", "text", "value", "type")),
    "stances": ("stances.csv", ("gold_id", "source", "target", "polarity")),
}


def load_independent(gold_dir: Path) -> IndependentGold:
    """Read ``gold_dir/independent/``: every file present with its columns, every row's sentence listed."""
    folder = Path(gold_dir) / INDEPENDENT_DIR
    tables = {}
    for name, (file, columns) in GOLD_FILES.items():
        tables[name] = read_gold_table(folder / file, columns)
    known = set(tables["sentences"]["gold_id"])
    for name in ("quotations", "time_expressions", "stances"):
        strays = sorted(set(tables[name]["gold_id"]) - known)
        if strays:
            raise GoldError(f"{folder / GOLD_FILES[name][0]}: gold_id {strays[0]!r} is not in sentences.csv")
    bad_split = sorted(set(tables["sentences"]["split"]) - set(SPLITS))
    if bad_split:
        raise GoldError(f"{folder / 'sentences.csv'}: split {bad_split[0]!r}; use dev or test")
    return IndependentGold(**tables)


def load_stance_dev2(gold_dir: Path) -> IndependentGold | None:
    """Read ``gold_dir/independent/stance_dev2/`` (sentences and stances only), None where a gold directory has none.

    Its quotation and time-expression tables are empty: the set was annotated for stances only.
    """
    folder = Path(gold_dir) / INDEPENDENT_DIR / DEV2_DIR
    if not folder.is_dir():
        return None
    sentences = read_gold_table(folder / "sentences.csv", GOLD_FILES["sentences"][1])
    stances = read_gold_table(folder / "stances.csv", GOLD_FILES["stances"][1])
    strays = sorted(set(stances["gold_id"]) - set(sentences["gold_id"]))
    if strays:
        raise GoldError(f"{folder / 'stances.csv'}: gold_id {strays[0]!r} is not in sentences.csv")
    bad_split = sorted(set(sentences["split"]) - {DEV2_SPLIT})
    if bad_split:
        raise GoldError(f"{folder / 'sentences.csv'}: split {bad_split[0]!r}; this set is development data only, split {DEV2_SPLIT}")
    empty = {name: pd.DataFrame(columns=list(GOLD_FILES[name][1])) for name in ("quotations", "time_expressions")}
    return IndependentGold(sentences=sentences, stances=stances, **empty)


def annotation_corpus(sentences: pd.DataFrame, document: str = ANNOTATION_ID) -> Corpus:
    """The gold sentences as one document (``document``, its cache entry), one sentence per line, for the annotation cache."""
    rows, offset = [], 0
    for number, (gold_id, text) in enumerate(zip(sentences["gold_id"], sentences["text"]), start=1):
        rows.append({"article_id": document, "sentence_id": gold_id, "sentence_no": number, "line_no": number, "start": offset, "end": offset + len(text), "text": text})
        offset += len(text) + 1
    table = pd.DataFrame(rows)
    articles = pd.DataFrame([{"id": document, "status": "included", "published": "", "published_precision": ""}])
    return Corpus(articles=articles, sentences=table, removed=pd.DataFrame(columns=["article_id", "line_no", "text", "reason"]), clean_texts={document: "\n".join(table["text"])})


def analysis_corpus(sentences: pd.DataFrame) -> Corpus:
    """The gold sentences as a corpus of one-sentence articles, each published on its stated dct."""
    annotated = annotation_corpus(sentences)
    table = annotated.sentences.assign(article_id=annotated.sentences["sentence_id"], sentence_no=1)
    articles = pd.DataFrame({"id": sentences["gold_id"], "status": "included", "published": sentences["dct"], "published_precision": "day"})
    return Corpus(articles=articles, sentences=table, removed=annotated.removed, clean_texts=dict(zip(table["article_id"], table["text"])))


def run_independent(gold: IndependentGold, tokens: pd.DataFrame, codebook_dir: Path, actors: list[Actor]) -> dict[str, pd.DataFrame]:
    """The system's quotations, stances and dated time expressions for the gold sentences.

    ``tokens`` is the annotation of :func:`annotation_corpus` (its article id
    is replaced by each sentence's own). Actors the codebook does not list
    are read too (``unlisted``): the sentences' holders, targets and
    speakers are mostly Indian parties, ministers and courts.
    """
    corpus = analysis_corpus(gold.sentences)
    tokens = tokens.assign(article_id=tokens["sentence_id"])
    as_of = max(dt.date.fromisoformat(day) for day in gold.sentences["dct"])
    return system_output(corpus, tokens, Path(codebook_dir), actors, as_of, unlisted=True)


def resolved_actors(strings: pd.Series, actors: list[Actor]) -> list[tuple[str, ...]]:
    """For each string, the codebook actors whose aliases or metonyms occur in it, in text order."""
    table = pd.DataFrame({"article_id": "", "sentence_id": range(len(strings)), "text": strings.tolist()})
    found = alias_matches(actors, table).groupby("sentence_id")["actor"].agg(lambda ids: tuple(dict.fromkeys(ids)))
    return [found.get(index, ()) for index in range(len(strings))]


def name_words(name: str) -> list[str]:
    """The words of a name, without its ``unlisted:`` prefix, dots and brackets split off ("एल. वी." -> एल वी)."""
    return re.findall(rf"[{WORD_CHARS}]+", name.removeprefix(UNLISTED_PREFIX))


def same_name(one: str, other: str) -> bool:
    """Whether two names are one actor's: the words of the shorter are a run of the longer's."""
    short, long = sorted((name_words(one), name_words(other)), key=len)
    return bool(short) and any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def resolved_speakers(strings: pd.Series, notes: pd.Series, actors: list[Actor]) -> list[str]:
    """Gold speaker strings as the system writes speakers: codebook ids ('+'-joined), else ``unlisted:`` and the
    string, '' for a pronoun left as written (its note says "pronoun") or nobody."""
    codebook = resolved_actors(strings, actors)
    return ["+".join(ids) if ids else "" if not text or (PRONOUN_NOTE in note and len(text.split()) == 1) else UNLISTED_PREFIX + text for ids, text, note in zip(codebook, strings, notes)]


def resolved_quotations(gold: pd.DataFrame, actors: list[Actor]) -> pd.DataFrame:
    """The gold quotations in the seed gold's form: speaker and reported_by as the system writes them (:func:`resolved_speakers`)."""
    notes = gold["note"] if "note" in gold.columns else pd.Series("", index=gold.index)
    return gold.assign(
        sentence_id=gold["gold_id"],
        speaker=resolved_speakers(gold["speaker"], notes, actors),
        reported_by=resolved_speakers(gold["reported_by"], pd.Series("", index=gold.index), actors),
    )


def aligned_speakers(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """System quotations whose unlisted speaker (or reporter) names a gold one of the same sentence written as the gold writes it."""
    names = gold.groupby("sentence_id")[["speaker", "reported_by"]].agg(lambda values: [v for v in values if v.startswith(UNLISTED_PREFIX)]).to_dict("index")

    def align(row: pd.Series, column: str) -> str:
        value = row[column] or ""
        candidates = names.get(row["sentence_id"], {}).get(column, [])
        return next((name for name in candidates if same_name(name, value)), value) if value.startswith(UNLISTED_PREFIX) else value

    return predicted.assign(**{column: predicted.apply(align, axis=1, column=column) if len(predicted) else predicted[column] for column in ("speaker", "reported_by")})


def codebook_only(table: pd.DataFrame) -> pd.DataFrame:
    """Quotations with unlisted speakers and reporters read as unknown: the codebook's view of who speaks."""
    return table.assign(**{column: table[column].fillna("").map(lambda v: "" if v.startswith(UNLISTED_PREFIX) else v) for column in ("speaker", "reported_by")})


def quotation_scores(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Detection, speaker attribution and speakers correct over codebook actors (unlisted ones read as unknown,
    as the in-sample figures are), plus *speakers correct, unlisted named*: every named speaker must be named."""
    named = score_speakers(aligned_speakers(predicted, gold), gold).set_index("measure").loc[["speakers correct"]].reset_index()
    return pd.concat([score_speakers(codebook_only(predicted), codebook_only(gold)), named.assign(measure=NAMED_SPEAKERS)], ignore_index=True)


def matches_actor(system: str, resolved: tuple[str, ...], written: str) -> bool:
    """Whether a system holder or target is the gold one: a codebook id among those resolved, or an unlisted name of the same words."""
    return system in resolved or (system.startswith(UNLISTED_PREFIX) and same_name(system, written))


def stance_matches(predicted: pd.DataFrame, gold: pd.DataFrame, actors: list[Actor]) -> int:
    """How many distinct system triples match a gold row (see the module docstring); each gold row once."""
    gold = gold.assign(holders=resolved_actors(gold["source"], actors), targets=resolved_actors(gold["target"], actors))
    used: set[int] = set()
    correct = 0
    for sentence_id, source, target, polarity in sorted(set(predicted[["sentence_id", "source", "target", "polarity"]].itertuples(index=False, name=None))):
        rows = gold[(gold["gold_id"] == sentence_id) & (gold["polarity"] == polarity) & ~gold.index.isin(used)]
        hit = next((i for i, row in rows.iterrows() if matches_actor(source, row["holders"], row["source"]) and matches_actor(target, row["targets"], row["target"])), None)
        if hit is not None:
            used.add(hit)
            correct += 1
    return correct


def score_independent_stances(predicted: pd.DataFrame, gold: pd.DataFrame, actors: list[Actor]) -> pd.DataFrame:
    """Precision, recall and F1 of actor → actor stance triples against the gold rows."""
    triples = predicted[(predicted["target"].fillna("") != "") & predicted["polarity"].isin(STANCE_POLARITIES)]
    distinct = triples[["sentence_id", "source", "target", "polarity"]].drop_duplicates()
    return pd.DataFrame([score_row("stance triples", stance_matches(distinct, gold, actors), len(distinct), len(gold))])


def in_split(table: pd.DataFrame, ids: set[str], column: str = "sentence_id") -> pd.DataFrame:
    """The rows of a table whose sentence is one of ``ids``, renumbered."""
    return table[table[column].isin(ids)].reset_index(drop=True)


def score_independent(gold: IndependentGold, output: dict[str, pd.DataFrame], actors: list[Actor]) -> pd.DataFrame:
    """Every figure of the independent evaluation, per split: columns :data:`SCORE_COLUMNS`."""
    quotations = resolved_quotations(gold.quotations, actors)
    expressions = gold.time_expressions.rename(columns={"gold_id": "sentence_id"})
    sentences = gold.sentences.rename(columns={"gold_id": "sentence_id"})
    tables = []
    for split in SPLITS:
        ids = set(sentences.loc[sentences["split"] == split, "sentence_id"])
        parts = [
            ("quotations", quotation_scores(in_split(output["quotations"], ids), in_split(quotations, ids))),
            ("time expressions", score_time_expressions(in_split(output["expressions"], ids), in_split(expressions, ids), in_split(sentences, ids))),
            ("stances", score_independent_stances(in_split(output["stances"], ids), in_split(gold.stances, ids, "gold_id"), actors)),
        ]
        tables.extend(scores.assign(task=task, split=split) for task, scores in parts)
    return pd.concat(tables, ignore_index=True)[SCORE_COLUMNS]


def score_stance_dev2(gold: IndependentGold, output: dict[str, pd.DataFrame], actors: list[Actor]) -> pd.DataFrame:
    """The stance figures of the second development set, as rows of split :data:`DEV2_SPLIT` (columns :data:`SCORE_COLUMNS`)."""
    return score_independent_stances(output["stances"], gold.stances, actors).assign(task="stances", split=DEV2_SPLIT)[SCORE_COLUMNS]


def independent_scores(gold_dir: Path, models: Models, cache_dir: Path, codebook_dir: Path, actors: list[Actor]) -> pd.DataFrame:
    """The whole independent evaluation: read the gold, annotate it through the cache, run the system, score it;
    with the second stance development set's figures (split ``dev2``) where the gold has one."""
    gold = load_independent(gold_dir)
    tokens = annotate_corpus(annotation_corpus(gold.sentences), models, Path(cache_dir), progress=False)
    scores = [score_independent(gold, run_independent(gold, tokens, codebook_dir, actors), actors)]
    dev2 = load_stance_dev2(gold_dir)
    if dev2 is not None:
        tokens = annotate_corpus(annotation_corpus(dev2.sentences, DEV2_ANNOTATION_ID), models, Path(cache_dir), progress=False)
        scores.append(score_stance_dev2(dev2, run_independent(dev2, tokens, codebook_dir, actors), actors))
    return pd.concat(scores, ignore_index=True)
