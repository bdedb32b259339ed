"""Write a file so that readers see the old or the new content, never half of it.

A temporary file beside the target, written, flushed and fsynced, then renamed over it
with os.replace; the directory is fsynced so that the rename survives a crash too.
Killed half-way, a run leaves the target as it was, plus at worst one hidden
`.NAME.*.newslint-tmp` file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from newslint.errors import UserError

TEMP_SUFFIX = ".newslint-tmp"


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text; missing parent directories are created (`--output reports/newslint.sarif`)."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes, like: os.stat_result | None = None) -> None:
    """Write beside the target, flush to disk, then rename over it; any failure is a UserError.

    The new file keeps the mode (and, where allowed, the owner) of `like`, by default
    of the file it replaces; a new file gets the umask's usual mode.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if like is None and path.exists():
            like = path.stat()
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=directory)
    except OSError as err:
        raise UserError(f"cannot write file: {err.strerror or err}", path.as_posix()) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(temporary, like)
        os.replace(temporary, path)
    except BaseException as err:  # Ctrl-C and SIGTERM too: never leave the temporary file behind
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise UserError(f"cannot write file: {err.strerror or err}", path.as_posix()) from None
        raise
    _fsync_directory(directory)


def _copy_mode(temporary: str, like: os.stat_result | None) -> None:
    if like is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return
    os.chmod(temporary, stat.S_IMODE(like.st_mode))
    try:
        os.chown(temporary, like.st_uid, like.st_gid)
    except PermissionError:
        pass  # only root may give a file away; the mode is kept all the same


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable; where a directory cannot be opened, skip it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
