"""`--format table` (default): one row per finding, aimed at 100 columns, then a summary line.

The message cell carries the excerpt on its last line, cut with an ellipsis; long rule
ids and categories wrap at their hyphens so that the message keeps room to be read.
"""

from __future__ import annotations

import textwrap
from typing import Iterator

from newslint.findings import Finding, Report
from newslint.safe_text import printable

TOTAL_WIDTH = 100
COLUMN_GAP = 2
MIN_MESSAGE_WIDTH = 24
NARROW_RULE_WIDTH = 14
NARROW_CATEGORY_WIDTH = 11
HEADERS = ("location", "severity", "rule", "category", "message / excerpt")


def cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def summary(report: Report) -> str:
    counts = report.counts()
    total = sum(counts.values())
    parts = ", ".join(f"{n} {label}" for label, n in counts.items())
    files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''} checked"
    if report.files and len(report.files) != report.files_checked:  # .jsonl corpora: many documents per file
        files = f"{len(report.files)} file{'s' if len(report.files) != 1 else ''} ({report.files_checked} documents) checked"
    hidden = []
    if report.suppressed:
        hidden.append(f"{report.suppressed} suppressed by comments")
    if report.baselined:
        hidden.append(f"{report.baselined} in the baseline")
    more = f"; {', '.join(hidden)}" if hidden else ""
    return f"{files}, {total} finding{'s' if total != 1 else ''} ({parts}){more}"


def _width(values: list[str], header: str) -> int:
    return max(len(header), *(len(v) for v in values))


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def render(report: Report) -> str:
    return "".join(pieces(report))


def pieces(report: Report) -> Iterator[str]:
    """The table, then the summary line: tabulate builds the table whole, but it is not copied again."""
    if not report.findings:
        yield summary(report) + "\n"
        return
    import tabulate as tabulate_module
    from tabulate import tabulate

    tabulate_module.MIN_PADDING = 0  # the header row needs no padding beyond COLUMN_GAP

    findings = report.findings
    locations = [printable(f.location) for f in findings]  # safe_text: no raw ESC reaches a terminal
    fixed = sum(_width(v, h) for v, h in zip(
        (locations, [f.severity.label for f in findings], [f.rule for f in findings], [f.category for f in findings]),
        HEADERS,
    ))
    free = TOTAL_WIDTH - fixed - COLUMN_GAP * (len(HEADERS) - 1)
    narrow = free < MIN_MESSAGE_WIDTH
    if narrow:
        # Measure the wrapped cells: a word longer than the target ("unsupported-") cannot be cut.
        for values, header, target in (
            ([f.rule for f in findings], HEADERS[2], NARROW_RULE_WIDTH),
            ([f.category for f in findings], HEADERS[3], NARROW_CATEGORY_WIDTH),
        ):
            wrapped = [part for v in values for part in _wrap(v, target).splitlines()]
            free += _width(values, header) - _width(wrapped, header)
    message_width = max(MIN_MESSAGE_WIDTH, free)

    def row(location: str, f: Finding) -> list[str]:
        rule = _wrap(f.rule, NARROW_RULE_WIDTH) if narrow else f.rule
        category = _wrap(f.category, NARROW_CATEGORY_WIDTH) if narrow else f.category
        cell = _wrap(printable(f.message), message_width) + "\n" + cut(printable(" ".join(f.excerpt.split())), message_width)
        return [location, f.severity.label, rule, category, cell]

    table = tabulate(
        [row(loc, f) for loc, f in zip(locations, findings)],
        headers=HEADERS,
        tablefmt="simple",
        disable_numparse=True,
    )
    yield table
    yield "\n\n" + summary(report) + "\n"
