"""The analyst-editable codebooks in ``data/codebook/``: loading and validation.

A codebook is YAML that an analyst edits by hand, so every mistake gets a
message naming the file, the entry and what to do: unknown keys, missing
keys, duplicate ids and empty pattern lists raise :class:`CodebookError`.
Patterns that match nothing in the corpus are not errors (a new article may
need them later); :func:`unmatched_patterns` lists them for the book.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

THEME_KEYS = {"id": True, "label": True, "label_hi": True, "description": True, "patterns": True}
ACTOR_KEYS = {"id": True, "label": True, "type": True, "aliases": True, "country": False, "metonyms": False}
ACTOR_TYPES = ("person", "state", "bloc", "organisation")
SPEECH_KEYS = {"id": True, "label": True, "patterns": True}
STANCE_KEYS = {"id": True, "label": True, "polarity": True, "holder": True, "target_markers": True, "negated": True, "patterns": True}
CHOICES = {"polarity": ("support", "oppose"), "holder": ("subject", "modifier"), "negated": ("void", "flip")}


class CodebookError(ValueError):
    """A codebook file cannot be used; the message names the file and entry."""


@dataclass(frozen=True)
class Theme:
    """One theme: an id, labels, a description and the patterns that signal it."""

    id: str
    label: str
    label_hi: str
    description: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class Actor:
    """One canonical actor with the names (aliases) and stand-ins (metonyms) that refer to it."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...]
    metonyms: tuple[str, ...] = ()
    country: str = ""


@dataclass(frozen=True)
class StanceCue:
    """One kind of stance in the codebook: its polarity, how holder and target are found, its cue patterns."""

    id: str
    label: str
    polarity: str
    holder: str
    target_markers: tuple[str, ...]
    negated: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class StanceCodebook:
    """The speech verbs (id -> patterns) and the stance cues of ``stances.yml``."""

    speech: dict[str, tuple[str, ...]]
    cues: tuple[StanceCue, ...]


def read_entries(path: Path, section: str) -> list[dict]:
    """The list of entries under ``section`` in a YAML codebook file."""
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CodebookError(f"{path}: codebook file not found") from error
    except yaml.YAMLError as error:
        raise CodebookError(f"{path}: not valid YAML ({error})") from error
    if not isinstance(document, dict) or not isinstance(document.get(section), list):
        raise CodebookError(f"{path}: expected a top-level '{section}:' list")
    return document[section]


def check_entry(path: Path, index: int, entry: object, keys: dict[str, bool], list_keys: tuple[str, ...]) -> str:
    """Validate one entry's keys and lists; return its id."""
    if not isinstance(entry, dict):
        raise CodebookError(f"{path}, entry {index + 1}: expected a mapping of keys, found {entry!r}")
    name = entry.get("id", f"number {index + 1}")
    unknown = sorted(set(entry) - set(keys))
    if unknown:
        raise CodebookError(f"{path}, entry {name!r}: unknown key {unknown[0]!r}; allowed keys are {', '.join(keys)}")
    missing = [key for key, required in keys.items() if required and not entry.get(key)]
    if missing:
        raise CodebookError(f"{path}, entry {name!r}: missing or empty {missing[0]!r}")
    for key in list_keys:
        values = entry.get(key, [])
        if not isinstance(values, list) or not values and keys[key]:
            raise CodebookError(f"{path}, entry {name!r}: {key!r} must be a non-empty list")
        if any(not isinstance(value, str) or not value.strip() for value in values):
            raise CodebookError(f"{path}, entry {name!r}: every item of {key!r} must be a non-empty string")
    return str(entry["id"])


def check_unique_ids(path: Path, ids: list[str]) -> None:
    """Raise CodebookError on the first id that appears twice."""
    seen = set()
    for entry_id in ids:
        if entry_id in seen:
            raise CodebookError(f"{path}: duplicate id {entry_id!r}; give each entry its own id")
        seen.add(entry_id)


def load_themes(path: Path) -> list[Theme]:
    """Read and validate ``themes.yml``."""
    entries = read_entries(path, "themes")
    ids = [check_entry(path, index, entry, THEME_KEYS, ("patterns",)) for index, entry in enumerate(entries)]
    check_unique_ids(path, ids)
    return [Theme(**{**entry, "patterns": tuple(entry["patterns"])}) for entry in entries]


def load_actors(path: Path) -> list[Actor]:
    """Read and validate ``actors.yml``, including that each country refers to a state."""
    entries = read_entries(path, "actors")
    ids = [check_entry(path, index, entry, ACTOR_KEYS, ("aliases", "metonyms")) for index, entry in enumerate(entries)]
    check_unique_ids(path, ids)
    actors = [Actor(**{**entry, "aliases": tuple(entry["aliases"]), "metonyms": tuple(entry.get("metonyms", []))}) for entry in entries]
    states = {actor.id for actor in actors if actor.type == "state"}
    for actor in actors:
        if actor.type not in ACTOR_TYPES:
            raise CodebookError(f"{path}, entry {actor.id!r}: type {actor.type!r}; use one of {', '.join(ACTOR_TYPES)}")
        if actor.country and actor.country not in states:
            raise CodebookError(f"{path}, entry {actor.id!r}: country {actor.country!r} is not the id of a state in this file")
    return actors


def load_stance_codebook(path: Path) -> StanceCodebook:
    """Read and validate ``stances.yml``: its ``speech`` and ``stances`` sections."""
    speech = read_entries(path, "speech")
    check_unique_ids(path, [check_entry(path, i, entry, SPEECH_KEYS, ("patterns",)) for i, entry in enumerate(speech)])
    entries = read_entries(path, "stances")
    check_unique_ids(path, [check_entry(path, i, entry, STANCE_KEYS, ("patterns", "target_markers")) for i, entry in enumerate(entries)])
    for entry in entries:
        for key, allowed in CHOICES.items():
            if entry[key] not in allowed:
                raise CodebookError(f"{path}, entry {entry['id']!r}: {key} {entry[key]!r}; use one of {', '.join(allowed)}")
    cues = tuple(StanceCue(**{**e, "target_markers": tuple(e["target_markers"]), "patterns": tuple(e["patterns"])}) for e in entries)
    return StanceCodebook({e["id"]: tuple(e["patterns"]) for e in speech}, cues)


def unmatched_patterns(codebook: str, entries: dict[str, tuple[str, ...]], matches: pd.DataFrame) -> pd.DataFrame:
    """The patterns of a codebook that matched nothing, one row each, for the analyst to review.

    ``entries`` maps entry id to its patterns; ``matches`` has columns
    ``entry`` and ``pattern`` for every match found in the corpus.
    """
    found = set(zip(matches["entry"], matches["pattern"]))
    rows = [
        {"codebook": codebook, "entry": entry, "pattern": pattern, "message": f"{codebook}: {entry!r} pattern {pattern!r} matches nothing in the corpus"}
        for entry, patterns in entries.items()
        for pattern in patterns
        if (entry, pattern) not in found
    ]
    return pd.DataFrame(rows, columns=["codebook", "entry", "pattern", "message"])
