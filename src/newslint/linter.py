"""lint(docs, ruleset) → Report: per-document kinds, then corpus kinds once, then sort.

The per-document stage runs one document at a time, so it can run on all cores and be
cached: it yields the document's findings and, for each corpus rule, the kind's summary
of the document (`summarize(doc, rule)`; the document itself for a kind without one).
The corpus stage then runs each corpus rule once over the summaries, in path order.
`lint_files` is the same path from file names, with `--jobs` workers and the cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from newslint.document import Document
from newslint.findings import Finding, Report
from newslint.kinds import KINDS
from newslint.rules import Rule, RuleSet


@dataclass(frozen=True)
class FileResult:
    """What the per-document stage found in one file."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    summaries: dict[str, Any] = field(default_factory=dict)  # corpus rule id -> summary
    error: str | None = None  # the file could not be read


def lint(docs: Sequence[Document], ruleset: RuleSet) -> Report:
    rules = ruleset.enabled()
    return combine([check_document(doc, rules) for doc in docs], rules)


def lint_files(paths: Sequence[str], ruleset: RuleSet, jobs: int = 1, cache_dir: Path | None = None) -> Report:
    """Read, check and combine the files, on `jobs` processes, reusing cached per-file results."""
    from newslint import parallel

    rules = ruleset.enabled()
    results = parallel.check_files(list(paths), rules, jobs, cache_dir)
    report = combine([r for r in results if r.error is None], rules)
    report.errors.extend(r.error for r in results if r.error is not None)
    return report


def check_document(doc: Document, rules: Sequence[Rule]) -> FileResult:
    findings: list[Finding] = []
    summaries: dict[str, Any] = {}
    for rule in rules:
        kind = KINDS[rule.kind]
        if kind.SCOPE == "document":
            findings.extend(kind.check(doc, rule))
        else:
            summaries[rule.id] = summarize(doc, rule)
    return FileResult(doc.path, findings, summaries)


def summarize(doc: Document, rule: Rule) -> Any:
    kind = KINDS[rule.kind]
    return kind.summarize(doc, rule) if hasattr(kind, "summarize") else doc


def combine(results: Sequence[FileResult], rules: Sequence[Rule]) -> Report:
    """Per-document findings of every file, then each corpus rule over all summaries, sorted."""
    findings = [finding for result in results for finding in result.findings]
    for rule in rules:
        kind = KINDS[rule.kind]
        if kind.SCOPE == "corpus":
            findings.extend(kind.check_corpus([result.summaries[rule.id] for result in results], rule))
    findings.sort(key=Finding.sort_key)
    return Report(findings=findings, files_checked=len(results))
