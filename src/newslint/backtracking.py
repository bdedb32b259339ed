"""Which regular-expression shapes can backtrack without end: read from the pattern, not timed.

A backtracking engine (re, `regex`) runs in exponential time when one text can be split
between the iterations of a repeat in many ways: a repeated group whose inner repeat can
also take what the group's next iteration starts with (`(a+)+`, `(\\w+\\s?)+`), a repeat
of an empty-matching group with a repeat inside (`(a*)*`), or a repeat of alternatives
that can match the same text (`(a|aa)+`, `(\\w|\\d)+`). `runaway_shape(source, flags)`
names such a shape, or returns None. It is a judgement of the pattern alone, so the answer
is the same on every machine and under any load; the rule loader refuses user patterns
it names (naming file and line), which keeps the wall-clock limit in `regexes` a last
resort. `slow_shape` names the milder, polynomial kind (`.*a.*b`: too much work per
character on a long text, not without end), for the advice given when a search runs out.

The judgement reads first and last characters through a small alphabet of probe
characters (a few of each class plus every literal of the pattern): two character sets
overlap when some probe is in both. It may miss a contrived runaway (the runtime limit
catches those) but names the textbook ones.
"""

from __future__ import annotations

import re
import re._constants as C  # noqa: N812 — the parser's opcodes
import re._parser as sre_parser
from typing import Any, Iterable

# A repeat of at least this many iterations is "unbounded" for backtracking purposes.
MANY = 10
_BASE_PROBES = "aAzZé ж0 9\t\n\u00a0.,;:!?-_'\"/()[]{}#@&*+=<>|$%~^`\\\u2019\u201c"
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
_GROUPS = (C.SUBPATTERN, C.ATOMIC_GROUP)
_LOOKS = (C.ASSERT, C.ASSERT_NOT)

Seq = list  # a parsed sequence: [(opcode, argument), ...]


def runaway_shape(source: str, flags: int = 0) -> str | None:
    """What in `source` can backtrack without end, in words; None when nothing can."""
    found = _analyse(source, flags)
    return found[0] if found else None


def advice(source: str, flags: int = 0) -> str:
    """What to do about a user pattern that ran out of time, fitted to its shape."""
    found = _analyse(source, flags)
    if found is None:
        return ("newslint cannot read its shape (syntax only the regex package knows): "
                "rewrite it without nested or overlapping repeats such as (a+)+")
    if found[1]:
        return ("two repeats in a row can take the same characters (as in .*a.*b), too much work "
                "on a long text: bound them ([^,]* or .{0,80} for .*) or anchor the pattern")
    return "it does too much work on this text: anchor it, bound its repeats, or split it into simpler patterns"


def slow_shape(source: str, flags: int = 0) -> bool:
    """True when two unbounded repeats in a row can take the same characters (`.*a.*b`):
    polynomial work per start position, slow on a long text but not without end."""
    found = _analyse(source, flags)
    return bool(found and found[1])


def _analyse(source: str, flags: int) -> tuple[str | None, bool] | None:
    re_flags = flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE)
    try:
        parsed = sre_parser.parse(source, re_flags)
    except Exception:  # syntax only the `regex` package knows: not judged (the runtime limit holds)
        return None
    probes = _probes(parsed, bool(re_flags & re.IGNORECASE))
    judge = _Judge(probes, bool(re_flags & re.IGNORECASE), bool(re_flags & re.DOTALL))
    try:
        return judge.runaway(list(parsed)), judge.polynomial(list(parsed))
    except RecursionError:
        return None


def _probes(parsed: Iterable, folded: bool) -> str:
    chars = set(_BASE_PROBES)
    for char in _literals(parsed):
        chars.add(char)
        if folded:
            chars.update((char.lower(), char.upper()))
    return "".join(sorted(chars))


def _literals(seq: Iterable) -> Iterable[str]:
    for op, av in seq:
        if op in (C.LITERAL, C.NOT_LITERAL):
            yield chr(av)
        elif op is C.RANGE:
            yield chr(av[0])
            yield chr(av[1])
        elif op is C.IN:
            yield from _literals(av)
        else:
            for sub in _children(op, av):
                yield from _literals(sub)


