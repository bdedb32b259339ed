"""Archive index benchmark: add N synthetic articles, then query new ones, on both backends.

Prints, per backend: adds/s (parse + sketch + store, and store alone), the index's
size (file on disk; Redis memory, measured on a private redis-server), query latency
(median and p99, one document per query, sketch included) and recall on re-spun
copies / false hits on fresh articles. For SQLite it also times the two ways to get
a datasketch MinHashLSH over the archive: rebuilding it from the stored signatures
and unpickling a saved one, and the per-query latency of each query strategy.
It asserts nothing.

Articles are synthetic: Zipf-distributed words from a fixed random vocabulary,
6-14 paragraphs of 20-60 words, deterministic per article number. Half the
queries re-spin an indexed article (one word in twenty replaced), half are new.

Usage:
    python bench/index.py [--docs 100000] [--queries 1000] [--backends sqlite,redis]
                          [--paragraph-queries 20] [--redis-url redis://HOST:PORT/DB]
                          [--redis-documents-only]
Without --redis-url a private redis-server is started on a free loopback port
(and stopped); an existing server's database is flushed, so name a spare one.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newslint import archive, document, sketch  # noqa: E402
from newslint.archive import sqlite_store  # noqa: E402

BATCH = 1000
VOCABULARY = 30_000
CPU_NOTE = ""
RESPIN = 0.05  # share of words a re-spin replaces: Jaccard of word 3-shingles about 0.75


class Articles:
    """Deterministic synthetic articles: article i is always the same text."""

    def __init__(self, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
        self.words = np.array(["".join(rng.choice(letters, rng.integers(2, 10))) for _ in range(VOCABULARY)])
        weights = 1 / np.arange(1, VOCABULARY + 1)
        self.cdf = np.cumsum(weights) / weights.sum()
        self.seed = seed

    def _draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.cdf, rng.random(size)), VOCABULARY - 1)

    def text(self, number: int, respin: bool = False) -> str:
        rng = np.random.default_rng([self.seed, number])
        paragraphs = []
        for _ in range(rng.integers(6, 15)):
            picks = self._draw(rng, int(rng.integers(20, 61)))
            paragraphs.append(picks)
        if respin:
            change = np.random.default_rng([self.seed, number, 1])
            for picks in paragraphs:
                swap = change.random(len(picks)) < RESPIN
                picks[swap] = self._draw(change, int(swap.sum()))
        return "\n\n".join(" ".join(self.words[picks]).capitalize() + "." for picks in paragraphs) + "\n"


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def start_redis(workdir: str) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server not found: apt-get install -y redis-server, or pass --redis-url")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    return server, f"redis://127.0.0.1:{port}/0"


def add_all(index, articles: Articles, count: int, with_paragraphs: bool = True) -> tuple[float, float, int]:
    """(seconds parsing and sketching, seconds storing, paragraphs) for `count` articles.

    Also prints the same rates per second of this process's CPU time: on a shared
    machine the wall-clock rates mostly measure the neighbours.
    """
    sketching = storing = 0.0
    cpu_sketching = cpu_storing = 0.0
    paragraphs = 0
    for start in range(0, count, BATCH):
        texts = [(articles.text(n), f"archive/{n:06}.txt") for n in range(start, min(count, start + BATCH))]
        t0, c0 = time.perf_counter(), time.process_time()
        docs = [document.parse(text, path) for text, path in texts]
        entries = [archive.entry(doc, index.params) for doc in docs]
        if not with_paragraphs:
            entries = [replace(e, paragraphs=()) for e in entries]
        t1, c1 = time.perf_counter(), time.process_time()
        index.add(entries)
        t2, c2 = time.perf_counter(), time.process_time()
        sketching += t1 - t0
        storing += t2 - t1
        cpu_sketching += c1 - c0
        cpu_storing += c2 - c1
        paragraphs += sum(len(e.paragraphs) for e in entries)
    global CPU_NOTE
    CPU_NOTE = (f"  per CPU-second of this process: {count / (cpu_sketching + cpu_storing):.0f} docs/s end to end "
                f"(parse+sketch {count / cpu_sketching:.0f}/s, store {count / max(cpu_storing, 1e-9):.0f}/s); "
                f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return sketching, storing, paragraphs


def query_all(index, articles: Articles, count: int, queries: int, threshold: float = 0.5):
    """Per-query latency (parse + sketch + lookup), recall on re-spins, false hits on new articles."""
    latencies, found, false_hits = [], 0, 0
    for q in range(queries):
        respin = q % 2 == 0
        number = (q * 7919) % count if respin else count + q
        text = articles.text(number, respin=respin)
        t0 = time.perf_counter()
        doc = document.parse(text, f"today/{q}.txt")
        entry = archive.entry(doc, index.params)
        hits = index.near_documents(np.array([entry.signature]), threshold)[0]
        latencies.append(time.perf_counter() - t0)
        if respin:
            found += any(h.doc_id == f"archive/{number:06}.txt" for h in hits)
        else:
            false_hits += bool(hits)
    return latencies, found / max(1, (queries + 1) // 2), false_hits


def paragraph_queries(index, articles: Articles, count: int, queries: int) -> list[float]:
    latencies = []
    for q in range(queries):
        doc = document.parse(articles.text((q * 104729) % count, respin=True), f"today/p{q}.txt")
        signatures = sketch.block_signatures(doc, index.params.shingle)
        t0 = time.perf_counter()
        index.near_paragraphs(signatures, 0.8)
        latencies.append(time.perf_counter() - t0)
    return latencies


def report_latency(label: str, latencies: list[float]) -> None:
    print(f"  {label}: median {ms(statistics.median(latencies))}, p99 {ms(percentile(latencies, 99))}")


def bench_sqlite(articles: Articles, args, workdir: str) -> None:
    path = os.path.join(workdir, "archive.db")
    index = archive.open_archive(path, create=True)
    sketching, storing, paragraphs = add_all(index, articles, args.docs)
    print(f"sqlite ({args.docs} documents, {paragraphs} paragraphs)")
    print(f"  adds: {args.docs / (sketching + storing):.0f} docs/s end to end "
          f"(parse+sketch {args.docs / sketching:.0f}/s, store {args.docs / storing:.0f}/s)")
    print(CPU_NOTE)
    index.close()
    print(f"  size on disk: {os.path.getsize(path) / 1e6:.1f} MB (+ WAL {os.path.getsize(path + '-wal') / 1e6 if os.path.exists(path + '-wal') else 0:.1f} MB)")

    t0 = time.perf_counter()
    index = archive.open_archive(path)
    latencies, recall, false_hits = query_all(index, articles, args.docs, args.queries)
    cold = time.perf_counter() - t0
    print(f"  first query after open (loads the signature matrix): {ms(latencies[0])}")
    report_latency("query, direct comparison (what `check` does for a few documents)", latencies[1:])
    print(f"  recall on re-spins {recall:.1%}, new articles with a false hit: {false_hits}; {args.queries} queries in {cold:.1f} s")

    t0 = time.perf_counter()
    lsh, _ = index.lsh("documents")
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    blob = pickle.dumps(lsh, protocol=pickle.HIGHEST_PROTOCOL)
    dump = time.perf_counter() - t0
    t0 = time.perf_counter()
    pickle.loads(blob)
    load = time.perf_counter() - t0
    print(f"  MinHashLSH over the archive: rebuild from signatures {build:.1f} s; pickled {len(blob) / 1e6:.0f} MB, "
          f"dump {dump:.1f} s, load {load:.1f} s")
    index.direct_comparisons = 0  # force the LSH path, as a check of many documents takes
    latencies, recall, false_hits = query_all(index, articles, args.docs, args.queries)
    report_latency("query via the built LSH (what `check` does for many documents)", latencies)
    print(f"  recall on re-spins {recall:.1%}, new articles with a false hit: {false_hits}")
    index.direct_comparisons = sqlite_store.DIRECT_COMPARISONS
    if args.paragraph_queries:
        report_latency(f"paragraph lookup per document, direct ({args.paragraph_queries} documents)",
                       paragraph_queries(index, articles, args.docs, args.paragraph_queries))
    index.close()


def bench_redis(articles: Articles, args, workdir: str) -> None:
    import redis

    server = None
    url = args.redis_url
    if url is None:
        server, url = start_redis(workdir)
    try:
        client = redis.Redis.from_url(url)
        client.flushdb()
        before = int(client.info("memory")["used_memory"])
        index = archive.open_archive(url, create=True)
        sketching, storing, paragraphs = add_all(index, articles, args.docs, with_paragraphs=not args.redis_documents_only)
        used = int(client.info("memory")["used_memory"]) - before
        if args.redis_documents_only:
            paragraphs = 0
        print(f"redis ({args.docs} documents, {paragraphs} paragraphs{' (--redis-documents-only)' if args.redis_documents_only else ''})")
        print(f"  adds: {args.docs / (sketching + storing):.0f} docs/s end to end "
              f"(parse+sketch {args.docs / sketching:.0f}/s, store {args.docs / storing:.0f}/s)")
        print(CPU_NOTE)
        raw = args.docs * 4 * index.params.num_perm + paragraphs * 4 * index.params.num_perm
        print(f"  memory in Redis: {used / 1e6:.0f} MB for {raw / 1e6:.0f} MB of signatures ({used / raw:.1f}x); "
              f"{client.dbsize()} keys")
        latencies, recall, false_hits = query_all(index, articles, args.docs, args.queries)
        report_latency("query (LSH in Redis, one round trip per band)", latencies)
        print(f"  recall on re-spins {recall:.1%}, new articles with a false hit: {false_hits}")
        if args.paragraph_queries and not args.redis_documents_only:
            report_latency(f"paragraph lookup per document ({args.paragraph_queries} documents)",
                           paragraph_queries(index, articles, args.docs, args.paragraph_queries))
        t0 = time.perf_counter()
        removed = index.remove([f"archive/{n:06}.txt" for n in range(min(1000, args.docs))])
        print(f"  remove {len(removed)} documents: {time.perf_counter() - t0:.1f} s")
        index.close()
        if server is None:
            client.flushdb(asynchronous=True)  # a private server is simply stopped
    finally:
        if server is not None:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--paragraph-queries", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,redis")
    parser.add_argument("--redis-url")
    parser.add_argument("--redis-documents-only", action="store_true",
                        help="index no paragraphs on Redis (at 100,000 documents they need ~12 GB of Redis memory)")
    args = parser.parse_args()
    articles = Articles()
    with tempfile.TemporaryDirectory(prefix="newslint-bench-") as workdir:
        for backend in args.backends.split(","):
            {"sqlite": bench_sqlite, "redis": bench_redis}[backend](articles, args, workdir)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
