"""The embedded archive: one SQLite file with every signature and its metadata.

Nothing to install and nothing to run. Writers take SQLite's write lock
(`BEGIN IMMEDIATE`, WAL journal) for one batch at a time, so two processes
adding at once both land, in some order, and readers never see half a batch.

Queries: a few documents are compared directly against every stored signature
(one numpy comparison per query, no start-up cost); larger batches build
datasketch's `MinHashLSH` from the stored signatures once and query it. Building
the LSH costs time and memory proportional to the archive (bench/index.py
measures both, and a pickled LSH, which loads slower than it rebuilds), so a
table too big for one (a million paragraphs) is always compared directly.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

import numpy as np

from newslint import sketch
from newslint.archive.model import (
    AddSummary,
    Entry,
    Hit,
    SketchParams,
    Stats,
    band_meta,
    bands_from,
    from_bytes,
    last_per_id,
    rank,
    similarities,
    to_bytes,
)
from newslint.errors import UserError

T = TypeVar("T")
# A key every newslint index has in `meta` (SketchParams.num_perm): what tells it from another program's table.
MARKER_KEY = "num_perm"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    digest TEXT NOT NULL,
    line INTEGER NOT NULL,
    words INTEGER NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL,
    line INTEGER NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraphs_document ON paragraphs(document);
"""
# How long a writer waits for another writer's batch before giving up.
BUSY_TIMEOUT_SECONDS = 120
# Below this many (query x stored) signature comparisons, compare directly
# rather than build an LSH: one comparison row costs ~0.1-0.4 us, a build ~160 us per stored row.
DIRECT_COMPARISONS = 30_000_000
# Never build an LSH of more (stored rows x bands) than this: each is a Python set in memory
# (100,000 documents x 37 bands take ~1.4 GB). Past it, comparisons stay direct: slow, but bounded.
MAX_LSH_ENTRIES = 5_000_000


