"""Cheap tests that tell, before a regular expression runs, that it cannot match a text.

Rules run dozens of regexes over every sentence; most sentences hold no digit and none
of a rule's words, and Python's regex engine still walks every position to find that
out. These tests are exact: they only ever skip a regex that could not have matched.
"""

from __future__ import annotations

import re
from typing import Iterable

try:  # Python 3.11+
    from re import _constants as sre_constants, _parser as sre_parser
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse as sre_parser  # type: ignore[no-redef]

DIGIT = re.compile(r"\d")
# The only characters beyond ASCII that a case-insensitive regex matches to an ASCII
# letter (İ ı ſ and the Kelvin sign; tests/test_prefilter.py checks the whole of Unicode).
CASE_SPECIALS = frozenset("\u0130\u0131\u017f\u212a")


def needs_digit(pattern: str | re.Pattern[str]) -> bool:
    """Whether every text the pattern matches in contains a digit (\\d), judged from its syntax.

    False when unsure: the caller then simply runs the regex.
    """
    source = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    try:
        return _needs_digit(sre_parser.parse(source))
    except Exception:  # an unfamiliar construct: no prefilter, never a wrong answer
        return False


def _needs_digit(items) -> bool:
    return any(_item_needs_digit(op, av) for op, av in items)


def _item_needs_digit(op, av) -> bool:
    c = sre_constants
    if op is c.LITERAL:
        return DIGIT.match(chr(av)) is not None
    if op is c.IN:
        return _set_is_digits(av)
    if op is c.SUBPATTERN:
        return _needs_digit(av[-1])
    if op is c.ATOMIC_GROUP:
        return _needs_digit(av)
    if op is c.ASSERT:  # a positive lookaround: the text must contain what it looks for
        return _needs_digit(av[1])
    if op is c.BRANCH:
        return all(_needs_digit(branch) for branch in av[1])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, item = av
        return low >= 1 and _needs_digit(item)
    return False


def _set_is_digits(members) -> bool:
    c = sre_constants
    if not members:
        return False
    for op, av in members:
        if op is c.LITERAL and DIGIT.match(chr(av)):
            continue
        if op is c.RANGE and ord("0") <= av[0] and av[1] <= ord("9"):
            continue
        if op is c.CATEGORY and av in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT):
            continue
        return False
    return True


class Words:
    """A text can match only if one of these words occurs in it, in any case."""

    def __init__(self, words: Iterable[str]) -> None:
        # The first word of each phrase is enough: a phrase cannot occur without it.
        self.words = tuple(sorted({w.split()[0].lower() for w in words if w.split()}))
        # A plain alternation of literals: the engine scans for their first letters only.
        self._any = re.compile("|".join(map(re.escape, self.words))) if self.words else None

    def absent(self, text: str, lowered: str) -> bool:
        """True when none of the words occurs; `lowered` is text.lower()."""
        if self._any is None or not CASE_SPECIALS.isdisjoint(text):
            return False
        return self._any.search(lowered) is None
