"""`--format json`: the stable machine shape, version 1."""

from __future__ import annotations

import json
from typing import Any

from newslint.findings import Finding, Related, Report

VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    """The finding's fields in order; `record` is added only for a record of a .jsonl corpus."""
    data = {
        "path": finding.path,
        "line": finding.line,
        "end_line": finding.end_line,
        "column": finding.column,
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity.label,
        "message": finding.message,
        "excerpt": finding.excerpt,
        "related": None if finding.related is None else related_dict(finding.related),
    }
    if finding.record is not None:
        data["record"] = finding.record.id
    return data


def related_dict(related: Related) -> dict[str, Any]:
    data: dict[str, Any] = {"path": related.path, "line": related.line}
    if related.record is not None:
        data["record"] = related.record
    return data


def render(report: Report) -> str:
    document = {
        "version": VERSION,
        "files_checked": report.files_checked,
        "findings": [finding_dict(f) for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
