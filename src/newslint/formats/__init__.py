"""Output formats: each a pure function Report → str."""

from __future__ import annotations

from typing import Callable

from newslint.findings import Report
from newslint.formats import json_format, table

FORMATS: dict[str, Callable[[Report], str]] = {
    "table": table.render,
    "json": json_format.render,
}
