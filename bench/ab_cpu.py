"""CPU seconds of `newslint check` from two source trees, interleaved (A B A B) in one run.

    python bench/ab_cpu.py /tmp/before/src src bench/out/speed-2000 ../shared/devset --rounds 3

Each run is `python -m newslint check --no-cache --jobs 1 --format json FOLDER` (--jobs N to change it) with
PYTHONPATH set to the tree; CPU is user + system of the child (getrusage), so the load of
a shared machine costs wall time, not these figures. Also says whether the two trees'
outputs are byte-identical. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys


def run(tree: str, folder: str, jobs: int = 1) -> tuple[float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": tree}
    done = subprocess.run([sys.executable, "-m", "newslint", "check", "--no-cache", "--jobs", str(jobs), "--format", "json", folder],
                          env=env, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, hashlib.sha256(done.stdout).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1, help="newslint --jobs (CPU is the whole process tree's)")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("| folder | before CPU s (each round) | after CPU s (each round) | median after/before | output |")
    print("| --- | --- | --- | ---: | --- |")
    for folder in args.folders:
        a, b, digests = [], [], set()
        for _ in range(args.rounds):
            for tree, into in ((args.before, a), (args.after, b)):
                cpu, digest = run(tree, folder, args.jobs)
                into.append(cpu)
                digests.add(digest)
        ratio = statistics.median(b) / statistics.median(a)
        same = "identical" if len(digests) == 1 else "DIFFERENT"
        print(f"| {folder} | {' '.join(f'{x:.2f}' for x in a)} | {' '.join(f'{x:.2f}' for x in b)} | {ratio:.2f} | {same} |")


if __name__ == "__main__":
    main()
