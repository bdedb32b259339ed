"""lint(docs, ruleset) → Report: per-document kinds, then corpus kinds once, then archive kinds, then sort.

A rule marked `fallback: true` is a catch-all (a short line outside the article, a line
many documents share): its finding is dropped when every line it covers is already
flagged in its category by a specific rule, or by a fallback rule listed before it, so
that each piece of furniture is reported once, by the rule that names it best.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Sequence

from newslint.document import Document
from newslint.findings import Finding, Report
from newslint.kinds import KINDS
from newslint.regexes import PatternTimeout
from newslint.rules import Rule, RuleSet

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
    errors: list[str] = []
    rules = ruleset.enabled()
    stopped: set[str] = set()  # rules whose pattern ran out of time: one report, then no more tries
    for doc in docs:
        for rule in rules:
            if KINDS[rule.kind].SCOPE == "document" and rule.id not in stopped:
                try:
                    findings.extend(KINDS[rule.kind].check(doc, rule))
                except PatternTimeout as err:
                    stopped.add(rule.id)
                    where = doc.path if err.line is None else f"{doc.path}:{err.line}"
                    errors.append(stopped_message(rule, where, err))
        if progress is not None:
            progress(doc)
    for rule in rules:
        if KINDS[rule.kind].SCOPE == "corpus":
            try:
                findings.extend(KINDS[rule.kind].check_corpus(docs, rule))
            except PatternTimeout as err:
                errors.append(stopped_message(rule, "the checked files", err))
    if archive is not None:
        for rule in rules:
            if KINDS[rule.kind].SCOPE == "archive":
                findings.extend(KINDS[rule.kind].check_archive(docs, rule, archive))
    findings = without_fallback_repeats(findings, rules)
    findings.sort(key=Finding.sort_key)
    return Report(findings=findings, files_checked=len(docs), errors=errors)


def stopped_message(rule: Rule, where: str, err: PatternTimeout) -> str:
    return (
        f"{rule.source}: rule '{rule.id}' stopped: its pattern {err.pattern!r} ran longer than "
        f"{err.seconds:.1f} s on {where}; rewrite it without nested quantifiers such as (a+)+"
    )


def without_fallback_repeats(findings: list[Finding], rules: Sequence[Rule]) -> list[Finding]:
    fallbacks = [r.id for r in rules if r.fallback]
    if not fallbacks:
        return findings
    rank = {rule_id: position for position, rule_id in enumerate(fallbacks)}
    covered: set[tuple[str, str, int]] = set()  # (path, category, line)
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: rank.get(f.rule, -1)):  # stable: specific rules first
        lines = {(finding.path, finding.category, n) for n in range(finding.line, finding.end_line + 1)}
        if finding.rule in rank and lines <= covered:
            continue
        covered |= lines
        kept.append(finding)
    return kept
