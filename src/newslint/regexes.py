"""Regular expressions of rule files, compiled with the `regex` package; a user's are guarded.

Who wrote a pattern decides how it runs. The shipped rule pack (src/newslint/rules/) is
tested here: its patterns run as plain `regex.Pattern`s, with no limit, no timer and no
signal, so that built-in work never depends on the clock or on how busy the machine is.
A pattern from any other rule file is a user's, and is guarded twice:

1. When the rule loads, `compile` refuses a shape that can backtrack without end (nested or
   overlapping repeats, see `backtracking.runaway_shape`): `UnsafePattern`, which the loader
   reports naming the rule file and line. This limit does not read the clock, so it gives
   the same answer on every machine.
2. What passes is a `Guarded` pattern: each call (search, match, fullmatch, finditer, subn)
   runs under the `regex` package's own per-call `timeout=`, BASE_TIMEOUT plus
   TIME_PER_CHAR per character of the text searched, a generous last resort (a linear
   pattern searches a megabyte in milliseconds). Running out raises PatternTimeout, which
   the linter reports against that rule and that file only (linter.RuleRun).
No SIGALRM: a timer signal can land in an import or in library code (it crashed scipy's).

Which patterns are whose is set by the loader: `with regexes.trusted():` around the shipped
pack's rules, whose patterns are `Lazy` (compiled on first use: start-up); everywhere else (other rule files, a Params built in a test or a plugin)
`compile` guards. The API other modules use: compile, compile_list, union, is_guarded,
search/match/fullmatch/subn/finditer, Pattern (either kind), PatternTimeout, UnsafePattern.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence, Union

import regex

from newslint import re_code
from newslint.re_code import int_list
from newslint.backtracking import runaway_shape
from newslint.errors import ParamError
from newslint.safe_text import printable

IGNORECASE = regex.IGNORECASE
error = regex.error
Match = regex.Match

# Flags as plain ints: RegexFlag arithmetic costs ~10 µs a pattern, thousands of times at load.
_IGNORECASE = int(regex.IGNORECASE)
_STR_DEFAULTS = int(regex.UNICODE | regex.DEFAULT_VERSION)  # what regex gives every str pattern
_RE_UNICODE = int(re.UNICODE)

# A user pattern's call may run BASE_TIMEOUT plus TIME_PER_CHAR per character of its text.
BASE_TIMEOUT = 2.0
TIME_PER_CHAR = 2e-6


class PatternTimeout(Exception):
    """A user pattern's search ran out of time on this text."""

    def __init__(self, pattern: str, seconds: float, flags: int = 0) -> None:
        super().__init__(f"pattern {pattern!r} ran longer than {seconds:.1f} s")
        self.pattern = pattern
        self.seconds = seconds
        self.flags = flags
        self.line: int | None = None  # the document line, added by the kind that searched


class UnsafePattern(ValueError):
    """A user pattern whose shape can backtrack without end: refused when its rule loads."""

    def __init__(self, pattern: str, why: str) -> None:
        super().__init__(f"can backtrack without end: {why}; rewrite it so that each part can take only what the next cannot, "
                         "or make the repeat possessive (a++) or atomic ((?>...))")
        self.pattern = pattern
        self.why = why


def limit(text: str) -> float:
    """The time one call of a guarded pattern may take on `text`."""
    return BASE_TIMEOUT + TIME_PER_CHAR * len(text)


