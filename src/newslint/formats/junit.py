"""`--format junit`: JUnit XML, for CI systems that show test reports.

One testsuite; one testcase per finding, so that CI viewers list every failure on its own
(named `path:line rule`, classname the file), and one passing testcase for each file
without findings. A file that could not be read is a testcase with an <error>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterator

from newslint.findings import Finding, Report
from newslint.formats.fixes import words


def _failure_text(finding: Finding) -> str:
    lines = [f"{finding.location}:{finding.column}: {finding.severity.label} {finding.rule} ({finding.category})",
             finding.message, finding.excerpt]
    if finding.related is not None:
        record = f":{finding.related.record}" if finding.related.record else ""
        lines.append(f"related: {finding.related.path}{record}:{finding.related.line}")
    if finding.fix:
        lines.append(words(finding))
    return "\n".join(lines)


def render(report: Report) -> str:
    return "".join(pieces(report))


def pieces(report: Report) -> Iterator[str]:
    by_file: dict[str, list[Finding]] = {path: [] for path in report.files}
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)
    failures = len(report.findings)
    tests = sum(len(found) or 1 for found in by_file.values()) + len(report.errors)
    suites = ET.Element("testsuites", name="newslint", tests=str(tests), failures=str(failures), errors=str(len(report.errors)))
    suite = ET.SubElement(suites, "testsuite", name="newslint", tests=str(tests), failures=str(failures),
                          errors=str(len(report.errors)), skipped="0")
    for path in sorted(by_file):
        if not by_file[path]:
            ET.SubElement(suite, "testcase", classname=path, name=path, file=path)
        for finding in by_file[path]:
            case = ET.SubElement(suite, "testcase", classname=path, name=f"{finding.location} {finding.rule}",
                                 file=path, line=str(finding.record.line if finding.record else finding.line))
            failure = ET.SubElement(case, "failure", type=finding.rule,
                                    message=f"{finding.location}: {finding.severity.label}: {finding.message}")
            failure.text = _failure_text(finding)
    for error in report.errors:
        case = ET.SubElement(suite, "testcase", classname="newslint", name=error.split(": ", 1)[0])
        ET.SubElement(case, "error", type="input", message=error).text = error
    ET.indent(suites)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield ET.tostring(suites, encoding="unicode")  # built whole by ElementTree, but not copied again
    yield "\n"
