"""The per-document stage over files: in this process or on a pool of `jobs` processes, cache-aware.

Each worker reads its files itself (only names go out, only small results come back)
and results arrive in the order of the paths whatever the number of processes, so the
report is the same, byte for byte, with `--jobs 1` and `--jobs 8`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from newslint import document, jsonl, linter, windows
from newslint.cache import Cache
from newslint.errors import SkippedFile, UserError
from newslint.kinds import KINDS
from newslint.rules import Rule

# Below this many files per process, starting a pool costs more than it saves.
MIN_FILES_PER_WORKER = 32
MAX_CHUNK = 64


@dataclass(frozen=True)
class Reading:
    """How files are read: the parts of the config that change what a file's documents are."""

    jsonl_text_field: str = "text"
    jsonl_id_field: str = "id"
    encoding: str = document.DEFAULT_ENCODING


@dataclass(frozen=True)
class Outcome:
    """One file: its documents' results (several for a .jsonl corpus), or why it could not be read."""

    path: str
    checked: list[linter.Checked] = field(default_factory=list)
    error: str | None = None
    note: str | None = None  # skipped on purpose (a binary file)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_files(
    paths: Sequence[str],
    rules: Sequence[Rule],
    jobs: int = 1,
    cache_dir: Path | None = None,
    reading: Reading = Reading(),
    progress: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Every file's outcome, in the order of `paths`; `progress(n)` after each file, n its documents."""
    cache = Cache(cache_dir, list(rules), reading) if cache_dir is not None else None
    outcomes = []
    for outcome in _outcomes(list(paths), rules, jobs, cache, reading):
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcome.checked) or 1)
    return outcomes


def _outcomes(paths: list[str], rules: Sequence[Rule], jobs: int, cache: Cache | None, reading: Reading) -> Iterator[Outcome]:
    workers = min(jobs, len(paths) // MIN_FILES_PER_WORKER)
    if workers <= 1:
        yield from (check_file(path, rules, cache, reading) for path in paths)
        return
    # fork starts workers without importing newslint again; elsewhere the default method works too.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    chunk = max(1, min(MAX_CHUNK, len(paths) // (workers * 8)))
    with context.Pool(workers, initializer=_start_worker, initargs=(rules, cache, reading)) as pool:
        yield from pool.imap(_check_in_worker, paths, chunksize=chunk)
        pool.close()  # let the workers finish and exit, rather than be terminated on leaving
        pool.join()


_worker: tuple = ()


def _start_worker(rules: Sequence[Rule], cache: Cache | None, reading: Reading) -> None:
    global _worker
    # A forked worker inherits the CLI's handlers; Ctrl-C and SIGTERM are the parent's to
    # handle (it stops the pool), so a worker ignores the one and dies quietly of the other.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker = (rules, cache, reading)


def _check_in_worker(path: str) -> Outcome:
    return check_file(path, *_worker)


def check_file(
    path: str, rules: Sequence[Rule], cache: Cache | None, reading: Reading = Reading()
) -> Outcome:
    """One file's per-document results, from the cache when its entry is there.

    A huge file is checked in windows (windows.py), without the cache: its key would need
    every byte in memory at once."""
    try:
        if not jsonl.is_corpus(path) and windows.is_huge(path) and windows.can_window(rules):
            return Outcome(path, [windows.check_path(path, rules, reading.encoding)])
        data, _stamp = document.load(path)
        if cache is None:
            return Outcome(path, [linter.check_document(doc, rules) for doc in documents(path, data, reading)])
        key = cache.key(path, data)
        cached = cache.load(key)
        if cached is None:
            checked = [linter.check_document(doc, rules) for doc in documents(path, data, reading)]
            if not any(result.stopped for result in checked):  # a stopped rule's results are incomplete
                cache.store(key, checked)
            return Outcome(path, checked)
        corpus_rules = [r for r in rules if KINDS[r.kind].SCOPE == "corpus"]
        if any(r.id not in result.summaries for result in cached for r in corpus_rules):
            # A kind whose summary the cache cannot hold (it takes whole documents): read again.
            for doc, result in zip(documents(path, data, reading), cached):
                result.summaries.update({r.id: linter.summarize(doc, r) for r in corpus_rules if r.id not in result.summaries})
        return Outcome(path, cached)
    except SkippedFile as note:
        return Outcome(path, note=str(note))
    except UserError as err:
        return Outcome(path, error=str(err))


def documents(path: str, data: bytes, reading: Reading) -> list[document.Document]:
    if jsonl.is_corpus(path):
        return jsonl.read(path, reading.jsonl_text_field, reading.jsonl_id_field, data=data)
    return [document.from_bytes(data, path, reading.encoding)]
