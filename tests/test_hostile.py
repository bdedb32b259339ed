"""Hostile input: each case gives one clear line naming the file (and line), exit 2 for the
run while the other files are still checked and reported, and never a traceback.

Every case runs the real entry point (`newslint.cli.main`) in-process next to a good
file, so that "the others are still checked" is part of each assertion.
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

from newslint import document, regexes
from newslint.cli import main
from newslint.errors import SkippedFile, UserError

GOOD = "Skip to content\nThe talks in Moscow ended with a joint statement.\n"


@pytest.fixture
def newslint(tmp_path, monkeypatch, capsys):
    """Run `newslint ARGS` in tmp_path through the real entry point: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["newslint", *args])
        with pytest.raises(SystemExit) as done:
            main()
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return done.value.code, out, err

    return run


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("newslint: error:")]


def good_file_was_checked(stdout: str) -> bool:
    # the table (a header per file, then line:column) or concise (path:line:column)
    return ("good.txt\n  1:1 " in stdout or "good.txt:1:1:" in stdout) and "skip-to-content" in stdout


# --- files -------------------------------------------------------------------------------


def test_non_utf8_file_names_line_and_byte_offset_and_offers_encoding(newslint, tmp_path):
    (tmp_path / "latin.txt").write_bytes(b"First line\nCaf\xe9 in Moscow\n")
    code, out, err = newslint("check", "latin.txt", "good.txt")
    assert code == 2 and good_file_was_checked(out)
    assert error_lines(err) == [
        "newslint: error: latin.txt:2: not valid UTF-8 (byte 0xe9 at offset 14); "
        "convert the file, or pass --encoding (for example --encoding latin-1)"
    ]
    code, out, err = newslint("check", "--encoding", "latin-1", "latin.txt")
    assert code == 0 and err == ""


def test_unknown_encoding_is_a_usage_error(newslint):
    code, out, err = newslint("check", "--encoding", "klingon", "good.txt")
    assert code == 2 and "unknown encoding 'klingon'" in err


def test_utf16_file_asks_for_its_encoding(newslint, tmp_path):
    (tmp_path / "wide.txt").write_bytes("Skip to content\nWide text.\n".encode("utf-16"))
    code, out, err = newslint("check", "wide.txt", "good.txt")
    assert code == 2 and good_file_was_checked(out)
    assert error_lines(err) == ["newslint: error: wide.txt:1: starts with a UTF-16 byte-order mark; pass --encoding utf-16"]
    code, out, err = newslint("check", "--encoding", "utf-16", "wide.txt")
    assert code == 1 and "wide.txt\n  1:1 " in out


