"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

One run; `tool.driver.rules` describes every rule that ran (id, short and full
description, help with the rule's example, default level, category), and each result
names its rule by `ruleId` and `ruleIndex`, with a level, a message and a
`physicalLocation` (file and region). A record of a .jsonl corpus is located on its
line of the file; its id and the line inside the article are in `properties`.
`partialFingerprints` carry the same line-free fingerprint as `--baseline`, so code
scanning follows a finding when lines above it move.
"""

from __future__ import annotations

import re
from typing import Any, Iterator
from urllib.parse import quote

from newslint import __version__
from newslint.baseline import fingerprint
from newslint.findings import Finding, Related, Report, Severity
from newslint.formats.json_format import ITEMS, dumps_pieces

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
# The tool's page, when the package declares one (`[project.urls]` Documentation or Homepage in
# pyproject.toml). newslint is not on PyPI and has no public home yet, so by default the
# optional informationUri is left out rather than pointing at a page that does not exist.
INFORMATION_URL_LABELS = ("documentation", "homepage", "source")


def information_uri() -> str | None:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("newslint").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    by_label = {}
    for entry in urls:
        label, _, url = entry.partition(",")
        by_label[label.strip().lower()] = url.strip()
    return next((by_label[label] for label in INFORMATION_URL_LABELS if by_label.get(label, "").startswith("https://")), None)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.DOTALL)


def short_description(rule: Any) -> str:
    text = " ".join((rule.description or "").split())
    match = FIRST_SENTENCE.match(text)
    if match:
        return match.group(1)
    return text or f"{rule.category}: {rule.id}"


def rule_descriptor(rule: Any) -> dict[str, Any]:
    description = " ".join((rule.description or "").split()) or short_description(rule)
    help_text = description
    help_markdown = description
    if rule.example:
        help_text += f"\n\nExample:\n{rule.example.rstrip()}"
        help_markdown += "\n\nExample:\n\n" + "\n".join("    " + line for line in rule.example.rstrip().splitlines())
    help_text += f"\n\nRun `newslint explain {rule.id}` for its parameters."
    help_markdown += f"\n\nRun `newslint explain {rule.id}` for its parameters."
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": short_description(rule)},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "kind": rule.kind, "fix": rule.fix, "tags": ["newslint", rule.category]},
    }


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _location(finding: Finding) -> dict[str, Any]:
    if finding.record is not None:
        region: dict[str, Any] = {"startLine": finding.record.line}
    else:
        region = {"startLine": finding.line, "startColumn": finding.column, "endLine": max(finding.end_line, finding.line)}
    region["snippet"] = {"text": finding.excerpt}
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(finding.path)}, "region": region}}


def _related(related: Related) -> dict[str, Any]:
    location: dict[str, Any] = {"id": 1, "physicalLocation": {"artifactLocation": {"uri": _uri(related.path)}}}
    if related.record is None:
        location["physicalLocation"]["region"] = {"startLine": related.line}
        location["message"] = {"text": f"{related.path}:{related.line}"}
    else:
        location["message"] = {"text": f"record {related.record}, line {related.line}"}
        location["properties"] = {"record": related.record, "lineInRecord": related.line}
    return location


def result(finding: Finding, index: int) -> dict[str, Any]:
    properties: dict[str, Any] = {"category": finding.category, "fix": finding.fix}
    if finding.record is not None:
        properties.update(record=finding.record.id, lineInRecord=finding.line, columnInRecord=finding.column)
    data: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding)],
        "partialFingerprints": {"newslintFingerprint/v1": fingerprint(finding)},
        "properties": properties,
    }
    if finding.related is not None:
        data["relatedLocations"] = [_related(finding.related)]
    return data


def pieces(report: Report) -> Iterator[str]:
    """The log with its results dumped one at a time (json_format.dumps_pieces)."""
    described = list(report.rules)
    known = {rule.id for rule in described}
    rules = [rule_descriptor(rule) for rule in described]
    for finding in report.findings:  # a finding whose rule the report does not describe still needs an entry
        if finding.rule not in known:
            known.add(finding.rule)
            rules.append({"id": finding.rule, "shortDescription": {"text": f"{finding.category}: {finding.rule}"}})
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    driver: dict[str, Any] = {"name": "newslint", "version": __version__}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = rules
    run = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": [{"level": "error", "message": {"text": e}} for e in report.errors],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": ITEMS,
    }
    document = {"$schema": SCHEMA, "version": VERSION, "runs": [run]}
    return dumps_pieces(document, (result(f, index[f.rule]) for f in report.findings), len(report.findings))


def render(report: Report) -> str:
    return "".join(pieces(report))
