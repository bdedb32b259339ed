"""Severity, Finding and Report: the plain data every rule produces and every format prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING

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

CATEGORIES = (
    "duplicate",
    "boilerplate",
    "offtopic",
    "unsupported-claim",
    "duplicate-document",
    "artifact",
    "other",
)


@dataclass(frozen=True)
class Related:
    """The other place a finding refers to (the first copy, the twin document)."""

    path: str
    line: int
    record: str | None = None  # the record id when `path` is a .jsonl corpus


@dataclass(frozen=True)
class Record:
    """Where a finding sits when its document is one record of a .jsonl corpus."""

    id: str
    line: int  # the record's line in the .jsonl file; Finding.line counts inside its text


@dataclass(frozen=True)
class Finding:
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

    def sort_key(self) -> tuple:
        record = (self.record.line, self.record.id) if self.record else (0, "")
        return (self.path, *record, self.line, self.rule, self.column, self.end_line, self.message)

    @property
    def location(self) -> str:
        """`path:line`, or `file.jsonl:ID:line` for a record of a corpus."""
        record = f":{self.record.id}" if self.record else ""
        return f"{self.path}{record}:{self.line}"


@dataclass
class Report:
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

    def counts(self) -> dict[str, int]:
        counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for finding in self.findings:
            counts[finding.severity.label] += 1
        return counts

    def exit_code(self, fail_on: Severity) -> int:
        if self.errors:
            return 2
        return 1 if any(f.severity >= fail_on for f in self.findings) else 0
