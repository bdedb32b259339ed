"""Severity, Finding and Report: the plain data every rule produces and every format prints."""

from __future__ import annotations

import sys
from operator import attrgetter
from dataclasses import dataclass, field, fields
from enum import IntEnum
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from newslint.rules import Rule


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        return cls[value.upper()]


SEVERITY_NAMES = tuple(s.label for s in Severity)

# How `newslint fix` treats a rule's findings (the rule's `fix:` in YAML): safe fixes are always
# applied; unsafe ones (they may cut a sentence of prose, a byline, a dateline) only with
# --unsafe-fixes. A finding of a rule without a fix has `fix` None.
FIX_SAFE = "safe"
FIX_UNSAFE = "unsafe"
FIX_KINDS = (FIX_SAFE, FIX_UNSAFE)

CATEGORIES = (
    "duplicate",
    "boilerplate",
    "offtopic",
    "unsupported-claim",
    "duplicate-document",
    "artifact",
    "other",
)


class Interned:
    """A frozen dataclass whose string fields named in INTERNED are interned: when it is made,
    and when it arrives from a worker process (unpickled through __init__). For values a run
    holds to its end and repeats many times over (a rule's message, a block of furniture)."""

    __slots__ = ()
    INTERNED: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in self.INTERNED:
            value = getattr(self, name)
            if type(value) is str:
                object.__setattr__(self, name, sys.intern(value))

    def __reduce__(self) -> tuple:
        cls = type(self)
        values = _VALUES.get(cls)
        if values is None:  # once per class: dataclasses.fields builds its answer on every call
            names = [f.name for f in fields(cls)]
            values = _VALUES[cls] = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
        return (cls, values(self))


# Each Interned class's fields, read as one tuple in field order (its __init__'s arguments).
_VALUES: dict[type, Callable[[object], tuple]] = {}


@dataclass(frozen=True, slots=True)
class Related:
    """The other place a finding refers to (the first copy, the twin document)."""

    path: str
    line: int
    record: str | None = None  # the record id when `path` is a .jsonl corpus


@dataclass(frozen=True, slots=True)
class Record:
    """Where a finding sits when its document is one record of a .jsonl corpus."""

    id: str
    line: int  # the record's line in the .jsonl file; Finding.line counts inside its text


# A run over an archive holds a million findings: each is slotted (no __dict__), and shares
# its rule id, category and message with every other finding of the same text (most
# messages repeat: "unsupported figure "25" — add a source"), in the worker that made it
# and again in the process that receives it (Interned).
@dataclass(frozen=True, slots=True)
class Finding(Interned):
    """One problem a rule found: where it is, which rule, what it says, and its excerpt."""
    path: str
    line: int
    end_line: int
    column: int
    rule: str
    category: str
    severity: Severity
    message: str
    excerpt: str
    related: Related | None = None
    record: Record | None = None
    fix: str | None = None  # FIX_SAFE, FIX_UNSAFE, or None: not fixable

    INTERNED = ("rule", "category", "message")  # one string each, whatever the number of findings

    def sort_key(self) -> tuple:
        record = (self.record.line, self.record.id) if self.record else (0, "")
        return (self.path, *record, self.line, self.rule, self.column, self.end_line, self.message)

    @property
    def location(self) -> str:
        """`path:line`, or `file.jsonl:ID:line` for a record of a corpus."""
        record = f":{self.record.id}" if self.record else ""
        return f"{self.path}{record}:{self.line}"


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """`sorted(findings, key=Finding.sort_key)`, a path at a time: the keys of a million findings,
    made all at once by one sort, would take more memory than the findings themselves."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    ordered: list[Finding] = []
    for path in sorted(by_path):
        group = by_path.pop(path)
        group.sort(key=Finding.sort_key)
        ordered.extend(group)
    return ordered


@dataclass(frozen=True, slots=True)
class DocumentLines:
    """One checked document's lines as its findings number them, for formats that show the
    article itself (html); `path` is the file, `record` set for a record of a .jsonl corpus."""

    path: str
    lines: tuple[str, ...]
    record: Record | None = None


@dataclass
class Report:
    """What a check found, over every file it read: the findings, the files and the errors."""
    findings: list[Finding]
    files_checked: int
    # Input problems that did not stop the run (one unreadable file among many).
    errors: list[str] = field(default_factory=list)
    # Every file checked, in order (a .jsonl corpus once), for formats that list files.
    files: list[str] = field(default_factory=list)
    # The rules that ran, for formats that describe them (SARIF).
    rules: tuple["Rule", ...] = ()
    suppressed: int = 0  # findings hidden by inline suppression comments
    baselined: int = 0  # findings hidden by --baseline
    # Every checked document's lines, only when the format shows articles (pipeline.run's
    # keep_texts): other formats never hold the corpus's text.
    texts: tuple[DocumentLines, ...] = ()

    def fixable_counts(self) -> dict[str, int]:
        """How many findings `newslint fix` would act on, by FIX_KINDS."""
        counts = {kind: 0 for kind in FIX_KINDS}
        for finding in self.findings:
            if finding.fix is not None:
                counts[finding.fix] += 1
        return counts

    def counts(self) -> dict[str, int]:
        counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for finding in self.findings:
            counts[finding.severity.label] += 1
        return counts

    def exit_code(self, fail_on: Severity) -> int:
        if self.errors:
            return 2
        return 1 if any(f.severity >= fail_on for f in self.findings) else 0


EXCERPT_LIMIT = 200


def excerpt_of(text: str) -> str:
    """A finding's excerpt: white space runs as one space, at most EXCERPT_LIMIT characters."""
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LIMIT else text[: EXCERPT_LIMIT - 1].rstrip() + "…"
