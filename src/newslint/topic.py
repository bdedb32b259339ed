"""What a document is about: its content words, for rules that judge whether a line belongs.

A line's content words are its normalised words (sketch.normalize) minus stopwords
(function words and words too common in news to tell one story from another) and bare
numbers, each cut by a light suffix stemmer so that "protests", "protesters" and
"protester's" meet. The document's vocabulary maps each content word to the blocks that use
it, built from its longer blocks only (prose, not page furniture), so that a rule can ask
how much of a line the *rest* of the document talks about.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Iterator
from weakref import WeakKeyDictionary

from newslint import sketch

if TYPE_CHECKING:
    from newslint.document import Document

STOPWORDS = frozenset(
    """
    a about above after again against all almost also am among an and any are around as at be
    because been before being below between both but by can could did do does doing down
    during each either else even ever every few for from further get gets got had has have
    having he her here hers herself him himself his how however i if in into is it its itself
    just last least less like made make many may me might more most much must my myself new
    next no nor not now of off often on once one only or other others our ours ourselves out
    over own per perhaps quite rather same says said see seen several she should since so
    some still such than that the their theirs them themselves then there these they this
    those though through thus to too two under until up upon us very via was we were what
    when where whether which while who whom whose why will with within without would yet you
    your yours yourself yourselves s t don doesn didn isn wasn aren won re ve ll d m
    first second third last major big bigger biggest top high higher low best worst good
    great time times year years day days week weeks month months today people way know need
    take want say told
    """.split()
)
# Longest first: the first suffix that leaves a stem of at least MIN_STEM letters is cut.
SUFFIXES = ("ings", "ing", "ers", "er", "ed", "es", "s")
MIN_STEM = 4


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def content_words(text: str, stopwords: Iterable[str] = STOPWORDS) -> list[str]:
    """Stemmed words of `text` that carry its subject: no stopwords, no bare numbers."""
    return _content(sketch.words(text), stopwords)


def content_of(words: Iterable[str], stopwords: Iterable[str] = STOPWORDS) -> list[str]:
    """`content_words` of words already normalised (sketch.words)."""
    return _content(words, stopwords)


def _content(words: Iterable[str], stopwords: Iterable[str]) -> list[str]:
    stop = stopwords if isinstance(stopwords, frozenset) else frozenset(stopwords)
    return [stem(w) for w in words if w not in stop and not w.isdigit()]


# Per-document vocabularies, computed once whichever rules ask for them.
_cache: "WeakKeyDictionary[Document, dict]" = WeakKeyDictionary()


class Vocabulary(Mapping[str, "set[int]"]):
    """Content word → indices of the blocks that use it, read-only by contract.

    Rules ask it about a few headlines' words, so nothing is stemmed up front: each block
    keeps its distinct words less stopwords (one C-level set difference), and a content word
    is looked up by the words that stem to it, which are the word itself or the word plus one
    of SUFFIXES (each confirmed with `stem`). The whole word → blocks index is built only for
    a caller that iterates it. (Stemming every word of every block in a Python loop was most
    of offtopic's time.)"""

    __slots__ = ("_blocks", "_all", "_words", "_stopwords", "_asked", "_index")

    def __init__(self, words: list[tuple[int, list[str]]], stopwords: frozenset[str],
                 distinct: list[set[str]] | None = None) -> None:
        """`distinct`, when given: each block's set(words) - stopwords, already made (distinct_words)."""
        self._words, self._stopwords = words, stopwords  # (block index, its normalised words)
        if distinct is None:
            distinct = [set(block).difference(stopwords) for _, block in words]
        self._blocks = list(zip((index for index, _ in words), distinct))
        self._all: set[str] = set().union(*(block for _, block in self._blocks))
        self._asked: dict[str, set[int]] = {}
        self._index: dict[str, set[int]] | None = None

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        if self._index is not None:
            return self._index.get(word, default)
        found = self._asked.get(word)
        if found is None:
            forms = [form for form in (word, *(word + suffix for suffix in SUFFIXES))
                     if form in self._all and not form.isdigit() and stem(form) == word]
            found = self._asked[word] = {index for index, words in self._blocks if any(f in words for f in forms)}
        return found if found else default

    def __getitem__(self, word: str) -> set[int]:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def _whole(self) -> dict[str, set[int]]:
        if self._index is None:
            # Words in text order, not a set's: a huge file's first pass keeps the first
            # VOCABULARY_WORDS words it meets, and a set's order changes with the string
            # hash seed of each run (seen: another 14 of 1.9 M uses kept from run to run).
            index: dict[str, set[int]] = {}
            stopwords = self._stopwords
            for block, words in self._words:
                for word in dict.fromkeys(words):
                    if word not in stopwords and not word.isdigit():
                        index.setdefault(stem(word), set()).add(block)
            self._index = index
        return self._index


def vocabulary(doc: "Document", min_words: int, stopwords: frozenset[str] = STOPWORDS) -> Mapping[str, set[int]]:
    """Content word → indices of the blocks of at least `min_words` words that use it."""
    if doc.whole is not None:  # a window of a huge file: the words of the whole file count
        return doc.whole.vocabulary(min_words, stopwords)
    cache = _cache.setdefault(doc, {})
    key = (min_words, stopwords)
    if key not in cache:
        # The document's words are tokenised once and shared with every rule (sketch.block_words).
        chosen = [n for n, block in enumerate(doc.blocks) if block.word_count >= min_words]
        all_words = sketch.block_words(doc)
        distinct = distinct_words(doc) if stopwords is STOPWORDS else None
        cache[key] = Vocabulary(
            [(doc.blocks[n].index, all_words[n]) for n in chosen], stopwords, None if distinct is None else [distinct[n] for n in chosen],
        )
    return cache[key]


def distinct_words(doc: "Document") -> tuple[set[str], ...]:
    """Each block's distinct normalised words less STOPWORDS (sketch.block_words), made once per
    document for every vocabulary and the line features: read-only by contract."""
    cache = _cache.setdefault(doc, {})
    found = cache.get("distinct")
    if found is None:
        found = cache["distinct"] = tuple(set(words).difference(STOPWORDS) for words in sketch.block_words(doc))
    return found


def shared_words(
    words: Iterable[str], vocab: Mapping[str, set[int]], exclude: frozenset[int], need: int = 1, long: int = 0
) -> set[str]:
    """The distinct words that at least `need` vocabulary blocks outside `exclude` also use;
    with `long`, one such block will do for a word of at least that many letters."""
    return {w for w in set(words) if len(uses := vocab.get(w, frozenset()) - exclude) >= need or uses and 0 < long <= len(w)}
