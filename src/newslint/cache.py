"""Per-file results in .newslint_cache/, so that an unchanged file is not analysed again.

An entry is keyed by the file's path and bytes, the rule pack (every rule's definition),
newslint's version and a hash of newslint's own source, and holds what the per-document
stage produced for the file: its findings and the summaries (signatures included) that
corpus rules read. Corpus rules still run over every file, cached or not.

Entries are JSON, never pickle: a cache directory can come from anywhere (a checked-in
folder, a restored CI cache) and loading it must not be able to run code.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import importlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from newslint import __version__
from newslint.findings import Finding, Related, Severity

DIRECTORY = ".newslint_cache"
FORMAT = 1  # bump when the entry layout changes


class Unencodable(TypeError):
    """A summary the cache cannot store; the file's document is read again when it is needed."""


def fingerprint(rules: list) -> str:
    """What every entry depends on besides the file itself: the rules and newslint's code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT} {__version__}\n".encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    for rule in rules:
        definition = (rule.id, rule.kind, rule.category, rule.severity, rule.message, rule.params, rule.enabled)
        digest.update(repr(definition).encode() + b"\n")
    return digest.hexdigest()


class Cache:
    def __init__(self, root: Path, rules: list) -> None:
        self.root = root
        self.salt = fingerprint(rules).encode()

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.blake2b(self.salt, digest_size=20)
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / f"{key[2:]}.json"

    def load(self, key: str) -> tuple[list[Finding], dict[str, Any]] | None:
        """The stored findings and summaries, or None when there is no usable entry."""
        try:
            entry = json.loads(self._entry(key).read_text(encoding="utf-8"))
            findings = [_finding(row) for row in entry["findings"]]
            summaries = {rule: decode(value) for rule, value in entry["summaries"].items()}
        except (OSError, ValueError, KeyError, TypeError, ImportError, AttributeError):
            return None  # missing or unreadable: analyse the file again
        return findings, summaries

    def store(self, key: str, findings: list[Finding], summaries: dict[str, Any]) -> None:
        encoded = {}
        for rule, summary in summaries.items():
            try:
                encoded[rule] = encode(summary)
            except Unencodable:
                continue
        text = json.dumps({"findings": [_row(f) for f in findings], "summaries": encoded}, ensure_ascii=False)
        target = self._entry(key)
        try:
            self._prepare(target.parent)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, target)  # atomic: a concurrent run sees the old entry or the new one
        except OSError:
            pass  # a cache that cannot be written only costs speed

    def _prepare(self, folder: Path) -> None:
        if folder.is_dir():
            return
        if not self.root.is_dir():
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / ".gitignore").write_text("# Created by newslint.\n*\n")
            (self.root / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# newslint cache\n")
        folder.mkdir(exist_ok=True)


def _row(finding: Finding) -> list:
    related = finding.related
    return [
        finding.path, finding.line, finding.end_line, finding.column, finding.rule, finding.category,
        int(finding.severity), finding.message, finding.excerpt,
        None if related is None else [related.path, related.line],
    ]


def _finding(row: list) -> Finding:
    path, line, end_line, column, rule, category, severity, message, excerpt, related = row
    return Finding(
        path, line, end_line, column, rule, category, Severity(severity), message, excerpt,
        None if related is None else Related(*related),
    )


def encode(value: Any) -> Any:
    """Plain data, numpy arrays and newslint's dataclasses as JSON values."""
    import numpy as np  # here, so that importing this module (the CLI does) stays cheap

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise Unencodable(f"array of {value.dtype}")
        data = base64.b64encode(np.ascontiguousarray(value).tobytes()).decode("ascii")
        return {"$array": data, "dtype": value.dtype.str, "shape": list(value.shape)}
    if isinstance(value, (list, tuple)):
        items = [encode(item) for item in value]
        return items if isinstance(value, list) else {"$tuple": items}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"$dict": {k: encode(v) for k, v in value.items()}}
    cls = type(value)
    if dataclasses.is_dataclass(value) and cls.__module__.startswith("newslint."):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"$dataclass": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    raise Unencodable(cls.__name__)


def decode(value: Any) -> Any:
    if not isinstance(value, (dict, list)):
        return value
    if isinstance(value, list):
        return [decode(item) for item in value]
    if "$array" in value:
        import numpy as np

        array = np.frombuffer(base64.b64decode(value["$array"]), dtype=np.dtype(value["dtype"]))
        if array.dtype.kind not in "biuf":
            raise TypeError("unexpected array type in cache")
        return array.reshape(value["shape"])
    if "$tuple" in value:
        return tuple(decode(item) for item in value["$tuple"])
    if "$dict" in value:
        return {k: decode(v) for k, v in value["$dict"].items()}
    if "$dataclass" in value:
        module_name, _, name = value["$dataclass"].partition(":")
        if not module_name.startswith("newslint."):
            raise TypeError("cache names a class outside newslint")
        cls = getattr(importlib.import_module(module_name), name)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise TypeError("cache names something that is not a dataclass")
        return cls(**{k: decode(v) for k, v in value["fields"].items()})
    raise TypeError("unknown value in cache")