def _children(op: Any, av: Any) -> list[Seq]:
    """The sub-sequences inside one node."""
    if op in _REPEATS or op is C.POSSESSIVE_REPEAT:
        return [list(av[2])]
    if op is C.SUBPATTERN:
        return [list(av[3])]
    if op is C.ATOMIC_GROUP:
        return [list(av)]
    if op in _LOOKS:
        return [list(av[1])]
    if op is C.BRANCH:
        return [list(branch) for branch in av[1]]
    if op is C.GROUPREF_EXISTS:
        return [list(s) for s in av[1:] if s is not None]
    return []


class _Judge:
    def __init__(self, probes: str, folded: bool, dotall: bool) -> None:
        self.probes, self.folded, self.dotall = probes, folded, dotall

    # --- what one node can match ---------------------------------------------------------
    def chars(self, op: Any, av: Any) -> frozenset[str]:
        """The probes a one-character node matches."""
        if op is C.LITERAL:
            return self._fold({chr(av)})
        if op is C.NOT_LITERAL:
            return frozenset(self.probes) - self._fold({chr(av)})
        if op is C.ANY:
            return frozenset(p for p in self.probes if self.dotall or p != "\n")
        if op is C.IN:
            return self._in(av)
        return frozenset()

    def _fold(self, chars: set[str]) -> frozenset[str]:
        if self.folded:
            chars = chars | {c.lower() for c in chars} | {c.upper() for c in chars}
        return frozenset(chars)

    def _in(self, items: list) -> frozenset[str]:
        negate = bool(items) and items[0][0] is C.NEGATE
        hit: set[str] = set()
        for op, av in items[1:] if negate else items:
            if op is C.LITERAL:
                hit |= self._fold({chr(av)})
            elif op is C.RANGE:
                hit |= {p for p in self.probes if av[0] <= ord(p) <= av[1]
                        or (self.folded and (av[0] <= ord(p.lower()) <= av[1] or av[0] <= ord(p.upper()) <= av[1]))}
            elif op is C.CATEGORY:
                hit |= {p for p in self.probes if _in_category(p, av)}
        return frozenset(self.probes) - hit if negate else frozenset(hit)

    def nullable(self, seq: Seq) -> bool:
        return all(self._node_nullable(op, av) for op, av in seq)

    def _node_nullable(self, op: Any, av: Any) -> bool:
        if op in _REPEATS or op is C.POSSESSIVE_REPEAT:
            return av[0] == 0 or self.nullable(list(av[2]))
        if op is C.BRANCH:
            return any(self.nullable(list(b)) for b in av[1])
        if op in _GROUPS:
            return self.nullable(_children(op, av)[0])
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT, C.GROUPREF_EXISTS):
            return True
        return False  # a character, or a back-reference (taken as non-empty)

    def first(self, seq: Seq, reverse: bool = False) -> frozenset[str]:
        """The probes a match of `seq` can start with (end with, when `reverse`)."""
        found: set[str] = set()
        for op, av in reversed(seq) if reverse else seq:
            found |= self._node_first(op, av, reverse)
            if not self._node_nullable(op, av):
                break
        return frozenset(found)

    def _node_first(self, op: Any, av: Any, reverse: bool) -> frozenset[str]:
        if op in _REPEATS or op is C.POSSESSIVE_REPEAT:
            return self.first(list(av[2]), reverse)
        if op is C.BRANCH:
            return frozenset().union(*(self.first(list(b), reverse) for b in av[1]))
        if op in _GROUPS:
            return self.first(_children(op, av)[0], reverse)
        if op in (C.GROUPREF, C.GROUPREF_EXISTS):
            return frozenset(self.probes)
        return self.chars(op, av)

    # --- the exponential shapes ------------------------------------------------------------
    def runaway(self, seq: Seq) -> str | None:
        for op, av in seq:
            if op in _REPEATS and (av[1] == C.MAXREPEAT or av[1] >= MANY):
                body = list(av[2])
                why = self._ambiguous_body(body)
                if why:
                    return why
            for sub in _children(op, av):
                if op is C.POSSESSIVE_REPEAT or op is C.ATOMIC_GROUP:
                    continue  # possessive and atomic: they never give back, so never backtrack
                why = self.runaway(sub)
                if why:
                    return why
        return None

    def _ambiguous_body(self, body: Seq) -> str | None:
        inner = list(_inner_repeats(body))
        if inner and self.nullable(body):
            return "a repeated group that can match nothing has a repeat inside (as in (a*)*)"
        start, end = self.first(body), self.first(body, reverse=True)
        for node in _edge_repeats(body, self, tail=True):
            if self._repeat_chars(node) & start:
                return "a repeat inside a repeated group can also take what the group's next round begins with (as in (a+)+ or (\\w+\\s?)+)"
        for node in _edge_repeats(body, self, tail=False):
            if self._repeat_chars(node) & end:
                return "a repeat inside a repeated group can also take what the group's last round ended with (as in (a+)+ or (\\s?\\w+)+)"
        for branches in _top_branches(body):
            for i, one in enumerate(branches):
                for other in branches[i + 1:]:
                    if (self.first(one) & self.first(other)) and (self.first(one, True) & self.first(other, True)):
                        return "two alternatives of a repeated group can match the same text (as in (a|aa)+ or (\\w|\\d)+)"
        return None

    def _repeat_chars(self, node: tuple) -> frozenset[str]:
        op, av = node
        bodies = [list(b) for b in av[1]] if op is C.BRANCH else [list(av[2])]
        return frozenset().union(*(self.first(b) | self.first(b, reverse=True) for b in bodies))

    # --- the polynomial shape -------------------------------------------------------------
    def polynomial(self, seq: Seq) -> bool:
        previous: frozenset[str] | None = None
        for op, av in seq:
            if op in _REPEATS and av[1] == C.MAXREPEAT:
                chars = self._repeat_chars((op, av))
                if previous is not None and previous & chars:
                    return True
                previous = chars
            elif not self._node_nullable(op, av):
                previous = None if op not in (C.LITERAL, C.IN, C.ANY, C.NOT_LITERAL) or previous is None else (
                    previous if self.chars(op, av) <= previous else None)
            for sub in _children(op, av):
                if self.polynomial(sub):
                    return True
        return False


