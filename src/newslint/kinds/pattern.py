"""`pattern`: literal phrases and regular expressions matched against lines, blocks or sentences.

With `whole: true` the whole line, block or sentence must be the phrase or pattern
(surrounding punctuation and spaces aside), so "Skip to content" alone on a line is
flagged but the same words inside a sentence are not. `max_words` limits the rule to short blocks,
`roles` to bullets, headings or paragraphs, and `min_run` asks for that many matching
blocks in a row (a tag list is a run of short bullets).

`tokens` describe what a unit is made of rather than what it contains: the unit matches
when, once every token match is taken out, at most `max_other_words` words remain (each
of which must fully match `other_words`, a case-sensitive regex, when given) — a line made
of dates and times, or of share-button names. With phrases or patterns as well, both must
hold.

Where a block sits can be required too. `positions` takes `lead`, `body` and `tail`: before
the article's first prose block, between its first and last, after its last (see
newslint.layout; prose is `article_min_words` words ending like a sentence). `after` takes
regexes for a section header ("Related articles", "Most read"): the block must follow such
a header by at most `after_max_blocks` blocks with no prose block in between (unless
`after_stops_at_prose: false`) — the links listed under a related-stories header, say. `next_to` takes regexes one of the blocks right
before or right after must match: a caption sits next to its photo credit.

A long block inside the article's span is more often prose that mentions a newsletter or a
photo than the furniture itself. `span_min_words` (0: off) asks more of a block of that many
words or more between the article's first and last prose block: it counts only if the
sentence holding the match addresses the reader (`span_addressing: true`: a word of the
reader, "you", "your", …, or an opening imperative, both word classes of
data/line-words.yaml), or if the match opens the block or ends within `span_edge_chars`
characters of its end (a credit sits at a caption's edge: "© Name …", "… (Image: GETTY)").
It needs `scope: block` or `scope: sentence`.

Right above the article, a short line whose words the article itself uses is its heading (or
the name of its subject or author) more often than the page's furniture, which names other
things: "Intro to astronomy" over a page on telescopes, "Home" or "Archives" over anything.
`heading_blocks` (0: off) leaves alone a block at most that many blocks before the article's
first prose block when every one of its content words (newslint.topic: stemmed, no stopwords
or bare numbers) occurs in another block of the document's vocabulary (its blocks of at least
`vocabulary_min_words`, 8, words). A block with no content words is not vouched for.

Example:
    - id: skip-to-content
      kind: pattern
      category: boilerplate
      severity: error
      message: 'navigation link "{match}"'
      phrases: ["skip to content", "skip to main content"]
      scope: line
      whole: true
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Literal

from newslint import layout, phrases, prefilter, regexes, scan, topic
from newslint.document import Block, Document
from newslint.errors import ParamError
from newslint.findings import Finding

SCOPE = "document"
PLACEHOLDERS = frozenset({"match"})
ROLES = ("paragraph", "bullet", "heading")


@dataclass(frozen=True)
class Params:
    """A pattern rule's parameters (the module's docstring explains them)."""
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    scope: Literal["line", "block", "sentence"] = "block"
    whole: bool = False
    case_sensitive: bool = False
    roles: tuple[str, ...] = ()
    max_words: int = 0  # 0: any length
    min_run: int = 1
    tokens: tuple[str, ...] = ()
    max_other_words: int = 0
    other_words: str = ""
    positions: tuple[Literal["lead", "body", "tail"], ...] = ()
    article_min_words: int = 10
    after: tuple[str, ...] = ()
    after_max_blocks: int = 8
    after_stops_at_prose: bool = True
    next_to: tuple[str, ...] = ()
    span_min_words: int = 0  # 0: a long block inside the article's span is judged like any other
    span_addressing: bool = False
    span_edge_chars: int = -1  # -1: the edge test is off; 0: the match must open or end the block
    heading_blocks: int = 0  # 0: off; else the article's own heading above it is left alone (docstring)
    # The vocabulary `heading_blocks` reads, declared so that a huge file's first pass gathers it
    # for the whole file (windows.gather_facts), as for the offtopic and line-model kinds.
    vocabulary_min_words: int = field(init=False, default=8)
    stop: frozenset[str] = field(init=False, default=topic.STOPWORDS, compare=False)
    # Phrase lists run as `phrases.PhraseList` (re, gated by an automaton); every user regex with `regexes`, so each search has a time limit.
    compiled: tuple[phrases.PhraseList | regexes.Pattern, ...] = field(init=False, default=(), compare=False)
    # What a unit must contain for each compiled regex to match: the others are not run on it.
    needs: tuple[prefilter.Needs, ...] = field(init=False, default=(), compare=False, repr=False)
    # The user patterns that can only match at the start, joined: where it fails to match, none of
    # them can, and one call replaces a dozen (most units are prose that no whole-line pattern
    # matches). `gated` marks them; a phrase list stays out, as it runs on re, not `regex`.
    anchored_gate: regexes.Pattern | None = field(init=False, default=None, compare=False, repr=False)
    gated: tuple[bool, ...] = field(init=False, default=(), compare=False, repr=False)
    token_regex: regexes.Pattern | None = field(init=False, default=None, compare=False)
    other_regex: regexes.Pattern | None = field(init=False, default=None, compare=False)
    headers: tuple[regexes.Pattern, ...] = field(init=False, default=(), compare=False)
    neighbours: tuple[regexes.Pattern, ...] = field(init=False, default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.phrases and not self.patterns and not self.tokens:
            raise ParamError("phrases", "give at least one of 'phrases', 'patterns' or 'tokens'")
        if self.max_other_words < 0 or self.article_min_words < 1 or self.after_max_blocks < 1:
            raise ParamError("max_other_words", "'max_other_words' must be >= 0, 'article_min_words' and 'after_max_blocks' >= 1")
        for role in self.roles:
            if role not in ROLES:
                raise ParamError("roles", f"unknown role '{role}'; use: {', '.join(ROLES)}")
        if self.span_min_words < 0 or self.span_edge_chars < -1:
            raise ParamError("span_min_words", "'span_min_words' must be >= 0 and 'span_edge_chars' >= -1")
        if self.span_min_words and self.scope == "line":
            raise ParamError("span_min_words", "'span_min_words' needs scope: block or scope: sentence (a match's place in its block)")
        if self.max_words < 0 or self.min_run < 1:
            raise ParamError("min_run" if self.min_run < 1 else "max_words", "'max_words' must be >= 0 and 'min_run' >= 1")
        if self.heading_blocks < 0:
            raise ParamError("heading_blocks", "'heading_blocks' must be >= 0 (0: off)")
        flags = 0 if self.case_sensitive else regexes.IGNORECASE
        compiled = []
        if self.phrases:
            # A phrase's spaces match any run of spaces: scrapes are not careful about them. The
            # list runs as one re alternation of the phrases an automaton finds a text may hold
            # (phrases.py): compiling the whole alternation grew far faster than the list.
            compiled.append(phrases.PhraseList(self.phrases, self.whole, flags))
        # Like a phrase, a whole-unit pattern may have punctuation and spaces around it.
        sources = [
            rf"^[\W_]*(?:{source})[\W_]*$" if self.whole and not source.startswith("^") else source
            for source in self.patterns
        ]
        compiled.extend(regexes.compile_list("patterns", sources, flags))
        object.__setattr__(self, "compiled", tuple(compiled))
        # A phrase list's automaton is its own prefilter (and reading its regex would cost what compiling did).
        needs = tuple(prefilter.Needs() if isinstance(regex, phrases.PhraseList) else prefilter.Needs.of(regex)
                      for regex in compiled)
        object.__setattr__(self, "needs", needs)
        gated = tuple(need.anchored and isinstance(regex, regexes.Pattern) for regex, need in zip(compiled, needs))
        gate = regexes.union([regex for regex, in_gate in zip(compiled, gated) if in_gate])
        object.__setattr__(self, "anchored_gate", gate)
        object.__setattr__(self, "gated", gated if gate is not None else (False,) * len(compiled))
        if self.tokens:
            alternatives = "|".join(f"(?:{t})" for t in sorted(self.tokens, key=len, reverse=True))
            object.__setattr__(self, "token_regex", _compile("tokens", rf"(?<!\w)(?:{alternatives})(?!\w)", flags))
        if self.other_words:
            object.__setattr__(self, "other_regex", _compile("other_words", self.other_words, 0))
        headers = tuple(_compile("after", rf"^[\W_]*(?:{h})[\W_]*$", flags) for h in self.after)
        # Only whether some header matches counts: one joined pattern asks that in one call.
        joined = regexes.union(headers)
        object.__setattr__(self, "headers", (joined,) if joined else headers)
        object.__setattr__(self, "neighbours", tuple(_compile("next_to", n, flags) for n in self.next_to))
        # A long phrase list stays out of the gate: its automaton already is one, and relaxing and
        # compiling a megabyte alternation into the gate's database would cost what compiling it did.
        in_gate = [regex for regex in self.compiled if len(regex.pattern) <= scan.MAX_GATED_CHARS]
        scan.register(self, *in_gate, self.anchored_gate, self.token_regex, *self.headers, *self.neighbours)


def _compile(key: str, source: str, flags: int) -> regexes.Pattern:
    try:
        return regexes.compile(source, flags)
    except regexes.error as err:
        raise ParamError(key, f"'{key}' is not a valid regular expression: {err}") from None
    except regexes.UnsafePattern as err:
        raise ParamError(key, f"'{key}': {err}") from None


def cannot_fix(params: Params) -> str | None:
    if params.scope == "sentence":
        return "a 'scope: sentence' finding names part of a line, and fix cuts whole lines; use scope: line or block"
    return None


def check(doc: Document, rule) -> Iterator[Finding]:
    params: Params = rule.params
    out = scan.ruled_out(doc)  # the regexes that match nowhere in this document
    regex_set = frozenset(params.compiled)  # once per document: each block then asks in one C call
    if _none_can_match(params, regex_set, out):
        return
    hits: dict[int, list[tuple[int, int, str, str]]] = {}  # block index -> (line, column, match, excerpt)
    span = layout.article_span(doc, params.article_min_words) if params.positions or params.span_min_words or params.heading_blocks else None
    under = _under_header(doc, params, out) if params.headers else None
    for block, out_here in zip(doc.blocks, scan.ruled_out_by_block(doc)):
        # The cheapest test first: most blocks of most rules fail on their role.
        if params.roles and block.role not in params.roles:
            continue
        if _none_can_match(params, regex_set, out_here):
            continue
        if params.positions and layout.position(block, span) not in params.positions:
            continue
        if under is not None and block.index not in under:
            continue
        if params.neighbours and not _next_to(doc, block, params, out):
            continue
        if params.max_words and block.word_count > params.max_words:
            continue
        # A long block in the article's span: only matches that pass `span_*` (the module's docstring).
        judged = bool(params.span_min_words) and span is not None and block.word_count >= params.span_min_words \
            and layout.position(block, span) == "body"
        try:
            block_hits = list(_block_hits(block, doc, params, out_here, judged))
        except regexes.PatternTimeout as err:
            err.line = block.line
            raise
        if block_hits and not (params.heading_blocks and span is not None and _heads_article(doc, block, span, params)):
            hits[block.index] = block_hits
    for index, block_hits in sorted(hits.items()):
        if params.min_run > 1 and _run_length(hits, index) < params.min_run:
            continue
        block = doc.blocks[index]
        for line, column, match, excerpt in block_hits:
            end_line = block.end_line if params.scope == "block" else line
            yield rule.finding(doc.path, line, excerpt, end_line=end_line, column=column, match=match)


def _none_can_match(params: Params, regex_set: frozenset, out: frozenset) -> bool:
    """Whether the rule's regexes in `out` (scan.ruled_out) leave it nothing to find;
    `regex_set` is frozenset(params.compiled)."""
    return params.token_regex in out or bool(regex_set) and regex_set <= out


def _block_hits(block: Block, doc: Document, params: Params, out: frozenset, judged: bool = False) -> Iterator[tuple[int, int, str, str]]:
    """The rule's matches in the block's units; with `judged`, only those `_in_span_counts` keeps."""
    if params.scope == "line":
        units = [(n, doc.lines[n - doc.first_line], 0) for n in range(block.line, block.end_line + 1)]
        for line, text, _ in units:
            match = _search(text.strip(), params, out)
            if match:
                indent = len(text) - len(text.lstrip())
                yield line, indent + match.start() + 1, match.group(0).strip(), text
    elif params.scope == "block":
        match = _search(block.content, params, out)
        if match and (not judged or _in_span_counts(block, match.start(), match.end(), params)):
            line, column = block.locate(block.content_offset + match.start())
            yield block.line, column, match.group(0).strip(), block.text
    else:
        for sentence in block.sentences:
            match = _search(sentence.text, params, out)
            if match and (not judged or _in_span_counts(block, sentence.start + match.start(), sentence.start + match.end(), params)):
                line, column = block.locate(block.content_offset + sentence.start + match.start())
                yield line, column, match.group(0).strip(), sentence.text


def _in_span_counts(block: Block, start: int, end: int, params: Params) -> bool:
    """Whether a match at block.content[start:end] counts in a long block inside the article's
    span: it opens the block or ends near its end (`span_edge_chars`), or its sentence addresses
    the reader (`span_addressing`)."""
    content = block.content
    if params.span_edge_chars >= 0:
        if not content[:start].strip(" \t\"'“‘([•*-") or len(content[end:].rstrip()) <= params.span_edge_chars:
            return True
    if params.span_addressing:
        from newslint import line_features, sketch  # the word classes (data/line-words.yaml)

        held = [sentence for sentence in block.sentences if sentence.start <= start]  # the match's sentence is the last
        words = sketch.words(held[-1].text if held else content)
        if words and words[0] in line_features.IMPERATIVES or any(w in line_features.READER for w in words):
            return True
    return False


def _heads_article(doc: Document, block: Block, span: tuple[int, int], params: Params) -> bool:
    """Whether `block` is at most `heading_blocks` blocks above the article's first prose block
    and the document's vocabulary uses every one of its content words (the module's docstring)."""
    if not span[0] - params.heading_blocks <= block.index < span[0]:
        return False
    words = set(topic.content_words(block.content, params.stop))
    if not words:
        return False
    vocab = topic.vocabulary(doc, params.vocabulary_min_words, params.stop)
    return len(topic.shared_words(words, vocab, frozenset({block.index}))) == len(words)


def _search(text: str, params: Params, out: frozenset = scan.NOTHING) -> re.Match[str] | regexes.Match | None:
    """The first match of the rule's regexes in `text`; those in `out` (scan.ruled_out) are not run."""
    if params.token_regex is not None and not _composed(text, params):
        return None
    if not params.compiled:
        return re.match(r"\s*(.*\S)", text)  # made of tokens: the whole unit is the match
    lowered: str | None | bool = False  # not made yet
    gate = params.anchored_gate
    anchored_may_match = gate is None or gate not in out and regexes.match(gate, text) is not None
    for regex, needs, gated in zip(params.compiled, params.needs, params.gated):
        if gated and not anchored_may_match or regex in out:
            continue
        if needs.folded and lowered is False:
            lowered = prefilter.folded(text)
        if needs.impossible(text, lowered):
            continue  # it cannot match here: skip the scan
        # An escaped phrase list cannot backtrack without end; a user's pattern gets a time limit.
        if isinstance(regex, phrases.PhraseList):
            match = regex.search(text)
        else:
            match = regexes.match(regex, text) if needs.anchored else regexes.search(regex, text)
        if match:
            return match
    return None


