"""Baselines: record today's findings, hide them later, match by text not by line, show new ones."""

from __future__ import annotations

import json

from conftest import FIXTURES, newslint, write
from newslint import baseline
from newslint.findings import Finding, Severity

ARTICLE = (FIXTURES / "repeated.md").read_text()


def concise(*args: str):
    return newslint("check", "--format", "concise", *args)


def test_write_then_check_hides_every_recorded_finding(project):
    write(project / "a.md", ARTICLE)
    run = newslint("check", "a.md", "--write-baseline", "baseline.json")
    assert run.code == 0
    assert run.stdout == ""
    assert "wrote 2 findings to baseline.json" in run.stderr
    data = json.loads((project / "baseline.json").read_text())
    assert data["version"] == 1
    assert sorted(e["rule"] for e in data["entries"]) == ["repeated-block", "skip-to-content"]
    assert all("line" not in entry for entry in data["entries"])

    run = newslint("check", "a.md", "--baseline", "baseline.json")
    assert run.code == 0
    assert "0 findings (0 error, 0 warning, 0 info); 2 in the baseline" in run.stdout


def test_editing_above_a_finding_does_not_bring_it_back(project):
    write(project / "a.md", ARTICLE)
    newslint("check", "a.md", "--write-baseline", "baseline.json")
    write(project / "a.md", "# A new headline\n\nA new opening paragraph, written today.\n\n" + ARTICLE)
    assert concise("a.md", "--baseline", "baseline.json").stdout == ""


def test_case_and_spacing_changes_do_not_count_as_new(project):
    write(project / "a.md", ARTICLE)
    newslint("check", "a.md", "--write-baseline", "baseline.json")
    write(project / "a.md", ARTICLE.replace("Skip to content", "SKIP  to  content"))
    assert concise("a.md", "--baseline", "baseline.json").stdout == ""


def test_new_findings_still_show(project):
    write(project / "a.md", ARTICLE)
    newslint("check", "a.md", "--write-baseline", "baseline.json")
    write(project / "a.md", ARTICLE + "\nRead also:\n")
    write(project / "b.md", ARTICLE)  # the same text in another file is new there
    run = concise("a.md", "b.md", "--baseline", "baseline.json")
    assert run.code == 1
    assert run.stdout.splitlines() == [
        'a.md:11:1: error related-links [*] related-links header "Read also:"',
        'b.md:1:1: error skip-to-content [*] navigation link "Skip to content"',
        "b.md:9:1: error repeated-block [*] repeats line 5 (100% similar)",
    ]


def test_a_second_copy_of_a_recorded_finding_shows(project):
    write(project / "a.md", ARTICLE)
    newslint("check", "a.md", "--write-baseline", "baseline.json")
    write(project / "a.md", "Skip to content\n\n" + ARTICLE)
    assert concise("a.md", "--baseline", "baseline.json").stdout.count("skip-to-content") == 1


def test_paths_are_relative_to_the_baseline_file(project, monkeypatch):
    write(project / "articles" / "a.md", ARTICLE)
    newslint("check", "articles/a.md", "--write-baseline", "ci/baseline.json")
    assert {e["path"] for e in json.loads((project / "ci" / "baseline.json").read_text())["entries"]} == {"../articles/a.md"}
    monkeypatch.chdir(project / "articles")
    assert concise("a.md", "--baseline", "../ci/baseline.json").stdout == ""


def test_the_baseline_can_come_from_the_config(project):
    write(project / "a.md", ARTICLE)
    newslint("check", "a.md", "--write-baseline", "newslint-baseline.json")
    write(project / "newslint.yaml", "baseline: newslint-baseline.json\n")
    assert newslint("check", "a.md").code == 0


def test_a_bad_baseline_is_a_user_error(project):
    write(project / "a.md", ARTICLE)
    run = newslint("check", "a.md", "--baseline", "missing.json")
    assert run.code == 2
    assert "missing.json: baseline not found; write one with --write-baseline FILE" in run.stderr
    write(project / "bad.json", '{"version": 1, "entries": [\n')
    run = newslint("check", "a.md", "--baseline", "bad.json")
    assert run.code == 2
    assert "bad.json:2: baseline is not valid JSON" in run.stderr
    write(project / "other.json", '{"runs": []}')
    assert "not a newslint baseline" in newslint("check", "a.md", "--baseline", "other.json").stderr


def test_the_fingerprint_ignores_lines_but_not_rule_or_text():
    def finding(line: int, rule: str = "skip-to-content", excerpt: str = "Skip to content") -> Finding:
        return Finding("a.md", line, line, 1, rule, "boilerplate", Severity.ERROR, "m", excerpt)

    assert baseline.fingerprint(finding(1)) == baseline.fingerprint(finding(40))
    assert baseline.fingerprint(finding(1)) == baseline.fingerprint(finding(1, excerpt="skip to content!"))
    assert baseline.fingerprint(finding(1)) != baseline.fingerprint(finding(1, rule="related-links"))
    assert baseline.fingerprint(finding(1)) != baseline.fingerprint(finding(1, excerpt="Skip to footer"))
