"""A huge file checked in windows of whole blocks, in memory that does not grow with its size.

A file of at least HUGE_FILE_BYTES is never held whole. It is read twice, as a stream
(`stream_lines`), and split into blocks by the same `document.BlockSplitter` as any file:

1. The first pass keeps only what rules must know of the whole file (`Facts`): where the
   article runs (layout.article_span, one per `article_min_words` in use) and, for the
   off-topic rules, which blocks use each content word (topic.vocabulary; capped).
2. The second pass cuts the blocks into windows of about WINDOW_LINES lines or
   WINDOW_CHARS characters. Each window is a Document whose blocks carry file line numbers
   (`first_line`, `whole`); it is checked with CONTEXT_BLOCKS blocks of the windows before
   and after it, so that a rule looking at neighbouring blocks (next_to, after, min_run, the
   sentence before a figure) sees what it would see in the whole file, and only its
   findings on the window's own blocks are kept. A kind that must see every earlier block
   (`repeated`) has `check_window(doc, rule, earlier)` and carries a compact summary
   from window to window; a corpus kind's per-window summaries are folded by its `merge`.

A file is checked in windows only when every corpus and archive rule's kind can `merge`
its summaries; otherwise it is read whole, as before. What is still held whole: a run of
lines of editor width with no blank line between them (it may be one hard-wrapped
paragraph, which is one block), and a file whose bytes are not valid in its encoding (read
whole once, to report the error exactly as for any file).
"""

from __future__ import annotations

import bisect
import codecs
import dataclasses
import itertools
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

from newslint import document, layout, linter, suppress, topic
from newslint.document import HUGE_FILE_BYTES, Block, BlockSplitter, Document, is_huge, setting  # noqa: F401 (is_huge: re-exported)
from newslint.errors import UserError
from newslint.findings import Finding
from newslint.kinds import KINDS
from newslint.rules import Rule

# HUGE_FILE_BYTES, setting and is_huge live in document.py, which every run imports: a run of
# small files asks is_huge of each and never imports this module.
# A window closes after the block that brings it to this many lines or characters.
WINDOW_LINES = 25_000
WINDOW_CHARS = 2_000_000
# Blocks of the neighbouring windows a window is checked with; more when a rule reaches
# further (a pattern's `after_max_blocks` or `min_run`).
CONTEXT_BLOCKS = 16
READ_BYTES = document.CR_SAMPLE_BYTES  # the first piece also decides CR-only line ends, as for a small file
# The off-topic vocabulary of a huge file: at most this many words, each with the first
# VOCABULARY_USES blocks that use it (a headline copied more often than that may count
# one of its own copies as a use elsewhere).
VOCABULARY_WORDS = 200_000
VOCABULARY_USES = 16
# Blocks handed to the first pass at once (its per-batch caches are then dropped): at most
# this many blocks or characters, whichever comes first. Counting characters too keeps a
# batch of the pieces of one cut 50 MB line from being the whole line (batches of blocks
# alone held all of it, with its words: 15x the input).
FACT_BATCH = 4096
FACT_BATCH_CHARS = 1_000_000
# A line longer than this (a whole page with no newline) is cut, after a space where it has
# one, into pieces that are checked as lines of their own, so that it is windowed like any
# huge file; findings are then given their place in the real line (`LineCuts`).
# Small enough that a window's neighbouring blocks (CONTEXT_BLOCKS each side) stay a few MB.
LONG_LINE_CHARS = 100_000


def can_window(rules: Sequence[Rule]) -> bool:
    """True when every corpus and archive rule's kind can fold per-window summaries."""
    return all(KINDS[r.kind].SCOPE == "document" or hasattr(KINDS[r.kind], "merge") for r in rules)


