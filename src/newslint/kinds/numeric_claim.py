"""`numeric-claim`: a sentence that states a figure with no source nearby.

A figure is a count, amount, sum of money, percentage, measurement, score
("beat Hungary 2-0"), duration, or rank ("99th state visit", "their third
face-to-face encounter", "largest trading partner"), in digits or in words
("two dozen", "a hundred"). It is *supported* when the same sentence or the one
before it names a source: an attribution phrase ("according to", "data from"),
a named statistical body, an `attribution_patterns` shape ("documents released today
showed", "the index has measured"), or a reporting verb ("said", "told", "reported") whose
subject is a name rather than a pronoun ("Boudreau said", "said CEO Craig Menear",
but not "he said"). Passive wording ("was reported", "is said to", "reportedly",
"an estimated") names nobody. A reporting verb spelled like a plural noun
(`noun_homographs`: "claims") names a source only after a name ("ASIC claims"),
not after a lower-case word, a possessive or the sentence's first word ("rejected
claims that", "Gore's claim", "Insurance claims rose"), nor before a comma or "of". A figure inside a direct quote is also supported
when its speaker is named with any speech verb (`quote_verbs`: "insisted",
"reaffirmed") in that sentence or the one before. The sentence before the first
one of a block is the last sentence of the previous block, whatever its kind.

What is *not* a figure is data too: `not_claims` patterns mark spans (dates,
years, times of day, anniversaries, ages after a name, numbers inside names such
as "Euro 2020" or "S&P 500", links, comment counters) and every figure that
overlaps one is dropped; `skip_sentences` drops whole sentences (tweet credit
lines, a plan's own targets). Spelled numbers count only from `number_words`,
so "one" and "two" alone never do; a spelled ordinal counts only between a
determiner and an event noun ("their third encounter", not "Third appearance"
or "the fourth film"). Blocks of fewer than `min_words` words, and
headline-shaped blocks (no closing punctuation, at most `headline_words` words)
that are neither a "label: value" row nor end with a link (an embedded post) are
page furniture and are skipped, and so are blocks whose share of capitalised words
is above `max_capitalized` (menus, title-case headlines). A number that opens a block
(`numbered_items`, its group the number) is a list, verse or footnote number when the block
before or after opens with the number one below or above it ("1 Recent developments ...",
"2 Figures from ..."): it is no figure, the rest of the block is read as usual.

Regular expressions are case-sensitive (write `(?i:...)` where case does not
matter); word lists are not. A `figures` pattern may mark the figure itself with a
`(?P<figure>...)` group when it also matches context around it. One finding per unsupported sentence; `{figure}`
is its first figure found by the earliest-listed pattern of `figures` (so money
and percentages name the finding before bare counts), `{figures}` lists all of
them, `{count}` says how many.

A rule may also carry a claim `model`: a logistic regression over newslint.claim_features (the
figure's shape, the words around it, its sentence's mood, its block, and the page's shares of
sentences that address the reader, use a modal verb, are in the past tense or hold a digit),
computed only for sentences already flagged. `features` maps names to `{mean, scale, weight}`
(unnamed features weigh nothing), `bias` is added, and a sentence whose probability of being no
claim is at least `threshold` is not reported; `{score}` is then its probability of being a claim
in percent and `{cues}` names the `cues` features that pushed it most towards a claim. The
default pack sets none: fitted on the figure-precision samples it did not beat the hand rules
(bench/train_claim_model.py; docs/accuracy.md, round 30).

Example:
    - id: unsupported-figure
      kind: numeric-claim
      category: unsupported-claim
      severity: warning
      message: 'unsupported figure "{figure}" — add a source'
      figures: ['[$€£]\\d[\\d,.]*(?: (?:million|billion))?', '\\d+(?:\\.\\d+)?%', '\\d[\\d,]*']
      number_words: [three, four, five, six, seven, eight, nine, ten]
      scale_words: [dozen, hundred, thousand, million]
      not_claims: ['\\b(?:19|20)\\d\\d\\b']
      attributions: [according to, data from]
      reporting_verbs: [said, told, reported]
      non_sources: [he, she, it, they, we, the, a, with]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator

from newslint import claim_features, layout, prefilter, re_code, scan
from newslint import regexes as timed
from newslint.regexes import lazy_re  # module patterns compile on first use, from remembered code (re_code)
from newslint.document import Block, Document
from newslint.errors import ParamError
from newslint.findings import Finding
from newslint.sentences import Sentence

SCOPE = "document"
PLACEHOLDERS = frozenset({"figure", "figures", "count", "score", "cues"})
MODEL_KEYS = frozenset({"threshold", "bias", "cues", "features"})
FEATURE_KEYS = ("mean", "scale", "weight")
ROLES = ("paragraph", "bullet", "heading")
# A short "label: value" data row ("England (Group A): 10th appearance").
LABEL_VALUE = lazy_re(r":\s*\S+(?:\s+\S+){0,2}\s*$")
# A block that ends with a link is an embedded post, not a headline.
ENDS_WITH_LINK = lazy_re(r"(?:https?://|pic\.twitter\.com/)\S+\s*$")
# A word starts with a letter; the group gives that first letter.
WORD_INITIAL = lazy_re(r"([^\W\d_])[\w’'-]*")
TOKEN = lazy_re(r"[\w’'&.-]+|[“”\"]")
OPENING_QUOTES = "“"
CLOSING_QUOTES = "”"
QUOTE_TOKENS = frozenset('“”"')
# What follows a noun, never a verb of saying (its clause or object follows it): "a claim, ...", "claims of abuse".
NOUN_AFTER = lazy_re(r"\s*(?:[,.;:!?)\]]|of\b)")
QUOTE_CHARS = lazy_re(f"[{re.escape(OPENING_QUOTES + CLOSING_QUOTES)}\"]")


@dataclass(frozen=True)
class Params:
    """A numeric-claim rule's parameters (the module's docstring explains them)."""
    # What a figure looks like. Regexes, tried in order; the order also decides which
    # figure names the finding.
    figures: tuple[str, ...] = ()
    # Spelled counts ("three", "twenty"), and scales ("dozen", "million") that "a", "one",
    # "two" or "half a" may lead ("two dozen", "a hundred", "half a million").
    number_words: tuple[str, ...] = ()
    scale_words: tuple[str, ...] = ()
    # Rank words that state a fact on their own ("largest").
    superlatives: tuple[str, ...] = ()
    # Spelled ordinals ("third"): a claim only as determiner + ordinal + up to two words + event noun.
    ordinal_words: tuple[str, ...] = ()
    determiners: tuple[str, ...] = ()
    event_nouns: tuple[str, ...] = ()
    # Spans that are not claims (dates, names with numbers, ages, links): overlapping figures are dropped.
    not_claims: tuple[str, ...] = ()
    # Sentences that make no claim at all (tweet credit lines, a plan's own targets).
    skip_sentences: tuple[str, ...] = ()
    # A block's leading item number (group 1): no figure when a neighbouring block's is one off.
    numbered_items: str = ""
    # Phrases that name a source on their own ("according to", "data from").
    attributions: tuple[str, ...] = ()
    # Regexes (Python `re`) for attribution shapes a phrase cannot spell: "documents released today
    # showed", "the series has measured".
    attribution_patterns: tuple[str, ...] = ()
    # Named sources that support a figure wherever they appear in the sentence (case-sensitive).
    sources: tuple[str, ...] = ()
    # Verbs that attribute anything in their sentence and the next when their subject is named.
    reporting_verbs: tuple[str, ...] = ()
    # Further speech verbs that attribute a direct quote ("insisted", "reaffirmed").
    quote_verbs: tuple[str, ...] = ()
    # Words that, as the subject of a reporting verb, name nobody: pronouns, determiners, prepositions.
    non_sources: tuple[str, ...] = ()
    # "was reported", "is said": a reporting verb right after these is passive.
    passive_auxiliaries: tuple[str, ...] = ()
    # Words passed over between a subject and its verb ("has", "also", "now"); lower-case -ly adverbs always are.
    skip_words: tuple[str, ...] = ()
    # Reporting verbs spelled like a plural noun ("claims"): they attribute only after a capitalised
    # subject, a name ("ASIC claims", "Mr Dixon claims"); after a lower-case word they are the noun
    # ("rejected claims that", "insurance claims rose").
    noun_homographs: tuple[str, ...] = ()
    min_words: int = 4
    headline_words: int = 20
    max_capitalized: float = 1.0
    roles: tuple[str, ...] = ("paragraph", "bullet")
    # The claim model (newslint.claim_features, bench/train_claim_model.py): a flagged sentence
    # whose probability of being no claim is at least `threshold` is not reported. Empty: off.
    model: dict = field(default_factory=dict, hash=False)
    compiled: "_Compiled" = field(init=False, default=None, compare=False, repr=False)
    # The model's weights, one (mean, scale, weight) per feature in claim_features.FEATURES order.
    weights: tuple[tuple[float, float, float], ...] = field(init=False, default=(), compare=False, repr=False, hash=False)
    # The article's span the features read (claim_features): declared so that a huge file's
    # first pass computes it for the whole file (windows.gather_facts). Not settable.
    article_min_words: int = field(init=False, default=claim_features.PROSE_MIN_WORDS)

    def __post_init__(self) -> None:
        if not self.figures and not self.number_words and not self.scale_words:
            raise ParamError("figures", "give at least one of 'figures', 'number_words' or 'scale_words'")
        if not 0.0 < self.max_capitalized <= 1.0:
            raise ParamError("max_capitalized", "'max_capitalized' must be a share in (0, 1]")
        if self.min_words < 1:
            raise ParamError("min_words", "'min_words' must be at least 1")
        if self.headline_words < 0:
            raise ParamError("headline_words", "'headline_words' must be >= 0 (0 turns the headline check off)")
        for role in self.roles:
            if role not in ROLES:
                raise ParamError("roles", f"unknown role '{role}'; use: {', '.join(ROLES)}")
        if bool(self.ordinal_words) != bool(self.event_nouns):
            raise ParamError("ordinal_words", "give 'ordinal_words' and 'event_nouns' together")
        for number, pattern in enumerate(self.attribution_patterns, 1):
            try:
                re_code.compiled(pattern)  # re.compile's pattern, from remembered code after the first run
            except re.error as err:
                raise ParamError("attribution_patterns", f"not a Python `re` pattern: {pattern!r} ({err})", number) from None
        # They join the attribution `re` pattern, which runs with no per-call limit: a user's
        # pattern that can backtrack without end is refused here, as every pattern parameter is.
        timed.compile_list("attribution_patterns", self.attribution_patterns)
        if self.numbered_items and timed.compile_list("numbered_items", (self.numbered_items,))[0].groups < 1:
            raise ParamError("numbered_items", "'numbered_items' needs a group around the number")
        object.__setattr__(self, "weights", _model_weights(self.model))
        object.__setattr__(self, "compiled", _compile(self))
        compiled = self.compiled
        scan.register(self, *compiled.figures, *compiled.not_claims, *compiled.skip_sentences,
                      compiled.attribution, compiled.verbs, compiled.speech)


def _model_weights(model: dict) -> tuple[tuple[float, float, float], ...]:
    """The model's (mean, scale, weight) per feature, in FEATURES order (unnamed: 0, 1, 0); checks it."""
    if not isinstance(model, dict):
        raise ParamError("model", "'model' must be a mapping of threshold, bias, cues and features")
    if not model:
        return ()
    unknown = sorted(set(model) - MODEL_KEYS)
    if unknown:
        raise ParamError("model", f"unknown model key '{unknown[0]}'; use: {', '.join(sorted(MODEL_KEYS))}")
    for key in ("threshold", "bias", "cues"):
        value = model.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ParamError("model", f"model '{key}' must be a finite number")
    if not 0.0 < model.get("threshold", 0.0) < 1.0:
        raise ParamError("model", "model 'threshold' must be a probability between 0 and 1")
    if model.get("cues", 0) < 0:
        raise ParamError("model", "model 'cues' must be >= 0")
    specs = model.get("features")
    if not isinstance(specs, dict) or not specs:
        raise ParamError("model", "model 'features' must map feature names to {mean, scale, weight}")
    column = {name: n for n, name in enumerate(claim_features.FEATURES)}
    rows = [[0.0, 1.0, 0.0] for _ in claim_features.FEATURES]
    for name, spec in specs.items():
        if name not in column:
            raise ParamError("model", f"unknown feature '{name}'; newslint computes: {', '.join(claim_features.FEATURES)}")
        if not isinstance(spec, dict) or set(spec) != set(FEATURE_KEYS):
            raise ParamError("model", f"feature '{name}' must be a mapping of exactly mean, scale and weight")
        for k, key in enumerate(FEATURE_KEYS):
            number = spec[key]
            if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
                raise ParamError("model", f"feature '{name}': '{key}' must be a finite number")
            rows[column[name]][k] = float(number)
        if rows[column[name]][1] <= 0:
            raise ParamError("model", f"feature '{name}': 'scale' must be above 0")
    return tuple(tuple(row) for row in rows)


