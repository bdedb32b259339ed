"""What inconsistent-figure (kind figure-consistency) adds to bench/speed.py's 10,000-document run.

    python bench/speed_figures.py [--size 10000] [--rounds 3]

Runs `newslint check --no-cache --format jsonl` on bench/speed.py's synthetic corpus with the
default rule pack and with `--ignore inconsistent-figure`, alternating, `--rounds` times each,
in the same run, and prints the median wall time and peak RSS of each and the difference.
The corpus is speed.py's own (written once under bench/out/). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
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
    runs: dict[str, list[tuple[float, int]]] = {"without": [], "with": []}
    print(f"{options.size:,} documents, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    for _ in range(options.rounds):
        for label, extra in (("without", ["--ignore", RULE]), ("with", [])):
            wall, peak, _ = speed.run_check(command + extra + [str(folder)])
            runs[label].append((wall, peak))
            print(f"  {label} {RULE}: {wall:.2f} s, peak RSS {peak / 1e6:,.0f} MB", file=sys.stderr)
    medians = {label: (statistics.median(w for w, _ in r), statistics.median(p for _, p in r)) for label, r in runs.items()}
    for label, (wall, peak) in medians.items():
        print(f"  {label:<7} {RULE}: median {wall:.2f} s, peak RSS {peak / 1e6:,.0f} MB")
    (base, base_peak), (full, full_peak) = medians["without"], medians["with"]
    print(f"  added: {full - base:+.2f} s ({full / base - 1:+.1%}), {(full_peak - base_peak) / 1e6:+,.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
