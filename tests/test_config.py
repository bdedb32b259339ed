"""Configuration discovery, validation with file and line, and flags laid over the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LOREM_RULES, FIXTURES, newslint, write
from newslint import config
from newslint.errors import UserError
from newslint.findings import Severity


def test_discovery_walks_up_from_the_current_directory(project, monkeypatch):
    write(project / "newslint.yaml", "fail-on: warning\n")
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    assert config.discover(deep) == project / "newslint.yaml"
    monkeypatch.chdir(deep)
    loaded = config.load(Path.cwd())
    assert loaded.fail_on is Severity.WARNING
    assert loaded.root == project.resolve()


def test_the_nearest_directory_wins_and_newslint_yaml_before_the_others(project):
    write(project / "newslint.yaml", "fail-on: info\n")
    inner = project / "inner"
    write(inner / "pyproject.toml", "[tool.newslint]\nfail-on = 'warning'\n")
    write(inner / ".newslint.yaml", "fail-on: error\n")
    assert config.discover(inner) == inner / ".newslint.yaml"
    (inner / ".newslint.yaml").unlink()
    assert config.discover(inner) == inner / "pyproject.toml"


def test_a_pyproject_without_a_newslint_table_is_passed_over(project):
    write(project / "newslint.yaml", "fail-on: info\n")
    write(project / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert config.discover(project / "sub") == project / "newslint.yaml"


def test_no_config_gives_the_defaults(project):
    loaded = config.load(project)
    assert loaded.path is None
    assert loaded.paths == (".",)
    assert loaded.fail_on is Severity.ERROR
    assert loaded.include == ("*.txt", "*.md")


def test_every_key_is_read_from_yaml(project):
    write(project / "newslint.yaml", """\
paths: [articles]
include: ["*.md"]
exclude: [drafts/]
extend-exclude: [old/]
rule-dirs: [house-rules]
default-rules: false
select: [boilerplate]
ignore: tag-list, date-fragment
extend-select: [repeated-block]
severity: {related-links: warning}
per-file-ignores:
  "wire/*.txt": [duplicate]
fail-on: info
format: concise
baseline: newslint-baseline.json
report-unused-suppressions: true
jsonl: {text-field: body, id-field: url}
""")
    loaded = config.load(project)
    assert loaded.paths == ("articles",)
    assert loaded.include == ("*.md",)
    assert loaded.excludes[-2:] == ("drafts/", "old/")
    assert loaded.rule_dirs == (project.resolve() / "house-rules",)
    assert loaded.default_rules is False
    assert loaded.select == ("boilerplate",)
    assert loaded.ignore == ("tag-list", "date-fragment")
    assert loaded.extend_select == ("repeated-block",)
    assert loaded.severity == {"related-links": Severity.WARNING}
    assert loaded.per_file_ignores == {"wire/*.txt": ("duplicate",)}
    assert loaded.fail_on is Severity.INFO
    assert loaded.format == "concise"
    assert loaded.baseline == project.resolve() / "newslint-baseline.json"
    assert loaded.report_unused_suppressions is True
    assert (loaded.jsonl_text_field, loaded.jsonl_id_field) == ("body", "url")


def test_pyproject_tool_table_with_sub_tables(project):
    write(project / "pyproject.toml", """\
[project]
name = "paper"

[tool.newslint]
paths = ["articles"]
fail-on = "warning"

[tool.newslint.severity]
tag-list = "info"

