"""Rule-file load cost: CPU seconds and peak RSS of `newslint check` on one small article with
a phrase-list rule file of 0.25, 0.5, 1 and 2 MB (bench/sizes.py's generator, same seed).

Each size runs once per code tree given with --src (a `src/` directory; default: this
checkout), interleaved A B A B so that both sides see the same load, and prints the
figures side by side with CPU seconds and peak MB per input MB (flat = linear). Asserts nothing.

    python bench/rule_files.py
    python bench/rule_files.py --src /tmp/before/src --src src --sizes 0.25 0.5 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sizes import write_page, write_rules  # noqa: E402  (the same rule files as bench/sizes.py)


def measure(src: Path, rules: Path, article: Path) -> tuple[float, float, int]:
    """CPU seconds (user + system), peak RSS (MB) and exit code of one child run."""
    command = [sys.executable, "-m", "newslint", "check", "--no-cache", "--format", "json",
               "--rules", str(rules), str(article)]
    child = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(src)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path, action="append")
    parser.add_argument("--sizes", type=float, nargs="*", default=[0.25, 0.5, 1, 2])
    options = parser.parse_args()
    sources = options.src or [Path(__file__).resolve().parent.parent / "src"]
    load = os.getloadavg()
    print(f"# load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    print(f"{'code':28} {'MB':>6} {'CPU s':>8} {'peak MB':>8} {'CPU s/MB':>9} {'peak/MB':>8} {'exit':>5}")
    work = Path(tempfile.mkdtemp(prefix="newslint-rule-files-"))
    try:
        article = work / "article.txt"
        write_page(article, 200)
        for megabytes in options.sizes:
            directory = work / f"rules_{megabytes:g}"
            write_rules(directory, megabytes)
            size = (directory / "big.yaml").stat().st_size / 1e6
            for src in sources:
                cpu, peak, code = measure(src, directory, article)
                print(f"{str(src)[-28:]:28} {size:6.2f} {cpu:8.2f} {peak:8.0f} {cpu / size:9.2f} {peak / size:8.1f} {code:5}",
                      flush=True)
            shutil.rmtree(directory)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
