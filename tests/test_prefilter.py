"""prefilter.py: a regex is skipped only where it could not have matched."""

from __future__ import annotations

import re

import pytest

from newslint import prefilter


@pytest.mark.parametrize("pattern, needs", [
    (r"\d+%", True),
    (r"(?<![\w.])\d+(?:st|nd|rd|th)\b", True),
    (r"[$€£]\s?\d+(?:[.,]\d+)*", True),
    (r"(?:US|A)?[$€]\s?[0-9]+", True),
    (r"\b(?:19|20)\d\d\b", True),
    (r"(?i:\baged?\s\d{1,3}\b)", True),
    (r"foo(?=\d)", True),  # a lookahead that needs a digit still needs one in the text
    (r"\d*x", False),  # zero digits will do
    (r"\d+|percent", False),  # one branch needs none
    (r"[\d.]+", False),  # a full stop alone matches
    (r"[^a-z]", False),
    (r"(?<!\d)x", False),
    (r"(?i:\b(?:multi)-[\w-]+)", False),
    (r"(a)\1", False),
])
def test_needs_digit(pattern, needs):
    assert prefilter.needs_digit(pattern) is needs


def test_a_pattern_that_needs_a_digit_never_matches_text_without_one():
    texts = ["No figures at all here.", "Twenty-one people, three hundred pages.", "Ⅻ and ² are not \\d"]
    for pattern in (r"\d+%", r"\b(?:19|20)\d\d\b", r"[0-9]{2}"):
        assert prefilter.needs_digit(pattern)
        assert not any(re.search(pattern, t) for t in texts)


def test_case_specials_are_every_non_ascii_character_a_case_insensitive_ascii_letter_matches():
    letter = re.compile("(?i)[a-z]")
    found = {chr(c) for c in range(0x80, 0x110000) if letter.match(chr(c))}
    assert found == prefilter.CASE_SPECIALS


@pytest.mark.parametrize("text, absent", [
    ("Three hundred people came.", False),
    ("THOUSANDS came", False),
    ("the most populous city", False),
    ("Nobody came.", True),
    ("\u212aelvin three", False),  # a case-special character: never skipped
])
def test_words_absent(text, absent):
    words = prefilter.Words(["three", "thousand", "most populous"])
    assert words.absent(text, text.lower()) is absent
