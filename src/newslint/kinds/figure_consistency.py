"""`figure-consistency`: articles on one story that give the same quantity differently.

Each sentence's figures are found as `numeric-claim` finds them (its `figures`,
`number_words`, `scale_words`, `superlatives`, `ordinal_words`, `determiners`, `event_nouns`,
`not_claims` and `skip_sentences`, given here too; the default pack shares them by YAML
anchors, and then the two rules search each sentence once), after the hedge words in front of a figure are blanked out,
so that "more than two dozen", which `numeric-claim` calls a vague magnitude, is a figure here.
Each figure becomes an interval by its hedge: `around_words` ("approximately 20") widen it by
`around_width` either side, `below_words` ("nearly 100") give [x·(1 − below_width), x),
`above_words` ("more than two dozen") (x, ∞), `at_least_words` [x, ∞), `under_words`
("fewer than") [0, x), `at_most_words` ("up to") [0, x], and a bare figure is x ± `plain_width`.
Its unit is the currency or percent sign or word it carries, else a count; ranges, scores and
ordinals are not compared.

What a figure counts is the noun phrase right after it ("20 other foreign heads of state",
"27 million Soviet lives", "5% of the vote"): the `synonyms` table first rewrites alternative
wordings to one ("leaders: heads of state and government, heads of state"), then the phrase
runs over at most `thing_words` words, past leading `lead_words` ("other", "of", "the"), up to
punctuation, a `boundary_words` function word or a participle ("invited", "including"), and
ends with its first plural (a word in -s, or one of `plural_nouns`: "people", "children"),
taken as the head noun ("foreign leaders" of "foreign leaders gave weight").
Two figures count the same thing when their phrases have the same content words (light stems,
newslint.topic.stem); a phrase of one `generic_things` word ("people", "years") must also share
the first content word after it ("people killed" is not "people injured"). A figure with no
phrase after it is not compared.

Stories: documents are compared only when their sets of names (capitalised words inside
sentences of prose blocks of at least `prose_words` words) have an estimated Jaccard
similarity of at least `story_threshold` (MinHash, sketch.similar_pairs), each holding at
least `story_min_names` names; pairs are not chained, so two stories never meet through a
third. Near-copies of one article (prose Jaccard of word 3-grams at least `source_threshold`,
as `near-duplicate-doc` measures it) are one source and are not compared with each other.

A finding sits on each figure of a later document (in path order) whose interval overlaps no
interval of an earlier document's figure of the same unit and thing, and names the earliest
such figure in `related`. Placeholders: `{figure}` and `{other_figure}` (hedge, figure and
phrase as written), `{related_path}`, `{related_name}` (its file name) and `{related_line}`. Documents are summarised (their figures and two signatures) on every
core and cached; the corpus pass reads only the summaries.

Example:
    - id: inconsistent-figure
      kind: figure-consistency
      category: other
      severity: warning
      message: '"{figure}" here, "{other_figure}" in {related_name} at line {related_line}'
      number_words: [three, four, five, ten, twenty]
      scale_words: [dozen, hundred, thousand, million]
      figures: ['\\d[\\d,.]*']
      around_words: [approximately, about, some]
      above_words: [more than, over]
      synonyms: ["leaders: heads of state"]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from newslint import layout, lazy_import, prefilter, regexes, sketch, topic
from newslint.document import Document
from newslint.errors import ParamError
from newslint.findings import Finding, Related
from newslint.kinds import numeric_claim
from newslint.findings import excerpt_of
from newslint.regexes import lazy_re  # module patterns compile on first use, from remembered code (re_code)

np = lazy_import.module("numpy")  # imported on first use: see lazy_import
SCOPE = "corpus"
PLACEHOLDERS = frozenset({"figure", "other_figure", "related_path", "related_name", "related_line"})
INFINITY = math.inf
# The values of English number words; which of them count as figures is `number_words`' choice.
NUMBER_VALUES = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
CURRENCY_SIGNS = {"$": "$", "€": "€", "£": "£", "¥": "¥", "₹": "₹"}
CURRENCY_WORDS = {"dollars": "$", "euro": "€", "euros": "€", "pounds": "£", "rubles": "₽", "roubles": "₽",
                  "yuan": "¥", "yen": "¥", "rupees": "₹"}
PERCENT = lazy_re(r"%|\bper\s?cent\b|\bpercent\b", re.IGNORECASE)
POINTS = lazy_re(r"\bpercentage points?\b", re.IGNORECASE)
DIGITS = lazy_re(r"\d+(?:[.,]\d+)*")
NOT_COMPARED = lazy_re(r"\d(?:st|nd|rd|th)\b|\d\s*[-–]\s*\d", re.IGNORECASE)  # ordinals, scores, ranges
# A name: a capitalised word inside a sentence (not its first word), possessive cut. The capital
# is matched before the lookbehind that reads the two characters ahead of it, so that `re` skips
# to the next capital in C instead of trying the lookbehind at every position (same matches).
NAME = lazy_re(r"[A-Z](?<=[\w,;:’'\"”)] [A-Z])[a-z]+(?:-[A-Za-z]+)?")
PHRASE_END = lazy_re(r"[,.;:!?()\[\]“”\"—–]")
WORD = lazy_re(r"[^\W\d_][\w’'-]*")
QUOTE_WORDS = 6  # a quoted figure longer than this keeps its first two and last three words
MIN_WORDS = 4  # blocks shorter than this are headings and labels
MAX_CLAIMS = 10_000  # per document: a huge file's windows add figures up to this many


@dataclass(frozen=True)
class Params:
    """A figure-consistency rule's parameters (the module's docstring explains them)."""
    # Figure recognition: numeric-claim's parameters of the same names.
    figures: tuple[str, ...] = ()
    number_words: tuple[str, ...] = ()
    scale_words: tuple[str, ...] = ()
    superlatives: tuple[str, ...] = ()
    ordinal_words: tuple[str, ...] = ()
    determiners: tuple[str, ...] = ()
    event_nouns: tuple[str, ...] = ()
    not_claims: tuple[str, ...] = ()
    skip_sentences: tuple[str, ...] = ()
    # Hedges, matched case-insensitively right before a figure, and their widths (shares of it).
    around_words: tuple[str, ...] = ()
    around_width: float = 0.1
    below_words: tuple[str, ...] = ()
    below_width: float = 0.1
    above_words: tuple[str, ...] = ()
    at_least_words: tuple[str, ...] = ()
    under_words: tuple[str, ...] = ()
    at_most_words: tuple[str, ...] = ()
    plain_width: float = 0.02
    # The counted thing.
    synonyms: tuple[str, ...] = ()  # "canonical: alternative, alternative"
    lead_words: tuple[str, ...] = ()
    boundary_words: tuple[str, ...] = ()
    generic_things: tuple[str, ...] = ()
    # Plurals that do not end in -s: like "leaders", they end the phrase (its head noun).
    plural_nouns: tuple[str, ...] = ()
    thing_words: int = 4
    # Stories and sources.
    story_threshold: float = 0.15
    story_min_names: int = 5
    prose_words: int = 12
    source_threshold: float = 0.5
    source_shingle: int = 3
    source_min_block_words: int = 8
    compiled: "_Compiled" = field(init=False, default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for key in ("around_width", "below_width", "plain_width"):
            if not 0.0 <= getattr(self, key) < 1.0:
                raise ParamError(key, f"'{key}' must be a share in [0, 1)")
        if self.thing_words < 1:
            raise ParamError("thing_words", "'thing_words' must be at least 1")
        if self.story_min_names < 1:
            raise ParamError("story_min_names", "'story_min_names' must be at least 1")
        sketch.check_params("story_threshold", self.story_threshold)
        sketch.check_params("source_threshold", self.source_threshold, "source_shingle", self.source_shingle)
        object.__setattr__(self, "compiled", _compile(self))


@dataclass(frozen=True)
class _Compiled:
    """A rule's figure recognition, hedges and word alternatives, compiled once when it loads."""
    recognition: numeric_claim.Params
    hedge: re.Pattern[str] | None  # any hedge, group `hedge`, right before a figure's first character
    hedge_kind: dict[str, str]  # lower-cased, single-spaced hedge -> its kind
    # (alternative words, canonical words) by the alternative's first word, longest first: a word
    # tries only the alternatives that start with it.
    synonyms_at: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
    lead: frozenset[str]
    boundary: frozenset[str]
    generic: frozenset[str]
    plurals: frozenset[str]
    scales: tuple[str, ...]  # lower-cased scale words


