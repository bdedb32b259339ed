"""Which rules run and how loud: select / ignore / extend-select, severity overrides, per-file ignores.

A selector is a rule id, a category or `ALL`. Selection is decided on the RuleSet
before anything is linted: without `select` the rules that are enabled by default
run; `extend-select` adds to that; `ignore` takes away. When a rule is both
selected and ignored, the more specific selector wins (an id beats a category,
a category beats ALL), and on a tie `ignore` wins — so
`--select duplicate --ignore near-copy-document` runs every duplicate rule but one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping

from newslint import discover
from newslint.config import Config
from newslint.findings import Finding
from newslint.rules import Rule, RuleSet

ALL = "ALL"
SPECIFICITY = {"all": 0, "category": 1, "id": 2}


def apply(ruleset: RuleSet, config: Config) -> RuleSet:
    """Every loaded rule, `enabled` set by the selection and severity overridden; unknown selectors are errors."""
    check_selectors(ruleset, config)
    rules = []
    for rule in ruleset:
        if config.select:
            picked = best_match(rule, config.select)
        else:
            picked = SPECIFICITY["all"] if rule.enabled else None
        extended = best_match(rule, config.extend_select)
        if extended is not None and (picked is None or extended > picked):
            picked = extended
        ignored = best_match(rule, config.ignore)
        enabled = picked is not None and (ignored is None or picked > ignored)
        rules.append(replace(rule, enabled=enabled, severity=severity_for(rule, config.severity)))
    return RuleSet(tuple(rules))


def matches(rule: Rule, selector: str) -> str | None:
    """How `selector` names `rule`: "id", "category", "all", or None."""
    if selector == ALL:
        return "all"
    if selector == rule.id:
        return "id"
    if selector == rule.category:
        return "category"
    return None


def best_match(rule: Rule, selectors: Iterable[str]) -> int | None:
    found = [SPECIFICITY[kind] for kind in (matches(rule, s) for s in selectors) if kind]
    return max(found) if found else None


def severity_for(rule: Rule, overrides: Mapping):
    best, severity = -1, rule.severity
    for selector, level in overrides.items():
        kind = matches(rule, selector)
        if kind and SPECIFICITY[kind] > best:
            best, severity = SPECIFICITY[kind], level
    return severity


def is_known(selector: str, ruleset: RuleSet, extra_ids: Iterable[str] = ()) -> bool:
    return selector == ALL or selector in extra_ids or any(matches(rule, selector) for rule in ruleset)


def check_selectors(ruleset: RuleSet, config: Config) -> None:
    lists = {
        "select": config.select,
        "ignore": config.ignore,
        "extend-select": config.extend_select,
        "severity": tuple(config.severity),
    }
    for key, selectors in lists.items():
        for selector in selectors:
            if not is_known(selector, ruleset):
                raise config.error(key, unknown_message(selector, ruleset), selector)
    for glob, selectors in config.per_file_ignores.items():
        for selector in selectors:
            if not is_known(selector, ruleset):
                raise config.error("per-file-ignores", unknown_message(selector, ruleset), glob)


def unknown_message(selector: str, ruleset: RuleSet) -> str:
    import difflib

    names = sorted({r.id for r in ruleset} | {r.category for r in ruleset})
    close = difflib.get_close_matches(selector, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown rule or category '{selector}'; {hint}run `newslint rules` to list them"


def drop_per_file_ignores(findings: list[Finding], config: Config) -> list[Finding]:
    """Findings left once `per-file-ignores` (glob → selectors) has been applied."""
    if not config.per_file_ignores:
        return findings
    root = config.root.resolve()
    specs = [(discover.glob_spec((glob,)), selectors) for glob, selectors in config.per_file_ignores.items()]
    kept = []
    for finding in findings:
        relative = discover.relative(finding.path, root)
        if not any(
            spec.match_file(relative) and any(_names(finding, s) for s in selectors)
            for spec, selectors in specs
        ):
            kept.append(finding)
    return kept


def _names(finding: Finding, selector: str) -> bool:
    return selector in (ALL, finding.rule, finding.category)
