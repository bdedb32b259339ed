"""`--format concise`: path:line:col: severity rule message."""

from __future__ import annotations

from formats_data import report
from newslint.findings import Finding, Report, Severity
from newslint.formats import concise


def test_one_line_per_finding():
    assert concise.render(report("repeated.md", "clean.md")) == (
        'repeated.md:1:1: error skip-to-content [*] navigation link "Skip to content"\n'
        "repeated.md:9:1: error repeated-block [*] repeats line 5 (100% similar)\n"
    )


def test_nothing_at_all_when_clean():
    assert concise.render(report("clean.md")) == ""


def test_a_message_never_spans_lines():
    finding = Finding("a.md", 2, 2, 7, "x", "other", Severity.INFO, "two\nlines", "e")
    assert concise.render(Report([finding], 1)) == "a.md:2:7: info x two lines\n"