@dataclass
class LineCuts:
    """Where stream_lines cut long lines: for each cut line, the 0-based index of its first
    piece among the lines given, its real 0-based index, and each piece's column offset."""

    firsts: list[int] = field(default_factory=list)
    reals: list[int] = field(default_factory=list)
    offsets: list[list[int]] = field(default_factory=list)

    def place(self, line: int, column: int = 1) -> tuple[int, int]:
        """The real (line, column) of a 1-based (line, column) among the pieces."""
        at = bisect.bisect_right(self.firsts, line - 1) - 1
        if at < 0:
            return line, column
        piece = line - 1 - self.firsts[at]
        if piece < len(self.offsets[at]):
            return self.reals[at] + 1, column + self.offsets[at][piece]
        return line - (self.firsts[at] - self.reals[at]) - (len(self.offsets[at]) - 1), column

    def finding(self, finding: Finding) -> Finding | None:
        """The finding placed in the real lines; None when it relates a line to itself (one
        piece of a cut line "repeating" another: read whole, it is one block)."""
        if not self.firsts:
            return finding
        line, column = self.place(finding.line, finding.column)
        end_line, _ = self.place(finding.end_line)
        related = finding.related
        if related is not None and related.path == finding.path:
            related = dataclasses.replace(related, line=self.place(related.line)[0])
            if line <= related.line <= end_line:
                return None
        return dataclasses.replace(finding, line=line, end_line=end_line, column=column, related=related)


def cut_line(line: str, limit: int) -> list[str]:
    """`line` in pieces of at most `limit` characters, each ending after a space when it can."""
    pieces, start = [], 0
    while len(line) - start > limit:
        end = line.rfind(" ", start, start + limit) + 1
        end = end if end > start else start + limit
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return pieces


def stream_lines(path: str, name: str, encoding: str, cuts: LineCuts | None = None) -> Iterator[str]:
    """The file's lines (see `_stream_lines`), a line over LONG_LINE_CHARS given in pieces;
    `cuts`, when given, records where."""
    limit = setting("LONG_LINE_CHARS", LONG_LINE_CHARS)
    given = real = 0
    pieces: list[int] = []  # lengths of the pieces of the current line given so far
    for text, complete in _stream_lines(path, name, encoding, limit):
        if not complete:  # a piece of a line too long to hold: given at once
            pieces.append(len(text))
            yield text
            continue
        rest = cut_line(text, limit) if len(text) > limit else [text]
        if pieces or len(rest) > 1:
            lengths = pieces + [len(piece) for piece in rest]
            if cuts is not None:
                cuts.firsts.append(given)
                cuts.reals.append(real)
                cuts.offsets.append(list(itertools.accumulate(lengths[:-1], initial=0)))
            given += len(lengths)
        else:
            given += 1
        yield from rest
        pieces = []
        real += 1


def _stream_lines(path: str, name: str, encoding: str, limit: int) -> Iterator[tuple[str, bool]]:
    """The file's lines as `document.parse` splits them, read and decoded a piece at a time,
    as (text, True); a line growing past `limit` before its end is given as (piece, False)
    pieces, then its rest.

    Any problem with the bytes (not valid in the encoding, a NUL byte, a binary file) is
    reported by reading the file whole through `document.read_source`, so that the message
    is the same as for a small file; the stream stops there.
    """
    try:
        handle = open(path, "rb")
    except OSError:
        document.read_source(path, name, encoding)  # raises the UserError naming the problem
        raise
    with handle:
        head = handle.read(READ_BYTES)
        bom, codec = document._byte_order_mark(head, document.codec_name(encoding), name)
        decoder = codecs.getincrementaldecoder(codec)()
        data, pending, final = head[len(bom):], "", False
        cr_line_ends: bool | None = None  # decided by the first piece, as document.decode_source does
        while True:
            try:
                text = pending + decoder.decode(data, final=final)
            except UnicodeDecodeError:
                text = None
            if text is None or "\x00" in text:
                document.read_source(path, name, encoding)
                raise UserError("could not be decoded; check the file", name)
            if cr_line_ends is None:
                cr_line_ends = document.has_cr_line_ends(text)
            if cr_line_ends:
                text = text.replace("\r", "\n")
            parts = text.split("\n")
            pending = parts.pop()
            for part in parts:
                yield part.rstrip("\r"), True
            # A line with no end in sight is given in pieces, so that it is never held whole.
            while len(pending) > limit and not final:
                end = pending.rfind(" ", 0, limit) + 1 or limit
                yield pending[:end], False
                pending = pending[end:]
            if final:
                break
            data = handle.read(READ_BYTES)
            final = not data
    if pending:
        yield pending.rstrip("\r"), True


