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
query per document (sketch.similar_pairs) to group near-copies. Each document is
summarised (its short blocks and its signature) with the per-document rules, on every
core and cached; the corpus pass reads only the summaries.

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
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from newslint import lazy_import, regexes, sketch
from newslint.document import Document
from newslint.errors import ParamError
from newslint.findings import Finding, Interned, Related, excerpt_of

np = lazy_import.module("numpy")  # imported on first use: see lazy_import
SCOPE = "corpus"
PLACEHOLDERS = frozenset({"documents", "total", "related_path"})


@dataclass(frozen=True)
class Params:
    """A common-block rule's parameters (the module's docstring explains them)."""
    min_documents: int = 3
    min_share: float = 0.0
    max_words: int = 12
    min_words: int = 1
    story_threshold: float = 0.25
    story_shingle: int = 3
    story_min_block_words: int = 8
    skip_patterns: tuple[str, ...] = ()
    skip: tuple[regexes.Pattern, ...] = field(init=False, default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "skip", regexes.compile_list("skip_patterns", self.skip_patterns, regexes.IGNORECASE))
        sketch.check_params("story_threshold", self.story_threshold, "story_shingle", self.story_shingle)
        if self.min_documents < 2:
            raise ParamError("min_documents", "'min_documents' must be at least 2: one document is not a pattern")
        if not 0.0 <= self.min_share <= 1.0:
            raise ParamError("min_share", "'min_share' must be a share between 0 and 1")
        if self.min_words < 1 or self.max_words < self.min_words:
            raise ParamError("max_words", "'min_words' must be at least 1 and 'max_words' at least 'min_words'")


@dataclass(frozen=True, slots=True)
class Counted(Interned):
    """A short block of one document, as the corpus pass counts and reports it."""

    key: str  # the normalised text
    line: int
    end_line: int
    column: int
    text: str  # the excerpt

    # What this rule looks for is the same short block in many documents, and every summary
    # is held to the end of the run (31 MB at 10,000 bench documents, 27 interned).
    INTERNED = ("key", "text")


@dataclass(frozen=True)
class Summary:
    """What the corpus pass needs of one document: its short blocks and its prose signature."""

    path: str
    blocks: tuple[Counted, ...]
    signature: np.ndarray


def summarize(doc: Document, rule) -> Summary:
    params: Params = rule.params
    counted = []
    for block, words, text in zip(doc.blocks, sketch.block_words(doc), sketch.block_texts(doc)):
        if not params.min_words <= len(words) <= params.max_words:
            continue
        try:
            if any(regexes.search(regex, block.content) for regex in params.skip):
                continue
        except regexes.PatternTimeout as err:
            err.line = block.line
            raise
        counted.append(Counted(text, block.line, block.end_line, block.column, excerpt_of(block.text)))
    signature = sketch.document_signature(doc, params.story_shingle, params.story_min_block_words)
    return Summary(doc.path, tuple(counted), signature)


# A huge file's windows (windows.py) add their short blocks to its summary up to this many;
# later ones are not counted (a million one-line blocks would otherwise be held whole).
MERGED_BLOCKS = 100_000


def merge(parts: Sequence[Summary], rule) -> Summary:
    """The summary of a huge file from those of its windows, in order."""
    blocks = tuple(block for part in parts for block in part.blocks)[:MERGED_BLOCKS]
    return Summary(parts[0].path, blocks, np.minimum.reduce([part.signature for part in parts]))


def pair_query(rule) -> sketch.PairQuery:
    return sketch.PairQuery(rule.params.story_threshold, None, STORY_PER_BUCKET)


def check_corpus(summaries: Sequence[Summary], rule, pairs: list[tuple[int, int, float]] | None = None) -> Iterator[Finding]:
    """`pairs`, when given, are the near-copy stories' `sketch.similar_pairs` of the summaries
    in path order, found elsewhere (cluster.py)."""
    params: Params = rule.params
    needed = max(params.min_documents, math.ceil(params.min_share * len(summaries)))  # documents
    if len(summaries) < needed:
        return
    ordered = sorted(summaries, key=lambda s: s.path)
    holders: dict[str, list[int]] = {}  # normalised text -> documents (by position) holding it
    story = stories(ordered, params, pairs)
    for position, summary in enumerate(ordered):
        for text in {block.key for block in summary.blocks}:
            holders.setdefault(text, []).append(position)
    spread = {text: len({story[p] for p in held}) for text, held in holders.items()}
    for position, summary in enumerate(ordered):
        for block in summary.blocks:
            if spread[block.key] < params.min_documents or len(holders[block.key]) < needed:
                continue
            other = ordered[next(p for p in holders[block.key] if p != position)]
            other_line = next(b.line for b in other.blocks if b.key == block.key)
            yield rule.block_finding(  # a Counted has a Block's line, end_line, column and text
                summary.path,
                block,
                related=Related(other.path, other_line),
                documents=len(holders[block.key]),
                total=len(summaries),
                related_path=other.path,
            )


STORY_PER_BUCKET = 16


def stories(ordered: Sequence[Summary], params: Params, pairs: list[tuple[int, int, float]] | None = None) -> list[int]:
    """For each document, the smallest position of a document it near-copies (transitively)."""
    if pairs is None:
        pairs = sketch.similar_pairs(np.array([summary.signature for summary in ordered]), params.story_threshold,
                                     per_bucket=STORY_PER_BUCKET)
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Only which documents are connected counts: each is paired with the first few of its
    # buckets (linear memory), not with every similar document.
    for i, j, _ in pairs:
        a, b = root(i), root(j)
        parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(ordered))]
