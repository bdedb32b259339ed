"""Speed and memory of `newslint check` at archive scale. Prints figures; asserts nothing.

    python bench/speed.py                      # 1,000, 10,000 and 100,000 documents
    python bench/speed.py --sizes 1000 10000   # quicker
    python bench/speed.py --jobs 1             # pass --jobs to newslint
    python bench/speed.py --corpus lee         # only the real-word corpus (synthetic, lee, both: the default)

For each size it writes (once; later runs reuse it) a deterministic synthetic corpus
of news-like articles under bench/out/ (git-ignored; --dir to put it elsewhere):
~600 words in ~10 paragraphs drawn from a Zipf vocabulary, with page furniture in
some articles, repeated and near-repeated paragraphs, and near-copy articles. With
`--corpus lee` or `both` (the default) it also writes one of real words (bench/lee_corpus.py:
an order-2 Markov chain over the Lee news corpus that the gensim wheel ships, fetched once
into bench/out/), and measures each corpus in turn, printing each one's tables.
It then measures, in the same run:

- the floor: reading every file and tokenising it into words, in this process, nothing else;
- `newslint check --no-cache` with the default rule pack, as a subprocess: wall time,
  documents/s, MB/s, peak RSS (the whole process tree, sampled) and the ratio to the floor;
- the cache: a first run that writes it and an unchanged re-run that reads it (10,000 documents);
- one small file end to end, interpreter start-up included (the pre-commit case);
- the peer: plain datasketch paragraph dedup (`MinHash.bulk` of every paragraph's words,
  `MinHashLSH(threshold=0.8)`, insert and query each paragraph) on the same documents, as a
  subprocess of its own (`--peer FOLDER`), with newslint's CPU seconds against the peer's.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is scripts, not a package
import lee_corpus  # noqa: E402  (the real-word corpus, beside this script)

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = "2"  # bump when the corpus recipe changes, so stale corpora are rebuilt
SEED = 20240511
VOCABULARY = 40_000
ZIPF_EXPONENT = 1.05
# Share of sentences given a number: 20% of the sentences hold a digit, as in ../shared/devset.
FIGURE_RATE = 0.22
FUNCTION_WORDS = (
    "the of and to a in that is was he for it with as his on be at by i this had not are but from or "
    "have an they which one you were her all she there would their we him been has when who will more "
    "no if out so said what up its about into than them can only other new some could time these two "
    "may then do first any my now such like our over man me even most made after also did many before "
    "must through back years where much your way well down should because each just those people how "
    "too little state good very make world still own see men work long get here between both life being "
    "under never day same another know while last might us great old year off come since against go "
    "came right used take three president government minister officials police country week told"
).split()
FURNITURE_TOP = ("Skip to content", "Menu", "Search", "Share this article", "Follow us on Google News")
FURNITURE_BOTTOM = ("Related posts", "Leave a Reply", "Your email address will not be published.", "Read more")
SMALL_FILE = ROOT / "corpus" / "001_157c0db157d1dc7c.txt"
WORD = re.compile(r"\w+")


# --- the corpus -------------------------------------------------------------------------------


def vocabulary(rng: np.random.Generator) -> list[str]:
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "ee")]
    words = list(FUNCTION_WORDS)
    seen = set(words)
    while len(words) < VOCABULARY:
        parts = rng.integers(0, len(syllables), size=int(rng.integers(1, 5)))
        word = "".join(syllables[p] for p in parts) + ("" if rng.random() < 0.6 else "n")
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Writer:
    """Draws articles from a Zipf vocabulary; every choice comes from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.vocab = vocabulary(self.rng)
        weights = 1.0 / np.arange(1, VOCABULARY + 1) ** ZIPF_EXPONENT
        self.cumulative = np.cumsum(weights / weights.sum())
        self.previous: list[list[str]] = []  # recent articles, for near-copies

    def words(self, n: int) -> list[str]:
        picks = np.searchsorted(self.cumulative, self.rng.random(n))
        return [self.vocab[min(i, VOCABULARY - 1)] for i in picks]

    def sentence(self) -> str:
        words = self.words(int(self.rng.integers(8, 26)))
        if self.rng.random() < FIGURE_RATE:
            words[int(self.rng.integers(0, len(words)))] = f"{int(self.rng.integers(2, 999))}"
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(int(self.rng.integers(2, 5))))

    def reword(self, paragraph: str, share: float) -> str:
        words = paragraph.split()
        for i in np.flatnonzero(self.rng.random(len(words)) < share):
            words[i] = self.words(1)[0]
        return " ".join(words)

    def article(self) -> str:
        roll = self.rng.random()
        if roll < 0.02 and self.previous:  # a near-copy of a recent article
            source = self.previous[int(self.rng.integers(0, len(self.previous)))]
            body = [self.reword(p, 0.08) for p in source]
        else:
            body = [self.paragraph() for _ in range(int(self.rng.integers(8, 13)))]
            if self.rng.random() < 0.05:  # a paragraph repeated word for word
                body.insert(int(self.rng.integers(1, len(body))), body[int(self.rng.integers(0, len(body) - 1))])
            if self.rng.random() < 0.03:  # ... or with a few words changed
                body.append(self.reword(body[int(self.rng.integers(0, len(body)))], 0.05))
        self.previous = (self.previous + [body])[-50:]
        title = " ".join(self.words(int(self.rng.integers(5, 12)))).title()
        lines = [title]
        if self.rng.random() < 0.3:
            lines += [FURNITURE_TOP[int(i)] for i in self.rng.choice(len(FURNITURE_TOP), 2, replace=False)]
        lines += body
        if self.rng.random() < 0.3:
            lines.append(FURNITURE_BOTTOM[int(self.rng.integers(0, len(FURNITURE_BOTTOM)))])
            lines += [f"• {w.title()}" for w in self.words(3)]
        return "\n".join(lines) + "\n"


