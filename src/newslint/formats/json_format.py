"""`--format json`: the stable machine shape, version 1."""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from newslint.findings import Finding, Related, Report
from newslint.safe_text import representable

VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    """The finding's fields in order; `record` is added only for a record of a .jsonl corpus.

    Text from the input (names, messages, excerpts) goes through `safe_text.representable`:
    JSON escapes control characters itself, but a lone surrogate cannot be UTF-8.
    """
    data = {
        "path": representable(finding.path),
        "line": finding.line,
        "end_line": finding.end_line,
        "column": finding.column,
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity.label,
        "message": representable(finding.message),
        "excerpt": representable(finding.excerpt),
        "related": None if finding.related is None else related_dict(finding.related),
        "fix": finding.fix,
    }
    if finding.record is not None:
        data["record"] = representable(finding.record.id)
    return data


def related_dict(related: Related) -> dict[str, Any]:
    data: dict[str, Any] = {"path": representable(related.path), "line": related.line}
    if related.record is not None:
        data["record"] = representable(related.record)
    return data


# What json.dumps(item, indent=2, ensure_ascii=False) writes, without making an encoder per item.
_ENCODE_INDENTED = json.JSONEncoder(indent=2, ensure_ascii=False).encode
# Stands for the one long list of a document in `dumps_pieces`.
ITEMS = "\0newslint:items\0"


def dumps_pieces(document: dict[str, Any], items: Iterable[Any], count: int) -> Iterator[str]:
    """`json.dumps(document, indent=2, ensure_ascii=False) + "\\n"` in pieces, where the value
    ITEMS in `document` stands for the list `items` (`count` long), dumped one item at a time.

    A million findings as dicts, and their JSON as one string, would each cost gigabytes;
    this holds one finding's at a time and yields exactly what `json.dumps` would.
    """
    text = json.dumps(document, indent=2, ensure_ascii=False)
    head, _, tail = text.partition(json.dumps(ITEMS))
    line = head[head.rfind("\n") + 1 :]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    if not count:
        yield head + "[]" + tail + "\n"
        return
    inner = indent + "  "
    separator = head + "[\n"
    encode = _ENCODE_INDENTED
    for item in items:
        yield separator + inner + encode(item).replace("\n", "\n" + inner)
        separator = ",\n"
    yield "\n" + indent + "]" + tail + "\n"


def pieces(report: Report) -> Iterator[str]:
    document = {"version": VERSION, "files_checked": report.files_checked, "findings": ITEMS}
    return dumps_pieces(document, (finding_dict(f) for f in report.findings), len(report.findings))


def render(report: Report) -> str:
    return "".join(pieces(report))
