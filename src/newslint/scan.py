"""One scan per document: which of the rule pack's regexes cannot match anywhere in it.

Rules run a few hundred regexes over the lines, blocks and sentences of every document,
and most of them match nowhere in a given document: Python's regex engines still walk
every position of every unit to find that out. Here every regex a kind registers
(`register`) is compiled, once, into one Hyperscan database, and each document is scanned
once with it (one report per pattern, HS_FLAG_SINGLEMATCH). `ruled_out(doc)` is then the
set of registered patterns that hit nowhere in the document: a kind skips those and runs
the real regex (`re` or `regex`, under the time guard) for every other one, so findings
are the real engines' and the gate can only save work, never change a result.

The gate is a *relaxation* of each regex, built from its syntax tree (re's parser):
anchors, word boundaries and lookarounds are dropped, back-references match anything,
large repeat counts are lowered, and character classes are widened wherever the two
engines could disagree beyond ASCII (any non-ASCII character may be a word character,
a space, a letter of another case). Whatever a pattern matches in a unit (a line, block
or sentence, each a substring of the text scanned) its relaxation matches in the scanned
text, so a pattern that does not hit cannot match. A pattern with a positive lookaround gets a
second relaxation that reads what it looks at (`conditions`: "\\d(?<=_[\\w.-]{0,40}\\d)" needs
an underscore before the digit, not just a digit), and it is ruled out where either does not
hit: most of numeric-claim's not-a-claim patterns are such, and dropping their lookarounds
left little more than "a digit" or "a number word". Documents where that argument needs
more care are not gated at all: those holding a non-ASCII decimal digit (the gate reads
\\d as 0-9), a control character \\x1c-\\x1f (which the engines class differently as
space), one of the four non-ASCII letters that fold to ASCII under IGNORECASE, or text
that is not valid UTF-8. A pattern whose syntax is unfamiliar, or that Hyperscan refuses,
is simply never ruled out.

Where `hyperscan` cannot be imported nothing is ever ruled out: the same pack runs on
the real regexes alone, with the same findings (tests/test_scan.py). Compiling the
database takes a moment, so a process only builds it once it has seen GATE_AFTER
documents: the one-file pre-commit run never pays for it.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
import time
import weakref
from pathlib import Path
from typing import Any, Iterable

from newslint import user_cache

try:  # Python 3.11+
    from re import _constants as sre_constants, _parser as sre_parser
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse as sre_parser  # type: ignore[no-redef]

# Imported when the first database is built (a one-file run never builds one); where the wheel
# cannot be installed, the fallback path (tested by switching AVAILABLE off).
AVAILABLE = importlib.util.find_spec("hyperscan") is not None
hyperscan: Any = None
# Documents a process checks before it compiles the gate: below that, compiling costs more than it saves.
GATE_AFTER = 8
# A regex longer than this (a user's long phrase list) is not put in the database: relaxing and
# compiling it would cost more than the gate saves.
MAX_GATED_CHARS = 100_000
# Repeat counts above this are lowered (a relaxation) so the database stays small.
MAX_COUNT = 12
# Flags both engines share; a pattern with any other (regex's V1, FULLCASE, ...) is not gated.
_KNOWN_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE | re.ASCII | 8192  # regex.VERSION0
# Text on which the relaxation argument needs more care than it is worth: not gated.
_CONTROLS = re.compile("[\x1c-\x1f]")
_NON_ASCII_CHARS = re.compile("[^\x00-\x7f]")
_POSIX_CLASS = re.compile(r"\[:\^?[A-Za-z]+:\]")
_CASE_SPECIALS = frozenset("\u0130\u0131\u017f\u212a")
_NON_ASCII = r"[^\x00-\x7f]"
_SPACES = frozenset(b" \t\n\r\f\v")
_WORD = frozenset(ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_DIGITS = frozenset(range(ord("0"), ord("9") + 1))

NOTHING: frozenset = frozenset()


class _Unfamiliar(Exception):
    """A construct the relaxation does not handle: the pattern is not gated."""


def relaxed(source: str, flags: int = 0) -> str | None:
    """A Hyperscan expression (UTF-8, DOTALL) matching wherever the regex could match; None if unknown."""
    if flags & ~_KNOWN_FLAGS or _POSIX_CLASS.search(source):  # regex reads [[:alpha:]] as a POSIX class, re does not
        return None
    try:
        parsed = sre_parser.parse(source, flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE))
        caseless = bool((parsed.state.flags | flags) & re.IGNORECASE)
        return _sequence(parsed, caseless)
    except (_Unfamiliar, re.error, RecursionError, TypeError, ValueError, AttributeError):
        return None


def conditions(source: str, flags: int = 0) -> tuple[str, ...] | None:
    """Hyperscan expressions that each match wherever the regex could match (None if unknown):
    `relaxed`'s, and where the regex holds a lookaround, one that keeps what it looks at."""
    loose = relaxed(source, flags)
    if loose is None:
        return None
    try:
        parsed = sre_parser.parse(source, flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE))
        caseless = bool((parsed.state.flags | flags) & re.IGNORECASE)
        chained = _chain(parsed, caseless)[0]
    except (_Unfamiliar, re.error, RecursionError, TypeError, ValueError, AttributeError):
        return (loose,)
    return (loose,) if chained == loose else (loose, chained)


