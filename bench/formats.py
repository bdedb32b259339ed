"""Time to render a large report in every format, for one or more source trees side by side.
Prints figures; asserts nothing.

    python bench/formats.py                                  # this tree
    python bench/formats.py --src /work/main/src --src src   # before and after, in one run
    python bench/formats.py --findings 50000 --repeat 5
    python bench/formats.py --no-hostile --src /work/main/src --src src   # a tree before safe_text crashes on them

The report is synthetic and deterministic: FINDINGS findings over 1,000 files, news-like
messages and excerpts, mostly ASCII with some accented and Bengali text, and one in a
thousand holding a hostile character (ESC, a lone surrogate, a newline in the name), so
that the cost of `safe_text` on real output shows. Each tree is measured in a subprocess of
its own (PYTHONPATH=TREE); the best of REPEAT renders is printed per format, in seconds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("talks", "Moscow", "statement", "trade", "energy", "café", "président", "বাংলা", "খবর", "summit")
HOSTILE = ("\x1b]0;owned\x07", "\ud800", "\u202e")


def report(count: int, hostile: bool = True):
    from newslint.findings import Finding, Related, Report, Severity

    findings = []
    for n in range(count):
        path = f"site/{n % 1000:04d}/article.txt" if n % 1000 or not hostile else f"site/two\nlines-{n}.txt"
        text = " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(12))
        if hostile and n % 1000 == 7:
            text += HOSTILE[n % len(HOSTILE)]
        related = Related(path, max(1, n % 40)) if n % 3 == 0 else None
        findings.append(Finding(path, 1 + n % 50, 1 + n % 50, 1, "repeated-block", "duplicate", Severity.ERROR,
                                f"repeats line {n % 40} (97% similar)", text, related))
    findings.sort(key=Finding.sort_key)
    files = sorted({f.path for f in findings})
    return Report(findings, len(files), files=files)


def measure(count: int, repeat: int, hostile: bool) -> None:
    from newslint import formats

    data = report(count, hostile)
    names = sorted(formats.FORMATS)
    for name in names:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for chunk in formats.chunks(formats.pieces(name, data), 1 << 20):
                chunk.encode("utf-8")  # what writing it costs; a lone surrogate left raw raises here
            best = min(best, time.perf_counter() - start)
        print(f"{name}\t{best:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", action="append", help="a source tree holding the newslint package (repeatable)")
    parser.add_argument("--findings", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-hostile", action="store_true", help="no hostile characters (a tree before safe_text crashes on them)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        measure(options.findings, options.repeat, not options.no_hostile)
        return
    trees = options.src or [str(ROOT / "src")]
    results: dict[str, dict[str, str]] = {}
    for tree in trees:
        env = {**os.environ, "PYTHONPATH": str(Path(tree).resolve())}
        done = subprocess.run([sys.executable, __file__, "--child", "--findings", str(options.findings),
                               "--repeat", str(options.repeat), *(["--no-hostile"] if options.no_hostile else [])], env=env, capture_output=True, text=True)
        rows = {}
        for line in done.stdout.splitlines():
            name, seconds = line.split("\t")
            rows[name] = seconds
        if done.returncode != 0:
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
            rows["(failed)"] = last[:60]
        results[tree] = rows
    names = sorted({name for rows in results.values() for name in rows})
    kind = "no hostile characters" if options.no_hostile else "1 in 1,000 hostile"
    print(f"{options.findings:,} findings ({kind}), best of {options.repeat}, seconds; load average {os.getloadavg()[0]:.1f}")
    print("format\t" + "\t".join(trees))
    for name in names:
        print(name + "\t" + "\t".join(results[tree].get(name, "-") for tree in trees))


if __name__ == "__main__":
    main()
