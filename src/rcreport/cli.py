"""The command line: ``rcreport build`` makes the book (of the whole corpus, or of an edition),
``rcreport release`` builds it and records it as an edition, ``rcreport check`` validates the corpus,
``rcreport add`` adds an article to it, ``rcreport pdf`` prints the built book to one PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from .checks import check_data, suggest_publication
from .corpus import ArticleError, CorpusError, add_article
from .corpus_store import current_corpus
from .project import Project

# Where `check` finds the annotation cache and the bundled models, relative to the project root
DEFAULT_CACHE_DIR, DEFAULT_MODELS_DIR = Path(".cache") / "annotations", Path("models") / "hi"
# The environment variable that gives `rcreport build --scheduler` its default (documented in the README)
SCHEDULER_VARIABLE = "RCREPORT_SCHEDULER"
# rcreport.nlp.DEVICES, which is not imported here (nlp loads torch, which takes seconds); a unit test keeps the two equal
DEVICES = ("cpu", "cuda")
METADATA_OPTIONS = ("title", "outlet", "url", "published", "published_precision", "published_source", "notes")


def add(data_dir: Path, source: Path, fields: dict[str, str]) -> int:
    """Add one article (file and metadata row); return 1, having written nothing, if it fails a check.

    The corpus it is checked against is the last build's stored copy where
    ``data/`` is as that build loaded it (the project's ``build/analysis/``
    beside ``data_dir``), else loaded.
    """
    try:
        corpus = current_corpus(data_dir, Project(Path(data_dir).parent).analysis_dir)
        article_id, path, added = add_article(data_dir, source, fields, corpus=corpus)
    except (CorpusError, ArticleError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"added {article_id}: {path}, {len(added.sentences)} sentences; row appended to {data_dir / 'articles.csv'}")
    if not fields.get("published"):
        suggest_publication(data_dir, added, article_id)
    print("run `make book` to rebuild (only the new article is annotated), then `rcreport release` to record the edition")
    return 0


def pdf(root: Path, articles: bool, output: Path | None, html_url: str | None) -> int:
    """Print the built book to one PDF; return 1 if the book is not built or Chromium is missing."""
    from .pdf import PdfError, build_pdf

    try:
        path = build_pdf(root, include_articles=articles, output=output, html_url=html_url)
    except PdfError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"PDF written: {path}")
    return 0


def positive_int(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def iso_date(text: str) -> dt.date:
    """An argument that must be a calendar date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


