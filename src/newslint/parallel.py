"""The per-document stage over files: in this process or on a pool of `jobs` processes, cache-aware.

Each worker reads its files itself (only names go out, only small results come back)
and results arrive in the order of the paths whatever the number of processes, so the
report is the same, byte for byte, with `--jobs 1` and `--jobs 8`.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from newslint import document, jsonl, lazy_import, linter, sketch
from newslint.cache import Cache
from newslint.errors import SkippedFile, UserError
from newslint.kinds import KINDS
from newslint.rules import Rule

# Below this many files per process, starting a pool costs more than it saves.
MIN_FILES_PER_WORKER = 32
# Documents read before they are checked together, their MinHash signatures computed in
# one numpy call (sketch.sign_together); memory holds one batch of parsed documents per process
# (2,000 bench documents on two processes: peak 235 MB with 250-document tasks, 193 MB with 100).
BATCH_DOCUMENTS = sketch.SIGN_BATCH
TASKS_PER_WORKER = 4  # a pool's batches are smaller when there are few files, so every worker gets some


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
    summaries: bool = True,
) -> list[Outcome]:
    """Every file's outcome, in the order of `paths`; `progress(n)` after each file, n its documents.
    Without `summaries` (the corpus stage will compare nothing: see cache.Cache), a file's outcome
    from the cache holds no summaries."""
    cache = Cache(cache_dir, list(rules), reading, summaries) if cache_dir is not None else None
    outcomes = []
    for outcome in _outcomes(list(paths), rules, jobs, cache, reading):
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcome.checked) or 1)
    return outcomes


def _outcomes(paths: list[str], rules: Sequence[Rule], jobs: int, cache: Cache | None, reading: Reading) -> Iterator[Outcome]:
    workers = min(jobs, len(paths) // MIN_FILES_PER_WORKER)
    if workers <= 1:
        yield from check_batch(paths, rules, cache, reading)
        return
    import multiprocessing  # here: a run of a few files starts no pool, and the import cost ~5 ms

    lazy_import.load(sketch.np)  # imported once, here, and inherited: not once in every forked worker

    # fork starts workers without importing newslint again; elsewhere the default method works too.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    # A task is a batch of files, small enough that every worker gets several.
    size = max(1, min(BATCH_DOCUMENTS, len(paths) // (workers * TASKS_PER_WORKER)))
    batches = [paths[start : start + size] for start in range(0, len(paths), size)]
    with context.Pool(workers, initializer=_start_worker, initargs=(rules, cache, reading)) as pool:
        for outcomes in pool.imap(_check_in_worker, batches):
            yield from outcomes
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


def _check_in_worker(paths: list[str]) -> list[Outcome]:
    return check_batch(paths, *_worker)


def check_file(
    path: str, rules: Sequence[Rule], cache: Cache | None, reading: Reading = Reading()
) -> Outcome:
    """One file's per-document results, from the cache when its entry is there (`check_batch`)."""
    return check_batch([path], rules, cache, reading)[0]


@dataclass(frozen=True)
class _Pending:
    """A file read and not yet checked: its place among the outcomes, its documents, its cache key."""

    position: int
    path: str
    docs: list[document.Document]
    key: str | None


def check_batch(
    paths: Sequence[str], rules: Sequence[Rule], cache: Cache | None, reading: Reading = Reading(),
    batch_documents: int | None = None,
) -> list[Outcome]:
    """Each file's per-document results, in the order of `paths`, from the cache when its entry is there.

    Files are read until about `batch_documents` (default BATCH_DOCUMENTS) documents wait,
    which are then checked with their MinHash signatures computed together
    (sketch.sign_together) and dropped: the findings are the same whatever the batch, and
    memory holds one batch. A huge file is checked alone in windows (windows.py), without
    the cache: its key would need every byte in memory at once."""
    limit = BATCH_DOCUMENTS if batch_documents is None else batch_documents
    outcomes: list[Outcome] = []
    pending: list[_Pending] = []
    waiting = 0
    for path in paths:
        outcomes.append(Outcome(path))
        try:
            if not jsonl.is_corpus(path) and document.is_huge(path) and _windows().can_window(rules):
                outcomes[-1] = Outcome(path, [_windows().check_path(path, rules, reading.encoding)])
                continue
            data, _stamp = document.load(path)
            key = cache.key(path, data) if cache is not None else None
            cached = cache.load(key) if cache is not None and key is not None else None
            if cached is not None:
                outcomes[-1] = _from_cache(path, data, cached, rules, reading, cache)
                continue
            docs = documents(path, data, reading)
        except SkippedFile as note:
            outcomes[-1] = Outcome(path, note=str(note))
            continue
        except UserError as err:
            outcomes[-1] = Outcome(path, error=str(err))
            continue
        pending.append(_Pending(len(outcomes) - 1, path, docs, key))
        waiting += len(docs)
        if waiting >= limit:
            _check_pending(pending, outcomes, rules, cache)
            pending, waiting = [], 0
    _check_pending(pending, outcomes, rules, cache)
    return outcomes


def _check_pending(pending: list[_Pending], outcomes: list[Outcome], rules: Sequence[Rule], cache: Cache | None) -> None:
    sketch.sign_together([doc for file in pending for doc in file.docs])
    pending.reverse()
    while pending:
        # Each file is let go once checked, and its documents with every cache they filled
        # (sketch, scan, sentences), so a batch holds parsed documents, not checked ones.
        file = pending.pop()
        try:
            checked = [linter.check_document(doc, rules) for doc in file.docs]
        except UserError as err:
            outcomes[file.position] = Outcome(file.path, error=str(err))
            continue
        if cache is not None and file.key is not None and not any(result.stopped for result in checked):
            cache.store(file.key, checked)  # a stopped rule's results are incomplete
        outcomes[file.position] = Outcome(file.path, checked)


def _from_cache(path: str, data: bytes, cached: list[linter.Checked], rules: Sequence[Rule], reading: Reading, cache: Cache) -> Outcome:
    corpus_rules = [r for r in rules if KINDS[r.kind].SCOPE == "corpus"] if cache.summaries else []
    if any(r.id not in result.summaries for result in cached for r in corpus_rules):
        # A kind whose summary the cache cannot hold (it takes whole documents): read again.
        for doc, result in zip(documents(path, data, reading), cached):
            result.summaries.update({r.id: linter.summarize(doc, r) for r in corpus_rules if r.id not in result.summaries})
    return Outcome(path, cached)


def documents(path: str, data: bytes, reading: Reading) -> list[document.Document]:
    if jsonl.is_corpus(path):
        return jsonl.read(path, reading.jsonl_text_field, reading.jsonl_id_field, data=data)
    return [document.from_bytes(data, path, reading.encoding)]


def _windows():
    """windows.py, imported when a huge file is met: a run of small files never needs it."""
    from newslint import windows

    return windows
