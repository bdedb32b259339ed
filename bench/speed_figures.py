"""What inconsistent-figure (kind figure-consistency) adds to bench/speed.py's 10,000-document run.

    python bench/speed_figures.py [--size 10000] [--rounds 3]

Runs `newslint check --no-cache --format jsonl` on bench/speed.py's synthetic corpus with the
default rule pack and with `--ignore inconsistent-figure`, alternating, `--rounds` times each,
in the same run, and prints the median wall time, CPU time (user + system of the whole process
tree: steadier than wall time on a shared machine) and peak RSS of each, and the difference.
The corpus is speed.py's own (written once under bench/out/). Prints figures; asserts nothing.

    python bench/speed_figures.py --in-process [--sample 2000]

measures CPU time in this process instead, with no subprocess and no per-rule time limit (on a
loaded machine the wall-clock pattern limits stop rules and fail the subprocess runs): the
per-document work of every other rule of the default pack, against inconsistent-figure's
summaries and its corpus pass, on the first `--sample` documents of the corpus, and on the
real articles of corpus/ and ../shared/devset/corpus (when found), checked as one set 25 times.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from newslint import document, linter, rules
from newslint.kinds import KINDS

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed  # noqa: E402  (bench/ is no package)

RULE = "inconsistent-figure"


def in_process(paths: list[Path], label: str, repeat: int = 1) -> None:
    """CPU seconds of the other rules' per-document work and of this rule's, on these files."""
    pack = [rule for rule in rules.load([]).enabled() if KINDS[rule.kind].SCOPE != "archive"]
    mine = next(rule for rule in pack if rule.id == RULE)
    others = [rule for rule in pack if rule.id != RULE]
    other_cpu = mine_cpu = corpus_cpu = 0.0
    for _ in range(repeat):
        summaries, found, corpus = _one_set(paths, others, mine)
        other_cpu += summaries[0]
        mine_cpu += summaries[1]
        corpus_cpu += corpus
    print(f"  {label}: other rules' per-document work {other_cpu:.2f} s CPU; {RULE}: summaries {mine_cpu:.2f} s, "
          f"corpus pass {corpus_cpu:.2f} s, together {(mine_cpu + corpus_cpu) / other_cpu:+.1%}; {found} findings")


def _one_set(paths: list[Path], others: list, mine) -> tuple[tuple[float, float], int, float]:
    """((other rules' CPU, this rule's summaries' CPU), findings, corpus pass CPU) of one set of files."""
    other_cpu = mine_cpu = 0.0
    summaries = []
    for path in paths:
        doc = document.read(str(path))
        started = time.process_time()
        for rule in others:  # the kinds' own entry points: no time limit armed
            kind = KINDS[rule.kind]
            if kind.SCOPE == "document":
                list(kind.check(doc, rule))
            else:
                linter.summarize(doc, rule)
        middle = time.process_time()
        summaries.append(KINDS[mine.kind].summarize(doc, mine))
        mine_cpu += time.process_time() - middle
        other_cpu += middle - started
    started = time.process_time()
    found = list(KINDS[mine.kind].check_corpus(summaries, mine))
    return (other_cpu, mine_cpu), len(found), time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=speed.ROOT / "bench" / "out")
    parser.add_argument("--in-process", action="store_true")
    parser.add_argument("--sample", type=int, default=2000)
    options = parser.parse_args()
    folder = speed.corpus(options.size, options.dir)
    if options.in_process:
        print(f"CPU time in one process, load average {os.getloadavg()[0]:.1f} at start")
        files = speed.files_of(folder)[: options.sample]
        in_process(files, f"first {len(files):,} of speed.py's {options.size:,} documents")
        real = sorted((speed.ROOT / "corpus").glob("*.txt"))
        devset = speed.ROOT.parent / "shared" / "devset" / "corpus"
        for candidate in (devset, speed.ROOT.parent.parent / "shared" / "devset" / "corpus"):
            if candidate.is_dir():
                real += sorted(candidate.glob("*.txt"))
                break
        in_process(real, f"the {len(real)} real articles, checked as one set 25 times", repeat=25)
        return
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
