"""lint(docs, ruleset) → Report: per-document kinds, then corpus kinds once, then sort."""

from __future__ import annotations

from typing import Sequence

from newslint.document import Document
from newslint.findings import Finding, Report
from newslint.kinds import KINDS
from newslint.regexes import PatternTimeout
from newslint.rules import Rule, RuleSet


def lint(docs: Sequence[Document], ruleset: RuleSet) -> Report:
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
                    errors.append(stopped_message(rule, doc, err))
    for rule in rules:
        if KINDS[rule.kind].SCOPE == "corpus":
            findings.extend(KINDS[rule.kind].check_corpus(docs, rule))
    findings.sort(key=Finding.sort_key)
    return Report(findings=findings, files_checked=len(docs), errors=errors)


def stopped_message(rule: Rule, doc: Document, err: PatternTimeout) -> str:
    where = doc.path if err.line is None else f"{doc.path}:{err.line}"
    return (
        f"{rule.source}: rule '{rule.id}' stopped: its pattern {err.pattern!r} ran longer than "
        f"{err.seconds:.1f} s on {where}; rewrite it without nested quantifiers such as (a+)+"
    )
