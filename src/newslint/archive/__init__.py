"""The archive index: near-duplicate signatures of everything already published.

`open_archive(location)` gives the embedded SQLite index for a file path and the
shared Redis index for `redis://HOST:PORT/DB[?name=NAME]`. Both offer the same
methods (see `Archive`) and behave the same; tests/test_archive.py runs one suite
against both.
"""

from __future__ import annotations

import re
from typing import Iterable, Protocol, Sequence

import numpy as np

from newslint.archive.model import AddSummary, Entry, Hit, SketchParams, Stats, document_id, entry, word_count

__all__ = ["Archive", "AddSummary", "Entry", "Hit", "SketchParams", "Stats", "document_id", "entry", "open_archive", "is_redis", "word_count"]

REDIS_SCHEMES = ("redis://", "rediss://")
# What a URL may carry a secret in: its user:password@ part, a password= query argument.
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
_PASSWORD_ARGUMENT = re.compile(r"([?&](?:password|username)=)[^&#]*", re.IGNORECASE)


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


def redact(location: str) -> str:
    """The location with any credentials written as ***, for every message that names it.

    By text, not by parsing: it must hold for a URL that does not parse (a bad port).
    """
    return _PASSWORD_ARGUMENT.sub(r"\1***", _USERINFO.sub(r"\1***@", location))


def open_archive(location: str, *, create: bool = False) -> Archive:
    """Open the index at `location`; `create` makes it when missing (only `index add` does)."""
    if is_redis(location):
        from newslint.archive.redis_store import RedisArchive

        return RedisArchive(location, create=create)
    from newslint.archive.sqlite_store import SqliteArchive

    return SqliteArchive(location, create=create)
