"""Write a file so that readers see the old or the new content, never half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from newslint.errors import UserError


def write_text(path: Path, text: str) -> None:
    """Write beside the target, flush to disk, then rename over it; any failure is a UserError.

    Missing parent directories are created (`--output reports/newslint.sarif`).
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise UserError(f"cannot write file: {err.strerror or err}", path.as_posix()) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise UserError(f"cannot write file: {err.strerror or err}", path.as_posix()) from None
