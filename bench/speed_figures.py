"""What inconsistent-figure (kind figure-consistency) adds to bench/speed.py's 10,000-document run.

    python bench/speed_figures.py [--size 10000] [--rounds 3]

Runs `newslint check --no-cache --format jsonl` on bench/speed.py's synthetic corpus with the
default rule pack and with `--ignore inconsistent-figure`, alternating, `--rounds` times each,
in the same run, and prints the median wall time, CPU time (user + system of the whole process
tree: steadier than wall time on a shared machine) and peak RSS of each, and the difference.
The corpus is speed.py's own (written once under bench/out/). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed  # noqa: E402  (bench/ is no package)

RULE = "inconsistent-figure"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=speed.ROOT / "bench" / "out")
    options = parser.parse_args()
    folder = speed.corpus(options.size, options.dir)
    command = speed.newslint_command() + ["check", "--no-cache", "--format", "jsonl"]
    runs: dict[str, list[tuple[float, float, int]]] = {"without": [], "with": []}
    print(f"{options.size:,} documents, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    for _ in range(options.rounds):
        for label, extra in (("without", ["--ignore", RULE]), ("with", [])):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall, peak, code = speed.run_check(command + extra + [str(folder)])
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            runs[label].append((wall, cpu, peak))
            print(f"  {label} {RULE}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {peak / 1e6:,.0f} MB, "
                  f"exit {code}", file=sys.stderr)
    medians = {label: tuple(statistics.median(run[i] for run in r) for i in range(3)) for label, r in runs.items()}
    for label, (wall, cpu, peak) in medians.items():
        print(f"  {label:<7} {RULE}: median {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {peak / 1e6:,.0f} MB")
    (base, base_cpu, base_peak), (full, full_cpu, full_peak) = medians["without"], medians["with"]
    print(f"  added: {full - base:+.2f} s wall ({full / base - 1:+.1%}), {full_cpu - base_cpu:+.2f} s CPU "
          f"({full_cpu / base_cpu - 1:+.1%}), {(full_peak - base_peak) / 1e6:+,.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
