"""`check --scheduler ADDRESS`: the per-document and corpus stages on a Dask cluster.

The client lists the files (names and sizes, never their text) and cuts them into parts: a
batch of files, or a line-aligned byte range of a .jsonl corpus. Each part is one task that
reads its bytes on a worker and runs the same per-document stage as a local run
(`parallel.check_file`, `linter.check_document`, archive kinds against the index opened on
the worker). A part's result stays on its worker; the client fetches only its Facts: the
findings, the suppression markers of documents that have some, and counts.

The corpus stage runs each corpus rule on the workers too. A kind whose pairs come from
MinHash signatures (`pair_query`) has them found as `sketch.similar_pairs` would: the band
keys of every usable signature are shuffled into groups (a group-by on band keys), the
documents that share a key in a group become candidate pairs, and each pair is confirmed by
its signatures' agreement where those signatures live. One task then hands the confirmed
pairs, with the summaries less their signatures, to the kind's own `check_corpus`. Any other
corpus kind gets its summaries, gathered on one worker, as in a local run. Either way the
report is the one a local run prints, byte for byte, whatever the number of workers or parts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import operator
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

import numpy as np

from newslint import discover, jsonl, linter, parallel, sketch
from newslint.errors import SkippedFile, UserError
from newslint.findings import Finding, Record, Report, sort_findings
from newslint.kinds import KINDS
from newslint.regexes import PatternTimeout
from newslint.rules import Rule
from newslint.safe_text import printable

if TYPE_CHECKING:
    from newslint.config import Config

LOCAL = "local"  # --scheduler local: a LocalCluster of --jobs worker processes on this machine
FILES_PER_PART = 64
PARTITION_BYTES = 8 << 20  # of a .jsonl corpus per part
CONNECT_SECONDS = 5  # an unreachable scheduler is reported after this long (and the start-up before it)
GROUPS_PER_WORKER = 2  # band-key groups of the corpus stage
ROW_BITS = 32  # a document's id in the corpus stage: part index << ROW_BITS | row in the part
INSTALL = "--scheduler needs the dask extra; install it: pip install 'newslint[dask]'"


def is_url(path: str) -> bool:
    return "://" in path


# --- parts: what one task reads -------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """Files checked one at a time, or (when `end` is set) the lines of one .jsonl corpus
    that begin in the byte range [start, end)."""

    paths: tuple[str, ...]
    start: int = 0
    end: int | None = None
    # The client's working directory: paths are named as the user named them, and read from
    # there (on a cluster of other machines, the same directory must be mounted at the same place).
    root: str = ""

    @property
    def is_range(self) -> bool:
        return self.end is not None


def plan(paths: Sequence[str], partition_bytes: int | None = None) -> list[Part]:
    """The parts of `paths`, in path order; a .jsonl corpus is split by its size (a stat, not a read)."""
    partition_bytes = partition_bytes or PARTITION_BYTES
    root = os.getcwd()
    parts: list[Part] = []
    batch: list[str] = []
    for path in paths:
        size = _size(path) if jsonl.is_corpus(path) else None
        if size is None:
            batch.append(path)
            if len(batch) == FILES_PER_PART:
                parts.append(Part(tuple(batch), root=root))
                batch = []
            continue
        if batch:
            parts.append(Part(tuple(batch), root=root))
            batch = []
        for start in range(0, max(size, 1), partition_bytes):
            parts.append(Part((path,), start, min(start + partition_bytes, size), root))
    if batch:
        parts.append(Part(tuple(batch), root=root))
    return parts


def _size(path: str) -> int | None:
    """A corpus's size; None when it cannot be had (the worker that reads it reports why)."""
    try:
        if is_url(path):
            import fsspec

            fs, inner = fsspec.core.url_to_fs(path)
            return int(fs.size(inner))
        return os.path.getsize(path)
    except Exception:  # any failure to stat: the whole-file read names it exactly
        return None


def units(part: Part) -> int:
    """What a part adds to the progress bar: its files, or 1 for a corpus range."""
    return 1 if part.is_range else len(part.paths)


# --- the per-document stage, on a worker ------------------------------------------------------


@dataclass(frozen=True)
class FileFacts:
    path: str
    documents: int = 0
    error: str | None = None
    note: str | None = None


