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
from newslint.formats import concise, github, json_format, jsonl_format, junit, sarif, table


# The review page's module (its dataclasses, and jinja2 when a page is made) is imported only
# when `--format html` is asked for: a one-file check paid ~0.02 s of start-up for it.
def _html_render(report: Report) -> str:
    return importlib.import_module("newslint.formats.html").render(report)


def _html_pieces(report: Report) -> Iterable[str]:
    return importlib.import_module("newslint.formats.html").pieces(report)


FORMATS: dict[str, Callable[[Report], str]] = {
    "table": table.render,
    "concise": concise.render,
    "json": json_format.render,
    "jsonl": jsonl_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "html": _html_render,
}

PIECES: dict[str, Callable[[Report], Iterable[str]]] = {
    "concise": concise.pieces,
    "json": json_format.pieces,
    "jsonl": jsonl_format.pieces,
    "sarif": sarif.pieces,
    "github": github.pieces,
    "table": table.pieces,
    "junit": junit.pieces,
    "html": _html_pieces,
}

# Formats that show the articles themselves: the run keeps every document's lines for them.
SHOWS_TEXT = frozenset({"html"})


# Formats for people, laid out for a width and coloured on a terminal: they take a Style.
STYLED: dict[str, Callable[[Report, Style | None], Iterable[str]]] = {
    "table": table.pieces,
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
