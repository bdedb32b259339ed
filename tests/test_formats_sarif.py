"""`--format sarif`: SARIF 2.1.0 checked structurally, field by field, as code scanning reads it."""

from __future__ import annotations

import json

from conftest import newslint
from formats_data import report
from newslint.formats import sarif

LEVELS = {"none", "note", "warning", "error"}


def check_structure(log: dict) -> None:
    """The SARIF 2.1.0 fields GitHub code scanning requires, and their consistency."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "newslint" and driver["version"]
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    for rule in rules:
        assert rule["shortDescription"]["text"].strip()
        assert rule["fullDescription"]["text"].strip()
        assert rule["help"]["text"].strip()
        assert rule["defaultConfiguration"]["level"] in LEVELS
    for result in run["results"]:
        assert result["ruleId"] in ids
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in LEVELS
        assert result["message"]["text"].strip()
        [location] = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and not uri.startswith("/") and "\\" not in uri
        region = physical["region"]
        assert region["startLine"] >= 1
        assert region.get("endLine", region["startLine"]) >= region["startLine"]
        assert region.get("startColumn", 1) >= 1


def test_sarif_of_a_real_report_is_well_formed():
    log = json.loads(sarif.render(report("repeated.md", "clean.md", "articles.jsonl")))
    check_structure(log)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("skip-to-content", "articles.jsonl"),
        ("repeated-block", "articles.jsonl"),
        ("skip-to-content", "repeated.md"),
        ("repeated-block", "repeated.md"),
    ]


def test_results_carry_level_message_region_and_related_location():
    log = json.loads(sarif.render(report("repeated.md")))
    repeated = log["runs"][0]["results"][1]
    assert repeated["level"] == "error"
    assert repeated["message"]["text"] == "repeats line 5 (100% similar)"
    assert repeated["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert repeated["locations"][0]["physicalLocation"]["region"]["startColumn"] == 1
    assert repeated["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert repeated["partialFingerprints"]["newslintFingerprint/v1"]


def test_driver_rules_describe_every_rule_that_ran():
    log = json.loads(sarif.render(report("clean.md", select=("boilerplate",))))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["properties"]["category"] for rule in rules} == {"boilerplate"}
    skip = next(rule for rule in rules if rule["id"] == "skip-to-content")
    assert skip["shortDescription"]["text"] == "Accessibility and navigation links from the page header."
    assert "Skip to content" in skip["help"]["text"]
    assert log["runs"][0]["results"] == []


def test_a_jsonl_record_is_located_on_its_line_with_the_record_in_properties():
    results = json.loads(sarif.render(report("articles.jsonl")))["runs"][0]["results"]
    repeated = results[1]
    assert repeated["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert repeated["properties"]["record"] == "council-1"
    assert repeated["properties"]["lineInRecord"] == 9


def test_levels_follow_severity_and_unused_suppressions_are_described(project):
    (project / "a.md").write_text("<!-- newslint: disable=tag-list -->\nThe joint statement called for restraint .\n")
    run = newslint("check", "a.md", "--format", "sarif", "--report-unused-suppressions")
    log = json.loads(run.stdout)
    check_structure(log)
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels == {"unused-suppression": "warning", "space-before-punctuation": "note"}


def test_output_writes_sarif_to_a_file(project):
    (project / "a.md").write_text("Skip to content\n")
    run = newslint("check", "a.md", "--format", "sarif", "--output", "reports/newslint.sarif")
    assert run.code == 1
    assert run.stdout == ""
    check_structure(json.loads((project / "reports" / "newslint.sarif").read_text()))


def test_the_information_uri_is_a_real_page_or_left_out():
    """newslint has no public page yet: the optional informationUri is left out unless the
    package declares an https URL in [project.urls], never a page that does not exist."""
    driver = json.loads(sarif.render(report("repeated.md")))["runs"][0]["tool"]["driver"]
    uri = sarif.information_uri()
    assert driver.get("informationUri") == uri
    assert uri is None or uri.startswith("https://")
    assert "pypi.org" not in json.dumps(driver)
