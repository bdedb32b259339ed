"""prefilter.py: a regex is skipped only where it could not have matched."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

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
    # User patterns run on the `regex` package: its case-insensitive matching folds no more.
    import regex

    for ascii_letter in "abcdefghijklmnopqrstuvwxyz":
        one = regex.compile(ascii_letter, regex.IGNORECASE)
        assert {chr(c) for c in range(0x80, 0x3000) if one.match(chr(c))} <= prefilter.CASE_SPECIALS
    kelvin = regex.compile("k", regex.IGNORECASE)
    assert {chr(c) for c in range(0x2000, 0x110000) if kelvin.match(chr(c))} <= prefilter.CASE_SPECIALS


@pytest.mark.parametrize("pattern, flags, literals, folded", [
    (r"\bnewsletters?\b", re.I, ("newsletter",), True),
    (r"^[\W_]*(?:skip to content|menu)[\W_]*$", re.I, (), False),  # anchored: fails fast by itself
    (r"\b(delivered|straight) (to|in) your inbox\b", re.I, (" your inbox",), True),
    (r"(?i:\baged?\s\d{1,3}\b)", 0, ("age",), True),
    (r"\bMay\b|(?i:june)", 0, ("june", "may"), True),  # mixed case rules: look in lower case
    (r"Σ+x", re.I, ("x",), True),  # non-ASCII under IGNORECASE is never used
    (r"\w+", 0, (), False),
])
def test_needs_of_a_regex(pattern, flags, literals, folded):
    import regex

    needs = prefilter.Needs.of(re.compile(pattern, flags))
    assert prefilter.Needs.of(regex.compile(pattern, flags)) == needs  # user patterns use `regex`
    assert needs.literals == literals
    if literals:
        assert needs.folded is folded


def test_needs_never_rule_out_a_text_the_regex_matches():
    patterns = [r"\bnewsletters?\b", r"\b(sign up|subscribe)\b.{0,60}\b(inbox|email)\b", r"\d+%",
                r"(?i:\b\d{1,3}[-\s]years?[-\s]old\b)", r"\bKelvin\b"]
    texts = ["Sign up for our NEWSLETTER", "SUBSCRIBE now to get it by email", "up 5% on the year",
             "a 45-year-old man", "\u212aelvin scale", "nothing here", "newsletter", "İnbox subscribe"]
    for pattern in patterns:
        for flags in (0, re.I):
            regex = re.compile(pattern, flags)
            needs = prefilter.Needs.of(regex)
            for text in texts:
                if regex.search(text):
                    assert not needs.impossible(text), (pattern, flags, text)


# --- first characters: a lookahead every match passes -------------------------------------

@pytest.mark.parametrize("pattern, flags, lookahead", [
    (r"\b(?:said|says|told)\b", 0, "(?=[st])"),
    (r"\b(?:about|nearly)\s+(?=\d)", re.IGNORECASE, "(?=(?i:[an]))"),
    (r"\b(?:(?i:according\s+to)|Eurostat)\b", 0, "(?=[E]|(?i:[a]))"),  # each part folded as it is matched
    (r"(?:a|an)?\s*one", 0, ""),  # \s can open a match: any space, no short class
    (r"(?:a|b)?c", 0, "(?=[abc])"),  # an optional start adds what follows it
    (r"(?<=x)[0-5]", 0, "(?=[012345])"),  # a lookbehind is zero width
    (r"a*", 0, ""),  # can match the empty string
    (r"\w+", 0, ""),  # a category: any letter of any script
    (r"[^a]x", 0, ""),
    (r"(a)\1", 0, "(?=[a])"),
    (r"(?(1)a|b)", 0, ""),  # a conditional: unfamiliar, no lookahead
])
def test_first_characters(pattern, flags, lookahead):
    assert prefilter.first_characters(pattern, flags) == lookahead


FIRST_CHARACTER_PATTERNS = [
    r"\b(?:(?i:according\s+to)|(?i:data\s+from)|Eurostat|Census\s+Bureau|(?i:\b(?:reports?|study)\b(?:\s+\w+){0,2}\s+(?:shows?|found)\b))\b",
    r"(?i)\b(?:(?:a|an|one|two)\s+(?=(?:hundred|thousand)\b))?(?:one|two|three|hundred|thousand)(?:[\s-]+(?:one|two|three|hundred|thousand))*\b",
    r"(?i)\b(?P<hedge>about|nearly|up\s+to|some)\s+(?=[$€\d]|(?:one|two)\b)",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["about", "ABOUT", "up to", "some", "ſome", "Some", "one", "two", "hundred", "Hundred",
                                 "thousand", "according to", "Data from", "Eurostat", "eurostat", "Census Bureau",
                                 "report", "study", "shows", "found", "20", "$5", "K", "a", "an", " ", ", ", "-"]),
                max_size=12))
def test_a_pattern_with_its_first_characters_in_front_matches_as_before(words):
    # The lookahead only turns positions away: a pattern with it finds what it finds without it.
    text = " ".join(words)
    for source in FIRST_CHARACTER_PATTERNS:
        flags = re.IGNORECASE if source.startswith("(?i)") else 0
        lookahead = prefilter.first_characters(source, flags)
        assert lookahead
        head = "(?i)" if flags else ""
        faster = re.compile(head + lookahead + source[len(head):])
        assert [m.span() for m in faster.finditer(text)] == [m.span() for m in re.finditer(source, text)]