class SqliteArchive:
    backend = "sqlite"

    def __init__(self, path: str, *, create: bool = False) -> None:
        self.location = path
        self.params = SketchParams.current()
        exists = Path(path).is_file()
        if not exists and not create:
            raise UserError("no archive index here; create one with: newslint index add PATHS --index " + path, path)
        if Path(path).is_dir():
            raise UserError("is a directory; name an index file (for example archive.db)", path)
        if create:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            stored = when_free(lambda: self._open(path, create))
        except sqlite3.DatabaseError as err:
            raise UserError(f"not a newslint index ({err}); name another file", path) from None
        self.params.check_stored(stored, path)
        self.bands = bands_from(stored, path)
        self.direct_comparisons = DIRECT_COMPARISONS
        self._matrices: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._lsh: dict[str, object] = {}

    def _open(self, path: str, create: bool) -> dict[str, str]:
        self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        _refuse_foreign(self._db, path)  # before the PRAGMA: WAL mode would stick to another program's database
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        if create:
            self._create()
        return dict(self._db.execute("SELECT key, value FROM meta"))

    def _create(self) -> None:
        with self._write():
            for statement in SCHEMA.split(";"):  # not executescript: it would commit our transaction
                if statement.strip():
                    self._db.execute(statement)
            meta = self.params.to_strings()
            if self._db.execute("SELECT count(*) FROM meta").fetchone()[0] == 0:
                meta.update(band_meta(self.params))
            self._db.executemany("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", sorted(meta.items()))

    def _write(self) -> "_Transaction":
        return _Transaction(self._db)

    def close(self) -> None:
        self._db.close()

    # -- writing ---------------------------------------------------------------------------

    def add(self, entries: Sequence[Entry]) -> AddSummary:
        added = updated = unchanged = 0
        with self._write():
            for item in last_per_id(entries):
                row = self._db.execute("SELECT id, digest, path FROM documents WHERE doc_id = ?", (item.doc_id,)).fetchone()
                if row and row[1] == item.digest and row[2] == item.path:
                    unchanged += 1
                    continue
                values = (item.path, item.digest, item.line, item.words, to_bytes(item.signature))
                if row:
                    key = row[0]
                    self._db.execute(
                        "UPDATE documents SET path = ?, digest = ?, line = ?, words = ?, signature = ? WHERE id = ?",
                        (*values, key),
                    )
                    self._db.execute("DELETE FROM paragraphs WHERE document = ?", (key,))
                    updated += 1
                else:
                    key = self._db.execute(
                        "INSERT INTO documents(doc_id, path, digest, line, words, signature) VALUES (?, ?, ?, ?, ?, ?)",
                        (item.doc_id, *values),
                    ).lastrowid
                    added += 1
                self._db.executemany(
                    "INSERT INTO paragraphs(document, line, signature) VALUES (?, ?, ?)",
                    [(key, p.line, to_bytes(p.signature)) for p in item.paragraphs],
                )
        self._forget()
        return AddSummary(added, updated, unchanged)

    def remove(self, names: Iterable[str]) -> list[str]:
        """Remove documents named by id or path; every name must be in the index."""
        with self._write():
            found: dict[int, str] = {}
            for name in names:
                rows = self._db.execute(
                    "SELECT id, doc_id FROM documents WHERE doc_id = ? OR path = ?", (name, name)
                ).fetchall()
                if not rows:
                    raise UserError(f"'{name}' is not in the index (see: newslint index stats)", self.location)
                found.update(rows)
            for key in found:
                self._db.execute("DELETE FROM paragraphs WHERE document = ?", (key,))
                self._db.execute("DELETE FROM documents WHERE id = ?", (key,))
        self._forget()
        return sorted(found.values())

    def vacuum(self) -> str:
        before = _file_size(self.location)
        self._db.execute("VACUUM")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # VACUUM writes through the WAL: fold it back
        return f"compacted {before} → {_file_size(self.location)} bytes"

    def _forget(self) -> None:
        self._matrices.clear()
        self._lsh.clear()

    # -- reading ---------------------------------------------------------------------------

    def documents(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]

    def stats(self) -> Stats:
        documents = self._db.execute("SELECT count(*) FROM documents").fetchone()[0]
        paragraphs = self._db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        size = _file_size(self.location)
        return Stats(self.location, self.backend, documents, paragraphs, size, "file on disk", self.params)

    def near_documents(self, signatures: np.ndarray, threshold: float) -> list[list[Hit]]:
        return self._near("documents", signatures, threshold)

    def near_paragraphs(self, signatures: np.ndarray, threshold: float) -> list[list[Hit]]:
        return self._near("paragraphs", signatures, threshold)

    def _near(self, table: str, signatures: np.ndarray, threshold: float) -> list[list[Hit]]:
        keys, matrix = self._matrix(table)
        matches: list[list[tuple[int, float]]] = []
        bands = self.bands[table][0]
        if len(signatures) * len(keys) <= self.direct_comparisons or len(keys) * bands > MAX_LSH_ENTRIES:
            for query in signatures:
                sims = similarities(query, matrix)
                rows = np.flatnonzero(sims >= threshold)
                matches.append([(int(keys[r]), float(sims[r])) for r in rows])
        else:
            lsh, row_of = self.lsh(table)
            for query in signatures:
                candidates = sorted(row_of[k] for k in lsh.query(sketch.lean_minhash(query)))
                sims = similarities(query, matrix[candidates])
                matches.append([(int(keys[r]), float(s)) for r, s in zip(candidates, sims) if s >= threshold])
        return self._describe(table, matches)

    def lsh(self, table: str):
        """datasketch's MinHashLSH over every stored signature of `table`, built once per open."""
        if table not in self._lsh:
            keys, matrix = self._matrix(table)
            lsh = sketch.make_lsh(0.5, params=self.bands[table])  # bands fixed when the index was made
            with lsh.insertion_session() as session:
                for key, signature in zip(keys.tolist(), matrix):
                    session.insert(key, sketch.lean_minhash(signature), check_duplication=False)
            self._lsh[table] = (lsh, {key: row for row, key in enumerate(keys.tolist())})
        return self._lsh[table]

    def _matrix(self, table: str) -> tuple[np.ndarray, np.ndarray]:
        if table not in self._matrices:
            rows = self._db.execute(f"SELECT id, signature FROM {table} ORDER BY id").fetchall()
            keys = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            self._matrices[table] = (keys, from_bytes([row[1] for row in rows], self.params.num_perm))
        return self._matrices[table]

    def _describe(self, table: str, matches: list[list[tuple[int, float]]]) -> list[list[Hit]]:
        wanted = sorted({key for found in matches for key, _ in found})
        info: dict[int, tuple[str, str, int, int]] = {}
        if table == "documents":
            sql = "SELECT id, doc_id, path, line, words FROM documents WHERE id IN ({})"
        else:
            sql = (
                "SELECT p.id, d.doc_id, d.path, p.line, d.words FROM paragraphs p "
                "JOIN documents d ON d.id = p.document WHERE p.id IN ({})"
            )
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for key, *rest in self._db.execute(sql.format(",".join("?" * len(chunk))), chunk):
                info[key] = tuple(rest)
        return [rank([Hit(*info[key], similarity=sim) for key, sim in found if key in info]) for found in matches]


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT: one writer at a time, waiting (busy timeout) rather than failing."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        try:
            when_free(lambda: self._db.execute("BEGIN IMMEDIATE"))
        except sqlite3.OperationalError as err:
            raise UserError(f"index is locked by another writer ({err}); try again") from None

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _refuse_foreign(db: sqlite3.Connection, path: str) -> None:
    """A UserError for a database that holds tables but is no newslint index.

    `index add` creates its tables in an empty database; in another program's it would add
    them beside that program's own (exit 0) and change its journal mode.
    """
    tables = sorted(name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                    if not name.startswith("sqlite_"))
    if not tables:
        return  # new or empty: ours to create
    try:
        ours = "meta" in tables and db.execute("SELECT 1 FROM meta WHERE key = ?", (MARKER_KEY,)).fetchone() is not None
    except sqlite3.DatabaseError:  # a table named meta of another shape
        ours = False
    if not ours:
        db.close()
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise UserError(f"is another program's SQLite database (tables: {shown}), not a newslint index; "
                        "name a new file for the index", path)


def when_free(action: Callable[[], T]) -> T:
    """`action()`, tried again while another process holds the database. The busy timeout covers
    most waits but not all: opening a WAL database that another process is still setting up or
    recovering fails with "database is locked" at once, without waiting (seen with two adders
    starting together on a loaded machine)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as err:
            busy = "locked" in str(err) or "busy" in str(err)
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _file_size(path: str) -> int:
    total = 0
    for suffix in ("", "-wal"):
        try:
            total += os.path.getsize(path + suffix)
        except OSError:
            pass
    return total
