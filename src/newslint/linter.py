"""lint(docs, ruleset) → Report: per-document kinds, then corpus kinds once, then sort."""

from __future__ import annotations

from typing import Callable, Sequence

from newslint.document import Document
from newslint.findings import Finding, Report
from newslint.kinds import KINDS
from newslint.rules import RuleSet


def lint(docs: Sequence[Document], ruleset: RuleSet, progress: Callable[[Document], None] | None = None) -> Report:
    """`progress`, when given, is called once for each document checked (the CLI's progress bar)."""
    findings: list[Finding] = []
    rules = ruleset.enabled()
    for doc in docs:
        for rule in rules:
            if KINDS[rule.kind].SCOPE == "document":
                findings.extend(KINDS[rule.kind].check(doc, rule))
        if progress is not None:
            progress(doc)
    for rule in rules:
        if KINDS[rule.kind].SCOPE == "corpus":
            findings.extend(KINDS[rule.kind].check_corpus(docs, rule))
    findings.sort(key=Finding.sort_key)
    return Report(findings=findings, files_checked=len(docs))
