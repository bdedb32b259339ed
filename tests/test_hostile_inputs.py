"""Inputs that were read wrongly without a word (issue 14): CR-only line ends, UTF-16 without a
byte-order mark, duplicate keys in a rule file or newslint.yaml. Real files, the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newslint import document, fix, rules
from newslint.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
SEED = next(iter(sorted((ROOT / "corpus").glob("000_*.txt"))))


def newslint(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def concise(path: str, cwd: Path, env: dict | None = None) -> list[str]:
    done = newslint("check", "--no-cache", "--format", "concise", path, cwd=cwd, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return [line.split(":", 1)[1] for line in done.stdout.splitlines()]


# --- CR-only line ends --------------------------------------------------------------------


@pytest.fixture
def seeds(tmp_path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "lf.txt").write_bytes(text.encode())
    (tmp_path / "cr.txt").write_bytes(text.replace("\n", "\r").encode())
    return tmp_path


def test_cr_only_line_ends_are_read_as_lines(seeds):
    expected = concise("lf.txt", seeds)
    assert len(expected) > 5
    assert concise("cr.txt", seeds) == expected  # same findings on the same lines


def test_cr_only_line_ends_in_a_huge_file_read_in_windows(seeds):
    windowed = {"NEWSLINT_HUGE_FILE_BYTES": "64", "NEWSLINT_WINDOW_LINES": "7"}
    assert concise("cr.txt", seeds, windowed) == concise("lf.txt", seeds)


def test_a_jsonl_record_with_cr_line_ends_is_read_as_lines():
    doc = document.parse("Skip to content\rThe talks ended.\rA third line.", "a.jsonl:1")
    assert doc.lines == ("Skip to content", "The talks ended.", "A third line.")


def test_fix_of_a_cr_only_file_writes_cr_line_ends_back(seeds):
    path = seeds / "cr.txt"
    (only,) = fix.run([str(path)]).fixes
    assert only.changed
    fix.write(only)
    data = path.read_bytes()
    assert b"\n" not in data
    lf_fix = fix.run([str(seeds / "lf.txt")]).fixes[0]
    assert data == lf_fix.fixed.replace("\n", "\r").encode()  # the cuts an LF copy gets, nothing else


def test_crlf_and_a_stray_cr_inside_an_lf_file_are_unchanged():
    assert document.decode_source(b"a\r\nb\r\n", "x").text == "a\r\nb\r\n"
    source = document.decode_source(b"one\rstill one\ntwo\n", "x")
    assert source.newline == "\n" and document.parse(source.text, "x").lines == ("one\rstill one", "two")


# --- UTF-16 without a byte-order mark -------------------------------------------------------


@pytest.mark.parametrize("order", ["le", "be"])
def test_utf16_without_bom_is_an_error_with_the_encoding_to_pass(seeds, order):
    (seeds / "u16.txt").write_bytes(SEED.read_text(encoding="utf-8").encode(f"utf-16-{order}"))
    done = newslint("check", "--no-cache", "--format", "concise", "u16.txt", "lf.txt", cwd=seeds)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"newslint: error: u16.txt:1: looks like UTF-16 without a byte-order mark (a NUL byte every other byte); "
        f"pass --encoding utf-16-{order}"
    ]
    assert "lf.txt:1:1:" in done.stdout  # the other file is still checked
    hinted = newslint("check", "--no-cache", "--format", "concise", "--encoding", f"utf-16-{order}", "u16.txt", cwd=seeds)
    assert [line.split(":", 1)[1] for line in hinted.stdout.splitlines()] == concise("lf.txt", seeds)


def test_a_real_binary_file_is_still_skipped(tmp_path):
    data = bytes(range(256)) * 40
    with pytest.raises(UserError) as caught:
        document.decode_source(data, "photo.txt")
    assert caught.value.message == "binary file, skipped"


# --- duplicate keys ---------------------------------------------------------------------------


def test_duplicate_key_in_a_rule_file_names_both_lines(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.yaml").write_text(
        "rules:\n"
        "  - id: mine\n"
        "    kind: pattern\n"
        "    category: boilerplate\n"
        "    severity: error\n"
        "    message: promo\n"
        "    severity: info\n"
        "    patterns: ['Read more']\n",
        encoding="utf-8",
    )
    done = newslint("rules", "--rules", "rules", "--no-default-rules", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "newslint: error: rules/mine.yaml:7: duplicate key 'severity' (also on line 5); "
        "a key may appear once in a mapping: remove one"
    ]


def test_duplicate_key_in_newslint_yaml_names_both_lines(tmp_path):
    (tmp_path / "newslint.yaml").write_text("format: json\nfail-on: info\nformat: table\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Skip to content\n", encoding="utf-8")
    done = newslint("check", "a.txt", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "newslint: error: newslint.yaml:3: duplicate key 'format' (also on line 1); "
        "a key may appear once in a mapping: remove one"
    ]


def test_merge_keys_still_override_and_safe_load_semantics_hold():
    data, _ = rules.read_yaml("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 3\n", "m.yaml")
    assert data == {"base": {"x": 1, "y": 2}, "m": {"x": 3, "y": 2}}
    with pytest.raises(UserError, match="invalid YAML"):
        rules.read_yaml("x: !!python/object/apply:os.system ['true']\n", "evil.yaml")
