"""Real sizes never stop a built-in rule and never cost another file its findings.

A long page of many short lines (what a simple scraper hands over for a whole page) is
checked beside a seed file: the seed keeps every finding it has alone, and the run's
output is byte-identical whether the machine is idle or saturated by busy processes, and
whatever --jobs. Times and memory per size are measured in bench/sizes.py, not here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "002_f0ad515a767d8d63.txt"  # five repeated paragraphs (lines 4, 11-14)
MENU = ["Home", "World", "Sport", "Business", "Video", "Live", "Share", "Follow us", "Newsletters", "Search"]


def long_page(lines: int = 2000) -> str:
    """A full-page scrape: menus, link lists and teasers, most lines a few words, many alike."""
    out = []
    for n in range(lines):
        if n % 7 == 0:
            out.append(f"Read more about the markets, the weather and the election results in region {n % 40} today")
        elif n % 11 == 0:
            out.append("The same teaser paragraph about the summit in Moscow appears again under every section of the page.")
        else:
            out.append(f"{MENU[n % len(MENU)]} {n % 13}")
    return "\n".join(out) + "\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="80", NO_COLOR="1")
    command = [sys.executable, "-m", "newslint", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def seed_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("seed.txt")]


@pytest.fixture
def page_and_seed(tmp_path: Path) -> Path:
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "page.txt").write_text(long_page(), encoding="utf-8")
    return tmp_path


def test_a_long_page_beside_a_seed_costs_the_seed_nothing(page_and_seed):
    alone = run("check", "--no-cache", "--format", "concise", "seed.txt", cwd=page_and_seed)
    beside = run("check", "--no-cache", "--format", "concise", "page.txt", "seed.txt", cwd=page_and_seed)
    assert alone.returncode == 1 and beside.returncode == 1, beside.stderr
    assert "stopped" not in beside.stderr and "Traceback" not in beside.stderr
    assert seed_lines(beside.stdout) == seed_lines(alone.stdout)
    repeated = [line for line in seed_lines(alone.stdout) if "repeated-block" in line]
    assert [line.split(":")[1] for line in repeated] == ["4", "11", "12", "13", "14"]
    assert "page.txt" in beside.stdout and "repeated-block" in beside.stdout.split("seed.txt")[0]


def test_the_same_run_is_byte_identical_under_a_cpu_hog_and_across_jobs(page_and_seed):
    idle = run("check", "--no-cache", "--jobs", "1", "page.txt", "seed.txt", cwd=page_and_seed)
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(max(2, os.cpu_count() or 2))]
    try:
        loaded = [run("check", "--no-cache", "--jobs", jobs, "page.txt", "seed.txt", cwd=page_and_seed) for jobs in ("1", "2")]
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert idle.returncode == 1 and idle.stderr == "", idle.stderr
    for result in loaded:
        assert (result.returncode, result.stdout, result.stderr) == (idle.returncode, idle.stdout, idle.stderr)
