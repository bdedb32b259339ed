"""sketch.py: numpy signatures equal datasketch's, tokenising, and the pair search."""

from __future__ import annotations

import json

import numpy as np
import pytest
from datasketch import MinHash

from newslint import document, sketch, user_cache


def identity(value):
    return value


def datasketch_signature(hashes: np.ndarray) -> np.ndarray:
    minhash = MinHash(num_perm=sketch.NUM_PERM, seed=sketch.SEED, hashfunc=identity)
    minhash.update_batch([int(h) for h in hashes])
    return minhash.hashvalues


@pytest.mark.parametrize("text", [
    "China affirmed its support for Moscow, as declared by Xi Jinping at the Kremlin on Friday.",
    "Skip to content",
    "one",
    "",
])
def test_signatures_equal_datasketch_minhash_for_the_same_shingle_hashes(text):
    hashes = sketch.shingle_hashes(sketch.words(text), 3)
    ours = sketch.signatures([hashes])[0]
    if len(hashes):
        assert ours.tolist() == datasketch_signature(hashes).tolist()
    else:  # datasketch's empty MinHash: every value at the maximum
        assert ours.tolist() == MinHash(num_perm=sketch.NUM_PERM, seed=sketch.SEED).hashvalues.tolist()


def test_signatures_of_many_sets_at_once_equal_one_at_a_time_and_datasketch():
    rng = np.random.default_rng(7)
    sets = [rng.integers(0, 2**32, size=n, dtype=np.uint32) for n in (5, 0, 300, 1, 70000)]
    together = sketch.signatures(sets)
    for hashes, row in zip(sets, together):
        assert row.tolist() == sketch.signatures([hashes])[0].tolist()
    assert together[2].tolist() == datasketch_signature(sets[2]).tolist()
    assert together[4].tolist() == datasketch_signature(sets[4]).tolist()


def test_permutations_are_datasketch_affine32_with_the_fixed_seed():
    minhash = MinHash(num_perm=sketch.NUM_PERM, seed=sketch.SEED)
    assert minhash.scheme == sketch.SCHEME
    a, b = sketch.permutations()
    assert a.tolist() == minhash.permutations[0].tolist()
    assert b.tolist() == minhash.permutations[1].tolist()


def test_permutations_kept_in_the_user_cache_are_datasketchs_and_a_forged_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(tmp_path))
    minhash = MinHash(num_perm=sketch.NUM_PERM, seed=sketch.SEED)
    expected = [minhash.permutations[0].tolist(), minhash.permutations[1].tolist()]
    for _ in range(2):  # drawn and kept, then read back
        sketch.permutations.cache_clear()
        a, b = sketch.permutations()
        assert [a.tolist(), b.tolist()] == expected and a.dtype == b.dtype == np.uint32
    assert len(list(tmp_path.glob("permutations-*.json"))) == 1
    name = next(tmp_path.glob("permutations-*.json")).name
    user_cache.write(name, [[2] * sketch.NUM_PERM, expected[1]])  # even multipliers: not drawn so
    sketch.permutations.cache_clear()
    assert [row.tolist() for row in sketch.permutations()] == expected
    sketch.permutations.cache_clear()


def test_jaccard_matches_datasketch():
    first = sketch.shingle_hashes(sketch.words("the quick brown fox jumps over the lazy dog today"), 2)
    second = sketch.shingle_hashes(sketch.words("the quick brown fox leaps over the lazy dog today"), 2)
    ours = sketch.jaccard(*sketch.signatures([first, second]))
    a, b = MinHash(num_perm=128, seed=1, hashfunc=identity), MinHash(num_perm=128, seed=1, hashfunc=identity)
    a.update_batch([int(h) for h in first])
    b.update_batch([int(h) for h in second])
    assert ours == a.jaccard(b)


@pytest.mark.parametrize("text, expected", [
    ("Don’t stop — it‘s fine", "dont stop its fine"),
    ("Xi’s “historic” visit, 80th   anniversary!", "xis historic visit 80th anniversary"),
    ("ﬁne café…naïve", "fine café naïve"),
    ("snake_case and C++", "snake_case and c"),
])
def test_normalize_folds_case_quotes_punctuation_and_spacing(text, expected):
    assert sketch.normalize(text) == expected


def test_block_words_equal_words_of_each_block():
    doc = document.parse("Title here\n\nFirst – paragraph, “quoted”.\n• A bullet\n\n## Héading\n", "x.md")
    assert sketch.block_words(doc) == tuple(sketch.words(b.content) for b in doc.blocks)
    assert sketch.block_texts(doc) == tuple(sketch.normalize(b.content) for b in doc.blocks)


