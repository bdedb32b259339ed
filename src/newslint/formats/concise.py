"""`--format concise`: `path:line:col: severity rule message`, one line per finding, for editors and grep.

A record of a .jsonl corpus reads `file.jsonl:ID:line:col: …`. Nothing else is printed.
"""

from __future__ import annotations

from newslint.findings import Report


def render(report: Report) -> str:
    return "".join(
        f"{f.location}:{f.column}: {f.severity.label} {f.rule} {' '.join(f.message.split())}\n"
        for f in report.findings
    )