@dataclass
class Facts:
    """What the client fetches of a part: small, and proportional to its findings."""

    files: list[FileFacts]
    findings: list[Finding]  # per-document findings, in document order
    archive: dict[str, list[Finding]]  # archive rule id -> findings, in document order
    markers: dict[str, tuple]  # path -> suppression markers, for documents that have some
    stopped: list[tuple[str, str]]  # (rule id, message) of each document a user rule was stopped on, in document order
    usable: dict[str, int]  # corpus rule id -> documents whose signature takes part in pair search
    lines: int = 0  # a corpus range: the lines it holds, to number the records of the next one
    broken: bool = False  # a corpus range that cannot be read alone: the whole file is read again
    documents: int = 0  # the part's own documents (a range's file is counted once, on its first range)


@dataclass
class PartResult:
    """A part's results, kept on the worker that made them."""

    facts: Facts
    summaries: dict[str, list]  # corpus rule id -> the kind's summaries, in document order
    records: dict[str, Record]  # document path -> record, lines counted from the range's start
    ids: np.ndarray  # 64-bit hashes of a range's record ids, to find duplicates across ranges


def check_part(part: Part, rules: Sequence[Rule], reading: parallel.Reading, index: str | None) -> PartResult:
    with _in_directory(part.root):
        return _check_part(part, rules, reading, index)


_CWD_LOCK = threading.Lock()


@contextmanager
def _in_directory(root: str) -> Iterator[None]:
    """Relative paths are the client's: resolve them from its directory. The working directory
    is the process's, so a worker running several tasks at once reads files one task at a time."""
    if not root:
        yield
        return
    with _CWD_LOCK:
        before = os.getcwd()
        os.chdir(root)
        try:
            yield
        finally:
            os.chdir(before)


def _check_part(part: Part, rules: Sequence[Rule], reading: parallel.Reading, index: str | None) -> PartResult:
    if part.is_range:
        path = part.paths[0]
        data = _read_range(path, part.start, part.end)
        try:
            docs = jsonl.read(path, reading.jsonl_text_field, reading.jsonl_id_field, data=data) if data.strip() else []
        except UserError:  # also a binary file (SkippedFile): the whole file's read says it as a local run does
            return PartResult(Facts([FileFacts(path)], [], {}, {}, [], {}, data.count(b"\n"), broken=True), {}, {}, _NO_IDS)
        checked = linter.check_documents(docs, rules)
        outcomes = [parallel.Outcome(path, checked)]
        lines = data.count(b"\n")
        ids = np.array([_id_hash(doc.record.id) for doc in docs], dtype=np.uint64)
    else:
        outcomes = [(_check_url(path, rules, reading) if is_url(path) else parallel.check_file(path, rules, None, reading))
                    for path in part.paths]
        lines, ids = 0, _NO_IDS
    return _result(outcomes, rules, index, lines, ids)


_NO_IDS = np.empty(0, dtype=np.uint64)


def _result(outcomes: list[parallel.Outcome], rules: Sequence[Rule], index: str | None, lines: int, ids: np.ndarray) -> PartResult:
    checked = [c for outcome in outcomes for c in outcome.checked]
    files = [FileFacts(o.path, len(o.checked), o.error, o.note) for o in outcomes]
    archive: dict[str, list[Finding]] = {}
    if index is not None:
        opened = _archive(index)
        for rule in rules:
            if KINDS[rule.kind].SCOPE == "archive":
                docs = [c.summaries[rule.id] for c in checked if rule.id in c.summaries]  # the documents themselves
                archive[rule.id] = list(KINDS[rule.kind].check_archive(docs, rule, opened)) if docs else []
    corpus = [r for r in rules if KINDS[r.kind].SCOPE == "corpus"]
    # A document a rule was stopped on gives it no summary, as in linter.combine.
    summaries = {r.id: [c.summaries[r.id] for c in checked if r.id in c.summaries] for r in corpus}
    usable = {}
    for rule in corpus:
        query = _pair_query(rule)
        if query is not None:
            usable[rule.id] = sum(1 for s in summaries[rule.id] if query.usable is None or getattr(s, query.usable))
    facts = Facts(
        files,
        [finding for c in checked for finding in c.findings],
        archive,
        {c.path: c.markers for c in checked if c.markers},
        [stop for c in checked for stop in c.stopped],
        usable,
        lines,
    )
    facts.documents = len(checked)
    records = {c.path: c.record for c in checked if c.record is not None}
    return PartResult(facts, summaries, records, ids)


