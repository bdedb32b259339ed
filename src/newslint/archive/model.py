"""What the archive index stores and how a document becomes an entry.

An entry is one document's MinHash signature plus a signature for each of its
paragraphs. Both are derived from `sketch.block_signatures`, which the
`repeated` rule computes anyway: a document's shingle set is the union of its
prose paragraphs' shingle sets, so its signature is their element-wise minimum.

`SketchParams` are written into every index and compared on every open: a
signature made with another seed, scheme, permutation count, shingle size or
shingle hash is not comparable, and mixing them would silently find nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields
from typing import Sequence

import numpy as np
import yaml

from newslint import sketch
from newslint.document import Document
from newslint.errors import UserError

FORMAT = 1
# A fixed text whose signature changes whenever normalisation, shingle hashing or
# the permutations change: the one check that catches every incompatible sketch.
_PROBE = "The quick brown fox jumps over the lazy dog; the lazy dog sleeps on, 1,024 times."


def _fingerprint(shingle: int) -> str:
    signature = sketch.signatures([sketch.shingle_hashes(sketch.words(_PROBE), shingle)])[0]
    return hashlib.sha256(signature.astype("<u4").tobytes()).hexdigest()[:16]


@dataclass(frozen=True)
class SketchParams:
    """Everything that makes two signatures comparable, persisted in the index."""

    format: int = FORMAT
    num_perm: int = sketch.NUM_PERM
    seed: int = sketch.SEED
    scheme: str = sketch.SCHEME
    shingle: int = 3
    min_block_words: int = 8  # prose paragraphs that make up the document signature
    min_paragraph_words: int = 8  # paragraphs indexed on their own
    # The LSH bands are fixed when the index is made (the Redis tables are keyed by band).
    # Each sits sketch.LSH_MARGIN below its rule's default threshold (0.5 and 0.8).
    document_lsh_threshold: float = 0.3
    paragraph_lsh_threshold: float = 0.6
    fingerprint: str = ""

    @classmethod
    def current(cls) -> "SketchParams":
        return cls(fingerprint=_fingerprint(cls.shingle))

    def to_strings(self) -> dict[str, str]:
        return {key: str(value) for key, value in asdict(self).items()}

    def check_stored(self, stored: dict[str, str], location: str) -> None:
        """Refuse an index whose signatures were made differently from ours."""
        for field in fields(self):
            mine = str(getattr(self, field.name))
            theirs = stored.get(field.name)
            if theirs != mine:
                raise UserError(
                    f"index was built with {field.name}={theirs} but this newslint uses {field.name}={mine}; "
                    "its signatures are not comparable: build a new index (newslint index add PATHS --index NEW)",
                    location,
                )


BAND_KEYS = {"documents": "lsh_documents", "paragraphs": "lsh_paragraphs"}


def band_meta(params: SketchParams) -> dict[str, str]:
    """Bands x rows of each LSH table, as datasketch's optimiser picks them for our thresholds.

    Computed once, when an index is made (the optimiser integrates numerically and
    takes about a second), then read back: a Redis index's tables are keyed by band,
    so the layout must not drift with a datasketch upgrade.
    """
    thresholds = {"documents": params.document_lsh_threshold, "paragraphs": params.paragraph_lsh_threshold}
    shapes = {}
    for table, key in BAND_KEYS.items():
        lsh = sketch.make_lsh(thresholds[table])
        shapes[key] = f"{lsh.b}x{lsh.r}"
    return shapes


def bands_from(stored: dict[str, str], location: str) -> dict[str, tuple[int, int]]:
    try:
        return {table: tuple(int(n) for n in stored[key].split("x")) for table, key in BAND_KEYS.items()}  # type: ignore[misc]
    except (KeyError, ValueError):
        raise UserError("index has no LSH layout recorded; build a new index (newslint index add PATHS --index NEW)", location) from None


@dataclass(frozen=True)
class Paragraph:
    line: int
    signature: np.ndarray


@dataclass(frozen=True)
class Entry:
    doc_id: str
    path: str
    digest: str  # of the whole file: an unchanged file is not written again
    line: int  # first line of the first block, where a finding's `related` points
    words: int  # prose words, so short pages can be left out of comparisons
    signature: np.ndarray
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Stored:
    """A document as the index knows it."""

    doc_id: str
    path: str
    line: int
    words: int


@dataclass(frozen=True)
class Hit:
    doc_id: str
    path: str
    line: int  # the archived document's first line, or the archived paragraph's line
    words: int  # the archived document's prose words
    similarity: float


@dataclass(frozen=True)
class AddSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: "AddSummary") -> "AddSummary":
        return AddSummary(self.added + other.added, self.updated + other.updated, self.unchanged + other.unchanged)


@dataclass(frozen=True)
class Stats:
    location: str
    backend: str
    documents: int
    paragraphs: int
    size_bytes: int
    size_note: str
    params: SketchParams


def document_id(doc: Document) -> str:
    """The front matter's `id:` when there is one, else the path as given."""
    if doc.first_body_line > 1:
        try:
            meta = yaml.safe_load("\n".join(doc.lines[1 : doc.first_body_line - 2]))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("id"), (str, int)) and not isinstance(meta.get("id"), bool):
            return str(meta["id"])
    return doc.path


def word_count(text: str) -> int:
    """Words as the near-copy rule counts them (a cheap split: normalising again would double the sketch cost)."""
    return len(text.split())


def entry(doc: Document, params: SketchParams) -> Entry:
    block_sigs = sketch.block_signatures(doc, params.shingle)
    counts = [word_count(block.content) for block in doc.blocks]
    prose = [i for i, n in enumerate(counts) if n >= params.min_block_words]
    if prose:
        signature = block_sigs[prose].min(axis=0)
    else:
        signature = np.full(params.num_perm, sketch.MAX_HASH, dtype=np.uint32)
    paragraphs = tuple(
        Paragraph(doc.blocks[i].line, block_sigs[i])
        for i, n in enumerate(counts)
        if n >= params.min_paragraph_words
    )
    first_line = doc.blocks[0].line if doc.blocks else 1
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    return Entry(document_id(doc), doc.path, digest, first_line, sum(counts[i] for i in prose), signature, paragraphs)


def last_per_id(entries: Sequence[Entry]) -> list[Entry]:
    """One entry per document id, the last given winning, as if they had been added one by one."""
    return list({e.doc_id: e for e in entries}.values())


def similarities(query: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of one signature against each row, as datasketch's MinHash.jaccard."""
    if len(candidates) == 0:
        return np.empty(0)
    return np.count_nonzero(candidates == query, axis=1) / query.shape[0]


def to_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u4", copy=False).tobytes()


def from_bytes(blobs: Sequence[bytes], num_perm: int) -> np.ndarray:
    if not blobs:
        return np.empty((0, num_perm), dtype=np.uint32)
    return np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(blobs), num_perm).astype(np.uint32, copy=False)


def rank(hits: list[Hit]) -> list[Hit]:
    """Most similar first; ties by path and line, so output never depends on set order."""
    return sorted(hits, key=lambda h: (-h.similarity, h.path, h.line, h.doc_id))
