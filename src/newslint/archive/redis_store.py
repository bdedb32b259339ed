"""The shared archive: one Redis database that several CI runners use at once.

The LSH is datasketch's own `MinHashLSH` on Redis storage; signatures and
metadata sit beside it in plain hashes under the same prefix. The pitfalls of
datasketch's Redis storage are handled here:

- the key prefix (`basename`) is always explicit, derived from the index name,
  so every run sees the same index (datasketch's default is a random prefix);
- inserts go through `insertion_session()`, one pipeline per batch;
- removal is batched too: datasketch removes key by key, several round trips per
  band, so we queue the same storage operations in its pipelines and flush once,
  then drop the bucket entries its tables keep after their last key is gone;
- every connection has a short timeout and no retries: an unreachable server is a
  clear error within seconds, never a hang.

Writers serialise batches with a Redis lock (redis-py's `Lock`), so two runners
updating the same document cannot interleave.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Iterable, Iterator, Sequence
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import numpy as np

from newslint import sketch
from newslint.archive import redact
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

try:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry
except ImportError:  # the optional extra is not installed
    redis = None

CONNECT_TIMEOUT_SECONDS = 2.0
SOCKET_TIMEOUT_SECONDS = 20.0
LOCK_EXPIRES_SECONDS = 600  # a writer that died frees the index after this
LOCK_WAIT_SECONDS = 120
DEFAULT_NAME = "newslint"
_PARAGRAPH_SEPARATOR = "\x00"


def paragraph_key(doc_id: str, line: int) -> bytes:
    return f"{doc_id}{_PARAGRAPH_SEPARATOR}{line}".encode()


class RedisArchive:
    backend = "redis"

    def __init__(self, url: str, *, create: bool = False) -> None:
        if redis is None:
            raise UserError("a Redis index needs the redis client: pip install 'newslint[redis]'", redact(url))
        self.params = SketchParams.current()
        self.location, self.name, self._connection = _parse(url)
        self._prefix = f"newslint:{self.name}:"
        self._r = redis.Redis(**self._connection)
        with self._errors():
            self._r.ping()
            meta = self._key("meta")
            if create:
                values = self.params.to_strings()
                if not self._r.exists(meta):
                    values.update(band_meta(self.params))
                for key, value in sorted(values.items()):
                    self._r.hsetnx(meta, key, value)
            stored = {k.decode(): v.decode() for k, v in self._r.hgetall(meta).items()}
        if not stored:
            raise UserError(
                f"no newslint index named '{self.name}' in this Redis database; "
                f"create one with: newslint index add PATHS --index {self.location}",
                self.location,
            )
        self.params.check_stored(stored, self.location)
        self.bands = bands_from(stored, self.location)
        self._lsh_cache: dict[str, object] = {}

    def _key(self, what: str) -> str:
        return self._prefix + what

    def _lsh(self, table: str):
        """datasketch's MinHashLSH on Redis; the explicit basename makes it the same index every run."""
        if table not in self._lsh_cache:
            storage = {
                "type": "redis",
                "basename": self._key(f"lsh:{table}").encode(),
                "redis": self._connection,
                # Writers hold our lock, so datasketch's buffers need no MULTI/EXEC (half the replies to parse).
                "redis_buffer": {"transaction": False},
            }
            # prepickle=False: keys are our own bytes, so nothing read back from Redis is unpickled.
            # params=(bands, rows) as stored: the tables are keyed by band, so the layout must never drift.
            self._lsh_cache[table] = sketch.make_lsh(0.5, params=self.bands[table], storage_config=storage, prepickle=False)
        return self._lsh_cache[table]

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except redis.exceptions.RedisError as err:
            raise UserError(
                f"Redis error: {err or type(err).__name__}; check that redis-server is running there "
                "and that the URL (host, port, db, password) is right",
                self.location,
            ) from None

    @contextmanager
    def _writer(self) -> Iterator[None]:
        with self._errors():
            lock = self._r.lock(self._key("lock"), timeout=LOCK_EXPIRES_SECONDS, blocking_timeout=LOCK_WAIT_SECONDS)
            if not lock.acquire():
                raise UserError(f"another writer has held the index for {LOCK_WAIT_SECONDS}s; try again", self.location)
            try:
                yield
            finally:
                try:
                    lock.release()
                except redis.exceptions.LockError:
                    pass  # expired while we worked: nothing left to release

    def close(self) -> None:
        self._r.close()

    # -- writing ---------------------------------------------------------------------------

    def add(self, entries: Sequence[Entry]) -> AddSummary:
        if not entries:
            return AddSummary()
        with self._writer():
            entries = last_per_id(entries)
            old = self._metas([e.doc_id for e in entries])
            changed = [e for e, meta in zip(entries, old) if not (meta and meta["digest"] == e.digest and meta["path"] == e.path)]
            changed_ids = {e.doc_id for e in changed}
            stale = [(e.doc_id, meta) for e, meta in zip(entries, old) if meta and e.doc_id in changed_ids]
            self._unindex(stale)
            with self._lsh("documents").insertion_session() as session:
                for e in changed:
                    session.insert(e.doc_id.encode(), sketch.lean_minhash(e.signature), check_duplication=False)
            with self._lsh("paragraphs").insertion_session() as session:
                for e in changed:
                    for p in e.paragraphs:
                        session.insert(paragraph_key(e.doc_id, p.line), sketch.lean_minhash(p.signature), check_duplication=False)
            # Metadata last: a writer that dies before this leaves the documents "new", to be added again.
            pipe = self._r.pipeline(transaction=True)
            for e in changed:
                meta = {"path": e.path, "digest": e.digest, "line": e.line, "words": e.words, "paragraphs": [p.line for p in e.paragraphs]}
                pipe.hset(self._key("docs"), e.doc_id, json.dumps(meta))
                pipe.hset(self._key("sigs"), e.doc_id, to_bytes(e.signature))
                if e.paragraphs:
                    pipe.hset(self._key("paras"), mapping={paragraph_key(e.doc_id, p.line): to_bytes(p.signature) for p in e.paragraphs})
            pipe.execute()
        return AddSummary(
            added=sum(1 for e, meta in zip(entries, old) if not meta),
            updated=len(stale),
            unchanged=len(entries) - len(changed),
        )

    def remove(self, names: Iterable[str]) -> list[str]:
        names = list(names)
        with self._writer():
            ids: set[str] = set()
            by_path: dict[str, list[str]] | None = None
            for name, meta in zip(names, self._metas(names)):
                if meta:
                    ids.add(name)
                    continue
                if by_path is None:
                    by_path = {}
                    for doc_id, raw in self._r.hscan_iter(self._key("docs")):
                        by_path.setdefault(json.loads(raw)["path"], []).append(doc_id.decode())
                if name not in by_path:
                    raise UserError(f"'{name}' is not in the index (see: newslint index stats)", self.location)
                ids.update(by_path[name])
            ordered = sorted(ids)
            self._unindex(list(zip(ordered, self._metas(ordered))))
        return ordered

    def _unindex(self, docs: list[tuple[str, dict]]) -> None:
        """Take documents out of both LSH tables, then drop their signatures and metadata."""
        if not docs:
            return
        _lsh_remove(self._lsh("documents"), [doc_id.encode() for doc_id, _ in docs])
        paragraphs = [paragraph_key(doc_id, line) for doc_id, meta in docs for line in meta["paragraphs"]]
        _lsh_remove(self._lsh("paragraphs"), paragraphs)
        pipe = self._r.pipeline(transaction=True)
        ids = [doc_id for doc_id, _ in docs]
        pipe.hdel(self._key("docs"), *ids)
        pipe.hdel(self._key("sigs"), *ids)
        if paragraphs:
            pipe.hdel(self._key("paras"), *paragraphs)
        pipe.execute()

    def vacuum(self) -> str:
        """Drop LSH keys without metadata (a writer died mid-batch) and empty bucket entries."""
        with self._writer():
            known = {k for k in self._r.hkeys(self._key("docs"))}
            orphans = {"documents": 0, "paragraphs": 0}
            pruned = 0
            for table in ("documents", "paragraphs"):
                lsh = self._lsh(table)
                keys = list(lsh.keys.keys())
                owner = (lambda k: k) if table == "documents" else (lambda k: k.split(_PARAGRAPH_SEPARATOR.encode())[0])
                lost = [k for k in keys if owner(k) not in known]
                orphans[table] = len(lost)
                _lsh_remove(lsh, lost)
                for hashtable in lsh.hashtables:
                    pruned += _prune(hashtable, list(hashtable.keys()))
        return (
            f"removed {orphans['documents']} orphaned document and {orphans['paragraphs']} orphaned paragraph "
            f"LSH keys, {pruned} empty buckets"
        )

    # -- reading ---------------------------------------------------------------------------

    def _metas(self, ids: Sequence[str]) -> list[dict | None]:
        if not ids:
            return []
        with self._errors():
            raw = self._r.hmget(self._key("docs"), list(ids))
        return [json.loads(r) if r is not None else None for r in raw]

    def documents(self) -> list[str]:
        with self._errors():
            return sorted(k.decode() for k in self._r.hkeys(self._key("docs")))

    def stats(self) -> Stats:
        with self._errors():
            documents = self._r.hlen(self._key("docs"))
            paragraphs = self._r.hlen(self._key("paras"))
            used = int(self._r.info("memory")["used_memory"])
        return Stats(self.location, self.backend, documents, paragraphs, used, "memory used by the whole Redis server", self.params)

    def near_documents(self, signatures: np.ndarray, threshold: float) -> list[list[Hit]]:
        return self._near("documents", "sigs", signatures, threshold, lambda key: key)

    def near_paragraphs(self, signatures: np.ndarray, threshold: float) -> list[list[Hit]]:
        return self._near("paragraphs", "paras", signatures, threshold, lambda key: key.split(_PARAGRAPH_SEPARATOR)[0])

    def _near(self, table: str, sig_hash: str, signatures: np.ndarray, threshold: float, owner) -> list[list[Hit]]:
        lsh = self._lsh(table)
        with self._errors():
            candidates = [sorted(k.decode() for k in lsh.query(sketch.lean_minhash(q))) for q in signatures]
            keys = sorted({k for found in candidates for k in found})
            blobs = dict(zip(keys, self._r.hmget(self._key(sig_hash), keys))) if keys else {}
        owners = sorted({owner(k) for k in keys})
        metas = dict(zip(owners, self._metas(owners)))
        results: list[list[Hit]] = []
        for query, found in zip(signatures, candidates):
            present = [k for k in found if blobs.get(k) is not None and metas.get(owner(k))]
            sims = similarities(query, from_bytes([blobs[k] for k in present], self.params.num_perm))
            hits = []
            for key, sim in zip(present, sims):
                if sim >= threshold:
                    meta = metas[owner(key)]
                    line = meta["line"] if table == "documents" else int(key.rsplit(_PARAGRAPH_SEPARATOR, 1)[1])
                    hits.append(Hit(owner(key), meta["path"], line, meta["words"], float(sim)))
            results.append(rank(hits))
        return results


