"""Inline suppression comments: an author's way to say "this one is on purpose".

    <!-- newslint: disable=repeated-block,boilerplate -->
    ... lines where those rules are silent ...
    <!-- newslint: enable -->

    <!-- newslint: disable-next-line=skip-to-content -->
    Skip to content

Names are rule ids, categories or ALL; a bare `disable` silences every rule, a bare
`enable` ends every open `disable` (`enable=RULE` ends only that one), and a
`disable` never closed lasts to the end of the document. `disable-next-line` covers
the next line that is neither blank nor a marker. A finding is silenced when the
line it starts on is covered. A marker must stand alone on its line; marker lines
are not text (document.py skips them when it builds blocks), so they are never
findings themselves. With `--report-unused-suppressions`, a name that silenced
nothing, or that names no loaded rule, is reported as an `unused-suppression`
finding on the marker line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from newslint.findings import Finding, Severity, sort_findings
from newslint.markers import MARKER, is_marker  # is_marker stays importable from here
from newslint.rules import Rule, RuleSet, Source

if TYPE_CHECKING:
    from newslint.document import Document

ALL = "ALL"
DIRECTIVE = re.compile(r"^\s*(?P<action>disable-next-line|disable|enable)\s*(?:=\s*(?P<names>[\w\-,\s]+))?\s*$")

UNUSED_RULE = Rule(
    id="unused-suppression",
    kind="suppression",
    category="other",
    severity=Severity.WARNING,
    message="{what}{name}{why}",  # each part stays under the placeholder length limit
    params=None,
    source=Source("newslint/suppress.py", 1),
    description=(
        "A `<!-- newslint: disable… -->` comment that silenced nothing in this run, names no "
        "loaded rule, or cannot be read. Remove it, or fix the rule id. Reported only with "
        "--report-unused-suppressions."
    ),
    example="<!-- newslint: disable-next-line=repeated-block -->\nA paragraph that repeats nothing.",
)


@dataclass
class Suppression:
    """One suppression comment: the rules it names, the lines it covers and the names it used."""
    marker_line: int
    names: tuple[str, ...]
    start: int
    end: int | None  # inclusive; None: to the end of the document
    used: set[str] = field(default_factory=set)

    def covers(self, line: int) -> bool:
        return self.start <= line and (self.end is None or line <= self.end)


@dataclass(frozen=True)
class Result:
    """The findings that no suppression comment covers, and how many were covered."""
    findings: list[Finding]
    suppressed: int


@dataclass(frozen=True)
class Marker:
    """One marker line of a document: what suppression needs of it, small enough to cache."""

    line: int
    text: str
    next_text_line: int  # the line a disable-next-line marker covers


def markers(doc: "Document") -> tuple[Marker, ...]:
    """The document's marker lines (most documents have none)."""
    lines = doc.lines
    return tuple(
        Marker(index + 1, text, _next_text_line(lines, index + 1))
        for index, text in enumerate(lines)
        if "<!--" in text and MARKER.match(text)
    )


def parse(doc_markers: "Document | Sequence[Marker]") -> tuple[list[Suppression], list[tuple[int, str]]]:
    """The document's suppressions, and (line, text) of markers that cannot be read."""
    found = markers(doc_markers) if hasattr(doc_markers, "lines") else doc_markers
    suppressions: list[Suppression] = []
    malformed: list[tuple[int, str]] = []
    open_regions: list[Suppression] = []
    for marker_line in found:
        number, text = marker_line.line, marker_line.text
        directive = DIRECTIVE.match(MARKER.match(text).group("body"))
        if not directive:
            malformed.append((number, text))
            continue
        action = directive.group("action")
        names = tuple(n.strip() for n in (directive.group("names") or "").split(",") if n.strip())
        if action == "disable":
            region = Suppression(number, names or (ALL,), number + 1, None)
            suppressions.append(region)
            open_regions.append(region)
        elif action == "enable":
            for region in list(open_regions):
                closing = [n for n in region.names if not names or n in names]
                if len(closing) == len(region.names):
                    region.end = number - 1
                    open_regions.remove(region)
                elif closing:  # `enable=a` after `disable=a,b`: b stays disabled
                    suppressions.append(Suppression(region.marker_line, tuple(closing), region.start, number - 1))
                    region.names = tuple(n for n in region.names if n not in closing)
        else:
            target = marker_line.next_text_line
            suppressions.append(Suppression(number, names or (ALL,), target, target))
    return suppressions, malformed


def _next_text_line(lines: Sequence[str], start: int) -> int:
    for index in range(start, len(lines)):
        if lines[index].strip() and not is_marker(lines[index]):
            return index + 1
    return len(lines) + 1


def apply(findings: Iterable[Finding], docs: Sequence["Document"], ruleset: RuleSet, report_unused: bool = False) -> Result:
    """Drop the findings that suppression comments cover; optionally report the comments that covered none."""
    return apply_markers(findings, {doc.path: markers(doc) for doc in docs}, ruleset, report_unused)


def apply_markers(
    findings: Iterable[Finding], by_path: Mapping[str, Sequence[Marker]], ruleset: RuleSet, report_unused: bool = False
) -> Result:
    """`apply`, from each document's markers (documents without any may be left out)."""
    parsed = {path: parse(found) for path, found in by_path.items() if found}
    marker_lines = {path: {m.line for m in found} for path, found in by_path.items() if found}
    kept: list[Finding] = []
    suppressed = 0
    for finding in findings:
        if finding.path not in parsed:
            kept.append(finding)
            continue
        if finding.line in marker_lines[finding.path]:
            continue  # a marker line is never a finding, whatever a kind made of it
        hit = False
        for region in parsed[finding.path][0]:
            if region.covers(finding.line):
                for name in region.names:
                    if name in (ALL, finding.rule, finding.category):
                        region.used.add(name)
                        hit = True
        if hit:
            suppressed += 1
        else:
            kept.append(finding)
    if report_unused:
        for path, (regions, malformed) in parsed.items():
            texts = {m.line: m.text for m in by_path[path]}
            kept.extend(_unused(path, texts, regions, malformed, ruleset))
        kept = sort_findings(kept)
    return Result(kept, suppressed)


def _unused(path: str, texts: Mapping[int, str], regions: list[Suppression], malformed: list[tuple[int, str]], ruleset: RuleSet) -> list[Finding]:
    findings = []
    for line, text in malformed:
        findings.append(UNUSED_RULE.finding(
            path, line, text,
            what="suppression comment not understood", name="", why="; write disable=RULE, disable-next-line=RULE or enable",
        ))
    running = [rule for rule in ruleset if rule.enabled]
    for region in regions:
        for name in region.names:
            if name in region.used:
                continue
            if name != ALL and not any(name in (r.id, r.category) for r in ruleset):
                what, why = "suppression names ", ", which is no loaded rule or category"
            elif any(name in (ALL, r.id, r.category) for r in running):
                what, why = "unused suppression of ", ": nothing to silence here"
            else:
                continue  # the rule did not run this time, so the comment may still be needed
            text = texts[region.marker_line]
            findings.append(UNUSED_RULE.finding(path, region.marker_line, text, what=what, name=f"'{name}'", why=why))
    return findings