class Guarded:
    """A user's compiled pattern: the calls of regex.Pattern, each under its time limit."""

    __slots__ = ("regex",)

    def __init__(self, compiled: regex.Pattern) -> None:
        self.regex = compiled

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    @property
    def flags(self) -> int:
        return self.regex.flags

    def __getattr__(self, name: str) -> Any:  # groups, groupindex, ...: as the pattern's
        if name == "regex":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.regex, name)

    def __getstate__(self) -> regex.Pattern:
        return self.regex

    def __setstate__(self, state: regex.Pattern) -> None:
        self.regex = state

    def __repr__(self) -> str:
        return f"Guarded({self.regex!r})"

    def _timeout(self, err: TimeoutError, text: str) -> PatternTimeout:
        return PatternTimeout(self.regex.pattern, limit(text), self.regex.flags)

    def search(self, text: str) -> regex.Match | None:
        try:
            return self.regex.search(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
        except TimeoutError as err:
            raise self._timeout(err, text) from None

    def match(self, text: str) -> regex.Match | None:
        try:
            return self.regex.match(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
        except TimeoutError as err:
            raise self._timeout(err, text) from None

    def fullmatch(self, text: str) -> regex.Match | None:
        try:
            return self.regex.fullmatch(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
        except TimeoutError as err:
            raise self._timeout(err, text) from None

    def subn(self, replacement: str, text: str) -> tuple[str, int]:
        try:
            return self.regex.subn(replacement, text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))
        except TimeoutError as err:
            raise self._timeout(err, text) from None

    def finditer(self, text: str) -> Iterator[regex.Match]:
        """Every match, found before the first is given: the time limit covers the whole scan."""
        try:
            return iter(list(self.regex.finditer(text, timeout=BASE_TIMEOUT + TIME_PER_CHAR * len(text))))
        except TimeoutError as err:
            raise self._timeout(err, text) from None


# --- compiled code, remembered -----------------------------------------------------------
#
# `regex` parses and compiles a pattern in Python, then hands the code it made to its C engine
# (`_regex.compile`); a one-file check compiles ~70 of the pack's patterns, ~0.1-0.2 s of CPU.
# The arguments of that last call depend only on the pattern, its flags and the `regex`
# release, so `compiled` keeps them, by (pattern, flags), and rules.load keeps them on disk
# between runs (user_cache), in the file `fingerprint` (regex's release and code) helps name.
# A remembered pattern is then made by the C engine alone: the very object `regex.compile`
# makes from the same arguments. What is not plain (named lists, LOCALE) is not remembered.
# re_code.CodeMemo does the remembering, for `re` patterns too.


def _main() -> Any:
    import regex._main  # the module whose `_regex` global is the C engine

    return regex._main


def _plain(args: tuple) -> tuple | None:
    """The arguments after the source, as JSON keeps them; None when they are not plain."""
    try:
        (_source, flags, code, group_index, index_group, named_lists, named_list_indexes,
         req_offset, req_chars, req_flags, group_count) = args
    except ValueError:  # another release's call: not remembered
        return None
    if named_lists or named_list_indexes or int(flags) & regex.LOCALE:
        return None
    if index_group != {number: name for name, number in group_index.items()}:
        return None
    return (int(flags), list(code), dict(group_index), dict(index_group), {}, [], int(req_offset), tuple(req_chars),
            int(req_flags), int(group_count))


MEMO = re_code.CodeMemo(_main, "_regex", regex.compile, lambda source, args: _main()._regex.compile(source, *args), _plain)


def compiled(source: str, flags: int = 0) -> regex.Pattern:
    """regex.compile(source, flags), from remembered code when this pattern was compiled before."""
    return MEMO.compiled(source, flags)


def code_computed() -> int:
    return MEMO.computed


def remembered_code() -> list[list]:
    """The remembered arguments as JSON-able rows, in a stable order."""
    rows = [[source, given, flags, re_code.pack(code), sorted(group_index.items()), req_offset, list(req_chars), req_flags, groups]
            for (source, given), (flags, code, group_index, _, _, _, req_offset, req_chars, req_flags, groups)
            in sorted(MEMO.code.items(), key=lambda item: item[0])]
    return [row for row in rows if row[3] is not None]  # a word beyond 32 bits: not kept (pack)


def remember_code(rows: object) -> bool:
    """Take back `remembered_code()` rows; False, and nothing taken, if any row is not one."""
    if not isinstance(rows, list):
        return False
    taken: dict[tuple[str, int], tuple] = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) == 9):
            return False
        source, given, flags, code, names, req_offset, req_chars, req_flags, groups = row
        code = re_code.unpack(code)
        if not (isinstance(source, str) and int_list([given, flags, req_offset, req_flags, groups]) and code is not None
                and int_list(req_chars) and isinstance(names, list)
                and all(isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                        and type(pair[1]) is int for pair in names)):
            return False
        group_index = dict(names)
        taken[(source, given)] = (flags, code, group_index, {n: name for name, n in group_index.items()}, {}, [],
                                  req_offset, tuple(req_chars), req_flags, groups)
    MEMO.take(taken)
    return True


