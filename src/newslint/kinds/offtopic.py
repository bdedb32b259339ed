"""`offtopic`: a headline of another story pasted into the article, bare or after a lead-in.

A block is a candidate when it is shaped like a headline: `min_words` to `max_words`
words (after any lead-in such as "READ MORE:" or "Also read:") and no closing full stop
(a question mark, an exclamation mark or a trailing ellipsis are fine). It is flagged when
the rest of the document does not talk about it: of its distinct content words (see
newslint.topic: stopwords and numbers dropped, light stemming), at most `max_overlap` may
occur in the document's other prose blocks (those of at least `vocabulary_min_words` words,
copies of the candidate itself left out), and at least `min_novel` must occur nowhere else.
A lead-in is strong evidence of a promo, so a line with one has its own, looser thresholds.
`lead_ins` are regular expressions matched case-insensitively at the start of the block.
With `overlap_above`, only candidates sharing *more* than that share are flagged: a rule
for links to related (on-topic) stories, the complement of the off-topic one.

A document without prose (see newslint.layout) has no topic to stray from and yields
nothing. On-topic section headings and FAQ questions share the article's words and are left
alone; a one-word heading such as "Conclusion" is shorter than `min_words`.
`positions` limits the rule to where the block sits: `lead` (before the article's first
prose block, see newslint.layout), `body` (strictly between its first and last prose
blocks) or `tail` — so the same kind can call a promo inside the article off-topic and a
list of other headlines around it page furniture. Blocks matching one of `skip_patterns`
(tweet credit lines, say) are never candidates.

Example:
    - id: offtopic-promo
      kind: offtopic
      category: offtopic
      severity: warning
      message: 'promo headline of another story ({overlap}% of its words in this article)'
      lead_ins: ["read more", "also read", "related", "recommended"]
      max_overlap: 0.25
      min_novel: 4
      positions: [body]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Literal

from newslint import layout, regexes, sketch, topic
from newslint.document import Block, Document
from newslint.errors import ParamError
from newslint.findings import Finding

SCOPE = "document"
PLACEHOLDERS = frozenset({"headline", "lead_in", "overlap"})
ROLES = ("paragraph", "bullet", "heading")
# A lead-in ends at a colon, a bar, a dash or a guillemet, or simply where the headline starts.
LEAD_IN_END = r"\s*[:|»>\-–—]?\s+"
FULL_STOP = re.compile(r"(?<![.…])\.[\"'”’)\]]*$")


@dataclass(frozen=True)
class Params:
    lead_ins: tuple[str, ...] = ()
    require_lead_in: bool = False
    min_words: int = 4
    max_words: int = 20
    max_overlap: float = 0.25
    min_novel: int = 4
    min_words_lead_in: int = 2
    max_overlap_lead_in: float = 0.5
    min_novel_lead_in: int = 1
    overlap_above: float = -1.0
    allow_full_stop: bool = False
    vocabulary_min_words: int = 8
    positions: tuple[Literal["lead", "body", "tail"], ...] = ()
    article_min_words: int = 10
    roles: tuple[str, ...] = ()
    skip_patterns: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()  # empty: newslint.topic.STOPWORDS
    lead_in_regex: regexes.Pattern | None = field(init=False, default=None, compare=False)
    skip: tuple[regexes.Pattern, ...] = field(init=False, default=(), compare=False)
    stop: frozenset[str] = field(init=False, default=topic.STOPWORDS, compare=False)

    def __post_init__(self) -> None:
        for key in ("max_overlap", "max_overlap_lead_in"):
            if not 0.0 <= getattr(self, key) <= 1.0:
                raise ParamError(key, f"'{key}' must be a share between 0 and 1")
        if not -1.0 <= self.overlap_above < 1.0:
            raise ParamError("overlap_above", "'overlap_above' must be a share below 1 (or -1: no lower bound)")
        for key in ("min_words", "min_words_lead_in", "vocabulary_min_words", "article_min_words"):
            if getattr(self, key) < 1:
                raise ParamError(key, f"'{key}' must be at least 1")
        if self.max_words < max(self.min_words, self.min_words_lead_in):
            raise ParamError("max_words", "'max_words' must be at least 'min_words' and 'min_words_lead_in'")
        if self.min_novel < 0 or self.min_novel_lead_in < 0:
            raise ParamError("min_novel", "'min_novel' and 'min_novel_lead_in' must be >= 0")
        if self.require_lead_in and not self.lead_ins:
            raise ParamError("require_lead_in", "'require_lead_in' needs a list of 'lead_ins'")
        for role in self.roles:
            if role not in ROLES:
                raise ParamError("roles", f"unknown role '{role}'; use: {', '.join(ROLES)}")
        if self.lead_ins:
            alternatives = "|".join(f"(?:{p})" for p in sorted(self.lead_ins, key=len, reverse=True))
            try:
                regex = regexes.compile(rf"^[\W_]*(?P<lead>{alternatives}){LEAD_IN_END}(?P<rest>\S.*)$", regexes.IGNORECASE)
            except regexes.error as err:
                raise ParamError("lead_ins", f"'lead_ins' are not valid regular expressions: {err}") from None
            except regexes.UnsafePattern as err:
                raise ParamError("lead_ins", f"'lead_ins': {err}") from None
            object.__setattr__(self, "lead_in_regex", regex)
        object.__setattr__(self, "skip", regexes.compile_list("skip_patterns", self.skip_patterns, regexes.IGNORECASE))
        if self.stopwords:
            object.__setattr__(self, "stop", frozenset(sketch.normalize(w) for w in self.stopwords))


@dataclass(frozen=True)
class Candidate:
    block: Block
    lead_in: str  # "" when bare
    headline: str


def candidates(doc: Document, params: Params) -> list[Candidate]:
    """Blocks shaped like a headline, with any lead-in split off."""
    span = layout.article_span(doc, params.article_min_words)
    if span is None:
        return []  # no article prose: nothing for a line to be off (or on) its topic
    found = []
    for block in doc.blocks:
        if params.roles and block.role not in params.roles:
            continue
        if params.positions:
            where = layout.position(block, span)
            # A promo pasted into the article sits between its paragraphs, never at either end.
            if where not in params.positions or span and block.index in span:
                continue
        text = block.content.strip()
        if any(regexes.search(regex, text) for regex in params.skip):
            continue
        lead_in, headline = "", text
        match = regexes.match(params.lead_in_regex, text) if params.lead_in_regex else None
        if match:
            lead_in, headline = match["lead"], match["rest"].strip()
        elif params.require_lead_in:
            continue
        words = len(headline.split())
        if not (params.min_words_lead_in if lead_in else params.min_words) <= words <= params.max_words:
            continue
        if not params.allow_full_stop and FULL_STOP.search(headline):
            continue
        found.append(Candidate(block, lead_in, headline))
    return found


@dataclass(frozen=True)
class Assessment:
    candidate: Candidate
    overlap: float  # share of its distinct content words used elsewhere in the document
    novel: int  # how many of them the rest of the document never uses


def assess(doc: Document, params: Params) -> list[Assessment]:
    found = candidates(doc, params)
    if not found:
        return []
    vocab = topic.vocabulary(doc, params.vocabulary_min_words, params.stop)
    # Copies of a headline (bare here, after a lead-in there) do not vouch for each other.
    copies: dict[str, set[int]] = {}
    for candidate in found:
        copies.setdefault(sketch.normalize(candidate.headline), set()).add(candidate.block.index)
    assessed = []
    for candidate in found:
        words = set(topic.content_words(candidate.headline, params.stop))
        if not words:
            continue
        exclude = frozenset(copies[sketch.normalize(candidate.headline)])
        shared = topic.shared_words(words, vocab, exclude)
        assessed.append(Assessment(candidate, len(shared) / len(words), len(words) - len(shared)))
    return assessed


def check(doc: Document, rule) -> Iterator[Finding]:
    params: Params = rule.params
    for item in assess(doc, params):
        if item.candidate.lead_in:
            on_topic = item.overlap > params.max_overlap_lead_in or item.novel < params.min_novel_lead_in
        else:
            on_topic = item.overlap > params.max_overlap or item.novel < params.min_novel
        if on_topic or item.overlap <= params.overlap_above:
            continue
        block = item.candidate.block
        yield rule.block_finding(
            doc.path,
            block,
            headline=item.candidate.headline,
            lead_in=item.candidate.lead_in,
            overlap=round(item.overlap * 100),
        )