HEDGE_KINDS = ("around", "below", "above", "at_least", "under", "at_most")


def _compile(params: Params) -> _Compiled:
    # numeric-claim checks and compiles them, and its ParamErrors name the same keys.
    recognition = numeric_claim.Params(
        figures=params.figures,
        number_words=params.number_words,
        scale_words=params.scale_words,
        superlatives=params.superlatives,
        ordinal_words=params.ordinal_words,
        determiners=params.determiners,
        event_nouns=params.event_nouns,
        not_claims=params.not_claims,
        skip_sentences=params.skip_sentences,
    )
    hedge_kind: dict[str, str] = {}
    for kind in HEDGE_KINDS:
        for phrase in getattr(params, f"{kind}_words"):
            hedge_kind[" ".join(phrase.lower().split())] = kind
    hedge = None
    if hedge_kind:
        phrases = "|".join(numeric_claim._phrase(p) for p in sorted(hedge_kind, key=len, reverse=True))
        # Only a hedge right before a figure is blanked: other sentences stay as numeric-claim saw them.
        spelled = numeric_claim._alternatives(("a", "an", "one", "two", "half") + params.number_words + params.scale_words)
        # Tried at every word boundary of every sentence with a figure: the class of the phrases'
        # first characters turns most boundaries away before the alternation (half the time).
        body = rf"(?P<hedge>{phrases})\s+(?=(?:US|A|C|HK)?[$€£¥₹\d]|(?:{spelled})\b)"
        hedge = regexes.lazy_re(rf"(?i)\b{prefilter.first_characters(body, re.IGNORECASE)}{body}")
    synonyms = []
    for entry in params.synonyms:
        canonical, colon, alternatives = entry.partition(":")
        if not colon or not canonical.strip() or not alternatives.strip():
            raise ParamError("synonyms", f"synonym entry {entry!r} must read 'word: alternative, alternative'")
        target = tuple(sketch.words(canonical))
        for alternative in alternatives.split(","):
            words = tuple(sketch.words(alternative))
            if words:
                synonyms.append((words, target))
    synonyms.sort(key=lambda pair: -len(pair[0]))
    synonyms_at: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for pair in synonyms:
        synonyms_at.setdefault(pair[0][0], []).append(pair)
    return _Compiled(
        recognition=recognition,
        hedge=hedge,
        hedge_kind=hedge_kind,
        synonyms_at={first: tuple(pairs) for first, pairs in synonyms_at.items()},
        lead=frozenset(w.lower() for w in params.lead_words),
        boundary=frozenset(w.lower() for w in params.boundary_words),
        generic=frozenset(topic.stem(w.lower()) for w in params.generic_things),
        plurals=frozenset(w.lower() for w in params.plural_nouns),
        scales=tuple(w.lower() for w in params.scale_words),
    )


