"""linter: every rule over every document, corpus rules once, fallback rules yield to specific ones."""

from __future__ import annotations

from conftest import make_doc, rule_from_yaml
from newslint import linter, rules


def rule(rule_id: str, pattern: str, fallback: bool = False) -> rules.Rule:
    return rule_from_yaml(
        f"""
        id: {rule_id}
        kind: pattern
        category: boilerplate
        severity: warning
        message: '{{match}}'
        fallback: {str(fallback).lower()}
        scope: line
        patterns: ['{pattern}']
        """
    )


def lint(*pack: rules.Rule) -> list[tuple[int, str]]:
    doc = make_doc("Skip to content\nHome\nThe article itself.\n")
    return [(f.line, f.rule) for f in linter.lint([doc], rules.RuleSet(pack)).findings]


def test_a_fallback_rule_reports_only_lines_no_specific_rule_flagged():
    specific = rule("skip-link", "^Skip to content$")
    short = rule("short-line", "^\\w+( \\w+){0,2}$", fallback=True)
    assert lint(specific, short) == [(1, "skip-link"), (2, "short-line")]
    assert lint(short, specific) == [(1, "skip-link"), (2, "short-line")]  # whatever the order


def test_among_fallback_rules_the_first_listed_wins():
    first = rule("first", "^(Skip to content|Home)$", fallback=True)
    second = rule("second", "^\\w+( \\w+){0,2}$", fallback=True)
    assert lint(first, second) == [(1, "first"), (2, "first")]


def test_rules_that_are_not_fallbacks_all_report():
    assert lint(rule("a", "Home"), rule("b", "^Home$")) == [(2, "a"), (2, "b")]


def test_the_flag_must_be_true_or_false():
    import pytest

    from newslint.errors import UserError

    with pytest.raises(UserError, match="'fallback' must be true or false"):
        rule_from_yaml("id: x\nkind: pattern\ncategory: other\nseverity: info\nmessage: m\nphrases: [a]\nfallback: maybe\n")
