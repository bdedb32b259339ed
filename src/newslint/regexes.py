"""User regular expressions, compiled with the `regex` package so that no search can hang the run.

The standard `re` cannot be interrupted: one rule with catastrophic backtracking
(`(a+)+$` on a long line of a's) would stop every file behind it. The `regex`
package reads re's syntax and takes a time limit per call, which is why it is a
dependency; a search that runs out raises PatternTimeout, and the linter reports
it against the rule and stops that rule for the rest of the run.
"""

from __future__ import annotations

import re

import regex

IGNORECASE = regex.IGNORECASE
error = regex.error
Pattern = regex.Pattern
Match = regex.Match

# A search may run BASE_TIMEOUT plus TIME_PER_CHAR per character of its text.
# Linear patterns search a megabyte in milliseconds, so only runaway ones reach it.
BASE_TIMEOUT = 1.0
TIME_PER_CHAR = 1e-6


class PatternTimeout(Exception):
    """A search ran out of time: the pattern backtracks without end on this text."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(f"pattern {pattern!r} ran longer than {seconds:.1f} s")
        self.pattern = pattern
        self.seconds = seconds
        self.line: int | None = None  # the document line, added by the kind that searched


def compile(source: str, flags: int = 0) -> regex.Pattern:
    """Compile like re.compile; a bad pattern raises regex.error."""
    return regex.compile(source, flags)


def limit(text: str) -> float:
    return BASE_TIMEOUT + TIME_PER_CHAR * len(text)


def search(pattern: regex.Pattern | re.Pattern[str], text: str) -> regex.Match | None:
    return _timed(pattern, pattern.search, text)


def match(pattern: regex.Pattern, text: str) -> regex.Match | None:
    return _timed(pattern, pattern.match, text)


def fullmatch(pattern: regex.Pattern, text: str) -> regex.Match | None:
    return _timed(pattern, pattern.fullmatch, text)


def subn(pattern: regex.Pattern, replacement: str, text: str) -> tuple[str, int]:
    return _timed(pattern, pattern.subn, text, replacement)


def finditer(pattern: regex.Pattern | re.Pattern[str], text: str) -> list:
    """Every match, as a list: the time limit covers the whole scan."""
    return _timed(pattern, lambda string, **limit: list(pattern.finditer(string, **limit)), text)


def _timed(pattern: regex.Pattern | re.Pattern[str], method, text: str, *before: str):
    """method(*before, text) with the time limit that text's length allows.

    A stdlib `re` pattern (built by newslint from escaped words) is called as it is.
    """
    if isinstance(pattern, re.Pattern):
        return method(*before, text)
    seconds = limit(text)
    try:
        return method(*before, text, timeout=seconds)
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, seconds) from None
