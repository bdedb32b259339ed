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

import hashlib
from dataclasses import dataclass, field
from typing import Iterator

from newslint import lazy_import, sketch
from newslint.document import Document
from newslint.errors import ParamError
from newslint.findings import Finding, Related

np = lazy_import.module("numpy")  # imported on first use: see lazy_import
SCOPE = "document"
PLACEHOLDERS = frozenset({"related_line", "similarity"})


@dataclass(frozen=True)
class Params:
    """A repeated rule's parameters (the module's docstring explains them)."""
    threshold: float = 0.8
    shingle: int = 3
    min_words: int = 8
    min_words_exact: int = 1

    def __post_init__(self) -> None:
        sketch.check_params("threshold", self.threshold, "shingle", self.shingle)
        if self.min_words < 1 or self.min_words_exact < 1:
            raise ParamError("min_words", "'min_words' and 'min_words_exact' must be at least 1")


def check(doc: Document, rule) -> Iterator[Finding]:
    return _check(doc, rule, None)


# What a huge file's earlier windows leave for the next (windows.py) is capped: past
# EARLIER_KEYS blocks a block is no longer remembered as a first copy of its exact text,
# past EARLIER_SIGNATURES blocks long enough for near repeats no longer as a near one
# (repeats inside a window and of the blocks remembered are still found).
EARLIER_KEYS = 2_000_000  # 24 bytes each
EARLIER_SIGNATURES = 50_000  # 512 bytes each
# Near repeats: each block of a band's bucket is compared with the bucket's first this many
# (sketch.similar_pairs), so that cost grows linearly with a page's blocks.
NEAR_PER_BUCKET = 16


@dataclass
class Earlier:
    """The earlier windows' blocks: exact-text keys (sorted) and near-repeat signatures, in file order."""

    keys: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    key_blocks: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # file block index
    key_lines: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    signatures: np.ndarray = field(default_factory=lambda: np.empty((0, sketch.NUM_PERM), dtype=np.uint32))
    sig_blocks: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    sig_lines: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def find(self, keys: np.ndarray) -> list[tuple[int, int] | None]:
        """(file block index, line) of the remembered block with each key, or None."""
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        if not len(self.keys):
            return [None] * len(keys)
        hit = self.keys[at] == keys
        return [(int(self.key_blocks[i]), int(self.key_lines[i])) if h else None for i, h in zip(at.tolist(), hit.tolist())]

    def remember(self, keys: list[int], blocks: list[int], lines: list[int], signatures: np.ndarray,
                 sig_blocks: list[int], sig_lines: list[int]) -> None:
        room = max(0, EARLIER_KEYS - len(self.keys))
        if room and keys:
            merged = np.concatenate([self.keys, np.array(keys[:room], dtype=np.uint64)])
            order = np.argsort(merged, kind="stable")
            self.keys = merged[order]
            self.key_blocks = np.concatenate([self.key_blocks, np.array(blocks[:room], dtype=np.int64)])[order]
            self.key_lines = np.concatenate([self.key_lines, np.array(lines[:room], dtype=np.int64)])[order]
        room = max(0, EARLIER_SIGNATURES - len(self.signatures))
        if room and len(signatures):
            self.signatures = np.concatenate([self.signatures, signatures[:room]])
            self.sig_blocks = np.concatenate([self.sig_blocks, np.array(sig_blocks[:room], dtype=np.int64)])
            self.sig_lines = np.concatenate([self.sig_lines, np.array(sig_lines[:room], dtype=np.int64)])


def check_window(doc: Document, rule, earlier: Earlier) -> Iterator[Finding]:
    """`check` of one window of a huge file, against the blocks of its earlier windows."""
    return _check(doc, rule, earlier)


def _key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _check(doc: Document, rule, earlier: Earlier | None) -> Iterator[Finding]:
    params: Params = rule.params
    offset = doc.whole.block_offset if doc.whole is not None else 0
    # Blocks are named by (file block index, line) so that a copy in an earlier window and
    # one in this window compare alike; without earlier windows the index is the block's own.
    first_copy: dict[int, tuple[int, int, float]] = {}  # later block -> (first block, its line, similarity)

    seen_text: dict[str, tuple[int, int]] = {}
    counts = [len(words) for words in sketch.block_words(doc)]
    texts = sketch.block_texts(doc)
    new_keys: list[int] = []
    new_blocks: list[int] = []
    eligible = [index for index, count in enumerate(counts) if count >= params.min_words_exact]
    keys = [_key(texts[index]) for index in eligible] if earlier is not None else []
    found = earlier.find(np.array(keys, dtype=np.uint64)) if earlier is not None else [None] * len(eligible)
    for position, index in enumerate(eligible):
        text = texts[index]
        if text in seen_text:
            first_copy[index] = (*seen_text[text], 1.0)
        elif found[position] is not None:
            seen_text[text] = found[position]
            first_copy[index] = (*seen_text[text], 1.0)
        else:
            seen_text[text] = (offset + index, doc.blocks[index].line)
            if earlier is not None:
                new_keys.append(keys[position])
                new_blocks.append(index)

    # A later exact copy is already found, and its signature is its first copy's: comparing it
    # again made a page of n identical paragraphs cost n * n / 2 comparisons.
    usable = [count >= params.min_words and index not in first_copy for index, count in enumerate(counts)]
    remembered = 0 if earlier is None else len(earlier.signatures)
    signatures = None
    if any(usable) and remembered + sum(usable) > 1:
        signatures = sketch.block_signatures(doc, params.shingle)
        rows = signatures if not remembered else np.concatenate([earlier.signatures, signatures])
        pairs = sketch.similar_pairs(rows, params.threshold, [True] * remembered + usable, NEAR_PER_BUCKET)
        for i, j, similarity in pairs:
            if j < remembered:
                continue  # both in earlier windows: reported there
            j -= remembered
            if i < remembered:
                first = (int(earlier.sig_blocks[i]), int(earlier.sig_lines[i]))
            else:
                first = (offset + i - remembered, doc.blocks[i - remembered].line)
            if j not in first_copy or first[0] < first_copy[j][0]:
                first_copy[j] = (*first, similarity)
        # An exact copy's earliest near copy is its first copy's (the same signature).
        for later, (first_block, _, similarity) in sorted(first_copy.items()):
            local = first_block - offset
            if similarity == 1.0 and 0 <= local < later and local in first_copy and first_copy[local][0] < first_block:
                first_copy[later] = first_copy[local]

    if earlier is not None:
        kept = [index for index, use in enumerate(usable) if use]
        earlier.remember(
            new_keys,
            [offset + index for index in new_blocks],
            [doc.blocks[index].line for index in new_blocks],
            signatures[kept] if signatures is not None and kept else np.empty((0, sketch.NUM_PERM), dtype=np.uint32),
            [offset + index for index in kept],
            [doc.blocks[index].line for index in kept],
        )

    for later, (_, line, similarity) in sorted(first_copy.items()):
        yield rule.block_finding(
            doc.path,
            doc.blocks[later],
            related=Related(doc.path, line),
            related_line=line,
            similarity=round(similarity * 100),
        )
