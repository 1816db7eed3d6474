"""Statements: what a reader counts, each stance or quotation once however often an article repeats it.

A stance row is one holder → target (or issue) with a polarity in one
sentence. A news article restates its main points: a headline, a sub-heading
and the body may each say that Putin praised the efforts of Moscow and
Beijing, and a reader counts that once. Two rows of one article are one
*statement* when they have the same holder, target and polarity and their
sentences restate each other: they have the same content words, or share at
least :data:`MIN_SHARED_WORDS` of them making up :data:`RESTATEMENT_OVERLAP`
of the shorter sentence's. Content words are
the words other than the function words of grammar.yml and the actors'
names: two sentences with the same holder and target name them both, which
says nothing about whether they say the same thing. Rows of one sentence with the same triple are
one statement too. Across articles nothing is merged: two outlets reporting
the same praise are two reports. Quotations carry their own statement id
(:mod:`rcreport.quotations`: a quotation over several sentences, or repeated,
is one).

Leaders and their states are kept apart by default (Putin → China and
Russia → China are two pairs); :func:`merge_states` counts every person or
organisation as the state it acts for, so that a ranking can be shown under
both choices (:func:`rankings`).
"""

from __future__ import annotations

import re

import pandas as pd

from .codebook import Actor, Grammar
from .quotations import split_actors
from .sentence import SentenceView
from .text import WORD_CHAR

RESTATEMENT_OVERLAP = 0.5  # share of the shorter sentence's content words the other must hold to restate it
# ...and at least this many: "शी ने रूस का समर्थन किया" has the cue as its only content word, which any
# other support of Russia by Xi shares; a restatement repeats more than the cue (A002's lede and
# sub-heading share "प्रयासों" and "सराहना")
MIN_SHARED_WORDS = 2
TRIPLE_KEY = ["article_id", "source", "target", "polarity", "issue"]
WORD = re.compile(f"{WORD_CHAR}+")


def function_words(grammar: Grammar) -> frozenset[str]:
    """The closed-class words of grammar.yml, which say nothing about whether two sentences restate each other."""
    return frozenset().union(
        grammar.postpositions, grammar.compound_parts, grammar.particles, grammar.subordinators, grammar.clause_coordinators,
        grammar.auxiliaries, grammar.negators, grammar.light_verb_forms, {grammar.complementizer},
    )  # fmt: skip


def content_words(view: SentenceView) -> frozenset[str]:
    """The words of a sentence other than its function words and the names of actors in it."""
    named = {index for mention in view.mentions for index in range(mention.first, mention.last + 1)}
    words = {word.text for index, word in enumerate(view.words) if index not in named and WORD.fullmatch(word.text)}
    return frozenset(words) - function_words(view.grammar)


def sentence_words(views: list[SentenceView]) -> dict[str, frozenset[str]]:
    """Every sentence's content words by sentence id, what :func:`statement_ids` compares."""
    return {view.sentence_id: content_words(view) for view in views}


