"""Issue 11's "Done when" as a benchmark: the same check, idle and loaded, across --jobs.

Runs `newslint check --no-cache --format json FOLDER` (default: <shared>/devset-web/corpus)
once per setting: `--jobs 1` and `--jobs 2`, each on the machine as it is and again with
`--hogs` busy processes (`python -c 'while True: pass'`, default 2, one per core here)
running beside it. For each run it prints the exit code, whether stderr was empty (a stopped
rule says so there and exits 2), CPU and wall seconds, and the sha256 of stdout; then whether
every run gave the same bytes. It asserts nothing; tests/test_sizes.py checks the same
property on a long page beside a seed file.

    nice -n 10 python bench/determinism.py
    python bench/determinism.py --folder corpus --hogs 4
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """$NEWSLINT_SHARED, or the first `shared/` with a devset-web/ walking up from the repo."""
    if os.environ.get("NEWSLINT_SHARED"):
        return Path(os.environ["NEWSLINT_SHARED"])
    for parent in REPO.parents:
        if (parent / "shared" / "devset-web").is_dir():
            return parent / "shared"
    sys.exit("bench/determinism.py: no shared/devset-web found above the repository; set NEWSLINT_SHARED")


def check(folder: Path, jobs: int) -> tuple[int, str, float, float, str]:
    """(exit code, stderr, CPU s of the child tree, wall s, sha256 of stdout) of one check."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--no-cache", "--format", "json", "--jobs", str(jobs), str(folder)],
        capture_output=True, cwd=REPO,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.returncode, done.stderr.decode(errors="replace"), cpu, wall, hashlib.sha256(done.stdout).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=None, help="what to check (default: shared/devset-web/corpus)")
    parser.add_argument("--hogs", type=int, default=2, help="busy processes during the loaded runs")
    args = parser.parse_args()
    folder = args.folder or shared_dir() / "devset-web" / "corpus"
    print(f"# newslint check --no-cache --format json {folder}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'load':<10} {'jobs':>4} {'exit':>4} {'stderr':>7} {'CPU s':>7} {'wall s':>7}  sha256")
    digests = set()
    for hogs in (0, args.hogs):
        busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(hogs)]
        try:
            for jobs in (1, 2):
                code, stderr, cpu, wall, digest = check(folder, jobs)
                digests.add(digest)
                load = f"{hogs} hogs" if hogs else "as is"
                print(f"{load:<10} {jobs:>4} {code:>4} {'empty' if not stderr else 'TEXT':>7} {cpu:>7.1f} {wall:>7.1f}  {digest}")
                if stderr:
                    print("  stderr: " + stderr.strip().splitlines()[0][:200])
        finally:
            for hog in busy:
                hog.kill()
                hog.wait()
    print("# all runs byte-identical" if len(digests) == 1 else f"# {len(digests)} different outputs")


if __name__ == "__main__":
    main()
