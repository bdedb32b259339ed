"""Shingles and MinHash signatures, computed once and shared by every rule.

Every similarity parameter lives here: the permutation count, the seed, the
scheme and the shingle hash. Signatures are computed in numpy with exactly the
permutations and the mixing of datasketch's `MinHash(num_perm=NUM_PERM,
seed=SEED, scheme=SCHEME)` (tests/test_sketch.py checks value for value), so
a plain run never pays datasketch's import (it pulls in scipy, ~0.4 s); the
LSH index, where one is needed, is datasketch's `MinHashLSH` fed `LeanMinHash`
objects built from these rows.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import cache
from typing import TYPE_CHECKING, Iterable, Sequence
from weakref import WeakKeyDictionary

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHashLSH

    from newslint.document import Document

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2.0's default; persisted sketches must record it
MAX_HASH = np.uint32(0xFFFFFFFF)
# MurmurHash3's 32-bit finalizer, as datasketch applies it before permuting.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_SHINGLE_MULTIPLIER = np.uint32(0x01000193)
# Pairs are compared directly below this many items; above it an LSH finds candidates.
DIRECT_COMPARE_LIMIT = 300
# How far below the reporting threshold the LSH is queried, so that pairs near
# the threshold (which banding misses about a quarter of the time) are still confirmed.
LSH_MARGIN = 0.2
# Bound the (shingles x permutations) matrix computed at once.
CHUNK_SHINGLES = 65536

_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "´": "'", "`": "'"})


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces: case, quotes, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower().replace("'", "")
    return " ".join(_WORD.findall(text))


def words(text: str) -> list[str]:
    return normalize(text).split()


@cache
def _token_hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def shingle_hashes(tokens: Sequence[str], size: int) -> np.ndarray:
    """32-bit hashes of the word `size`-grams of tokens; fewer tokens than `size` make one shingle."""
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    token_hashes = np.fromiter((_token_hash(t) for t in tokens), dtype=np.uint32, count=len(tokens))
    width = min(size, len(token_hashes))
    count = len(token_hashes) - width + 1
    hashes = token_hashes[:count].copy()
    for offset in range(1, width):
        hashes = hashes * _SHINGLE_MULTIPLIER ^ token_hashes[offset : offset + count]
    return hashes


@cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) parameters datasketch draws for affine32 with this seed."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def signatures(hash_sets: Sequence[np.ndarray]) -> np.ndarray:
    """One MinHash row (NUM_PERM uint32) per set of shingle hashes; an empty set gives all MAX_HASH."""
    result = np.full((len(hash_sets), NUM_PERM), MAX_HASH, dtype=np.uint32)
    a, b = permutations()
    batch: list[int] = []
    batch_size = 0
    for index, hashes in enumerate(hash_sets):
        if len(hashes) == 0:
            continue
        batch.append(index)
        batch_size += len(hashes)
        if batch_size >= CHUNK_SHINGLES:
            _fill(result, hash_sets, batch, a, b)
            batch, batch_size = [], 0
    if batch:
        _fill(result, hash_sets, batch, a, b)
    return result


def _fill(result: np.ndarray, hash_sets: Sequence[np.ndarray], batch: list[int], a: np.ndarray, b: np.ndarray) -> None:
    sizes = [len(hash_sets[i]) for i in batch]
    joined = np.concatenate([hash_sets[i] for i in batch])
    permuted = _fmix(joined)[:, None] * a[None, :] + b[None, :]
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    result[batch] = np.minimum.reduceat(permuted, offsets, axis=0)


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity, as datasketch's MinHash.jaccard computes it."""
    return float(np.count_nonzero(sig_a == sig_b)) / NUM_PERM


def lean_minhash(signature: np.ndarray) -> "LeanMinHash":
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=signature, scheme=SCHEME)


def make_lsh(threshold: float, **storage: object) -> "MinHashLSH":
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=max(0.05, min(threshold, 0.99)), num_perm=NUM_PERM, **storage)


def similar_pairs(sigs: np.ndarray, threshold: float, usable: Iterable[bool] | None = None) -> list[tuple[int, int, float]]:
    """All (i, j, similarity) with i < j and estimated Jaccard >= threshold, sorted.

    Few items are compared directly; many go through an LSH queried below the
    threshold, each candidate confirmed by its estimated Jaccard.
    """
    keep = [i for i, ok in enumerate(usable if usable is not None else [True] * len(sigs)) if ok]
    pairs: list[tuple[int, int, float]] = []
    if len(keep) <= DIRECT_COMPARE_LIMIT:
        for position, j in enumerate(keep):
            if position == 0:
                continue
            earlier = np.array(keep[:position])
            similarity = np.count_nonzero(sigs[earlier] == sigs[j], axis=1) / NUM_PERM
            for i, sim in zip(earlier[similarity >= threshold], similarity[similarity >= threshold]):
                pairs.append((int(i), j, float(sim)))
    else:
        lsh = make_lsh(threshold - LSH_MARGIN)
        with lsh.insertion_session() as session:
            for i in keep:
                session.insert(i, lean_minhash(sigs[i]), check_duplication=False)
        for j in keep:
            for i in sorted(lsh.query(lean_minhash(sigs[j]))):
                if i < j:
                    sim = jaccard(sigs[i], sigs[j])
                    if sim >= threshold:
                        pairs.append((i, j, sim))
    pairs.sort()
    return pairs


# Per-document sketches, computed once whichever rules ask for them.
_block_cache: "WeakKeyDictionary[Document, dict]" = WeakKeyDictionary()


def block_signatures(doc: "Document", shingle: int) -> np.ndarray:
    cache = _block_cache.setdefault(doc, {})
    key = ("blocks", shingle)
    if key not in cache:
        cache[key] = signatures([shingle_hashes(words(b.content), shingle) for b in doc.blocks])
    return cache[key]


def document_signature(doc: "Document", shingle: int, min_block_words: int) -> np.ndarray:
    cache = _block_cache.setdefault(doc, {})
    key = ("document", shingle, min_block_words)
    if key not in cache:
        tokens: list[str] = []
        for block in doc.blocks:
            block_words = words(block.content)
            if len(block_words) >= min_block_words:  # prose, not page furniture
                tokens.extend(block_words)
        cache[key] = signatures([np.unique(shingle_hashes(tokens, shingle))])[0]
    return cache[key]
