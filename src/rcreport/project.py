"""A project checkout: the parts a build reads and the folders it writes, relative to the root.

One description of the project's parts, used by the build, the tests and the
benchmarks (a copy of these parts builds the same book).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from .nlp import DEFAULT_MODELS_DIR


@dataclass(frozen=True)
class Project:
    """A project checkout: what the build reads (``PARTS``) and where it writes, relative to the root."""

    root: Path

    #: The parts of a checkout that the build reads, relative to the root: a copy of these builds
    #: the same book. (The library itself is the installed package; ``src/`` is not read as files.)
    PARTS: ClassVar[tuple[str, ...]] = ("_config.yml", "_toc.yml", "book", "notebooks", "data", "models")
    #: Names of build products inside those parts (generated pages, bytecode), never copied or hashed.
    BUILD_PRODUCTS: ClassVar[tuple[str, ...]] = ("generated", "__pycache__")

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def gold_dir(self) -> Path:
        """The hand annotation the stances chapter scores against (part of the data)."""
        return self.data_dir / "gold"

    @property
    def models_dir(self) -> Path:
        """The bundled models' folder, unless the build is given another (``--models-dir``)."""
        return self.root / DEFAULT_MODELS_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def generated_dir(self) -> Path:
        return self.root / "book" / "generated"

    @property
    def tables_dir(self) -> Path:
        return self.root / "build" / "tables"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache" / "annotations"

    @property
    def analysis_store(self) -> Path:
        """The per-article analysis cache (:mod:`rcreport.analysis`)."""
        return self.root / ".cache" / "analysis"

    @property
    def analysis_dir(self) -> Path:
        """The corpus-level analysis tables the chapters read."""
        return self.root / "build" / "analysis"

    @property
    def html_dir(self) -> Path:
        return self.root / "_build" / "html"

    def copy_to(self, target: Path, data: Path | None = None) -> Project:
        """Copy the project's parts (without build products) to ``target``; ``data`` replaces ``data/``.

        Returns the copy, a project that builds on its own: what tests and
        benchmarks build instead of the checkout.
        """
        target = Path(target)
        target.mkdir(parents=True, exist_ok=True)
        ignore = shutil.ignore_patterns(*self.BUILD_PRODUCTS)
        for part in self.PARTS:
            source = Path(data) if part == "data" and data is not None else self.root / part
            if source.is_dir():
                shutil.copytree(source, target / part, ignore=ignore)
            elif source.exists():
                shutil.copy2(source, target / part)
        return Project(target)