@dataclass(frozen=True)
class Interval:
    """The values a stated figure allows, from low to high, each end open or closed."""
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def overlaps(self, other: "Interval") -> bool:
        # The larger low bound against the smaller high bound; a shared end point counts when both include it.
        if self.low > other.low or (self.low == other.low and self.low_open):
            low, low_open = self.low, self.low_open
        else:
            low, low_open = other.low, other.low_open
        if self.high < other.high or (self.high == other.high and self.high_open):
            high, high_open = self.high, self.high_open
        else:
            high, high_open = other.high, other.high_open
        return low < high or (low == high and not low_open and not high_open)


def interval(value: float, hedge: str | None, params: Params) -> Interval:
    """The interval a figure states, by the kind of its hedge (None: a bare figure)."""
    if hedge == "around":
        return Interval(value * (1 - params.around_width), value * (1 + params.around_width))
    if hedge == "below":
        return Interval(value * (1 - params.below_width), value, high_open=True)
    if hedge == "above":
        return Interval(value, INFINITY, low_open=True)
    if hedge == "at_least":
        return Interval(value, INFINITY)
    if hedge == "under":
        return Interval(0.0, value, high_open=True)
    if hedge == "at_most":
        return Interval(0.0, value)
    return Interval(value * (1 - params.plain_width), value * (1 + params.plain_width))


