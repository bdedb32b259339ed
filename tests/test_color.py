"""Colour: `--color auto` colours a terminal only (a real pty here), NO_COLOR and FORCE_COLOR are
honoured, `always`/`never` win, pipes and --output files stay plain; the width of a terminal is read
from the terminal when COLUMNS is not set."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
STORY = "corpus/004_04310c59a7f995df.txt"


def environment(**more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "TERM")}
    env["TERM"] = "xterm-256color"
    env.update(more)
    return env


def on_a_pty(*args: str, columns: int = 100, **env: str) -> str:
    """newslint's standard output when it is a real terminal `columns` wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "newslint", "check", "--no-cache", *args], cwd=ROOT,
                            env=environment(**env), stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            proc.kill()
            pytest.fail("newslint wrote nothing to the pty for 60 s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: EIO on Linux
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    proc.wait(timeout=60)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def on_a_pipe(*args: str, **env: str) -> str:
    return subprocess.run([sys.executable, "-m", "newslint", "check", "--no-cache", *args], cwd=ROOT,
                          env=environment(**env), capture_output=True, text=True, encoding="utf-8").stdout


def test_auto_colours_a_terminal_and_nothing_else():
    coloured = on_a_pty(STORY)
    assert ANSI.search(coloured)
    assert "\x1b[31m" in coloured and "\x1b[1m" in coloured  # red errors and ids, bold path
    assert not ANSI.search(on_a_pipe(STORY))
    # Colour changes nothing but colour.
    assert ANSI.sub("", coloured) == on_a_pipe(STORY, COLUMNS="100")


def test_no_color_and_never_keep_a_terminal_plain():
    assert not ANSI.search(on_a_pty(STORY, NO_COLOR="1"))
    assert not ANSI.search(on_a_pty(STORY, "--color", "never"))


def test_force_color_and_always_colour_a_pipe():
    assert ANSI.search(on_a_pipe(STORY, FORCE_COLOR="1"))
    assert ANSI.search(on_a_pipe(STORY, "--color", "always"))
    assert not ANSI.search(on_a_pipe(STORY, FORCE_COLOR="0"))
    # An explicit flag beats the environment.
    assert ANSI.search(on_a_pipe(STORY, "--color", "always", NO_COLOR="1"))


def test_an_output_file_is_plain_unless_colour_is_asked_for(tmp_path):
    plain, coloured = tmp_path / "plain.txt", tmp_path / "coloured.txt"
    on_a_pty(STORY, "--output", str(plain))
    on_a_pipe(STORY, "--output", str(coloured), "--color", "always")
    assert not ANSI.search(plain.read_text(encoding="utf-8"))
    assert ANSI.search(coloured.read_text(encoding="utf-8"))


def test_the_terminal_width_is_used_when_columns_is_not_set():
    lines = ANSI.sub("", on_a_pty("corpus/", columns=120)).splitlines()
    assert max(len(line) for line in lines) <= 120
    assert ANSI.sub("", on_a_pty("corpus/", columns=120)) == on_a_pipe("corpus/", COLUMNS="120")


def test_machine_formats_are_never_coloured():
    for name in ("concise", "json", "sarif", "github", "junit"):
        assert not ANSI.search(on_a_pty("corpus/", "--format", name, "--color", "always")), name


def test_the_coloured_table_at_80_columns_is_the_golden_one():
    golden = GOLDEN / "table_80_color.txt"
    assert on_a_pipe("corpus/", "--color", "always", COLUMNS="80") == golden.read_text(encoding="utf-8"), (
        f"if intended: COLUMNS=80 newslint check corpus/ --color always > {golden.relative_to(ROOT)}"
    )
