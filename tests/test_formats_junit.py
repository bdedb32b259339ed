"""`--format junit`: one testcase per finding (and one per clean file), each failure its own."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import newslint
from formats_data import report
from newslint.formats import junit


def test_one_testcase_per_finding_and_one_per_clean_file():
    root = ET.fromstring(junit.render(report("repeated.md", "clean.md", "articles.jsonl")))
    suite = root.find("testsuite")
    assert suite.get("tests") == "5" and suite.get("failures") == "4"
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"repeated.md:1 skip-to-content", "repeated.md:9 repeated-block", "clean.md",
                          "articles.jsonl:council-1:1 skip-to-content", "articles.jsonl:council-1:9 repeated-block"}
    assert cases["clean.md"].findall("failure") == []
    assert all(len(case.findall("failure")) == 1 for name, case in cases.items() if name != "clean.md")
    [failure] = cases["repeated.md:9 repeated-block"].findall("failure")
    assert failure.get("type") == "repeated-block"
    assert failure.get("message") == "repeated.md:9: error: repeats line 5 (100% similar)"
    assert "related: repeated.md:5" in failure.text and "safe fix: `newslint fix`" in failure.text
    assert cases["repeated.md:9 repeated-block"].get("classname") == "repeated.md"
    assert cases["repeated.md:9 repeated-block"].get("line") == "9"
    assert cases["articles.jsonl:council-1:1 skip-to-content"].find("failure").get("message").startswith("articles.jsonl:council-1:1:")


def test_an_unreadable_file_is_a_testcase_with_an_error(project):
    (project / "bad.txt").write_bytes(b"caf\xe9\n")
    (project / "ok.txt").write_text("Fine words.\n")
    run = newslint("check", "bad.txt", "ok.txt", "--format", "junit")
    assert run.code == 2
    root = ET.fromstring(run.stdout)
    errors = root.find("testsuite").findall("testcase/error")
    assert len(errors) == 1 and "bad.txt:1: not valid UTF-8" in errors[0].get("message")
