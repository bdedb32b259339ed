"""`--format github`: GitHub Actions workflow commands, which become annotations on the pull request.

    ::error file=corpus/a.txt,line=8,endLine=8,col=1,title=newslint repeated-block::repeats line 7 (100% similar)

error → `::error`, warning → `::warning`, info → `::notice`. A record of a .jsonl
corpus is annotated on the record's line of the file, its id in the title.
"""

from __future__ import annotations

from typing import Iterator

from newslint.findings import Finding, Report, Severity
from newslint.formats.fixes import words

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The escaping the Actions runner undoes in a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    if finding.record is not None:
        line = end_line = finding.record.line
        title = f"newslint {finding.rule} (record {finding.record.id}, line {finding.line})"
        where = [f"file={escape_property(finding.path)}", f"line={line}", f"endLine={end_line}"]
    else:
        title = f"newslint {finding.rule}"
        where = [
            f"file={escape_property(finding.path)}",
            f"line={finding.line}",
            f"endLine={finding.end_line}",
            f"col={finding.column}",
        ]
    properties = ",".join([*where, f"title={escape_property(title)}"])
    fix = f" ({words(finding)})" if finding.fix else ""
    return f"::{COMMANDS[finding.severity]} {properties}::{escape_data(finding.message + fix)}"


def pieces(report: Report) -> Iterator[str]:
    """The output a line at a time, so that a million findings are never one string."""
    for finding in report.findings:
        yield command(finding) + "\n"


def render(report: Report) -> str:
    return "".join(pieces(report))
