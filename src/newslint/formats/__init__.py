"""Output formats: each a pure function Report → str, registered here by its --format name.

A format that can be written a piece at a time (a line, a finding) also has `pieces`
(Report → the same text in pieces), so that the CLI never holds a large report as one
string; table and junit are built whole by their libraries, and their pieces only spare
a second copy.
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterable, Iterator

from newslint.findings import Report
from newslint.style import Style


def _from(module: str, function: str) -> Callable:
    """`newslint.formats.MODULE.FUNCTION`, its module imported on the first call: a run imports
    the one format it prints (the SARIF one alone brought numpy's import forward by ~0.1 s,
    the review page's jinja2 more), and the names are known without importing any."""

    def call(*args: object) -> object:
        return getattr(importlib.import_module(f"newslint.formats.{module}"), function)(*args)

    call.__name__ = call.__qualname__ = f"{module}.{function}"
    return call


FORMATS: dict[str, Callable[[Report], str]] = {
    "table": _from("table", "render"),
    "concise": _from("concise", "render"),
    "json": _from("json_format", "render"),
    "jsonl": _from("jsonl_format", "render"),
    "sarif": _from("sarif", "render"),
    "github": _from("github", "render"),
    "junit": _from("junit", "render"),
    "html": _from("html", "render"),
}

PIECES: dict[str, Callable[[Report], Iterable[str]]] = {
    "concise": _from("concise", "pieces"),
    "json": _from("json_format", "pieces"),
    "jsonl": _from("jsonl_format", "pieces"),
    "sarif": _from("sarif", "pieces"),
    "github": _from("github", "pieces"),
    "table": _from("table", "pieces"),
    "junit": _from("junit", "pieces"),
    "html": _from("html", "pieces"),
}

# Formats that show the articles themselves: the run keeps every document's lines for them.
SHOWS_TEXT = frozenset({"html"})


# Formats for people, laid out for a width and coloured on a terminal: they take a Style.
STYLED: dict[str, Callable[[Report, Style | None], Iterable[str]]] = {
    "table": _from("table", "pieces"),
}


def pieces(name: str, report: Report, style: Style | None = None) -> Iterable[str]:
    """The output of format `name` in pieces that join to FORMATS[name](report) (for `style`, when it takes one)."""
    if name in STYLED:
        return STYLED[name](report, style)
    if name in PIECES:
        return PIECES[name](report)
    return (FORMATS[name](report),)


def chunks(pieces: Iterable[str], size: int) -> Iterator[str]:
    """`pieces` regrouped into strings of about `size` characters (a longer piece is cut), for
    writing: few writes, and never a large report encoded whole a second time."""
    held: list[str] = []
    length = 0
    for piece in pieces:
        if len(piece) > size:
            if held:
                yield "".join(held)
                held, length = [], 0
            for start in range(0, len(piece), size):
                yield piece[start : start + size]
            continue
        held.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(held)
            held, length = [], 0
    if held:
        yield "".join(held)
