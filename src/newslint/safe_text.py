"""One rule for text that an output cannot carry as it is.

Article text, messages and file names reach every format. Some of their characters cannot be
written as they are: a lone surrogate (a `.jsonl` record's `"\\ud800"`, or a non-UTF-8 byte of a
file name, which Python decodes to U+DC80–U+DCFF) cannot be encoded as UTF-8; control
characters (ESC, BEL, …) make XML malformed and let a file drive the reader's terminal; a
newline in a file name splits a one-line finding; bidirectional overrides reorder what a reader
sees. The rule, for every format: such a character is written as its Python escape, as text —
`\\udcff`, `\\x1b`, `\\n`, `\\u202e` — so the output stays valid and a reader sees that it was
there. Machine formats (JSON, JSONL, SARIF) escape control characters themselves, so they need
only `representable`; human and XML formats use `printable`.
"""

from __future__ import annotations

import re

# Lone surrogates: never encodable as UTF-8.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Also C0 controls (tab and newline included: they break a one-line context), DEL, C1
# controls, the line and paragraph separators (str.splitlines and JavaScript end a line
# there), and the bidirectional embedding/override/isolate characters.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
# Tab and newline are kept where the context is several lines (an article's text).
_UNPRINTABLE_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def representable(text: str) -> str:
    """`text` with lone surrogates written as `\\udXXX`: encodable as UTF-8, else unchanged."""
    if text.isascii():
        return text
    return _SURROGATES.sub(_escape, text)


def printable(text: str) -> str:
    """`text` on one line, safe for a terminal and for XML: every control, bidirectional-override
    and surrogate character written as its escape (`\\x1b`, `\\n`, `\\u202e`, `\\udcff`)."""
    if text.isprintable():  # every character escaped here is one str.isprintable refuses (Cc, Cf, Cs)
        return text
    return _UNPRINTABLE.sub(_escape, text)


def printable_text(text: str) -> str:
    """Like `printable`, but tab and newline are kept (text shown over several lines)."""
    if text.isprintable():
        return text
    return _UNPRINTABLE_IN_TEXT.sub(_escape, text)
