"""The archive index: near-duplicate signatures of everything already published.

`open_archive(location)` gives the embedded SQLite index for a file path and the
shared Redis index for `redis://HOST:PORT/DB[?name=NAME]`. Both offer the same
methods (see `Archive`) and behave the same; tests/test_archive.py runs one suite
against both.
"""

from __future__ import annotations

from typing import Iterable, Protocol, Sequence

import numpy as np

from newslint.archive.model import AddSummary, Entry, Hit, SketchParams, Stats, document_id, entry, word_count

__all__ = ["Archive", "AddSummary", "Entry", "Hit", "SketchParams", "Stats", "document_id", "entry", "open_archive", "is_redis", "word_count"]

REDIS_SCHEMES = ("redis://", "rediss://")


class Archive(Protocol):
    backend: str
    location: str
    params: SketchParams

    def add(self, entries: Sequence[Entry]) -> AddSummary: ...
    def remove(self, names: Iterable[str]) -> list[str]: ...
    def documents(self) -> list[str]: ...
    def stats(self) -> Stats: ...
    def vacuum(self) -> str: ...
    def near_documents(self, signatures: np.ndarray, threshold: float) -> list[list[Hit]]: ...
    def near_paragraphs(self, signatures: np.ndarray, threshold: float) -> list[list[Hit]]: ...
    def close(self) -> None: ...


def is_redis(location: str) -> bool:
    return location.startswith(REDIS_SCHEMES)


def open_archive(location: str, *, create: bool = False) -> Archive:
    """Open the index at `location`; `create` makes it when missing (only `index add` does)."""
    if is_redis(location):
        from newslint.archive.redis_store import RedisArchive

        return RedisArchive(location, create=create)
    from newslint.archive.sqlite_store import SqliteArchive

    return SqliteArchive(location, create=create)
