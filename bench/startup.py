"""Start-up: CPU seconds of `newslint check` on one small file, interpreter start-up included
(the pre-commit case), for each code tree given with --src, run in turn (A B A B ...) so that
every side sees the same load; median and best of --repeat. Asserts nothing.

Every run is warm, as a user's second run is: each case runs once, untimed, before the timed
rounds, so that the user cache (rule-pack derivations, $NEWSLINT_GATE_CACHE, one temporary
directory per tree) and the bytecode of the tree (PYTHONPYCACHEPREFIX, a temporary directory:
an installed wheel has its .pyc files, an editable checkout may not write them) are filled.
Two cases per tree: `--no-cache` (the file is checked afresh: a pre-commit hook's edited file)
and with the per-file results cache (a temporary --cache-dir; the second run of an unchanged file).

Beside them, the floors no change inside newslint can go below: a bare interpreter, and one
that only imports the libraries a warm one-file run imports: checked afresh, numpy (the
signatures and the line model's features), click, regex and pyahocorasick; from the results
cache, click, regex and pyahocorasick (numpy, PyYAML and pathspec are then never imported:
docs/performance.md, "Start-up"). The floor measured before session 23 (those five with
PyYAML) is printed too, for comparison with the figures recorded then.

    python bench/startup.py
    python bench/startup.py --src /tmp/before/src --src src --repeat 9
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "corpus" / "000_605a992dca7f361f.txt"
FLOORS = [
    ("import the libraries only (before s23)", "import numpy, click, yaml, regex, ahocorasick"),
    ("libraries of a check afresh", "import numpy, click, regex, ahocorasick"),
    ("libraries of a cached run", "import click, regex, ahocorasick"),
]


def cpu_of(command: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of one child run."""
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path, action="append")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--file", type=Path, default=FILE)
    options = parser.parse_args()
    sources = options.src or [ROOT / "src"]
    scratch = Path(tempfile.mkdtemp(prefix="newslint-startup-"))
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    base["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    cases: list[tuple[str, list[str], dict[str, str]]] = [
        ("bare interpreter", [sys.executable, "-c", "pass"], base),
        *((name, [sys.executable, "-c", code], base) for name, code in FLOORS),
    ]
    file = str(options.file.resolve())
    for number, src in enumerate(sources):
        env = {**base, "PYTHONPATH": str(src.resolve()), "NEWSLINT_GATE_CACHE": str(scratch / f"user-cache-{number}")}
        label = str(src)[-24:]
        command = [sys.executable, "-m", "newslint", "check", "--exit-zero"]
        cases.append((f"{label} --no-cache", [*command, "--no-cache", file], env))
        cases.append((f"{label} results cached", [*command, "--cache-dir", str(scratch / f"results-{number}"), file], env))
    cpus: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    try:
        for _, command, env in cases:  # warm-up: caches and bytecode filled, not timed
            cpu_of(command, env)
        for _ in range(options.repeat):
            for name, command, env in cases:
                cpus[name].append(cpu_of(command, env))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load = os.getloadavg()
    print(f"# {Path(file).name}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; "
          f"CPU s (user + system), {options.repeat} runs each, interleaved, after one warm-up run each")
    width = max(map(len, cpus))
    print(f"{'case':{width}} {'median':>7} {'best':>7}")
    for name, values in cpus.items():
        print(f"{name:{width}} {statistics.median(values):7.3f} {min(values):7.3f}")


if __name__ == "__main__":
    main()
