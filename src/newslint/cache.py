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
import enum
import hashlib
import importlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newslint.linter import Checked

from newslint import __version__

DIRECTORY = ".newslint_cache"
FORMAT = 1  # bump when the entry layout changes


class Unencodable(TypeError):
    """A summary the cache cannot store; the file's document is read again when it is needed."""


def fingerprint(rules: list, reading: object = None) -> str:
    """What every entry depends on besides the file itself: the rules, how files are read, newslint's code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT} {__version__} {reading!r}\n".encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    for rule in rules:
        definition = (rule.id, rule.kind, rule.category, rule.severity, rule.message, rule.enabled, rule.fallback, rule.defer_to, rule.fix)
        digest.update(repr((definition, _canonical(rule.params))).encode() + b"\n")
    return digest.hexdigest()


def _canonical(value: Any) -> Any:
    """A value whose repr is the same in every process: sets sorted, dataclasses by their given fields.

    (A frozenset's repr follows string hashing, which differs between runs; a parameter
    object's derived fields — compiled regexes — follow from the given ones.)
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value) if f.init)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted((_canonical(v) for v in value), key=repr))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted(((repr(k), _canonical(v)) for k, v in value.items()), key=lambda kv: kv[0]))
    return value


class Cache:
    def __init__(self, root: Path, rules: list, reading: object = None, summaries: bool = True) -> None:
        """`summaries`: whether the corpus stage will read the summaries of the files loaded from
        here. A run of one document has nothing to compare (a corpus kind reports across
        documents), so it neither decodes them (nor imports numpy for their signatures) nor
        recomputes those the cache cannot hold; entries are stored whole either way."""
        self.root = root
        self.salt = fingerprint(rules, reading).encode()
        self.summaries = summaries

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.blake2b(self.salt, digest_size=20)
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / f"{key[2:]}.json"

    def load(self, key: str) -> "list[Checked] | None":
        """The file's stored per-document results, or None when there is no usable entry."""
        from newslint.linter import Checked

        try:
            entry = json.loads(self._entry(key).read_text(encoding="utf-8"))
            return [
                Checked(
                    path=item["path"],
                    findings=list(decode(item["findings"])),
                    summaries=decode(item["summaries"]) if self.summaries else {},
                    markers=decode(item["markers"]),
                    record=decode(item["record"]),
                )
                for item in entry["documents"]
            ]
        except (OSError, ValueError, KeyError, TypeError, ImportError, AttributeError):
            return None  # missing or unreadable: check the file again

    def store(self, key: str, checked: "list[Checked]") -> None:
        try:
            documents = []
            for result in checked:
                summaries = {}
                for rule, summary in result.summaries.items():
                    try:
                        summaries[rule] = encode(summary)
                    except Unencodable:
                        continue  # read again from the file when a cached run needs it
                documents.append({
                    "path": result.path,
                    "findings": encode(result.findings),
                    "summaries": {"$dict": summaries},
                    "markers": encode(result.markers),
                    "record": encode(result.record),
                })
        except Unencodable:
            return
        entry = {"documents": documents}
        try:
            data = json.dumps(entry, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a non-UTF-8 file name): JSON's \udXXX round-trips it
            data = json.dumps(entry).encode("ascii")
        import tempfile  # here: a run that writes no entry (--no-cache, all cached) never imports it

        target = self._entry(key)
        try:
            self._prepare(target.parent)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
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


def encode(value: Any) -> Any:
    """Plain data, numpy arrays and newslint's dataclasses as JSON values."""
    import numpy as np  # here, so that importing this module (the CLI does) stays cheap

    cls = type(value)
    if isinstance(value, enum.Enum) and cls.__module__.startswith("newslint."):
        return {"$enum": f"{cls.__module__}:{cls.__qualname__}", "value": value.value}
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
    if "$enum" in value:
        cls = _newslint_class(value["$enum"])
        if not issubclass(cls, enum.Enum):
            raise TypeError("cache names something that is not an enum")
        return cls(value["value"])
    if "$dataclass" in value:
        cls = _newslint_class(value["$dataclass"])
        if not dataclasses.is_dataclass(cls):
            raise TypeError("cache names something that is not a dataclass")
        return cls(**{k: decode(v) for k, v in value["fields"].items()})
    raise TypeError("unknown value in cache")


def _newslint_class(name: str) -> type:
    """A class of newslint's own, named `module:qualname`; nothing else may be built from a cache."""
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith("newslint."):
        raise TypeError("cache names a class outside newslint")
    cls = getattr(importlib.import_module(module_name), qualname)
    if not isinstance(cls, type):
        raise TypeError("cache names something that is not a class")
    return cls
