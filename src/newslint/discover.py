"""PATHS → the sorted, de-duplicated list of files to check."""

from __future__ import annotations

from pathlib import Path

from newslint.errors import UserError

SUFFIXES = (".txt", ".md")


def files(paths: list[str]) -> list[str]:
    """Files named directly are kept whatever their suffix; directories give their .txt and .md files."""
    found: dict[str, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in SUFFIXES and child.is_file():
                    found.setdefault(display(child), None)
        elif path.is_file():
            found.setdefault(display(path), None)
        else:
            raise UserError("no such file or directory; check the path", display(path))
    return sorted(found)


def display(path: Path) -> str:
    """The path as the user named it, with forward slashes."""
    return path.as_posix()
