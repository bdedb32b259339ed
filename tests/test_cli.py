"""`newslint check` end to end: exit codes, errors as one line, deterministic output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS

NEWSLINT = shutil.which("newslint", path=str(Path(sys.executable).parent)) or shutil.which("newslint")


def test_installed_console_script_checks_the_corpus_from_anywhere(tmp_path):
    """The default pack ships inside the package: it works outside the repository too."""
    assert NEWSLINT, "the newslint console script is not installed"
    shutil.copytree(CORPUS, tmp_path / "corpus")
    result = subprocess.run([NEWSLINT, "check", "corpus"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "corpus/000_605a992dca7f361f.txt:8" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("5 files checked,")
    assert result.stderr == ""


def test_output_is_byte_identical_across_runs(tmp_path):
    runs = [
        subprocess.run([NEWSLINT, "check", "--format", "json", str(CORPUS)], capture_output=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and runs[0]


def test_findings_are_sorted_by_path_line_rule(run):
    findings = json.loads(run("check", "--format", "json", str(CORPUS)).stdout)["findings"]
    keys = [(f["path"], f["line"], f["rule"]) for f in findings]
    assert keys == sorted(keys)


def test_paths_keep_the_users_spelling_with_forward_slashes(run, tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Skip to content\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    findings = json.loads(run("check", "--format", "json", "./sub").stdout)["findings"]
    assert [f["path"] for f in findings] == ["sub/a.txt"]


@pytest.mark.parametrize(
    "text, fail_on, code",
    [
        ("A clean paragraph about the summit in Moscow.\n", "error", 0),
        ("Skip to content\n", "error", 1),
        ("The statement ended here .\n", "error", 0),  # an info finding only
        ("The statement ended here .\n", "info", 1),
    ],
)
def test_exit_code_follows_fail_on(run, tmp_path, text, fail_on, code):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    assert run("check", "--fail-on", fail_on, str(path)).exit_code == code


def test_missing_path_is_one_line_and_exit_2(run, tmp_path):
    result = run("check", str(tmp_path / "nowhere.txt"))
    assert result.exit_code == 2
    assert result.stderr == f"newslint: error: {(tmp_path / 'nowhere.txt').as_posix()}: no such file or directory; check the path\n"


def test_an_unreadable_file_is_reported_and_the_others_still_checked(run, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "good.txt").write_text("Skip to content\n", encoding="utf-8")
    result = run("check", "--format", "json", str(tmp_path))
    assert result.exit_code == 2
    assert "bad.txt: not valid UTF-8 (byte 0xe9 at offset 3)" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["skip-to-content"]


def test_broken_rule_file_is_one_line_naming_file_and_line(tmp_path):
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "mine.yaml").write_text("rules:\n  - id: x\n    kind: nonsense\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("text\n", encoding="utf-8")
    result = subprocess.run([NEWSLINT, "check", "--rules", "rules", "a.txt"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("newslint: error: rules/mine.yaml:2: rule is missing required key 'category'")
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_user_rules_run_beside_the_default_pack(run, write_rules, tmp_path):
    rules_dir = write_rules(
        """
        rules:
          - id: promo-banner
            kind: pattern
            category: other
            severity: warning
            message: 'promo "{match}"'
            phrases: [buy now]
        """
    )
    path = tmp_path / "a.txt"
    path.write_text("Skip to content\nBuy now while stocks last.\n", encoding="utf-8")
    with_defaults = json.loads(run("check", "--format", "json", "--rules", str(rules_dir), str(path)).stdout)
    assert [f["rule"] for f in with_defaults["findings"]] == ["skip-to-content", "promo-banner"]
    alone = json.loads(run("check", "--format", "json", "--no-default-rules", "--rules", str(rules_dir), str(path)).stdout)
    assert [f["rule"] for f in alone["findings"]] == ["promo-banner"]


def test_unknown_option_is_a_usage_error(run):
    result = run("check", "--colour", "red")
    assert result.exit_code == 2 and "No such option" in result.stderr
