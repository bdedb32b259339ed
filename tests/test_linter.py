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


def claim_rule(yields_to: str) -> rules.Rule:
    return rule_from_yaml(
        f"""
        id: figure
        kind: pattern
        category: unsupported-claim
        severity: warning
        message: '{{match}}'
        yields_to: {yields_to}
        scope: line
        patterns: ['\\d+']
        """
    )


def lint_lines(text: str, *pack: rules.Rule) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in linter.lint([make_doc(text)], rules.RuleSet(pack)).findings]


CAPTION = "Crowds of 40,000 marched. Photo: Jane Doe/Reuters\n\n12 people were hurt.\n"


def test_a_rule_that_yields_to_a_category_drops_lines_that_category_flags():
    credit = rule("photo-credit", "Reuters$")
    assert lint_lines(CAPTION, credit, claim_rule("[boilerplate]")) == [(1, "photo-credit"), (3, "figure")]
    # without the key, both report the caption line
    assert lint_lines(CAPTION, credit, claim_rule("[]")) == [(1, "figure"), (1, "photo-credit"), (3, "figure")]


def test_a_rule_yields_only_to_the_categories_it_names():
    other = rule_from_yaml("id: spacing\nkind: pattern\ncategory: artifact\nseverity: info\nmessage: m\nscope: line\npatterns: ['Reuters$']\n")
    assert lint_lines(CAPTION, other, claim_rule("[boilerplate]")) == [(1, "figure"), (1, "spacing"), (3, "figure")]


def test_yields_to_must_name_categories():
    import pytest

    from newslint.errors import UserError

    with pytest.raises(UserError, match="'yields_to' names unknown category 'captions'"):
        claim_rule("[captions]")
    with pytest.raises(UserError, match="'yields_to' must be a list of categories"):
        claim_rule("boilerplate")


def deferring(rule_id: str, pattern: str, defer_to: list[str], category: str = "offtopic") -> rules.Rule:
    return rule_from_yaml(
        f"""
        id: {rule_id}
        kind: pattern
        category: {category}
        severity: warning
        message: '{{match}}'
        defer_to: {defer_to}
        scope: line
        patterns: ['{pattern}']
        """
    )


def test_a_rule_defers_to_the_rules_it_names_whatever_their_category():
    credit = rule("credit", "^Home$")
    promo = deferring("promo", "^(Home|Skip to content)$", ["credit"])
    # line 2 is the credit's; line 1, which no named rule flagged, stays the promo's
    assert lint(credit, promo) == [(1, "promo"), (2, "credit")]
    assert lint(promo, credit) == [(1, "promo"), (2, "credit")]
    # a rule it does not name does not silence it
    assert lint(rule("other", "^Home$"), promo) == [(1, "promo"), (2, "other"), (2, "promo")]


def test_defer_to_must_be_a_list_of_other_rules():
    import pytest

    from newslint.errors import UserError

    base = "id: x\nkind: pattern\ncategory: other\nseverity: info\nmessage: m\nphrases: [a]\n"
    with pytest.raises(UserError, match="'defer_to' must be a list of rule ids"):
        rule_from_yaml(base + "defer_to: credit\n")
    with pytest.raises(UserError, match="'defer_to' cannot name the rule itself"):
        rule_from_yaml(base + "defer_to: [x]\n")


def test_the_default_pack_calls_a_photo_credit_furniture_not_another_story():
    text = (
        "Protesters gathered outside the parliament building on Monday to demand new elections.\n\n"
        "Sanjeev Verma/Hindustan Times/Getty Images\n\n"
        "Police said the crowd dispersed peacefully after the speakers had finished that evening.\n"
    )
    pack = rules.load([])
    found = {(f.line, f.category) for f in linter.lint([make_doc(text)], pack).findings}
    assert (3, "boilerplate") in found and (3, "offtopic") not in found


def test_a_corpus_rule_finds_nothing_in_one_document_and_something_in_two(default_rules):
    """kinds/__init__.py's contract, which lets a one-document run leave its cached summaries unread."""
    from conftest import CORPUS
    from newslint import document
    from newslint.kinds import KINDS

    corpus_rules = [r for r in default_rules.enabled() if KINDS[r.kind].SCOPE == "corpus"]
    assert {r.kind for r in corpus_rules} == {"near-duplicate-doc", "common-block", "figure-consistency"}
    for path in sorted(CORPUS.glob("*.txt")):
        checked = linter.check_documents([document.read(path, f"corpus/{path.name}")], corpus_rules)
        assert linter.combine(checked, corpus_rules).findings == []
    seed = CORPUS / "000_605a992dca7f361f.txt"
    twice = [document.read(seed, "a.txt"), document.read(seed, "b.txt")]
    found = {f.rule for f in linter.combine(linter.check_documents(twice, corpus_rules), corpus_rules).findings}
    assert "near-copy-document" in found