def _in_category(probe: str, category: Any) -> bool:
    name = str(category)
    negated = "_NOT_" in name
    if "DIGIT" in name:
        hit = probe.isdigit() if "UNI" in name else probe in "0123456789"
    elif "SPACE" in name:
        hit = probe.isspace() if "UNI" in name else probe in " \t\n\r\f\v"
    elif "WORD" in name:
        hit = (probe.isalnum() or probe == "_") if "UNI" in name or "LOC" not in name else probe.isalnum()
    elif "LINEBREAK" in name:
        hit = probe == "\n"
    else:
        hit = False
    return hit != negated


def _inner_repeats(seq: Seq) -> Iterable[tuple]:
    for op, av in seq:
        if op in _REPEATS and (av[1] == C.MAXREPEAT or av[1] >= MANY):
            yield (op, av)
        if op is C.POSSESSIVE_REPEAT or op is C.ATOMIC_GROUP or op in _LOOKS:
            continue
        for sub in _children(op, av):
            yield from _inner_repeats(sub)


def _edge_repeats(seq: Seq, judge: _Judge, tail: bool) -> Iterable[tuple]:
    """The parts of variable length (a repeat of lo < hi, alternatives one of which can be
    empty) that can end (tail) or start (head) a match of `seq`: where one round ends
    and the next begins can move between them."""
    for op, av in reversed(seq) if tail else seq:
        if op in _REPEATS and av[0] < av[1]:
            yield (op, av)
        elif op is C.BRANCH and any(judge.nullable(list(b)) for b in av[1]):
            yield (op, av)
        if op in _REPEATS or op in _GROUPS or op is C.BRANCH:
            if op is not C.ATOMIC_GROUP:
                for sub in _children(op, av):
                    yield from _edge_repeats(sub, judge, tail)
        if not judge._node_nullable(op, av):
            return


def _top_branches(body: Seq) -> Iterable[list[Seq]]:
    """The alternatives the repeated body chooses between on each round."""
    nodes = body
    while len(nodes) == 1 and nodes[0][0] is C.SUBPATTERN:
        nodes = list(nodes[0][1][3])
    if len(nodes) == 1 and nodes[0][0] is C.BRANCH:
        yield [list(b) for b in nodes[0][1][1]]
    elif len(nodes) == 1 and nodes[0][0] is C.IN:
        return
