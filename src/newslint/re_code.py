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

import array
import base64
import binascii
import re
import re._compiler as _compiler  # noqa: the module whose `_sre` global is the C engine
import sys
import threading
from typing import Any, Callable

MADE_MAX = 2_000
_INT = {int}


def int_list(values: object) -> bool:
    """Whether `values` is a list of plain ints (a remembered row's code, as JSON gives it back)."""
    return isinstance(values, list) and set(map(type, values)) <= _INT  # in C: code lists are long


# Both engines' code words are unsigned 32-bit (_sre's SRE_CODE, regex's RE_CODE). The derived
# file keeps a pattern's code as base64 of its words, little-endian: JSON built ~55,000 int
# objects from lists of numbers (~3.5 ms of every run, with the checks that each is an int),
# and gives back a string in a fraction of that, which array and base64 decode in C.
_WORD = next(code for code in "IL" if array.array(code).itemsize == 4)


def pack(code: list[int]) -> str | None:
    """A code list as the derived file keeps it; None when a word is not an unsigned 32-bit int."""
    try:
        words = array.array(_WORD, code)
    except (OverflowError, TypeError):
        return None
    if sys.byteorder == "big":
        words.byteswap()
    return base64.b64encode(words.tobytes()).decode("ascii")


def unpack(text: object) -> list[int] | None:
    """The code list `pack` gave; None when `text` is not one."""
    if not isinstance(text, str):
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):  # not base64 (or not ASCII)
        return None
    if len(raw) % 4:
        return None
    words = array.array(_WORD)
    words.frombytes(raw)
    if sys.byteorder == "big":
        words.byteswap()
    return words.tolist()


class Recorder:
    """Stands in for a regex engine's C module (`re`'s `_sre`, `regex`'s `_regex`) while one
    pattern compiles, to see the code it is given. Only the compiling thread's calls for that
    source are kept: another thread compiling meanwhile goes through untouched. (regexes.py
    records `regex`'s code with it too.)"""

    def __init__(self, real: Any, source: str) -> None:
        self.real, self.source, self.thread, self.calls = real, source, threading.get_ident(), []

    def compile(self, *args: Any) -> Any:
        if threading.get_ident() == self.thread and args and args[0] == self.source:
            self.calls.append(args)
        return self.real.compile(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


recording = threading.Lock()  # one pattern recorded at a time, for either engine


class CodeMemo:
    """Patterns of one engine made from remembered code, by (source, flags). `compile` is the
    engine's own compile; while it runs, the engine's C module (attribute `attribute` of what
    `host()` gives) is a Recorder, and `plain` turns the call it saw into JSON-able arguments
    (None: not kept); `rebuild(source, arguments)` makes the pattern from them in C alone."""

    def __init__(self, host: Callable[[], Any], attribute: str, compile: Callable[[str, int], Any],
                 rebuild: Callable[[str, tuple], Any], plain: Callable[[tuple], tuple | None]) -> None:
        self.host, self.attribute, self.compile, self.rebuild, self.plain = host, attribute, compile, rebuild, plain
        self.code: dict[tuple[str, int], tuple] = {}  # (source, flags) -> the engine's arguments but the source
        self.made: dict[tuple[str, int], Any] = {}  # one object per pattern, as the engine's own cache gives
        self.computed = 0  # entries worked out (not remembered) in this process

    def compiled(self, source: str, flags: int = 0) -> Any:
        """compile(source, flags), from remembered code when this pattern was compiled before."""
        key = (source, int(flags))
        pattern = self.made.get(key)
        if pattern is not None:
            return pattern
        args = self.code.get(key)
        if args is not None:
            try:
                pattern = self.rebuild(source, args)
            except Exception:  # not code this engine takes (its validator refused it): compile as usual
                del self.code[key]
            else:
                return self._keep(key, pattern)
        host = self.host()
        with recording:
            real = getattr(host, self.attribute)
            recorder = Recorder(real, source)
            setattr(host, self.attribute, recorder)
            try:
                pattern = self.compile(source, flags)
            finally:
                setattr(host, self.attribute, real)
        if len(recorder.calls) == 1:  # none when the engine had it in its own cache already
            plain = self.plain(recorder.calls[0])
            if plain is not None:
                self.code[key] = plain
                self.computed += 1
        return self._keep(key, pattern)

    def _keep(self, key: tuple[str, int], pattern: Any) -> Any:
        if len(self.made) < MADE_MAX:
            self.made[key] = pattern
        return pattern

    def take(self, taken: dict[tuple[str, int], tuple]) -> None:
        """Remembered arguments read back (already checked), under any worked out here."""
        for key, args in taken.items():
            self.code.setdefault(key, args)


def _rebuild(source: str, args: tuple) -> re.Pattern[str]:
    final_flags, code, groups, group_index = args
    index_group: list[str | None] = [None] * (groups + 1)
    for name, number in group_index.items():
        index_group[number] = name
    return _compiler._sre.compile(source, final_flags, code, groups, group_index, tuple(index_group))


def _plain(call: tuple) -> tuple:
    _source, final_flags, code, groups, group_index, _index_group = call
    return int(final_flags), list(map(int, code)), int(groups), dict(group_index)  # opcodes are int subclasses


MEMO = CodeMemo(lambda: _compiler, "_sre", re.compile, _rebuild, _plain)


def compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(source, flags), from remembered code when this pattern was compiled before."""
    return MEMO.compiled(source, flags)


def computed() -> int:
    return MEMO.computed


def remembered() -> list[list]:
    """The remembered arguments as JSON-able rows, in a stable order."""
    rows = [[source, given, flags, pack(code), sorted(group_index.items()), groups]
            for (source, given), (flags, code, groups, group_index) in sorted(MEMO.code.items(), key=lambda item: item[0])]
    return [row for row in rows if row[3] is not None]


def remember(rows: object) -> bool:
    """Take back `remembered()` rows; False, and nothing taken, if any row is not one."""
    if not isinstance(rows, list):
        return False
    taken: dict[tuple[str, int], tuple[int, list[int], int, dict[str, int]]] = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) == 6):
            return False
        source, given, flags, code, names, groups = row
        code = unpack(code)
        if not (isinstance(source, str) and int_list([given, flags, groups]) and groups >= 0 and code is not None
                and isinstance(names, list)
                and all(isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                        and type(pair[1]) is int and 0 < pair[1] <= groups for pair in names)):
            return False
        taken[(source, given)] = (flags, code, groups, dict(names))
    MEMO.take(taken)
    return True


def fingerprint() -> str:
    """What the code depends on besides the pattern: Python's release (its `re` compiler)."""
    return sys.version
