"""PATHS → the sorted, de-duplicated list of files to check, and the paths that could not be used.

Globs follow .gitignore rules (pathspec's GitIgnoreSpec), matched against paths
relative to the config file's directory: `drafts/` is any directory of that name,
`/drafts/` only the top one, `*.md` any Markdown file, `archive/**/old-*.txt` a path.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newslint import user_cache
from newslint.errors import UserError

if TYPE_CHECKING:
    import pathspec

    from newslint.config import Config

DEFAULT_INCLUDE = ("*.txt", "*.md")
# Never walked into when a directory is checked: tools' and package managers' trees.
DEFAULT_EXCLUDE = (
    ".git/", ".hg/", ".svn/", ".venv/", "venv/", "node_modules/", "__pycache__/",
    ".tox/", ".nox/", ".mypy_cache/", ".pytest_cache/", ".newslint_cache/", "*.egg-info/",
)


@lru_cache(maxsize=64)
def glob_spec(globs: tuple[str, ...]) -> "pathspec.GitIgnoreSpec":
    """Compiled globs; a bad glob raises ValueError (pathspec's pattern error)."""
    import pathspec  # here, not at import: a run that reads no directory never needs it

    # The "simple" (re) backend, not "best": with hyperscan installed (scan.py needs it) pathspec
    # would pick its hyperscan backend, which cannot take a name holding a non-UTF-8 byte.
    return pathspec.GitIgnoreSpec.from_lines(globs, backend="simple")


class Remembered:
    """`glob_spec(globs).match_file`, its answers kept in the user cache for the next run.

    A pre-commit hook names the same few files run after run, and importing pathspec and
    compiling the globs cost ~25 ms of a one-file check's ~0.2-0.3 s. pathspec stays the one
    matcher: an answer is what it said of that name, and the file holding them is named by a
    hash of the globs, pathspec's release and Python's, so other globs or another pathspec read
    another file (a damaged one reads as missing: user_cache). At most REMEMBERED_MAX names
    are kept (only those UTF-8 can write); a directory's walk asks pathspec itself."""

    def __init__(self, globs: tuple[str, ...]) -> None:
        self.globs = globs
        self.file: str | None = None
        self.answers: dict[str, bool] | None = None  # read on the first question
        self.added = False

    def match_file(self, name: str) -> bool:
        if self.answers is None:
            self.file = _remembered_name(self.globs)
            stored = user_cache.read(self.file) if self.file is not None else None
            valid = isinstance(stored, dict) and all(type(v) is bool for v in stored.values())
            self.answers = stored if valid else {}
        answer = self.answers.get(name)
        if answer is None:
            answer = bool(glob_spec(self.globs).match_file(name))
            if len(self.answers) < REMEMBERED_MAX and _utf8(name):  # JSON in UTF-8: no lone surrogate
                self.answers[name] = answer
                self.added = True
        return answer

    def keep(self) -> None:
        if self.added and self.file is not None:
            user_cache.write(self.file, self.answers)
            self.added = False


REMEMBERED_MAX = 2_000  # names (~100 KB): reading more would cost what it saves


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _remembered_name(globs: tuple[str, ...]) -> str | None:
    """The user-cache file of these globs' answers; None when pathspec's release cannot be read
    without importing it (then nothing is remembered)."""
    import importlib.util

    spec = importlib.util.find_spec("pathspec")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    try:
        version = (Path(folders[0]) / "_version.py").read_bytes()
    except (IndexError, OSError):
        return None
    digest = hashlib.blake2b(repr((globs, sys.version)).encode("utf-8") + b"\0" + version, digest_size=16)
    return f"globs-{digest.hexdigest()}.json"


def files(paths: list[str], config: "Config | None" = None) -> list[str]:
    """Like `find`, but the first bad path is raised."""
    found, errors = find(paths, config)
    if errors:
        raise errors[0]
    return found


def find(paths: list[str], config: "Config | None" = None) -> tuple[list[str], list[UserError]]:
    """Files named directly are kept whatever their suffix; directories give the files `include` matches.

    `exclude` applies to both, so that a hook passing file names honours it too. A bad
    path (missing, a symlink loop, a dangling link) is an error of its own, so that the
    other paths are still checked; symlinked directories are not walked into, so a
    link back up the tree cannot loop.
    """
    include_globs = config.include if config else DEFAULT_INCLUDE
    exclude_globs = config.excludes if config else DEFAULT_EXCLUDE
    root = (config.root if config else Path.cwd()).resolve()
    named = Remembered(exclude_globs)  # paths named directly: pathspec's answers, kept between runs

    def excluded(path: str, is_dir: bool = False, answers: "Remembered | pathspec.GitIgnoreSpec" = named) -> bool:
        name = relative(path, root)
        return name != "." and answers.match_file(name + ("/" if is_dir else ""))

    found: dict[str, None] = {}
    errors: list[UserError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if excluded(display(path), is_dir=True):
                continue
            include, exclude = glob_spec(include_globs), glob_spec(exclude_globs)
            for directory, subdirs, names in os.walk(path):
                subdirs[:] = sorted(d for d in subdirs if not excluded(display(Path(directory, d)), True, exclude))
                # Paths of a directory's files are its path plus the name: built with strings,
                # not a Path per file (an archive of 100,000 files spent seconds here).
                base = display(Path(directory))
                inside = relative(base, root, strict=True)
                for name in names:
                    child = name if base == "." else f"{base.rstrip('/')}/{name}"
                    name_in_root = child if inside is None else name if inside == "." else f"{inside}/{name}"
                    if include.match_file(name_in_root) and not exclude.match_file(name_in_root):
                        if os.path.isfile(child):
                            found.setdefault(child, None)
                        elif os.path.islink(child):
                            errors.append(_unusable(Path(child)))
        elif path.is_file():
            if not excluded(display(path)):
                found.setdefault(display(path), None)
        else:
            errors.append(_unusable(path))
    named.keep()
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


def relative(path: str, root: Path, strict: bool = False) -> str | None:
    """The path relative to the config root, or as given (None when `strict`) when it lies outside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return None if strict else Path(path).as_posix()


def display(path: Path) -> str:
    """The path as the user named it, with forward slashes."""
    return path.as_posix()
