"""`--statistics`: counts per rule instead of the findings."""

from __future__ import annotations

from collections import Counter

from conftest import CORPUS, newslint
from formats_data import report
from newslint.formats import statistics


def test_counts_per_rule_most_first():
    lines = statistics.render(report("repeated.md", "articles.jsonl")).splitlines()
    assert lines[0].split() == ["count", "rule", "category", "severity", "fix"]
    assert [line.split() for line in lines[2:4]] == [
        ["2", "repeated-block", "duplicate", "error", "safe"],
        ["2", "skip-to-content", "boilerplate", "error", "safe"],
    ]
    assert lines[-1].startswith("2 files (3 documents) checked, 4 findings")


def test_statistics_on_the_command_line_match_the_findings_and_keep_the_exit_code():
    run = newslint("check", str(CORPUS), "--statistics")
    assert run.code == 1
    rows = [line.split() for line in run.stdout.splitlines()[2:] if line.strip()][:-1]
    counts = {row[1]: int(row[0]) for row in rows}
    findings = newslint("check", str(CORPUS), "--format", "concise").stdout.splitlines()
    assert counts == dict(Counter(line.split()[2] for line in findings))
