"""Shared helpers: run the real CLI in-process and write small article files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def newslint(*args: str, input: str | bytes | None = None) -> Run:
    """`newslint ARGS` as a user would run it: exit code, standard output and standard error."""
    with CliRunner().isolation(input=input) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Run(code, out.getvalue().decode(), err.getvalue().decode())


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty directory that is the current directory for the test."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
