"""Shingles and MinHash signatures, computed once and shared by every rule.

Every similarity parameter lives here: the permutation count, the seed, the
scheme and the shingle hash. Signatures are computed in numpy with exactly the
permutations and the mixing of datasketch's `MinHash(num_perm=NUM_PERM,
seed=SEED, scheme=SCHEME)` (tests/test_sketch.py checks value for value), so
a plain run never pays datasketch's import (it pulls in scipy, ~0.4 s). Rows
become datasketch `LeanMinHash` objects wherever a `MinHashLSH` index is kept
(`lean_minhash`, `make_lsh`); the one-shot self-join of a checked set uses the
bands datasketch would choose, joined in numpy (see `_band_candidates`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import unicodedata
import weakref
import zlib
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence
from weakref import WeakKeyDictionary

from newslint import lazy_import, user_cache
from newslint.errors import ParamError

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHashLSH

    from newslint.document import Document

np = lazy_import.module("numpy")  # imported on first use: see lazy_import

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2.0's default; persisted sketches must record it
MAX_HASH = 0xFFFFFFFF  # an empty set's signature value (uint32)
# MurmurHash3's 32-bit finalizer, as datasketch applies it before permuting; made uint32 on
# first use (_uint32s), so that importing this module does not import numpy.
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
_SHINGLE_MULTIPLIER = 0x01000193
# Pairs are compared directly below this many items; above it an LSH finds candidates.
DIRECT_COMPARE_LIMIT = 300
PAIR_BATCH = 16384  # candidate pairs compared at once (two 8 MB gathers of their rows)
# How far below the reporting threshold the LSH is queried, so that pairs near
# the threshold (which banding misses about a quarter of the time) are still confirmed;
# but never below half the threshold: at 0.05 datasketch bands single values (r=1), which
# any two articles sharing one common phrase hit (7.1 million candidate pairs among 10,000
# articles at threshold 0.25, against ~6,000 at 0.125, with the same pairs found).
LSH_MARGIN = 0.2
# Bound the (shingles x permutations) matrix computed at once (2 MB of uint32). Signing
# 100 documents together, 4,096 cost no more CPU per document than 16,384 and kept each
# process's peak ~7 MB lower (bench/speed.py corpus, 3,000 documents, --jobs 2).
CHUNK_SHINGLES = 4096

_WORD = re.compile(r"\w+")
# Apostrophes and quote marks that stand for one are deleted ("don't" -> "dont"); every other
# character that cannot be part of a \w word becomes a space. Text that is ASCII after this
# splits on spaces into exactly the words `_WORD.findall` would give, at a third of its cost.
_APOSTROPHES = "'’‘´`"
_PUNCTUATION = "—–…•·«»‹›„‚“”‐‑‒―\u00a0\u2009\u200a\u2002\u2003\u202f\u200b\u00ad"
_TOKEN_TABLE = str.maketrans(
    {c: " " for c in map(chr, range(128)) if c != "\n" and not _WORD.match(c)}
    | {c: " " for c in _PUNCTUATION if not _WORD.match(c)}
    | {c: None for c in _APOSTROPHES}
)
# Token hashes are memoised; the memo is dropped when it grows past this many tokens.
TOKEN_CACHE_LIMIT = 1 << 20


def _fold(text: str) -> str:
    """NFKC, lower case, apostrophes deleted, other non-word characters (but newlines) spaced."""
    return unicodedata.normalize("NFKC", text).lower().translate(_TOKEN_TABLE)


def _split(folded: str) -> list[str]:
    return folded.split() if folded.isascii() else _WORD.findall(folded)


def check_params(threshold_key: str, threshold: float, shingle_key: str | None = None, shingle: int = 1) -> None:
    """Validate a rule's similarity threshold and shingle size, naming the YAML keys."""
    if not 0.0 < threshold <= 1.0:
        raise ParamError(threshold_key, f"'{threshold_key}' must be a Jaccard similarity in (0, 1]")
    if shingle_key is not None and shingle < 1:
        raise ParamError(shingle_key, f"'{shingle_key}' must be at least 1 word")


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces: case, quotes, punctuation and spacing removed."""
    return " ".join(words(text))


def words(text: str) -> list[str]:
    return _split(_fold(text).replace("\n", " "))


_TOKEN_HASHES: dict[str, int] = {}


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """CRC-32 of each token's UTF-8 bytes."""
    return _hashes_of([tokens])


