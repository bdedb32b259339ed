"""Severity, Finding and Report: the plain data every rule produces and every format prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


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

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.rule, self.column, self.end_line, self.message)


@dataclass
class Report:
    findings: list[Finding]
    files_checked: int
    # Input problems that did not stop the run (one unreadable file among many).
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for finding in self.findings:
            counts[finding.severity.label] += 1
        return counts

    def exit_code(self, fail_on: Severity) -> int:
        if self.errors:
            return 2
        return 1 if any(f.severity >= fail_on for f in self.findings) else 0