@dataclass(frozen=True)
class _Compiled:
    """A rule's patterns and word sets, compiled once when it loads."""
    # User patterns compile with `regexes` (each search time-limited), word-built ones with re.
    figures: tuple[timed.Pattern | re.Pattern[str], ...]  # in priority order, word-built patterns last
    # What a sentence must hold for each figure and not-a-claim pattern to match (prefilter.py).
    figure_needs: tuple[prefilter.Needs, ...]
    not_claims: tuple[timed.Pattern, ...]
    not_claim_needs: tuple[prefilter.Needs, ...]
    skip_sentences: tuple[timed.Pattern, ...]
    numbered_items: timed.Pattern | None
    attribution: re.Pattern[str] | None
    verbs: re.Pattern[str] | None  # reporting verbs
    speech: re.Pattern[str] | None  # reporting verbs and quote verbs
    non_sources: frozenset[str]
    passive: frozenset[str]
    skip: frozenset[str]
    homographs: frozenset[str] = frozenset()
    recognition: int = 0  # the same number for every rule that recognises figures alike (`find_figures`' memo)

    @cached_property
    def ranked_figures(self) -> tuple[tuple[int, timed.Pattern | re.Pattern[str], prefilter.Needs], ...]:
        """(priority, pattern, needs) of every figure pattern."""
        return tuple((priority, *pair) for priority, pair in enumerate(zip(self.figures, self.figure_needs)))

    @cached_property
    def figures_without_digits(self) -> tuple[tuple[int, timed.Pattern | re.Pattern[str], prefilter.Needs], ...]:
        """The figure patterns that can match a sentence with no digit in it (most sentences)."""
        return tuple(figure for figure in self.ranked_figures if not figure[2].digit)

    @cached_property
    def live_memo(self) -> dict[frozenset, "_Live"]:
        """_live's answers, by ruled-out set (blocks of a document often share one)."""
        return {}

    @cached_property
    def asked(self) -> frozenset:
        """Every pattern `_live` asks the ruled-out set about. Its memo is keyed by the part of a
        ruled-out set these make up: two blocks whose sets differ only in other rules' patterns
        (the line features' digit, date and separator regexes differ from block to block) share
        an answer, and a miss costs a hash of each pattern (~2.5 µs for a word-built one)."""
        return frozenset(p for p in (*self.figures, *self.not_claims, *self.skip_sentences, self.attribution, self.verbs, self.speech)
                         if p is not None)

    @cached_property
    def figure_set(self) -> frozenset:
        """The figure patterns as a set: `figure_set <= scan.ruled_out(...)` asks in one C call
        whether none of them can match (asked per block, it was a Python loop per pattern)."""
        return frozenset(self.figures)


