"""bench/lee_corpus.py writes the same corpus for the same text and seed, from the chain of that text.

These tests feed the generator a tiny text of their own, so they need neither the network nor
the gensim wheel that the real corpus is read from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import load_bench

TEXT = (
    'The council said 42 homes were lost. Police said the fire began near the river at 4:00pm. '
    'Officials said about 300 people had left. "We are safe now," she said.\n'
    'The minister said the budget was $4.5 billion. The council said it would meet on Monday. '
    'Police said two men were arrested after the fire. Officials said the river rose 2 metres overnight.\n'
)


@pytest.fixture(scope="module")
def lee():
    return load_bench("lee_corpus")


def digest(folder: Path) -> str:
    files = sorted(folder.rglob("*.txt"))
    return hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()


def test_same_text_and_seed_write_the_same_bytes(lee, tmp_path: Path) -> None:
    first = lee.write(60, tmp_path / "a", TEXT, seed=7)
    second = lee.write(60, tmp_path / "b", TEXT, seed=7)
    assert len(list(first.rglob("*.txt"))) == 60
    assert digest(first) == digest(second)


def test_another_seed_writes_other_articles(lee) -> None:
    assert lee.Writer(TEXT, seed=7).article() != lee.Writer(TEXT, seed=8).article()


def test_an_unchanged_recipe_is_not_written_again(lee, tmp_path: Path) -> None:
    target = lee.write(5, tmp_path / "c", TEXT, seed=7)
    marker = target / "000" / "kept"
    marker.write_text("x")
    lee.write(5, target, TEXT, seed=7)
    assert marker.exists()
    lee.write(5, target, TEXT + "The end came.\n", seed=7)  # another text: written afresh
    assert not marker.exists()


def test_every_two_words_in_a_sentence_follow_each_other_in_the_text(lee) -> None:
    chain = lee.Chain(TEXT)
    writer = lee.Writer(TEXT, seed=3)
    for _ in range(50):
        words = writer.sentence().split()
        assert tuple(words[:2]) in chain.starts
        for a, b, c in zip(words, words[1:], words[2:]):
            assert c.rstrip(".") in [w.rstrip(".") for w in chain.follows[(a, b)]]
        assert words[-1].endswith(lee.SENTENCE_END)


def test_articles_hold_the_copies_the_bench_is_for(lee) -> None:
    writer = lee.Writer(TEXT, seed=11)
    articles = [writer.article() for _ in range(400)]
    bodies = [a.split("\n") for a in articles]
    repeated = [lines for lines in bodies if len(set(lines)) < len(lines) - 1]  # more than the final ""
    assert repeated, "some article repeats a paragraph word for word"
    assert any("Leave a Reply" in a or "Related posts" in a or "Read more" in a for a in articles)
    paragraph_sets = [frozenset(line for line in lines[1:] if len(line) > 60) for lines in bodies]  # no furniture
    copies = sum(1 for i, p in enumerate(paragraph_sets) if any(p and p <= q for q in paragraph_sets[:i]))
    assert copies >= 1, "some article copies a recent one's body"
