"""Cheap tests that tell, before a regular expression runs, that it cannot match a text.

Rules run dozens of regexes over every block and sentence; most hold no digit and none
of a rule's words, and Python's regex engine still walks every position to find that
out. `Needs.of(regex)` reads the regex's syntax (re's own parser) for what any match must
contain — a digit, or one of a few literal strings ("newsletter", "sign up" or
"subscribe") — and `impossible(text)` checks that with str's `in`. The tests are
exact: they only ever skip a regex that could not have matched; where the syntax is
unfamiliar they know nothing and the regex runs.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

try:  # Python 3.11+
    from re import _constants as sre_constants, _parser as sre_parser
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse as sre_parser  # type: ignore[no-redef]

DIGIT = re.compile(r"\d")
_READ_FLAGS = int(re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE)  # an int: RegexFlag arithmetic is slow
# The only characters beyond ASCII that a case-insensitive regex matches to an ASCII
# letter (İ ı ſ and the Kelvin sign; tests/test_prefilter.py checks the whole of Unicode).
CASE_SPECIALS = frozenset("\u0130\u0131\u017f\u212a")
CASE_SPECIAL = re.compile("[" + "".join(sorted(CASE_SPECIALS)) + "]")


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
    try:
        return _sequence_needs_digit(items)
    except Exception:
        return False


def _sequence_needs_digit(items) -> bool:
    return any(_item_needs_digit(op, av) for op, av in items)


def _item_needs_digit(op, av) -> bool:
    c = sre_constants
    if op is c.LITERAL:
        return DIGIT.match(chr(av)) is not None
    if op is c.IN:
        return _set_is_digits(av)
    if op is c.SUBPATTERN:
        return _sequence_needs_digit(av[-1])
    if op is c.ATOMIC_GROUP:
        return _sequence_needs_digit(av)
    if op is c.ASSERT:  # a positive lookaround: the text must contain what it looks for
        return _sequence_needs_digit(av[1])
    if op is c.BRANCH:
        return all(_sequence_needs_digit(branch) for branch in av[1])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, item = av
        return low >= 1 and _sequence_needs_digit(item)
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


@dataclass(frozen=True)
class Needs:
    """What every text a regex matches in must contain."""

    digit: bool = False
    literals: tuple[str, ...] = ()  # one of these substrings (lower case when `folded`)
    folded: bool = False  # the literals are to be found in the lowered text
    # The regex can only match at the start (^ without MULTILINE): match() finds what search()
    # would, without the `regex` package trying every other position first.
    anchored: bool = False

    @classmethod
    def of(cls, regex: re.Pattern[str]) -> "Needs":
        # `regex` may be a pattern of the `regex` package (user patterns get a time limit):
        # read it with re's parser, which knows its syntax, and only the flags re shares.
        # The answer depends on nothing else: it is remembered (see `remembered`).
        global _computed
        key = (regex.pattern, int(regex.flags) & _READ_FLAGS)
        found = _memo.get(key)
        if found is None:
            found = _memo[key] = cls._of(*key)
            _computed += 1
        return found

    @classmethod
    def _of(cls, source: str, flags: int) -> "Needs":
        try:
            parsed = sre_parser.parse(source, flags & ~re.IGNORECASE)
        except Exception:  # a construct re does not know: nothing known
            return cls()
        if _anchored(parsed, flags):
            return cls(anchored=True)  # it fails at once where it does not start: no test is cheaper
        try:
            found = _required(parsed, bool(flags & re.IGNORECASE))
        except Exception:  # an unfamiliar construct: nothing known
            found = None
        literals, folded = found if found else (frozenset(), False)
        # Longest first: the rarest strings usually settle it.
        return cls(_needs_digit(parsed), tuple(sorted(literals, key=lambda t: (-len(t), t))), folded)

    def impossible(self, text: str, lowered: "str | None | bool" = False, has_digit: bool | None = None) -> bool:
        """True when the regex cannot match in `text`. Pass `lowered=folded(text)` and whether
        the text has a digit when testing one text against many regexes."""
        if self.digit and not (DIGIT.search(text) is not None if has_digit is None else has_digit):
            return True
        if not self.literals:
            return False
        if self.folded:
            text = folded(text) if lowered is False else lowered
            if text is None:
                return False
        # `in` is a C string search: a few of them cost less than one regex scan.
        for literal in self.literals:
            if literal in text:
                return False
        return True


# Needs.of's answers by (pattern, the flags it reads). Parsing the pack's ~300 regexes with
# re's parser was most of what loading the rule pack cost (~0.1 s of each run's start-up),
# so rules.load keeps them on disk between runs (user_cache): `remembered` gives them as
# JSON, `remember` takes them back. Only an answer for the very same pattern and flags is
# reused, and `fingerprint` (this module's code and Python's) names the file they go in.
_memo: dict[tuple[str, int], Needs] = {}
_computed = 0  # answers worked out (not remembered) in this process


def computed() -> int:
    """How many answers this process has worked out itself so far."""
    return _computed


def remembered() -> list[list]:
    """Every answer known in this process, as JSON-able rows, in a stable order."""
    return [[source, flags, needs.digit, list(needs.literals), needs.folded, needs.anchored]
            for (source, flags), needs in sorted(_memo.items(), key=lambda item: item[0])]


def remember(rows: object) -> bool:
    """Take back `remembered()` rows (read from a file); False, and nothing taken, if any row is
    not what `remembered` writes."""
    taken: dict[tuple[str, int], Needs] = {}
    if not isinstance(rows, list):
        return False
    for row in rows:
        if not (isinstance(row, list) and len(row) == 6):
            return False
        source, flags, digit, literals, folded, anchored = row
        if not (isinstance(source, str) and type(flags) is int and isinstance(literals, list)
                and all(isinstance(text, str) for text in literals)
                and all(isinstance(flag, bool) for flag in (digit, folded, anchored))):
            return False
        taken[(source, flags)] = Needs(digit, tuple(literals), folded, anchored)
    for key, needs in taken.items():
        _memo.setdefault(key, needs)
    return True


def fingerprint() -> str:
    """What the answers depend on besides the pattern: this module's code and re's parser (Python's version)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode("utf-8") + b"\0" + Path(__file__).read_bytes())
    return digest.hexdigest()


def first_characters(source: str, flags: int = 0) -> str:
    """A lookahead every match of the pattern passes: a class of the characters a match can start
    with, those the pattern matches case-insensitively in a (?i:) class of their own, so that `re`
    folds them as it folds the pattern ("" where a match may start anywhere or be empty, or the
    syntax is unfamiliar: no lookahead). Put after a leading word boundary or lookbehind, it lets
    `re` turn most positions away in C before it tries a long alternation there."""
    try:
        parsed = sre_parser.parse(source, flags & _READ_FLAGS)
        found = _firsts(parsed, bool((parsed.state.flags | flags) & re.IGNORECASE))
    except Exception:  # an unfamiliar construct: no lookahead, never a wrong answer
        return ""
    if found is None or found[2]:
        return ""
    exact, caseless, _ = found
    classes = [f"[{''.join(map(re.escape, sorted(chars)))}]" for chars in (exact,) if chars]
    classes += [f"(?i:[{''.join(map(re.escape, sorted(caseless)))}])"] if caseless else []
    return "(?=" + "|".join(classes) + ")"


Firsts = tuple[set[str], set[str], bool]  # first characters as they are, case-insensitive ones, whether it can match empty
_WIDEST_RANGE = 64  # a wider character range in a class is no use as a first character


def _firsts(items, caseless: bool) -> Firsts | None:
    exact: set[str] = set()
    folded: set[str] = set()
    for op, av in items:
        found = _item_firsts(op, av, caseless)
        if found is None:
            return None
        exact |= found[0]
        folded |= found[1]
        if not found[2]:
            return exact, folded, False
    return exact, folded, True


def _item_firsts(op, av, caseless: bool) -> Firsts | None:
    c = sre_constants
    if op is c.LITERAL or op is c.IN:
        chars = {chr(av)} if op is c.LITERAL else _class_chars(av)
        if chars is None:
            return None
        return (set(), chars, False) if caseless else (chars, set(), False)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero width: leaving its condition out only widens
        return set(), set(), True
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _firsts(sub, (caseless or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE)
    if op is c.ATOMIC_GROUP:
        return _firsts(av, caseless)
    if op is c.BRANCH:
        exact: set[str] = set()
        folded: set[str] = set()
        empty = False
        for branch in av[1]:
            found = _firsts(branch, caseless)
            if found is None:
                return None
            exact, folded, empty = exact | found[0], folded | found[1], empty or found[2]
        return exact, folded, empty
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        found = _firsts(sub, caseless)
        return None if found is None else (found[0], found[1], found[2] or low == 0)
    return None  # any character, a negated literal, a back-reference, a conditional...


def _class_chars(members) -> set[str] | None:
    """The characters of a class of literals and narrow ranges; None for a negated class or a category."""
    c = sre_constants
    chars: set[str] = set()
    for member, value in members:
        if member is c.LITERAL:
            chars.add(chr(value))
        elif member is c.RANGE and value[1] - value[0] < _WIDEST_RANGE:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return chars


def folded(text: str) -> str | None:
    """text.lower(), where that is exact for case-insensitive ASCII literals; else None."""
    if not text.isascii() and CASE_SPECIAL.search(text):
        return None
    return text.lower()


def _anchored(parsed, flags: int) -> bool:
    c = sre_constants
    return (
        len(parsed) > 0
        and parsed[0][0] is c.AT
        and (parsed[0][1] is c.AT_BEGINNING_STRING or parsed[0][1] is c.AT_BEGINNING and not flags & re.MULTILINE)
    )


Found = tuple[frozenset[str], bool]  # substrings, and whether they are lower case (to look for in lowered text)


def _required(items, folded: bool) -> Found | None:
    """Substrings one of which every match of the sequence contains, or None when unknown."""
    c = sre_constants
    best: Found | None = None
    run: list[str] = []

    def consider(found: Found | None) -> None:
        nonlocal best
        if found and found[0] and (best is None or min(map(len, found[0])) > min(map(len, best[0]))):
            best = found

    def end_run() -> None:
        if run:
            consider(_literal_set({"".join(run)}, folded))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        end_run()
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner = (folded or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            consider(_required(sub, inner))
        elif op is c.BRANCH:
            alternatives = [_required(branch, folded) for branch in av[1]]
            if all(alternatives):
                consider(_union(alternatives))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_required(av[2], folded))
        elif op is c.ATOMIC_GROUP:
            consider(_required(av, folded))
    end_run()
    return best


def _union(alternatives: list[Found]) -> Found | None:
    if all(folded == alternatives[0][1] for _, folded in alternatives):
        return frozenset().union(*(found for found, _ in alternatives)), alternatives[0][1]
    # Mixed: a case-sensitive ASCII string in the text is also in the lowered text.
    strings = [text for found, _ in alternatives for text in found]
    return (frozenset(text.lower() for text in strings), True) if all(t.isascii() for t in strings) else None


def _literal_set(strings: set[str], folded: bool) -> Found | None:
    if not folded:
        return frozenset(strings), False
    # Case-insensitive matching folds more than str.lower() outside ASCII: only ASCII literals.
    if not all(text.isascii() for text in strings):
        return None
    return frozenset(text.lower() for text in strings), True
