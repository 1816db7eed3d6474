"""Evidence links: every finding points at the article sentence that supports it.

Each article has a page in the book (``book/generated/articles/A000.md``)
where every sentence carries its id as an HTML anchor (``#A000.s012``).
These links are the one place ids become HTML: the chapters' tables
(``rcreport.tables``) and the narrative pages' findings use them, with the
ids escaped like all article text (it is untrusted input).
"""

from __future__ import annotations

import html

from IPython.display import HTML

SENTENCE_ID_COLUMNS = ("sentence_id", "first_sentence")
# Links glued into the narrative pages (book/*.md) start one folder above the chapters
NARRATIVE_PAGES_PREFIX = "generated/articles/"
ARTICLE_ID_COLUMNS = ("article_id", "id")


def article_of(sentence_id: str) -> str:
    """The article id part of a sentence id (A003.s016 -> A003)."""
    return sentence_id.split(".")[0]


def sentence_href(sentence_id: str, pages_prefix: str = "articles/") -> str:
    """The link to a sentence's anchor from a chapter page (chapters sit beside the articles/ folder)."""
    return f"{pages_prefix}{article_of(sentence_id)}.html#{sentence_id}"


def sentence_link(sentence_id: str, pages_prefix: str = "articles/") -> str:
    """An HTML link to a sentence, showing its id."""
    safe = html.escape(sentence_id)
    return f'<a class="evidence" href="{html.escape(sentence_href(sentence_id, pages_prefix))}">{safe}</a>'


def article_link(article_id: str, pages_prefix: str = "articles/") -> str:
    """An HTML link to an article's page, showing its id."""
    safe = html.escape(article_id)
    return f'<a class="article" href="{html.escape(pages_prefix)}{safe}.html">{safe}</a>'


def finding_evidence(sentence_ids: list[str]) -> HTML:
    """Links to the sentences behind a finding, for gluing into the narrative pages."""
    return HTML(", ".join(sentence_link(sentence_id, NARRATIVE_PAGES_PREFIX) for sentence_id in sentence_ids))
