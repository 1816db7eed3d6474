"""The analyst-editable codebooks in ``data/codebook/``: loading and validation.

A codebook is YAML that an analyst edits by hand, so every mistake gets a
message naming the file, the entry and what to do. One loader,
:func:`load_codebook`, reads every codebook and validates it against its
JSON Schema (:mod:`rcreport.codebook_schemas`): unknown keys, missing or
empty keys, values outside their choices and malformed words raise
:class:`CodebookError`, as do duplicate ids and references the schema cannot
check (an actor's country must be a state of the file).

A pattern, alias or word that matches nothing in the corpus is not an error
and never stops the build: a new article may need it later. The book lists
such patterns (:func:`unmatched_patterns`) so that a typo does not go
unnoticed.

The loaded codebooks are plain frozen values (:class:`Grammar`,
:class:`TimeWords` …) that the caller passes to the analyses; nothing here
reads ``data/`` on import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pandas as pd
import yaml

from . import codebook_schemas as schemas

# Which problem to report first when an entry has several (the order the old checks ran in)
ERROR_ORDER = ("type", "additionalProperties", "required", "propertyNames", "minProperties", "minItems", "enum", "pattern", "minimum")


class CodebookError(ValueError):
    """A codebook file cannot be used; the message names the file and entry."""


@dataclass(frozen=True)
class Sense:
    """One sense of a theme (cooperation or confrontation, say) and the cue words that mark it in a sentence."""

    id: str
    label: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    """One theme: an id, labels, a description, the patterns that signal it.

    ``senses`` (optional) tell apart the senses of a theme with a cooperative
    and a conflictual reading; ``excluded_by`` (optional) are words that, in
    the same sentence, show a pattern is used in another sense altogether.
    """

    id: str
    label: str
    label_hi: str
    description: str
    patterns: tuple[str, ...]
    senses: tuple[Sense, ...] = ()
    excluded_by: tuple[str, ...] = ()


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
    verbal: bool = False  # a stance only where a speech verb follows it (हमला करते हुए कहा), its noun naming physical acts too


@dataclass(frozen=True)
class StanceCodebook:
    """The speech verbs (id -> patterns) and the stance cues of ``stances.yml``."""

    speech: dict[str, tuple[str, ...]]
    cues: tuple[StanceCue, ...]
    rulings: frozenset[str]  # legal filings: rejecting one is a court's ruling, no stance
    receiving: frozenset[str] = frozenset()  # verbs of receiving: a stance noun before one is the से phrase's, given to the को phrase
    patient_acts: frozenset[str] = frozenset()  # acts whose genitive is who they are done to: a stance on one targets its agent
    means: frozenset[str] = frozenset()  # help nouns: "X की मदद से Y ने …", X supports the clause's subject Y
    deserving: frozenset[str] = frozenset()  # "वे प्रशंसा के पात्र हैं": the speaker's stance towards the clause's subject
    withdrawals: tuple[str, ...] = ()  # verbs of withdrawing or suspending: "मामला वापस लिया" takes no stance


@dataclass(frozen=True, eq=False)
class Grammar:
    """The closed classes of Hindi function words in ``grammar.yml`` (see the file's header).

    Compared by identity, so that what is derived from it (the pair-phrase
    pattern) can be cached per loaded grammar.
    """

    postpositions: frozenset[str]
    compound_openers: frozenset[str]
    compound_parts: frozenset[str]
    genitive: frozenset[str]
    ergative: str
    ablative: str
    agent: str
    on_behalf: frozenset[str]  # की ओर से: who acts in a passive clause, who gives before a verb of receiving
    quoted_from: str
    purpose: tuple[str, ...]
    adjunct_markers: frozenset[str]  # में, को: a stance noun so marked is the main clause subject's, also after it
    manner: tuple[tuple[str, ...], ...]  # के साथ, में: a stance noun so marked is the manner of its clause's act
    locatives: frozenset[str]  # में: a phrase so marked is a place, no object pronoun's antecedent
    occasions: frozenset[str]  # पर: an unowned stance noun so marked is held by the main clause's subject after it
    object_markers: frozenset[str]
    against: frozenset[str]  # के खिलाफ …: an act so marked is what a stance is against, no reason
    reasons: tuple[tuple[str, ...], ...]  # के कारण, के लिए …: an act so marked is why someone is praised or blamed
    addressee_markers: tuple[str, ...]  # in order of preference
    particles: frozenset[str]
    subordinators: frozenset[str]
    complementizer: str
    conditionals: frozenset[str]
    relatives: frozenset[str]  # जिसका, जिसे: a cue's target is the phrase before them
    clause_coordinators: frozenset[str]
    name_coordinators: frozenset[str]
    inclusive_coordinators: frozenset[str]  # सहित: the named actors before one hold the phrase's stance
    auxiliaries: frozenset[str]
    negators: frozenset[str]
    adverbial_participle: str
    modifying_participles: frozenset[str]
    place_participles: frozenset[str]  # स्थित: the name before one places the noun after it, and is no actor
    passive_auxiliaries: frozenset[str]
    passive_not_after: frozenset[str]
    infinitive_oblique: str
    ergative_pronouns: dict[str, str]
    nominative_pronouns: dict[str, str]
    dative_pronouns: dict[str, str]  # उन्हें, हमें: a cue's को target
    possessive_pronouns: dict[str, str]  # उनका, हमारे: a cue's genitive target
    addressee_pronouns: tuple[str, ...]  # the bare form first
    light_verb_stems: tuple[str, ...]
    light_verb_forms: frozenset[str]
    pair_both: str
    pair_nouns: dict[str, tuple[str, ...]]
    actor_nouns: frozenset[str]
    topic_nouns: frozenset[str]  # बिल, विधेयक …: a run of names that ends in one names a document, no actor
    each_other: tuple[str, ...]

    @property
    def object_pronouns(self) -> dict[str, str]:
        """The dative and possessive pronouns and their kinds."""
        return {**self.dative_pronouns, **self.possessive_pronouns}


@dataclass(frozen=True, eq=False)
class TimeWords:
    """The words of time expressions and tense in ``time.yml`` (see the file's header).

    Compared by identity, so that the patterns compiled from it can be
    cached per loaded object.
    """

    months: dict[int, tuple[str, ...]]
    weekdays: dict[int, tuple[str, ...]]
    numbers: dict[str, int]
    units: dict[str, str]
    calendar_units: tuple[str, ...]
    relative: dict[str, int]
    directions: dict[str, int]
    deictic_days: dict[str, int]
    parts_of_day: dict[str, str]  # word -> TIMEX3 code (MO, AF, EV, NI)
    clock_hours: tuple[str, ...]
    clock_minutes: tuple[str, ...]
    duration_units: tuple[str, ...]
    multipliers: tuple[str, ...]
    vague_counts: tuple[str, ...]
    set_quantifiers: tuple[str, ...]
    set_words: tuple[str, ...]
    decades: tuple[str, ...]
    centuries: tuple[str, ...]
    common_era: tuple[str, ...]
    before_common_era: tuple[str, ...]
    fiscal_years: tuple[str, ...]
    same_time: tuple[str, ...]
    seasons: dict[str, tuple[str, ...]]
    ordinals: dict[str, int]
    idioms: tuple[str, ...]
    event_nouns: tuple[str, ...]
    presupposing: tuple[str, ...]
    published_labels: tuple[str, ...]
    updated_labels: tuple[str, ...]
    past_auxiliaries: tuple[str, ...]
    perfective_auxiliaries: tuple[str, ...]
    present_auxiliaries: tuple[str, ...]
    progressive: tuple[str, ...]
    future_endings: tuple[str, ...]
    perfective_endings: tuple[str, ...]
    imperfective_endings: tuple[str, ...]
    infinitive_endings: tuple[str, ...]
    prospective: tuple[str, ...]


TYPE_WORDS = {"object": "a mapping of keys", "array": "a list", "string": "text", "integer": "a whole number"}
# Checks about a mapping itself (its keys); the others are about one value in it
KEY_CHECKS = ("additionalProperties", "required")


def load_codebook(path: Path, schema: dict) -> dict:
    """Read a YAML codebook and validate it against its JSON Schema; return the document.

    The document comes back as JSON would hold it: YAML's number keys (the
    month numbers of time.yml) become text. The first problem, in file
    order, raises :class:`CodebookError` naming the file, the entry and what
    to do.
    """
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CodebookError(f"{path}: codebook file not found") from error
    except yaml.YAMLError as error:
        raise CodebookError(f"{path}: not valid YAML ({error})") from error
    try:
        document = json.loads(json.dumps(document))
    except TypeError as error:
        raise CodebookError(f"{path}: a value YAML reads as a date or other object ({error}); put it in quotes") from error
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=_error_rank)
    if errors:
        raise CodebookError(describe_error(path, document, errors[0]))
    return document


def _error_rank(error: jsonschema.ValidationError) -> tuple:
    """Sort key of a schema error: where it is in the file, then which check failed."""
    where = tuple((isinstance(part, str), part) for part in error.absolute_path)
    return where, ERROR_ORDER.index(error.validator) if error.validator in ERROR_ORDER else len(ERROR_ORDER)


def describe_error(path: Path, document: object, error: jsonschema.ValidationError) -> str:
    """A schema error as the analyst reads it: file, entry (its id, or the section), the problem and what to do."""
    entry, section, rest, node = "", "", [], document
    for part in error.absolute_path:
        node = node[part]
        if isinstance(part, int) and isinstance(node, dict):
            entry, rest = f"entry {node.get('id', f'number {part + 1}')!r}", []
        elif not entry and not section:
            section = str(part)
        else:
            rest.append(f"item {part + 1}" if isinstance(part, int) else str(part))
    label = entry or (f"entry {section!r}" if section else "")
    target = "/".join(rest)
    if error.validator in KEY_CHECKS or "propertyNames" in error.schema_path:
        where = label + (f" ({target})" if target else "")
    elif target or entry:
        where = label
    else:
        where, target = "", section
    prefix = f"{path}, {where}: " if where else f"{path}: "
    return prefix + _problem(error, target)


def _problem(error: jsonschema.ValidationError, target: str) -> str:
    """What is wrong, and the schema's hint on what to do."""
    hint = f"; {error.schema['hint']}" if isinstance(error.schema, dict) and "hint" in error.schema else ""
    value = error.instance
    if "propertyNames" in error.schema_path:
        return f"key {value!r} does not fit{hint}"
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed))
        return f"unknown key {unknown[0]!r}" + (f"; allowed keys are {', '.join(allowed)}" if allowed else hint)
    if error.validator == "required":
        missing = next(key for key in error.validator_value if key not in value)
        return f"missing or empty {missing!r}; add it"
    if error.validator == "type":
        expected = TYPE_WORDS.get(error.validator_value, error.validator_value)
        return f"{target or 'it'} must be {expected}, found {value!r}" if target else f"expected {expected}, found {value!r}"
    if error.validator in ("minItems", "minProperties") or (isinstance(value, str) and not value.strip()):
        return f"missing or empty {target!r}{hint}"
    return f"{target} {value!r}{hint}"


