"""`pattern`: literal phrases and regular expressions matched against lines, blocks or sentences.

With `whole: true` the whole line, block or sentence must be the phrase (surrounding
punctuation and spaces aside), so "Skip to content" alone on a line is flagged but the
same words inside a sentence are not. `max_words` limits the rule to short blocks,
`roles` to bullets, headings or paragraphs, and `min_run` asks for that many matching
blocks in a row (a tag list is a run of short bullets).

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

from newslint import regexes
from newslint.document import Block, Document
from newslint.errors import ParamError
from newslint.findings import Finding

SCOPE = "document"
PLACEHOLDERS = frozenset({"match"})
ROLES = ("paragraph", "bullet", "heading")


@dataclass(frozen=True)
class Params:
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    scope: Literal["line", "block", "sentence"] = "block"
    whole: bool = False
    case_sensitive: bool = False
    roles: tuple[str, ...] = ()
    max_words: int = 0  # 0: any length
    min_run: int = 1
    compiled: tuple[re.Pattern[str] | regexes.Pattern, ...] = field(init=False, default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.phrases and not self.patterns:
            raise ParamError("phrases", "give at least one of 'phrases' or 'patterns'")
        for role in self.roles:
            if role not in ROLES:
                raise ParamError("roles", f"unknown role '{role}'; use: {', '.join(ROLES)}")
        if self.max_words < 0 or self.min_run < 1:
            raise ParamError("min_run" if self.min_run < 1 else "max_words", "'max_words' must be >= 0 and 'min_run' >= 1")
        flags = 0 if self.case_sensitive else regexes.IGNORECASE
        compiled = []
        if self.phrases:
            alternatives = "|".join(re.escape(p) for p in sorted(self.phrases, key=len, reverse=True))
            source = rf"^[\W_]*(?:{alternatives})[\W_]*$" if self.whole else rf"(?<!\w)(?:{alternatives})(?!\w)"
            # Escaped literals cannot backtrack without end: the plain (and faster) re will do.
            compiled.append(re.compile(source, flags))
        for number, source in enumerate(self.patterns, 1):
            try:
                regex = regexes.compile(source, flags)
            except regexes.error as err:
                raise ParamError("patterns", f"pattern {number} is not a valid regular expression: {err}") from None
            compiled.append(regex)
        object.__setattr__(self, "compiled", tuple(compiled))


def cannot_fix(params: Params) -> str | None:
    if params.scope == "sentence":
        return "a 'scope: sentence' finding names part of a line, and fix cuts whole lines; use scope: line or block"
    return None


def check(doc: Document, rule) -> Iterator[Finding]:
    params: Params = rule.params
    hits: dict[int, list[tuple[int, int, str, str]]] = {}  # block index -> (line, column, match, excerpt)
    for block in doc.blocks:
        if params.roles and block.role not in params.roles:
            continue
        if params.max_words and len(block.content.split()) > params.max_words:
            continue
        try:
            block_hits = list(_block_hits(block, doc, params))
        except regexes.PatternTimeout as err:
            err.line = block.line
            raise
        if block_hits:
            hits[block.index] = block_hits
    for index, block_hits in sorted(hits.items()):
        if params.min_run > 1 and _run_length(hits, index) < params.min_run:
            continue
        block = doc.blocks[index]
        for line, column, match, excerpt in block_hits:
            end_line = block.end_line if params.scope == "block" else line
            yield rule.finding(doc.path, line, excerpt, end_line=end_line, column=column, match=match)


def _block_hits(block: Block, doc: Document, params: Params) -> Iterator[tuple[int, int, str, str]]:
    if params.scope == "line":
        units = [(n, doc.lines[n - 1], 0) for n in range(block.line, block.end_line + 1)]
        for line, text, _ in units:
            match = _search(text.strip(), params)
            if match:
                indent = len(text) - len(text.lstrip())
                yield line, indent + match.start() + 1, match.group(0).strip(), text
    elif params.scope == "block":
        match = _search(block.content, params)
        if match:
            line, column = block.locate(block.content_offset + match.start())
            yield block.line, column, match.group(0).strip(), block.text
    else:
        for sentence in block.sentences:
            match = _search(sentence.text, params)
            if match:
                line, column = block.locate(block.content_offset + sentence.start + match.start())
                yield line, column, match.group(0).strip(), sentence.text


def _search(text: str, params: Params) -> re.Match[str] | regexes.Match | None:
    for regex in params.compiled:
        whole = params.whole and regex.pattern[:1] != "^"
        if isinstance(regex, re.Pattern):
            match = regex.fullmatch(text) if whole else regex.search(text)
        else:  # a user's pattern: searched with a time limit
            match = regexes.fullmatch(regex, text) if whole else regexes.search(regex, text)
        if match:
            return match
    return None


def _run_length(hits: dict[int, object], index: int) -> int:
    start = index
    while start - 1 in hits:
        start -= 1
    end = index
    while end + 1 in hits:
        end += 1
    return end - start + 1
