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
