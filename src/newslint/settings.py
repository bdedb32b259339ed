"""What `check --show-settings` prints: the resolved configuration, each value with where it came from."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from newslint.config import KEYS, Config
from newslint.findings import Severity

DEFAULT = "default"
FLAG = "command line"


def _plain(value: Any) -> Any:
    if isinstance(value, Severity):
        return value.label
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    return value


def origin(config: Config, key: str, attribute: str) -> str:
    """Where a key's value came from: the config file's line, the command line, both, or the default."""
    where = []
    lines = [line for name, line in config.lines.items() if name == key or name.startswith(key + ".")]
    if lines and config.path:
        where.append(f"{config.path}:{min(lines)}")
    if any(name == attribute for name, _ in config.from_flags):
        where.append(FLAG)
    return " + ".join(where) or DEFAULT


def describe(config: Config) -> str:
    """One line per configuration key, in the file's spelling: `key = value  (origin)`."""
    known = {f.name for f in fields(Config)}
    rows = []
    for key, (attribute, _) in KEYS.items():
        if key == "jsonl":
            value: Any = {"text-field": config.jsonl_text_field, "id-field": config.jsonl_id_field}
            source = origin(config, key, "jsonl_text_field")
            if source == DEFAULT:
                source = origin(config, key, "jsonl_id_field")
        else:
            assert attribute in known
            value = getattr(config, attribute)
            source = origin(config, key, attribute)
        rows.append((key, json.dumps(_plain(value), ensure_ascii=False), source))
    width = max(len(key) for key, _, _ in rows)
    head = f"config file: {config.path}" if config.path else "config file: none (every value is a default or a flag)"
    return head + "\n" + "".join(f"{key.ljust(width)} = {value}  ({source})\n" for key, value, source in rows)
