"""Inline suppression comments: disable/enable regions, disable-next-line, unused reports."""

from __future__ import annotations

from conftest import newslint, write
from newslint import document, linter, rules, suppress

RULESET = rules.load([])
PARAGRAPH = "The city council approved next year's budget on Monday after a long debate about road repairs."


def findings(text: str, report_unused: bool = False):
    doc = document.parse(text, "a.md")
    report = linter.lint([doc], RULESET)
    return suppress.apply(report.findings, [doc], RULESET, report_unused)


def where(result) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in result.findings]


def test_without_comments_both_rules_fire():
    assert where(findings(f"Skip to content\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n")) == [(1, "skip-to-content"), (5, "repeated-block")]


def test_disable_next_line_silences_only_that_line_and_rule():
    text = f"<!-- newslint: disable-next-line=skip-to-content -->\nSkip to content\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n"
    result = findings(text)
    assert where(result) == [(6, "repeated-block")]
    assert result.suppressed == 1


def test_disable_next_line_skips_blank_lines():
    text = f"{PARAGRAPH}\n\n<!-- newslint: disable-next-line=repeated-block -->\n\n{PARAGRAPH}\n"
    assert where(findings(text)) == []


def test_disable_region_until_enable_by_category():
    text = (
        f"{PARAGRAPH}\n\n<!-- newslint: disable=duplicate -->\n{PARAGRAPH}\n<!-- newslint: enable -->\n\n"
        f"{PARAGRAPH}\n"
    )
    assert where(findings(text)) == [(7, "repeated-block")]


def test_a_bare_disable_silences_everything_to_the_end():
    text = f"<!-- newslint: disable -->\nSkip to content\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n"
    result = findings(text)
    assert where(result) == []
    assert result.suppressed == 2


def test_enable_one_of_two_keeps_the_other_disabled():
    text = (
        "<!-- newslint: disable=skip-to-content, repeated-block -->\n"
        f"{PARAGRAPH}\n\n{PARAGRAPH}\n"
        "<!-- newslint: enable=repeated-block -->\n"
        f"Skip to content\n\n{PARAGRAPH}\n"
    )
    assert where(findings(text)) == [(8, "repeated-block")]


def test_marker_lines_are_never_findings_nor_text():
    marker = "<!-- newslint: enable -->"
    text = f"{marker}\n\nSome words here.\n\n{marker}\n\nMore words.\n\n{marker}\n"
    doc = document.parse(text, "a.md")
    assert [block.text for block in doc.blocks] == ["Some words here.", "More words."]
    assert where(findings(text)) == []  # three identical lines, but not a repeated block


def test_unused_suppressions_are_reported_on_request():
    text = (
        "<!-- newslint: disable-next-line=repeated-block -->\n"
        "A first paragraph that repeats nothing at all.\n\n"
        "<!-- newslint: disable-next-line=skip-to-contnet -->\n"
        "Skip to content\n\n"
        "<!-- newslint: disabel=tag-list -->\n"
    )
    assert [f.rule for f in findings(text).findings] == ["skip-to-content"]
    result = findings(text, report_unused=True)
    reported = [(f.line, f.rule, f.message) for f in result.findings]
    assert reported == [
        (1, "unused-suppression", "unused suppression of 'repeated-block': nothing to silence here"),
        (4, "unused-suppression", "suppression names 'skip-to-contnet', which is no loaded rule or category"),
        (5, "skip-to-content", 'navigation link "Skip to content"'),
        (7, "unused-suppression", "suppression comment not understood; write disable=RULE, disable-next-line=RULE or enable"),
    ]


def test_a_suppression_for_a_rule_that_did_not_run_is_not_unused(project):
    write(project / "a.md", "<!-- newslint: disable-next-line=tag-list -->\nA plain sentence of text.\n")
    run = newslint("check", "a.md", "--select", "duplicate", "--report-unused-suppressions", "--format", "concise")
    assert run.stdout == ""
    run = newslint("check", "a.md", "--report-unused-suppressions", "--format", "concise", "--fail-on", "warning")
    assert run.code == 1
    assert run.stdout == "a.md:1:1: warning unused-suppression unused suppression of 'tag-list': nothing to silence here\n"


def test_the_table_counts_what_comments_suppressed(project):
    write(project / "a.md", f"<!-- newslint: disable=duplicate -->\n{PARAGRAPH}\n\n{PARAGRAPH}\n")
    run = newslint("check", "a.md")
    assert run.code == 0
    assert run.stdout.splitlines() == ["1 file checked, 0 findings (0 error, 0 warning, 0 info)", "1 suppressed by comments"]