def _composed(text: str, params: Params) -> bool:
    """True when `text` is tokens plus at most `max_other_words` words of the `other_words` shape."""
    rest, found = regexes.subn(params.token_regex, " ", text)
    if not found:
        return False
    others = re.findall(r"\w[\w.'’&-]*", rest)
    if len(others) > params.max_other_words:
        return False
    return params.other_regex is None or all(regexes.fullmatch(params.other_regex, w) for w in others)


def _next_to(doc: Document, block: Block, params: Params, out: frozenset) -> bool:
    """True when the block just before or just after this one matches a `next_to` regex."""
    for index in (block.index - 1, block.index + 1):
        if 0 <= index < len(doc.blocks):
            text = doc.blocks[index].content.strip()
            if any(regex not in out and regexes.search(regex, text) for regex in params.neighbours):
                return True
    return False


def _under_header(doc: Document, params: Params, out: frozenset) -> set[int]:
    """Indices of the blocks listed under a section header (not the header itself)."""
    found: set[int] = set()
    header: int | None = None
    for block in doc.blocks:
        text = block.content.strip()
        if any(regex not in out and regexes.match(regex, text) for regex in params.headers):
            header = block.index
        elif params.after_stops_at_prose and layout.is_prose(block, params.article_min_words):
            header = None
        elif header is not None and block.index - header <= params.after_max_blocks:
            found.add(block.index)
    return found


def _run_length(hits: dict[int, object], index: int) -> int:
    start = index
    while start - 1 in hits:
        start -= 1
    end = index
    while end + 1 in hits:
        end += 1
    return end - start + 1