def _hashes_of(runs: Sequence[Sequence[str]]) -> np.ndarray:
    """`token_hashes` of the runs' tokens end to end, never joined into one list first."""
    table = _TOKEN_HASHES
    count = sum(map(len, runs))
    try:
        return np.fromiter(map(table.__getitem__, chain.from_iterable(runs)), dtype=np.uint32, count=count)
    except KeyError:
        if len(table) > TOKEN_CACHE_LIMIT:
            table.clear()
        for token in chain.from_iterable(runs):
            if token not in table:
                table[token] = zlib.crc32(token.encode("utf-8"))
        return np.fromiter(map(table.__getitem__, chain.from_iterable(runs)), dtype=np.uint32, count=count)


def _combine(token_hashes: np.ndarray, width: int) -> np.ndarray:
    count = len(token_hashes) - width + 1
    hashes = token_hashes[:count].copy()
    (multiplier,) = _uint32s(_SHINGLE_MULTIPLIER)
    for offset in range(1, width):
        hashes *= multiplier
        hashes ^= token_hashes[offset : offset + count]
    return hashes


def shingle_hashes(tokens: Sequence[str], size: int) -> np.ndarray:
    """32-bit hashes of the word `size`-grams of tokens; fewer tokens than `size` make one shingle."""
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    return _combine(token_hashes(tokens), min(size, len(tokens)))


@cache
def _uint32s(*values: int) -> tuple:
    return tuple(np.uint32(value) for value in values)


@cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) parameters datasketch draws for affine32 with this seed. Drawn once and kept in
    the user cache: importing numpy.random to draw them cost ~10 ms of every run's start-up
    (RandomState's stream is frozen across numpy releases, so the values never change)."""
    name = f"permutations-{SCHEME}-{NUM_PERM}-{SEED}.json"
    stored = user_cache.read(name)
    if _valid_permutations(stored):
        return np.array(stored[0], dtype=np.uint32), np.array(stored[1], dtype=np.uint32)
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    user_cache.write(name, [a.tolist(), b.tolist()])
    return a, b


def _valid_permutations(stored: object) -> bool:
    """Two lists of NUM_PERM uint32 values, the first all odd (as drawn: 2k + 1)."""
    return (isinstance(stored, list) and len(stored) == 2
            and all(isinstance(row, list) and len(row) == NUM_PERM
                    and all(type(v) is int and 0 <= v <= MAX_HASH for v in row) for row in stored)
            and all(v % 2 == 1 for v in stored[0]))


def _fmix(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _uint32s(*_FMIX32)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def signatures(hash_sets: Sequence[np.ndarray]) -> np.ndarray:
    """One MinHash row (NUM_PERM uint32) per set of shingle hashes; an empty set gives all MAX_HASH."""
    sizes = np.fromiter(map(len, hash_sets), dtype=np.intp, count=len(hash_sets))
    joined = np.concatenate(hash_sets) if len(hash_sets) else np.empty(0, dtype=np.uint32)
    return joined_signatures(joined.astype(np.uint32, copy=False), sizes)


def joined_signatures(joined: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """`signatures` of the sets that are consecutive runs of `joined`, `sizes[i]` hashes each.

    Columns are permuted CHUNK_SHINGLES at a time, whatever the sets: a set longer than a
    chunk (a 100,000-character piece of a cut line is 16,000 shingles, a 64 MB matrix with
    its temporaries) is reduced chunk by chunk and its parts folded by minimum, so memory
    stays bounded however many sets come at once and however long one is. The values do
    not depend on the chunks: a minimum of minimums is the minimum."""
    result = np.full((len(sizes), NUM_PERM), MAX_HASH, dtype=np.uint32)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    nonempty = np.flatnonzero(sizes)
    nonempty_starts, nonempty_ends = starts[nonempty], ends[nonempty]
    a, b = permutations()
    for low in range(0, int(ends[-1]) if len(ends) else 0, CHUNK_SHINGLES):
        high = low + CHUNK_SHINGLES
        # The non-empty sets this chunk holds a part of: they tile `joined` end to end.
        first = int(np.searchsorted(nonempty_ends, low, side="right"))
        last = int(np.searchsorted(nonempty_starts, high, side="left"))
        chunk = nonempty[first:last]
        # Permutations as rows and shingles as columns: the reduction then runs along
        # contiguous memory, about twice as fast as the transposed layout.
        permuted = np.multiply.outer(a, _fmix(joined[low:high]))
        permuted += b[:, None]
        parts = np.minimum.reduceat(permuted, np.maximum(nonempty_starts[first:last], low) - low, axis=1).T
        result[chunk] = np.minimum(result[chunk], parts)  # a set cut by the chunk's ends has parts in the next
    return result


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity, as datasketch's MinHash.jaccard computes it."""
    return float(np.count_nonzero(sig_a == sig_b)) / NUM_PERM


def lean_minhash(signature: np.ndarray) -> "LeanMinHash":
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=signature, scheme=SCHEME)


def make_lsh(threshold: float, **storage: object) -> "MinHashLSH":
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=max(0.05, min(threshold, 0.99)), num_perm=NUM_PERM, **storage)


@dataclass(frozen=True)
class PairQuery:
    """How a corpus kind finds its similar pairs: its summaries' `signature` rows whose
    `usable` attribute is true (every one when None), at `threshold`. A kind that says so
    (`pair_query(rule)`) lets a cluster run find the pairs across workers and hand them to
    its `check_corpus(summaries, rule, pairs)`."""

    threshold: float
    usable: str | None = None
    # Each item paired only with the first this many of each LSH bucket (None: every pair).
    per_bucket: int | None = None


def similar_pairs(
    sigs: np.ndarray, threshold: float, usable: Iterable[bool] | None = None, per_bucket: int | None = None
) -> list[tuple[int, int, float]]:
    """All (i, j, similarity) with i < j and estimated Jaccard >= threshold, sorted.

    Few items are compared directly; many are banded as a MinHashLSH queried below the
    threshold would band them, and each candidate pair is confirmed by its estimated Jaccard.

    `per_bucket`: a caller that needs only each item's earliest similar items, or which
    items are connected (repeated, common-block's stories), pairs each item of a band's
    bucket with the first `per_bucket` items of that bucket only. m items that agree on a
    band then cost m * per_bucket candidates, not m * m / 2: 20,000 similar briefs were
    200 million pairs, and one page of a thousand near-identical paragraphs half a million.
    """
    first, second, counts = similar_pair_arrays(sigs, threshold, usable, per_bucket)
    return list(zip(first.tolist(), second.tolist(), (counts / NUM_PERM).tolist()))


def similar_pair_arrays(
    sigs: np.ndarray, threshold: float, usable: Iterable[bool] | None = None, per_bucket: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """similar_pairs as three arrays (i, j, agreeing signature values), sorted by i then j.

    For a caller that may get most of all pairs: when nearly every document shares a story's
    names, 10,000 documents are ~50 million pairs, 16 bytes each here against ~150 as tuples
    of Python numbers (3.4 GB at 10,000 documents of bench/speed.py's real-word corpus)."""
    keep = np.arange(len(sigs)) if usable is None else np.flatnonzero(np.fromiter(usable, dtype=bool, count=len(sigs)))
    if len(keep) < 2:
        return _no_pairs()
    if len(keep) <= DIRECT_COMPARE_LIMIT:
        return _direct_pairs(sigs, keep, threshold)
    if per_bucket is None:
        first, second, counts = _confirmed_band_pairs(sigs[keep], lsh_bands(threshold), threshold)
        first, second = keep[first], keep[second]
    else:
        first, second = _band_candidates(sigs[keep], lsh_bands(threshold), per_bucket)
        counts = agreements(sigs, keep[first], keep[second])
        similar = counts / NUM_PERM >= threshold
        first, second, counts = keep[first[similar]], keep[second[similar]], counts[similar]
    order = np.lexsort((second, first))
    return first[order], second[order], counts[order]


# Candidate pairs generated and confirmed at once by _confirmed_band_pairs.
CANDIDATE_CHUNK = 1 << 17


def _confirmed_band_pairs(rows: np.ndarray, bands: Sequence[tuple[int, int]], threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs _band_candidates gives (every pair sharing a band's key), confirmed at
    `threshold` a chunk at a time, with their agreeing values: memory grows with the pairs
    confirmed, not with the candidates. When nearly every document shares one story's names,
    a band's bucket holds most of them: 10,000 such documents were 42 million candidates
    (3.3 GB as the arrays _band_candidates builds) for 2.6 million confirmed pairs. Each
    candidate is confirmed once, in the first band whose key its two rows share."""
    keys = band_keys(rows, bands)
    buckets = [list(_buckets(keys[:, band])) for band in range(len(bands))]
    candidates = sum(len(bucket) * (len(bucket) - 1) // 2 for band in buckets for bucket in band)
    if candidates * DENSE_SHARE >= len(rows) * (len(rows) - 1) // 2:
        return _dense_band_pairs(rows, keys, threshold)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for band, band_buckets in enumerate(buckets):
        for bucket in band_buckets:
            members = np.sort(bucket)
            for first, second in _triangle_chunks(len(members)):
                a, b = members[first], members[second]
                if band:  # a pair sharing an earlier band's key was confirmed there
                    fresh = ~(keys[a, :band] == keys[b, :band]).any(axis=1)
                    a, b = a[fresh], b[fresh]
                counts = agreements(rows, a, b)
                similar = counts / NUM_PERM >= threshold
                found.append((a[similar], b[similar], counts[similar]))
    if not found:
        return _no_pairs()
    first, second, counts = (np.concatenate(parts).astype(np.intp) for parts in zip(*found))
    return first, second, counts


# Above this share of all pairs among the band candidates (counted with repeats across
# bands), every pair is compared at once (_dense_band_pairs): on 3,000 documents of the
# real-word bench corpus, figure-consistency's one-value story bands held each pair twice
# over, and comparing all 4.5 million pairs in row blocks took 0.24 s against 2.0 s for
# gathering and confirming the 9 million candidates bucket by bucket.
DENSE_SHARE = 4
# Signature values compared at once by _dense_band_pairs (its boolean cube, ~8 MB).
DENSE_BLOCK = 1 << 23
_BYTE_SUM = 0x0101010101010101  # times eight bytes of 0/1: their sum in the top byte


def _dense_band_pairs(rows: np.ndarray, keys: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs _confirmed_band_pairs gives (sharing a band key, agreeing on `threshold` of
    the values), found by comparing each block of rows with every row after it: no gathers of
    candidate rows, each pair once, in (i, j) order."""
    m = len(rows)
    step = max(1, DENSE_BLOCK // (m * NUM_PERM))
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, m - 1, step):
        stop = min(start + step, m - 1)
        equal = rows[start:stop, None, :] == rows[None, start + 1 :, :]
        counts = _true_counts(equal)
        shared = (keys[start:stop, None, :] == keys[None, start + 1 :, :]).any(axis=2)
        a, b = np.nonzero(shared & (counts / NUM_PERM >= threshold))
        later = start + a < start + 1 + b  # a block's row with the rows after it, not before
        a, b = a[later], b[later]
        found.append((start + a, start + 1 + b, counts[a, b]))
    first, second, counts = (np.concatenate(parts).astype(np.intp) for parts in zip(*found))
    return first, second, counts


def _true_counts(equal: np.ndarray) -> np.ndarray:
    """How many of the last axis are True: its bytes summed eight at a time as uint64 words,
    whose eight byte sums one multiplication adds into the top byte (exact while the axis is
    at most 255 long; NUM_PERM is 128). 3x count_nonzero's speed on (6, 10,000, 128)."""
    if equal.shape[-1] % 8 or equal.shape[-1] > 255:
        return np.count_nonzero(equal, axis=-1)
    words = np.ascontiguousarray(equal).view(np.uint64).sum(axis=-1, dtype=np.uint64)
    return ((words * np.uint64(_BYTE_SUM)) >> np.uint64(56)).astype(np.intp)


def _triangle_chunks(m: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The index pairs (a < b) of m items, row by row of the upper triangle, in chunks of
    about CANDIDATE_CHUNK pairs (a whole row at least)."""
    lengths = np.arange(m - 1, 0, -1)  # row a holds the pairs (a, a+1) ... (a, m-1)
    ends = np.cumsum(lengths)
    row = 0
    while row < m - 1:
        done = int(ends[row - 1]) if row else 0
        last = max(row + 1, int(np.searchsorted(ends, done + CANDIDATE_CHUNK, side="right")))
        rows = np.arange(row, min(last, m - 1))
        counts = lengths[rows]
        first = np.repeat(rows, counts)
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        second = np.arange(len(first)) - starts + first + 1
        yield first, second
        row = int(rows[-1]) + 1


def _no_pairs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # A function, not a constant: numpy is imported on first use (lazy_import), never by
    # importing this module.
    return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)


def agreements(sigs: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """For each candidate pair, how many signature values its two rows share, a batch of pairs
    at a time: candidates grow about with the square of the corpus (7,105 at 10,000 documents
    of bench/speed.py's corpus), and gathering both rows of every one at once took over
    700 MB at 100,000."""
    counts = np.empty(len(first), dtype=np.intp)
    for start in range(0, len(first), PAIR_BATCH):
        end = start + PAIR_BATCH
        counts[start:end] = np.count_nonzero(sigs[first[start:end]] == sigs[second[start:end]], axis=1)
    return counts


def lsh_threshold(threshold: float) -> float:
    """The threshold the LSH is queried at for pairs reported at `threshold`."""
    return max(threshold - LSH_MARGIN, threshold / 2)


def _band_candidates(
    rows: np.ndarray, bands: Sequence[tuple[int, int]], per_bucket: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of rows that agree on every value of at least one band.

    This is the self-join a MinHashLSH answers when every row is inserted and then
    queried, with the same bands (datasketch's choice for the threshold), done for all
    rows at once: at 100,000 documents datasketch's per-key insert and query (~250 us a
    document with 37 bands) would take ~25 s, sorting band keys in numpy well under one.
    Band values are folded into one 64-bit key (`band_keys`); a rare key collision only
    adds a candidate, which the caller's Jaccard check then drops. A cluster run
    (cluster.py) groups the same keys across workers with `shared_key_pairs`.
    """
    keys = band_keys(rows, bands)
    ids = np.arange(len(rows), dtype=np.int64)
    found = [shared_key_pairs(keys[:, band], ids, per_bucket) for band in range(len(bands))]
    return unique_pairs(found, len(rows))


def lsh_bands(threshold: float) -> list[tuple[int, int]]:
    """The (start, end) column ranges of the bands a pair search at `threshold` uses."""
    return list(_bands_at(lsh_threshold(threshold)))


@cache
def _bands_at(threshold: float) -> tuple[tuple[int, int], ...]:
    """The bands datasketch's MinHashLSH chooses at `threshold`, kept on disk (user_cache):
    importing datasketch to ask costs ~0.7 s CPU (scipy, redis), more than the pair search
    of 3,000 documents; the file is keyed by the threshold, NUM_PERM and the bytes of the
    datasketch and scipy code that chooses, so an upgrade asks datasketch again."""
    key = _bands_key(threshold)
    name = f"bands-{key}.json" if key is not None else None
    if name is not None:
        stored = user_cache.read(name)  # None when missing or damaged (a changed digit too): ask datasketch
        try:
            bands = tuple((int(start), int(end)) for start, end in stored)
            if bands and all(0 <= start < end <= NUM_PERM for start, end in bands):
                return bands
        except (ValueError, TypeError):
            pass
    bands = tuple((int(start), int(end)) for start, end in make_lsh(threshold).hashranges)
    if name is not None:
        user_cache.write(name, bands)  # a read-only home: the next run asks datasketch again
    return bands


def _bands_key(threshold: float) -> str | None:
    """A hash of what datasketch's band choice depends on; None where its code cannot be found."""
    parts = [repr((threshold, NUM_PERM, max(0.05, min(threshold, 0.99))))]
    for package, module in (("datasketch", "lsh.py"), ("scipy", "version.py")):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        try:
            parts.append(hashlib.sha256(Path(list(spec.submodule_search_locations)[0], module).read_bytes()).hexdigest())
        except OSError:
            return None
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def band_keys(rows: np.ndarray, bands: Sequence[tuple[int, int]]) -> np.ndarray:
    """(rows x bands) uint64: each band's values of each row folded into one key."""
    keys = np.zeros((len(bands), len(rows)), dtype=np.uint64)  # a band's keys contiguous
    for band, (start, end) in enumerate(bands):
        for column in range(start, end):
            keys[band] *= np.uint64(0x100000001B3)
            keys[band] ^= rows[:, column].astype(np.uint64)
    return keys.T


def shared_key_pairs(keys: np.ndarray, ids: np.ndarray, per_bucket: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (a < b) of `ids` whose `keys` are equal (one band's keys); with `per_bucket`,
    each id only with the bucket's first `per_bucket` ids (by id), so a bucket of n costs
    n x per_bucket pairs, not n^2 / 2."""
    firsts, seconds = [], []
    for bucket in _buckets(keys):
        members = np.sort(ids[bucket])
        if per_bucket is None or len(members) <= per_bucket + 1:
            first, second = np.triu_indices(len(members), 1)
        else:  # each member with the bucket's first per_bucket members (before it)
            heads = np.arange(per_bucket)
            first = np.tile(heads, len(members))
            second = np.repeat(np.arange(len(members)), per_bucket)
            first, second = first[first < second], second[first < second]
        firsts.append(members[first])
        seconds.append(members[second])
    if not firsts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def _buckets(keys: np.ndarray) -> Iterator[np.ndarray]:
    """The positions of each key that two or more of `keys` share (one band's LSH bucket), by key."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    same = np.flatnonzero(ordered[1:] == ordered[:-1])  # positions p where p and p+1 share a key
    if len(same) == 0:
        return
    run_starts = same[np.r_[True, np.diff(same) > 1]]
    run_ends = same[np.r_[np.diff(same) > 1, True]] + 2
    for run_start, run_end in zip(run_starts.tolist(), run_ends.tolist()):
        yield order[run_start:run_end]


def unique_pairs(found: Sequence[tuple[np.ndarray, np.ndarray]], bound: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs among `found`, sorted; every id is below `bound`."""
    found = [(a, b) for a, b in found if len(a)]
    if not found:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    # Sorted, then each code that differs from the one before it: np.unique gives the same,
    # but from numpy 2.3 it builds a hash table first, and on these codes (millions for a
    # tree of 5,000 similar briefs) that took 10x the CPU of a sort and grew faster than it.
    codes = np.sort(np.concatenate([a * bound + b for a, b in found]))
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]]
    return codes // bound, codes % bound


def _direct_pairs(sigs: np.ndarray, keep: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of the kept rows compared at once; the rows of a document number in the tens."""
    rows = sigs[keep]
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    step = max(1, (1 << 20) // (len(rows) * NUM_PERM))  # bound the boolean cube to ~1 MB
    for start in range(0, len(rows), step):
        counts = (rows[start : start + step, None, :] == rows[None, :, :]).sum(axis=2)
        a, b = np.nonzero(counts / NUM_PERM >= threshold)
        upper = start + a < b
        found.append((keep[start + a[upper]], keep[b[upper]], counts[a[upper], b[upper]]))
    if not found:
        return _no_pairs()
    # np.nonzero walks each chunk's rows in order, and the chunks follow one another: the pairs
    # are already sorted by i, then j.
    first, second, counts = (np.concatenate(parts).astype(np.intp) for parts in zip(*found))
    return first, second, counts


# Per-document sketches, computed once whichever rules ask for them: every block of a
# document is folded and tokenised in one pass and its shingles hashed in one numpy batch.
_doc_cache: "WeakKeyDictionary[Document, dict]" = WeakKeyDictionary()


def _memo(doc: "Document", key: tuple, compute: Callable[[], object]) -> Any:
    entries = _doc_cache.get(doc)
    if entries is None:
        entries = _doc_cache[doc] = {}
    if key not in entries:
        entries[key] = compute()
    return entries[key]


# Blocks are folded together, this many characters or so at a time: one call for a whole
# article, but a huge file's window (5 M characters with its neighbours) is not copied four
# times over at once (joined, normalised, lowered, translated).
FOLD_CHARS = 1 << 18


def block_words(doc: "Document") -> tuple[list[str], ...]:
    """The normalised words of each block's content (see `words`).

    In a window of a huge file (doc.whole), each word is interned: a list of 16,000 words of
    a 100,000-character piece of a cut line is then 8 bytes a word and one string per
    distinct word, not a 55-byte string for every word (10 times the text, held for the
    window's life). The words are the same; folding in runs of blocks changes nothing either,
    since no normalisation, case or translation crosses the newline between two blocks."""

    def compute() -> tuple[list[str], ...]:
        words: list[list[str]] = []
        run: list[str] = []
        size = 0
        for position, block in enumerate(doc.blocks):
            run.append(block.content)
            size += len(block.content) + 1
            if size >= FOLD_CHARS or position == len(doc.blocks) - 1:
                parts = (_split(part) for part in _fold("\n".join(run)).split("\n"))
                words.extend(parts if doc.whole is None else (list(map(sys.intern, part)) for part in parts))
                run, size = [], 0
        return tuple(words)

    return _memo(doc, ("words",), compute)


def block_texts(doc: "Document") -> tuple[str, ...]:
    """Each block's content normalised (see `normalize`): the key for exact repeats."""
    return _memo(doc, ("texts",), lambda: tuple(" ".join(w) for w in block_words(doc)))


def word_hashes(doc: "Document") -> np.ndarray:
    """token_hashes of every block's words, blocks end to end: hashed once per document,
    whatever shingle sizes the rules ask signatures for (the default pack asks two)."""
    return _memo(doc, ("word hashes",), lambda: _hashes_of(block_words(doc)))


# Documents whose block signatures are computed together (`sign_together`): the first
# document of a batch asked for its signatures at a shingle size has the whole batch's
# computed in one `joined_signatures` call. Alone, a document's call is mostly numpy's fixed
# cost on a few hundred shingles: 0.35-0.46 ms per bench/speed.py article, against
# 0.22-0.25 ms with 50 to 1,000 of them at once (tokenising excluded; no gain past ~50).
# The values are the same whatever the batch: each row is the minimum over its own block's
# shingles only. A batch is held by weak references, so it keeps no document alive.
_batches: "WeakKeyDictionary[Document, tuple[weakref.ref, ...]]" = WeakKeyDictionary()
# Documents signed in one call at most: past the gain's plateau (~50) a bigger batch only
# holds more parsed documents and their words at once (+40 MB at 1,000 per process).
SIGN_BATCH = 100


def sign_together(docs: Sequence["Document"]) -> None:
    """Mark `docs`, SIGN_BATCH consecutive documents at a time, as batches for
    `block_signatures` (and so `document_signature`)."""
    for first in range(0, len(docs), SIGN_BATCH):
        group = docs[first : first + SIGN_BATCH]
        batch = tuple(weakref.ref(doc) for doc in group)
        for doc in group:
            _batches[doc] = batch


def block_signatures(doc: "Document", shingle: int) -> np.ndarray:
    """(blocks x NUM_PERM) MinHash rows of each block's word shingles."""
    key = ("blocks", shingle)
    entries = _doc_cache.get(doc)
    if entries is None or key not in entries:
        batch = [ref() for ref in _batches.get(doc, ())]
        waiting = [d for d in batch if d is not None and key not in _doc_cache.get(d, {})]
        _sign_blocks(waiting if any(d is doc for d in waiting) else [doc], shingle)
    return _doc_cache[doc][key]


# Blocks signed in one pass of `_sign_blocks` hold at most about this many words (and at
# least one block): its index arrays take some 30 bytes a word, so a huge file's window of
# 800,000 words is signed in pieces instead of 25 MB at once. A batch of articles is one pass.
SIGN_WORDS = 1 << 16


def _sign_blocks(docs: Sequence["Document"], shingle: int) -> None:
    """Every block of every one of `docs` signed at once, memoised per document: one token-hash
    lookup, one shingle pass over all their words and one `joined_signatures` call (for each
    SIGN_WORDS words or so; each row depends on its own block's words only)."""
    lengths = np.fromiter((len(words) for doc in docs for words in block_words(doc)), dtype=np.intp)
    # Each document's word hashes are memoised (`word_hashes`), so a second shingle size
    # hashes nothing again; end to end they are the batch's words in block order.
    hashes = np.concatenate([word_hashes(doc) for doc in docs]) if docs else np.zeros(0, np.uint32)
    ends = np.cumsum(lengths)
    rows = np.empty((len(lengths), NUM_PERM), dtype=np.uint32)
    first = 0
    while first < len(lengths):
        low = int(ends[first] - lengths[first])
        last = max(first + 1, int(np.searchsorted(ends, low + SIGN_WORDS, side="right")))
        rows[first:last] = _block_rows(hashes[low : int(ends[last - 1])], lengths[first:last], shingle)
        first = last
    start = 0
    for doc in docs:
        end = start + len(doc.blocks)
        entries = _doc_cache.setdefault(doc, {})
        entries[("blocks", shingle)] = rows[start:end].copy()  # a copy, so the batch's matrix is freed
        start = end


def _block_rows(hashes: np.ndarray, lengths: np.ndarray, shingle: int) -> np.ndarray:
    """One MinHash row per block of consecutive blocks, `lengths` words each, `hashes` their words'."""
    starts = np.cumsum(lengths) - lengths
    # A block of n >= shingle words has its n - shingle + 1 full shingles, which are the
    # full shingles of all the words that start in it and end in it; a shorter block
    # (but not an empty one) is one shingle of all its words.
    sizes = np.where(lengths >= shingle, lengths - shingle + 1, np.minimum(lengths, 1))
    offsets = np.cumsum(sizes) - sizes
    positions = np.repeat(starts - offsets, sizes) + np.arange(int(sizes.sum()))
    full = _combine(hashes, shingle) if len(hashes) >= shingle else hashes[:0]
    joined = full[np.minimum(positions, max(len(full) - 1, 0))] if len(full) else np.zeros(len(positions), np.uint32)
    for block in np.flatnonzero((lengths > 0) & (lengths < shingle)).tolist():
        start = int(starts[block])
        joined[offsets[block]] = _combine(hashes[start : start + int(lengths[block])], int(lengths[block]))[0]
    return joined_signatures(joined, sizes)


def document_signature(doc: "Document", shingle: int, min_block_words: int) -> np.ndarray:
    """The MinHash of the union of the shingles of the blocks with at least `min_block_words` words.

    The MinHash of a union is the element-wise minimum of its parts' MinHashes, so this
    costs nothing once the block signatures exist. Shingles do not span blocks.
    """

    def compute() -> np.ndarray:
        prose = [len(w) >= min_block_words for w in block_words(doc)]
        if not any(prose):
            return np.full(NUM_PERM, MAX_HASH, dtype=np.uint32)
        return block_signatures(doc, shingle)[prose].min(axis=0)

    return _memo(doc, ("document", shingle, min_block_words), compute)
