"""Table and JSON output: shapes other tools rely on, and output a person can read."""

from __future__ import annotations

import dataclasses
import json

from newslint.findings import Finding, Related, Report, Severity
from newslint.formats import json_format, table
from newslint.style import Style

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


def test_the_table_ends_with_the_counts_and_how_many_are_fixable(seed_report):
    text = table.render(seed_report)
    counts = seed_report.counts()
    fixable = seed_report.fixable_counts()
    assert text.splitlines()[-2:] == [
        f"5 files checked, {len(seed_report.findings)} findings "
        f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info)",
        f"[*] {fixable['safe']} fixable with `newslint fix` ([~] {fixable['unsafe']} more with --unsafe-fixes)",
    ]
    assert fixable["safe"] > 0 and fixable["unsafe"] > 0


def test_table_cuts_long_excerpts_with_an_ellipsis():
    text = table.render(Report([FINDING], 1), Style(width=60))
    assert "China Affirmed" in text and "…" in text
    assert FINDING.excerpt not in text
    assert max(len(line) for line in text.splitlines()) <= 60


def test_clean_report_is_just_the_summary():
    assert table.render(Report([], 3)) == "3 files checked, 0 findings (0 error, 0 warning, 0 info)\n"


def test_the_flagged_span_is_underlined_and_kept_in_view_when_the_excerpt_is_cut():
    long_sentence = "Officials in the capital said on Monday, after a long debate, that " * 3 + "the fund holds $244.8 billion now."
    finding = dataclasses.replace(FINDING, message='unsupported figure "$244.8 billion" — add a source', excerpt=long_sentence, fix=None)
    lines = table.render(Report([finding], 1), Style(width=80)).splitlines()
    [excerpt] = [line for line in lines if line.lstrip().startswith("| ")]
    carets = lines[lines.index(excerpt) + 1]
    start = carets.index("^")
    assert excerpt[start:start + len("$244.8 billion")] == "$244.8 billion" == "$" + "".join(
        excerpt[i] for i in range(start + 1, len(carets)) if carets[i] == "^")
    assert "…" in excerpt and max(len(line) for line in lines) <= 80


def test_a_control_character_in_a_file_name_or_message_is_written_as_its_escape():
    finding = dataclasses.replace(FINDING, path="evil\x1b[2Jname.txt", message="odd \x07 bell")
    text = table.render(Report([finding], 1))
    assert "\x1b" not in text and "\x07" not in text
    assert "evil\\x1b[2Jname.txt" in text and "odd \\x07 bell" in text


def test_json_says_null_when_a_finding_has_no_fix():
    unfixable = dataclasses.replace(FINDING, fix=None)
    [finding] = json.loads(json_format.render(Report([unfixable], files_checked=1)))["findings"]
    assert finding["fix"] is None and list(finding)[-1] == "fix"
