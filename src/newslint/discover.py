"""PATHS → the sorted, de-duplicated list of files to check, and the paths that could not be used."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from newslint.errors import UserError

SUFFIXES = (".txt", ".md")


def files(paths: list[str]) -> list[str]:
    """Like `find`, but the first bad path is raised."""
    found, errors = find(paths)
    if errors:
        raise errors[0]
    return found


def find(paths: list[str]) -> tuple[list[str], list[UserError]]:
    """Files named directly are kept whatever their suffix; directories give their .txt and .md files.

    A bad path (missing, a symlink loop, a dangling link) is an error of its own, so
    that the other paths are still checked.
    """
    found: dict[str, None] = {}
    errors: list[UserError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() not in SUFFIXES:
                    continue
                if child.is_file():
                    found.setdefault(display(child), None)
                elif child.is_symlink():
                    errors.append(_unusable(child))
        elif path.is_file():
            found.setdefault(display(path), None)
        else:
            errors.append(_unusable(path))
    unique = {str(err): err for err in errors}  # a bad path named directly and met in a walk
    return sorted(found), [unique[key] for key in sorted(unique)]


def _unusable(path: Path) -> UserError:
    """Why a path that is neither a file nor a directory cannot be read."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return UserError("symlink loop; point the link at a real file", display(path))
        if path.is_symlink():
            return UserError(f"broken symlink (points to {os.readlink(path)}); fix or remove it", display(path))
        if err.errno == errno.EACCES:
            return UserError("permission denied", display(path))
    else:
        return UserError("not a regular file or directory; name a text file or a directory", display(path))
    return UserError("no such file or directory; check the path", display(path))


def display(path: Path) -> str:
    """The path as the user named it, with forward slashes."""
    return path.as_posix()