def body_start(lines: Iterator[str]) -> int:
    """Index of the first line after YAML front matter (see document._front_matter_end)."""
    first = next(lines, None)
    if first is None or first.strip() != document.FRONT_MATTER_FENCE:
        return 0
    for index, line in enumerate(lines, 1):
        if line.strip() in (document.FRONT_MATTER_FENCE, "..."):
            return index + 1
    return 0


def stream_blocks(lines: Iterator[str], start: int) -> Iterator[tuple[int, str, list[Block]]]:
    """(line index, line, the blocks it settles) for every line; the last item settles the rest."""
    splitter = BlockSplitter()
    index = -1
    for index, line in enumerate(lines):
        yield index, line, splitter.feed(index, line) if index >= start else []
    yield index + 1, "", splitter.finish()


class SpanTracker:
    """layout.article_span over a stream of blocks, keeping four numbers."""

    def __init__(self, min_words: int) -> None:
        self.min_words = min_words
        self.first = self.last = self.close_start = self.close_end = None

    def feed(self, block: Block) -> None:
        if not layout.is_prose(block, self.min_words):
            return
        if self.last is not None and block.index - self.last <= layout.REACH:
            if self.close_start is None:
                self.close_start = self.last
            self.close_end = block.index
        if self.first is None:
            self.first = block.index
        self.last = block.index

    def span(self) -> tuple[int, int] | None:
        if self.first is None:
            return None
        if self.close_start is None:
            return self.first, self.last
        return self.close_start, self.close_end


@dataclass
class Facts:
    """What the first pass learns of the whole file."""

    spans: dict[int, tuple[int, int] | None] = field(default_factory=dict)  # article_min_words -> span
    vocabularies: dict[tuple[int, frozenset[str]], dict[str, list[int]]] = field(default_factory=dict)
    prose_words: dict[int, int] = field(default_factory=dict)  # vocabulary_min_words -> words of those blocks


@dataclass(frozen=True)
class Whole:
    """A window's view of the file's facts: block indices shifted to the window's own."""

    facts: Facts
    block_offset: int  # the file index of the window's first block

    def article_span(self, min_words: int) -> tuple[int, int] | None:
        span = self.facts.spans[min_words]
        return None if span is None else (span[0] - self.block_offset, span[1] - self.block_offset)

    def vocabulary(self, min_words: int, stopwords: frozenset[str]) -> Mapping[str, frozenset[int]]:
        return _Shifted(self.facts.vocabularies[(min_words, stopwords)], self.block_offset)

    def prose_words(self, min_words: int) -> int:
        """Words in the file's blocks of at least `min_words` words (what its vocabulary reads)."""
        return self.facts.prose_words[min_words]


class _Shifted(Mapping):
    """A file vocabulary read with window block indices; only the words looked up are shifted."""

    def __init__(self, uses: dict[str, list[int]], offset: int) -> None:
        self.uses, self.offset = uses, offset

    def __getitem__(self, word: str) -> frozenset[int]:
        return frozenset(index - self.offset for index in self.uses[word])

    def __iter__(self) -> Iterator[str]:
        return iter(self.uses)

    def __len__(self) -> int:
        return len(self.uses)


def context_blocks(rules: Sequence[Rule]) -> int:
    reach = [getattr(r.params, key, 0) for r in rules for key in ("after_max_blocks", "min_run")]
    return max([CONTEXT_BLOCKS, *(n + 1 for n in reach)])


