"""Python `re` patterns made from code remembered between runs, as regexes.compiled does for `regex`.

`re` parses and compiles a pattern in Python, then hands the code it made to its C engine
(`_sre.compile`); the pack's phrase lists and numeric-claim's word alternations took ~9 ms of
a one-file check's CPU in that Python compiler. The arguments of that last call depend only on
the pattern, its flags and Python's release, so `compiled` keeps them, by (pattern, flags), and
rules.load keeps them on disk between runs (user_cache, in the derived file whose name hashes
Python's version). A remembered pattern is then made by the C engine alone: the very object
re.compile makes from the same arguments (equal to it, as `re` patterns compare by pattern,
flags and code). The C engine checks the code it is given (_sre's validator), so a forged
entry is refused, and then the pattern is compiled as usual.
"""

from __future__ import annotations

import re
import re._compiler as _compiler  # noqa: the module whose `_sre` global is the C engine
import sys
import threading
from typing import Any

_code: dict[tuple[str, int], tuple[int, list[int], int, dict[str, int]]] = {}  # -> flags, code, groups, groupindex
_computed = 0  # entries worked out (not remembered) in this process
_made: dict[tuple[str, int], re.Pattern[str]] = {}  # one object per pattern, as re's own cache gives
MADE_MAX = 2_000
_INT = {int}


class _Recorder:
    """Stands in for `_sre` while one pattern compiles, to see the code it is given; only the
    compiling thread's call for that source is kept."""

    def __init__(self, real: Any, source: str) -> None:
        self.real, self.source, self.thread, self.calls = real, source, threading.get_ident(), []

    def compile(self, *args: Any) -> Any:
        if threading.get_ident() == self.thread and args and args[0] == self.source:
            self.calls.append(args)
        return self.real.compile(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


_recording = threading.Lock()


def compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(source, flags), from remembered code when this pattern was compiled before."""
    global _computed
    key = (source, int(flags))
    pattern = _made.get(key)
    if pattern is not None:
        return pattern
    args = _code.get(key)
    if args is not None:
        final_flags, code, groups, group_index = args
        index_group: list[str | None] = [None] * (groups + 1)
        for name, number in group_index.items():
            index_group[number] = name
        try:
            pattern = _compiler._sre.compile(source, final_flags, code, groups, group_index, tuple(index_group))
        except Exception:  # not code this engine takes: compile as usual
            del _code[key]
        else:
            return _keep(key, pattern)
    with _recording:
        real = _compiler._sre
        recorder = _Recorder(real, source)
        _compiler._sre = recorder
        try:
            pattern = re.compile(source, flags)
        finally:
            _compiler._sre = real
    if len(recorder.calls) == 1:  # none when re had it in its own cache already
        _source, final_flags, code, groups, group_index, _index_group = recorder.calls[0]
        _code[key] = (int(final_flags), list(map(int, code)), int(groups), dict(group_index))  # opcodes are int subclasses
        _computed += 1
    return _keep(key, pattern)


def _keep(key: tuple[str, int], pattern: re.Pattern[str]) -> re.Pattern[str]:
    if len(_made) < MADE_MAX:
        _made[key] = pattern
    return pattern


def computed() -> int:
    return _computed


def remembered() -> list[list]:
    """The remembered arguments as JSON-able rows, in a stable order."""
    return [[source, given, flags, code, sorted(group_index.items()), groups]
            for (source, given), (flags, code, groups, group_index) in sorted(_code.items(), key=lambda item: item[0])]


def remember(rows: object) -> bool:
    """Take back `remembered()` rows; False, and nothing taken, if any row is not one."""

    def ints(values: object) -> bool:
        return isinstance(values, list) and set(map(type, values)) <= _INT

    if not isinstance(rows, list):
        return False
    taken: dict[tuple[str, int], tuple[int, list[int], int, dict[str, int]]] = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) == 6):
            return False
        source, given, flags, code, names, groups = row
        if not (isinstance(source, str) and ints([given, flags, groups]) and groups >= 0 and ints(code)
                and isinstance(names, list)
                and all(isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                        and type(pair[1]) is int and 0 < pair[1] <= groups for pair in names)):
            return False
        taken[(source, given)] = (flags, code, groups, dict(names))
    for key, args in taken.items():
        _code.setdefault(key, args)
    return True


def fingerprint() -> str:
    """What the code depends on besides the pattern: Python's release (its `re` compiler)."""
    return sys.version
