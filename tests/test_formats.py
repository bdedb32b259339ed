"""Table and JSON output: shapes other tools rely on, and output a person can read."""

from __future__ import annotations

import dataclasses
import json

from newslint.findings import Finding, Related, Report, Severity
from newslint.formats import json_format, table

FINDING = Finding(
    path="corpus/000_605a992dca7f361f.txt",
    line=8,
    end_line=8,
    column=1,
    rule="repeated-block",
    category="duplicate",
    severity=Severity.ERROR,
    message="repeats line 7 (100% similar)",
    excerpt="China Affirmed its Support for Moscow, as declared by Xi during his meeting with Putin.",
    related=Related("corpus/000_605a992dca7f361f.txt", 7),
    fix="safe",
)


def test_json_has_exactly_the_documented_shape():
    data = json.loads(json_format.render(Report([FINDING], files_checked=5)))
    assert data == {
        "version": 1,
        "files_checked": 5,
        "findings": [
            {
                "path": "corpus/000_605a992dca7f361f.txt",
                "line": 8,
                "end_line": 8,
                "column": 1,
                "rule": "repeated-block",
                "category": "duplicate",
                "severity": "error",
                "message": "repeats line 7 (100% similar)",
                "excerpt": FINDING.excerpt,
                "related": {"path": "corpus/000_605a992dca7f361f.txt", "line": 7},
                "fix": "safe",
            }
        ],
    }
    assert list(data["findings"][0]) == ["path", "line", "end_line", "column", "rule", "category", "severity", "message", "excerpt", "related", "fix"]


def test_json_related_is_null_where_there_is_none():
    finding = dataclasses.replace(FINDING, related=None)
    assert json.loads(json_format.render(Report([finding], 1)))["findings"][0]["related"] is None


def test_table_fits_100_columns_and_ends_with_a_summary(seed_report):
    text = table.render(seed_report)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "corpus/000_605a992dca7f361f.txt:8" in text
    counts = seed_report.counts()
    assert text.splitlines()[-1] == (
        f"5 files checked, {len(seed_report.findings)} findings "
        f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info)"
    )


def test_table_cuts_long_excerpts_with_an_ellipsis():
    text = table.render(Report([FINDING], 1))
    assert "China Affirmed" in text and "…" in text
    assert FINDING.excerpt not in text


def test_clean_report_is_just_the_summary():
    assert table.render(Report([], 3)) == "3 files checked, 0 findings (0 error, 0 warning, 0 info)\n"


def test_json_says_null_when_a_finding_has_no_fix():
    unfixable = dataclasses.replace(FINDING, fix=None)
    [finding] = json.loads(json_format.render(Report([unfixable], files_checked=1)))["findings"]
    assert finding["fix"] is None and list(finding)[-1] == "fix"
