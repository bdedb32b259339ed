"""`--format junit`: one testcase per file, one failure per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import newslint
from formats_data import report
from newslint.formats import junit


def test_one_testcase_per_file_and_a_failure_per_finding():
    root = ET.fromstring(junit.render(report("repeated.md", "clean.md", "articles.jsonl")))
    suite = root.find("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "4"
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"repeated.md", "clean.md", "articles.jsonl"}
    assert cases["clean.md"].findall("failure") == []
    failures = cases["repeated.md"].findall("failure")
    assert [f.get("type") for f in failures] == ["skip-to-content", "repeated-block"]
    assert failures[1].get("message") == "repeated.md:9: error: repeats line 5 (100% similar)"
    assert "related: repeated.md:5" in failures[1].text
    assert cases["articles.jsonl"].findall("failure")[0].get("message").startswith("articles.jsonl:council-1:1:")


def test_an_unreadable_file_is_a_testcase_with_an_error(project):
    (project / "bad.txt").write_bytes(b"caf\xe9\n")
    (project / "ok.txt").write_text("Fine words.\n")
    run = newslint("check", "bad.txt", "ok.txt", "--format", "junit")
    assert run.code == 2
    root = ET.fromstring(run.stdout)
    errors = root.find("testsuite").findall("testcase/error")
    assert len(errors) == 1 and "bad.txt:1: not valid UTF-8" in errors[0].get("message")
