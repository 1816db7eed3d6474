"""The checks of ``rcreport check`` and ``rcreport add`` beyond loading the corpus: theme patterns
against the cached tokens, the events codebook, and the publication date a new article would get.

Each prints its findings (errors, warnings, notes) as the command line shows
them and returns what decides the exit status; :mod:`rcreport.cli` only parses
the arguments and calls them.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pandas as pd

from .corpus import (
    MAX_ARTICLE_BYTES,
    MIN_DEVANAGARI_SHARE,
    NEAR_DUPLICATE_CONTAINMENT,
    SHINGLE_WORDS,
    Corpus,
    CorpusError,
    load_corpus,
)

# What loading the corpus checks, as `rcreport check` lists it
CHECKS = (
    f"metadata (id, file, language hi, dates not malformed or in the future); "
    f"file (present, at most {MAX_ARTICLE_BYTES // 2**20} MiB, UTF-8, not empty); "
    f"script (at least {MIN_DEVANAGARI_SHARE:.0%} of letters Devanagari); "
    f"duplicates (same clean text, or at least {NEAR_DUPLICATE_CONTAINMENT:.0%} shared {SHINGLE_WORDS}-word sequences "
    "with an article of lower id)"
)


def check_data(data_dir: Path, cache_dir: Path, models_dir: Path) -> int:
    """Print the checks and each article's status; return 1 if any article is excluded, a theme pattern
    fails on the tokens (:func:`check_patterns`), events.yml is unusable (:func:`check_events`) or the table is unreadable."""
    try:
        corpus = load_corpus(data_dir)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"checks: {CHECKS}")
    for article in corpus.articles.itertuples():
        detail = article.reason or f"{article.n_sentences} sentences"
        print(f"{article.id}  {article.status:<8}  {detail}")
    pattern_errors = check_patterns(corpus, data_dir, cache_dir, models_dir)
    events_problem = check_events(data_dir / "codebook", corpus)
    excluded = (corpus.articles["status"] != "included").sum()
    print(f"{len(corpus.articles)} articles, {excluded} excluded")
    return 1 if excluded or pattern_errors or events_problem else 0


class NotCached(Exception):
    """An article is not in the annotation cache (the pattern check annotates nothing)."""


def cached_tokens(corpus: Corpus, models_dir: Path, cache_dir: Path) -> tuple[pd.DataFrame, list[str]]:
    """The tokens of the included articles the annotation cache holds, and the ids of those it does not."""
    from .nlp import annotate_corpus, bundled_models

    def not_cached(models):
        raise NotCached

    models, tables, missing = bundled_models(models_dir), [], []
    for article_id in corpus.included["id"]:
        try:
            tables.append(annotate_corpus(dataclasses.replace(corpus, articles=corpus.articles[corpus.articles["id"] == article_id]), models, cache_dir, not_cached, progress=False))
        except NotCached:
            missing.append(article_id)
    return (pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()), missing


def check_patterns(corpus: Corpus, data_dir: Path, cache_dir: Path, models_dir: Path) -> int:
    """Report, as errors, theme patterns an article's text holds but no token matches; return how many.

    The tokens come from the annotation cache, so the check needs a build (or
    ``make book``) to have annotated the articles; those not yet annotated are
    named and left out. Without the models the check is skipped with a note:
    the corpus checks above do not need them.
    """
    from .codebook import CodebookError, load_themes
    from .nlp import ModelError
    from .themes import theme_matches, tokenisation_misses

    try:
        themes = load_themes(data_dir / "codebook" / "themes.yml")
        tokens, missing = cached_tokens(corpus, models_dir, cache_dir)
    except CodebookError as error:
        print(f"error: {error}")
        return 1
    except ModelError as error:
        print(f"patterns: not checked against the tokens ({error})")
        return 0
    if missing:
        print(f"patterns: not checked in {', '.join(missing)}, not yet annotated in {cache_dir} (run `make book`, then check again)")
    misses = tokenisation_misses(theme_matches(themes, tokens, corpus.sentences), tokens, corpus.sentences) if len(tokens) else pd.DataFrame()
    for miss in misses.itertuples():
        print(
            f"error: themes.yml, entry {miss.theme!r}: pattern {miss.pattern!r} occurs in {miss.sentence_id} ({miss.matched!r}) "
            f"but matches no token there (tokenised as {miss.tokenised_as!r}); write the pattern as the tokens are, "
            "e.g. with a wildcard, so that its inflected forms are found too"
        )
    print(f"patterns: {len(misses)} occurring in the text but on no token")
    return len(misses)


def check_events(codebook_dir: Path, corpus) -> int:
    """Validate events.yml (with actors.yml and time.yml); warn of aliases that match nothing in the corpus; 1 if it is unusable."""
    from .codebook import CodebookError, load_actors, load_time_words
    from .event_codebook import load_events
    from .known_events import unmatched_aliases

    try:
        actors = load_actors(codebook_dir / "actors.yml")
        events = load_events(codebook_dir / "events.yml", {actor.id for actor in actors})
        time_words = load_time_words(codebook_dir / "time.yml")
    except CodebookError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"events.yml: {len(events.events)} events, {len(events.series)} series, valid")
    unmatched = unmatched_aliases(events, time_words, corpus.sentences)
    if unmatched:
        print(f"warning: events.yml: {len(unmatched)} entries have aliases that match nothing in the corpus (a typo, or an event no article names yet):")
        for entry, aliases in unmatched.items():
            print(f"  {entry}: {', '.join(aliases)}")
    return 0


def suggest_publication(data_dir: Path, added: Corpus, article_id: str) -> None:
    """Print the publication date the chronology would infer for a newly added article (``added``, the article alone as a corpus), and its evidence, for the user to confirm.

    An article's date is inferred from it alone, so the rest of the corpus is not read.
    """
    from .chronology import chronology
    from .codebook import CodebookError

    try:
        stage = chronology(added, data_dir / "codebook")
    except CodebookError as error:
        print(f"no publication date suggested: {error}")
        return
    row = stage.publications.set_index("article_id").loc[article_id]
    print(f"no --published given; the build would infer: {row['shown']}")
    for fact in stage.evidence[(stage.evidence["article_id"] == article_id) & stage.evidence["applied"] & (stage.evidence["sentence_id"] != "")].itertuples():
        print(f"  {fact.sentence_id}  {fact.text}  {fact.event}  {fact.rule}")
    print(f"if that is right, write it into the published, published_precision and published_source fields of {article_id} in {data_dir / 'articles.csv'}")