@dataclass(frozen=True)
class _Live:
    """A rule's patterns that may match in a unit, given scan.ruled_out for it: worked out once
    per block (and once per document for the support tests), not once per sentence. Testing a
    pattern against the ruled-out set hashes it, and a word-built `re` pattern hashes its whole
    compiled code (~2.5 µs each for the number-word and attribution patterns)."""

    ranked: tuple[tuple[int, timed.Pattern | re.Pattern[str], prefilter.Needs, str | int], ...]  # ..., group
    without_digits: tuple[tuple[int, timed.Pattern | re.Pattern[str], prefilter.Needs, str | int], ...]
    not_claims: tuple[tuple[timed.Pattern, prefilter.Needs], ...]
    skip_sentences: tuple[timed.Pattern, ...]
    attribution: re.Pattern[str] | None
    verbs: re.Pattern[str] | None
    speech: re.Pattern[str] | None


LIVE_LIMIT = 256  # distinct ruled-out sets remembered per rule


def _live(compiled: _Compiled, out: frozenset) -> _Live:
    memo = compiled.live_memo
    out = out & compiled.asked  # a C-level intersection: set entries keep their hashes
    live = memo.get(out)
    if live is None:
        if len(memo) >= LIVE_LIMIT:
            memo.clear()
        ranked = tuple(
            (priority, pattern, needs, "figure" if "figure" in pattern.groupindex else 0)
            for priority, pattern, needs in compiled.ranked_figures
            if pattern not in out
        )
        live = memo[out] = _Live(
            ranked=ranked,
            without_digits=tuple(figure for figure in ranked if not figure[2].digit),
            not_claims=tuple((p, needs) for p, needs in zip(compiled.not_claims, compiled.not_claim_needs) if p not in out),
            skip_sentences=tuple(p for p in compiled.skip_sentences if p not in out),
            attribution=None if compiled.attribution in out else compiled.attribution,
            verbs=None if compiled.verbs in out else compiled.verbs,
            speech=None if compiled.speech in out else compiled.speech,
        )
    return live


