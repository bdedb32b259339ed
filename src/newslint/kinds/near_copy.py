"""`near-duplicate-doc`: whole documents of the checked set that are near-copies of each other.

Each document's prose (blocks of at least `min_block_words` words, so page furniture
does not count) is sketched with MinHash over word shingles (one document at a time,
on all cores, and cached); a MinHashLSH queried below `threshold` finds candidates,
and each is confirmed by its estimated Jaccard similarity. The finding sits on the later document (in path order) and names the
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

from newslint import lazy_import, sketch
from newslint.document import Document
from newslint.findings import Finding, Related, excerpt_of

np = lazy_import.module("numpy")  # imported on first use: see lazy_import
SCOPE = "corpus"
PLACEHOLDERS = frozenset({"related_path", "similarity"})


@dataclass(frozen=True)
class Params:
    """A near-duplicate-doc rule's parameters (the module's docstring explains them)."""
    threshold: float = 0.5
    shingle: int = 3
    min_block_words: int = 8
    min_words: int = 50  # documents shorter than this are not compared

    def __post_init__(self) -> None:
        sketch.check_params("threshold", self.threshold, "shingle", self.shingle)


def cannot_fix(params: Params) -> str:
    return "a near-copy names a whole document, and newslint never deletes documents"


@dataclass(frozen=True)
class Summary:
    """What the corpus pass needs of one document: small, so 100,000 of them fit in memory."""

    path: str
    line: int  # of the first block, where the finding goes
    excerpt: str
    comparable: bool  # has at least min_words words of prose
    signature: np.ndarray
    prose_words: int = 0


def summarize(doc: Document, rule) -> Summary:
    params: Params = rule.params
    counts = [len(words) for words in sketch.block_words(doc)]
    prose_words = sum(n for n in counts if n >= params.min_block_words)
    first = doc.blocks[0] if doc.blocks else None
    return Summary(
        path=doc.path,
        line=first.line if first else 1,
        excerpt=excerpt_of(first.text) if first else "",
        comparable=prose_words >= params.min_words,
        signature=sketch.document_signature(doc, params.shingle, params.min_block_words),
        prose_words=prose_words,
    )


def merge(parts: Sequence[Summary], rule) -> Summary:
    """The summary of a huge file from those of its windows, in order (windows.py): the
    MinHash of a union is the element-wise minimum of the parts' MinHashes."""
    prose_words = sum(part.prose_words for part in parts)
    return Summary(
        path=parts[0].path,
        line=parts[0].line,
        excerpt=parts[0].excerpt,
        comparable=prose_words >= rule.params.min_words,
        signature=np.minimum.reduce([part.signature for part in parts]),
        prose_words=prose_words,
    )


# Each document is compared with the first this many documents of each LSH bucket it falls
# in (sketch.similar_pairs): its twin is the most similar of those. A set of 20,000
# near-copies then costs 20,000 x 32 candidates per band, not 200 million pairs.
TWINS_PER_BUCKET = 32


def pair_query(rule) -> sketch.PairQuery:
    return sketch.PairQuery(rule.params.threshold, "comparable", TWINS_PER_BUCKET)


def check_corpus(summaries: Sequence[Summary], rule, pairs: list[tuple[int, int, float]] | None = None) -> Iterator[Finding]:
    """`pairs`, when given, are `sketch.similar_pairs` of the summaries in path order, found elsewhere (cluster.py)."""
    params: Params = rule.params
    if len(summaries) < 2:
        return
    ordered = sorted(summaries, key=lambda s: s.path)
    if pairs is None:
        signatures = np.array([s.signature for s in ordered])
        pairs = sketch.similar_pairs(signatures, params.threshold, [s.comparable for s in ordered], per_bucket=TWINS_PER_BUCKET)
    twin: dict[int, tuple[int, float]] = {}
    for i, j, similarity in pairs:
        if j not in twin or similarity > twin[j][1]:
            twin[j] = (i, similarity)
    for later, (earlier, similarity) in sorted(twin.items()):
        doc, other = ordered[later], ordered[earlier]
        yield rule.finding(
            doc.path,
            doc.line,
            doc.excerpt,
            related=Related(other.path, other.line),
            related_path=other.path,
            similarity=round(similarity * 100),
        )