@dataclass(frozen=True)
class Claim:
    """One figure of one sentence, as the corpus pass compares and reports it."""

    line: int
    end_line: int
    column: int
    unit: str  # "count", "percent", "points", or a currency sign
    thing: tuple[str, ...]  # sorted content stems of what is counted
    context: str  # the first content stem after the phrase ("" when none)
    interval: Interval
    quote: str  # hedge, figure and phrase as written
    sentence: str  # its excerpt (rules.excerpt_of), for the finding


@dataclass(frozen=True)
class Summary:
    """What the corpus stage needs of one document: its claims and the names in its prose."""
    path: str
    claims: tuple[Claim, ...]
    # None, all three, for a whole document with no claims: it is in no comparison (check_corpus'
    # `usable`), and at 100,000 documents of which few state a figure the arrays were ~130 MB.
    names: np.ndarray | None  # sorted distinct hashes (sketch.token_hashes) of the names in the prose
    story: np.ndarray | None  # their MinHash
    source: np.ndarray | None  # MinHash of the prose's word shingles (near-copies)


def summarize(doc: Document, rule) -> Summary:
    params: Params = rule.params
    claims: list[Claim] = []
    # Sentences of prose, not headlines and furniture (numeric-claim's candidates, whose answers it shares).
    blocks = [block for block in doc.blocks if block.role in ("paragraph", "bullet")
              and block.word_count >= MIN_WORDS and layout.ends_sentence(block.content)]
    names = {name.lower() for block in blocks if layout.is_prose(block, params.prose_words)
             for name in NAME.findall(block.content)}
    hashes = _distinct(sketch.token_hashes(sorted(names)))
    # A document with too few names is in no story, so its figures would never be compared: they
    # are not looked for (most of the rule's cost). A window of a huge file cannot know that yet.
    if len(hashes) < params.story_min_names and doc.whole is None:
        blocks = []
    for block in blocks:
        for sentence in block.sentences:
            for found in sentence_claims(sentence.text, params):
                offset, end, unit, thing, context, value_interval, quote = found
                line, column = block.locate(block.content_offset + sentence.start + offset)
                end_line, _ = block.locate(block.content_offset + sentence.start + max(offset, end - 1))
                claims.append(Claim(line, end_line, column, unit, thing, context, value_interval, quote, excerpt_of(sentence.text)))
    if not claims and doc.whole is None:
        return Summary(doc.path, (), None, None, None)
    source = sketch.document_signature(doc, params.source_shingle, params.source_min_block_words)
    return Summary(doc.path, tuple(claims), hashes, sketch.signatures([hashes])[0], source)


def merge(parts: Sequence[Summary], rule) -> Summary:
    """The summary of a huge file from those of its windows (windows.py), in order: the same as
    the whole file's (the MinHash of a union is the element-wise minimum of the parts')."""
    names = _distinct(np.concatenate([part.names for part in parts]))
    # As summarize does for the whole file: with too few names, no figures.
    enough = len(names) >= rule.params.story_min_names
    return Summary(
        parts[0].path,
        tuple(claim for part in parts for claim in part.claims)[:MAX_CLAIMS] if enough else (),
        names,
        np.minimum.reduce([part.story for part in parts]),
        np.minimum.reduce([part.source for part in parts]),
    )


def _distinct(hashes: np.ndarray) -> np.ndarray:
    # Sorted distinct values; np.unique would import numpy.ma (0.2 s) in every worker process.
    return np.array(sorted(set(hashes.tolist())), dtype=np.uint32)


