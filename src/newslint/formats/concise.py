"""`--format concise`: `path:line:col: severity rule [*] message`, one line per finding, for editors and grep.

A record of a .jsonl corpus reads `file.jsonl:ID:line:col: …`. `[*]` marks a safe fix and `[~]`
an unsafe one (formats/fixes.py); nothing else is printed.
"""

from __future__ import annotations

from typing import Iterator

from newslint.findings import Report
from newslint.formats.fixes import mark


def pieces(report: Report) -> Iterator[str]:
    """The output a line at a time, so that a million findings are never one string."""
    for f in report.findings:
        yield f"{f.location}:{f.column}: {f.severity.label} {f.rule} {mark(f)}{' '.join(f.message.split())}\n"


def render(report: Report) -> str:
    return "".join(pieces(report))