def check_unique_ids(path: Path, ids: list[str]) -> None:
    """Raise CodebookError on the first id that appears twice."""
    seen = set()
    for entry_id in ids:
        if entry_id in seen:
            raise CodebookError(f"{path}: duplicate id {entry_id!r}; give each entry its own id")
        seen.add(entry_id)


def load_themes(path: Path) -> list[Theme]:
    """Read and validate ``themes.yml``."""
    entries = load_codebook(path, schemas.THEMES)["themes"]
    check_unique_ids(path, [entry["id"] for entry in entries])
    themes = []
    for entry in entries:
        senses = tuple(Sense(sense["id"], sense["label"], tuple(sense["cues"])) for sense in entry.get("senses", []))
        check_unique_ids(path, [sense.id for sense in senses])
        themes.append(Theme(**{**entry, "patterns": tuple(entry["patterns"]), "senses": senses, "excluded_by": tuple(entry.get("excluded_by", []))}))
    return themes


def load_actors(path: Path) -> list[Actor]:
    """Read and validate ``actors.yml``, including that each country refers to a state."""
    entries = load_codebook(path, schemas.ACTORS)["actors"]
    check_unique_ids(path, [entry["id"] for entry in entries])
    actors = [Actor(**{**entry, "aliases": tuple(entry["aliases"]), "metonyms": tuple(entry.get("metonyms", []))}) for entry in entries]
    states = {actor.id for actor in actors if actor.type == "state"}
    for actor in actors:
        if actor.country and actor.country not in states:
            raise CodebookError(f"{path}, entry {actor.id!r}: country {actor.country!r} is not the id of a state in this file")
    return actors