def _id_hash(record_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _read_range(path: str, start: int, end: int | None) -> bytes:
    """The lines whose first byte lies in [start, end): a line begun before `start` belongs to
    the range before, a line begun before `end` is read to its end."""
    with _open(path) as handle:
        if start > 0:
            handle.seek(start - 1)
            if handle.read(1) != b"\n":
                handle.readline()
        begin = handle.tell()
        if end is None or begin >= end:
            return b"" if end is not None else handle.read()
        data = handle.read(end - begin)
        if data and not data.endswith(b"\n"):
            data += handle.readline()
        return data


def _open(path: str):
    if is_url(path):
        import fsspec

        return fsspec.open(path, "rb").open()
    return open(path, "rb")


def _check_url(url: str, rules: Sequence[Rule], reading: parallel.Reading) -> parallel.Outcome:
    """`parallel.check_file` for a file named by an fsspec URL (no cache, no windows)."""
    try:
        try:
            with _open(url) as handle:
                data = handle.read()
        except Exception as err:  # fsspec's backends raise their own errors
            raise UserError(f"cannot read: {printable(str(err))}", url) from None
        return parallel.Outcome(url, linter.check_documents(parallel.documents(url, data, reading), rules))
    except SkippedFile as note:
        return parallel.Outcome(url, note=str(note))
    except UserError as err:
        return parallel.Outcome(url, error=str(err))


_ARCHIVES: dict[str, Any] = {}  # location -> the index this worker process opened


def _archive(location: str):
    if location not in _ARCHIVES:
        from newslint import archive

        _ARCHIVES[location] = archive.open_archive(location)
    return _ARCHIVES[location]


def _facts(result: PartResult) -> Facts:
    return result.facts


def _has_duplicates(*ids: np.ndarray) -> bool:
    joined = np.concatenate(ids) if ids else _NO_IDS
    return len(np.unique(joined)) < len(joined)


def _records(result: PartResult, wanted: frozenset[str], first_line: int) -> dict[str, Record]:
    return {path: Record(record.id, record.line + first_line - 1)
            for path, record in result.records.items() if path in wanted}


# --- the corpus stage, on the workers ---------------------------------------------------------


def _pair_query(rule: Rule) -> sketch.PairQuery | None:
    kind = KINDS[rule.kind]
    return kind.pair_query(rule) if hasattr(kind, "pair_query") else None


def _table(result: PartResult, rule: Rule) -> tuple[list[str], np.ndarray]:
    """The paths and signature rows of a part's documents that take part in the rule's pair search."""
    query = _pair_query(rule)
    chosen = [s for s in result.summaries[rule.id] if query.usable is None or getattr(s, query.usable)]
    rows = np.array([s.signature for s in chosen], dtype=np.uint32).reshape(len(chosen), sketch.NUM_PERM)
    return [s.path for s in chosen], rows


def _band_pieces(table: tuple[list[str], np.ndarray], part: int, bands: list[tuple[int, int]], groups: int) -> list[np.ndarray]:
    """(band, key, document id) of every band of the part's rows, split into `groups` by key."""
    _paths, rows = table
    keys = sketch.band_keys(rows, bands)  # rows x bands
    ids = (np.int64(part) << ROW_BITS) | np.arange(len(rows), dtype=np.int64)
    band = np.broadcast_to(np.arange(len(bands), dtype=np.uint64), keys.shape).ravel()
    flat = np.column_stack([band, keys.ravel(), np.repeat(ids, len(bands)).astype(np.uint64)])
    group = (keys.ravel() ^ (band * np.uint64(0x9E3779B97F4A7C15))) % np.uint64(groups)
    return [flat[group == g] for g in range(groups)]


def _candidate_pieces(groups: int, per_bucket: int | None, *pieces: np.ndarray) -> list[np.ndarray]:
    """Pairs (a < b) of documents sharing a band key, split by the group of a's part."""
    joined = np.concatenate(pieces) if pieces else np.empty((0, 3), dtype=np.uint64)
    found = []
    for band in np.unique(joined[:, 0]):
        chosen = joined[joined[:, 0] == band]
        found.append(sketch.shared_key_pairs(chosen[:, 1], chosen[:, 2].astype(np.int64), per_bucket))
    pairs = _unique_rows([np.column_stack(pair) for pair in found if len(pair[0])])
    owner = (pairs[:, 0] >> ROW_BITS) % groups
    return [pairs[owner == g] for g in range(groups)]


def _unique_rows(arrays: list[np.ndarray]) -> np.ndarray:
    if not arrays:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(arrays), axis=0)