def test_block_signatures_and_document_signature():
    text = "\n".join([
        "A first paragraph of prose long enough to count as prose here.",
        "Menu",
        "A second paragraph of prose, also long enough to count as prose.",
    ])
    doc = document.parse(text, "doc.txt")
    rows = sketch.block_signatures(doc, 3)
    for block, row in zip(doc.blocks, rows):
        assert row.tolist() == sketch.signatures([sketch.shingle_hashes(sketch.words(block.content), 3)])[0].tolist()
    # The document's MinHash is that of the union of its prose blocks' shingles.
    union = np.concatenate([sketch.shingle_hashes(sketch.words(doc.blocks[i].content), 3) for i in (0, 2)])
    assert sketch.document_signature(doc, 3, 8).tolist() == datasketch_signature(union).tolist()


@pytest.mark.parametrize("shingle", [1, 2, 3, 5])
def test_documents_signed_together_get_the_rows_each_block_gets_alone(shingle):
    texts = [
        "A first paragraph of prose long enough to count as prose here.\nMenu\n\nOne two\n",
        "Share\n",
        "",  # no blocks at all
        "Title of a story\nA paragraph, “quoted”, with the figure 42 in it.\n• A\nLast words here\n",
    ]
    together = [document.parse(text, f"doc{n}.txt") for n, text in enumerate(texts)]
    sketch.sign_together(together)
    for doc in together:
        rows = sketch.block_signatures(doc, shingle)
        assert rows.shape == (len(doc.blocks), sketch.NUM_PERM)
        for block, row in zip(doc.blocks, rows):
            hashes = sketch.shingle_hashes(sketch.words(block.content), shingle)
            assert row.tolist() == datasketch_signature(hashes).tolist()
        alone = document.parse(doc.lines and "\n".join(doc.lines) or "", doc.path)
        assert sketch.block_signatures(alone, shingle).tolist() == rows.tolist()


def test_sign_together_cuts_a_long_run_into_batches_of_sign_batch(monkeypatch):
    """A .jsonl corpus of many records is one run of documents: it is signed SIGN_BATCH
    documents at a time (memory), with the rows each document gets alone."""
    monkeypatch.setattr(sketch, "SIGN_BATCH", 3)
    texts = [f"Paragraph {n} of a story told in many more words than one.\nShare\n" for n in range(7)]
    docs = [document.parse(text, f"doc{n}.txt") for n, text in enumerate(texts)]
    sketch.sign_together(docs)
    assert [len(sketch._batches[doc]) for doc in docs] == [3, 3, 3, 3, 3, 3, 1]
    first = sketch.block_signatures(docs[0], 3)
    assert all(("blocks", 3) in sketch._doc_cache[doc] for doc in docs[:3])
    assert ("blocks", 3) not in sketch._doc_cache.get(docs[3], {})  # the next batch waits
    assert first.tolist() == sketch.block_signatures(document.parse(texts[0], "alone.txt"), 3).tolist()
    for doc, text in zip(docs[1:], texts[1:]):
        alone = document.parse(text, "alone.txt")
        assert sketch.block_signatures(doc, 3).tolist() == sketch.block_signatures(alone, 3).tolist()


def test_joined_signatures_chunk_many_sets_with_the_values_of_one_call_each():
    rng = np.random.default_rng(11)
    # A set over three chunks long (a 100,000-character piece of a cut line) is permuted in parts.
    sizes = np.array([0, 3, sketch.CHUNK_SHINGLES - 1, 0, 2, sketch.CHUNK_SHINGLES + 5, 1, 0,
                      3 * sketch.CHUNK_SHINGLES + 7, 4], dtype=np.intp)
    joined = rng.integers(0, 2**32, size=int(sizes.sum()), dtype=np.uint32)
    rows = sketch.joined_signatures(joined, sizes)
    start = 0
    for size, row in zip(sizes.tolist(), rows):
        assert row.tolist() == sketch.signatures([joined[start : start + size]])[0].tolist()
        if size:
            assert row.tolist() == datasketch_signature(joined[start : start + size]).tolist()
        start += size


