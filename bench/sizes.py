"""Real-size benchmark: time and peak memory of `newslint check` on the sizes of issue 11.

One line per case: what was checked, its size, seconds, peak RSS, seconds and MB of peak
per input MB, the exit code, and whether a rule was stopped (it must never be). Every run
is a child process under an address-space limit (`--limit-gb`, default 6), so a case that
would exhaust the machine's memory fails on its own instead. Asserts nothing.

    nice -n 10 python bench/sizes.py                 # every case
    nice -n 10 python bench/sizes.py --only pages     # pages | trees | line | rules
    nice -n 10 python bench/sizes.py --trees 2000     # a smaller tree only
    python bench/sizes.py --only line --line-mb 10 20 50 --src /tmp/before/src --src src --repeat 2

With --src (a `src/` directory, given once per code tree to compare), each case runs once
per tree, --repeat times, interleaved (A B A B) so that both see the same load; the first
column names the tree.

Cases: long full-page scrapes (2,000 and 8,000 lines of short menu and teaser lines);
trees of 2k/5k/20k short, similar briefs; one 50 MB line with no newline; rule files of
1, 5 and 50 MB of phrases (past the documented cap the last two are refused at once).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 11
WORDS = ("minister council budget police river school market rain storm vote court hospital road "
         "festival team league bank price fuel strike union mayor county report plan rise fall").split()
MENU = ["Home", "World", "Sport", "Business", "Video", "Live", "Share", "Follow us", "Newsletters", "Search"]


def write_page(path: Path, lines: int) -> None:
    """A full-page scrape: mostly menu and link lines of a few words, teasers repeated."""
    rng = random.Random(SEED)
    out = []
    for n in range(lines):
        if n % 7 == 0:
            out.append(" ".join(rng.choices(WORDS, k=rng.randint(8, 14))).capitalize() + ".")
        elif n % 11 == 0:
            out.append("The same teaser paragraph about the summit appears again under every section of the page.")
        else:
            out.append(f"{MENU[n % len(MENU)]} {rng.randint(1, 40)}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def write_tree(root: Path, files: int) -> None:
    """A newsroom's archive of briefs: short files written from one template (near-copies of
    each other), a shared footer."""
    rng = random.Random(SEED)
    root.mkdir(parents=True)
    for n in range(files):
        town, what = rng.choice(WORDS).capitalize(), rng.choice(WORDS)
        body = (f"The {what} in {town} was delayed again on Monday after the county council met to discuss "
                f"the plan for the coming year, officials said in a short statement to local reporters.")
        lead = f"{town} {what} brief {n % 97}"
        (root / f"brief_{n:05d}.txt").write_text(f"{lead}\n\n{body}\n\nFollow us for more local news.\n", encoding="utf-8")


def write_line(path: Path, megabytes: int) -> None:
    rng = random.Random(SEED)
    with path.open("w", encoding="utf-8") as out:
        written = 0
        while written < megabytes * 1_000_000:
            piece = " ".join(rng.choices(WORDS, k=200)) + ". "
            out.write(piece)
            written += len(piece)


def write_rules(directory: Path, megabytes: float) -> None:
    rng = random.Random(SEED)
    letters = "abcdefghijklmnopqrstuvwxyz"
    directory.mkdir(parents=True)
    # Written as a stream: a child's peak RSS counts the parent's at fork, so this process stays small.
    with (directory / "big.yaml").open("w", encoding="utf-8") as out:
        size = out.write("rules:\n  - id: big-list\n    kind: pattern\n    category: other\n    severity: info\n"
                         "    message: 'listed phrase {match}'\n    phrases:\n")
        while size < megabytes * 1_000_000:
            phrase = " ".join("".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(rng.randint(1, 3)))
            size += out.write(f"      - '{phrase}'\n")


def measure(args: list[str], limit_bytes: int, cwd: Path, src: Path | None = None) -> tuple[float, float, int, bool, float]:
    """Seconds, peak RSS (MB), exit code, whether a rule was stopped, and CPU seconds (user +
    sys: under a shared machine's load they, not the wall time, compare runs), of one child
    run of the code in `src` (default: the installed newslint)."""
    command = ["prlimit", f"--as={limit_bytes}", sys.executable, "-m", "newslint", "check", "--no-cache",
               "--format", "json", *args]
    env = {**os.environ, "PYTHONPATH": str(src)} if src is not None else None
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read() if child.stderr else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, code, b"stopped" in stderr, usage.ru_utime + usage.ru_stime


def report(name: str, megabytes: float, result: tuple[float, float, int, bool, float], code_tree: str = "") -> None:
    seconds, peak, code, stopped, cpu = result
    per_mb = f"{seconds / megabytes:8.2f} {peak / megabytes:8.1f}" if megabytes >= 0.01 else f"{'':8} {'':8}"
    print(f"{code_tree[-20:]:20} {name:32} {megabytes:8.2f} {seconds:8.2f} {peak:8.0f} {per_mb} {code:5} "
          f"{'yes' if stopped else 'no':>7} {cpu:8.2f} {cpu / megabytes if megabytes >= 0.01 else 0:8.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["pages", "trees", "line", "rules"], action="append")
    parser.add_argument("--trees", type=int, nargs="*", default=[2000, 5000, 20000])
    parser.add_argument("--line-mb", type=int, nargs="*", default=[50])
    parser.add_argument("--rules-mb", type=float, nargs="*", default=[1, 5, 50])
    parser.add_argument("--limit-gb", type=float, default=6.0)
    parser.add_argument("--src", type=Path, action="append", help="a src/ directory to run (repeat to compare)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each case per code tree, interleaved")
    parser.add_argument("--jobs", help="passed to newslint check (default: its own, all cores)")
    options = parser.parse_args()
    sources: list[Path | None] = list(options.src or [None])

    def run(name: str, megabytes: float, args: list[str], cwd: Path) -> None:
        for _ in range(options.repeat):
            for src in sources:
                jobs = ["--jobs", options.jobs] if options.jobs else []
                report(name, megabytes, measure([*jobs, *args], limit, cwd, src), str(src or "installed"))
    only = set(options.only or ["pages", "trees", "line", "rules"])
    limit = int(options.limit_gb * 1e9)
    load = os.getloadavg()
    print(f"# load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; "
          f"address space limited to {options.limit_gb:g} GB per run")
    print(f"{'code':20} {'case':32} {'MB':>8} {'s':>8} {'peak MB':>8} {'s/MB':>8} {'peak/MB':>8} {'exit':>5} {'stopped':>7} "
          f"{'cpu s':>8} {'cpu s/MB':>8}")
    work = Path(tempfile.mkdtemp(prefix="newslint-sizes-"))
    try:
        if "pages" in only:
            for lines in (2000, 8000):
                page = work / f"page_{lines}.txt"
                write_page(page, lines)
                run(f"page of {lines} short lines", page.stat().st_size / 1e6, [str(page)], work)
        if "trees" in only:
            for files in options.trees:
                tree = work / f"tree_{files}"
                write_tree(tree, files)
                megabytes = sum(p.stat().st_size for p in tree.iterdir()) / 1e6
                run(f"tree of {files} briefs", megabytes, [str(tree)], work)
                shutil.rmtree(tree)
        if "line" in only:
            for line_mb in options.line_mb:
                line = work / "line.txt"
                write_line(line, line_mb)
                run(f"one {line_mb} MB line", line.stat().st_size / 1e6, [str(line)], work)
                line.unlink()
        if "rules" in only:
            article = work / "article.txt"
            write_page(article, 200)
            for megabytes in options.rules_mb:
                directory = work / f"rules_{megabytes:g}"
                write_rules(directory, megabytes)
                size = (directory / "big.yaml").stat().st_size / 1e6
                run(f"rule file of {megabytes:g} MB", size, ["--rules", str(directory), str(article)], work)
                shutil.rmtree(directory)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"# own peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
