"""Start-up: CPU seconds of `newslint check` on one small file, interpreter start-up included
(the pre-commit case), for each code tree given with --src, run in turn (A B A B ...) so that
every side sees the same load; median and best of --repeat. Beside them, the floor no change
inside newslint can go below: a bare interpreter, and one that only imports the libraries a
one-file check needs (numpy for the signatures, tabulate for the table, pathspec for the
globs, click, PyYAML, regex). Asserts nothing.

    python bench/startup.py
    python bench/startup.py --src /tmp/before/src --src src --repeat 9
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = (ROOT / "corpus" / "000_605a992dca7f361f.txt", ROOT / "corpus")
LIBRARIES = "import numpy, tabulate, pathspec, click, yaml, regex"


def cpu_of(command: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of one child run."""
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path, action="append")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    sources = options.src or [ROOT / "src"]
    cases: list[tuple[str, list[str], dict[str, str]]] = [
        ("bare interpreter", [sys.executable, "-c", "pass"], dict(os.environ)),
        ("import the libraries only", [sys.executable, "-c", LIBRARIES], dict(os.environ)),
    ]
    for path in FILES:
        for src in sources:
            cases.append((f"{str(src)[-24:]} check {path.relative_to(ROOT)}",
                          [sys.executable, "-m", "newslint", "check", "--no-cache", str(path)],
                          {**os.environ, "PYTHONPATH": str(src)}))
    cpus: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _ in range(options.repeat):
        for name, command, env in cases:
            cpus[name].append(cpu_of(command, env))
    load = os.getloadavg()
    print(f"# load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; "
          f"CPU s (user + system), {options.repeat} runs each, interleaved")
    width = max(map(len, cpus))
    print(f"{'case':{width}} {'median':>7} {'best':>7}")
    for name, values in cpus.items():
        print(f"{name:{width}} {statistics.median(values):7.3f} {min(values):7.3f}")


if __name__ == "__main__":
    main()