def test_similar_pairs_is_the_same_directly_and_through_bands():
    rng = np.random.default_rng(3)
    sigs = rng.integers(0, 2**32, size=(600, sketch.NUM_PERM), dtype=np.uint32)
    for k in range(120):  # pairs sharing a random share of their values
        i, j = rng.integers(0, 600, 2)
        shared = rng.choice(sketch.NUM_PERM, int(rng.integers(30, 129)), replace=False)
        sigs[j, shared] = sigs[i, shared]
    banded = sketch.similar_pairs(sigs, 0.6)
    assert banded == sorted(banded)
    assert banded, "the fixture must have similar pairs"
    first, second, counts = sketch._direct_pairs(sigs, np.arange(len(sigs)), 0.6)
    direct = list(zip(first.tolist(), second.tolist(), (counts / sketch.NUM_PERM).tolist()))
    # Banding may miss pairs near the threshold, never report one below it.
    assert set(banded) <= set(direct)
    assert len(banded) >= 0.95 * len(direct)
    assert all(sim >= 0.6 and i < j for i, j, sim in banded)


def test_similar_pair_arrays_are_similar_pairs_as_arrays_both_ways():
    rng = np.random.default_rng(4)
    sigs = rng.integers(0, 2**32, size=(400, sketch.NUM_PERM), dtype=np.uint32)
    sigs[1::2, :100] = sigs[0::2, :100]  # every odd row shares 100 of 128 values with the even one before
    for usable in (None, [n % 3 != 0 for n in range(400)], [n < 250 for n in range(400)]):  # banded, and direct (<= 300 rows)
        first, second, counts = sketch.similar_pair_arrays(sigs, 0.6, usable)
        pairs = sketch.similar_pairs(sigs, 0.6, usable)
        assert pairs and pairs == sorted(pairs)
        assert list(zip(first.tolist(), second.tolist())) == [(i, j) for i, j, _ in pairs]
        assert (counts / sketch.NUM_PERM).tolist() == [sim for _, _, sim in pairs]


def test_similar_pairs_compares_candidates_in_batches_with_the_same_result(monkeypatch):
    rng = np.random.default_rng(4)
    sigs = rng.integers(0, 4, size=(400, sketch.NUM_PERM), dtype=np.uint32)  # few values: many candidates
    whole = sketch.similar_pairs(sigs, 0.3)
    monkeypatch.setattr(sketch, "PAIR_BATCH", 7)
    assert sketch.similar_pairs(sigs, 0.3) == whole
    assert len(whole) > 7 * 3, "the fixture must need several batches"


def test_similar_pairs_bands_are_datasketch_lsh_candidates():
    rng = np.random.default_rng(5)
    sigs = rng.integers(0, 2**32, size=(400, sketch.NUM_PERM), dtype=np.uint32)
    for k in range(80):
        i, j = rng.integers(0, 400, 2)
        shared = rng.choice(sketch.NUM_PERM, int(rng.integers(20, 129)), replace=False)
        sigs[j, shared] = sigs[i, shared]
    lsh = sketch.make_lsh(sketch.lsh_threshold(0.5))
    for i in range(len(sigs)):
        lsh.insert(i, sketch.lean_minhash(sigs[i]))
    expected = sorted(
        (i, j, sketch.jaccard(sigs[i], sigs[j]))
        for j in range(len(sigs))
        for i in lsh.query(sketch.lean_minhash(sigs[j]))
        if i < j and sketch.jaccard(sigs[i], sigs[j]) >= 0.5
    )
    assert sketch.similar_pairs(sigs, 0.5) == expected


@pytest.mark.parametrize("threshold", [0.25, 0.3, 0.5, 0.8])
def test_the_lsh_is_queried_below_the_threshold_but_never_with_single_value_bands(threshold):
    lsh = sketch.make_lsh(sketch.lsh_threshold(threshold))
    assert sketch.lsh_threshold(threshold) < threshold
    assert lsh.r >= 2, "one-value bands make nearly every pair of articles a candidate"


def test_low_threshold_pairs_are_found_without_an_all_pairs_blowup():
    rng = np.random.default_rng(11)
    sigs = rng.integers(0, 2**32, size=(2000, sketch.NUM_PERM), dtype=np.uint32)
    sigs[:, ::32] = 7  # every row shares a few single values, as articles share common phrases
    sigs[1999, 1:49] = sigs[0, 1:49]  # one pair at 0.375 (plus the shared values)
    first, _ = sketch._band_candidates(sigs, sketch.make_lsh(sketch.lsh_threshold(0.25)).hashranges)
    assert len(first) < 10_000  # not the ~2 million pairs of one-value bands
    assert (0, 1999, pytest.approx(51 / 128)) in [(i, j, s) for i, j, s in sketch.similar_pairs(sigs, 0.25)]


