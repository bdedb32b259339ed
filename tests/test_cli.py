"""`newslint check` end to end: exit codes, errors as one line, deterministic output, stdin,
output files, the progress bar, and the `rules` and `explain` commands."""

from __future__ import annotations

import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LOREM_RULES, CORPUS, FIXTURES, ROOT, newslint, write

NEWSLINT = shutil.which("newslint", path=str(Path(sys.executable).parent)) or shutil.which("newslint")


def test_installed_console_script_checks_the_corpus_from_anywhere(tmp_path):
    """The default pack ships inside the package: it works outside the repository too."""
    assert NEWSLINT, "the newslint console script is not installed"
    shutil.copytree(CORPUS, tmp_path / "corpus")
    result = subprocess.run([NEWSLINT, "check", "corpus"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "corpus/000_605a992dca7f361f.txt\n" in result.stdout and "\n  8:1 " in result.stdout
    assert result.stdout.rstrip().splitlines()[-2].startswith("5 files checked,")
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
    assert "bad.txt:1: not valid UTF-8 (byte 0xe9 at offset 3)" in result.stderr
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


REPEATED = str(FIXTURES / "repeated.md")
CLEAN = str(FIXTURES / "clean.md")


def test_exit_codes_clean_findings_and_bad_input():
    assert newslint("check", CLEAN).code == 0
    assert newslint("check", REPEATED).code == 1
    missing = newslint("check", "no/such/file.md")
    assert missing.code == 2
    assert missing.stderr == "newslint: error: no/such/file.md: no such file or directory; check the path\n"


def test_exit_zero_keeps_findings_but_not_errors():
    run = newslint("check", REPEATED, "--exit-zero")
    assert run.code == 0
    assert "repeated-block" in run.stdout
    assert newslint("check", REPEATED, "missing.md", "--exit-zero").code == 2


def test_fail_on_comes_from_the_config_and_the_flag_wins(project):
    write(project / "newslint.yaml", "fail-on: info\n")
    write(project / "a.md", "The joint statement called for restraint .\n")
    assert newslint("check", "a.md").code == 1
    assert newslint("check", "a.md", "--fail-on", "error").code == 0


def test_format_comes_from_the_config(project):
    write(project / "newslint.yaml", "format: concise\n")
    write(project / "a.md", "Skip to content\n")
    assert newslint("check", "a.md").stdout == 'a.md:1:1: error skip-to-content [*] navigation link "Skip to content"\n'


def test_dash_reads_standard_input_named_by_stdin_filename():
    text = (FIXTURES / "repeated.md").read_text()
    run = newslint("check", "-", "--stdin-filename", "drafts/council.md", "--format", "concise", input=text)
    assert run.code == 1
    assert run.stdout.splitlines()[1] == "drafts/council.md:9:1: error repeated-block [*] repeats line 5 (100% similar)"
    unnamed = newslint("check", "-", "--format", "concise", input="Skip to content\n")
    assert unnamed.stdout == '-:1:1: error skip-to-content [*] navigation link "Skip to content"\n'


def test_stdin_can_be_a_jsonl_corpus():
    run = newslint("check", "-", "--stdin-filename", "feed.jsonl", "--format", "concise",
                   input=(FIXTURES / "articles.jsonl").read_text())
    assert run.stdout.splitlines()[0].startswith("feed.jsonl:council-1:1:1: error skip-to-content")


def test_stdin_with_files_is_checked_as_one_more_document():
    text = (CORPUS / "000_605a992dca7f361f.txt").read_text()
    run = newslint("check", "-", str(CORPUS / "000_605a992dca7f361f.txt"), "--stdin-filename", "copy.txt",
                   "--select", "near-copy-document", "--format", "json", input=text)
    [finding] = json.loads(run.stdout)["findings"]
    assert finding["path"] == "copy.txt"


def test_output_file_gets_the_report_and_stdout_stays_empty(project):
    run = newslint("check", REPEATED, "--format", "json", "-o", "out/report.json")
    assert run.code == 1 and run.stdout == ""
    assert len(json.loads((project / "out" / "report.json").read_text())["findings"]) == 2


def test_no_progress_bar_when_stderr_is_not_a_terminal(project):
    lines = [json.dumps({"id": n, "text": f"Article number {n} says one thing."}) for n in range(150)]
    write(project / "many.jsonl", "\n".join(lines) + "\n")
    run = newslint("check", "many.jsonl")
    assert run.code == 0 and run.stderr == ""


def test_progress_bar_on_a_terminal_for_long_runs(project):
    lines = [json.dumps({"id": n, "text": f"Article number {n} says one thing."}) for n in range(150)]
    write(project / "many.jsonl", "\n".join(lines) + "\n")
    write(project / "few.md", "One short article.\n")

    def stderr_on_a_terminal(*args: str) -> str:
        controller, terminal = pty.openpty()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "newslint", "check", *args],
                stdout=subprocess.PIPE, stderr=terminal, cwd=project, timeout=120,
                env={**os.environ, "COLUMNS": "80"},
            )
            os.close(terminal)
            terminal = -1
            chunks = []
            while True:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            assert proc.returncode == 0
            assert b"checking" not in proc.stdout
            return b"".join(chunks).decode()
        finally:
            if terminal != -1:
                os.close(terminal)
            os.close(controller)

    shown = stderr_on_a_terminal("many.jsonl")
    assert "checking" in shown and "100%" in shown
    assert "150/150 documents" in shown and "docs/s" in shown
    assert "corpus rules: comparing 150 documents" in shown  # the second phase is shown, not a bar stuck at 100%
    assert stderr_on_a_terminal("few.md") == ""  # too short to need one


