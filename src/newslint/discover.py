"""PATHS → the sorted, de-duplicated list of files to check.

Globs follow .gitignore rules (pathspec's GitIgnoreSpec), matched against paths
relative to the config file's directory: `drafts/` is any directory of that name,
`/drafts/` only the top one, `*.md` any Markdown file, `archive/**/old-*.txt` a path.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pathspec

from newslint.errors import UserError

if TYPE_CHECKING:
    from newslint.config import Config

@lru_cache(maxsize=64)
def glob_spec(globs: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """Compiled globs; a bad glob raises ValueError (pathspec's pattern error)."""
    return pathspec.GitIgnoreSpec.from_lines(globs)


def files(paths: list[str], config: "Config | None" = None) -> list[str]:
    """Files named directly are kept whatever their suffix; directories give the files `include` matches.

    `exclude` applies to both, so that a hook passing file names honours it too.
    """
    from newslint.config import DEFAULT_EXCLUDE, DEFAULT_INCLUDE

    include = glob_spec(config.include if config else DEFAULT_INCLUDE)
    exclude = glob_spec(config.excludes if config else DEFAULT_EXCLUDE)
    root = (config.root if config else Path.cwd()).resolve()

    def excluded(path: str, is_dir: bool = False) -> bool:
        name = relative(path, root)
        return name != "." and exclude.match_file(name + ("/" if is_dir else ""))

    found: dict[str, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if excluded(display(path), is_dir=True):
                continue
            for directory, subdirs, names in os.walk(path):
                subdirs[:] = sorted(d for d in subdirs if not excluded(display(Path(directory, d)), is_dir=True))
                # Paths of a directory's files are its path plus the name: built with strings,
                # not a Path per file (an archive of 100,000 files spent seconds here).
                base = display(Path(directory))
                inside = relative(base, root, strict=True)
                for name in names:
                    child = name if base == "." else f"{base.rstrip('/')}/{name}"
                    name_in_root = child if inside is None else name if inside == "." else f"{inside}/{name}"
                    if include.match_file(name_in_root) and not exclude.match_file(name_in_root) and os.path.isfile(child):
                        found.setdefault(child, None)
        elif path.is_file():
            if not excluded(display(path)):
                found.setdefault(display(path), None)
        else:
            raise UserError("no such file or directory; check the path", display(path))
    return sorted(found)


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