def corpus(size: int, base: Path) -> Path:
    """The corpus of `size` articles under base, written unless an identical one is there."""
    recipe = f"{GENERATOR_VERSION} {SEED} {size}\n"
    return lee_corpus.write_folder(base / f"speed-{size}", recipe, size, lambda: Writer(SEED).article)


# --- measuring ----------------------------------------------------------------------------------


def files_of(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.txt"))


def floor(files: list[Path]) -> tuple[float, int, int]:
    """Read and tokenise every file, nothing else: (seconds, bytes, paragraphs)."""
    started = time.perf_counter()
    total_bytes = paragraphs = 0
    for path in files:
        data = path.read_bytes()
        total_bytes += len(data)
        for line in data.decode("utf-8").split("\n"):
            if WORD.findall(line.lower()):
                paragraphs += 1
    return time.perf_counter() - started, total_bytes, paragraphs


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, read from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process, theirs included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_check(args: list[str]) -> tuple[float, int, int, float]:
    """Run a command; (wall seconds, peak tree RSS in bytes, exit code, CPU seconds). Output is discarded."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        sys.exit(f"{args[0]} failed ({process.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    return wall, peak, process.returncode, children_cpu() - cpu_before


def peer_dedup(folder: Path) -> None:
    """The peer: paragraph dedup with plain datasketch, the way its documentation shows it.

    Every paragraph (a line with words) of every file is a set of lower-cased words; MinHash.bulk
    hashes them (num_perm=128, as newslint), and MinHashLSH(threshold=0.8) is asked, before each
    paragraph is inserted, which earlier paragraphs it nearly repeats. Prints the pairs found.
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    pairs = 0
    for path in files_of(folder):
        paragraphs = [set(WORD.findall(line.lower())) for line in path.read_text("utf-8").split("\n")]
        paragraphs = [words for words in paragraphs if words]
        hashes = MinHash.bulk([[w.encode("utf-8") for w in words] for words in paragraphs], num_perm=128)
        for number, minhash in enumerate(hashes):
            pairs += len(lsh.query(minhash))
            lsh.insert(f"{path.name}:{number}", minhash)
    print(pairs)


# Each corpus: how to write it at a size under a folder, and what it is (printed over its tables).
CORPORA = {
    "synthetic": (corpus, "Zipf vocabulary of made-up words (bench/out/speed-N)"),
    "lee": (lee_corpus.corpus, "order-2 Markov chain over the Lee news corpus, real words (bench/out/lee-N)"),
}


def newslint_command() -> list[str]:
    found = shutil.which("newslint", path=str(Path(sys.executable).parent)) or shutil.which("newslint")
    return [found] if found else [sys.executable, "-m", "newslint"]


def measure(name: str, sizes: list[int], base: Path, command: list[str], jobs: list[str]) -> list[tuple]:
    """newslint and the peer on each size of one corpus, in this run: one row per size."""
    rows = []
    for size in sizes:
        folder = CORPORA[name][0](size, base)
        files = files_of(folder)
        floor_s, total_bytes, paragraphs = floor(files)
        # jsonl: the archive-scale output (json's indented layout goes through Python's slow encoder)
        wall, peak, _, cpu = run_check(command + ["check", "--no-cache", "--format", "jsonl", *jobs, str(folder)])
        peer_wall, peer_peak, _, peer_cpu = run_check([sys.executable, __file__, "--peer", str(folder)])
        rows.append((size, paragraphs, total_bytes, floor_s, wall, peak, cpu, peer_cpu, peer_peak))
        print(f"  {name} {size:,} documents: floor {floor_s:.1f} s, check {wall:.1f} s, peer {peer_wall:.1f} s",
              file=sys.stderr)
    return rows


def report(rows: list[tuple]) -> None:
    """One corpus's tables: wall time and throughput, then CPU seconds against the peer."""
    header = ("documents", "paragraphs", "MB", "floor s", "check s", "docs/s", "MB/s", "x floor", "peak RSS MB")
    table = [header]
    for size, paragraphs, total_bytes, floor_s, wall, peak, *_ in rows:
        mb = total_bytes / 1e6
        table.append((f"{size:,}", f"{paragraphs:,}", f"{mb:.0f}", f"{floor_s:.2f}", f"{wall:.2f}",
                      f"{size / wall:,.0f}", f"{mb / wall:.1f}", f"{wall / floor_s:.1f}", f"{peak / 1e6:,.0f}"))
    print_table(table)
    # CPU seconds, not wall: newslint runs on every core, the peer on one.
    print("CPU seconds, same documents, same run: newslint check (whole default pack) against the peer, "
          "datasketch MinHash.bulk + MinHashLSH(0.8) paragraph dedup alone")
    table = [("documents", "tool", "CPU s", "x floor", "peak RSS MB")]
    for size, _, _, floor_s, _, peak, cpu, peer_cpu, peer_peak in rows:
        table.append((f"{size:,}", "newslint check", f"{cpu:.2f}", f"{cpu / floor_s:.1f}", f"{peak / 1e6:,.0f}"))
        table.append((f"{size:,}", "datasketch paragraph dedup", f"{peer_cpu:.2f}", f"{peer_cpu / floor_s:.1f}",
                      f"{peer_peak / 1e6:,.0f}"))
        table.append((f"{size:,}", "newslint / peer", f"{cpu / peer_cpu:.2f}", "", ""))
    print_table(table)
    if len(rows) >= 2:
        (small_n, *_, small_wall, _, _, _, _), (big_n, *_, big_wall, _, _, _, _) = rows[-2], rows[-1]
        change = (big_n / big_wall) / (small_n / small_wall) - 1
        print(f"scaling: docs/s at {big_n:,} is {change:+.0%} of docs/s at {small_n:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--dir", type=Path, default=ROOT / "bench" / "out", help="where the corpora are written")
    parser.add_argument("--jobs", type=int, default=0, help="newslint --jobs (0: newslint's default, all cores)")
    parser.add_argument("--corpus", choices=(*CORPORA, "both"), default="both",
                        help="which corpus to check: synthetic words, real words from the Lee news corpus, or both")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the small-file case (median reported)")
    parser.add_argument("--peer", type=Path, help=argparse.SUPPRESS)  # run the peer on this folder, nothing else
    options = parser.parse_args()
    if options.peer:
        peer_dedup(options.peer)
        return

    command = newslint_command()
    jobs = ["--jobs", str(options.jobs)] if options.jobs else []
    print(f"newslint check --no-cache --format jsonl{' ' + ' '.join(jobs) if jobs else ''}, default rule pack; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    names = list(CORPORA) if options.corpus == "both" else [options.corpus]
    for name in names:
        rows = measure(name, options.sizes, options.dir, command, jobs)
        print(f"{name} corpus: {CORPORA[name][1]}")
        report(rows)

    # Re-running on an unchanged archive: every file's results come from the cache.
    size = 10_000 if 10_000 in options.sizes else min(options.sizes)
    with tempfile.TemporaryDirectory(prefix="newslint-bench-cache-") as cache_dir:
        folder = CORPORA[names[0]][0](size, options.dir)
        args = ["check", "--format", "jsonl", "--cache-dir", cache_dir, *jobs, str(folder)]
        cold, _, _, _ = run_check(command + args)
        warm, warm_peak, _, _ = run_check(command + args)
    print(f"cache at {size:,} documents of the {names[0]} corpus: first run {cold:.2f} s (writing it), unchanged re-run {warm:.2f} s "
          f"({size / warm:,.0f} docs/s, peak RSS {warm_peak / 1e6:,.0f} MB)")

    times, cpus = [], []
    for _ in range(options.repeat):  # no memory sampling here: a thread polling /proc slows a short run
        cpu_before = children_cpu()
        started = time.perf_counter()
        subprocess.run(command + ["check", "--no-cache", str(SMALL_FILE)], stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
        cpus.append(children_cpu() - cpu_before)
    print(f"one small file ({SMALL_FILE.relative_to(ROOT)}), start-up included: "
          f"median {statistics.median(times):.3f} s, best {min(times):.3f} s of {options.repeat}; "
          f"CPU median {statistics.median(cpus):.3f} s")


def print_table(table: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
