"""`--format github`: workflow commands that become pull-request annotations."""

from __future__ import annotations

from formats_data import report
from newslint.findings import Finding, Report, Severity
from newslint.formats import github


def test_one_command_per_finding_with_file_lines_and_title():
    assert github.render(report("repeated.md")).splitlines() == [
        '::error file=repeated.md,line=1,endLine=1,col=1,title=newslint skip-to-content::navigation link "Skip to content" (safe fix: `newslint fix`)',
        "::error file=repeated.md,line=9,endLine=9,col=1,title=newslint repeated-block::repeats line 5 (100%25 similar) (safe fix: `newslint fix`)",
    ]


def test_severities_map_to_error_warning_notice_and_text_is_escaped():
    findings = [
        Finding("a,b:c.md", 3, 4, 2, "x", "other", severity, "50% of\nit", "e")
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    ]
    lines = github.render(Report(findings, 1)).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning", "::notice"]
    assert lines[0] == "::error file=a%2Cb%3Ac.md,line=3,endLine=4,col=2,title=newslint x::50%25 of%0Ait"


def test_a_jsonl_record_is_annotated_on_its_line_of_the_file():
    first = github.render(report("articles.jsonl")).splitlines()[1]
    assert first.startswith("::error file=articles.jsonl,line=1,endLine=1,title=newslint repeated-block (record council-1%2C line 9)::")
