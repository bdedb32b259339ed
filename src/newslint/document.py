"""Documents and their blocks: decode a file, drop front matter, split into blocks with exact line spans.

Three layouts occur in scraped news and all give the same blocks:
one paragraph per line, paragraphs separated by blank lines, and hard-wrapped
paragraphs spread over several lines (Markdown style). Bullets and headings are
always blocks of their own.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from newslint import atomic
from newslint.errors import SkippedFile, UserError
from newslint.findings import Record
from newslint.markers import is_marker
from newslint.sentences import Sentence, split_sentences

if TYPE_CHECKING:
    from newslint.windows import Whole

BULLET = re.compile(r"^\s*(?:[•·▪►◦‣*+\-–—]|\d{1,3}[.)])\s+")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
FRONT_MATTER_FENCE = "---"
# A wrapped line is one an editor broke by width: prose lines of similar length.
WRAP_MAX_WIDTH = 100
WRAP_MIN_WIDTH = 30
SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")


@dataclass(frozen=True)
class Block:
    """A paragraph, bullet or heading of a document: its lines, joined text and role."""
    index: int
    line: int  # 1-based first line in the file
    end_line: int  # 1-based last line, inclusive
    text: str  # the block's lines joined by single spaces, stripped
    role: str  # "paragraph", "bullet" or "heading"
    column: int = 1  # 1-based column of the first non-blank character on `line`
    # For each line of the block: where it starts in `text`, and its indentation in the file.
    spans: tuple[tuple[int, int], ...] = ((0, 0),)

    # Cached: two dozen rules ask each block for these.
    @cached_property
    def content(self) -> str:
        """The text without its bullet or heading marker."""
        if self.role == "bullet":
            return BULLET.sub("", self.text, count=1)
        if self.role == "heading":
            return self.text.lstrip("#").strip()
        return self.text

    @cached_property
    def word_count(self) -> int:
        """Words of the content as spaces separate them."""
        return len(self.content.split())

    @property
    def content_offset(self) -> int:
        return len(self.text) - len(self.content)

    def locate(self, offset: int) -> tuple[int, int]:
        """The file (line, column), both 1-based, of a character offset in `text`."""
        for number in range(len(self.spans) - 1, -1, -1):
            start, indent = self.spans[number]
            if offset >= start:
                return self.line + number, indent + offset - start + 1
        return self.line, self.column

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(split_sentences(self.content))


@dataclass(frozen=True, eq=False)  # identity equality: documents key the sketch cache
class Document:
    """One article as rules read it: its lines and its blocks (a file, or one record of a corpus)."""
    path: str  # as the user named it, with forward slashes
    lines: tuple[str, ...]  # every line of the file, line endings removed
    blocks: tuple[Block, ...] = field(default=())
    first_body_line: int = 1  # after any front matter
    # Set when the document is one record of a .jsonl corpus; `path` is then "file.jsonl:ID".
    record: Record | None = None
    # A window of a huge file (windows.py): lines[0] is file line `first_line`, blocks carry
    # file line numbers, and `whole` answers what rules must know of the whole file.
    first_line: int = 1
    whole: "Whole | None" = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


DEFAULT_ENCODING = "utf-8"
# Files of at least this many bytes are checked in windows (windows.py), never held whole.
HUGE_FILE_BYTES = 4_000_000


def setting(name: str, default: int) -> int:
    """A size from the environment (NEWSLINT_HUGE_FILE_BYTES, NEWSLINT_WINDOW_LINES,
    NEWSLINT_WINDOW_CHARS), so that tests and benchmarks can window small files."""
    value = os.environ.get(f"NEWSLINT_{name}", "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def is_huge(path: str) -> bool:
    """Whether the file is checked in windows (windows.py) rather than read whole."""
    try:
        return os.stat(path).st_size >= setting("HUGE_FILE_BYTES", HUGE_FILE_BYTES)
    except OSError:
        return False  # the whole-file reader reports what is wrong with it

# Bytes that occur in text files; a sample with many bytes outside these is binary.
_TEXT_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r\f\v\x1b"
BINARY_SAMPLE = 8192
BINARY_CONTROL_SHARE = 0.05
BINARY_MIN_CONTROLS = 8  # so that one stray NUL in a short text is an error, not a skip
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Source:
    """A file's text as read, and what it takes to write it back in the same encoding."""

    path: str  # as the user named it
    text: str  # decoded, without byte-order mark, line endings as in the file (CR-only ends read as "\n")
    encoding: str  # the codec that decoded it
    bom: bytes = b""  # the byte-order mark the file started with, written back as it was
    newline: str = "\n"  # "\r" for a file whose lines end in CR alone (classic Mac OS), written back so
    stamp: tuple[int, int] | None = None  # (mtime_ns, size) when read: fix will not overwrite a newer file
    digest: bytes | None = None  # atomic.digest of the bytes read: nor one whose content changed since

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return self.bom + text.encode(self.encoding)


