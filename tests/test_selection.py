"""Selection on the RuleSet (select / ignore / extend-select), severity overrides and per-file ignores."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, newslint, write
from newslint import config, rules, selection
from newslint.errors import UserError
from newslint.findings import Severity

RULESET = rules.load([])


def selected(**values) -> set[str]:
    chosen = selection.apply(RULESET, replace(config.Config(), **values))
    return {rule.id for rule in chosen if rule.enabled}


def test_without_select_every_default_rule_runs():
    assert selected() == {rule.id for rule in RULESET if rule.enabled}


def test_select_by_id_and_by_category():
    assert selected(select=("repeated-block",)) == {"repeated-block"}
    # A category selects every rule in it, opt-in ones too (the archive rules run only with an index).
    assert selected(select=("duplicate",)) == {"repeated-block", "archive-repeated-paragraph"}
    assert selected(select=("duplicate", "duplicate-document")) == {
        "repeated-block", "near-copy-document", "archive-repeated-paragraph", "archive-near-copy",
    }


def test_ignore_takes_away_and_all_selects_everything():
    everything = {rule.id for rule in RULESET}
    assert selected(select=("ALL",)) == everything
    assert selected(select=("ALL",), ignore=("boilerplate",)) == {
        r.id for r in RULESET if r.category != "boilerplate"
    }


def test_the_more_specific_selector_wins():
    # an id beats a category, either way round
    assert selected(select=("boilerplate",), ignore=("tag-list",)) == {
        r.id for r in RULESET if r.category == "boilerplate"
    } - {"tag-list"}
    assert "tag-list" in selected(select=("tag-list",), ignore=("boilerplate",))
    # on a tie ignore wins
    assert "tag-list" not in selected(select=("tag-list",), ignore=("tag-list",))


def test_extend_select_adds_to_the_defaults_or_to_select():
    assert selected(select=("skip-to-content",), extend_select=("repeated-block",)) == {"skip-to-content", "repeated-block"}


def test_a_rule_disabled_in_yaml_runs_only_when_selected(tmp_path):
    write(tmp_path / "extra.yaml", """\
rules:
  - id: lorem
    kind: pattern
    category: artifact
    severity: info
    message: "placeholder"
    enabled: false
    phrases: [lorem ipsum]
""")
    ruleset = rules.load([tmp_path])
    base = config.Config()
    assert not selection.apply(ruleset, base).get("lorem").enabled
    # naming it, or its category, is the opt-in
    assert selection.apply(ruleset, replace(base, extend_select=("lorem",))).get("lorem").enabled
    assert selection.apply(ruleset, replace(base, select=("artifact",))).get("lorem").enabled


def test_severity_overrides_by_id_beat_by_category():
    chosen = selection.apply(RULESET, replace(config.Config(), severity={
        "boilerplate": Severity.INFO, "skip-to-content": Severity.WARNING,
    }))
    assert chosen.get("skip-to-content").severity is Severity.WARNING
    assert chosen.get("tag-list").severity is Severity.INFO
    assert chosen.get("repeated-block").severity is Severity.ERROR


def test_unknown_selectors_are_user_errors_with_a_hint():
    with pytest.raises(UserError, match="unknown rule or category 'boilerplat'; did you mean 'boilerplate'"):
        selection.apply(RULESET, replace(config.Config(), select=("boilerplat",)))
    with pytest.raises(UserError, match="'nope'"):
        selection.apply(RULESET, replace(config.Config(), per_file_ignores={"*.md": ("nope",)}))


def test_select_and_ignore_flags_on_the_command_line():
    path = str(CORPUS / "000_605a992dca7f361f.txt")
    only = newslint("check", path, "--format", "concise", "--select", "duplicate,skip-to-content")
    assert {line.split()[2] for line in only.stdout.splitlines()} == {"repeated-block", "skip-to-content"}
    every = json.loads(newslint("check", path, "--format", "json").stdout)["findings"]
    without = json.loads(newslint("check", path, "--format", "json", "--ignore", "boilerplate", "--ignore", "repeated-block").stdout)["findings"]
    assert without == [f for f in every if f["category"] != "boilerplate" and f["rule"] != "repeated-block"]
    assert len(without) < len(every)
    extended = newslint("check", path, "--format", "concise", "--select", "skip-to-content", "--extend-select", "tag-list")
    assert {line.split()[2] for line in extended.stdout.splitlines()} == {"skip-to-content", "tag-list"}


def test_per_file_ignores_silence_rules_for_matching_files(project):
    write(project / "newslint.yaml", 'per-file-ignores:\n  "wire/": [duplicate]\n  "*.md": [skip-to-content]\n')
    text = (FIXTURES / "repeated.md").read_text()
    write(project / "wire" / "a.txt", text)
    write(project / "own" / "b.txt", text)
    write(project / "own" / "c.md", text)
    run = newslint("check", "--format", "concise")
    found = {(line.split(":")[0], line.split()[2]) for line in run.stdout.splitlines()}
    assert found == {
        ("wire/a.txt", "skip-to-content"),
        ("own/b.txt", "skip-to-content"),
        ("own/b.txt", "repeated-block"),
        ("own/c.md", "repeated-block"),
    }


def test_severity_override_changes_the_exit_code(project):
    write(project / "newslint.yaml", "severity:\n  boilerplate: info\n  duplicate: warning\n")
    path = str(FIXTURES / "repeated.md")
    assert newslint("check", path).code == 0
    assert newslint("check", path, "--fail-on", "warning").code == 1
    assert "info skip-to-content" in newslint("check", path, "--format", "concise").stdout


def test_rules_are_unchanged_by_selection():
    before = {rule.id: rule.enabled for rule in RULESET}
    selection.apply(RULESET, replace(config.Config(), select=("tag-list",)))
    assert {rule.id: rule.enabled for rule in RULESET} == before


def test_per_file_ignores_match_relative_to_the_config_root(project, monkeypatch):
    write(project / "newslint.yaml", 'per-file-ignores:\n  "/wire/*.txt": [ALL]\n')
    write(project / "wire" / "a.txt", (FIXTURES / "repeated.md").read_text())
    monkeypatch.chdir(project / "wire")
    assert newslint("check", "a.txt").code == 0
    assert Path("a.txt").exists()
