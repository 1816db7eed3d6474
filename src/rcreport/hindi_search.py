"""A Sphinx extension that makes the book's search find Hindi words.

Sphinx's default search splits text at every character that is not a letter
or digit. Devanagari vowel signs and the virama are combining marks, so the
default splits पुतिन into प, त, न and a reader's search finds nothing. This
language keeps marks inside words, in the index (Python) and in the query
(JavaScript) alike.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage, languages

# Letters, digits, underscore and combining marks (Devanagari matras, virama, nukta, anusvara)
WORD = re.compile(r"(?:[^\W_]|\d|_|[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])+")


class HindiEnglishSearch(SearchLanguage):
    """Search for mixed Hindi and English pages: words keep their combining marks; no stemming."""

    lang = "hi"
    language_name = "Hindi"
    js_splitter_code = r"""
function splitQuery(query) {
  return query
    .split(/[^\p{Letter}\p{Mark}\p{Number}_]+/gu)
    .filter(term => term);
}
"""

    def split(self, input: str) -> list[str]:
        """Split text into words, keeping Devanagari combining marks inside them."""
        return WORD.findall(input)

    def word_filter(self, word: str) -> bool:
        """Index every word of two or more characters."""
        return len(word) > 1


def setup(app: Sphinx) -> dict:
    """Register the language so that ``html_search_language: hi`` selects it."""
    languages["hi"] = HindiEnglishSearch
    return {"parallel_read_safe": True, "parallel_write_safe": True}
