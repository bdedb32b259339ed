"""A `pattern` rule's literal phrase list: an Aho–Corasick automaton picks the phrases a text
can hold, and only those run, as the one regex the list always meant.

The list means one `re` alternation, longest phrase first, each phrase escaped and its
spaces matching any run of whitespace: `(?<!\\w)(?:...)(?!\\w)`, or `^[\\W_]*(?:...)[\\W_]*$`
for a whole unit. Compiling that alternation costs time and memory far beyond its size
(~45-70 s for a 1 MB list, docs/hostile-input-sizes.md), and it was compiled on every run.

A short list (DIRECT_MAX phrases) still runs as that alternation, compiled on first use. In
a longer one every phrase is keyed by its longest piece without a space (only spaces stretch): any
text the phrase matches holds that piece. `pyahocorasick` finds every key a text holds in
one pass; the phrases whose key occurs are the *candidates*, and the alternation of the
candidates alone, in the list's order, is what runs (compiled once per set of candidates,
kept). A phrase that is not a candidate cannot match, so the candidates' alternation finds
exactly the match the whole one finds: the same start, the same phrase, the same span.

Case-insensitive lists are keyed in lower case and looked for in the text lowered, after
the four letters beyond ASCII that `re` matches to an ASCII letter (İ ı ſ and the Kelvin
sign, see prefilter.CASE_SPECIALS) are read as that letter. A piece that is not ASCII is
not a key in such a list (`re`'s case folding is not str.lower() there); a phrase with no
usable piece is a candidate in every text. Building the automaton is linear in the list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import ahocorasick

from newslint import re_code

# A list of at most this many phrases runs as its whole alternation, compiled on first use:
# compiling it costs little, and one anchored re call beats the automaton's pass over a line
# (~0.4 µs against ~5 µs a line for the pack's lists of 5-32 phrases).
DIRECT_MAX = 1000
# re matches these to an ASCII letter under IGNORECASE (their simple case mapping): read as it.
_FOLD_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def source(phrases: tuple[str, ...] | list[str], whole: bool) -> str:
    """The one regex a list of phrases (in the order they are tried) means."""
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return rf"^[\W_]*(?:{alternatives})[\W_]*$" if whole else rf"(?<!\w)(?:{alternatives})(?!\w)"


def _key(phrase: str, caseless: bool) -> str | None:
    """The longest space-free piece of `phrase` that any text it matches holds, or None."""
    pieces = [piece for piece in phrase.split(" ") if piece and (not caseless or piece.isascii())]
    if not pieces:
        return None
    longest = max(pieces, key=len)
    return longest.lower() if caseless else longest


class PhraseList:
    """The phrases of one rule, searched like re.compile(source(ordered, whole), flags)."""

    def __init__(self, phrases: tuple[str, ...], whole: bool, flags: int, direct_max: int = DIRECT_MAX) -> None:
        self.phrases = phrases
        self.direct_max = direct_max
        self.whole_regex: re.Pattern[str] | None = None  # a short list's alternation, once compiled
        self.whole = whole
        self.given = flags
        # Longest first, ties in the order given: the order the alternation tries them.
        self.ordered = tuple(sorted(phrases, key=len, reverse=True))
        self.caseless = bool(flags & re.IGNORECASE)
        self.pattern = source(self.ordered, whole)
        self.flags = flags | re.UNICODE  # what re.compile(self.pattern, flags).flags is
        self.direct = len(phrases) <= direct_max
        self.always = frozenset()
        self.automaton: Any = None
        if self.direct:
            return
        keyed: dict[str, list[int]] = {}
        always: list[int] = []
        for number, phrase in enumerate(self.ordered):
            key = _key(phrase, self.caseless)
            (always if key is None else keyed.setdefault(key, [])).append(number)
        self.always = frozenset(always)
        if keyed:
            self.automaton = ahocorasick.Automaton()
            for key, numbers in keyed.items():
                self.automaton.add_word(key, tuple(numbers))
            self.automaton.make_automaton()

    def candidates(self, text: str) -> tuple[int, ...]:
        """The numbers (in self.ordered) of the phrases that may match in `text`, in order."""
        if self.direct:
            return tuple(range(len(self.ordered)))
        found = set(self.always)
        if self.automaton is not None:
            haystack = text.translate(_FOLD_TO_ASCII).lower() if self.caseless else text
            for _end, numbers in self.automaton.iter(haystack):
                found.update(numbers)
        return tuple(sorted(found))

    def search(self, text: str) -> re.Match[str] | None:
        if self.direct:
            if self.whole_regex is None:  # from code remembered between runs (re_code)
                self.whole_regex = re_code.compiled(self.pattern, self.given)
            return self.whole_regex.search(text)
        numbers = self.candidates(text)
        if not numbers:
            return None
        return _regex(self, numbers).search(text)

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...], bool, int, int]]:
        # A worker process builds its own automaton (linear), rather than unpickling one.
        return PhraseList, (self.phrases, self.whole, self.given, self.direct_max)

    def __repr__(self) -> str:
        return f"PhraseList({len(self.phrases)} phrases, whole={self.whole}, flags={self.given})"


@lru_cache(maxsize=4096)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _regex(phrases: PhraseList, numbers: tuple[int, ...]) -> re.Pattern[str]:
    """The alternation of the candidates alone (the whole list's regex when they all are)."""
    return _compiled(source([phrases.ordered[n] for n in numbers], phrases.whole), phrases.given)