def sentence_claims(text: str, params: Params) -> list[tuple[int, int, str, tuple[str, ...], str, Interval, str]]:
    """(start, end, unit, thing, context, interval, quote) of each comparable figure of a sentence."""
    compiled = params.compiled
    hedges: dict[int, tuple[int, str]] = {}  # figure start -> (hedge start, hedge kind)
    blanked = text
    # numeric-claim drops spelled approximations ("more than two dozen") as vague: where a scale
    # word occurs, hedges are blanked before figures are looked for. Elsewhere the sentence is
    # searched as numeric-claim searched it (its answer is shared), and hedges are read afterwards.
    lowered = text.lower()
    if compiled.hedge is not None and any(word in lowered for word in compiled.scales):
        pieces, last = [], 0
        for match in compiled.hedge.finditer(text):
            pieces.append(text[last : match.start()])
            pieces.append(" " * (match.end() - match.start()))
            last = match.end()
        if pieces:
            blanked = "".join(pieces) + text[last:]
    figures = numeric_claim.find_figures(blanked, compiled.recognition)
    if figures and compiled.hedge is not None:
        for match in compiled.hedge.finditer(text):
            hedges[match.end()] = (match.start(), compiled.hedge_kind[" ".join(match.group("hedge").lower().split())])
    found = []
    for figure in figures:
        if NOT_COMPARED.search(figure.text):
            continue
        parsed = parse_figure(figure.text)
        if parsed is None:
            continue
        value, unit = parsed
        start = figure.start + (len(blanked[figure.start : figure.end]) - len(blanked[figure.start : figure.end].lstrip()))
        rest = text[figure.end :]
        if unit == "count" and _percent_after(rest):
            continue  # "20 per cent" written apart from a recognised figure: not a count
        phrase_end, thing, context = counted_thing(rest, params)
        if not thing:
            continue
        hedge_start, hedge = hedges.get(start, (start, None))
        end = figure.end + phrase_end
        found.append((hedge_start, end, unit, thing, context, interval(value, hedge, params), _quote(text[hedge_start:end])))
    return found


def _percent_after(rest: str) -> bool:
    return bool(re.match(r"\s*(?:%|per\s?cent\b|percent\b)", rest, re.IGNORECASE))


def parse_figure(text: str) -> tuple[float, str] | None:
    """(value, unit) of a figure's text: "$244.8 billion" -> (2.448e11, "$"), "two dozen" -> (24, "count")."""
    unit = "count"
    lowered = text.lower()
    sign = next((CURRENCY_SIGNS[c] for c in text if c in CURRENCY_SIGNS), None)
    if sign:
        unit = sign
    elif POINTS.search(text):
        unit = "points"
    elif PERCENT.search(text):
        unit = "percent"
    else:
        word = next((CURRENCY_WORDS[w] for w in re.findall(r"[a-z]+", lowered) if w in CURRENCY_WORDS), None)
        if word:
            unit = word
    digits = DIGITS.search(text)
    if digits:
        value = _number(digits.group())
        if value is None:
            return None
        scale = re.match(r"\s*([a-z]+)\b", lowered[digits.end() :])
        if scale and scale.group(1) in SCALES:
            value *= SCALES[scale.group(1)]
        return value, unit
    value = _spelled(re.findall(r"[a-z]+", lowered))
    return None if value is None else (value, unit)


def _number(digits: str) -> float | None:
    """"15,522" -> 15522, "244.8" -> 244.8, "1.234.567" -> 1234567; other mixtures are not read."""
    if "," in digits and "." in digits:
        if digits.rfind(".") < digits.rfind(","):
            return None
        digits = digits.replace(",", "")
    elif "," in digits:
        groups = digits.split(",")
        if not all(len(g) == 3 for g in groups[1:]):
            return None
        digits = "".join(groups)
    elif digits.count(".") > 1:
        groups = digits.split(".")
        if not all(len(g) == 3 for g in groups[1:]):
            return None
        digits = "".join(groups)
    try:
        return float(digits)
    except ValueError:
        return None