def gather_facts(path: str, name: str, encoding: str, rules: Sequence[Rule], start: int) -> Facts:
    spans = {m: SpanTracker(m) for m in {r.params.article_min_words for r in rules if hasattr(r.params, "article_min_words")}}
    wanted = {(r.params.vocabulary_min_words, r.params.stop) for r in rules if hasattr(r.params, "vocabulary_min_words")}
    vocabularies: dict[tuple[int, frozenset[str]], dict[str, list[int]]] = {key: {} for key in wanted}
    prose_words = {min_words: 0 for min_words, _ in wanted}
    batch: list[Block] = []
    batch_chars = 0

    def learn() -> None:
        nonlocal batch_chars
        # A document of this batch's blocks (with their file indices) lets topic.vocabulary
        # and the shared tokeniser do the work; its caches go with it.
        doc = Document(path=name, lines=(), blocks=tuple(batch))
        for (min_words, stop), uses in vocabularies.items():
            for word, blocks in topic.vocabulary(doc, min_words, stop).items():
                held = uses.get(word)
                if held is None:
                    if len(uses) >= VOCABULARY_WORDS:
                        continue
                    held = uses[word] = []
                if len(held) < VOCABULARY_USES:
                    held.extend(sorted(blocks)[: VOCABULARY_USES - len(held)])
        batch.clear()
        batch_chars = 0

    for _, _, blocks in stream_blocks(stream_lines(path, name, encoding), start):
        for block in blocks:
            for tracker in spans.values():
                tracker.feed(block)
            for min_words in prose_words:
                if block.word_count >= min_words:
                    prose_words[min_words] += block.word_count
            if vocabularies:
                batch.append(block)
                batch_chars += len(block.text)
                if len(batch) >= FACT_BATCH or batch_chars >= FACT_BATCH_CHARS:
                    learn()
    if batch:
        learn()
    return Facts({m: tracker.span() for m, tracker in spans.items()}, vocabularies, prose_words)


@dataclass(frozen=True)
class Window:
    """One window: its own blocks (`core`) and the same with its neighbours' (`wide`)."""

    core: Document
    wide: Document
    first_line: int  # the lines whose findings are the window's
    last_line: int


def windows(
    path: str,
    name: str,
    encoding: str,
    rules: Sequence[Rule],
    window_lines: int = WINDOW_LINES,
    window_chars: int = WINDOW_CHARS,
    markers: list[suppress.Marker] | None = None,
    cuts: LineCuts | None = None,
) -> Iterator[Window]:
    """The file's windows, in order; `markers` (when given) collects its suppression markers,
    `cuts` where long lines were cut."""
    start = body_start(stream_lines(path, name, encoding))
    facts = gather_facts(path, name, encoding, rules, start)
    reach = context_blocks(rules)
    held: list[Block] = []  # blocks of the previous window kept as context, then the pending ones
    before = 0  # how many of `held` are context
    lines: list[str] = []  # file lines from `base` on
    base = 0  # 0-based index of lines[0]
    size = [0, 0]  # lines and characters of the pending core
    core_end: int | None = None  # len(held) when the pending core filled up
    waiting: list[tuple[int, str]] = []  # markers waiting for the next text line
    made = 0

    def make(end: int, core_stop: int) -> Window:
        nonlocal held, before, base
        wide_blocks, core_blocks = held[:end], held[before:core_stop]
        window = Window(
            core=_window_doc(name, core_blocks, lines, base, facts, start),
            wide=_window_doc(name, wide_blocks, lines, base, facts, start),
            first_line=core_blocks[0].line if core_blocks else 1,
            last_line=core_blocks[-1].end_line if core_blocks else 0,
        )
        keep = max(0, core_stop - reach)
        held, before = held[keep:], core_stop - keep
        if held:
            del lines[: held[0].line - 1 - base]
            base = held[0].line - 1
        return window

    for index, line, settled in stream_blocks(stream_lines(path, name, encoding, cuts), start):
        if markers is not None:
            _collect_marker(markers, waiting, index, line)
        lines.append(line)  # before the blocks it settles: a heading ends on its own line
        for block in settled:
            held.append(block)
            if core_end is None:
                size[0] += block.end_line - block.line + 1
                size[1] += len(block.text)
                if size[0] >= window_lines or size[1] >= window_chars:
                    core_end = len(held)
                    size = [0, 0]
            if core_end is not None and len(held) >= core_end + reach:
                yield make(len(held), core_end)
                made += 1
                core_end = None
    if markers is not None:  # `index` is now the line count: the markers at the end cover nothing
        markers.extend(suppress.Marker(number, text, index + 1) for number, text in waiting)
    if held[before:] or not made:
        yield make(len(held), len(held))


