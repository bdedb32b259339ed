"""User regular expressions, compiled with the `regex` package so that no search can hang the run.

The standard `re` cannot be interrupted: one rule with catastrophic backtracking
(`(a+)+$` on a long line of a's) would stop every file behind it. The `regex`
package reads re's syntax and can be stopped, which is why it is a dependency; a
search that runs out raises PatternTimeout, and the linter reports it against the
rule and stops that rule for the rest of the run.

Two ways to stop it. The `regex` package takes a time limit per call, but that costs
about 2 µs a call, and one document makes thousands of calls: it was near half of
the whole check. So where the process can take SIGALRM (POSIX, main thread) the
linter runs each rule over each document under one `time_limit` instead: a timer
whose handler raises PatternTimeout, which the `regex` package lets through because
it checks for signals while it backtracks. Searches made under it pass no limit of
their own; anywhere else (another thread, Windows) each call keeps its own.
"""

from __future__ import annotations

import re
import signal
import threading
from types import FrameType
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
# Under one time_limit a rule makes many searches over the same text: it gets more per character.
RULE_TIME_PER_CHAR = 5e-6


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


# What a pattern may not hold to be joined with others into one: group numbers shift in
# a union (\\1, (?(1)...)), and inline global flags would spread to the other patterns.
_NOT_JOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")


def union(patterns: Sequence[regex.Pattern | re.Pattern[str]]) -> regex.Pattern | None:
    """One pattern that matches where any of `patterns` matches (all compiled with the same
    flags): one scan where there were many. None when they cannot be joined exactly."""
    if len(patterns) < 2 or len({p.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL) for p in patterns}) > 1:
        return None
    if any(_NOT_JOINABLE.search(p.pattern) for p in patterns):
        return None
    flags = regex.IGNORECASE if patterns[0].flags & re.IGNORECASE else 0
    flags |= regex.MULTILINE if patterns[0].flags & re.MULTILINE else 0
    flags |= regex.DOTALL if patterns[0].flags & re.DOTALL else 0
    try:
        return regex.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags)
    except (regex.error, ValueError):  # duplicate group names, say: keep them apart
        return None


def limit(text: str) -> float:
    return BASE_TIMEOUT + TIME_PER_CHAR * len(text)


def rule_limit(characters: int) -> float:
    """The time one rule may spend searching a document of that many characters."""
    return BASE_TIMEOUT + RULE_TIME_PER_CHAR * characters


_armed = False  # a time_limit timer is running: searches pass no limit of their own
_armed_seconds = 0.0
_handler_installed = False


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    # A timer that fires just as its time_limit ends finds nothing armed: it is ignored.
    if _armed:
        raise PatternTimeout("", _armed_seconds)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class time_limit:
    """`with time_limit(seconds):` — every search inside raises PatternTimeout once the
    time is up (see the module's docstring). Where no timer can run it does nothing,
    and each search keeps its own limit."""

    __slots__ = ("seconds", "active")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.active = False

    def __enter__(self) -> "time_limit":
        global _armed, _armed_seconds, _handler_installed
        if _armed or not _can_alarm():
            return self  # nested, or no timer here: the outer limit or per-call limits hold
        if not _handler_installed:
            if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None):
                return self  # the program uses SIGALRM itself: leave it alone
            signal.signal(signal.SIGALRM, _on_alarm)
            _handler_installed = True
        _armed_seconds = self.seconds
        _armed = self.active = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc: object) -> None:
        global _armed
        if self.active:
            _armed = self.active = False  # first, so that a late alarm is ignored
            signal.setitimer(signal.ITIMER_REAL, 0)


# Each call is spelled out rather than shared through a helper: on a file of a million
# short lines these run tens of millions of times, and a call level more costs a third.
def search(pattern: regex.Pattern, text: str) -> regex.Match | None:
    try:
        if _armed:
            return pattern.search(text)
        return pattern.search(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None
    except PatternTimeout as err:
        err.pattern = err.pattern or pattern.pattern
        raise


def match(pattern: regex.Pattern, text: str) -> regex.Match | None:
    try:
        if _armed:
            return pattern.match(text)
        return pattern.match(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None
    except PatternTimeout as err:
        err.pattern = err.pattern or pattern.pattern
        raise


def fullmatch(pattern: regex.Pattern, text: str) -> regex.Match | None:
    try:
        if _armed:
            return pattern.fullmatch(text)
        return pattern.fullmatch(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None
    except PatternTimeout as err:
        err.pattern = err.pattern or pattern.pattern
        raise


def subn(pattern: regex.Pattern, replacement: str, text: str) -> tuple[str, int]:
    try:
        if _armed:
            return pattern.subn(replacement, text)
        return pattern.subn(replacement, text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None
    except PatternTimeout as err:
        err.pattern = err.pattern or pattern.pattern
        raise


def finditer(pattern: regex.Pattern | re.Pattern[str], text: str) -> list:
    """Every match, as a list: the time limit covers the whole scan. A stdlib `re` pattern
    (newslint builds some from escaped word lists) runs without one."""
    if isinstance(pattern, re.Pattern):
        return list(pattern.finditer(text))
    try:
        if _armed:
            return list(pattern.finditer(text))
        return list(pattern.finditer(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text)))
    except TimeoutError:
        raise PatternTimeout(pattern.pattern, limit(text)) from None
    except PatternTimeout as err:
        err.pattern = err.pattern or pattern.pattern
        raise