def test_unique_pairs_are_the_distinct_pairs_of_every_band_sorted():
    """Pairs found in several bands are given once, in (first, second) order."""
    found = [(np.array([0, 2, 1, 0]), np.array([3, 5, 4, 3])), (np.array([1, 0]), np.array([4, 1])),
             (np.array([], dtype=np.int64), np.array([], dtype=np.int64))]
    first, second = sketch.unique_pairs(found, 6)
    expected = sorted({(int(a), int(b)) for pair in found for a, b in zip(*pair)})
    assert list(zip(first.tolist(), second.tolist())) == expected == [(0, 1), (0, 3), (1, 4), (2, 5)]
    assert sketch.unique_pairs(found[2:], 6)[0].size == 0


@pytest.mark.parametrize("threshold", [0.25, 0.8, 0.9])
def test_lsh_bands_are_datasketch_s_whether_asked_or_read_back(threshold, tmp_path, monkeypatch):
    from datasketch import MinHashLSH

    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(tmp_path))
    expected = list(MinHashLSH(threshold=sketch.lsh_threshold(threshold), num_perm=sketch.NUM_PERM).hashranges)
    sketch._bands_at.cache_clear()
    assert sketch.lsh_bands(threshold) == expected  # asked of datasketch, then written
    (stored,) = tmp_path.glob("bands-*.json")
    sketch._bands_at.cache_clear()
    assert sketch.lsh_bands(threshold) == expected  # read back
    stored.write_text("[[0, 999]]")  # damaged: asked again and rewritten
    sketch._bands_at.cache_clear()
    assert sketch.lsh_bands(threshold) == expected
    assert [tuple(band) for band in user_cache.read(stored.name)] == expected
    data = stored.read_bytes()  # one digit changed, the JSON still valid bands: the hash says no
    at = data.rindex(b"1")
    stored.write_bytes(data[:at] + b"2" + data[at + 1:])
    sketch._bands_at.cache_clear()
    assert sketch.lsh_bands(threshold) == expected
    assert [tuple(band) for band in user_cache.read(stored.name)] == expected
    sketch._bands_at.cache_clear()


def test_confirmed_band_pairs_are_the_band_candidates_confirmed(monkeypatch):
    # Rows sharing 40 of their values in three groups: buckets that hold a third of all rows,
    # as when nearly every document shares one story's names; chunks of 1,000 pairs.
    monkeypatch.setattr(sketch, "CANDIDATE_CHUNK", 1000)
    rng = np.random.default_rng(5)
    sigs = rng.integers(0, 2**32, size=(900, sketch.NUM_PERM), dtype=np.uint32)
    sigs[:, :40] = rng.integers(0, 3, size=(900, 1))
    for threshold in (0.15, 0.3):
        bands = sketch.lsh_bands(threshold)
        first, second = sketch._band_candidates(sigs, bands)
        counts = sketch.agreements(sigs, first, second)
        similar = counts / sketch.NUM_PERM >= threshold
        expected = sorted(zip(first[similar].tolist(), second[similar].tolist(), counts[similar].tolist()))
        got = sketch._confirmed_band_pairs(sigs, bands, threshold)
        assert expected and sorted(zip(*(part.tolist() for part in got))) == expected


@pytest.mark.parametrize("share", [0, 10**9])  # always bucket by bucket, always all pairs at once
def test_dense_and_bucket_pairs_are_the_same(monkeypatch, share):
    # One story's names in nearly every row: one-value bands whose buckets hold most rows.
    rng = np.random.default_rng(8)
    sigs = rng.integers(0, 2**32, size=(700, sketch.NUM_PERM), dtype=np.uint32)
    sigs[:, :100] = np.where(rng.random((700, 100)) < 0.7, rng.integers(0, 3, size=(700, 100)), sigs[:, :100])
    bands = sketch.lsh_bands(0.15)
    first, second = sketch._band_candidates(sigs, bands)
    counts = sketch.agreements(sigs, first, second)
    similar = counts / sketch.NUM_PERM >= 0.15
    expected = sorted(zip(first[similar].tolist(), second[similar].tolist(), counts[similar].tolist()))
    monkeypatch.setattr(sketch, "DENSE_SHARE", share)
    monkeypatch.setattr(sketch, "DENSE_BLOCK", 50 * sketch.NUM_PERM * 7)  # blocks of 7 rows
    got = sorted(zip(*(part.tolist() for part in sketch._confirmed_band_pairs(sigs, bands, 0.15))))
    assert 1000 < len(expected) < len(first) / 2 and got == expected  # the threshold drops most


def test_true_counts_are_count_nonzero():
    rng = np.random.default_rng(9)
    for width in (128, 8, 12, 256):  # the words path, and count_nonzero where it cannot be used
        equal = rng.random((3, 5, width)) < 0.4
        assert sketch._true_counts(equal).tolist() == np.count_nonzero(equal, axis=-1).tolist()