def _spelled(words: list[str]) -> float | None:
    """The value of spelled numbers: "two dozen" 24, "a hundred" 100, "twenty five" 25, "half a million" 5e5."""
    if not words:
        return None
    if words[0] in SCALES and words[0] not in ("k", "m"):
        return None  # "dozen" of "several dozen": a scale with no count is no figure
    total, current, seen = 0.0, 0.0, False
    if words[0] == "half":
        current, words = 0.5, [w for w in words[1:] if w not in ("a", "an")]
        seen = True
    for word in words:
        if word in NUMBER_VALUES:
            current += NUMBER_VALUES[word]
        elif word in ("dozen", "hundred"):
            current = (current or 1) * SCALES[word]
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def counted_thing(rest: str, params: Params) -> tuple[int, tuple[str, ...], str]:
    """(length of the phrase in `rest`, its sorted content stems, the first content stem after it)."""
    compiled = params.compiled
    stop = PHRASE_END.search(rest)
    clause = rest[: stop.start()] if stop else rest
    # The phrase and its context are the first few words: the clause is tokenised only as far as
    # they are read (a third of its words, on real-word news).
    rewritten = _rewritten(_words(clause), compiled.synonyms_at)
    current = next(rewritten, None)
    position = 0
    while current is not None and current[0] in compiled.lead and position < 3:
        position += 1
        current = next(rewritten, None)
    thing: list[str] = []
    end = 0
    while current is not None and len(thing) < params.thing_words:
        word, span = current
        if word in compiled.boundary or (thing and _participle(word)):
            break
        thing.append(topic.stem(word))
        end = span[1]
        current = next(rewritten, None)
        if _plural(word, compiled):
            break  # the head noun of the phrase: "foreign leaders" of "foreign leaders gave weight"
    context = ""
    while current is not None:
        word = current[0]
        if word not in compiled.boundary and word not in compiled.lead:
            context = topic.stem(word)
            break
        current = next(rewritten, None)
    return end, tuple(sorted(set(thing))), context


def _words(clause: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """The clause's words, lower-cased, possessive cut, each with its characters, as they are read."""
    for match in WORD.finditer(clause):
        word = match.group().lower().replace("’", "'")
        yield (word[:-2] if word.endswith("'s") else word), match.span()


def _rewritten(
    words: Iterator[tuple[str, tuple[int, int]]],
    synonyms_at: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]],
) -> Iterator[tuple[str, tuple[int, int]]]:
    """The words, synonyms rewritten to their canonical words left to right, each with its characters
    (a rewritten run's, for each canonical word). Only the alternatives that start with a word are tried
    there, longest first, as in the whole table: the first that matches is the table's first match.
    Words are read from `words` only as far as an alternative needs to look ahead."""
    ahead: list[tuple[str, tuple[int, int]]] = []  # read, not yet given
    while ahead or _read(words, ahead, 1):
        for alternative, canonical in synonyms_at.get(ahead[0][0], ()):
            length = len(alternative)
            if _read(words, ahead, length) and tuple(word for word, _ in ahead[:length]) == alternative:
                span = (ahead[0][1][0], ahead[length - 1][1][1])
                for word in canonical:
                    yield word, span
                del ahead[:length]
                break
        else:
            yield ahead.pop(0)


def _read(words: Iterator[tuple[str, tuple[int, int]]], ahead: list, length: int) -> bool:
    """Read from `words` until `ahead` holds `length` of them; False if the clause ends first."""
    while len(ahead) < length:
        word = next(words, None)
        if word is None:
            return False
        ahead.append(word)
    return True


def _plural(word: str, compiled: _Compiled) -> bool:
    if word in compiled.plurals:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "'s"))


def _participle(word: str) -> bool:
    return len(word) > 4 and (word.endswith("ed") or word.endswith("ing"))


def _quote(text: str) -> str:
    words = text.split()
    if len(words) <= QUOTE_WORDS:
        return " ".join(words)
    return " ".join(words[:2] + ["…"] + words[-3:])


def same_thing(a: Claim, b: Claim, params: Params) -> bool:
    if a.unit != b.unit or a.thing != b.thing:
        return False
    if len(a.thing) == 1 and a.thing[0] in params.compiled.generic:
        return bool(a.context) and a.context == b.context
    return True


