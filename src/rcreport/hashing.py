"""sha256, the one checksum of the project: of files, of text, of whole folders.

The corpus records each article file's checksum, the annotation cache and the
chapters' execution keys are digests of what they were made from, and the
reproducibility page lists the checksums of the data and models. All of them
are computed here, so that one file hashes the same wherever it is hashed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

BLOCK_BYTES = 1 << 20


def sha256(*parts: str | bytes) -> hashlib._Hash:
    """A running sha256 digest over ``parts`` in order (text as UTF-8); update it with more."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest


def sha256_hex(*parts: str | bytes) -> str:
    """The hex sha256 of ``parts`` in order (text as UTF-8)."""
    return sha256(*parts).hexdigest()


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def update_with_tree(digest: hashlib._Hash, folder: Path, skip: Iterable[str] = ("__pycache__",)) -> None:
    """Add every file under ``folder`` to ``digest``: its path relative to the folder, then its bytes.

    Files are taken in sorted order, and any path with a part named in
    ``skip`` is left out, so the digest depends on the folder's content only.
    """
    skip = set(skip)
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and not skip.intersection(path.relative_to(folder).parts):
            digest.update(f"{path.relative_to(folder)}\n".encode())
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
                    digest.update(block)


#: This package's source folder: the rules, the chapters' library and the Sphinx extension
PACKAGE_DIR = Path(__file__).parent


def code_digest() -> str:
    """sha256 over this package's source files (bytecode aside): every key of a result the rules made includes it,
    so a change to any rule makes those results again."""
    digest = sha256()
    update_with_tree(digest, PACKAGE_DIR)
    return digest.hexdigest()
