"""`--format table` (default): the findings grouped under one header per file, fitted to a width.

    corpus/a.txt
      8:1   error    repeated-block  [*] repeats line 7 (100% similar)
            | China Affirmed its Support for Moscow, as declared by Xi during his…

Each row: where in the file, severity, rule id and the message; the excerpt under them (from
the severity column, so that it keeps most of the width), with the flagged part underlined by carets when it is only part of the excerpt. The rule id
column is as wide as the widest id, so an id is never split (it is what one copies into
`--ignore`); the message gets the rest of the width, and wraps. The category column is shown
only when the message still keeps MIN_MESSAGE_WIDTH_WITH_CATEGORY beside it. No line is longer
than the width unless a rule id alone is. Ends with a summary: counts, then how many are
fixable. Every text goes through safe_text.printable: a file cannot drive the terminal.
"""

from __future__ import annotations

import re
import textwrap
from typing import Iterator

from newslint.findings import Finding, Report, Severity
from newslint.formats import fixes
from newslint.safe_text import printable
from newslint.style import Style

COLUMN_GAP = "  "
INDENT = "  "
MIN_MESSAGE_WIDTH = 20
MIN_MESSAGE_WIDTH_WITH_CATEGORY = 50
EXCERPT_BAR = "| "
ELLIPSIS = "…"
# The flagged text most messages quote: 'unsupported figure "27 million" — add a source'.
QUOTED = re.compile(r'"([^"]+)"')
SEVERITY_WIDTH = max(len(s.label) for s in Severity)
SEVERITY_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + ELLIPSIS


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


def _paint(text: str, style: Style, **how: object) -> str:
    if not style.color:
        return text
    import click

    return click.style(text, **how)  # type: ignore[arg-type]


def where(finding: Finding) -> str:
    """The place inside the file: `line:column`, or `ID:line:column` in a .jsonl corpus."""
    record = f"{finding.record.id}:" if finding.record else ""
    return printable(f"{record}{finding.line}:{finding.column}")


def span(excerpt: str, message: str) -> tuple[int, int] | None:
    """Where the text the message quotes sits in the excerpt, when it is only part of it."""
    for quoted in QUOTED.findall(message):
        quoted = " ".join(quoted.split()).rstrip(ELLIPSIS)
        start = excerpt.find(quoted) if quoted else -1
        if start >= 0:
            end = start + len(quoted)
            if not any(c.isalnum() for c in excerpt[:start] + excerpt[end:]):
                return None  # the whole excerpt is flagged (a bullet aside): nothing to point at
            return start, end
    return None


def excerpt_lines(excerpt: str, message: str, width: int) -> tuple[str, str | None]:
    """The excerpt cut to `width` (keeping the flagged span in view) and its caret line, if any."""
    text = printable(" ".join(excerpt.split()))
    flagged = span(text, printable(" ".join(message.split())))
    if width <= len(EXCERPT_BAR) + 1:
        return "", None
    room = width - len(EXCERPT_BAR)
    offset = 0
    if flagged is not None and flagged[1] > room - 1 and len(text) > room:
        # Start a little before the span, so that it and some of its context show.
        offset = max(0, min(flagged[0] - room // 4, len(text) - room + 1))
    shown = text[offset:]
    prefix = ELLIPSIS if offset else ""
    if len(prefix) + len(shown) > room:
        shown = shown[: room - 1 - len(prefix)].rstrip() + ELLIPSIS
    shown = prefix + shown
    carets = None
    if flagged is not None:
        start = flagged[0] - offset + len(prefix)
        end = min(flagged[1] - offset + len(prefix), len(shown))
        if 0 <= start < end:
            carets = " " * (len(EXCERPT_BAR) + start) + "^" * (end - start)
    return EXCERPT_BAR + shown, carets


def render(report: Report, style: Style | None = None) -> str:
    return "".join(pieces(report, style))


def pieces(report: Report, style: Style | None = None) -> Iterator[str]:
    """A file's header, then its rows, a file at a time; then the summary."""
    style = style or Style()
    findings = report.findings
    if findings:
        where_width = max(len(where(f)) for f in findings)
        rule_width = max(len(printable(f.rule)) for f in findings)
        fixed = len(INDENT) + where_width + SEVERITY_WIDTH + rule_width + 3 * len(COLUMN_GAP)
        category_width = max(len(f.category) for f in findings)
        with_category = style.width - fixed - category_width - len(COLUMN_GAP) >= MIN_MESSAGE_WIDTH_WITH_CATEGORY
        if with_category:
            fixed += category_width + len(COLUMN_GAP)
        excerpt_indent = " " * (len(INDENT) + where_width + len(COLUMN_GAP))
        # Too narrow for the message beside the rule id: it goes under the row, as the excerpt does.
        stacked = style.width - fixed < MIN_MESSAGE_WIDTH
        message_indent = excerpt_indent if stacked else " " * fixed
        message_width = style.width - len(message_indent)
        mark_width = max(len(fixes.mark(f)) for f in findings)
        path = None
        for finding in findings:
            if finding.path != path:
                header = printable(finding.path)
                lines = textwrap.wrap(header, style.width, break_on_hyphens=False) if len(header) > style.width else [header]
                yield ("\n" if path is not None else "") + "\n".join(_paint(line, style, bold=True) for line in lines) + "\n"
                path = finding.path
            cells = [
                INDENT + where(finding).ljust(where_width),
                _paint(finding.severity.label.ljust(SEVERITY_WIDTH), style, fg=SEVERITY_COLORS[finding.severity]),
                _paint(printable(finding.rule).ljust(rule_width), style, fg="red", bold=True),
            ]
            if with_category:
                cells.append(finding.category.ljust(category_width))
            mark = fixes.mark(finding)
            text_width = max(1, message_width - mark_width)
            message = textwrap.wrap(printable(" ".join(finding.message.split())), text_width,
                                    break_on_hyphens=False) or [""]
            first = _paint(mark, style, fg="cyan") + " " * (mark_width - len(mark)) + message[0]
            pad = message_indent + " " * mark_width
            if stacked:
                out = [COLUMN_GAP.join(cells).rstrip(), (message_indent + first).rstrip()]
            else:
                out = [(COLUMN_GAP.join(cells) + COLUMN_GAP + first).rstrip()]
            out += [pad + line for line in message[1:]]
            # Under the row, from the severity column: the excerpt gets most of the width.
            shown, carets = excerpt_lines(finding.excerpt, finding.message, style.width - len(excerpt_indent))
            if shown:
                out.append(excerpt_indent + _paint(shown, style, dim=True))
            if carets:
                out.append(excerpt_indent + _paint(carets, style, fg="red"))
            yield "\n".join(out) + "\n"
        if style.summary:
            yield "\n"
    if not style.summary:
        return
    closing = [summary(report)]
    fixable = fixes.summary(report)
    if fixable:
        closing.append(fixable)
    for line in closing:
        # Too long for the width: what was hidden goes on a line of its own, then words wrap.
        for part in ([line] if len(line) <= style.width else line.split("; ")):
            yield "\n".join(textwrap.wrap(part, style.width, break_on_hyphens=False)) + "\n"