def rule_rows(stdout: str) -> dict[str, list[str]]:
    """The table's rows by rule id (description lines, indented, left out)."""
    lines = stdout.splitlines()
    return {line.split()[0]: line.split() for line in lines[2:-2] if line.strip() and not line.startswith(" ")}


def test_rules_lists_every_loaded_rule_and_what_is_selected():
    run = newslint("rules", "--ignore", "boilerplate", "--format", "json")
    assert run.code == 0
    rules = {rule["id"]: rule for rule in json.loads(run.stdout)["rules"]}
    assert {k: rules["repeated-block"][k] for k in ("kind", "category", "severity", "fix", "selected")} == {
        "kind": "repeated", "category": "duplicate", "severity": "error", "fix": "safe", "selected": True}
    assert rules["skip-to-content"]["selected"] is False
    assert rules["skip-to-content"]["source"]["path"].endswith("boilerplate.yaml") and rules["skip-to-content"]["source"]["line"] == 4
    assert all(not rule["selected"] for rule in rules.values() if rule["category"] == "boilerplate")
    table = newslint("rules", "--ignore", "boilerplate", env={"COLUMNS": "200"})
    rows = rule_rows(table.stdout)
    assert set(rows) == set(rules)
    assert rows["repeated-block"][1:6] == ["repeated", "duplicate", "error", "safe", "yes"]
    assert rows["skip-to-content"][5] == "no"
    selected = sum(rule["selected"] for rule in rules.values())
    assert table.stdout.splitlines()[-1] == f"{len(rules)} rules loaded, {selected} selected"


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_rules_fit_the_terminal_with_a_short_description(columns):
    run = newslint("rules", env={"COLUMNS": str(columns)})
    assert max(len(line) for line in run.stdout.splitlines()) <= columns
    assert "The comment form" in run.stdout and "A sentence states a spe" in run.stdout


def test_explain_a_category_lists_its_rules():
    run = newslint("explain", "duplicate")
    assert run.code == 0
    assert run.stdout.startswith("duplicate: ")
    assert "  repeated-block              (repeated, error, fix: safe)" in run.stdout


def test_rules_include_extra_rule_directories(project):
    write(project / "house" / "style.yaml", LOREM_RULES)
    run = newslint("rules", "--rules", "house", "--format", "json")
    assert {"path": "house/style.yaml", "line": 2} in [rule["source"] for rule in json.loads(run.stdout)["rules"] if rule["id"] == "no-lorem"]
    assert any(line.startswith("no-lorem ") for line in newslint("rules", "--rules", "house").stdout.splitlines())