EDITION_OPTIONS = (
    ("--from", "date_from", "YYYY-MM-DD", "articles published on or after this day (an inferred interval must lie wholly inside the period; see README)"),
    ("--to", "date_to", "YYYY-MM-DD", "articles published on or before this day"),
    ("--outlet", "outlets", "NAME", "articles of this outlet (repeat for several), as data/articles.csv writes it"),
    ("--theme", "themes", "ID", "articles carrying this theme of data/codebook/themes.yml (repeatable)"),
    ("--actor", "actors", "ID", "articles naming this actor of data/codebook/actors.yml (repeatable)"),
)


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``build`` and ``release``: the project, the models, the as-of date and the edition."""
    parser.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    parser.add_argument(
        "--models",
        choices=("bundled", "official"),
        default="bundled",
        help="stanza models: the project's bundled ones (default) or stanza's official Hindi models, if downloaded",
    )
    parser.add_argument(
        "--models-dir",
        type=Path,
        default=None,
        help="the models' folder (default: ROOT/models/hi for the bundled models, stanza's default folder for the official ones)",
    )
    parser.add_argument("--torch-threads", type=positive_int, default=1, help="CPU threads torch may use in each annotating process (default: 1, the fastest for these small models)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        default=os.environ.get(SCHEDULER_VARIABLE) or None,
        metavar="ADDRESS",
        help=f"annotate on the existing dask cluster of this scheduler, e.g. tcp://host:8786 (default: ${SCHEDULER_VARIABLE} if set, else a local cluster)",
    )
    where.add_argument("--workers", type=positive_int, default=None, help=f"worker processes of the local cluster (default: one per core); given, it is used even where ${SCHEDULER_VARIABLE} is set")
    parser.add_argument("--device", choices=DEVICES, default="cpu", help="where stanza runs: cpu (default), or cuda, the GPU on each worker that has one (CPU on the others)")
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date undated articles were published by, where the text does not bound them (default: the build date)",
    )
    for flag, dest, metavar, text in EDITION_OPTIONS:
        parser.add_argument(flag, dest=dest, metavar=metavar, action="append" if dest.endswith("s") else "store", default=None, help=text)
    parser.add_argument("--title", default=None, help="the edition's title, shown on every page and as the book's title")
    parser.add_argument("--edition", type=Path, default=None, metavar="FILE", help="an edition file (editions/NAME.yml) holding these parameters; options given as well override its keys")
    parser.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="build the book in DIR, a copy of the project (default: in place for the whole corpus, _build/editions/NAME for an edition)"
    )


def edition_of(args: argparse.Namespace):
    """The edition the command line asks for: the edition file's keys, overridden by the options given."""
    from .editions import edition_from_dict, load_edition

    document = load_edition(args.edition).as_dict() if args.edition else {}
    for key, dest in (("from", "date_from"), ("to", "date_to"), ("outlets", "outlets"), ("themes", "themes"), ("actors", "actors"), ("title", "title")):
        if getattr(args, dest) is not None:
            document[key] = getattr(args, dest)
    return edition_from_dict(document, str(args.edition) if args.edition else "the command line")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``rcreport`` console command."""
    parser = argparse.ArgumentParser(prog="rcreport", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="execute the notebooks and build the HTML book")
    add_build_arguments(build_parser)
    release_parser = commands.add_parser("release", help="build the book (as `build` would) and record it as a release under editions/releases, its identity on every page")
    add_build_arguments(release_parser)
    check_parser = commands.add_parser("check", help="validate data/ (articles and events.yml) without building")
    check_parser.add_argument("--data", type=Path, default=Path("data"), help="data directory (default: data)")
    check_parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, help=f"annotation cache the pattern check reads (default: {DEFAULT_CACHE_DIR})")
    check_parser.add_argument("--models-dir", type=Path, default=DEFAULT_MODELS_DIR, help=f"bundled models, for articles not yet in the cache (default: {DEFAULT_MODELS_DIR})")
    add_parser = commands.add_parser("add", help="validate an article and add it to data/ (file and metadata row)")
    add_parser.add_argument("file", type=Path, help="the article's text as published, a UTF-8 .txt file")
    for name in METADATA_OPTIONS:
        add_parser.add_argument(f"--{name.replace('_', '-')}", default="", help=f"the '{name}' field of articles.csv (default: blank)")
    add_parser.add_argument("--data", type=Path, default=Path("data"), help="data directory (default: data)")
    pdf_parser = commands.add_parser("pdf", help="print the built book (run `build` first) to one PDF, _build/pdf/rcreport-<version>.pdf")
    pdf_parser.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    pdf_parser.add_argument("--articles", action="store_true", help="include the article pages (default: links to them lead to the HTML book)")
    pdf_parser.add_argument("--output", type=Path, default=None, help="where to write the PDF (default: _build/pdf/rcreport-<version>.pdf)")
    pdf_parser.add_argument("--html-url", default=None, help="address of the HTML book for links to pages not in the PDF (default: html.baseurl of _config.yml, else _build/html as a file:// address)")
    args = parser.parse_args(argv)
    if args.command == "pdf":
        return pdf(args.root, args.articles, args.output, args.html_url)
    if args.command == "check":
        return check_data(args.data, args.cache_dir, args.models_dir)
    if args.command == "add":
        return add(args.data, args.file, {name: getattr(args, name).strip() for name in METADATA_OPTIONS})
    # Imported here: torch and stanza take seconds to load, and only a build needs them
    from .build import build
    from .cluster import ClusterError
    from .codebook import CodebookError
    from .editions import EditionError
    from .nlp import ModelError
    from .releases import ReleaseError

    try:
        edition = edition_of(args)
        name = args.edition.stem if args.edition else None
        scheduler = None if args.workers else args.scheduler
        index = build(args.root, args.models, args.models_dir, args.torch_threads, args.as_of, scheduler, args.workers, args.device, edition, args.out, name, release=args.command == "release")
    except (CorpusError, ModelError, ClusterError, EditionError, CodebookError, ReleaseError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"book built: {index}")
    if args.command == "release":
        stamp = json.loads((index.parents[2] / "book" / "generated" / "edition.json").read_text(encoding="utf-8"))["stamp"]
        print(f"released: {stamp}, recorded under {Path(args.root).resolve() / 'editions' / 'releases'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