[tool.newslint.per-file-ignores]
"wire/*.txt" = ["duplicate"]
""")
    loaded = config.load(project)
    assert loaded.path == "pyproject.toml"
    assert loaded.fail_on is Severity.WARNING
    assert loaded.severity == {"tag-list": Severity.INFO}
    assert loaded.per_file_ignores == {"wire/*.txt": ("duplicate",)}


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("paths: [a]\nselct: [boilerplate]\n", 2, "'selct': unknown key; did you mean 'select'?"),
        ("fail-on: warning\npaths: articles\n", 2, "'paths': must be a list of strings"),
        ("severity:\n  tag-list: warning\n  repeated-block: loud\n", 3, "'severity.repeated-block': must be one of"),
        ("format: xml\n", 1, "'format': must be one of: table, concise, json"),
        ("default-rules: 'no'\n", 1, "'default-rules': must be true or false"),
        ("jsonl:\n  text: body\n", 2, "'jsonl.text': unknown key 'text'"),
        ("jsonl:\n  text-feild: body\n", 2, "'jsonl.text-feild': unknown key 'text-feild'; did you mean 'text-field'?"),
        ("exclude: ['!']\n", 1, "'exclude': invalid glob"),
        ("- a\n- b\n", 1, "a config file must be a mapping"),
        ("paths: [a\n", 2, "invalid YAML"),
    ],
)
def test_bad_yaml_config_names_file_and_line(project, text, line, message):
    write(project / "newslint.yaml", text)
    with pytest.raises(UserError) as caught:
        config.load(project)
    assert caught.value.path == "newslint.yaml"
    assert caught.value.line == line
    assert message in caught.value.message


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("[tool.newslint]\npaths = ['a']\nfial-on = 'info'\n", 3, "'fial-on': unknown key; did you mean 'fail-on'?"),
        ("[tool.newslint]\n\n[tool.newslint.severity]\ntag-list = 'nosuch'\n", 4, "'severity.tag-list'"),
        ("[tool.newslint]\nseverity = { tag-list = 'loud' }\n", 2, "'severity.tag-list'"),
        ("[tool.newslint]\npaths = [\n", 2, "invalid TOML"),
    ],
)
def test_bad_pyproject_config_names_file_and_line(project, text, line, message):
    write(project / "pyproject.toml", text)
    with pytest.raises(UserError) as caught:
        config.load(project, project / "pyproject.toml")
    assert (caught.value.path, caught.value.line) == ("pyproject.toml", line)
    assert message in caught.value.message


def test_a_bad_config_exits_2_with_one_line(project):
    write(project / "newslint.yaml", "fail-on: warning\nselct: [x]\n")
    run = newslint("check", str(FIXTURES / "clean.md"))
    assert run.code == 2
    assert run.stderr.startswith("newslint: error: newslint.yaml:2: 'selct': unknown key")
    assert run.stderr.count("\n") == 1
    assert "Traceback" not in run.stderr


def test_an_unknown_rule_in_the_config_points_at_its_line(project):
    write(project / "newslint.yaml", "fail-on: warning\n\nignore: [tag-lst]\n")
    run = newslint("check", str(FIXTURES / "clean.md"))
    assert run.code == 2
    assert "newslint.yaml:3: 'ignore': unknown rule or category 'tag-lst'; did you mean 'tag-list'?" in run.stderr


def test_config_option_names_the_file_and_skips_discovery(project):
    write(project / "newslint.yaml", "selct: broken\n")
    write(project / "ci.yaml", "select: [skip-to-content]\n")
    run = newslint("check", "--config", "ci.yaml", "--format", "concise", str(FIXTURES / "repeated.md"))
    assert run.code == 1
    assert [line.split()[2] for line in run.stdout.splitlines()] == ["skip-to-content"]


def test_a_missing_config_file_is_a_user_error(project):
    run = newslint("check", "--config", "nowhere.yaml", ".")
    assert run.code == 2
    assert "nowhere.yaml: config file not found" in run.stderr


def test_flags_win_over_the_file(project):
    write(project / "newslint.yaml", "fail-on: info\nselect: [skip-to-content]\nignore: [tag-list]\nformat: json\n")
    loaded = config.load(project, None, {"fail_on": Severity.ERROR, "select": ("duplicate",), "ignore": ("date-fragment",), "format": None})
    assert loaded.fail_on is Severity.ERROR
    assert loaded.select == ("duplicate",)  # --select replaces
    assert loaded.ignore == ("tag-list", "date-fragment")  # --ignore adds
    assert loaded.format == "json"  # a flag not given leaves the file's value


def test_an_error_in_a_flag_value_names_the_flag(project):
    write(project / "newslint.yaml", "ignore: [tag-list]\n")
    run = newslint("check", "--ignore", "nosuch", str(FIXTURES / "clean.md"))
    assert run.code == 2
    assert "--ignore: unknown rule or category 'nosuch'" in run.stderr


def test_check_without_paths_checks_the_configured_paths_from_any_subdirectory(project, monkeypatch):
    write(project / "newslint.yaml", "paths: [articles]\n")
    write(project / "articles" / "a.md", (FIXTURES / "repeated.md").read_text())
    write(project / "elsewhere" / "b.md", (FIXTURES / "repeated.md").read_text())
    monkeypatch.chdir(project / "elsewhere")
    run = newslint("check", "--format", "concise")
    assert run.code == 1
    assert {line.split(":")[0] for line in run.stdout.splitlines()} == {"../articles/a.md"}


def test_check_without_paths_or_config_checks_the_current_directory(project):
    write(project / "a.md", (FIXTURES / "repeated.md").read_text())
    write(project / ".venv" / "lib" / "LICENSE.txt", (FIXTURES / "repeated.md").read_text())
    run = newslint("check", "--format", "concise")
    assert {line.split(":")[0] for line in run.stdout.splitlines()} == {"a.md"}


def test_rule_dirs_are_relative_to_the_config_file(project, monkeypatch):
    write(project / "house" / "style.yaml", LOREM_RULES)
    write(project / "newslint.yaml", "rule-dirs: [house]\nselect: [no-lorem]\n")
    write(project / "docs" / "a.md", "Lorem ipsum dolor sit amet.\n")
    monkeypatch.chdir(project / "docs")
    run = newslint("check", "a.md", "--format", "concise", "--fail-on", "warning")
    assert run.code == 1
    assert run.stdout == 'a.md:1:1: warning no-lorem placeholder text "Lorem ipsum"\n'


def test_a_pyproject_names_tool_newslint_in_letters_or_escapes(tmp_path):
    """pyproject.toml is read only when it could name [tool.newslint]: a key spells it in letters
    or in \\u escapes; one without either has no such table and is passed over unparsed."""
    from newslint import config as config_module

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.black]\nline-length = 88\n', encoding="utf-8")
    assert config_module.discover(tmp_path) is None
    pyproject.write_text('[tool."\\u006eewslint"]\nfail-on = "warning"\n', encoding="utf-8")
    assert config_module.discover(tmp_path) == pyproject
    pyproject.write_text('[tool.newslint]\nfail-on = "warning"\n', encoding="utf-8")
    assert config_module.discover(tmp_path) == pyproject
    pyproject.write_text('# newslint\n[tool.other]\n', encoding="utf-8")
    assert config_module.discover(tmp_path) is None
