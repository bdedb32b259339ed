"""Write a file so that readers see the old or the new content, never half of it.

A temporary file beside the target, written, flushed and fsynced, then renamed over it
with os.replace; the directory is fsynced so that the rename survives a crash too.
Killed half-way, a run leaves the target as it was, plus at worst one hidden
`.NAME.*.newslint-tmp` file.

Only a regular file is replaced that way. A symlink is written through (the file it points
at is replaced, the link stays a link), and a character device or a pipe (`/dev/stdout`,
`/proc/self/fd/1`, a FIFO) is written directly: renaming a file over it would take its name
away from the reader waiting on it.
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from newslint.errors import UserError

TEMP_SUFFIX = ".newslint-tmp"
DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Changed(UserError):
    """The target's bytes are not those the caller read: someone else wrote it meanwhile."""


def digest(data: bytes) -> bytes:
    """The hash `write_bytes(expect=…)` compares: what a file held when it was read."""
    return hashlib.blake2b(data, digest_size=32).digest()


def file_digest(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=32)).digest()


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text; missing parent directories are created (`--output reports/newslint.sarif`)."""
    write_bytes(path, text.encode("utf-8"))


def write_pieces(path: Path, pieces: Iterable[str]) -> None:
    """Write UTF-8 text given in pieces (a large report, rendered as it is written), as write_text.

    The pieces are produced while signals are deferred: Ctrl-C takes effect once the file is written.
    """
    _write_all(Path(path), (piece.encode("utf-8") for piece in pieces), None)


def write_bytes(path: Path, data: bytes, like: os.stat_result | None = None, expect: bytes | None = None) -> None:
    """Write beside the target, flush to disk, then rename over it; any failure is a UserError.

    The new file keeps the mode (setuid and setgid bits included) and, where allowed, the
    owner of `like`, by default of the file it replaces; a new file gets the umask's usual
    mode. With `expect` (a `digest`), the target is hashed again just before the rename and
    left as it is, raising Changed, when its bytes are no longer those.
    """
    _write_all(Path(path), (data,), like, expect)


def _write_all(path: Path, data: Iterable[bytes], like: os.stat_result | None, expect: bytes | None = None) -> None:
    if _is_stream(path):
        with _interrupts_deferred():
            _write_directly(path, data)
        return
    # Through a link: its target is replaced beside itself (a dangling link's target is created).
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = path.parent if str(path.parent) else Path(".")
    with _interrupts_deferred():
        _write(path, directory, data, like, expect)
    _fsync_directory(directory)


def _is_stream(path: Path) -> bool:
    """True for what exists and is not a regular file or directory (a device, a pipe, a socket)."""
    try:
        mode = os.stat(path).st_mode  # through links: /dev/stdout is a link to /proc/self/fd/1
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_directly(path: Path, data: Iterable[bytes]) -> None:
    """Open the path itself (the kernel follows /proc/self/fd links to the open pipe) and write."""
    try:
        with open(path, "wb") as handle:
            for piece in data:
                handle.write(piece)
    except OSError as err:
        raise UserError(f"cannot write file: {err.strerror or err}", path.as_posix()) from None


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the target is either untouched or fully replaced.

    A signal that lands between creating the temporary file and the `try` that removes it
    would leave the file behind, so while one file is written the signals are only noted,
    then delivered to the handlers they had. Python runs a signal's handler some bytecodes
    after the signal arrives, and looks the handler up only then, which is why this swaps
    handlers rather than blocking the signal mask.
    """
    received: list[int] = []
    previous: dict[int, object] = {}
    try:
        for signum in DEFERRED_SIGNALS:
            previous[signum] = signal.signal(signum, lambda number, frame: received.append(number))
    except ValueError:  # not the main thread: handlers cannot change, and the except clause cleans up
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: a handler installed from C, which Python cannot restore
                signal.signal(signum, handler)
        if received:
            signal.raise_signal(received[0])


def _write(path: Path, directory: Path, data: Iterable[bytes], like: os.stat_result | None, expect: bytes | None) -> None:
    import tempfile  # here: most runs write no file, and tempfile (random, ...) cost ~5 ms of start-up

    try:
        directory.mkdir(parents=True, exist_ok=True)
        if like is None and path.exists():
            like = path.stat()
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=directory)
    except OSError as err:
        raise UserError(f"cannot write file: {err.strerror or err}", path.as_posix()) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in data:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(temporary, like)
        if expect is not None and file_digest(path) != expect:
            raise Changed("changed since newslint read it; left as it is", path.as_posix())
        os.replace(temporary, path)
    except BaseException as err:  # Ctrl-C and SIGTERM too: never leave the temporary file behind
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise UserError(f"cannot write file: {err.strerror or err}", path.as_posix()) from None
        raise


def _copy_mode(temporary: str, like: os.stat_result | None) -> None:
    if like is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return
    try:
        os.chown(temporary, like.st_uid, like.st_gid)
    except PermissionError:
        pass  # only root may give a file away; the mode is kept all the same
    # After chown, which clears the setuid and setgid bits: chmod first would lose them.
    os.chmod(temporary, stat.S_IMODE(like.st_mode))


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
