"""Where the article runs inside a scraped page: from its first prose paragraph to its last.

A scrape puts the page's furniture (navigation, bylines, share buttons, lists of other
headlines) before and after the article. A block is *prose* when it has at least
`min_words` words and ends like a sentence. Furniture has the odd sentence too (a browser
notice, a standfirst, a caption), but an article is prose in company: its span runs from
the first prose block with another prose block at most REACH blocks after it, to the last
prose block with another at most REACH blocks before it (or, when no two prose blocks are
that close, from the first prose block to the last). Blocks before the span are in the
`lead`, blocks after it in the `tail`, the rest in the `body`. A document without prose is
all `body`: there is nothing to measure the edges against.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from newslint.document import Block, Document

POSITIONS = ("lead", "body", "tail")
# How close (in blocks) two prose blocks must be for the first of them to open the article.
REACH = 2
# Sentence-final punctuation, possibly followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


CLOSERS = "\"'”’)]"


def ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence: SENTENCE_END, asked of the end only (a regex
    search would walk the whole paragraph to find it)."""
    return text.rstrip().rstrip(CLOSERS)[-1:] in (".", "!", "?", "…")


def is_prose(block: "Block", min_words: int) -> bool:
    return block.word_count >= min_words and ends_sentence(block.content)


# Spans already found, per document and prose length: a dozen rules ask for the same one.
_spans: "WeakKeyDictionary[Document, dict[int, tuple[int, int] | None]]" = WeakKeyDictionary()


def article_span(doc: "Document", min_words: int) -> tuple[int, int] | None:
    """First and last block index of the article's prose, or None when there is no prose."""
    if doc.whole is not None:  # a window of a huge file: the article spans the file, not the window
        return doc.whole.article_span(min_words)
    known = _spans.setdefault(doc, {})
    if min_words not in known:
        known[min_words] = _article_span(doc, min_words)
    return known[min_words]


def _article_span(doc: "Document", min_words: int) -> tuple[int, int] | None:
    prose = [block.index for block in doc.blocks if is_prose(block, min_words)]
    if not prose:
        return None
    close = [(a, b) for a, b in zip(prose, prose[1:]) if b - a <= REACH]
    if not close:
        return prose[0], prose[-1]
    return close[0][0], close[-1][1]


def position(block: "Block", span: tuple[int, int] | None) -> str:
    if span is None or span[0] <= block.index <= span[1]:
        return "body"
    return "lead" if block.index < span[0] else "tail"