def _looked_up(ids: np.ndarray, tables: dict[int, tuple[list[str], np.ndarray]]) -> tuple[list[str], np.ndarray]:
    """The path and signature row of each document id ((part << ROW_BITS) | row) in `tables`."""
    parts, rows = ids >> ROW_BITS, ids & ((1 << ROW_BITS) - 1)
    signatures = np.empty((len(ids), sketch.NUM_PERM), dtype=np.uint32)
    paths: list[str] = [""] * len(ids)
    for part in np.unique(parts).tolist():
        at = np.flatnonzero(parts == part)
        table_paths, table_rows = tables[part]
        signatures[at] = table_rows[rows[at]]
        for position, row in zip(at.tolist(), rows[at].tolist()):
            paths[position] = table_paths[row]
    return paths, signatures


def _attach(groups: int, group: int, tables: dict[int, tuple[list[str], np.ndarray]], *pieces: np.ndarray) -> list[tuple]:
    """Each candidate pair with a's path and signature row, split by the group of b's part."""
    pairs = _unique_rows([p for p in pieces if len(p)])  # a pair found in several bands once
    paths, signatures = _looked_up(pairs[:, 0], tables)
    owner = (pairs[:, 1] >> ROW_BITS) % groups
    out = []
    for g in range(groups):
        at = np.flatnonzero(owner == g)
        out.append((pairs[at, 1], [paths[i] for i in at.tolist()], signatures[at]))
    return out


def _confirm(threshold: float, tables: dict[int, tuple[list[str], np.ndarray]], *pieces: tuple) -> list[tuple[str, str, float]]:
    """(path, path, similarity) of each candidate whose signatures agree as `sketch.similar_pairs` asks."""
    confirmed = []
    for b_ids, a_paths, a_rows in pieces:
        if not len(b_ids):
            continue
        b_paths, b_rows = _looked_up(b_ids, tables)
        counts = np.count_nonzero(a_rows == b_rows, axis=1)  # as sketch.agreements counts
        similar = counts / sketch.NUM_PERM >= threshold
        for i, similarity in zip(np.flatnonzero(similar).tolist(), (counts[similar] / sketch.NUM_PERM).tolist()):
            confirmed.append((a_paths[i], b_paths[i], similarity))
    return confirmed


def _direct(threshold: float, *tables: tuple[list[str], np.ndarray]) -> list[tuple[str, str, float]]:
    """Few usable documents: `sketch.similar_pairs` on all of them in one task, as a local run."""
    paths = [p for table in tables for p in table[0]]
    if len(paths) < 2:
        return []
    rows = np.concatenate([table[1] for table in tables])
    order = sorted(range(len(paths)), key=paths.__getitem__)
    return [(paths[order[i]], paths[order[j]], s) for i, j, s in sketch.similar_pairs(rows[order], threshold)]


def _without_signatures(result: PartResult, rule_id: str) -> list:
    return [dataclasses.replace(s, signature=None) for s in result.summaries[rule_id]]


def _summaries(result: PartResult, rule_id: str) -> list:
    return result.summaries[rule_id]


def _finish(rule: Rule, pair_lists: list[list[tuple[str, str, float]]] | None, *summary_lists: list) -> tuple[list[Finding], str | None]:
    """The kind's own check_corpus over every summary, with the pairs found on the workers."""
    summaries = [s for chunk in summary_lists for s in chunk]
    pairs = None
    if pair_lists is not None:
        position = {s.path: i for i, s in enumerate(sorted(summaries, key=lambda s: s.path))}
        pairs = sorted((*sorted((position[a], position[b])), similarity) for chunk in pair_lists for a, b, similarity in chunk)
    try:
        kind = KINDS[rule.kind]
        found = kind.check_corpus(summaries, rule) if pairs is None else kind.check_corpus(summaries, rule, pairs)
        return list(found), None
    except PatternTimeout as err:
        return [], linter.stopped_message(rule, "the checked files", err)


# --- the client -------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What `pipeline.run` needs of a cluster run: everything but the text."""

    report: Report  # as linter.combine gives it
    files: list[str]
    errors: list[str]
    notes: list[str]
    markers: dict[str, tuple]
    records: list[Any] = field(default_factory=list)  # objects with .path and .record, for jsonl.attach_records


@dataclass(frozen=True)
class _Located:
    path: str
    record: Record