def _lsh_remove(lsh, keys: list[bytes]) -> None:
    """datasketch's MinHashLSH._remove for many keys at once, through its storage pipelines."""
    if not keys:
        return
    band_hashes = lsh.keys.getmany(*keys)
    for key, hashes in zip(keys, band_hashes):
        for band_hash, hashtable in zip(hashes, lsh.hashtables):
            hashtable.remove_val(band_hash, key, buffer=True)
    lsh.keys.remove(*keys, buffer=True)
    for storage in [*lsh.hashtables, lsh.keys]:
        storage.empty_buffer()
    for band, hashtable in enumerate(lsh.hashtables):
        _prune(hashtable, sorted({hashes[band] for hashes in band_hashes if len(hashes) > band}))


def _prune(hashtable, band_hashes: list[bytes]) -> int:
    """Drop bucket entries whose last key is gone (datasketch's buffered removal leaves them)."""
    empty: list[bytes] = []
    for start in range(0, len(band_hashes), 10_000):
        chunk = band_hashes[start : start + 10_000]
        empty.extend(h for h, members in zip(chunk, hashtable.getmany(*chunk)) if not members)
    for start in range(0, len(empty), 10_000):
        hashtable.remove(*empty[start : start + 10_000])
    return len(empty)


def _parse(url: str) -> tuple[str, str, dict]:
    """(display location without password, index name, redis.Redis keyword arguments)."""
    try:
        parts = urlparse(url)
        query = parse_qs(parts.query)
        name = query.pop("name", [DEFAULT_NAME])[0]
        clean = urlunparse(parts._replace(query=urlencode({k: v[0] for k, v in query.items()})))
        kwargs = redis.connection.parse_url(clean)
        shown = parts._replace(netloc=(parts.hostname or "") + (f":{parts.port}" if parts.port else ""))
    except ValueError as err:  # redact: the message names the URL, which may hold a password
        raise UserError(f"bad Redis URL ({redact(str(err))}); use redis://HOST:PORT/DB", redact(url)) from None
    if kwargs.pop("connection_class", None) is redis.connection.SSLConnection:
        kwargs["ssl"] = True
    kwargs.setdefault("socket_connect_timeout", CONNECT_TIMEOUT_SECONDS)
    kwargs.setdefault("socket_timeout", SOCKET_TIMEOUT_SECONDS)
    kwargs["retry"] = Retry(NoBackoff(), 0)
    return redact(urlunparse(shown if parts.password or parts.username else parts)), name, kwargs
