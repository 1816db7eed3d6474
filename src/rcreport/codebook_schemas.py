"""The JSON Schemas of the codebooks in ``data/codebook/``: what each file must contain.

:func:`rcreport.codebook.load_codebook` validates a file against its schema
before anything reads it. Each schema fragment may carry a ``hint``, an
annotation (ignored by the validator) that the error message passes on to the
analyst as what to do.
"""

from __future__ import annotations

TEXT = {"type": "string", "pattern": r"\S", "hint": "write some text"}
WORD = {"type": "string", "pattern": r"^\S+$", "hint": "write one word, without spaces"}
PHRASE = {"type": "string", "pattern": r"\S", "hint": "write a word or phrase"}
ACTOR_TYPES = ("person", "state", "bloc", "organisation")
UNITS_OF_TIME = ("day", "week", "month", "year")
PRONOUN_KINDS = ("person", "any", "first")


def list_of(item: dict, hint: str = "give a list with at least one item, as [a, b]") -> dict:
    """A non-empty list of ``item``."""
    return {"type": "array", "minItems": 1, "items": item, "hint": hint}


def mapping(properties: dict, required: tuple[str, ...] | None = None) -> dict:
    """A mapping with exactly the given keys (all required unless ``required`` names some)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties if required is None else required),
        "additionalProperties": False,
    }


def word_map(value: dict, names: str = "words") -> dict:
    """A non-empty mapping of ``names`` to values of the ``value`` schema."""
    return {"type": "object", "minProperties": 1, "propertyNames": WORD, "additionalProperties": value, "hint": f"map {names} to their values, as in the file's header"}


def entries(section: str, properties: dict, required: tuple[str, ...]) -> dict:
    """A section that is a list of entries with ids."""
    return {"type": "array", "items": mapping(properties, required), "hint": f"list the {section} as entries that start with '- id:'"}


def enum(choices: tuple, what: str) -> dict:
    """One of fixed choices."""
    return {"enum": list(choices), "hint": f"use one of {', '.join(map(str, choices))} ({what})"}


def numbered(numbers: range, what: str) -> dict:
    """A mapping of every number in ``numbers`` (as written in YAML, read as text) to a list of names."""
    names = [str(number) for number in numbers]
    return {
        "type": "object",
        "propertyNames": {"enum": names, "hint": f"number the {what} {names[0]} to {names[-1]}"},
        "required": names,
        "additionalProperties": list_of(PHRASE),
    }


SENSES = {
    "type": "array",
    "minItems": 2,
    "items": mapping({"id": WORD, "label": TEXT, "cues": list_of(PHRASE)}),
    "hint": "list at least two senses, each with an id, a label and its cue words",
}
THEMES = mapping(
    {
        "themes": entries(
            "themes",
            {"id": WORD, "label": TEXT, "label_hi": TEXT, "description": TEXT, "patterns": list_of(PHRASE), "senses": SENSES, "excluded_by": list_of(PHRASE)},
            ("id", "label", "label_hi", "description", "patterns"),
        )
    }
)

ACTORS = mapping(
    {
        "actors": entries(
            "actors",
            {
                "id": WORD,
                "label": TEXT,
                "type": enum(ACTOR_TYPES, "the kind of actor"),
                "country": {"type": "string", "hint": "give the id of a state in this file"},
                "aliases": list_of(PHRASE),
                "metonyms": list_of(PHRASE),
            },
            ("id", "label", "type", "aliases"),
        )
    }
)

STANCES = mapping(
    {
        "speech": entries("speech verbs", {"id": WORD, "label": TEXT, "patterns": list_of(PHRASE)}, ("id", "label", "patterns")),
        "stances": entries(
            "stance cues",
            {
                "id": WORD,
                "label": TEXT,
                "polarity": enum(("support", "oppose"), "the side of the stance matrix"),
                "holder": enum(("subject", "modifier"), "how the holder is found"),
                "target_markers": list_of(PHRASE),
                "negated": enum(("void", "flip"), "what a negation does"),
                "verbal": {"type": "boolean", "hint": "write true or false (a cue that is a stance only before a speech verb)"},
                "patterns": list_of(PHRASE),
            },
            ("id", "label", "polarity", "holder", "target_markers", "negated", "patterns"),
        ),
        "receiving": list_of(WORD),
        "rulings": list_of(WORD),
        "patient_acts": list_of(WORD),
        "means": list_of(WORD),
        "deserving": list_of(WORD),
        "withdrawals": list_of(PHRASE),
    }
)

WORDS = list_of(WORD)
GRAMMAR = mapping(
    {
        "postpositions": mapping(
            {
                "simple": WORDS,
                "compound_openers": WORDS,
                "compound_parts": WORDS,
                "genitive": WORDS,
                "ergative": WORD,
                "ablative": WORD,
                "agent": WORD,
                "on_behalf": list_of(PHRASE),
                "quoted_from": WORD,
                "purpose": PHRASE,
                "adjunct": WORDS,
                "manner": list_of(PHRASE),
                "locative": WORDS,
                "occasion": WORDS,
                "object": WORDS,
                "against": list_of(PHRASE),
                "reason": list_of(PHRASE),
                "addressee": WORDS,
            }
        ),
        "particles": WORDS,
        "subordinators": WORDS,
        "complementizer": WORD,
        "conditionals": WORDS,
        "relatives": WORDS,
        "coordinators": mapping({"clause": WORDS, "names": WORDS, "inclusive": WORDS}),
        "auxiliaries": WORDS,
        "negators": WORDS,
        "adverbial_participle": WORD,
        "modifying_participles": WORDS,
        "place_participles": WORDS,
        "passive": mapping({"auxiliaries": WORDS, "not_after": WORDS}),
        "infinitive_oblique": WORD,
        "pronouns": mapping(
            {
                "ergative": word_map(enum(PRONOUN_KINDS, "the kind of pronoun"), "pronouns"),
                "nominative": word_map(enum(PRONOUN_KINDS, "the kind of pronoun"), "pronouns"),
                "dative": word_map(enum(PRONOUN_KINDS, "the kind of pronoun"), "pronouns"),
                "possessive": word_map(enum(PRONOUN_KINDS, "the kind of pronoun"), "pronouns"),
                "addressee": WORDS,
            }
        ),
        "light_verbs": mapping({"stems": WORDS, "forms": WORDS}),
        "actor_nouns": WORDS,
        "topic_nouns": WORDS,
        "pair_phrases": mapping(
            {
                "both": WORD,
                "nouns": mapping({"state": WORDS, "person": WORDS}),
                "each_other": {**WORD, "pattern": r"^\S+-\S+$", "hint": "write the two words joined by a hyphen (एक-दूसरे)"},
            }
        ),
    }
)

SIGN = {"type": "integer", "enum": [-1, 0, 1], "hint": "use -1 (before), 0 (this) or 1 (after)"}
TIME = mapping(
    {
        "months": numbered(range(1, 13), "months"),
        "weekdays": numbered(range(7), "weekdays (0 = Monday)"),
        "numbers": word_map({"type": "integer", "minimum": 1, "hint": "give a whole number"}, "number words"),
        "units": word_map(enum(UNITS_OF_TIME, "the unit of time"), "unit words"),
        "calendar_units": WORDS,
        "relative": word_map(SIGN, "relative words"),
        "directions": word_map({**SIGN, "enum": [-1, 1], "hint": "use -1 (before) or 1 (after)"}, "direction words"),
        "deictic_days": word_map({"type": "integer", "minimum": 0, "hint": "give the number of days, 0 or more"}, "day words"),
        "parts_of_day": mapping({code: list_of(PHRASE) for code in ("MO", "AF", "EV", "NI")}),
        "clock": mapping({"hours": WORDS, "minutes": WORDS}),
        "duration_units": WORDS,
        "multipliers": WORDS,
        "vague_counts": WORDS,
        "sets": mapping({"quantifiers": WORDS, "words": WORDS}),
        "decades": WORDS,
        "centuries": WORDS,
        "eras": mapping({"common": list_of(PHRASE), "before_common": list_of(PHRASE)}),
        "fiscal_years": list_of(PHRASE),
        "same_time": list_of(PHRASE),
        "seasons": mapping({code: WORDS for code in ("SP", "SU", "FA", "WI")}),
        "ordinals": word_map({"type": "integer", "minimum": 1, "hint": "give the ordinal's number"}, "ordinal words"),
        "idioms": list_of(PHRASE),
        "event_nouns": list_of(PHRASE),
        "presupposing": list_of(PHRASE),
        "publication_labels": mapping({"published": list_of(PHRASE), "updated": list_of(PHRASE)}),
        "tense": mapping(
            {
                key: WORDS
                for key in (
                    "past_auxiliaries",
                    "perfective_auxiliaries",
                    "present_auxiliaries",
                    "progressive",
                    "future_endings",
                    "perfective_endings",
                    "imperfective_endings",
                    "infinitive_endings",
                    "prospective",
                )
            }
        ),
    }
)

EVENT_KINDS = ("meeting", "call", "summit", "treaty", "exercise", "parade", "energy", "sport", "war", "sanctions", "crisis", "other")
PRECISIONS = ("day", "month", "year")
ENTRY_ID = {"type": "string", "pattern": r"^[a-z0-9_]+$", "hint": "write a short identifier of lowercase letters, digits and underscores"}
DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "hint": 'write the date in quotes as "YYYY-MM-DD", "YYYY-MM" or "YYYY"'}
EVENTS = mapping(
    {
        "kind_cues": {
            "type": "object",
            "propertyNames": {"enum": list(EVENT_KINDS), "hint": f"use a kind of event ({', '.join(EVENT_KINDS)})"},
            "additionalProperties": list_of(PHRASE),
            "hint": "map a kind of event to the generic words for it, as in the file's header",
        },
        "series": entries("series", {"id": ENTRY_ID, "name_en": TEXT, "name_hi": TEXT, "aliases": list_of(PHRASE)}, ("id", "name_en", "name_hi", "aliases")),
        "events": entries(
            "events",
            {
                "id": ENTRY_ID,
                "date": DATE,
                "end": DATE,
                "precision": enum(PRECISIONS, "how much of the date is certain"),
                "kind": enum(EVENT_KINDS, "the kind of event"),
                "series": ENTRY_ID,
                "name_en": TEXT,
                "name_hi": TEXT,
                "aliases": list_of(PHRASE),
                "participants": list_of(WORD),
                "place": TEXT,
                "source": {"type": "string", "pattern": r"^https?://\S+$", "hint": "give the URL of a public reference for the date"},
                "note": TEXT,
            },
            ("id", "date", "precision", "kind", "name_en", "name_hi", "aliases", "participants", "source"),
        ),
    },
    ("series", "events"),
)