def connect(address: str, jobs: int):
    """A Client of the scheduler at `address` (a LocalCluster of `jobs` processes for 'local'), and the cluster to close."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError(INSTALL) from None
    if address == LOCAL:
        try:
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.CRITICAL)
        except Exception as err:  # a worker process that could not start
            raise UserError(f"cannot start a local Dask cluster ({printable(str(err))}); try --jobs 1, or run without --scheduler") from None
        return Client(cluster), cluster
    try:
        return Client(address, timeout=CONNECT_SECONDS), None
    except Exception as err:  # OSError, TimeoutError, ValueError for a malformed address
        reason = printable(str(err).splitlines()[0] if str(err) else type(err).__name__)
        raise UserError(f"cannot reach the Dask scheduler at {address} ({reason}); "
                        f"start it (dask scheduler) or pass --scheduler local") from None


def expand_urls(urls: Sequence[str], config: "Config") -> tuple[list[str], list[str]]:
    """The files under fsspec URLs (a URL of a directory gives the files `include` matches), and errors."""
    found: list[str] = []
    errors: list[str] = []
    for url in urls:
        try:
            import fsspec

            fs, inner = fsspec.core.url_to_fs(url)
            if fs.isdir(inner):
                include = discover.glob_spec(config.include)
                exclude = discover.glob_spec(config.excludes)
                for name in sorted(fs.find(inner)):
                    relative = name[len(inner.rstrip("/")) + 1:]
                    if include.match_file(relative) and not exclude.match_file(relative):
                        found.append(url.rstrip("/") + "/" + relative)
            elif fs.isfile(inner):
                found.append(url)
            else:
                errors.append(str(UserError("no such file or directory; check the URL", url)))
        except Exception as err:  # an unknown protocol, a missing backend package
            errors.append(str(UserError(f"cannot open this URL ({printable(str(err))}); install the fsspec package for its protocol", url)))
    return found, errors


def check(paths: Sequence[str], rules: Sequence[Rule], reading: parallel.Reading, index: str | None, address: str,
          jobs: int, progress: Callable[[int], None] | None = None, partition_bytes: int | None = None) -> Outcome:
    """Every stage up to `linter.combine`, on the cluster at `address`."""
    client, cluster = connect(address, jobs)
    try:
        return _check(client, list(paths), list(rules), reading, index, progress, partition_bytes)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _check(client, paths: list[str], rules: list[Rule], reading, index, progress, partition_bytes) -> Outcome:
    from distributed import as_completed

    submit = client.submit
    rules_f = client.scatter([rules], broadcast=True)[0]
    parts = plan(paths, partition_bytes)
    results = [submit(check_part, part, rules_f, reading, index, pure=False) for part in parts]
    facts: list[Facts | None] = [None] * len(parts)
    where = {}
    fetching = []
    for i, result in enumerate(results):
        future = submit(_facts, result, pure=False)
        where[future.key] = i
        fetching.append(future)
    for future, got in as_completed(fetching, with_results=True):
        facts[where[future.key]] = got
        if progress is not None:
            progress(units(parts[where[future.key]]))

    # A corpus read in ranges: any range that failed, or ids repeated across ranges, and the
    # whole file is read again on one worker, which gives the error a local run gives.
    by_file: dict[str, list[int]] = {}
    for i, part in enumerate(parts):
        if part.is_range:
            by_file.setdefault(part.paths[0], []).append(i)
    first_line: dict[int, int] = {}
    for path, indexes in by_file.items():
        again = any(facts[i].broken for i in indexes)
        if not again and len(indexes) > 1:
            again = submit(_has_duplicates, *[submit(operator.attrgetter("ids"), results[i], pure=False) for i in indexes], pure=False).result()
        if again:
            whole = submit(check_part, Part((path,), root=parts[indexes[0]].root), rules_f, reading, index, pure=False)
            results[indexes[0]], facts[indexes[0]] = whole, submit(_facts, whole, pure=False).result()
            parts[indexes[0]] = Part((path,), root=parts[indexes[0]].root)
            for i in indexes[1:]:
                results[i] = facts[i] = None
            first_line[indexes[0]] = 1
        else:
            line = 1
            for i in indexes:
                first_line[i] = line
                line += facts[i].lines
            # The file is one outcome: its documents are the ranges' documents.
            total = sum(facts[i].documents for i in indexes)
            facts[indexes[0]].files[0] = FileFacts(path, total)
            for i in indexes[1:]:
                facts[i].files = []
    kept = [i for i in range(len(parts)) if facts[i] is not None]
    file_facts = [f for i in kept for f in facts[i].files]

    files = [f.path for f in file_facts if f.error is None and f.note is None]
    errors = [f.error for f in file_facts if f.error is not None]
    notes = [f.note for f in file_facts if f.note is not None]
    documents = sum(f.documents for f in file_facts if f.error is None and f.note is None)
    # As linter.combine: a rule stopped on a document costs that document only.
    stopped = [message for i in kept for _, message in facts[i].stopped]
    live = [i for i in kept if facts[i].documents]  # parts whose documents are in the run
    findings = [f for i in kept for f in facts[i].findings]
    for rule in rules:
        if KINDS[rule.kind].SCOPE == "corpus":
            found, error = _corpus(client, rule, [results[i] for i in live], [facts[i] for i in live])
            findings.extend(found)
            if error is not None:
                stopped.append(error)
    for rule in rules:
        if KINDS[rule.kind].SCOPE == "archive" and index is not None:
            findings.extend(f for i in live for f in facts[i].archive.get(rule.id, []))
    findings = sort_findings(linter.settled(findings, rules))
    report = Report(findings=findings, files_checked=documents, errors=stopped)
    markers = {path: found for i in kept for path, found in facts[i].markers.items()}
    records = _resolve_records(client, findings, parts, results, live, first_line)
    return Outcome(report, files, errors, notes, markers, records)


def _corpus(client, rule: Rule, results: list, facts: list[Facts]) -> tuple[list[Finding], str | None]:
    submit = client.submit
    query = _pair_query(rule)
    if query is None:
        summaries = [submit(_summaries, r, rule.id, pure=False) for r in results]
        return submit(_finish, rule, None, *summaries, pure=False).result()
    tables = [submit(_table, r, rule, pure=False) for r in results]
    usable = sum(f.usable.get(rule.id, 0) for f in facts)
    if usable <= sketch.DIRECT_COMPARE_LIMIT:
        pair_lists = [submit(_direct, query.threshold, *tables, pure=False)]
    else:
        groups = max(1, GROUPS_PER_WORKER * len(client.scheduler_info(n_workers=-1)["workers"]))
        bands = sketch.lsh_bands(query.threshold)
        keyed = [submit(_band_pieces, table, part, bands, groups, pure=False) for part, table in enumerate(tables)]
        candidates = [submit(_candidate_pieces, groups, query.per_bucket, *[submit(operator.itemgetter(g), k, pure=False) for k in keyed], pure=False)
                      for g in range(groups)]
        owned = {g: {p: tables[p] for p in range(g, len(tables), groups)} for g in range(groups)}
        attached = [submit(_attach, groups, g, owned[g], *[submit(operator.itemgetter(g), c, pure=False) for c in candidates], pure=False)
                    for g in range(groups)]
        pair_lists = [submit(_confirm, query.threshold, owned[g], *[submit(operator.itemgetter(g), a, pure=False) for a in attached], pure=False)
                      for g in range(groups)]
    stripped = [submit(_without_signatures, r, rule.id, pure=False) for r in results]
    return submit(_finish, rule, pair_lists, *stripped, pure=False).result()


def _resolve_records(client, findings: list[Finding], parts: list[Part], results: list, live: list[int],
                     first_line: dict[int, int]) -> list[_Located]:
    """The records of the corpus documents that findings name, fetched from the parts that read them."""
    corpora = {path for i in live for path in parts[i].paths if jsonl.is_corpus(path)}
    if not corpora:
        return []
    wanted: dict[str, set[str]] = {}
    for finding in findings:
        for path in (finding.path, finding.related.path if finding.related else None):
            corpus = _corpus_of(path, corpora) if path else None
            if corpus is not None:
                wanted.setdefault(corpus, set()).add(path)
    asks = []
    for i in live:
        part = parts[i]
        names = [p for p in part.paths if p in wanted]
        if names:
            asks.append(client.submit(_records, results[i], frozenset().union(*(wanted[n] for n in names)), first_line.get(i, 1), pure=False))
    located = []
    for got in client.gather(asks):
        located.extend(_Located(path, record) for path, record in got.items())
    return located


def _corpus_of(path: str, corpora: set[str]) -> str | None:
    at = path.find(":")
    while at != -1:
        if path[:at] in corpora:
            return path[:at]
        at = path.find(":", at + 1)
    return None


def progress_total(paths: Sequence[str], partition_bytes: int | None = None) -> int:
    """The progress bar's length: a unit for each file, and for each range of a corpus."""
    return sum(units(part) for part in plan(paths, partition_bytes))