def _compile(params: Params) -> _Compiled:
    figures = list(timed.compile_list("figures", params.figures))
    if params.number_words or params.scale_words:
        words = _alternatives(params.number_words + params.scale_words)
        lead = rf"(?:(?:a|an|one|two|half an?)\s+(?=(?:{_alternatives(params.scale_words)})\b))?" if params.scale_words else ""
        body = rf"{lead}(?:{words})(?:[\s-]+(?:{words}))*\b"
        figures.append(timed.lazy_re(rf"(?i)\b{prefilter.first_characters(body, re.IGNORECASE)}{body}"))
    if params.ordinal_words:
        determiners = _alternatives(params.determiners)
        lead = rf"\b(?:{determiners})\s+" if params.determiners else r"\b"
        figures.append(
            timed.lazy_re(
                rf"(?i){lead}(?P<figure>(?:{_alternatives(params.ordinal_words)})\b(?:[\s-]+[\w’'-]+){{0,2}}?"
                rf"[\s-]+(?:{_alternatives(params.event_nouns)})\b)"
            )
        )
    if params.superlatives:
        figures.append(timed.lazy_re(rf"(?i)\b(?:{_alternatives(params.superlatives)})\b"))
    not_claims = timed.compile_list("not_claims", params.not_claims)

    # One \b...\b around the alternation, not one per phrase: the regex engine then tries the
    # phrases only where a word starts, ~6x faster on long sentences, same matches.
    attribution_parts = [rf"(?i:{_phrase(p)})" for p in params.attributions]
    attribution_parts += list(params.attribution_patterns)
    attribution_parts += [_phrase(s) for s in params.sources]
    speech = params.reporting_verbs + params.quote_verbs
    compiled = _Compiled(
        figures=tuple(figures),
        figure_needs=tuple(prefilter.Needs.of(p) for p in figures),
        not_claims=not_claims,
        not_claim_needs=tuple(prefilter.Needs.of(p) for p in not_claims),
        skip_sentences=timed.compile_list("skip_sentences", params.skip_sentences),
        numbered_items=timed.compile_list("numbered_items", (params.numbered_items,))[0] if params.numbered_items else None,
        attribution=_words_pattern("|".join(attribution_parts)) if attribution_parts else None,
        # Verbs are matched in lower case only: "the United States" holds no verb "states".
        verbs=_words_pattern(_alternatives(params.reporting_verbs)) if params.reporting_verbs else None,
        speech=_words_pattern(_alternatives(speech)) if speech else None,
        # A count is no source either: "30 reported cases", "five confirmed deaths".
        non_sources=frozenset(w.lower() for w in params.non_sources + params.number_words + params.scale_words),
        passive=frozenset(w.lower() for w in params.passive_auxiliaries),
        skip=frozenset(w.lower() for w in params.skip_words),
        homographs=frozenset(w.lower() for w in params.noun_homographs),
        recognition=_RECOGNITIONS.setdefault(
            (params.figures, params.number_words, params.scale_words, params.superlatives, params.ordinal_words,
             params.determiners, params.event_nouns, params.not_claims, params.skip_sentences),
            len(_RECOGNITIONS) + 1,
        ),
    )
    return compiled


