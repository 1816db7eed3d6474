"""The command line: ``rcreport build`` makes the book, ``rcreport check`` validates the corpus,
``rcreport add`` adds an article to it, ``rcreport pdf`` prints the built book to one PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .corpus import (
    MAX_ARTICLE_BYTES,
    MIN_DEVANAGARI_SHARE,
    NEAR_DUPLICATE_CONTAINMENT,
    SHINGLE_WORDS,
    ArticleError,
    CorpusError,
    add_article,
    load_corpus,
)

CHECKS = (
    f"metadata (id, file, language hi, dates not malformed or in the future); "
    f"file (present, at most {MAX_ARTICLE_BYTES // 2**20} MiB, UTF-8, not empty); "
    f"script (at least {MIN_DEVANAGARI_SHARE:.0%} of letters Devanagari); "
    f"duplicates (same clean text, or at least {NEAR_DUPLICATE_CONTAINMENT:.0%} shared {SHINGLE_WORDS}-word sequences "
    "with an article of lower id)"
)
# The environment variable that gives `rcreport build --scheduler` its default (documented in the README)
SCHEDULER_VARIABLE = "RCREPORT_SCHEDULER"
# rcreport.nlp.DEVICES, which is not imported here (nlp loads torch, which takes seconds); a unit test keeps the two equal
DEVICES = ("cpu", "cuda")
METADATA_OPTIONS = ("title", "outlet", "url", "published", "published_precision", "published_source", "notes")


def check(data_dir: Path) -> int:
    """Print the checks and each article's status; return 1 if any article is excluded or the table is unreadable."""
    try:
        corpus = load_corpus(data_dir)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"checks: {CHECKS}")
    for article in corpus.articles.itertuples():
        detail = article.reason or f"{article.n_sentences} sentences"
        print(f"{article.id}  {article.status:<8}  {detail}")
    excluded = (corpus.articles["status"] != "included").sum()
    print(f"{len(corpus.articles)} articles, {excluded} excluded")
    return 1 if excluded else 0


def add(data_dir: Path, source: Path, fields: dict[str, str]) -> int:
    """Add one article (file and metadata row); return 1, having written nothing, if it fails a check."""
    try:
        article_id, path, n_sentences = add_article(data_dir, source, fields)
    except (CorpusError, ArticleError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"added {article_id}: {path}, {n_sentences} sentences; row appended to {data_dir / 'articles.csv'}")
    print("run `make book` to rebuild: only the new article is annotated")
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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``rcreport`` console command."""
    parser = argparse.ArgumentParser(prog="rcreport", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="execute the notebooks and build the HTML book")
    build_parser.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    build_parser.add_argument(
        "--models",
        choices=("bundled", "official"),
        default="bundled",
        help="stanza models: the project's bundled ones (default) or stanza's official Hindi models, if downloaded",
    )
    build_parser.add_argument(
        "--models-dir",
        type=Path,
        default=None,
        help="the models' folder (default: ROOT/models/hi for the bundled models, stanza's default folder for the official ones)",
    )
    build_parser.add_argument("--torch-threads", type=positive_int, default=1, help="CPU threads torch may use in each annotating process (default: 1, the fastest for these small models)")
    where = build_parser.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        default=os.environ.get(SCHEDULER_VARIABLE) or None,
        metavar="ADDRESS",
        help=f"annotate on the existing dask cluster of this scheduler, e.g. tcp://host:8786 (default: ${SCHEDULER_VARIABLE} if set, else a local cluster)",
    )
    where.add_argument("--workers", type=positive_int, default=None, help=f"worker processes of the local cluster (default: one per core); given, it is used even where ${SCHEDULER_VARIABLE} is set")
    build_parser.add_argument("--device", choices=DEVICES, default="cpu", help="where stanza runs: cpu (default), or cuda, the GPU on each worker that has one (CPU on the others)")
    build_parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date undated articles were published by, where the text does not bound them (default: the latest publication day in articles.csv, else the build date)",
    )
    check_parser = commands.add_parser("check", help="validate data/ without building")
    check_parser.add_argument("--data", type=Path, default=Path("data"), help="data directory (default: data)")
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
        return check(args.data)
    if args.command == "add":
        return add(args.data, args.file, {name: getattr(args, name).strip() for name in METADATA_OPTIONS})
    # Imported here: torch and stanza take seconds to load, and only a build needs them
    from .build import build
    from .nlp import ClusterError, ModelError

    try:
        scheduler = None if args.workers else args.scheduler
        index = build(args.root, args.models, args.models_dir, args.torch_threads, args.as_of, scheduler, args.workers, args.device)
    except (CorpusError, ModelError, ClusterError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"book built: {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
