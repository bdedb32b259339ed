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
(tweet credit lines, a person's name with a place or a role: a signature, never a promo)
are never candidates. `tail_patterns` are cut from the end of a headline before it is
judged (a list's timestamp, "~6 hours ago", is no word of the story).

With `skip_fragments`, a block that is a piece of the page's own text rather than a
headline is no candidate, by its shape: it ends with a colon (it introduces what follows),
it starts with a plain lower-case word and is not in title case (a wrapped sentence's tail,
an item of the article's own list; after a lead-in, lower case is fine), the next block
starts with one (the sentence goes on there), it ends with one of `dangling_words` ("the", "of": cut mid-sentence), it starts
with one of `opening_words` ("And", "So", "BTW": a sentence that answers the one before),
or it holds two sentences (a headline is one).

With `box_min_run`, candidates that follow one another (at most one other block between
them, a timestamp or a count) in a run of at least that many form a box of headlines,
and a box's members do not vouch for each other: five "most read" headlines about one
other story share their words with each other, not with the article. A run where one word
recurs in at least `box_table_share` of the members (default half) is a table of like
things ("Spain (Group F): 11th appearance", "Italy (Group J): …"), the article's own, and
its members still vouch. With `box_only: true`, only a box's members are candidates at
all: a rule for a long run of other stories' headlines around the article (a related,
most-read or trending box), which may share a word or two with the article each, judged
with looser thresholds than a headline standing alone.

With `between_prose: true`, a block with prose on both sides (past at most `max_run` - 1
other short blocks in all) is inside the article wherever the span ends: two promos pasted
after the first paragraph put it three blocks from the next one, out of the span's reach
(newslint.layout), but they still stand between two of the article's paragraphs.

With `neighbours_vouch: false`, candidates next to one another (a run, as a box's) never
vouch for each other, however short the run: two promos pasted together between the
article's paragraphs ("Why Beijing will bring slaughter to Hong Kong", "The Guardian view on
Hong Kong: …") share their own stories' words, not the article's.

With `lead_in_capital: true`, a lead-in followed by no colon, bar or dash must be followed
by a capital or a digit: "Listen to your gut" and "Watch out for ice" are sentences.

With `lone_bullets: true` (and `roles` naming `paragraph`), a bullet with no other bullet
beside it is judged as a line: a list has two items or more, and a headline pasted with its
"•" is still a headline.

A word of the article vouches for a headline when `vouch_blocks` (default 1) of its other
prose blocks use it, `vouch_blocks_lead_in` after a lead-in (0: the same). With
`vouch_words`, a page with at least that many words of prose needs one block more: a long
essay uses "come", "value" and "view" somewhere by chance, and that is no sign that a headline
is about it. With `vouch_long`, a word (stemmed) of at least that many letters vouches from a
single block whatever the page ("settlement", "migrant": rarer words, rarely there by chance).

With `max_run`, a bare candidate (no lead-in) must sit in prose company: the run of
consecutive non-prose blocks around it (prose as newslint.layout has it) is at most
`max_run` blocks long. A promo pasted into an article stands between its paragraphs, alone
or with one or two others; a line in a longer run belongs to a list, a directory, a forum's
headers or a box of links, which the boilerplate rules judge. A lead-in is evidence enough.

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
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Literal

from newslint import layout, regexes, sketch, topic
from newslint.document import Block, Document
from newslint.errors import ParamError
from newslint.findings import Finding
from newslint.regexes import lazy_re  # module patterns compile on first use, from remembered code (re_code)

SCOPE = "document"
PLACEHOLDERS = frozenset({"headline", "lead_in", "overlap"})
ROLES = ("paragraph", "bullet", "heading")
# A lead-in ends at a colon, a bar, a dash or a guillemet, or simply where the headline starts.
LEAD_IN_END = r"\s*(?P<sep>[:|»>\-–—]?)\s+"
FULL_STOP = lazy_re(r"(?<![.…])\.[\"'”’)\]]*$")
# A plain lower-case first word (no capital or digit in it: "vivo X200" is a name's case).
LOWER_START = regexes.lazy(r"^[\W_]*\p{Ll}+(?![\p{L}\d])")
# A sentence ends inside the block and another begins: "… this is hard. We don't …". A
# capitalised word of three letters before a full stop is a title's abbreviation, not a
# sentence's end: "New York man pleads guilty to threatening to kill Rep. Ilhan Omar".
INNER_SENTENCE = regexes.lazy(r"(?<!\p{L})(?!\p{Lu}\p{Ll}{2}\.)\p{L}*\p{Ll}{2}[.!?]+[\"'”’)]*\s+[\"'“‘(]*\p{Lu}")
# Share of a block's words that start with a capital (or a digit) for it to be in title case.
TITLE_CASE_SHARE = 0.5


@dataclass(frozen=True)
class Params:
    """An offtopic rule's parameters (the module's docstring explains them)."""
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
    tail_patterns: tuple[str, ...] = ()
    skip_fragments: bool = False
    dangling_words: tuple[str, ...] = ()
    opening_words: tuple[str, ...] = ()
    max_run: int = 0  # 0: no limit
    box_min_run: int = 0  # 0: candidates always vouch for each other
    box_table_share: float = 0.5  # a word in this share of a run's members: a table, not a box
    box_only: bool = False  # only members of a box are flagged (needs box_min_run)
    between_prose: bool = False  # a block between two prose blocks is inside the article
    neighbours_vouch: bool = True  # false: candidates next to each other don't lend their words
    stopwords: tuple[str, ...] = ()  # empty: newslint.topic.STOPWORDS
    lead_in_capital: bool = False  # a lead-in with no colon (bar, dash) needs a capital after it
    lone_bullets: bool = False  # a bullet with no bullet next to it is no list: judge it as a line
    vouch_blocks: int = 1  # a word vouches when this many other prose blocks use it ...
    vouch_words: int = 0  # ... one more on a page with this many words of prose (0: never)
    vouch_long: int = 0  # ... but one will do for a word (stemmed) this long (0: no exception)
    vouch_blocks_lead_in: int = 0  # after a lead-in, `vouch_blocks` is this (0: the same)
    lead_in_regex: regexes.Pattern | None = field(init=False, default=None, compare=False)
    skip: tuple[regexes.Pattern, ...] = field(init=False, default=(), compare=False)
    tails: tuple[regexes.Pattern, ...] = field(init=False, default=(), compare=False)
    dangling: frozenset[str] = field(init=False, default=frozenset(), compare=False)
    openers: frozenset[str] = field(init=False, default=frozenset(), compare=False)
    stop: frozenset[str] = field(init=False, default=topic.STOPWORDS, compare=False)

    def __post_init__(self) -> None:
        for key in ("max_overlap", "max_overlap_lead_in"):
            if not 0.0 <= getattr(self, key) <= 1.0:
                raise ParamError(key, f"'{key}' must be a share between 0 and 1")
        if not -1.0 <= self.overlap_above < 1.0:
            raise ParamError("overlap_above", "'overlap_above' must be a share below 1 (or -1: no lower bound)")
        if self.max_run < 0:
            raise ParamError("max_run", "'max_run' must be >= 0 (0: no limit)")
        if self.box_min_run < 0:
            raise ParamError("box_min_run", "'box_min_run' must be >= 0 (0: no boxes)")
        if self.box_only and not self.box_min_run:
            raise ParamError("box_only", "'box_only' needs 'box_min_run' (how many headlines make a box)")
        if not 0.0 < self.box_table_share <= 1.0:
            raise ParamError("box_table_share", "'box_table_share' must be a share above 0 and at most 1")
        for key in ("min_words", "min_words_lead_in", "vocabulary_min_words", "article_min_words"):
            if getattr(self, key) < 1:
                raise ParamError(key, f"'{key}' must be at least 1")
        if self.max_words < max(self.min_words, self.min_words_lead_in):
            raise ParamError("max_words", "'max_words' must be at least 'min_words' and 'min_words_lead_in'")
        if self.min_novel < 0 or self.min_novel_lead_in < 0:
            raise ParamError("min_novel", "'min_novel' and 'min_novel_lead_in' must be >= 0")
        if self.require_lead_in and not self.lead_ins:
            raise ParamError("require_lead_in", "'require_lead_in' needs a list of 'lead_ins'")
        if self.vouch_blocks < 1:
            raise ParamError("vouch_blocks", "'vouch_blocks' must be at least 1")
        for key in ("vouch_words", "vouch_long", "vouch_blocks_lead_in"):
            if getattr(self, key) < 0:
                raise ParamError(key, f"'{key}' must be >= 0 (0: off)")
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
        object.__setattr__(self, "tails", regexes.compile_list("tail_patterns", self.tail_patterns, regexes.IGNORECASE))
        object.__setattr__(self, "dangling", frozenset(w.casefold() for w in self.dangling_words))
        object.__setattr__(self, "openers", frozenset(w.casefold() for w in self.opening_words))
        if self.stopwords:
            object.__setattr__(self, "stop", frozenset(sketch.normalize(w) for w in self.stopwords))


@dataclass(frozen=True)
class Candidate:
    """A block that may be an off-topic headline: the block, its lead-in and its headline text."""
    block: Block
    lead_in: str  # "" when bare
    headline: str


def candidates(doc: Document, params: Params) -> list[Candidate]:
    """Blocks shaped like a headline, with any lead-in split off."""
    span = layout.article_span(doc, params.article_min_words)
    if span is None:
        return []  # no article prose: nothing for a line to be off (or on) its topic
    found = []
    blocks = doc.blocks
    for position, block in enumerate(blocks):
        if params.roles and block.role not in params.roles and not (
            params.lone_bullets and block.role == "bullet" and "paragraph" in params.roles and lone(blocks, position)
        ):
            continue
        if params.positions:
            where = layout.position(block, span)
            if where != "body" and params.between_prose and between_prose(blocks, position, params):
                # Two promos pasted after the article's first paragraph (or before its last)
                # put it out of the span's reach; between two paragraphs is still inside.
                where = "body"
            # A promo pasted into the article sits between its paragraphs, never at either end.
            if where not in params.positions or span and block.index in span:
                continue
        text = block.content.strip()
        lead_in, headline = "", text
        match = regexes.match(params.lead_in_regex, text) if params.lead_in_regex else None
        if match and params.lead_in_capital and not match["sep"] and LOWER_START.match(match["rest"]):
            match = None  # "Listen to your gut", "Watch out for ice": a sentence, not a lead-in
        if match:
            lead_in, headline = match["lead"], match["rest"].strip()
        elif params.require_lead_in:
            continue
        for tail in params.tails:
            headline = regexes.subn(tail, "", headline)[0].rstrip() or headline
        words = len(headline.split())
        if not (params.min_words_lead_in if lead_in else params.min_words) <= words <= params.max_words:
            continue
        if not params.allow_full_stop and FULL_STOP.search(headline):
            continue
        # Every test here only drops a block, so their order cannot change the candidates: the
        # skip patterns (a dozen long regexes) run last of the cheap ones, on headline-shaped
        # blocks only, not on every paragraph (they were most of the kind's time).
        if any(regexes.search(regex, text) for regex in params.skip):
            continue
        following = blocks[position + 1].content if position + 1 < len(blocks) else ""
        if params.skip_fragments and is_fragment(headline, following, params, bool(lead_in)):
            continue
        if params.max_run and not lead_in and run_length(blocks, position, params) > params.max_run:
            continue
        found.append(Candidate(block, lead_in, headline))
    return found


def lone(blocks: list[Block], position: int) -> bool:
    """Whether blocks[position] has no bullet on either side: a list has two items or more."""
    return all(not 0 <= at < len(blocks) or blocks[at].role != "bullet" for at in (position - 1, position + 1))


def between_prose(blocks: list[Block], position: int, params: Params) -> bool:
    """Whether prose stands on both sides of blocks[position], past at most `max_run` - 1
    other non-prose blocks in all (3 when there is no `max_run`)."""
    allowed = (params.max_run or 3) - 1
    for step in (-1, 1):
        at = position + step
        while 0 <= at < len(blocks) and not layout.is_prose(blocks[at], params.article_min_words):
            allowed -= 1
            at += step
        if allowed < 0 or not 0 <= at < len(blocks):
            return False
    return True


def run_length(blocks: list[Block], position: int, params: Params) -> int:
    """Consecutive non-prose blocks around blocks[position], itself included, counted up to
    one more than `max_run` (enough to decide, and a huge file's window has that context)."""
    limit = params.max_run + 1
    length = 1
    for step in (-1, 1):
        at = position + step
        while 0 <= at < len(blocks) and length < limit and not layout.is_prose(blocks[at], params.article_min_words):
            length += 1
            at += step
    return length


def is_fragment(headline: str, following: str, params: Params, after_lead_in: bool = False) -> bool:
    """Whether a headline-shaped block is a piece of the page's own text (see the module doc).
    After a lead-in, a headline may start in lower case ("Read more: the best phones …")."""
    if headline.endswith(":"):
        return True
    words = headline.split()
    if not after_lead_in and LOWER_START.match(headline):
        capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
        if capitalised < TITLE_CASE_SHARE * len(words):
            return True
    if following and LOWER_START.match(following):
        return True
    if not words:
        return False
    first, last = (w.strip("\"'“”‘’()[],;:!?….").casefold() for w in (words[0], words[-1]))
    if last in params.dangling or first in params.openers:
        return True
    return INNER_SENTENCE.search(headline) is not None


@dataclass(frozen=True)
class Assessment:
    """A candidate and how much of its content the rest of the document shares."""
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
    words_of = {c.block.index: set(topic.content_words(c.headline, params.stop)) for c in found}
    boxes = headline_boxes(words_of, params.box_min_run, params.box_table_share) if params.box_min_run else {}
    if not params.neighbours_vouch:
        # Two promos pasted together share a story's words with each other, not the article's.
        for run in candidate_runs(words_of):
            for index in run:
                boxes[index] = boxes.get(index, set()) | set(run)
    long_page = bool(params.vouch_words) and prose_words(doc, params.vocabulary_min_words) >= params.vouch_words
    assessed = []
    for candidate in found:
        words = words_of[candidate.block.index]
        if not words or params.box_only and candidate.block.index not in boxes:
            continue
        exclude = frozenset(copies[sketch.normalize(candidate.headline)] | boxes.get(candidate.block.index, set()))
        need = (params.vouch_blocks_lead_in if candidate.lead_in and params.vouch_blocks_lead_in else params.vouch_blocks) + long_page
        shared = topic.shared_words(words, vocab, exclude, need, params.vouch_long)
        assessed.append(Assessment(candidate, len(shared) / len(words), len(words) - len(shared)))
    return assessed


def prose_words(doc: Document, min_words: int) -> int:
    """Words in the blocks the vocabulary reads (of at least `min_words` words), the whole
    file's for a huge file's window."""
    if doc.whole is not None:
        return doc.whole.prose_words(min_words)
    return sum(block.word_count for block in doc.blocks if block.word_count >= min_words)


# Candidates at most this many block indices apart follow one another in a box.
BOX_STEP = 2


def candidate_runs(words_of: dict[int, set[str]]) -> list[list[int]]:
    """The candidates' block indices in runs that follow one another (at most BOX_STEP apart)."""
    runs: list[list[int]] = []
    for index in sorted(words_of):
        if runs and index - runs[-1][-1] <= BOX_STEP:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def headline_boxes(words_of: dict[int, set[str]], min_run: int, table_share: float) -> dict[int, set[int]]:
    """Block index -> the indices of its box's members, for candidates in a box (see above)."""
    boxes: dict[int, set[int]] = {}
    for run in candidate_runs(words_of):
        if len(run) < min_run:
            continue
        counts = Counter(word for index in run for word in words_of[index])
        if counts and max(counts.values()) >= table_share * len(run):
            continue  # a table of like things
        boxes.update((index, set(run)) for index in run)
    return boxes


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