def restates(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether two sentences' content words overlap enough for one to restate the other."""
    shared, shorter = len(one & other), min(len(one), len(other))
    return one == other or (shared >= MIN_SHARED_WORDS and shared / shorter >= RESTATEMENT_OVERLAP)


def statement_ids(stances: pd.DataFrame, words: dict[str, frozenset[str]]) -> pd.Series:
    """Each stance row's statement: the sentence id where the article first tells it (see the module docstring).

    ``words`` maps sentence ids to their content words (:func:`sentence_words`).
    Rows of one article with the same holder, target, polarity (and issue)
    are one statement when their sentences restate the statement's first.
    """
    ids = pd.Series(stances["sentence_id"].to_numpy(), index=stances.index, dtype=object)
    for _, group in stances.groupby([stances[key].fillna("") for key in TRIPLE_KEY], sort=False):
        told: list[str] = []  # the first sentence of each statement found so far, in text order
        for index, sentence_id in group["sentence_id"].items():
            first = next((earlier for earlier in told if earlier == sentence_id or restates(words[earlier], words[sentence_id])), None)
            if first is None:
                told.append(sentence_id)
            ids[index] = first or sentence_id
    return ids.astype(stances["sentence_id"].dtype)  # the ids' own type, as the column is read back from Parquet


def merge_states(stances: pd.DataFrame, actors: list[Actor], words: dict[str, frozenset[str]]) -> pd.DataFrame:
    """The stance table with every person or organisation counted as the state it acts for, and statements recomputed.

    A stance of a leader towards his own state disappears (it was none);
    actors of no state stay as they are.
    """
    state = {actor.id: actor.country or actor.id for actor in actors}
    merged = stances.assign(source=stances["source"].map(lambda a: state.get(a, a)), target=stances["target"].map(lambda a: state.get(a, a) if a else a))
    merged = merged[merged["source"] != merged["target"]]
    return merged.assign(statement=statement_ids(merged, words))


def distinct_stances(stances: pd.DataFrame) -> pd.DataFrame:
    """One row per statement: each holder → target (or issue) with its polarity counted once per statement."""
    return stances.drop_duplicates(["source", "target", "polarity", "issue", "statement"])


def rankings(stances: pd.DataFrame) -> dict[str, pd.Series]:
    """Supporting holder → target pairs and opposed targets, by number of distinct statements (rows shown for comparison).

    Returns ``support_pairs`` and ``opposed_targets`` (statements, most
    first) and the same counted over rows (``support_pair_rows``,
    ``opposed_target_rows``), between actors only.
    """
    between = stances[stances["target"] != ""]
    distinct = distinct_stances(between)

    def count(table: pd.DataFrame, polarity: str, by: list[str]) -> pd.Series:
        return table[table["polarity"] == polarity].groupby(by).size().sort_values(ascending=False, kind="stable")

    return {
        "support_pairs": count(distinct, "support", ["source", "target"]),
        "opposed_targets": count(distinct, "oppose", ["target"]),
        "support_pair_rows": count(between, "support", ["source", "target"]),
        "opposed_target_rows": count(between, "oppose", ["target"]),
    }


def leaders(counts: pd.Series) -> list:
    """The keys that share the highest count (a tie gives several)."""
    return [key for key, value in counts.items() if value == counts.iloc[0]] if len(counts) else []


def name(key: tuple[str, str] | str, labels: dict[str, str]) -> str:
    """A ranking key as labels: a pair as "A → B", a target or speaker as its label (coordinated speakers "A + B")."""
    if isinstance(key, tuple):
        return " → ".join(labels.get(actor, actor) for actor in key)
    return " + ".join(labels.get(actor, actor) for actor in split_actors(key))


def top(counts: pd.Series, labels: dict[str, str], unit: str = "statement") -> str:
    """The leading key(s) of a ranking with its count: "Russia → China (5 statements)", ties joined by "and"; speakers as "+"-joined ids."""
    keys = leaders(counts)
    if not keys:
        return "none"
    return f"{' and '.join(name(key, labels) for key in keys)} ({counts.iloc[0]} {unit}{'' if counts.iloc[0] == 1 else 's'})"


def quotation_counts(quotations: pd.DataFrame, actors: list[Actor] | None = None) -> pd.Series:
    """Distinct quotations per speaker (most first); with ``actors``, every speaker counted as the state it acts for."""
    distinct = quotations[quotations["speaker"] != ""].drop_duplicates("quotation")
    if actors is not None:
        state = {actor.id: actor.country or actor.id for actor in actors}
        speakers = distinct["speaker"].map(lambda value: "+".join(dict.fromkeys(state.get(a, a) for a in split_actors(value))))
        distinct = distinct.assign(speaker=speakers)
    return distinct["speaker"].value_counts()


def headlines(stances: pd.DataFrame, labels: dict[str, str], examples: int = 3) -> dict[str, object]:
    """The headline findings over distinct statements: the leading supporting holder → target pair(s) and the most opposed actor(s), with example sentences.

    Counted over statements (:mod:`rcreport.statements`), a stance an article
    repeats counts once; tied leaders are all named. ``*_statements`` and
    ``*_rows`` give the leader's count both ways; examples are the sentences
    where each statement is first told.
    """
    ranked = rankings(stances)
    pairs, targets = leaders(ranked["support_pairs"]), leaders(ranked["opposed_targets"])
    between = stances[stances["target"] != ""]
    pair_rows = between[(between["polarity"] == "support") & pd.Series(list(zip(between["source"], between["target"])), index=between.index).isin(pairs)]
    target_rows = between[(between["polarity"] == "oppose") & between["target"].isin(targets)]
    return {
        "top_support_pair": " and ".join(" → ".join(labels[actor] for actor in pair) for pair in pairs) or "none",
        "top_support_statements": int(ranked["support_pairs"].iloc[0]) if pairs else 0,
        "top_support_rows": int(ranked["support_pair_rows"][pairs].max()) if pairs else 0,
        "top_oppose_target": " and ".join(labels[target] for target in targets) or "none",
        "top_oppose_statements": int(ranked["opposed_targets"].iloc[0]) if targets else 0,
        "top_oppose_rows": int(ranked["opposed_target_rows"][targets].max()) if targets else 0,
        "support_sentences": list(dict.fromkeys(pair_rows["statement"]))[:examples],
        "oppose_sentences": list(dict.fromkeys(target_rows["statement"]))[:examples],
    }


def issue_stances(stances: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Stances aimed at an issue (a plan, a scheme, an effort) rather than an actor, one per statement: holder, polarity, the issue named, its sentence."""
    issues = stances[stances["target"] == ""].drop_duplicates(["source", "polarity", "issue", "statement"])
    return pd.DataFrame(
        {
            "holder": issues["source"].map(labels),
            "polarity": issues["polarity"],
            "issue": issues["issue"],
            "cue": issues["cue"],
            "sentence_id": issues["statement"],
        }
    ).reset_index(drop=True)
