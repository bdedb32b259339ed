"""Split a block of prose into sentences, keeping character offsets.

Abbreviations ("U.S.", "Dr.", "Vladimir V. Putin", "Nov. 19") do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st jr sr sen rep gov gen lt col sgt capt cmdr adm maj rev hon pres
    inc ltd co corp bros dept univ assn est approx vs etc al ed
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    mt ft ave blvd rd
    """.split()
)
# Abbreviations that only precede a number: "No. 5", "Fig. 2", "p. 84", but "He said no."
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "fig", "p", "pp", "art", "sec", "ch", "para", "pt"})
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
NEXT_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9À-Ý]")
# Dotted initialisms and short forms: "U.S", "e.g", "a.m", "Ph.D" (the final dot excluded).
DOTTED = re.compile(r"(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}")
# Words that open a sentence but never continue a name, so "the U.S. Together, they"
# ends a sentence after "U.S." while "the U.S. Senate" does not.
SENTENCE_STARTERS = frozenset(
    """
    a an the but and or so yet it its this that these those he she they we i you his her their our
    in on at as if when while after before since although though however meanwhile still together
    there here what why how who where instead also then now today
    """.split()
)
NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]?([A-Za-z]+)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a block: its character span in the block's text, and that text."""
    start: int  # character offset in the block text
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        end = match.end()
        if not NEXT_START.match(text, end) or _is_abbreviation(text, match.start(), end):
            continue
        _add(sentences, text, start, end)
        start = end
    _add(sentences, text, start, len(text))
    return sentences


def _is_abbreviation(text: str, dot: int, after: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lstrip("\"'“‘(")
    if not word:
        return False
    if DOTTED.fullmatch(word):  # U.S, e.g, a.m -- but not a number such as 1.8%
        return not _starts_sentence(text, after)
    if len(word) == 1 and word.isalpha() and word.isupper():  # an initial: Vladimir V. Putin
        return True
    if word.lower() in NUMBER_ABBREVIATIONS:
        return text[after:].lstrip()[:1].isdigit()
    return word.lower() in ABBREVIATIONS


def _starts_sentence(text: str, after: int) -> bool:
    match = NEXT_WORD.match(text, after)
    return bool(match) and match.group(1)[:1].isupper() and match.group(1).lower() in SENTENCE_STARTERS


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + len(chunk) - len(chunk.lstrip())
        sentences.append(Sentence(offset, offset + len(stripped), stripped))
