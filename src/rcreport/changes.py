"""The "What changed since the last edition" page, written on every build.

It compares the tables of this build (``build/tables``) with those of the
latest release of the same edition (:mod:`rcreport.releases`): the articles
added, removed or newly left out; theme prevalence; stance pairs; the most
quoted speakers; the timeline's events and publication dates. Every count
that changed is split by cause: the part that comes from articles added to
or removed from the corpus is *new data*; the rest, a change in articles both
editions hold, comes from what changed underneath them, named from the
recorded hashes (the codebook, the models, the code). Each change links to
its evidence sentences. Article text and codebook labels are escaped.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .evidence import article_link, sentence_link
from .pages import escape_markdown, markdown_table
from .releases import COMPONENTS

EVIDENCE_SHOWN = 3  # sentence links per changed count
NO_CHANGE = "No change."


def changed_components(previous: dict, current: dict) -> list[str]:
    """The parts (data, codebook, models, code) whose recorded hash differs between two builds."""
    return [name for name in COMPONENTS if previous["hashes"].get(name) != current["hashes"].get(name)]


def rules_cause(components: list[str]) -> str:
    """The label of a change in articles both editions hold: what changed underneath them."""
    causes = [f"{name} change" for name in components if name != "data"]
    return " and ".join(causes) or "as-of date or relevance"


def corpus_ids(tables: dict[str, pd.DataFrame]) -> set[str]:
    return set(tables["edition_articles"]["article_id"])


def paged_ids(tables: dict[str, pd.DataFrame]) -> set[str]:
    """The articles of the edition, those with a page in its book (evidence links can lead there)."""
    articles = tables["edition_articles"]
    return set(articles.loc[(articles["in_edition"].astype(str) == "True") & (articles["status"] == "included"), "article_id"])


def selected_ids(tables: dict[str, pd.DataFrame]) -> set[str]:
    articles = tables["edition_articles"]
    return set(articles.loc[articles["selected"].astype(str) == "True", "article_id"])


def link(sentence_id: str, present: set[str]) -> str:
    """A link to a sentence of this book, or its bare id where its article is no longer in it."""
    return sentence_link(sentence_id) if sentence_id.split(".")[0] in present else f"`{sentence_id}` (no longer in the book)"


def article_changes(previous: dict[str, pd.DataFrame], current: dict[str, pd.DataFrame], cause: str, present: set[str]) -> list[dict]:
    """One row per article added, removed, newly left out or newly selected, with the reason."""
    titles = {**dict(zip(previous["articles"]["id"], previous["articles"]["title"])), **dict(zip(current["articles"]["id"], current["articles"]["title"]))}
    before, now = corpus_ids(previous), corpus_ids(current)
    was, selected = selected_ids(previous), selected_ids(current)
    reasons = dict(zip(current["edition_articles"]["article_id"], current["edition_articles"]["reason"]))
    rows = []
    for article_id in sorted(before | now):
        if article_id not in before:
            change = "added to the corpus" + ("" if article_id in selected else f", not selected ({reasons[article_id] or 'failed a check'})")
            why = "new data"
        elif article_id not in now:
            change, why = "removed from the corpus", "new data"
        elif (article_id in was) == (article_id in selected):
            continue
        else:
            change = "now selected" if article_id in selected else f"left out: {reasons[article_id] or 'failed a check'}"
            why = cause
        shown = article_link(article_id) if article_id in present else f"`{article_id}`"
        rows.append({"article": shown, "title": escape_markdown(titles.get(article_id, "") or "untitled"), "change": escape_markdown(change), "cause": why})
    return rows


def count_changes(previous: pd.DataFrame, current: pd.DataFrame, key: Callable[[pd.DataFrame], pd.Series], sides: tuple[set[str], set[str]], cause: str, present: set[str]) -> list[dict]:
    """Per key (a theme, a stance pair, a speaker), the count before and now, split by cause, with evidence.

    ``sides`` are the article ids added to and removed from the corpus: their
    rows are the change due to new data; the rest of a change is ``cause``'s.
    """
    added, removed = sides
    before, now = previous.assign(key=key(previous)), current.assign(key=key(current))
    rows = []
    for value in sorted(set(before["key"]) | set(now["key"])):
        old, new = before[before["key"] == value], now[now["key"] == value]
        if len(old) == len(new) and set(old["sentence_id"]) == set(new["sentence_id"]):
            continue
        from_data = int(new["article_id"].isin(added).sum() - old["article_id"].isin(removed).sum())
        from_rules = len(new) - len(old) - from_data
        fresh = [sentence for sentence in new["sentence_id"] if sentence not in set(old["sentence_id"])]
        gone = [sentence for sentence in old["sentence_id"] if sentence not in set(new["sentence_id"])]
        evidence = [f"+ {link(s, present)}" for s in fresh[:EVIDENCE_SHOWN]] + [f"− {link(s, present)}" for s in gone[:EVIDENCE_SHOWN]]
        rows.append(
            {
                "": escape_markdown(value),
                "before": len(old),
                "now": len(new),
                "change": f"{len(new) - len(old):+d}",
                "from new data": f"{from_data:+d}" if from_data else "",
                f"from {cause}": f"{from_rules:+d}" if from_rules else "",
                "evidence": ", ".join(evidence),
            }
        )
    return rows


def event_changes(previous: pd.DataFrame, current: pd.DataFrame, as_of: tuple[str, str], present: set[str]) -> tuple[list[dict], int]:
    """Events new, gone or with another date (by sentence and words); and how many only moved with the as-of date."""
    key = ["sentence_id", "text"]
    merged = previous[[*key, "date"]].merge(current[[*key, "date"]], on=key, how="outer", suffixes=("_before", "_now"), indicator="side")
    rows, moved = [], 0
    for event in merged.itertuples():
        if event.side == "both" and event.date_before == event.date_now:
            continue
        if event.side == "both" and event.date_before.endswith(f"/{as_of[0]}") and event.date_now.endswith(f"/{as_of[1]}"):
            moved += 1
            continue
        change = {"left_only": "gone", "right_only": "new"}.get(event.side, "date changed")
        before, now = ("" if pd.isna(value) else value for value in (event.date_before, event.date_now))
        rows.append({"sentence": link(event.sentence_id, present), "words": escape_markdown(event.text), "change": change, "date before": before, "date now": now})
    return rows, moved


def publication_changes(previous: pd.DataFrame, current: pd.DataFrame, present: set[str]) -> list[dict]:
    """Articles of both editions whose publication date (as shown) changed."""
    merged = previous[["article_id", "shown"]].merge(current[["article_id", "shown"]], on="article_id", suffixes=("_before", "_now"))
    return [
        {"article": article_link(row.article_id) if row.article_id in present else f"`{row.article_id}`", "before": escape_markdown(row.shown_before), "now": escape_markdown(row.shown_now)}
        for row in merged.itertuples()
        if row.shown_before != row.shown_now
    ]


def section(title: str, rows: list[dict], note: str = "") -> list[str]:
    """A section of the page: its heading, a note, then the table of changes or 'No change.'."""
    return [f"## {title}", "", *([note, ""] if note else []), *(markdown_table(rows) if rows else [NO_CHANGE, ""])]


def changes_page(current: dict, tables: dict[str, pd.DataFrame], previous: dict | None, previous_tables: dict[str, pd.DataFrame] | None, this_release: dict | None) -> str:
    """The page: what changed between the release ``previous`` and this build (``current``, its ``tables``)."""
    lines = ["(changes)=", "# What changed since the last edition", ""]
    name = f"edition {this_release['release']}" if this_release else f"this build (content {current['content']}, not released)"
    if previous is None:
        return "\n".join(
            [
                *lines,
                f"This book is {name} of {escape_markdown(current['description'])}. No earlier edition with these parameters has been released, so there is nothing to compare it with; `rcreport release` records one.",
                "",
            ]
        )
    components = changed_components(previous, current)
    cause = rules_cause(components)
    underneath = ", ".join(components) or "nothing"
    lines += [
        f"This book is {name} of {escape_markdown(current['description'])}, compared with edition {previous['release']}, released {previous['released'][:10]}.",
        f"Changed since then: {underneath} (by the recorded hashes). A count that changed is split into the part that comes from articles added to or",
        f"removed from the corpus (*new data*) and the rest, a change in articles both editions hold (*{cause}*).",
        "Evidence: + a sentence that counts now and did not, − one that counted and no longer does.",
        "",
    ]
    before, now = corpus_ids(previous_tables), corpus_ids(tables)
    sides, present = (now - before, before - now), paged_ids(tables)

    def of_selected(table: pd.DataFrame, which: dict[str, pd.DataFrame]) -> pd.DataFrame:
        return table[table["article_id"].isin(selected_ids(which))]

    def counted(name: str, key: Callable[[pd.DataFrame], pd.Series], keep: Callable[[pd.DataFrame], pd.DataFrame] = lambda table: table) -> list[dict]:
        return count_changes(keep(of_selected(previous_tables[name], previous_tables)), keep(of_selected(tables[name], tables)), key, sides, cause, present)

    lines += section("Articles", article_changes(previous_tables, tables, cause, present))
    lines += section("Theme prevalence", counted("theme_assignments", lambda table: table["theme"]), "Sentences carrying each theme.")
    lines += section(
        "Stance pairs",
        counted("stances", lambda table: table["source"] + " → " + table["target"].replace("", "(none)") + " (" + table["polarity"] + ")"),
        "Stance triples of each holder, target and polarity.",
    )
    lines += section("Most-quoted speakers", counted("quotations", lambda table: table["speaker"], lambda table: table[table["speaker"] != ""]), "Quotations attributed to each speaker.")
    events, moved = event_changes(of_selected(previous_tables["timeline_events"], previous_tables), of_selected(tables["timeline_events"], tables), (previous["as_of"], current["as_of"]), present)
    moved_note = f" {moved} events whose interval ends on the as-of date moved with it ({previous['as_of']} to {current['as_of']}) and are not listed." if moved else ""
    lines += section("Timeline events", events, "Events new, gone or dated differently, by sentence and words." + moved_note)
    lines += section("Publication dates", publication_changes(of_selected(previous_tables["publication_dates"], previous_tables), of_selected(tables["publication_dates"], tables), present))
    return "\n".join(lines)
