"""Output stays valid whatever the input holds (issue 14): every format, and `-o`, against one
corpus of hostile cases — a lone surrogate in a .jsonl record, a file name with non-UTF-8 bytes,
control characters (a title-setting escape sequence, BEL), a newline and an ESC in file names,
a bidirectional override, and a file that cannot be read.

The loop is over `formats.FORMATS`, so a format added later is checked too. The rule every
format follows is `newslint.safe_text`: such a character is written as its Python escape.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newslint.formats import FORMATS

TITLE_ESCAPE = "\x1b]0;owned\x07"  # sets the terminal's title when printed raw
PARAGRAPH = "The talks in Moscow ended with a joint statement on trade and energy cooperation."
# Raw bytes no output may hold: C0 controls but tab and newline, DEL, and (as UTF-8) C1
# controls, bidirectional overrides and isolates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
# JSON, JSONL and SARIF are read by programs: the characters a reader's terminal or an XML
# parser would choke on are valid JSON text there; C0 controls are not (JSON escapes them).
FORBIDDEN_IN_JSON = re.compile("[\x00-\x1f]")
MACHINE_FORMATS = ("json", "jsonl", "sarif")
NON_UTF8_NAME = b"caf\xe9.txt"


def hostile_corpus(root: Path) -> None:
    """The corpus: each file has findings whose path, message or excerpt holds one case."""
    (root / "newslint.yaml").write_text("include: ['*.txt', '*.jsonl']\n", encoding="utf-8")
    records = [
        {"id": "surrogate", "text": f"Skip to content\n{PARAGRAPH}\n{PARAGRAPH} \ud800 lone\n{PARAGRAPH} \ud800 lone\n"},
        {"id": "bell\x07\nid", "text": f"Skip to content\n{PARAGRAPH}\n"},
    ]
    # json.dumps writes the surrogate as the escape "\ud800", exactly as the record had it.
    (root / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
    repeated = f"A paragraph with a title escape {TITLE_ESCAPE} and a \u202eoverride, repeated."
    (root / "controls.txt").write_text(f"Skip to content\n{PARAGRAPH}\n{repeated}\n{repeated}\n", encoding="utf-8")
    (root / "two\nlines.txt").write_text(f"Skip to content\n{PARAGRAPH}\n", encoding="utf-8")
    (root / "line\u2028separator.txt").write_text(f"Skip to content\n{PARAGRAPH}\n", encoding="utf-8")
    (root / "\x1b[31mred.txt").write_text(f"Skip to content\n{PARAGRAPH}\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(root), NON_UTF8_NAME), "wb") as handle:
        handle.write(f"Skip to content\n{PARAGRAPH}\n".encode())
    with open(os.path.join(os.fsencode(root), b"bad\xff\x1b.txt"), "wb") as handle:
        handle.write(b"Caf\xe9 is not UTF-8\n")  # a read error whose message names a hostile file


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    try:
        hostile_corpus(root)
    except (OSError, UnicodeEncodeError) as err:
        pytest.skip(f"this file system cannot hold the hostile names: {err}")
    return root


def newslint(corpus: Path, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LC_ALL": "C.UTF-8"}
    caching = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    return subprocess.run([sys.executable, "-m", "newslint", "check", *caching, *args], cwd=corpus,
                          capture_output=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def findings(corpus) -> list[dict]:
    done = newslint(corpus, "--format", "json")
    assert done.returncode == 2, done.stderr  # the unreadable file
    return json.loads(done.stdout.decode("utf-8"))["findings"]


def check_valid(name: str, output: bytes, count: int) -> str:
    text = output.decode("utf-8")  # strict: valid UTF-8 or this raises
    raw = (FORBIDDEN_IN_JSON if name in MACHINE_FORMATS else FORBIDDEN).search(text.replace("\n", " "))
    assert raw is None, f"{name}: raw {raw.group()!r} at {raw.start()}"
    if name == "json":
        assert len(json.loads(text)["findings"]) == count
    elif name == "jsonl":
        lines = text.split("\n")  # JSON Lines ends records at "\n" only; U+2028 is JSON text
        assert lines.pop() == "" and len([json.loads(line) for line in lines]) == count
    elif name == "sarif":
        assert len(json.loads(text)["runs"][0]["results"]) == count
    elif name == "concise" or name == "github":
        assert len(text.splitlines()) == count  # one line per finding, whatever the names hold
    elif text.startswith("<?xml"):
        ET.fromstring(output)  # well-formed XML, or this raises
    return text


def test_the_corpus_has_every_case(findings):
    paths = {f["path"] for f in findings}
    assert "caf\\udce9.txt" in paths  # a non-UTF-8 byte, as its escape
    assert "two\nlines.txt" in paths  # JSON carries a newline as \n itself
    assert any("\\ud800" in f["excerpt"] for f in findings)
    assert any(TITLE_ESCAPE in f["excerpt"] for f in findings)
    assert any(f.get("record") == "bell\x07\nid" for f in findings)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_is_valid_on_the_hostile_corpus(corpus, findings, name, tmp_path):
    done = newslint(corpus, "--format", name)
    assert done.returncode == 2 and b"Traceback" not in done.stderr, done.stderr
    text = check_valid(name, done.stdout, len(findings))
    written = tmp_path / f"out.{name}"
    again = newslint(corpus, "--format", name, "-o", str(written))
    assert again.returncode == 2 and b"Traceback" not in again.stderr, again.stderr
    assert written.read_bytes() == done.stdout  # -o writes exactly what stdout shows
    if name not in MACHINE_FORMATS:  # human and XML text: escapes visible as text
        assert "\\udce9" in text and "\\x1b" in text


def test_statistics_is_valid_on_the_hostile_corpus(corpus):
    done = newslint(corpus, "--statistics")
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    check_valid("statistics", done.stdout, 0)


def test_concise_prints_hostile_names_as_escapes(corpus):
    lines = newslint(corpus, "--format", "concise").stdout.decode("utf-8").splitlines()
    assert "two\\nlines.txt:1:1: error skip-to-content " in "\n".join(lines)
    assert any(line.startswith("\\x1b[31mred.txt:1:1: ") for line in lines)
    assert any(line.startswith("corpus.jsonl:bell\\x07\\nid:1:1: ") for line in lines)


def test_sarif_uri_carries_the_file_name_bytes(corpus):
    log = json.loads(newslint(corpus, "--format", "sarif").stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert "caf%E9.txt" in uris  # the real bytes, percent-encoded: a viewer finds the file
    assert "two%0Alines.txt" in uris and "%1B%5B31mred.txt" in uris


def test_messages_on_stderr_are_one_line_each_and_escaped(corpus):
    err = newslint(corpus, "--format", "concise").stderr.decode("utf-8")
    assert FORBIDDEN.search(err) is None
    (line,) = [line for line in err.splitlines() if "bad" in line]
    assert line.startswith("newslint: error: bad\\udcff\\x1b.txt:1: not valid UTF-8")


def test_cache_and_baseline_keep_hostile_names(corpus, tmp_path):
    # Both are JSON files newslint writes for itself: a lone surrogate crashed their writes.
    plain = newslint(corpus, "--format", "json").stdout
    cold = newslint(corpus, "--format", "json", cache=tmp_path / "cache")
    warm = newslint(corpus, "--format", "json", cache=tmp_path / "cache")
    assert b"Traceback" not in cold.stderr + warm.stderr, cold.stderr
    assert cold.stdout == warm.stdout == plain
    assert list((tmp_path / "cache").rglob("*.json"))  # the entries were written, and read back
    baseline = tmp_path / "baseline.json"
    wrote = newslint(corpus, "--write-baseline", str(baseline))
    assert wrote.returncode == 2 and b"Traceback" not in wrote.stderr, wrote.stderr  # exit 2: the unreadable file
    assert json.loads(baseline.read_bytes().decode("utf-8"))["entries"]
    hidden = newslint(corpus, "--format", "json", "--baseline", str(baseline))
    assert json.loads(hidden.stdout)["findings"] == []


def test_the_fast_path_of_safe_text_skips_only_what_needs_no_escape():
    # printable() returns printable text unchanged without a regex pass: exact only if every
    # character it escapes is one str.isprintable refuses. Checked over all of Unicode.
    from newslint import safe_text

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert safe_text.printable(char) == safe_text._UNPRINTABLE.sub(safe_text._escape, char)
        assert safe_text.printable_text(char) == safe_text._UNPRINTABLE_IN_TEXT.sub(safe_text._escape, char)


def test_one_line_formats_escape_every_line_break_splitlines_knows():
    from newslint.safe_text import printable

    for brk in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        assert len(printable(f"a{brk}b").splitlines()) == 1
