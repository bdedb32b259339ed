"""topic: content words and a document's vocabulary."""

from __future__ import annotations

from conftest import make_doc
from newslint import topic


def test_content_words_drop_stopwords_and_numbers_and_stem_lightly():
    assert topic.content_words("The protesters' 3 protests: China’s first test") == ["protest", "protest", "china", "test"]


def test_stemming_leaves_short_words_alone():
    assert [topic.stem(w) for w in ("jets", "faces", "markets", "news", "glass")] == ["jets", "face", "market", "news", "glass"]


def test_vocabulary_indexes_only_longer_blocks():
    doc = make_doc("Budget\n\nThe council approved the budget on Monday after a long debate.\n")
    vocab = topic.vocabulary(doc, 8)
    assert vocab["budget"] == frozenset({1})
    assert "council" in vocab and "monday" in vocab


def test_shared_words_leave_out_the_excluded_blocks():
    doc = make_doc(
        "Markets rallied strongly on Monday as investors cheered the earnings.\n\n"
        "Markets rallied strongly on Monday as investors cheered the earnings.\n"
    )
    vocab = topic.vocabulary(doc, 8)
    assert topic.shared_words(["market", "earn"], vocab, frozenset({0})) == {"market", "earn"}
    assert topic.shared_words(["market", "earn"], vocab, frozenset({0, 1})) == set()


def test_vocabulary_lookups_agree_with_the_whole_index_on_the_seed_corpus():
    # A lookup finds a content word through the words that stem to it; iterating builds the
    # index word by word as it always was. Both must give the same blocks for every word.
    from conftest import CORPUS
    from newslint import document

    checked = 0
    for path in sorted(CORPUS.glob("*.txt")):
        doc = document.read(path, path.name)
        whole = dict(topic.vocabulary(doc, 8).items())
        asked = topic.vocabulary(document.read(path, path.name), 8)  # a fresh one: nothing built yet
        for word, blocks in whole.items():
            assert asked.get(word) == blocks, (path.name, word)
            checked += 1
        # Raw (unstemmed) forms, stopwords and bare numbers are not content words.
        for word in ("protests", "the", "2019"):
            if word not in whole:
                assert asked.get(word) is None and word not in asked
    assert checked > 500


def test_vocabulary_finds_a_word_through_each_suffix_and_not_through_stopwords():
    doc = make_doc("Protesters and protests filled the markets while the crowds kept testing 1990s rules.\n")
    vocab = topic.vocabulary(doc, 8)
    assert vocab["protest"] == {0} and vocab["market"] == {0} and vocab["test"] == {0} and vocab["1990"] == {0}
    assert "protests" not in vocab and "while" not in vocab and vocab.get("rally") is None


def test_a_vocabulary_lists_its_words_in_text_order():
    # A huge file's first pass keeps the first words of a capped vocabulary: a set's order
    # would make which ones depend on the run's string hash seed.
    doc = make_doc("Zebras crossed the river near Oslo while walruses and herons watched the zebras closely.\n")
    assert list(topic.vocabulary(doc, 3)) == ["zebra", "cross", "river", "near", "oslo", "walrus", "heron", "watch", "closely"]
