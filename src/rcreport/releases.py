"""Releases: an edition recorded with its identity, so that a briefing can cite exactly what it read.

Every build knows its *identity* (:func:`build_identity`): the edition's
parameters, one short content hash over the data, the codebook, the models
and the code (package and chapter templates; each also hashed on its own),
the as-of date, the build date and commit. ``rcreport release`` records it
under ``editions/releases/<date>-<hash>/`` (committed; small): ``release.json``
and the exported tables the changes page compares (:data:`RELEASED_TABLES`,
gzipped CSV, a few kilobytes each; the token table is left out, it is the
annotation cache's business). The release of the whole corpus also becomes
the version of ``CITATION.cff``.

Every page of a book carries a stamp (:func:`stamp`): the release it is, or,
for a build not released, its content hash and the release it follows.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pandas as pd

from .hashing import sha256, sha256_hex, update_with_tree

RELEASES = Path("editions") / "releases"
RELEASE_FILE = "release.json"
#: The exported tables (build/tables/NAME.csv) a release keeps, those the changes page compares
RELEASED_TABLES = ("edition_articles", "articles", "theme_assignments", "stances", "quotations", "timeline_events", "publication_dates")
HASH_CHARS = 10
#: What the content hash is made of, in the order the changes page names them
COMPONENTS = ("data", "codebook", "models", "code")
SKIPPED = ("generated", "__pycache__")


class ReleaseError(RuntimeError):
    """A release cannot be recorded or read; the message says what to do."""


def component_hashes(data_dir: Path, models_identity: str, scores: bytes, code_dirs: tuple[Path, ...]) -> dict[str, str]:
    """sha256 of each part a book is made from: the articles and gold (data), the codebook, the models, the code."""
    data, codebook, code = sha256(), sha256(), sha256()
    update_with_tree(data, data_dir, skip=(*SKIPPED, "codebook"))
    update_with_tree(codebook, Path(data_dir) / "codebook", skip=SKIPPED)
    for folder in code_dirs:
        update_with_tree(code, folder, skip=SKIPPED)
    return {"data": data.hexdigest(), "codebook": codebook.hexdigest(), "models": sha256_hex(models_identity, scores), "code": code.hexdigest()}


def edition_key(parameters: dict) -> str:
    """What makes two builds the same edition: their parameters, the title aside."""
    return json.dumps({key: value for key, value in parameters.items() if key != "title"}, ensure_ascii=False, sort_keys=True)


def content_hash(hashes: dict[str, str], parameters: dict) -> str:
    """The short content hash of a build: its components' hashes and its edition's parameters."""
    return sha256_hex(json.dumps(hashes, sort_keys=True), edition_key(parameters))[:HASH_CHARS]


def build_identity(parameters: dict, description: str, hashes: dict[str, str], as_of: str, built: str, commit: str, version: str) -> dict:
    """The identity of one build, as ``build/edition.json`` and a release record hold it."""
    return {
        "parameters": parameters,
        "description": description,
        "content": content_hash(hashes, parameters),
        "hashes": hashes,
        "as_of": as_of,
        "built": built,
        "commit": commit,
        "version": version,
    }


def releases(editions_root: Path) -> list[dict]:
    """Every release recorded under ``editions/releases`` of a project, oldest first, each with its folder."""
    folder = Path(editions_root) / RELEASES
    records = []
    for path in sorted(folder.glob(f"*/{RELEASE_FILE}")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ReleaseError(f"{path}: not valid JSON ({error}); restore it from git") from None
        records.append({**record, "folder": path.parent})
    return sorted(records, key=lambda record: (record["number"], record["released"]))


def of_edition(records: list[dict], parameters: dict) -> list[dict]:
    """The releases of the edition with these parameters, oldest first."""
    return [record for record in records if edition_key(record["parameters"]) == edition_key(parameters)]


def this_and_previous(records: list[dict], identity: dict) -> tuple[dict | None, dict | None]:
    """The release this build is (same edition and content), if any, and the release to compare it with.

    A build that is a release is compared with the release before it; any
    other build with the latest release of its edition.
    """
    same = of_edition(records, identity["parameters"])
    this = next((record for record in reversed(same) if record["content"] == identity["content"]), None)
    earlier = [record for record in same if this is None or record["number"] < this["number"]]
    return this, (earlier[-1] if earlier else None)


def record_release(editions_root: Path, identity: dict, tables_dir: Path) -> dict:
    """Record this build as a release of its edition; an edition released with this content already is returned as it is."""
    records = releases(editions_root)
    this, _ = this_and_previous(records, identity)
    if this is not None:
        return this
    missing = [name for name in RELEASED_TABLES if not (Path(tables_dir) / f"{name}.csv").is_file()]
    if missing:
        raise ReleaseError(f"{tables_dir}: the tables {', '.join(missing)} are missing; run `rcreport build` first")
    number = len(of_edition(records, identity["parameters"])) + 1
    release_id = f"{identity['built'][:10]}-{identity['content']}"
    folder = Path(editions_root) / RELEASES / release_id
    folder.mkdir(parents=True, exist_ok=True)
    for name in RELEASED_TABLES:
        # mtime=0: the same table compresses to the same bytes, so git sees no change where there is none
        (folder / f"{name}.csv.gz").write_bytes(gzip.compress((Path(tables_dir) / f"{name}.csv").read_bytes(), mtime=0))
    record = {**identity, "release": release_id, "number": number, "released": identity["built"]}
    (folder / RELEASE_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {**record, "folder": folder}


def released_tables(record: dict) -> dict[str, pd.DataFrame]:
    """The tables a release kept, by name (all columns read as text; blanks are empty strings)."""
    return {name: pd.read_csv(Path(record["folder"]) / f"{name}.csv.gz", dtype=str, keep_default_na=False) for name in RELEASED_TABLES}


def stamp(identity: dict, this: dict | None, previous: dict | None) -> str:
    """The identity line every page carries: the release, or an unreleased build and the release it follows."""
    edition = identity["parameters"].get("title") or identity["description"]
    if this is not None:
        return f"Edition {this['release']} ({edition}; release {this['number']} of these parameters, content {identity['content']})"
    since = f"; last release {previous['release']}" if previous else "; no release of these parameters yet"
    return f"Unreleased build of content {identity['content']} ({edition}{since})"


def citation_version(identity: dict, this: dict | None) -> str:
    """What the citation names as the version: the release id, or the content hash of an unreleased build."""
    return this["release"] if this is not None else f"unreleased-{identity['content']}"


CFF_FIELDS = {"version": re.compile(r"^version:.*$", re.M), "date-released": re.compile(r"^date-released:.*$", re.M)}


def update_citation_cff(path: Path, release: dict) -> None:
    """Set CITATION.cff's version and release date to the release's, leaving every other line as it is."""
    text = Path(path).read_text(encoding="utf-8")
    for field, pattern in CFF_FIELDS.items():
        value = release["release"] if field == "version" else release["released"][:10]
        if not pattern.search(text):
            raise ReleaseError(f"{path}: no '{field}:' line to update; add one (e.g. {field}: \"{value}\")")
        text = pattern.sub(f'{field}: "{value}"', text)
    Path(path).write_text(text, encoding="utf-8")