def fingerprint() -> str:
    """What compiled code depends on besides the pattern: regex's release and the code that compiles."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{regex.__version__} {regex.DEFAULT_VERSION!r} {sys.version}".encode("utf-8"))
    folder = Path(regex.__file__).parent
    for name in ("_main.py", "_regex_core.py"):
        digest.update(b"\0" + (folder / name).read_bytes())
    return digest.hexdigest()


class _Deferred:
    """A pattern compiled on first use: `pattern`, `given` and `flags` are set at once; any other
    attribute (search, match, groups, ...) is the compiled pattern's, fetched once and kept."""

    pattern: str
    given: int

    def _compile(self) -> Any:
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:
        if name in ("pattern", "given", "flags") or name.startswith("__"):
            raise AttributeError(name)  # not set yet (unpickling), or a protocol probe
        value = getattr(self._compile(), name)
        self.__dict__[name] = value
        return value


class Lazy(_Deferred):
    """A shipped pack's pattern, compiled on its first use rather than when its rule loads.

    The `regex` package compiles in pure Python: ~190 patterns took ~0.5 s of every run's
    start-up, though a one-file run uses few of them and the gate (scan.py) rules most out.
    `pattern` and `flags` are known without compiling (what the loader, the prefilter and the
    gate read); every other attribute is the compiled pattern's, fetched once and kept.
    Only trusted patterns are lazy: the shipped pack is tested (tests/test_regexes.py
    compiles each), a user's pattern is compiled when its rule loads so a bad one is
    reported then, naming its file and line.
    """

    def __init__(self, source: str, flags: int) -> None:
        self.pattern = source
        self.given = flags
        # What regex.compile(source, flags).flags is: its defaults (str patterns are UNICODE,
        # VERSION0). `lazy` compiles at once a pattern whose inline global flags would add more.
        self.flags = int(flags) | _STR_DEFAULTS

    def _compile(self) -> Any:
        return compiled(self.pattern, self.given)

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return Lazy, (self.pattern, self.given)

    def __repr__(self) -> str:
        return f"Lazy({self.pattern!r}, {self.given})"


# A global inline flag ((?i), (?a), (?V1), ...) changes a compiled pattern's `flags`.
_INLINE_FLAGS = re.compile(r"\(\?[\w^-]*\)")
_lazy: dict[tuple[str, int], Lazy] = {}  # one object per (source, flags), as regex's own cache gives


def lazy(source: str, flags: int = 0) -> "Lazy | regex.Pattern":
    """A trusted pattern compiled on first use; at once where its `flags` could not be known."""
    if int(flags) & ~_IGNORECASE or _INLINE_FLAGS.search(source):
        return compiled(source, flags)
    key = (source, flags)
    found = _lazy.get(key)
    if found is None:
        found = _lazy[key] = Lazy(source, flags)
    return found


class LazyRe(_Deferred):
    """A pattern for Python's `re` that a kind builds from a rule's word lists (escaped words,
    so never invalid), compiled on its first use rather than when its rule loads.

    `re` parses and compiles in Python: the numeric-claim and figure-consistency rules' word
    alternations took ~12 ms of every run's start-up, though a document that holds no figure
    never asks for its attribution verbs. As for `Lazy`, `pattern` and `flags` are known at once
    (the prefilter and the gate read them); every other attribute is the compiled pattern's.
    One object per (source, flags) (`lazy_re`), so that equal patterns stay equal, as `re`'s
    compiled patterns are, in the sets the gate and the kinds keep.
    """

    def __init__(self, source: str, flags: int) -> None:
        self.pattern = source
        self.given = flags
        # What re.compile(source, flags).flags is: str patterns are UNICODE, and `lazy_re` only
        # defers a pattern whose one global inline flag is a leading (?i).
        self.flags = int(flags) | _RE_UNICODE | (_IGNORECASE if source.startswith("(?i)") else 0)

    def _compile(self) -> Any:
        return re_code.compiled(self.pattern, self.given)

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return lazy_re, (self.pattern, self.given)

    def __repr__(self) -> str:
        return f"LazyRe({self.pattern!r}, {self.given})"


_lazy_re: dict[tuple[str, int], LazyRe] = {}


