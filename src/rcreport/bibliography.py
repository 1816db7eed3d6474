"""BibTeX entries for the corpus articles, generated from ``data/articles.csv``.

Each article is cited by its id (``{cite}`A000```), so a citation in the book
survives a rebuild and matches the anchors of the article pages.
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd

BOOK_TITLE = "Russia–China Relations in Hindi News: A Reproducible Report"
BOOK_AUTHOR = "The rcreport authors"
URL_SAFE = ":/?&=#%+@,;~.-_!*'()"
VERBATIM_FIELDS = ("title", "url")  # already escaped or quoted where they are built

BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def bibtex_escape(value: str) -> str:
    """Escape the characters BibTeX or LaTeX would read as markup."""
    return value.translate(BIBTEX_SPECIAL)


def article_entry(article: pd.Series) -> str:
    """One @misc entry for an article; unknown fields are left out, never guessed."""
    fields = {
        # Inner braces keep the title's case: bibliography styles lowercase titles
        "title": "{" + bibtex_escape(article.title or f"Untitled article {article.id}") + "}",
        "organization": article.outlet,
        "url": quote(article.url, safe=URL_SAFE),
        "year": article.published[:4],
        "note": f"Hindi news article, corpus id {article.id}, file {article.file}",
    }
    body = ",\n".join(f"  {name} = {{{value if name in VERBATIM_FIELDS else bibtex_escape(value)}}}" for name, value in fields.items() if value)
    return f"@misc{{{article.id},\n{body}\n}}\n"


def articles_bibtex(articles: pd.DataFrame) -> str:
    """The BibTeX file for all included articles, in id order."""
    included = articles[articles["status"] == "included"].sort_values("id")
    return "\n".join(article_entry(row) for _, row in included.iterrows())


def book_citation(version: str, built: str, commit: str, edition: str = "") -> str:
    """The BibTeX entry for this book as built: its edition (a release id, see rcreport.releases), version, build date and commit."""
    named = f"Edition {bibtex_escape(edition)}, version" if edition else "Version"
    return (
        "@misc{rcreport_book,\n"
        f"  title = {{{{{BOOK_TITLE.replace('–', '--')}}}}},\n"
        f"  author = {{{{{BOOK_AUTHOR}}}}},\n"
        f"  year = {{{built[:4]}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{{named} {version}, built {built[:10]} from commit {bibtex_escape(commit[:12])}}}\n"
        "}\n"
    )


def citation_record(version: str, built: str, commit: str, edition: str = "") -> dict[str, str]:
    """What a one-line "cite this" of a table, figure or finding says of the book: title, author, edition, version, build day, commit."""
    return {"title": BOOK_TITLE, "author": BOOK_AUTHOR, "edition": edition, "version": version, "built": built[:10], "commit": commit}