def _words_pattern(alternatives: str) -> timed.Pattern:
    """\\b(?:alternatives)\\b, searched in every sentence with a figure and the one before it: the
    class of the characters a match can start with (prefilter.first_characters) turns most word
    boundaries away before the alternation is tried there (the same matches, in a third less time)."""
    body = f"(?:{alternatives})\\b"
    return timed.lazy_re(rf"\b{prefilter.first_characters(body)}{body}")


def _phrase(text: str) -> str:
    """A literal phrase whose spaces match any run of white space."""
    return r"\s+".join(re.escape(part) for part in text.split())


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Figure:
    """A figure found in a sentence: its span, its text and the priority of the pattern that found it."""
    start: int  # offset in the sentence
    end: int
    text: str
    priority: int  # index of the pattern that found it: lower names the finding first


def check(doc: Document, rule) -> Iterator[Finding]:
    """One finding per sentence whose figures nothing in it or the sentence before supports."""
    params: Params = rule.params
    out = scan.ruled_out(doc)  # the regexes that match nowhere in this document
    figure_set = params.compiled.figure_set
    if figure_set <= out:
        return
    everywhere = _live(params.compiled, out)  # for the support tests, which read the sentence before too
    numbered = _item_numbers(doc.blocks, params.compiled.numbered_items)
    previous: Sentence | None = None
    for index, (block, out_here) in enumerate(zip(doc.blocks, scan.ruled_out_by_block(doc))):
        sentences = block.sentences
        # No figure pattern can match in the block: its sentences state none.
        if not figure_set <= out_here and _is_candidate(block, params):
            quotes = quoted_spans(block.content)
            here = _live(params.compiled, out_here)
            item_end = numbered.get(index, 0)
            for number, sentence in enumerate(sentences):
                try:
                    finding = _check_sentence(doc, index, sentence, previous, quotes, rule, everywhere, here, item_end, number == 0)
                except timed.PatternTimeout as err:
                    err.line = block.line
                    raise
                if finding is not None:
                    yield finding
                previous = sentence
        elif sentences:
            previous = sentences[-1]