def _chain(items: Iterable[tuple[Any, Any]], caseless: bool) -> tuple[str, bool, bool]:
    """A relaxation that reads positive lookarounds instead of dropping them: (expression,
    opened, closed). Where `(?<=Y)` stands, the text before it ends with Y and what follows
    starts there: the expression restarts with Y's relaxation (opened: what came before is
    left out). Where `(?=Y)` stands, the text from there starts with Y: the expression ends
    with Y's relaxation (closed: what follows is left out). Leaving out a part of a
    concatenation, or an assertion, only ever widens what matches; Y itself, which may look
    past its own ends, is relaxed with its lookarounds dropped."""
    c = sre_constants
    out, opened = "", False
    for op, av in items:
        if op is c.ASSERT:
            direction, sub = av
            inner = _sequence(sub, caseless)
            if direction < 0:
                out, opened = inner, True
                continue
            return out + inner, opened, True
        if op in (c.SUBPATTERN, c.ATOMIC_GROUP, c.BRANCH):
            if op is c.SUBPATTERN:
                _group, add_flags, del_flags, sub = av
                inner_case = (caseless or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
                alternatives = [_chain(sub, inner_case)]
            elif op is c.ATOMIC_GROUP:
                alternatives = [_chain(av, caseless)]
            else:
                alternatives = [_chain(branch, caseless) for branch in av[1]]
            if any(o or cl for _, o, cl in alternatives):
                out = "(?:" + "|".join(e if o else out + e for e, o, _ in alternatives) + ")"
                opened = opened or any(o for _, o, _ in alternatives)
                if any(cl for _, _, cl in alternatives):
                    return out, opened, True
                continue
            out += "(?:" + "|".join(e for e, _, _ in alternatives) + ")"
            continue
        out += _item(op, av, caseless)
    return out, opened, False


def _sequence(items: Iterable[tuple[Any, Any]], caseless: bool) -> str:
    return "".join(_item(op, av, caseless) for op, av in items)


def _item(op: Any, av: Any, caseless: bool) -> str:
    c = sre_constants
    if op is c.LITERAL:
        return _literal(av, caseless)
    if op is c.NOT_LITERAL:
        return _class([(c.NEGATE, None), (c.LITERAL, av)], caseless)
    if op is c.IN:
        return _class(av, caseless)
    if op is c.CATEGORY:
        return _class([(c.CATEGORY, av)], caseless)
    if op is c.ANY:
        return "."
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return ""  # anchors, boundaries and lookarounds only ever remove matches
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        inner = (caseless or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return f"(?:{_sequence(sub, inner)})"
    if op is c.ATOMIC_GROUP:
        return f"(?:{_sequence(av, caseless)})"
    if op is c.BRANCH:
        return "(?:" + "|".join(_sequence(branch, caseless) for branch in av[1]) + ")"
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, sub = av
        low = min(low, MAX_COUNT)
        upper = "" if high is c.MAXREPEAT or high > MAX_COUNT else str(high)
        return f"(?:{_sequence(sub, caseless)}){{{low},{upper}}}"
    if op is c.GROUPREF:
        return ".*"  # a back-reference repeats some text: any text will do
    raise _Unfamiliar(op)


def _literal(code: int, caseless: bool) -> str:
    if code < 128:
        char = chr(code)
        if caseless and char.isalpha():
            return f"[{char.lower()}{char.upper()}]"
        return char if char.isalnum() else f"\\x{code:02x}"
    if caseless:
        if chr(code) in _CASE_SPECIALS:
            raise _Unfamiliar("a literal that folds to ASCII")
        return _NON_ASCII  # its other case is some non-ASCII character
    return f"\\x{{{code:x}}}"


def _class(members: list[tuple[Any, Any]], caseless: bool) -> str:
    """A class matching every ASCII character the original may match, and any non-ASCII one if it may."""
    c = sre_constants
    negated = bool(members) and members[0][0] is c.NEGATE
    if negated:
        members = members[1:]
    inside: set[int] = set()
    non_ascii = negated  # a negated class matches nearly every non-ASCII character
    for op, av in members:
        if op is c.LITERAL:
            if av >= 128:
                if caseless and chr(av) in _CASE_SPECIALS:
                    raise _Unfamiliar("a literal that folds to ASCII")
                non_ascii = True
            else:
                inside.add(av)
        elif op is c.RANGE:
            low, high = av
            if high >= 128:
                non_ascii = True
                if caseless and any(low <= ord(s) <= high for s in _CASE_SPECIALS):
                    raise _Unfamiliar("a range holding a letter that folds to ASCII")
            inside.update(range(low, min(high, 127) + 1))
        elif op is c.CATEGORY:
            inside |= _category(av)
            # \d beyond ASCII is excluded by the document check; everything else may match there.
            non_ascii = non_ascii or av not in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT)
        else:
            raise _Unfamiliar(op)
    if caseless:
        inside |= {ord(chr(code).swapcase()) for code in inside if chr(code).isalpha()}
    chosen = set(range(128)) - inside if negated else inside
    if not chosen and not non_ascii:
        raise _Unfamiliar("a class that matches nothing")
    parts = []
    if chosen:
        parts.append("[" + "".join(f"\\x{code:02x}" for code in sorted(chosen)) + "]")
    if non_ascii:
        parts.append(_NON_ASCII)
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _category(category: Any) -> set[int]:
    c = sre_constants
    everything = set(range(128))
    table = {
        c.CATEGORY_DIGIT: _DIGITS, c.CATEGORY_UNI_DIGIT: _DIGITS,
        c.CATEGORY_NOT_DIGIT: everything - _DIGITS, c.CATEGORY_UNI_NOT_DIGIT: everything - _DIGITS,
        c.CATEGORY_SPACE: _SPACES, c.CATEGORY_UNI_SPACE: _SPACES,
        c.CATEGORY_NOT_SPACE: everything - _SPACES, c.CATEGORY_UNI_NOT_SPACE: everything - _SPACES,
        c.CATEGORY_WORD: _WORD, c.CATEGORY_UNI_WORD: _WORD,
        c.CATEGORY_NOT_WORD: everything - _WORD, c.CATEGORY_UNI_NOT_WORD: everything - _WORD,
    }
    if category not in table:
        raise _Unfamiliar(category)
    return set(table[category])


# --- the pack's database ---------------------------------------------------------------------

_owned: dict[int, tuple[Any, tuple[Any, ...]]] = {}  # id(rule params) -> (the params, their regexes)
_patterns: tuple[Any, ...] = ()  # the regexes of the rules in use (`select`), in order
_selected: tuple[int, ...] = ()
_database: Any = None
_gated: tuple[Any, ...] = ()  # the patterns the database can rule out, by id (None where it cannot)
_gated_set: frozenset = NOTHING
# By a condition's id in the database: (its pattern, the ids of all that pattern's conditions)
_owner_of: tuple[Any, ...] = ()
_built_for: tuple[Any, ...] | None = None  # the _patterns the database was built for
_documents_seen = 0
# (a weak reference to the document, what _scan found in it): held strongly, the last window
# of a huge file stayed alive while the next was built.
_last: tuple[Any, Any] | None = None


def register(owner: Any, *patterns: Any) -> None:
    """Put a rule's compiled regexes (re or regex patterns; None is passed over) in the gate;
    `owner` is its params object, which `select` names."""
    _owned[id(owner)] = (owner, tuple(p for p in patterns if p is not None))


def select(params: Iterable[Any]) -> None:
    """The rules (their params objects) the next documents are checked with: the database holds
    their regexes only. Params no one registered (say, unpickled ones) add nothing."""
    global _patterns, _selected, _last
    key = tuple(map(id, params))
    if key == _selected:
        return
    _selected, _last = key, None
    chosen: dict[Any, None] = {}
    for number in key:
        for pattern in _owned.get(number, (None, ()))[1]:
            chosen.setdefault(pattern)
    _patterns = tuple(chosen)


def _build() -> None:
    global _database, _gated, _gated_set, _owner_of, _built_for, hyperscan, _BASE_FLAGS
    hyperscan = importlib.import_module("hyperscan")
    _BASE_FLAGS = (
        hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_DOTALL | hyperscan.HS_FLAG_ALLOWEMPTY | hyperscan.HS_FLAG_SINGLEMATCH
    )
    _built_for = _patterns
    # Keyed by what the relaxations are made from (the patterns, this module's code, the
    # parser's Python and Hyperscan), so a cached database is used without relaxing the
    # pack's regexes again (~0.1 s of parsing in every process that gates).
    made_from = (hyperscan.__version__, sys.version, _module_hash(), [(p.pattern, p.flags) for p in _patterns])
    key = hashlib.sha256(repr(made_from).encode("utf-8")).hexdigest()[:32]
    found = _load(key, len(_patterns))
    if found is None:
        entries, owners = _entries(_patterns)
        compiled = _compile(entries)
        if compiled is None:
            _database, _gated, _gated_set, _owner_of = None, (), NOTHING, ()
            return
        found = (compiled[0], owners, compiled[1])
        _store(key, *found)
    ids, owners, _database = found
    needed: list[frozenset] = [NOTHING] * len(_patterns)
    for expression in ids:
        needed[owners[expression]] |= {expression}
    _gated = tuple(_patterns[number] if needed[number] else None for number in range(len(_patterns)))
    _gated_set = frozenset(p for p in _gated if p is not None)
    owner_of: list[Any] = [None] * len(owners)
    for expression in ids:
        owner_of[expression] = (_patterns[owners[expression]], needed[owners[expression]])
    _owner_of = tuple(owner_of)


def _entries(patterns: tuple[Any, ...]) -> tuple[list[tuple[int, bytes]], list[int]]:
    """(id, expression) for every condition of every pattern, and each id's pattern number: a
    pattern can match in a piece only where every one of its conditions that compiled hits."""
    entries: list[tuple[int, bytes]] = []
    owners: list[int] = []
    for number, pattern in enumerate(patterns):
        for expression in conditions(pattern.pattern, pattern.flags) or ():
            entries.append((len(entries), expression.encode("utf-8")))
            owners.append(number)
    return entries, owners


def _module_hash() -> str:
    global _this_module_hash
    if _this_module_hash is None:
        try:
            _this_module_hash = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
        except OSError:  # no source file to read: a fresh key in every process, compiled anew
            _this_module_hash = repr(time.time_ns())
    return _this_module_hash


_this_module_hash: str | None = None
_BASE_FLAGS = 0  # set by _build: UTF-8, DOTALL, empty matches allowed, one report per pattern


def _compile(entries: list[tuple[int, bytes]]) -> tuple[list[int], Any] | None:
    """(ids, database) of the relaxations Hyperscan compiles; one it refuses is left out."""
    flags = [_BASE_FLAGS] * len(entries)
    try:
        return [number for number, _ in entries], _database_of(entries, flags)
    except hyperscan.error:
        pass
    # Find the ones Hyperscan refuses: try each alone, then in prefilter mode, else leave it out.
    kept: list[tuple[int, bytes]] = []
    flags = []
    for entry in entries:
        for extra in (0, hyperscan.HS_FLAG_PREFILTER):
            try:
                _database_of([entry], [_BASE_FLAGS | extra])
            except hyperscan.error:
                continue
            kept.append(entry)
            flags.append(_BASE_FLAGS | extra)
            break
    return ([number for number, _ in kept], _database_of(kept, flags)) if kept else None


def _database_of(entries: list[tuple[int, bytes]], flags: list[int]) -> Any:
    database = hyperscan.Database()
    database.compile(
        expressions=[expression for _, expression in entries],
        ids=[number for number, _ in entries],
        elements=len(entries),
        flags=flags,
    )
    return database


def _load(key: str, patterns: int) -> tuple[list[int], list[int], Any] | None:
    data = user_cache.read_bytes(f"gate-{key}.hsdb")  # None when missing or damaged
    if data is None:
        return None
    try:
        header, _, serialised = data.partition(b"\n")
        ids_text, owners_text = header.split(b"|")
        ids = [int(number) for number in ids_text.split(b",")] if ids_text else []
        owners = [int(number) for number in owners_text.split(b",")] if owners_text else []
        if any(not 0 <= number < len(owners) for number in ids) or any(not 0 <= n < patterns for n in owners):
            return None
        database = hyperscan.loadb(serialised, hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)  # a loaded database comes without one
        return ids, owners, database
    except Exception:  # missing, unreadable or from another build: compile again
        return None


def _store(key: str, ids: list[int], owners: list[int], database: Any) -> None:
    # Written atomically (two processes compiling at once each write a whole file), with a hash:
    # a damaged database that still loaded could rule out a pattern that matches.
    header = (",".join(map(str, ids)) + "|" + ",".join(map(str, owners))).encode("ascii")
    user_cache.write_bytes(f"gate-{key}.hsdb", header + b"\n" + hyperscan.dumpb(database))


def ruled_out(doc: Any) -> frozenset:
    """The registered patterns that cannot match in any line, block or sentence of `doc`."""
    return _scanned(doc)[0]


def ruled_out_by_block(doc: Any) -> tuple[frozenset, ...]:
    """For each of doc.blocks, in order: the registered patterns that cannot match in its text,
    its content, its sentences or any of the lines it spans."""
    return _scanned(doc)[1]


def _scanned(doc: Any) -> tuple[frozenset, tuple[frozenset, ...]]:
    global _last
    if _last is not None and _last[0]() is doc:
        return _last[1]
    result = _scan(doc)
    _last = (weakref.ref(doc), result)
    return result


def _scan(doc: Any) -> tuple[frozenset, tuple[frozenset, ...]]:
    global _documents_seen
    _documents_seen += 1
    nothing = (NOTHING, (NOTHING,) * len(doc.blocks))
    if not AVAILABLE or _documents_seen <= GATE_AFTER or not _patterns:
        return nothing
    first = getattr(doc, "first_line", 1)
    # A block's lines, stripped, its content and its sentences are all substrings of its text;
    # its lines are scanned too, whole, for any line of its span the text leaves out. Nearly
    # always the text is its lines (every block of the bench corpus, 93% of the devset's), so
    # they alone are scanned: half the bytes, and every unit is still a substring of the piece.
    pieces = [_piece(block.text, "\n".join(doc.lines[block.line - first:block.end_line - first + 1]))
              for block in doc.blocks]
    covered = {n for block in doc.blocks for n in range(block.line - first, block.end_line - first + 1)}
    pieces.append("\n".join(line for n, line in enumerate(doc.lines) if n not in covered))
    if not _gateable("\n".join(pieces)):
        return nothing
    if _built_for != _patterns:
        _build()
    if _database is None:
        return nothing
    gated, owner_of = _gated_set, _owner_of
    per_piece = []
    anywhere: set[Any] = set()
    for piece in pieces:
        hits: set[int] = set()
        _database.scan(piece.encode("utf-8"), match_event_handler=_on_match, context=hits)
        possible = {pattern for pattern, expressions in map(owner_of.__getitem__, hits) if expressions <= hits}
        anywhere |= possible
        per_piece.append(gated.difference(possible))
    return gated.difference(anywhere), tuple(per_piece[:-1])


def _piece(text: str, lines: str) -> str:
    """What is scanned for a block: its lines, and its text unless the lines hold it."""
    return lines if text in lines else text + "\n" + lines


def _gateable(text: str) -> bool:
    """Whether the relaxation argument covers this text (see the module's docstring)."""
    if _CONTROLS.search(text):
        return False
    if text.isascii():
        return True
    strange = set(_NON_ASCII_CHARS.findall(text))
    if strange & _CASE_SPECIALS or any(char.isdecimal() for char in strange):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: not UTF-8
        return False
    return True


def _on_match(number: int, start: int, end: int, flags: int, hits: set[int]) -> None:
    hits.add(number)
