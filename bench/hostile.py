"""Hostile-input benchmark: time and peak memory of `newslint check` on very large inputs.

Prints one line per input: size, seconds, peak RSS, and seconds per input MB, so that
linear time and bounded memory can be read off: files of at least 4 MB are checked in
windows (newslint/windows.py), so the peak should be about the same at 100 and 200 MB.
Asserts nothing.

    python bench/hostile.py                # 10, 100 and 200 MB articles, 1 million tiny lines
    python bench/hostile.py --sizes 10 20  # only these sizes (MB) of article text
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOCABULARY_SIZE = 5000
SEED = 7


def vocabulary(rng: random.Random) -> list[str]:
    letters = "etaoinshrdlucmfwypvbgkjqxz"
    words = set()
    while len(words) < VOCABULARY_SIZE:
        words.add("".join(rng.choices(letters, k=rng.randint(2, 10))))
    return sorted(words)


def write_articles(path: Path, megabytes: int) -> None:
    """News-like prose: paragraphs of 40-120 words drawn with Zipf-like weights, blank-line separated."""
    rng = random.Random(SEED)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    target = megabytes * 1_000_000
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            paragraph = " ".join(rng.choices(words, weights, k=rng.randint(40, 120))).capitalize() + ".\n\n"
            out.write(paragraph)
            written += len(paragraph)


def write_tiny_lines(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(f"line {number}\n")


def measure(path: Path, *args: str) -> tuple[float, int, int]:
    """Seconds, peak RSS (MB) and exit code of one `newslint check` run in a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "newslint", "check", "--format", "json", *args, str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest so far
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss // 1024, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 200], help="article sizes in MB")
    parser.add_argument("--lines", type=int, default=1_000_000, help="tiny lines in the line file (0: skip)")
    options = parser.parse_args()
    print(f"{'input':<28} {'MB':>6} {'seconds':>8} {'peak MB':>8} {'s/MB':>6} {'exit':>4}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for size in sorted(options.sizes):
            path = Path(tmp) / f"articles-{size}mb.txt"
            write_articles(path, size)
            inputs.append((f"articles {size} MB", path))
        if options.lines:
            path = Path(tmp) / "tiny-lines.txt"
            write_tiny_lines(path, options.lines)
            inputs.append((f"{options.lines:,} tiny lines", path))
        for label, path in inputs:
            megabytes = path.stat().st_size / 1_000_000
            seconds, peak, code = measure(path)
            print(f"{label:<28} {megabytes:6.1f} {seconds:8.1f} {peak:8d} {seconds / megabytes:6.2f} {code:>4}", flush=True)


if __name__ == "__main__":
    main()
