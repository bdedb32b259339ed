"""The default table at the terminal's width: golden outputs of the seed corpus at 80 and 200
columns, and what must hold at any width (no line too long, rule ids whole, one header per file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"


def check_corpus(columns: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run([sys.executable, "-m", "newslint", "check", "corpus/", "--no-cache", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")


@pytest.mark.parametrize("columns", ["80", "200"])
def test_the_seed_corpus_table_is_the_golden_one(columns):
    run = check_corpus(columns)
    assert run.returncode == 1, run.stderr
    golden = GOLDEN / f"table_{columns}.txt"
    assert run.stdout == golden.read_text(encoding="utf-8"), (
        f"the table changed; if that is intended: COLUMNS={columns} newslint check corpus/ > {golden.relative_to(ROOT)}"
    )


@pytest.mark.parametrize("columns", ["60", "80", "120", "200"])
def test_no_line_is_longer_than_the_width_and_rule_ids_are_whole(columns):
    lines = check_corpus(columns, "--format", "table").stdout.splitlines()
    assert max(len(line) for line in lines) <= int(columns)
    concise = check_corpus(columns, "--format", "concise").stdout.splitlines()
    rules = {line.split()[2] for line in concise}
    rows = [line for line in lines if line.startswith("  ") and line.split()[1:2] in (["error"], ["warning"], ["info"])]
    assert len(rows) == len(concise)
    assert {row.split()[2] for row in rows} == rules  # every id whole, in its own column


def test_one_header_per_file_and_rows_under_it():
    lines = check_corpus("80").stdout.splitlines()
    headers = [line for line in lines if line.startswith("corpus/")]
    assert headers == sorted(f"corpus/{p.name}" for p in (ROOT / "corpus").glob("*.txt"))
    assert not any(line.startswith("  ") and "corpus/" in line for line in lines)


def test_without_columns_or_a_terminal_the_width_is_80():
    assert check_corpus(None).stdout == (GOLDEN / "table_80.txt").read_text(encoding="utf-8")
