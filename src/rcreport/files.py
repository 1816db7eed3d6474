"""Files the build writes, written only when their text changes.

Sphinx rebuilds a page when its source file is newer than the page, and the
book's sources digest (:func:`rcreport.build.book_sources_digest`) skips
jupyter-book when nothing changed; a file rewritten with the same text would
defeat both, so generated pages, manifests and scripts go through
:func:`write_if_changed`.
"""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it holds it already."""
    path = Path(path)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