def _collect_marker(markers: list[suppress.Marker], waiting: list[tuple[int, str]], index: int, line: str) -> None:
    """suppress.markers over a stream: a marker waits for the next line that is text."""
    if "<!--" in line and suppress.is_marker(line):
        waiting.append((index + 1, line))
    elif line.strip() and waiting:
        markers.extend(suppress.Marker(number, text, index + 1) for number, text in waiting)
        waiting.clear()


def _window_doc(name: str, blocks: list[Block], lines: list[str], base: int, facts: Facts, start: int) -> Document:
    """A Document of these blocks, numbered from 0, with their file line numbers."""
    if not blocks:
        return Document(path=name, lines=(), blocks=(), first_body_line=start + 1, whole=Whole(facts, 0))
    first, last = blocks[0].line, blocks[-1].end_line
    offset = blocks[0].index
    return Document(
        path=name,
        lines=tuple(lines[first - 1 - base : last - base]),
        blocks=tuple(_renumbered(block, block.index - offset) for block in blocks),
        first_body_line=start + 1,
        first_line=first,
        whole=Whole(facts, offset),
    )


def _renumbered(block: Block, index: int) -> Block:
    return block if block.index == index else Block(index, block.line, block.end_line, block.text, block.role,
                                                    block.column, block.spans)


def check_path(
    path: str,
    rules: Sequence[Rule],
    encoding: str = document.DEFAULT_ENCODING,
    window_lines: int | None = None,
    window_chars: int | None = None,
    name: str | None = None,
) -> linter.Checked:
    """linter.check_document of a huge file, one window at a time. A user rule stopped on one
    window is stopped for the file: it gives the file nothing, as on a file read whole."""
    name = name or path
    window_lines = window_lines or setting("WINDOW_LINES", WINDOW_LINES)
    window_chars = window_chars or setting("WINDOW_CHARS", WINDOW_CHARS)
    findings = []
    summaries: dict[str, Any] = {}
    earlier: dict[str, Any] = {}  # rule id -> what a check_window kind carries between windows
    here: dict[str, str] = {}
    markers: list[suppress.Marker] = []
    cuts = LineCuts()
    for window in windows(path, name, encoding, rules, window_lines, window_chars, markers, cuts):
        for rule in rules:
            kind = KINDS[rule.kind]
            if rule.id in here:
                continue
            with linter.RuleRun(rule, name) as run:  # per rule and window, as per document
                if kind.SCOPE != "document":
                    summary = linter.summarize(window.core, rule)
                    summaries[rule.id] = summary if rule.id not in summaries else kind.merge([summaries[rule.id], summary], rule)
                elif hasattr(kind, "check_window"):
                    found = list(kind.check_window(window.core, rule, earlier.setdefault(rule.id, kind.Earlier())))
                    findings.extend(found)
                else:
                    found = [f for f in kind.check(window.wide, rule) if window.first_line <= f.line <= window.last_line]
                    findings.extend(found)
            if run.stopped:
                here[rule.id] = run.stopped
                summaries.pop(rule.id, None)
        del window  # before the next is built: one window, and its documents' caches, at a time
    placed = (cuts.finding(f) for f in findings if f.rule not in here)
    findings = [f for f in placed if f is not None]
    return linter.Checked(name, findings, summaries, tuple(markers), None, tuple(here.items()))