def read(path: str | Path, display_path: str | None = None, encoding: str = DEFAULT_ENCODING) -> Document:
    """Read one file as a Document; any problem is a UserError naming the file."""
    source = read_source(path, display_path, encoding)
    return parse(source.text, source.path)


def read_source(path: str | Path, display_path: str | None = None, encoding: str = DEFAULT_ENCODING) -> Source:
    """Read and decode one file; a binary file raises SkippedFile, any other problem UserError."""
    name = display_path or Path(path).as_posix()
    data, stamp = load(path, name)
    return dataclasses.replace(decode_source(data, name, encoding), stamp=stamp, digest=atomic.digest(data))


def from_bytes(data: bytes, name: str, encoding: str = DEFAULT_ENCODING) -> Document:
    """`read` of bytes already read (the cache hashes them first)."""
    source = decode_source(data, name, encoding)
    return parse(source.text, source.path)


def load(path: str | Path, display_path: str | None = None) -> tuple[bytes, tuple[int, int]]:
    """The file's bytes and (mtime_ns, size); any problem is a UserError naming the file."""
    name = display_path or Path(path).as_posix()
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            data = handle.read()
    except IsADirectoryError:
        raise UserError("is a directory, expected a text file", name) from None
    except FileNotFoundError:
        raise UserError("no such file", name) from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UserError("symlink loop; point the link at a real file", name) from None
        raise UserError(f"cannot read file: {err.strerror or err}", name) from None
    return data, (status.st_mtime_ns, status.st_size)


