"""Where newslint keeps what it computed once for every later run on this machine (the
compiled Hyperscan gate, the LSH bands datasketch chooses, what loading a rule pack derives
from its regexes): $NEWSLINT_GATE_CACHE, else $XDG_CACHE_HOME/newslint, else
~/.cache/newslint. Files there are written atomically and keyed by what they were computed
from; a missing, damaged or foreign one is computed again.

`read_bytes` and `write_bytes` (`read` and `write` for a JSON value) keep data in a file that
also holds a hash of it: a file cut short, overwritten with other bytes or edited by hand reads
as missing, never as data. Every cache here goes through them.
JSON, never pickle: the directory may be shared, and reading it must not be able to run code.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

# Bump when what a `read` file holds changes shape.
FORMAT = b"newslint-user-cache 1"


def directory() -> Path:
    explicit = os.environ.get("NEWSLINT_GATE_CACHE")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newslint"


def read_bytes(name: str) -> bytes | None:
    """The bytes `write_bytes(name, …)` stored, or None when there are none that are whole and intact."""
    try:
        data = (directory() / name).read_bytes()
    except OSError:
        return None
    header, newline, body = data.partition(b"\n")
    parts = header.split(b" ")
    if not newline or len(parts) != 3 or b" ".join(parts[:2]) != FORMAT or parts[2] != _digest(body):
        return None
    return body


def write_bytes(name: str, body: bytes) -> None:
    """Store bytes under `name`, atomically, with their hash; where the directory cannot be
    written, nothing happens (a read-only home: the next run computes them again)."""
    from newslint import atomic
    from newslint.errors import UserError

    try:
        folder = directory()
        folder.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(folder / name, FORMAT + b" " + _digest(body) + b"\n" + body)
    except (OSError, UserError):
        pass


def read(name: str) -> Any:
    """The JSON value `write(name, …)` stored, or None when there is none that is whole and intact."""
    body = read_bytes(name)
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:  # cannot happen with a matching digest, unless someone forged it: missing
        return None


def write(name: str, value: Any) -> None:
    """Store a JSON value under `name` (write_bytes)."""
    write_bytes(name, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=16).hexdigest().encode("ascii")
