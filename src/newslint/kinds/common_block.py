"""`common-block`: a short block that recurs across many documents of the checked set.

The same "Follow us on…" line, newsletter box or section menu under every article of a
site is page furniture even when no pattern names it. Every block of at most `max_words`
words is normalised (sketch.normalize: case, quotes, punctuation and spacing removed) and
counted once per *story* that holds it; blocks held by at least `min_documents`
stories, and by at least `min_share` of the checked documents, are flagged in each
document that holds them. Documents whose prose is a near-copy of each other (estimated
Jaccard similarity of word `story_shingle`-grams at least `story_threshold`, as
`near-duplicate-doc` measures it) are one story: the lines they share are the story's,
not the site's. Longer blocks are left alone, so that a paragraph two articles
legitimately share is a matter for `near-duplicate-doc`, not boilerplate, and blocks matching one of `skip_patterns` are never counted (the default
pack skips direct quotes: a quote two stories share is content). Counting exact
normalised texts needs no pairwise comparison: one pass over the blocks, and one LSH
query per document (sketch.similar_pairs) to group near-copies.

Example:
    - id: common-block
      kind: common-block
      category: boilerplate
      severity: warning
      message: "appears in {documents} of the {total} checked documents"
      min_documents: 2
      max_words: 12
      story_threshold: 0.25
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import numpy as np

from newslint import sketch
from newslint.document import Document
from newslint.errors import ParamError
from newslint.findings import Finding, Related

SCOPE = "corpus"
PLACEHOLDERS = frozenset({"documents", "total", "related_path"})


@dataclass(frozen=True)
class Params:
    min_documents: int = 3
    min_share: float = 0.0
    max_words: int = 12
    min_words: int = 1
    story_threshold: float = 0.25
    story_shingle: int = 3
    story_min_block_words: int = 8
    skip_patterns: tuple[str, ...] = ()
    skip: tuple[re.Pattern[str], ...] = field(init=False, default=(), compare=False)

    def __post_init__(self) -> None:
        skip = []
        for number, source in enumerate(self.skip_patterns, 1):
            try:
                skip.append(re.compile(source, re.IGNORECASE))
            except re.error as err:
                raise ParamError("skip_patterns", f"pattern {number} is not a valid regular expression: {err}") from None
        object.__setattr__(self, "skip", tuple(skip))
        if not 0.0 < self.story_threshold <= 1.0:
            raise ParamError("story_threshold", "'story_threshold' must be a Jaccard similarity in (0, 1]")
        if self.story_shingle < 1:
            raise ParamError("story_shingle", "'story_shingle' must be at least 1 word")
        if self.min_documents < 2:
            raise ParamError("min_documents", "'min_documents' must be at least 2: one document is not a pattern")
        if not 0.0 <= self.min_share <= 1.0:
            raise ParamError("min_share", "'min_share' must be a share between 0 and 1")
        if self.min_words < 1 or self.max_words < self.min_words:
            raise ParamError("max_words", "'min_words' must be at least 1 and 'max_words' at least 'min_words'")


def check_corpus(docs: Sequence[Document], rule) -> Iterator[Finding]:
    params: Params = rule.params
    needed = max(params.min_documents, math.ceil(params.min_share * len(docs)))  # documents
    if len(docs) < needed:
        return
    ordered = sorted(docs, key=lambda d: d.path)
    keys: list[list[str | None]] = []
    holders: dict[str, list[int]] = {}  # normalised text -> documents (by position) holding it
    story = stories(ordered, params)
    for position, doc in enumerate(ordered):
        doc_keys: list[str | None] = []
        for block in doc.blocks:
            text = sketch.normalize(block.content)
            words = len(text.split())
            counted = params.min_words <= words <= params.max_words
            counted = counted and not any(regex.search(block.content) for regex in params.skip)
            doc_keys.append(text if counted else None)
        keys.append(doc_keys)
        for text in {k for k in doc_keys if k is not None}:
            holders.setdefault(text, []).append(position)
    spread = {text: len({story[p] for p in held}) for text, held in holders.items()}
    for position, doc in enumerate(ordered):
        for block, text in zip(doc.blocks, keys[position]):
            if text is None or spread[text] < params.min_documents or len(holders[text]) < needed:
                continue
            other = next(p for p in holders[text] if p != position)
            other_doc = ordered[other]
            other_line = next(b.line for b, k in zip(other_doc.blocks, keys[other]) if k == text)
            yield rule.block_finding(
                doc.path,
                block,
                related=Related(other_doc.path, other_line),
                documents=len(holders[text]),
                total=len(docs),
                related_path=other_doc.path,
            )


def stories(ordered: Sequence[Document], params: Params) -> list[int]:
    """For each document, the smallest position of a document it near-copies (transitively)."""
    signatures = np.array(
        [sketch.document_signature(doc, params.story_shingle, params.story_min_block_words) for doc in ordered]
    )
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in sketch.similar_pairs(signatures, params.story_threshold):
        a, b = root(i), root(j)
        parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(ordered))]