def test_explain_shows_description_parameters_example_and_kind():
    run = newslint("explain", "repeated-block")
    assert run.code == 0
    text = run.stdout
    assert text.startswith("repeated-block\nkind: repeated · category: duplicate · severity: error")
    assert "A paragraph, title or line that repeats an earlier one" in text
    assert "Message: repeats line {related_line} ({similarity}% similar)" in text
    assert "  threshold        0.55   (default 0.8)" in text
    assert "Example:\n  China Affirmed its Support for Moscow" in text
    assert "About the `repeated` kind:" in text


def test_explain_an_unknown_rule_suggests_the_nearest():
    run = newslint("explain", "repeated-blok")
    assert run.code == 2
    assert run.stderr == (
        "newslint: error: unknown rule 'repeated-blok'; did you mean 'repeated-block'? run `newslint rules` to list them\n"
    )


def test_explain_the_built_in_unused_suppression_rule():
    assert "--report-unused-suppressions" in newslint("explain", "unused-suppression").stdout


def test_the_installed_command_runs_as_a_module():
    proc = subprocess.run([sys.executable, "-m", "newslint", "check", REPEATED, "--format", "concise"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout.count("\n") == 2


def test_the_progress_eta_follows_the_rate_since_the_start():
    from newslint.progress import Progress

    class Clock:
        t = 0.0

        def __call__(self) -> float:
            return self.t

    clock, out = Clock(), io.StringIO()
    shown = Progress(1000, out, now=clock)
    clock.t = 1.0
    shown.advance(500)  # a fast start (cached files): 500 docs/s
    assert "500/1,000 documents" in shown.line() and "ETA 0:01" in shown.line()
    clock.t = 11.0
    shown.advance(10)  # then slow: the rate since the start (510 in 11 s), not the last 10 s's 1/s
    line = shown.line()
    assert "46 docs/s" in line and "ETA 0:11" in line
    clock.t = 20.0
    shown.corpus_phase()
    clock.t = 27.0
    assert shown.line() == "corpus rules: comparing 510 documents  0:07"
    shown.close()
    assert out.getvalue().endswith("\r\x1b[K")


def test_show_settings_says_where_each_value_came_from(project):
    write(project / "newslint.yaml", "paths: [a]\nignore: [tag-list]\nseverity:\n  unsupported-claim: info\n")
    run = newslint("check", "--show-settings", "--ignore", "byline")
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "config file: newslint.yaml"
    rows = {line.split(" = ")[0].strip(): line.split(" = ")[1] for line in lines[1:]}
    assert rows["paths"] == '["a"]  (newslint.yaml:1)'
    assert rows["ignore"] == '["tag-list", "byline"]  (newslint.yaml:2 + command line)'
    assert rows["severity"] == '{"unsupported-claim": "info"}  (newslint.yaml:3)'
    assert rows["fail-on"] == '"error"  (default)'
    from newslint.config import KEYS
    assert list(rows) == list(KEYS)


def test_show_files_lists_what_a_run_would_check(project):
    write(project / "a.md", "One.\n")
    write(project / "sub" / "b.txt", "Two.\n")
    write(project / "sub" / "c.csv", "not checked\n")
    run = newslint("check", "--show-files")
    assert run.code == 0 and run.stdout.splitlines() == ["a.md", "sub/b.txt"]
    missing = newslint("check", "--show-files", "a.md", "gone.md")
    assert missing.code == 2 and missing.stdout == "a.md\n" and "gone.md" in missing.stderr


def test_quiet_prints_the_findings_only_and_verbose_says_what_ran(project):
    write(project / "a.md", "Skip to content\n\nA real paragraph of the story, long enough to be prose.\n")
    quiet = newslint("check", "-q", "a.md")
    assert quiet.code == 1
    assert quiet.stdout.startswith("a.md\n") and "findings" not in quiet.stdout and "fixable" not in quiet.stdout
    verbose = newslint("check", "-v", "a.md")
    assert verbose.stdout == newslint("check", "a.md").stdout
    assert verbose.stderr.startswith("newslint: config: none; ") and "1 file to check" in verbose.stderr
    both = newslint("check", "-q", "-v", "a.md")
    assert both.code == 2 and "cannot be used together" in both.stderr