def _item_numbers(blocks: list[Block], pattern: timed.Pattern | None) -> dict[int, int]:
    """Block index -> end of its leading item number, for blocks in a run numbered n, n + 1."""
    if pattern is None:
        return {}
    leads: list[tuple[int, int] | None] = []  # (number, where it ends) of each block
    for block in blocks:
        # Most blocks open with a letter: the pattern runs only on those that open with a digit or bracket.
        opening = block.content.lstrip()[:1]
        match = timed.match(pattern, block.content) if opening.isdigit() or opening in "[(" else None
        number = match.group(1) if match else None
        leads.append((int(number), match.end(1)) if number and number.isdigit() else None)
    numbered = {}
    for i, lead in enumerate(leads):
        if lead is None:
            continue
        before = leads[i - 1] if i > 0 else None
        after = leads[i + 1] if i + 1 < len(leads) else None
        if (before is not None and before[0] == lead[0] - 1) or (after is not None and after[0] == lead[0] + 1):
            numbered[i] = lead[1]
    return numbered


def _is_candidate(block: Block, params: Params) -> bool:
    if params.roles and block.role not in params.roles:
        return False
    words = block.word_count
    if words < params.min_words:
        return False
    if _capitalized_share(block.content) > params.max_capitalized:
        return False
    # Short and without sentence-final punctuation: headline-shaped.
    headline = words <= params.headline_words and not layout.ends_sentence(block.content)
    return not headline or bool(LABEL_VALUE.search(block.content) or ENDS_WITH_LINK.search(block.content))


def _capitalized_share(text: str) -> float:
    # The initials gathered by the regex: no Python loop over the words.
    initials = "".join(WORD_INITIAL.findall(text))
    return sum(map(str.isupper, initials)) / len(initials) if initials else 0.0