def load_stance_codebook(path: Path) -> StanceCodebook:
    """Read and validate ``stances.yml``: its ``speech`` and ``stances`` sections and its word lists (rulings, receiving …)."""
    document = load_codebook(path, schemas.STANCES)
    speech, entries = document["speech"], document["stances"]
    check_unique_ids(path, [entry["id"] for entry in speech])
    check_unique_ids(path, [entry["id"] for entry in entries])
    cues = tuple(StanceCue(**{**e, "target_markers": tuple(e["target_markers"]), "patterns": tuple(e["patterns"])}) for e in entries)
    return StanceCodebook(
        {e["id"]: tuple(e["patterns"]) for e in speech}, cues, frozenset(document["rulings"]), frozenset(document["receiving"]), frozenset(document["patient_acts"]),
        frozenset(document["means"]), frozenset(document["deserving"]), tuple(document["withdrawals"]),
    )  # fmt: skip


def load_grammar(path: Path) -> Grammar:
    """Read and validate ``grammar.yml``."""
    document = load_codebook(path, schemas.GRAMMAR)
    postpositions, pronouns, pairs = document["postpositions"], document["pronouns"], document["pair_phrases"]
    return Grammar(
        postpositions=frozenset(postpositions["simple"]),
        compound_openers=frozenset(postpositions["compound_openers"]),
        compound_parts=frozenset(postpositions["compound_parts"]),
        genitive=frozenset(postpositions["genitive"]),
        ergative=postpositions["ergative"],
        ablative=postpositions["ablative"],
        agent=postpositions["agent"],
        on_behalf=frozenset(postpositions["on_behalf"]),
        quoted_from=postpositions["quoted_from"],
        purpose=tuple(postpositions["purpose"].split()),
        adjunct_markers=frozenset(postpositions["adjunct"]),
        manner=tuple(tuple(marker.split()) for marker in postpositions["manner"]),
        locatives=frozenset(postpositions["locative"]),
        occasions=frozenset(postpositions["occasion"]),
        object_markers=frozenset(postpositions["object"]),
        against=frozenset(postpositions["against"]),
        reasons=tuple(tuple(reason.split()) for reason in postpositions["reason"]),
        addressee_markers=tuple(postpositions["addressee"]),
        particles=frozenset(document["particles"]),
        subordinators=frozenset(document["subordinators"]),
        complementizer=document["complementizer"],
        conditionals=frozenset(document["conditionals"]),
        relatives=frozenset(document["relatives"]),
        clause_coordinators=frozenset(document["coordinators"]["clause"]),
        name_coordinators=frozenset(document["coordinators"]["names"]),
        inclusive_coordinators=frozenset(document["coordinators"]["inclusive"]),
        auxiliaries=frozenset(document["auxiliaries"]),
        negators=frozenset(document["negators"]),
        adverbial_participle=document["adverbial_participle"],
        modifying_participles=frozenset(document["modifying_participles"]),
        place_participles=frozenset(document["place_participles"]),
        passive_auxiliaries=frozenset(document["passive"]["auxiliaries"]),
        passive_not_after=frozenset(document["passive"]["not_after"]),
        infinitive_oblique=document["infinitive_oblique"],
        ergative_pronouns=dict(pronouns["ergative"]),
        nominative_pronouns=dict(pronouns["nominative"]),
        dative_pronouns=dict(pronouns["dative"]),
        possessive_pronouns=dict(pronouns["possessive"]),
        addressee_pronouns=tuple(pronouns["addressee"]),
        light_verb_stems=tuple(document["light_verbs"]["stems"]),
        light_verb_forms=frozenset(document["light_verbs"]["forms"]),
        pair_both=pairs["both"],
        pair_nouns={kind: tuple(nouns) for kind, nouns in pairs["nouns"].items()},
        actor_nouns=frozenset(document["actor_nouns"]),
        topic_nouns=frozenset(document["topic_nouns"]),
        each_other=tuple(pairs["each_other"].split("-")),
    )