def lazy_re(source: str, flags: int = 0) -> "LazyRe | re.Pattern[str]":
    """An `re` pattern compiled on first use; at once where its `flags` could not be known."""
    rest = source[4:] if source.startswith("(?i)") else source
    if int(flags) & ~_IGNORECASE or _INLINE_FLAGS.search(rest):
        return re.compile(source, flags)
    key = (source, flags)
    found = _lazy_re.get(key)
    if found is None:
        found = _lazy_re[key] = LazyRe(source, flags)
    return found


Pattern = Union[regex.Pattern, Guarded, Lazy]

_trusted = False  # inside `trusted()`: patterns compile unguarded


@contextlib.contextmanager
def trusted() -> Iterator[None]:
    """Patterns compiled inside are the shipped pack's: plain, unguarded, unlimited."""
    global _trusted
    before, _trusted = _trusted, True
    try:
        yield
    finally:
        _trusted = before


def is_guarded(pattern: object) -> bool:
    return isinstance(pattern, Guarded)


def compile(source: str, flags: int = 0) -> Pattern:
    """Compile like re.compile: a bad pattern raises regex.error; outside `trusted()` a
    runaway shape raises UnsafePattern and the result is Guarded."""
    if _trusted:
        return lazy(source, flags)
    pattern = compiled(source, flags)
    why = runaway_shape(source, flags)
    if why:
        raise UnsafePattern(source, why)
    return Guarded(pattern)


def compile_list(key: str, sources: Sequence[str], flags: int = 0) -> tuple[Pattern, ...]:
    """Compile a rule parameter's list of patterns; a bad one is a ParamError naming it
    (`item` is its place in the list, for the loader to find its line)."""
    compiled = []
    for number, source in enumerate(sources, 1):
        try:
            compiled.append(compile(source, flags))
        except regex.error as err:
            raise ParamError(key, f"pattern {number} of '{key}' is not a valid regular expression: {err}", number) from None
        except UnsafePattern as err:
            raise ParamError(key, f"pattern {number} of '{key}' ('{printable(source)}') {err}", number) from None
    return tuple(compiled)


# What a pattern may not hold to be joined with others into one: group numbers shift in
# a union (\\1, (?(1)...)), and inline global flags would spread to the other patterns.
_NOT_JOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")


def union(patterns: Sequence[Pattern | re.Pattern[str]]) -> Pattern | None:
    """One pattern that matches where any of `patterns` matches (all compiled with the same
    flags): one scan where there were many. None when they cannot be joined exactly.
    Guarded when any of them is (a union of safe shapes, not inside a repeat, is safe)."""
    if len(patterns) < 2 or len({p.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL) for p in patterns}) > 1:
        return None
    if any(_NOT_JOINABLE.search(p.pattern) for p in patterns):
        return None
    flags = regex.IGNORECASE if patterns[0].flags & re.IGNORECASE else 0
    flags |= regex.MULTILINE if patterns[0].flags & re.MULTILINE else 0
    flags |= regex.DOTALL if patterns[0].flags & re.DOTALL else 0
    source = "|".join(f"(?:{p.pattern})" for p in patterns)
    guarded = any(isinstance(p, Guarded) for p in patterns)
    if not guarded and not _NAMED_GROUP.search(source):
        return lazy(source, flags)  # valid patterns, no names to clash: the union compiles
    try:
        joined = compiled(source, flags)
    except (regex.error, ValueError):  # duplicate group names, say: keep them apart
        return None
    return Guarded(joined) if guarded else joined


_NAMED_GROUP = re.compile(r"\(\?P?<[^=!]")


# The calls kinds make: a trusted pattern runs as it is, a Guarded one under its limit.
def search(pattern: Pattern, text: str) -> regex.Match | None:
    return pattern.search(text)


def match(pattern: Pattern, text: str) -> regex.Match | None:
    return pattern.match(text)


def fullmatch(pattern: Pattern, text: str) -> regex.Match | None:
    return pattern.fullmatch(text)


def subn(pattern: Pattern, replacement: str, text: str) -> tuple[str, int]:
    return pattern.subn(replacement, text)


def finditer(pattern: Pattern | re.Pattern[str], text: str) -> list:
    """Every match, as a list (for a Guarded pattern the limit covers the whole scan)."""
    return list(pattern.finditer(text))
