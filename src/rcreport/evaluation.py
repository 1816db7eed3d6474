"""Evaluation: quotations and stance triples scored against a gold annotation.

The gold tables (``quotations.csv``, ``stances.csv``) list what a careful
reader finds in the covered articles; every figure the book reports about
the rules' accuracy comes from :func:`gold_scores`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .quotations import split_actors
from .text import QUOTE_MARKS

TRIPLE = ["sentence_id", "source", "target", "polarity"]


class GoldError(ValueError):
    """A gold file cannot be read; the message names the file and what to do."""


def read_gold_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A gold CSV read as NFC text; :class:`GoldError` when it or one of ``columns`` is missing.

    Every gold file lives beside a README that documents its columns, and the
    errors point there.
    """
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"{path} is missing; the gold annotation and its columns are described in {path.parent / 'README.md'}")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise GoldError(f"{path}: column {missing[0]!r} is missing; {path.parent / 'README.md'} lists the columns")
    return table.apply(lambda column: column.str.normalize("NFC"))


def normalise(text: str) -> str:
    """Text for matching quotations: quote marks dropped, spaces collapsed."""
    return " ".join(re.sub(f"[{QUOTE_MARKS}]", " ", str(text)).split())


def score_quotations(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of quotation detection and of speaker attribution against a gold table.

    A gold row (sentence_id, quote_start, speaker, reported_by) is found by a
    predicted row of the same sentence whose quote contains quote_start
    (each predicted row matches once). Attribution counts a found quotation
    with a gold speaker as correct when speaker and reported_by agree (as
    sets of actors); its precision is over predicted rows that name a speaker.
    """
    predicted = predicted.fillna("")
    gold = gold.fillna("")
    used: set[int] = set()
    detected = attributed = 0
    for row in gold.itertuples():
        candidates = predicted[(predicted["sentence_id"] == row.sentence_id) & ~predicted.index.isin(used)]
        hit = next((i for i, quote in candidates["quote"].items() if normalise(row.quote_start) in normalise(quote)), None)
        if hit is None:
            continue
        used.add(hit)
        detected += 1
        same = all(set(split_actors(predicted.at[hit, column])) == set(split_actors(getattr(row, column))) for column in ("speaker", "reported_by"))
        attributed += bool(row.speaker) and same
    named_gold, named_predicted = int((gold["speaker"] != "").sum()), int((predicted["speaker"] != "").sum())
    return pd.DataFrame(
        [
            score_row("quotation detection", detected, len(predicted), len(gold)),
            score_row("speaker attribution", attributed, named_predicted, named_gold),
        ]
    )


def score_row(measure: str, correct: int, predicted: int, gold: int) -> dict:
    """One row of an evaluation table: counts, precision, recall and F1."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"measure": measure, "gold": gold, "predicted": predicted, "correct": correct, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def triples(table: pd.DataFrame) -> set[tuple[str, str, str, str]]:
    """The distinct (sentence_id, source, target, polarity) triples of a stance table."""
    return set(table[TRIPLE].fillna("").itertuples(index=False, name=None))


def score_stances(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of stance triples (sentence, source, target, polarity) against a gold table."""
    found, expected = triples(predicted), triples(gold)
    return pd.DataFrame([score_row("stance triples", len(found & expected), len(found), len(expected))])


def gold_scores(quotations: pd.DataFrame, stances: pd.DataFrame, gold_dir: Path) -> pd.DataFrame:
    """Quotation detection, speaker attribution and stance triples scored against ``gold_dir``'s CSV files.

    Only the articles the gold annotation covers are scored.
    """
    gold_quotes = pd.read_csv(Path(gold_dir) / "quotations.csv", dtype=str, keep_default_na=False)
    gold_stances = pd.read_csv(Path(gold_dir) / "stances.csv", dtype=str, keep_default_na=False)
    covered = {sentence_id.split(".")[0] for sentence_id in pd.concat([gold_quotes["sentence_id"], gold_stances["sentence_id"]])}
    quotations, stances = quotations[quotations["article_id"].isin(covered)], stances[stances["article_id"].isin(covered)]
    return pd.concat([score_quotations(quotations, gold_quotes), score_stances(stances, gold_stances)], ignore_index=True)