def load_time_words(path: Path) -> TimeWords:
    """Read and validate ``time.yml``, including that every calendar unit is one of its unit words."""
    document = load_codebook(path, schemas.TIME)
    strays = [word for word in document["calendar_units"] if word not in document["units"]]
    if strays:
        raise CodebookError(f"{path}, entry 'calendar_units': {strays[0]!r} is not a word of 'units'; add it there or remove it here")
    tense = document["tense"]
    return TimeWords(
        months={int(number): tuple(names) for number, names in document["months"].items()},
        weekdays={int(number): tuple(names) for number, names in document["weekdays"].items()},
        numbers=dict(document["numbers"]),
        units=dict(document["units"]),
        calendar_units=tuple(document["calendar_units"]),
        relative=dict(document["relative"]),
        directions=dict(document["directions"]),
        deictic_days=dict(document["deictic_days"]),
        parts_of_day={word: code for code, words in document["parts_of_day"].items() for word in words},
        clock_hours=tuple(document["clock"]["hours"]),
        clock_minutes=tuple(document["clock"]["minutes"]),
        duration_units=tuple(document["duration_units"]),
        multipliers=tuple(document["multipliers"]),
        vague_counts=tuple(document["vague_counts"]),
        set_quantifiers=tuple(document["sets"]["quantifiers"]),
        set_words=tuple(document["sets"]["words"]),
        decades=tuple(document["decades"]),
        centuries=tuple(document["centuries"]),
        common_era=tuple(document["eras"]["common"]),
        before_common_era=tuple(document["eras"]["before_common"]),
        fiscal_years=tuple(document["fiscal_years"]),
        same_time=tuple(document["same_time"]),
        seasons={code: tuple(words) for code, words in document["seasons"].items()},
        ordinals=dict(document["ordinals"]),
        idioms=tuple(document["idioms"]),
        event_nouns=tuple(document["event_nouns"]),
        presupposing=tuple(document["presupposing"]),
        published_labels=tuple(document["publication_labels"]["published"]),
        updated_labels=tuple(document["publication_labels"]["updated"]),
        **{key: tuple(words) for key, words in tense.items()},
    )


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
