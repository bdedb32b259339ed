"""User regular expressions, compiled with the `regex` package so that no search can hang the run.

The standard `re` cannot be interrupted: one rule with catastrophic backtracking
(`(a+)+$` on a long line of a's) would stop every file behind it. The `regex`
package reads re's syntax and takes a time limit per call, which is why it is a
dependency; a search that runs out raises PatternTimeout, and the linter reports
it against the rule and stops that rule for the rest of the run.
"""

from __future__ import annotations

import re
from typing import Sequence

import regex

from newslint.errors import ParamError

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


def compile_list(key: str, sources: Sequence[str], flags: int = 0) -> tuple[regex.Pattern, ...]:
    """Compile a rule parameter's list of user patterns; a bad one is a ParamError naming it."""
    compiled = []
    for number, source in enumerate(sources, 1):
        try:
            compiled.append(regex.compile(source, flags))
        except regex.error as err:
            raise ParamError(key, f"pattern {number} of '{key}' is not a valid regular expression: {err}") from None
    return tuple(compiled)


def limit(text: str) -> float:
    return BASE_TIMEOUT + TIME_PER_CHAR * len(text)


# Each call is spelled out rather than shared through a helper: on a file of a million
# short lines these run tens of millions of times, and a call level more costs a third.
def search(pattern: regex.Pattern, text: str) -> regex.Match | None:
    try:
        return pattern.search(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None


def match(pattern: regex.Pattern, text: str) -> regex.Match | None:
    try:
        return pattern.match(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None


def fullmatch(pattern: regex.Pattern, text: str) -> regex.Match | None:
    try:
        return pattern.fullmatch(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None


def subn(pattern: regex.Pattern, replacement: str, text: str) -> tuple[str, int]:
    try:
        return pattern.subn(replacement, text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None


def finditer(pattern: regex.Pattern | re.Pattern[str], text: str) -> list:
    """Every match, as a list: the time limit covers the whole scan. A stdlib `re` pattern
    (newslint builds some from escaped word lists) runs without one."""
    if isinstance(pattern, re.Pattern):
        return list(pattern.finditer(text))
    try:
        return list(pattern.finditer(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text)))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None
