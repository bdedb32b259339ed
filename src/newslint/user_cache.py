"""Where newslint keeps what it computed once for every later run on this machine (the
compiled Hyperscan gate, the LSH bands datasketch chooses): $NEWSLINT_GATE_CACHE, else
$XDG_CACHE_HOME/newslint, else ~/.cache/newslint. Files there are written atomically and
keyed by what they were computed from; a missing, damaged or foreign one is computed again."""

from __future__ import annotations

import os
from pathlib import Path


def directory() -> Path:
    explicit = os.environ.get("NEWSLINT_GATE_CACHE")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newslint"
