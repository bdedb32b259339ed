"""`repeated`: a block repeated inside one document, word for word or nearly so.

Blocks are normalised (case, quotes, punctuation, spacing) and compared by the
MinHash signatures of their word shingles. An exact repeat counts at any length
from `min_words_exact` words (a repeated title); a near repeat needs `min_words`
words and an estimated Jaccard similarity of at least `threshold`. The finding is on
the later copy and names the first copy in `related`.

Example:
    - id: repeated-block
      kind: repeated
      category: duplicate
      severity: error
      message: "repeats line {related_line} ({similarity}% similar)"
      threshold: 0.8
      shingle: 3
      min_words: 8
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from newslint import sketch
from newslint.document import Document
from newslint.errors import ParamError
from newslint.findings import Finding, Related

SCOPE = "document"
PLACEHOLDERS = frozenset({"related_line", "similarity"})


@dataclass(frozen=True)
class Params:
    threshold: float = 0.8
    shingle: int = 3
    min_words: int = 8
    min_words_exact: int = 1

    def __post_init__(self) -> None:
        sketch.check_params("threshold", self.threshold, "shingle", self.shingle)
        if self.min_words < 1 or self.min_words_exact < 1:
            raise ParamError("min_words", "'min_words' and 'min_words_exact' must be at least 1")


def check(doc: Document, rule) -> Iterator[Finding]:
    params: Params = rule.params
    first_copy: dict[int, tuple[int, float]] = {}  # later block index -> (first block index, similarity)

    seen_text: dict[str, int] = {}
    counts = [len(words) for words in sketch.block_words(doc)]
    for index, text in enumerate(sketch.block_texts(doc)):
        if counts[index] < params.min_words_exact:
            continue
        if text in seen_text:
            first_copy[index] = (seen_text[text], 1.0)
        else:
            seen_text[text] = index

    usable = [count >= params.min_words for count in counts]
    if sum(usable) > 1:
        signatures = sketch.block_signatures(doc, params.shingle)
        for i, j, similarity in sketch.similar_pairs(signatures, params.threshold, usable):
            if j not in first_copy or i < first_copy[j][0]:
                first_copy[j] = (i, similarity)

    for later, (first, similarity) in sorted(first_copy.items()):
        block, source = doc.blocks[later], doc.blocks[first]
        yield rule.block_finding(
            doc.path,
            block,
            related=Related(doc.path, source.line),
            related_line=source.line,
            similarity=round(similarity * 100),
        )