def decode_source(data: bytes, name: str, encoding: str = DEFAULT_ENCODING) -> Source:
    codec = codec_name(encoding)
    bom, codec = _byte_order_mark(data, codec, name)
    body = memoryview(data)[len(bom):]
    try:
        text = str(body, codec)
    except UnicodeDecodeError as err:
        _refuse_utf16(data, codec, name)
        if looks_binary(data):
            raise SkippedFile("binary file, skipped", name) from None
        offset = len(bom) + err.start
        raise UserError(
            f"not valid {_label(codec)} (byte 0x{data[offset]:02x} at offset {offset}); "
            "convert the file, or pass --encoding (for example --encoding latin-1)",
            name,
            data.count(b"\n", 0, offset) + 1,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        _refuse_utf16(data, codec, name)
        if looks_binary(data):
            raise SkippedFile("binary file, skipped", name)
        raise UserError(
            f"NUL byte at column {nul - text.rfind(chr(10), 0, nul)}; "
            "a text file has none: remove it or check that this is the right file",
            name,
            text.count("\n", 0, nul) + 1,
        )
    if "\r" in text and has_cr_line_ends(str(body[:CR_SAMPLE_BYTES - len(bom)], codec, "ignore")):
        return Source(path=name, text=text.replace("\r", "\n"), encoding=codec, bom=bom, newline="\r")
    return Source(path=name, text=text, encoding=codec, bom=bom)


# Where line ends are decided: the text of a file's first MiB, the first piece windows.py
# streams of a huge file, so that both readers split the same file the same way.
CR_SAMPLE_BYTES = 1 << 20


def has_cr_line_ends(head: str) -> bool:
    """True when lines end in CR alone (classic Mac OS): the head holds a CR and no LF. Split at
    "\n" only, such a file is one line of thousands of characters, every finding on line 1;
    read so, every CR of the file ends a line."""
    return "\r" in head and "\n" not in head


# UTF-16 text of mostly ASCII characters without a byte-order mark: a NUL every other byte.
UTF16_SAMPLE = 4096
UTF16_NUL_SHARE = 0.9


def _refuse_utf16(data: bytes, codec: str, name: str) -> None:
    """A UserError with the --encoding to pass, when the bytes read as UTF-16 without a BOM.

    Without this, a UTF-16 file is "binary file, skipped" and the run passes, checking nothing.
    """
    if codec.startswith("utf-16"):
        return
    sample = data[: UTF16_SAMPLE - UTF16_SAMPLE % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return
    for order, nuls, other in (("le", sample[1::2], sample[0::2]), ("be", sample[0::2], sample[1::2])):
        if nuls.count(0) >= UTF16_NUL_SHARE * pairs and other.count(0) < (1 - UTF16_NUL_SHARE) * pairs:
            try:
                data.decode(f"utf-16-{order}")
            except UnicodeDecodeError:
                return
            raise UserError(
                f"looks like UTF-16 without a byte-order mark (a NUL byte every other byte); pass --encoding utf-16-{order}",
                name,
                1,
            )


def decode(data: bytes, name: str, encoding: str = DEFAULT_ENCODING) -> str:
    return decode_source(data, name, encoding).text


def looks_binary(data: bytes) -> bool:
    """Git's rule (a NUL byte in the first 8 KiB) when the rest agrees: many control bytes or no text encoding."""
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return False
    controls = len(sample.translate(None, _TEXT_BYTES))
    if controls >= BINARY_MIN_CONTROLS and controls > BINARY_CONTROL_SHARE * len(sample):
        return True
    if b"\x00" not in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start < len(sample) - 3  # not just a character cut by the sample's end
    return False


def _byte_order_mark(data: bytes, codec: str, name: str) -> tuple[bytes, str]:
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            break
    else:
        return b"", "utf-8" if codec == "utf-8-sig" else codec
    family = bom_codec.split("-le")[0].split("-be")[0]
    if codec in (bom_codec, family) or (codec == "utf-8-sig" and family == "utf-8"):
        return bom, bom_codec
    if codec.startswith("utf"):
        raise UserError(f"starts with a {_label(family)} byte-order mark; pass --encoding {family}", name, 1)
    return b"", codec  # a legacy codec: those bytes are text in it


def _label(codec: str) -> str:
    return codec.upper() if codec.startswith("utf") else codec


def codec_name(encoding: str) -> str:
    """The canonical name of an encoding, or a UserError for one Python does not know."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UserError(f"unknown encoding '{encoding}'; use a Python codec name such as utf-8, latin-1 or cp1252") from None


def parse(text: str, path: str) -> Document:
    if "\n" not in text and has_cr_line_ends(text):  # a .jsonl record's text with CR line ends
        text = text.replace("\r", "\n")
    lines = tuple(line.rstrip("\r") for line in text.split("\n"))
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines = lines[:-1]
    start = _front_matter_end(lines)
    return Document(path=path, lines=lines, blocks=tuple(split_blocks(lines, start)), first_body_line=start + 1)


def _front_matter_end(lines: tuple[str, ...]) -> int:
    """Index of the first line after YAML front matter, or 0 when there is none."""
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() in (FRONT_MATTER_FENCE, "..."):
            return i + 1
    return 0


def split_blocks(lines: tuple[str, ...] | list[str], start: int = 0) -> list[Block]:
    """Blocks of lines[start:], numbered with file line numbers."""
    splitter = BlockSplitter()
    blocks = [block for i in range(start, len(lines)) for block in splitter.feed(i, lines[i])]
    return blocks + splitter.finish()


class BlockSplitter:
    """Blocks of a stream of lines, each given out as soon as no later line can change it.

    The one block splitter: `split_blocks` feeds it a whole file, `windows.py` a huge file
    line by line, and both get the same blocks. What it holds back is the pending block: a
    bullet (an indented line right under it continues it) or a run of consecutive prose
    lines, which is one hard-wrapped paragraph or a paragraph per line depending on all its
    lines (see `_group_run`). A run is given out line by line once it is sure to be split
    (a line too long to be wrapped, or a short line followed by another), so that a file of
    a million short lines is never held; a run of editor-width lines is held until it ends.
    """

    def __init__(self) -> None:
        self.count = 0  # blocks given out so far: the next block's index
        self.run: list[tuple[int, str]] = []  # (index, line) of the pending prose run
        self.split = False  # the pending run is known to be one paragraph per line
        self.bullet: list[tuple[int, str]] = []  # lines of the pending bullet

    def pending_from(self) -> int | None:
        """Index of the first line held back, or None: every earlier line is settled."""
        held = self.bullet or self.run
        return held[0][0] if held else None

    def feed(self, i: int, line: str) -> list[Block]:
        """The blocks that line `i` (0-based) settles."""
        out: list[Block] = []
        if not line.strip() or is_marker(line):  # a suppression comment is not text
            self._flush(out)
        elif HEADING.match(line):
            self._flush(out)
            self._emit(out, [(i, line)], "heading")
        elif BULLET.match(line):
            self._flush(out)
            self.bullet = [(i, line)]
        elif self.bullet and self.bullet[-1][0] == i - 1 and line[:1].isspace():
            # An indented line right under a bullet continues that bullet.
            self.bullet.append((i, line))
        else:
            self._flush_bullet(out)
            self._extend_run(out, i, line)
        return out

    def finish(self) -> list[Block]:
        out: list[Block] = []
        self._flush(out)
        return out

    def _extend_run(self, out: list[Block], i: int, line: str) -> None:
        if self.split:
            self._emit(out, [(i, line)], "paragraph")
            return
        text = line.strip()
        previous = self.run[-1][1].strip() if self.run else None
        self.run.append((i, line))
        # Either fact makes `_group_run` split the run whatever follows.
        if len(text) > WRAP_MAX_WIDTH or previous is not None and len(previous) < WRAP_MIN_WIDTH:
            self.split = True
            for item in self.run:
                self._emit(out, [item], "paragraph")
            self.run = []

    def _flush(self, out: list[Block]) -> None:
        self._flush_bullet(out)
        if self.run:
            lines = [line for _, line in self.run]
            for group in _group_run(lines, list(range(len(lines)))):
                self._emit(out, [self.run[g] for g in group], "paragraph")
        self.run = []
        self.split = False

    def _flush_bullet(self, out: list[Block]) -> None:
        if self.bullet:
            self._emit(out, self.bullet, "bullet")
            self.bullet = []

    def _emit(self, out: list[Block], numbered: list[tuple[int, str]], role: str) -> None:
        out.append(_block(self.count, numbered, role))
        self.count += 1


def _group_run(lines, run: list[int]) -> list[list[int]]:
    """Split a run of consecutive prose lines into paragraphs.

    A run is one hard-wrapped paragraph when its lines (all but the last) are of
    editor width and read as continuations; otherwise every line is a paragraph,
    as in scrapes that put one paragraph or one navigation item per line.
    """
    if len(run) < 2:
        return [run] if run else []
    texts = [lines[i].strip() for i in run]
    widths = [len(t) for t in texts[:-1]]
    if max(len(t) for t in texts) <= WRAP_MAX_WIDTH and min(widths) >= WRAP_MIN_WIDTH:
        pairs = list(zip(texts, texts[1:]))
        continuing = sum(1 for prev, cur in pairs if _continues(prev, cur))
        if continuing * 2 >= len(pairs):
            return [run]
    return [[i] for i in run]


def _continues(prev: str, cur: str) -> bool:
    return cur[:1].islower() or prev.endswith((",", "-", "—", "–")) or not SENTENCE_END.search(prev) and not cur[:1].isupper()


def _block(index: int, numbered: list[tuple[int, str]], role: str) -> Block:
    """The block of these (0-based line index, line) pairs."""
    first = numbered[0][1]
    parts = [line.strip() for _, line in numbered]
    spans, offset = [], 0
    for (_, line), part in zip(numbered, parts):
        spans.append((offset, len(line) - len(line.lstrip())))
        offset += len(part) + 1
    return Block(
        index=index,
        line=numbered[0][0] + 1,
        end_line=numbered[-1][0] + 1,
        text=" ".join(parts),
        role=role,
        column=len(first) - len(first.lstrip()) + 1,
        spans=tuple(spans),
    )
