"""`newslint check` on a 2-worker Dask LocalCluster against `--jobs 2`, on the same machine. Prints; asserts nothing.

    python bench/cluster.py                       # 10,000 and 100,000 documents
    python bench/cluster.py --sizes 1000 10000    # quicker

The corpora are bench/speed.py's (written once under bench/out/, reused). For each size, in
the same run and one after the other:

- `newslint check --no-cache --jobs 2 --format jsonl DIR`: wall time and peak RSS of its process tree;
- the same with `--scheduler ADDRESS` of a LocalCluster (2 worker processes, 1 thread each)
  started by this script beforehand (its start-up is not counted): wall time, the client's
  peak RSS (the newslint process alone), and the cluster's peak RSS (scheduler and workers);
- whether the two outputs are byte-identical.

The machine's load average is printed with each row: on a shared machine compare rows of one run only.
"""

from __future__ import annotations

import argparse
import filecmp
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed  # noqa: E402  (the corpus, the RSS sampler and the newslint command)


def measured(args: list[str], output: Path, also: int | None = None) -> tuple[float, int, int]:
    """Run newslint with its output to `output`: (wall s, peak RSS of its tree, peak RSS of `also`'s tree)."""
    started = time.perf_counter()
    with open(output, "wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE)
        peaks = [0, 0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peaks[0] = max(peaks[0], speed.tree_rss(process.pid))
                if also is not None:
                    peaks[1] = max(peaks[1], speed.tree_rss(also) - speed.tree_rss(process.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        sys.exit(f"newslint failed ({process.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    return wall, peaks[0], peaks[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--dir", type=Path, default=speed.ROOT / "bench" / "out", help="where the corpora are written")
    options = parser.parse_args()

    from distributed import LocalCluster

    command = speed.newslint_command()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.CRITICAL)
    print(f"default rule pack, --format jsonl; {os.cpu_count()} cores; LocalCluster of 2 worker processes")
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="newslint-bench-cluster-") as scratch:
            for size in options.sizes:
                folder = speed.corpus(size, options.dir)
                load = os.getloadavg()[0]
                here, there = Path(scratch, "here.jsonl"), Path(scratch, "there.jsonl")
                local_wall, local_peak, _ = measured(
                    command + ["check", "--no-cache", "--jobs", "2", "--format", "jsonl", str(folder)], here)
                cluster_wall, client_peak, workers_peak = measured(
                    command + ["check", "--scheduler", cluster.scheduler_address, "--format", "jsonl", str(folder)],
                    there, also=os.getpid())
                identical = filecmp.cmp(here, there, shallow=False)
                rows.append((size, load, local_wall, local_peak, cluster_wall, client_peak, workers_peak, identical))
                print(f"  {size:,} documents: --jobs 2 {local_wall:.1f} s, cluster {cluster_wall:.1f} s", file=sys.stderr)
    finally:
        cluster.close()

    header = ("documents", "load", "--jobs 2 s", "peak MB", "cluster s", "overhead", "client peak MB",
              "cluster peak MB", "identical")
    table = [header]
    for size, load, local_wall, local_peak, cluster_wall, client_peak, workers_peak, identical in rows:
        table.append((f"{size:,}", f"{load:.1f}", f"{local_wall:.1f}", f"{local_peak / 1e6:,.0f}", f"{cluster_wall:.1f}",
                      f"{cluster_wall / local_wall - 1:+.0%}", f"{client_peak / 1e6:,.0f}", f"{workers_peak / 1e6:,.0f}",
                      "yes" if identical else "NO"))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
