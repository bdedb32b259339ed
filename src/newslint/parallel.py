"""The per-document stage over files: in this process or a pool of `jobs` processes, cache-aware.

Results come back in the order of the paths whatever the number of processes, so the
report is the same, byte for byte, with `--jobs 1` and `--jobs 8`.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Sequence

from newslint import document, linter
from newslint.cache import Cache
from newslint.errors import UserError
from newslint.kinds import KINDS
from newslint.rules import Rule

# Below this many files per extra process, starting the pool costs more than it saves.
MIN_FILES_PER_WORKER = 32
MAX_CHUNK = 64

_worker_rules: Sequence[Rule] = ()
_worker_cache: Cache | None = None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_files(paths: list[str], rules: Sequence[Rule], jobs: int, cache_dir: Path | None) -> list[linter.FileResult]:
    cache = Cache(cache_dir, list(rules)) if cache_dir is not None else None
    workers = min(jobs, len(paths) // MIN_FILES_PER_WORKER)
    if workers <= 1:
        return [check_file(path, rules, cache) for path in paths]
    # fork starts workers without re-importing newslint; elsewhere the default method works too.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(MAX_CHUNK, len(paths) // (workers * 8)))
    with context.Pool(workers, initializer=_start_worker, initargs=(rules, cache)) as pool:
        return list(pool.imap(_check_in_worker, paths, chunksize=chunk))


def _start_worker(rules: Sequence[Rule], cache: Cache | None) -> None:
    global _worker_rules, _worker_cache
    _worker_rules, _worker_cache = rules, cache


def _check_in_worker(path: str) -> linter.FileResult:
    return check_file(path, _worker_rules, _worker_cache)


def check_file(path: str, rules: Sequence[Rule], cache: Cache | None) -> linter.FileResult:
    """One file's findings and summaries, from the cache when its entry is there."""
    try:
        data = document.load(path)
        if cache is None:
            return linter.check_document(document.from_bytes(data, path), rules)
        key = cache.key(path, data)
        cached = cache.load(key)
        if cached is None:
            result = linter.check_document(document.from_bytes(data, path), rules)
            cache.store(key, result.findings, result.summaries)
            return result
        findings, summaries = cached
        missing = [r for r in rules if KINDS[r.kind].SCOPE == "corpus" and r.id not in summaries]
        if missing:  # a kind whose summary the cache cannot hold: read the document again
            doc = document.from_bytes(data, path)
            summaries.update({rule.id: linter.summarize(doc, rule) for rule in missing})
        return linter.FileResult(path, findings, summaries)
    except UserError as err:
        return linter.FileResult(path, error=str(err))
