"""Relevance: which articles are about Russia–China relations, and which sentences no rule reaches.

An article is on topic when it names an actor of each side — Russia or
someone acting for it, and China or someone acting for it — whatever its
themes: a report on a bilateral treaty may match few theme patterns and still
be about nothing else. An article that names neither side is possibly off
topic whatever its themes (a state budget speaks of defence and trade too).
Only an article that names one side is judged by its themes: it is flagged
when fewer than :data:`OFF_TOPIC_THRESHOLD` of its sentences carry a theme.

Flagged articles stay in the corpus and are listed with their reason, but
every chapter leaves them out of its figures (:func:`on_topic`), so that a
count or a ranking is about Russia–China coverage only.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from .actors import SIDES, actor_sides, find_mentions
from .codebook import load_actors, load_themes
from .corpus import Corpus
from .themes import assign_themes

# Below this share of themed sentences an article naming only one side is flagged as possibly off topic
OFF_TOPIC_THRESHOLD = 0.25
RELEVANCE_COLUMNS = ["article_id", "sentences", *(f"{side}_mentions" for side in SIDES), "themed_share", "off_topic", "reason"]
COVERAGE_COLUMNS = ["article_id", "sentences", "no_theme", "no_actor", "no_stance", "none_of_them"]


def side_mentions(mentions: pd.DataFrame, sides: dict[str, str]) -> pd.DataFrame:
    """Mentions of each side per article (articles as rows, the sides as columns; metonyms count)."""
    of_side = mentions.assign(side=mentions["actor"].map(sides)).dropna(subset=["side"])
    return pd.crosstab(of_side["article_id"], of_side["side"]).reindex(columns=list(SIDES), fill_value=0)


def relevance_reason(counts: dict[str, int], themed_share: float, threshold: float) -> tuple[bool, str]:
    """Whether an article is possibly off topic, and why, from its mentions of each side and its themed share."""
    named = [side for side in SIDES if counts[side]]
    tally = ", ".join(f"{side.title()} {counts[side]}" for side in SIDES)
    if len(named) == len(SIDES):
        return False, f"names both sides ({tally} mentions)"
    if not named:
        return True, "names neither Russia nor China, nor anyone acting for them"
    flagged = themed_share < threshold
    verdict = "below" if flagged else "at or above"
    return flagged, f"names only {named[0].title()}'s side ({tally} mentions); {themed_share:.0%} of sentences themed, {verdict} the {threshold:.0%} threshold"


def article_relevance(sentences: pd.DataFrame, mentions: pd.DataFrame, assignments: pd.DataFrame, sides: dict[str, str], threshold: float = OFF_TOPIC_THRESHOLD) -> pd.DataFrame:
    """One row per article: its sentences, mentions of each side, themed share, the off-topic flag and its reason."""
    totals = sentences.groupby("article_id", sort=False).size()
    counts = side_mentions(mentions, sides).reindex(totals.index, fill_value=0)
    themed = assignments.groupby("article_id")["sentence_id"].nunique().reindex(totals.index, fill_value=0)
    share = (themed / totals).round(3)
    rows = []
    for article_id, total in totals.items():
        flag, reason = relevance_reason(counts.loc[article_id].to_dict(), share[article_id], threshold)
        rows.append((article_id, int(total), *(int(counts.at[article_id, side]) for side in SIDES), share[article_id], flag, reason))
    return pd.DataFrame(rows, columns=RELEVANCE_COLUMNS)


def relevance_table(corpus: Corpus, tokens: pd.DataFrame, codebook_dir: Path, threshold: float = OFF_TOPIC_THRESHOLD) -> pd.DataFrame:
    """:func:`article_relevance` of the corpus's included articles, with the themes and actors of ``codebook_dir``."""
    actors = load_actors(Path(codebook_dir) / "actors.yml")
    themes = load_themes(Path(codebook_dir) / "themes.yml")
    sentences = corpus.sentences[corpus.sentences["article_id"].isin(corpus.included["id"])]
    _, assignments = assign_themes(themes, actors, tokens, sentences)
    return article_relevance(sentences, find_mentions(actors, sentences), assignments, actor_sides(actors), threshold)


def on_topic_ids(relevance: pd.DataFrame) -> list[str]:
    """The ids of the articles not flagged as possibly off topic, in corpus order."""
    return relevance.loc[~relevance["off_topic"], "article_id"].tolist()


def on_topic(corpus: Corpus, tokens: pd.DataFrame, relevance: pd.DataFrame) -> tuple[Corpus, pd.DataFrame]:
    """The corpus and token table without the articles flagged off topic: what every chapter's figures count.

    Excluded articles (those that failed a check) stay listed as they were.
    """
    flagged = set(relevance.loc[relevance["off_topic"], "article_id"])
    return on_topic_corpus(corpus, relevance), tokens[~tokens["article_id"].isin(flagged)]


def on_topic_corpus(corpus: Corpus, relevance: pd.DataFrame) -> Corpus:
    """The corpus without the articles ``relevance`` flags off topic (see :func:`on_topic`)."""
    flagged = set(relevance.loc[relevance["off_topic"], "article_id"])
    return dataclasses.replace(
        corpus,
        articles=corpus.articles[~corpus.articles["id"].isin(flagged)],
        sentences=corpus.sentences[~corpus.sentences["article_id"].isin(flagged)],
        clean_texts={key: text for key, text in corpus.clean_texts.items() if key not in flagged},
    )


def coverage_gaps(sentences: pd.DataFrame, assignments: pd.DataFrame, mentions: pd.DataFrame, stances: pd.DataFrame) -> pd.DataFrame:
    """Per article, how many sentences carry no theme, no actor, no stance, and none of the three: where recall is lost."""
    columns = {"no_theme": assignments, "no_actor": mentions, "no_stance": stances}
    flags = pd.DataFrame({name: ~sentences["sentence_id"].isin(set(table["sentence_id"])) for name, table in columns.items()})
    flags["none_of_them"] = flags.all(axis=1)
    flags["article_id"], flags["sentences"] = sentences["article_id"].to_numpy(), 1
    table = flags.groupby("article_id", sort=False)[COVERAGE_COLUMNS[1:]].sum().astype(int)
    return table.reset_index()[COVERAGE_COLUMNS]
