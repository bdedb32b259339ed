"""lint(docs, ruleset) → Report: per-document kinds, then corpus kinds once, then archive kinds, then sort."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from newslint.document import Document
from newslint.findings import Finding, Report
from newslint.kinds import KINDS
from newslint.rules import RuleSet

if TYPE_CHECKING:
    from newslint.archive import Archive


def lint(
    docs: Sequence[Document],
    ruleset: RuleSet,
    progress: Callable[[Document], None] | None = None,
    archive: "Archive | None" = None,
) -> Report:
    """`progress`, when given, is called once for each document checked (the CLI's progress bar).

    Archive kinds run only when an index is given: without one they have nothing to compare against.
    """
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
    if archive is not None:
        for rule in rules:
            if KINDS[rule.kind].SCOPE == "archive":
                findings.extend(KINDS[rule.kind].check_archive(docs, rule, archive))
    findings.sort(key=Finding.sort_key)
    return Report(findings=findings, files_checked=len(docs))
