"""Output formats: each a pure function Report → str, registered here by its --format name."""

from __future__ import annotations

from typing import Callable

from newslint.findings import Report
from newslint.formats import concise, github, json_format, jsonl_format, junit, sarif, table

FORMATS: dict[str, Callable[[Report], str]] = {
    "table": table.render,
    "concise": concise.render,
    "json": json_format.render,
    "jsonl": jsonl_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
}