def check_corpus(summaries: Sequence[Summary], rule) -> Iterator[Finding]:
    params: Params = rule.params
    ordered = sorted(summaries, key=lambda s: s.path)
    usable = [bool(s.claims) and len(s.names) >= params.story_min_names for s in ordered]
    if sum(usable) < 2:
        return
    # Pairs stay numpy arrays: when one story's names are in nearly every document, nearly
    # every pair is a story pair (see sketch.similar_pair_arrays).
    first, second, _ = sketch.similar_pair_arrays(_rows([s.story for s in ordered]), params.story_threshold, usable)
    if not len(first):
        return
    source = np.array(_sources(ordered, usable, params))
    apart = source[first] != source[second]  # near-copies of one article are one source
    first, second = first[apart], second[apart]
    order = np.lexsort((first, second))  # each later document, then its earlier ones in order
    first, second = first[order], second[order]
    laters, starts = np.unique(second, return_index=True)
    ends = [*starts[1:].tolist(), len(second)]
    by_thing = [_claims_by_thing(summary) for summary in ordered]
    holders = _holders(by_thing)
    partner = np.zeros(len(ordered), dtype=bool)
    for later, start, end in zip(laters.tolist(), starts.tolist(), ends):
        document = ordered[later]
        partners = first[start:end]
        partner[partners] = True
        for claim in document.claims:
            other = _first_disagreement(claim, holders, partner, ordered, by_thing, params)
            if other is None:
                continue
            other_doc, other_claim = other
            yield rule.finding(
                document.path,
                claim.line,
                claim.sentence,
                end_line=claim.end_line,
                column=claim.column,
                related=Related(other_doc.path, other_claim.line),
                figure=claim.quote,
                other_figure=other_claim.quote,
                related_path=other_doc.path,
                related_name=other_doc.path.replace("\\", "/").rsplit("/", 1)[-1],
                related_line=other_claim.line,
            )
        partner[partners] = False


ThingKey = tuple[str, tuple[str, ...]]


def _claims_by_thing(summary: Summary) -> dict[ThingKey, list[Claim]]:
    """A document's claims by (unit, thing), each list in the document's order."""
    index: dict[ThingKey, list[Claim]] = {}
    for claim in summary.claims:
        index.setdefault((claim.unit, claim.thing), []).append(claim)
    return index


def _holders(by_thing: Sequence[dict[ThingKey, list[Claim]]]) -> dict[ThingKey, np.ndarray]:
    """For each (unit, thing), the positions of the documents with claims of it, ascending."""
    positions: dict[ThingKey, list[int]] = {}
    for position, index in enumerate(by_thing):
        for key in index:
            positions.setdefault(key, []).append(position)
    return {key: np.array(found, dtype=np.intp) for key, found in positions.items()}


def _first_disagreement(
    claim: Claim,
    holders: dict[ThingKey, np.ndarray],
    partner: np.ndarray,
    ordered: Sequence[Summary],
    by_thing: Sequence[dict[ThingKey, list[Claim]]],
    params: Params,
) -> tuple[Summary, Claim] | None:
    # Only claims of the same unit and thing can be the same thing (same_thing): of the story's
    # earlier documents (`partner`), only those holding such claims are asked, in position
    # order, each for those claims in its order, so the first found is the first in all. On the
    # real-word bench corpus nearly every document is in one story: asking each of the story's
    # documents in turn was most of the corpus stage.
    key = (claim.unit, claim.thing)
    holding = holders.get(key)
    if holding is None:
        return None
    for position in holding[partner[holding]].tolist():
        for candidate in by_thing[position][key]:
            if same_thing(claim, candidate, params) and not claim.interval.overlaps(candidate.interval):
                return ordered[position], candidate
    return None


def _rows(signatures: Sequence[np.ndarray | None]) -> np.ndarray:
    """The signatures as one array; a document without one (no claims: never `usable`, so
    never compared) gets a copy of another's row."""
    filler = next(row for row in signatures if row is not None)
    return np.array([filler if row is None else row for row in signatures])


def _sources(ordered: Sequence[Summary], usable: list[bool], params: Params) -> list[int]:
    """For each document, the smallest position of a near-copy of it (transitively): one source."""
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    signatures = _rows([s.source for s in ordered])
    for i, j, _ in sketch.similar_pairs(signatures, params.source_threshold, usable):
        a, b = root(i), root(j)
        parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(ordered))]