def _check_sentence(
    doc: Document, index: int, sentence: Sentence, previous, quotes, rule, everywhere: _Live, here: _Live,
    item_end: int = 0, first: bool = False,
) -> Finding | None:
    """`everywhere` and `here`: the patterns that may match somewhere in the document, and in this block;
    `item_end`: where the block's item number ends (0: it has none), a figure before it is none;
    `first`: whether the sentence opens block `index`."""
    params: Params = rule.params
    block = doc.blocks[index]
    figures = _found(sentence.text, params, here)
    if item_end > sentence.start:
        figures = [f for f in figures if sentence.start + f.start >= item_end]
    if not figures:
        return None
    supported: dict[bool, bool] = {}  # quoted or not -> answer: the same for every figure of the sentence
    unsupported = []
    for f in figures:
        quoted = _inside(sentence.start + f.start, quotes)
        if quoted not in supported:
            supported[quoted] = _is_supported(sentence.text, previous.text if previous else "", params.compiled, quoted, everywhere)
        if not supported[quoted]:
            unsupported.append(f)
    if not unsupported:
        return None
    named = min(unsupported, key=lambda f: (f.priority, f.start))
    score, cues = 0, ""
    if params.weights or _ROWS is not None:
        row = claim_features.features(doc, index, sentence, first, (named.start, named.end, named.text), len(unsupported),
                                      _inside(sentence.start + named.start, quotes))
        if _ROWS is not None:  # training (newslint.train_claim_model): every flagged sentence, the model not asked
            _ROWS.append(row)
        elif params.weights:
            probability, parts = score_row(row, params)
            if probability >= params.model["threshold"]:
                return None  # no claim, by the model
            score, cues = int((1.0 - probability) * 100), _cues(parts, params)
    line, column = block.locate(block.content_offset + sentence.start + named.start)
    end_line, _ = block.locate(block.content_offset + sentence.end - 1)
    return rule.finding(
        doc.path,
        line,
        sentence.text,
        end_line=end_line,
        column=column,
        figure=named.text,
        figures=", ".join(f'"{f.text}"' for f in unsupported),
        count=len(unsupported),
        score=score,
        cues=cues,
    )


# While a claim model is trained (`rows`), each flagged sentence's features are kept here, in
# the order of the findings, and no model is asked.
_ROWS: list[tuple[float, ...]] | None = None


def rows(doc: Document, rule) -> tuple[list[Finding], list[tuple[float, ...]]]:
    """Every sentence the rule flags with its model off, and each one's claim_features row."""
    global _ROWS
    _ROWS = []
    try:
        findings = list(check(doc, rule))
        return findings, _ROWS
    finally:
        _ROWS = None


def score_row(row: tuple[float, ...], params: Params) -> tuple[float, list[float]]:
    """The model's probability that a flagged sentence is no claim, and each feature's part in
    the sum (added in FEATURES order: the same number in every process)."""
    parts = [(value - mean) / scale * weight for value, (mean, scale, weight) in zip(row, params.weights)]
    total = float(params.model.get("bias", 0.0))
    for part in parts:
        total = total + part
    return 1.0 / (1.0 + math.exp(-total)) if total > -700 else 0.0, parts


def _cues(parts: list[float], params: Params) -> str:
    """The features that pushed the sentence most towards a claim, in words."""
    order = sorted(range(len(parts)), key=lambda c: (parts[c], c))
    count = int(params.model.get("cues", 2))
    chosen = [claim_features.cue(c, parts[c] * params.weights[c][2] > 0) for c in order[:count] if parts[c] < 0]
    return ", ".join(chosen) or "its overall shape"


# figure-consistency asks for the figures of the sentences this rule has just searched, with the
# same patterns (the default pack shares them by YAML aliases): the answers of the last sentences
# are kept, by recognition and text, so the two dozen regexes run once per sentence. The gate's
# `out` only skips patterns that match nowhere in the document, so it never changes an answer.
_RECOGNITIONS: dict[tuple, int] = {}
_FOUND: dict[tuple[int, str], tuple[Figure, ...]] = {}
FOUND_LIMIT = 4096
# ... and at most this many characters of sentence text in all: the sentences of a cut
# 50 MB line are 100,000-character pieces, and 4,096 of them held 400 MB (seen: 20 MB of
# keys still held after a 20 MB line was checked).
FOUND_CHARS = 1_000_000
_found_chars = 0


def find_figures(text: str, params: Params, out: frozenset = scan.NOTHING) -> list[Figure]:
    """The figures a sentence states, in text order, with non-claims dropped; the patterns in
    `out` (scan.ruled_out: they match nowhere in the document) are not run."""
    return _found(text, params, _live(params.compiled, out))


def _found(text: str, params: Params, live: _Live) -> list[Figure]:
    global _found_chars
    key = (params.compiled.recognition, text)
    found = _FOUND.get(key)
    if found is None:
        if len(_FOUND) >= FOUND_LIMIT or _found_chars + len(text) > FOUND_CHARS:
            _FOUND.clear()
            _found_chars = 0
        found = _FOUND[key] = tuple(_find_figures(text, live))
        _found_chars += len(text)
    return list(found)


