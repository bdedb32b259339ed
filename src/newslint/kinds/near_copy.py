"""`near-duplicate-doc`: whole documents of the checked set that are near-copies of each other.

Each document's prose (blocks of at least `min_block_words` words, so page furniture
does not count) is sketched with MinHash over word shingles; a MinHashLSH queried
below `threshold` finds candidates, and each is confirmed by its estimated Jaccard
similarity. The finding sits on the later document (in path order) and names the
earlier one in `related`.

Example:
    - id: near-copy-document
      kind: near-duplicate-doc
      category: duplicate-document
      severity: warning
      message: "near-copy of {related_path} ({similarity}% similar)"
      threshold: 0.5
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np

from newslint import sketch
from newslint.document import Document
from newslint.errors import ParamError
from newslint.findings import Finding, Related

SCOPE = "corpus"
PLACEHOLDERS = frozenset({"related_path", "similarity"})


@dataclass(frozen=True)
class Params:
    threshold: float = 0.5
    shingle: int = 3
    min_block_words: int = 8
    min_words: int = 50  # documents shorter than this are not compared

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ParamError("threshold", "'threshold' must be a Jaccard similarity in (0, 1]")
        if self.shingle < 1:
            raise ParamError("shingle", "'shingle' must be at least 1 word")


def cannot_fix(params: Params) -> str:
    return "a near-copy names a whole document, and newslint never deletes documents"


def check_corpus(docs: Sequence[Document], rule) -> Iterator[Finding]:
    params: Params = rule.params
    if len(docs) < 2:
        return
    ordered = sorted(docs, key=lambda d: d.path)
    usable = [_prose_words(doc, params.min_block_words) >= params.min_words for doc in ordered]
    signatures = np.array(
        [sketch.document_signature(doc, params.shingle, params.min_block_words) for doc in ordered]
    )
    twin: dict[int, tuple[int, float]] = {}
    for i, j, similarity in sketch.similar_pairs(signatures, params.threshold, usable):
        if j not in twin or similarity > twin[j][1]:
            twin[j] = (i, similarity)
    for later, (earlier, similarity) in sorted(twin.items()):
        doc, other = ordered[later], ordered[earlier]
        first = doc.blocks[0] if doc.blocks else None
        yield rule.finding(
            doc.path,
            first.line if first else 1,
            first.text if first else "",
            related=Related(other.path, other.blocks[0].line if other.blocks else 1),
            related_path=other.path,
            similarity=round(similarity * 100),
        )


def _prose_words(doc: Document, min_block_words: int) -> int:
    counts = (len(block.content.split()) for block in doc.blocks)
    return sum(n for n in counts if n >= min_block_words)
