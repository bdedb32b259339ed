"""How human output is laid out for where it goes: the width it may use and whether it is coloured.

Decided once, by the CLI, from the flags, the environment and the stream; the formats only
read the Style they are given, so that a report renders the same for the same Style.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import IO, Mapping

DEFAULT_WIDTH = 80  # when neither COLUMNS nor a terminal says
COLOR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class Style:
    """How human output is laid out: its width, whether it is coloured, whether counts close it."""
    width: int = DEFAULT_WIDTH
    color: bool = False
    summary: bool = True  # the closing counts (off with -q)


def terminal_width(environ: Mapping[str, str] | None = None) -> int:
    """COLUMNS when it is a positive number, else the terminal's width, else 80.

    What shutil.get_terminal_size reads (COLUMNS as int() reads it, then standard output's
    terminal), without importing shutil: that import brings bz2, lzma and fnmatch, ~2 ms of
    every run."""
    environ = os.environ if environ is None else environ
    try:
        columns = int(environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, ValueError, OSError):  # no standard output, closed, or not a terminal
        columns = 0
    return columns if columns > 0 else DEFAULT_WIDTH


def use_color(mode: str, stream: IO | None, environ: Mapping[str, str] | None = None) -> bool:
    """`always` and `never` as said; `auto`: NO_COLOR (any non-empty value) turns colour off,
    FORCE_COLOR (non-empty, not "0") turns it on, otherwise colour only on a terminal."""
    environ = os.environ if environ is None else environ
    if mode == "always":
        return True
    if mode == "never":
        return False
    if environ.get("NO_COLOR"):
        return False
    force = environ.get("FORCE_COLOR", "")
    if force and force != "0":
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and environ.get("TERM") != "dumb"


def detect(mode: str, stream: IO | None, environ: Mapping[str, str] | None = None) -> Style:
    return Style(width=terminal_width(environ), color=use_color(mode, stream, environ))