def test_binary_file_is_skipped_with_a_note_not_an_error(newslint, tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    code, out, err = newslint("check", "photo.txt", "good.txt")
    assert code == 1  # the good file's finding; the binary file is no error
    assert err == "newslint: note: photo.txt: binary file, skipped\n"
    assert "1 file checked" in out


def test_empty_file_has_no_findings_and_no_error(newslint, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = newslint("check", "empty.txt")
    assert (code, err) == (0, "")
    assert "1 file checked, 0 findings" in out


def test_nul_bytes_in_text_name_line_and_column(newslint, tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"A line.\nAnother\x00 line.\n")
    code, out, err = newslint("check", "nul.txt", "good.txt")
    assert code == 2 and good_file_was_checked(out)
    assert error_lines(err) == [
        "newslint: error: nul.txt:2: NUL byte at column 8; a text file has none: "
        "remove it or check that this is the right file"
    ]


def test_a_million_tiny_lines_are_read_with_exact_line_numbers():
    text = "".join(f"{n}\n" for n in range(1_000_000))
    doc = document.parse(text, "tiny.txt")
    assert len(doc.lines) == 1_000_000
    assert doc.blocks[-1].line == 1_000_000 and doc.blocks[-1].text == "999999"


def test_directory_where_a_file_was_expected(newslint, tmp_path):
    (tmp_path / "article.txt").mkdir()
    (tmp_path / "article.txt" / "inner.txt").write_text(GOOD, encoding="utf-8")
    with pytest.raises(UserError, match="is a directory, expected a text file"):
        document.read(tmp_path / "article.txt", "article.txt")
    # Named on the command line it is walked like any directory.
    code, out, err = newslint("check", "article.txt")
    assert code == 1 and "article.txt/inner.txt\n  1:1 " in out


def test_rules_option_given_a_file(newslint, tmp_path):
    (tmp_path / "mine.yaml").write_text("rules: []\n", encoding="utf-8")
    code, out, err = newslint("check", "--rules", "mine.yaml", "good.txt")
    assert code == 2
    assert err == "newslint: error: mine.yaml: is a file, expected a directory of rule files; pass its directory to --rules\n"


def test_nonexistent_path(newslint):
    code, out, err = newslint("check", "missing.txt", "good.txt")
    assert code == 2 and good_file_was_checked(out)
    assert error_lines(err) == ["newslint: error: missing.txt: no such file or directory; check the path"]


def test_symlink_loop_named_and_met_in_a_walk_is_reported_once(newslint, tmp_path):
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "dangling.md").symlink_to("nowhere.md")
    code, out, err = newslint("check", ".", "loop.txt")
    assert code == 2 and good_file_was_checked(out)
    assert error_lines(err) == [
        "newslint: error: dangling.md: broken symlink (points to nowhere.md); fix or remove it",
        "newslint: error: loop.txt: symlink loop; point the link at a real file",
    ]


def test_a_symlinked_directory_loop_does_not_recurse(newslint, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    code, out, err = newslint("check", ".")
    assert code == 1 and err == ""


def test_unreadable_file(newslint, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    (tmp_path / "secret.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "secret.txt").chmod(0)
    code, out, err = newslint("check", "secret.txt", "good.txt")
    assert code == 2 and "secret.txt: cannot read file: Permission denied" in err


def test_decoding_errors_and_binary_detection_at_the_source():
    with pytest.raises(SkippedFile):
        document.decode_source(os.urandom(4096) + b"\x00" * 64, "noise.txt")
    assert document.decode_source(b"\xef\xbb\xbfBOM text\r\n", "bom.txt").bom == b"\xef\xbb\xbf"
    assert document.decode_source(b"", "empty.txt").text == ""
    # A multi-byte character cut by the 8 KiB sample is still text.
    assert document.looks_binary(("é" * 5000).encode("utf-8")) is False


# --- rule files --------------------------------------------------------------------------


def write_rule(tmp_path: Path, text: str) -> None:
    directory = tmp_path / "rules"
    directory.mkdir(exist_ok=True)
    (directory / "mine.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


RULE = """\
    rules:
      - id: mine
        kind: pattern
        category: other
        severity: warning
        message: "found {match}"
        scope: line
"""


@pytest.mark.parametrize(
    "text, message",
    [
        ("rules:\n  - id: [unclosed\n", "rules/mine.yaml:3: invalid YAML: "),
        ("rules:\n  - kind: pattern\n    category: other\n    severity: info\n    message: m\n", "rules/mine.yaml:2: rule is missing required key 'id'"),
        ("rules:\n  - id: x\n    category: other\n    severity: info\n    message: m\n", "rules/mine.yaml:2: rule is missing required key 'kind'"),
        (RULE + "        patterns: ['(unclosed']\n", "rules/mine.yaml:8: rule 'mine': pattern 1 of 'patterns' is not a valid regular expression: missing )"),
        ("rules:\n  - id: x\n    kind: [pattern]\n    category: other\n    severity: info\n    message: m\n", "rules/mine.yaml:3: rule 'x': unknown kind"),
        ("rules:\n  - {id: x, kind: pattern, category: {a: 1}, severity: info, message: m, phrases: [a]}\n", "rules/mine.yaml:2: rule 'x': unknown category"),
        ("1: 2\nrules: []\n", "rules/mine.yaml:1: unknown top-level key '1'"),
    ],
)
def test_bad_rule_files_name_file_and_line(newslint, tmp_path, text, message):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.yaml").write_text(text, encoding="utf-8")
    code, out, err = newslint("check", "--rules", "rules", "good.txt")
    assert code == 2 and out == ""
    assert err.startswith("newslint: error: " + message) and err.count("\n") == 1, err


CATASTROPHIC = [
    ("pattern", "scope: line\n        patterns:\n          - Moscow\n          - '(a+)+$'", "patterns", 10),
    ("numeric-claim", "min_words: 1\n        figures:\n          - Moscow\n          - '(a+)+$'", "figures", 10),
    ("common-block", "min_documents: 2\n        skip_patterns:\n          - Moscow\n          - '(a+)+$'", "skip_patterns", 10),
]


def rule_of(kind: str, params: str) -> str:
    return f"""\
    rules:
      - id: mine
        kind: {kind}
        category: other
        severity: warning
        message: "slow"
        {params}
    """


@pytest.mark.parametrize("kind, params, key, line", CATASTROPHIC, ids=[c[0] for c in CATASTROPHIC])
def test_a_catastrophic_user_pattern_is_refused_when_its_rule_loads_naming_file_and_line(newslint, tmp_path, kind, params, key, line):
    """Refused by its shape, not by a clock: the same answer on any machine, under any load."""
    write_rule(tmp_path, rule_of(kind, params))
    code, out, err = newslint("check", "--rules", "rules", "good.txt")
    assert code == 2 and out == ""
    assert error_lines(err) == [
        f"newslint: error: rules/mine.yaml:{line}: rule 'mine': pattern 2 of '{key}' ('(a+)+$') can backtrack "
        "without end: a repeat inside a repeated group can also take what the group's next round begins with "
        "(as in (a+)+ or (\\w+\\s?)+); rewrite it so that each part can take only what the next cannot, "
        "or make the repeat possessive (a++) or atomic ((?>...))"
    ]


# A runaway the shape check cannot read (\p{N} is syntax only the `regex` package knows):
# the per-call time limit, the last resort, stops it.
UNREADABLE_RUNAWAY = r"(a|aa)+\p{N}"
RUNAWAY_RULES = [
    ("pattern", "scope: line\n        patterns: [Moscow, '%s']" % UNREADABLE_RUNAWAY, "aaa.txt:1"),
    ("numeric-claim", "min_words: 1\n        figures: ['talks', '%s']" % UNREADABLE_RUNAWAY, "aaa.txt:1"),
    ("common-block", "min_documents: 2\n        skip_patterns: ['%s']" % UNREADABLE_RUNAWAY, "aaa.txt:1"),
]


@pytest.mark.parametrize("kind, params, where", RUNAWAY_RULES, ids=[c[0] for c in RUNAWAY_RULES])
def test_a_runaway_user_pattern_costs_only_the_file_it_ran_away_on(newslint, tmp_path, monkeypatch, kind, params, where):
    write_rule(tmp_path, rule_of(kind, params))
    (tmp_path / "other.txt").write_text(GOOD, encoding="utf-8")
    code, expected, _ = newslint("check", "--format", "concise", "--no-cache", "--rules", "rules", "good.txt", "other.txt")
    monkeypatch.setattr(regexes, "BASE_TIMEOUT", 0.2)
    monkeypatch.setattr(regexes, "TIME_PER_CHAR", 0.0)
    (tmp_path / "aaa.txt").write_text("a" * 40 + "!\n\n" + "a" * 40 + "?\n", encoding="utf-8")
    code, out, err = newslint("check", "--format", "concise", "--no-cache", "--rules", "rules", "aaa.txt", "good.txt", "other.txt")
    assert code == 2 and good_file_was_checked(out)
    if kind != "common-block":
        assert "good.txt:2:" in out and "other.txt:2:" in out  # the rule itself still ran on them
    others = [line for line in out.splitlines() if line.startswith(("good.txt", "other.txt"))]
    assert others == [line for line in expected.splitlines() if line.startswith(("good.txt", "other.txt"))]
    assert "mine" not in "".join(line for line in out.splitlines() if line.startswith("aaa.txt"))
    assert error_lines(err) == [
        f"newslint: error: rules/mine.yaml:2: rule 'mine' stopped on {where}: its pattern "
        f"'{UNREADABLE_RUNAWAY}' ran longer than 0.2 s; newslint cannot read its shape (syntax only the regex "
        "package knows): rewrite it without nested or overlapping repeats such as (a+)+ (other files keep this rule)"
    ]


def test_the_shipped_pack_runs_unguarded_and_a_user_rule_file_guarded():
    from newslint import rules

    pack = rules.load([])
    compiled = [p for r in pack if r.kind == "pattern" for p in r.params.compiled]
    assert compiled and not any(regexes.is_guarded(p) for p in compiled)
    assert regexes.is_guarded(regexes.compile("a+b"))
    with regexes.trusted():
        assert not regexes.is_guarded(regexes.compile("a+b"))


def test_the_time_limit_grows_with_the_text_so_long_lines_are_not_stopped():
    assert regexes.limit("x" * 100_000_000) > 100 * regexes.limit("x")
    long_line = ("word " * 2_000_000).strip()
    pattern = regexes.compile(r"(?<=\w) +[.,;:!?](?=\s|$)")
    assert regexes.search(pattern, long_line) is None