def _find_figures(text: str, live: _Live) -> list[Figure]:
    # Most sentences state no figure: look for figures first, and only then pay for the
    # sentence-skipping and not-a-claim patterns (three dozen regexes). A regex that needs
    # a digit or one of its words is not run on a sentence without them.
    has_digit = prefilter.DIGIT.search(text) is not None
    lowered = prefilter.folded(text)
    spans = [
        (priority, match.span(group))
        for priority, pattern, needs, group in (live.ranked if has_digit else live.without_digits)
        if not needs.impossible(text, lowered, has_digit)
        for match in timed.finditer(pattern, text)
    ]
    if not spans or any(timed.search(p, text) for p in live.skip_sentences):
        return []
    excluded = [
        m.span()
        for p, needs in live.not_claims
        if not needs.impossible(text, lowered, has_digit)
        for m in timed.finditer(p, text)
    ]
    found: list[Figure] = []
    for priority, (start, end) in spans:
        if start == end or any(s < end and start < e for s, e in excluded):
            continue
        if any(f.start < end and start < f.end for f in found):
            continue  # an earlier pattern already took these characters
        found.append(Figure(start, end, text[start:end].strip(), priority))
    return sorted(found, key=lambda f: f.start)


def is_supported(sentence: str, previous: str, params: Params, quoted: bool = False, out: frozenset = scan.NOTHING) -> bool:
    """Whether this sentence or the one before names a source for a figure in it."""
    return _is_supported(sentence, previous, params.compiled, quoted, _live(params.compiled, out))


def _is_supported(sentence: str, previous: str, compiled: _Compiled, quoted: bool, live: _Live) -> bool:
    verbs = live.speech if quoted else live.verbs
    attribution = live.attribution
    for text in (sentence, previous):
        if attribution is not None and attribution.search(text):
            return True
        if verbs is not None and any(_names_subject(text, m, compiled) for m in verbs.finditer(text)):
            return True
    return False


def _names_subject(text: str, verb: re.Match[str], compiled: _Compiled) -> bool:
    """Whether a reporting verb has a named subject: "Lynn said", "said CEO Craig Menear", not "he said"."""
    prefix = text[: verb.start()].rstrip()
    if (not prefix or prefix[-1] in ",“”\"") and _inverted_subject(text[verb.end():], compiled):
        return True  # '"...," said Bruce Bagley', '..., said CEO Craig Menear'
    before = TOKEN.findall(prefix)
    while before and (before[-1].lower() in compiled.skip or _is_adverb(before[-1], compiled)):
        before.pop()
    if not before or before[-1] in QUOTE_TOKENS:
        return False
    subject = before[-1].lower().strip(".")
    if subject in compiled.passive or not any(c.isalpha() for c in subject):
        return False
    if compiled.homographs and verb.group() in compiled.homographs and (
        not _is_name(before) or NOUN_AFTER.match(text, verb.end())
    ):
        return False  # "rejected claims that ...", "Insurance claims rose", "an Oxfordian claim,": the noun
    return subject not in compiled.non_sources


def _is_name(before: list[str]) -> bool:
    """Whether the last of these tokens is a name: capitalised, not a possessive ("Gore's claim"
    is the noun), and not merely as the sentence's first word ("Insurance claims rose") unless it
    is an acronym ("ASIC claims")."""
    subject = before[-1]
    if not subject[:1].isupper() or subject.endswith(("'s", "’s", "s'", "s’")):
        return False
    opening = sum(token not in QUOTE_TOKENS for token in before) == 1
    return not opening or subject.isupper()


def _inverted_subject(after_verb: str, compiled: _Compiled) -> bool:
    after = TOKEN.findall(after_verb)
    if not after or after[0] in QUOTE_TOKENS or after[0].lower() in compiled.non_sources - {"the", "a", "an"}:
        return False
    return after[0][:1].isupper() or after[0].lower() in ("the", "a", "an")


def _is_adverb(token: str, compiled: _Compiled) -> bool:
    return token.endswith("ly") and token.islower() and token not in compiled.non_sources


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of direct quotes: curly quotes pair up, straight double quotes alternate."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for match in QUOTE_CHARS.finditer(text):  # only the quote marks, not every character
        i, char = match.start(), match.group()
        if char in OPENING_QUOTES and open_at is None:
            open_at = i
        elif char in CLOSING_QUOTES and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif char == '"':
            if open_at is None:
                open_at = i
            else:
                spans.append((open_at, i + 1))
                open_at = None
    if open_at is not None:  # a quote that runs past the block's end
        spans.append((open_at, len(text)))
    return spans


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)
