"""The command line: ``rcreport build`` makes the book, ``rcreport check`` validates the corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build
from .corpus import CorpusError, load_corpus


def check(data_dir: Path) -> int:
    """Print each article's status; return 1 if any article is excluded or the table is unreadable."""
    try:
        corpus = load_corpus(data_dir)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for article in corpus.articles.itertuples():
        detail = article.reason or f"{article.n_sentences} sentences"
        print(f"{article.id}  {article.status:<8}  {detail}")
    excluded = (corpus.articles["status"] != "included").sum()
    print(f"{len(corpus.articles)} articles, {excluded} excluded")
    return 1 if excluded else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``rcreport`` console command."""
    parser = argparse.ArgumentParser(prog="rcreport", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="execute the notebooks and build the HTML book")
    build_parser.add_argument("--root", type=Path, default=Path("."), help="project root (default: .)")
    check_parser = commands.add_parser("check", help="validate data/ without building")
    check_parser.add_argument("--data", type=Path, default=Path("data"), help="data directory (default: data)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.data)
    try:
        index = build(args.root)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"book built: {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
