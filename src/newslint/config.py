"""Configuration: find newslint.yaml, .newslint.yaml or [tool.newslint], validate it, merge the flags.

Discovery walks up from the current directory and takes the first directory that
has one of, in this order: `newslint.yaml`, `.newslint.yaml`, a `pyproject.toml`
with a `[tool.newslint]` table. `--config FILE` names the file instead. Paths and
globs in the file are relative to the file's directory; flags on the command line
win over the file (`--ignore`, `--extend-select`, `--rules` add to it).

Every key is checked when the file loads: an unknown key or a wrong type is a
UserError naming the file and line, so a typo never silently does nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from newslint.discover import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, glob_spec
from newslint.errors import UserError
from newslint.findings import SEVERITY_NAMES, Severity
from newslint.rules import read_yaml, yaml  # yaml: imported when a YAML config is read (lazy_import)

CONFIG_FILES = ("newslint.yaml", ".newslint.yaml", "pyproject.toml")
TOOL_TABLE = ("tool", "newslint")


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know besides the PATHS; each field is one key (or flag)."""

    path: str | None = None  # the config file, as displayed; None when there is none
    root: Path = Path(".")  # the directory paths and globs are relative to
    paths: tuple[str, ...] = (".",)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    default_rules: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    format: str = "table"
    baseline: Path | None = None
    report_unused_suppressions: bool = False
    jsonl_text_field: str = "text"
    jsonl_id_field: str = "id"
    encoding: str = "utf-8"  # of the files checked; a UTF-8 byte-order mark is always understood
    index: str | None = None  # the archive index: a file path or redis://HOST:PORT/DB[?name=NAME]
    # Where each key was set in the file ("severity.rule-id" for nested keys), for errors.
    lines: Mapping[str, int] = field(default_factory=dict)
    # (key, value) pairs that came from flags rather than the file.
    from_flags: frozenset[tuple[str, str]] = frozenset()

    def error(self, key: str, message: str, value: str | None = None) -> UserError:
        """A UserError that points at the file and line of `key`, or at the flag that set it."""
        attribute = key.replace("-", "_")
        if (attribute, value) in self.from_flags or (attribute, None) in self.from_flags or self.path is None:
            return UserError(f"--{key}: {message}")
        line = self.lines.get(f"{key}.{value}") if value is not None else None
        return UserError(f"'{key}': {message}", self.path, line or self.lines.get(key))

    @property
    def excludes(self) -> tuple[str, ...]:
        return self.exclude + self.extend_exclude


class Location:
    """Turns a key into the UserError for its file and line."""

    def __init__(self, path: str, lines: Mapping[str, int]) -> None:
        self.path, self.lines = path, lines

    def fail(self, key: str, message: str) -> UserError:
        line = self.lines.get(key) or self.lines.get(key.split(".")[0]) or 1
        return UserError(f"'{key}': {message}", self.path, line)


def _string_list(value: Any, key: str, where: Location) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.fail(key, "must be a list of strings")
    return tuple(value)


def _rule_list(value: Any, key: str, where: Location) -> tuple[str, ...]:
    """Rule ids or categories; a comma-separated string is read as a list for convenience."""
    if isinstance(value, str):
        value = [v for v in value.split(",")]
    return tuple(v.strip() for v in _string_list(value, key, where) if v.strip())


def _boolean(value: Any, key: str, where: Location) -> bool:
    if not isinstance(value, bool):
        raise where.fail(key, "must be true or false")
    return value


def _string(value: Any, key: str, where: Location) -> str:
    if not isinstance(value, str) or not value:
        raise where.fail(key, "must be a non-empty string")
    return value


def _severity(value: Any, key: str, where: Location) -> Severity:
    if value not in SEVERITY_NAMES:
        raise where.fail(key, f"must be one of: {', '.join(SEVERITY_NAMES)}")
    return Severity.parse(value)


def _format(value: Any, key: str, where: Location) -> str:
    from newslint.formats import FORMATS

    if value not in FORMATS:
        raise where.fail(key, f"must be one of: {', '.join(FORMATS)}")
    return value


def _encoding(value: Any, key: str, where: Location) -> str:
    from newslint.document import codec_name

    try:
        return codec_name(_string(value, key, where))
    except UserError as err:
        raise where.fail(key, err.message) from None


def _severity_map(value: Any, key: str, where: Location) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise where.fail(key, "must be a mapping of rule id or category to a severity")
    return {str(k): _severity(v, f"{key}.{k}", where) for k, v in value.items()}


def _per_file_ignores(value: Any, key: str, where: Location) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise where.fail(key, "must be a mapping of glob to a list of rule ids or categories")
    return {str(k): _rule_list(v, f"{key}.{k}", where) for k, v in value.items()}


def _jsonl(value: Any, key: str, where: Location) -> dict[str, str]:
    if not isinstance(value, dict):
        raise where.fail(key, "must be a mapping with 'text-field' and/or 'id-field'")
    known = {"text-field": "jsonl_text_field", "id-field": "jsonl_id_field"}
    for name in value:
        if name not in known:
            close = _close_match(str(name), list(known))
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise where.fail(f"{key}.{name}", f"unknown key '{name}'; {hint}use: {', '.join(known)}")
    return {known[name]: _string(v, f"{key}.{name}", where) for name, v in value.items()}


# How to read and check one key's value: (value, key, location) → value.
Reader = Callable[[Any, str, Location], Any]
# key in the file → (Config attribute, reader)
KEYS: dict[str, tuple[str, Reader]] = {
    "paths": ("paths", _string_list),
    "include": ("include", _string_list),
    "exclude": ("exclude", _string_list),
    "extend-exclude": ("extend_exclude", _string_list),
    "rule-dirs": ("rule_dirs", _string_list),
    "default-rules": ("default_rules", _boolean),
    "select": ("select", _rule_list),
    "ignore": ("ignore", _rule_list),
    "extend-select": ("extend_select", _rule_list),
    "severity": ("severity", _severity_map),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "fail-on": ("fail_on", _severity),
    "format": ("format", _format),
    "baseline": ("baseline", _string),
    "report-unused-suppressions": ("report_unused_suppressions", _boolean),
    "jsonl": ("jsonl", _jsonl),
    "encoding": ("encoding", _encoding),
    "index": ("index", _string),
}
# Flags that add to the file's value instead of replacing it.
ADDITIVE = frozenset({"ignore", "extend_select", "rule_dirs", "extend_exclude"})


def discover(start: Path) -> Path | None:
    """The first config file found walking up from `start`, or None."""
    for directory in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # A key names newslint in letters or in \u/\U escapes (TOML has no other way to write a
    # letter): without either, no [tool.newslint] is there, and parsing (importing tomllib, ~10 ms
    # of a one-file run in a Python project) would only say so.
    if "newslint" not in text and "\\u" not in text and "\\U" not in text:
        return False
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False  # not ours to judge unless it claims [tool.newslint]; checked when named with --config
    return isinstance(data.get("tool"), dict) and "newslint" in data["tool"]


def _close_match(word: str, known: list[str]) -> list[str]:
    import difflib  # only for a misspelt key's suggestion

    return difflib.get_close_matches(word, known, n=1)


def load(cwd: Path, config_file: Path | None = None, flags: Mapping[str, Any] | None = None) -> Config:
    """Read the discovered (or named) config file and lay the flags over it.

    The flag `trust_config_paths` lets the file's paths reach outside its directory (see `confine`).
    """
    flags = dict(flags or {})
    trusted = bool(flags.pop("trust_config_paths", False))
    path = config_file if config_file is not None else discover(cwd)
    config = Config(root=cwd)
    if path is not None:
        config = read(path, cwd)
        if not trusted:
            confine(config, cwd)
    return merge(config, flags, cwd)


# Config keys that name files newslint reads or writes.
REACHING_KEYS = ("paths", "rule-dirs", "baseline", "index")
TRUST_FLAG = "--trust-config-paths"


def confine(config: Config, cwd: Path) -> None:
    """Every path the config file names must resolve (symlinks followed) inside its directory.

    A checked-in newslint.yaml is written by whoever sends the pull request: `paths: [/etc]`
    would print excerpts of /etc/passwd into CI's annotations, `index: ../../x.db` create a
    file outside the repository, `rule-dirs` load YAML from anywhere. Paths given on the
    command line are the user's own and are not checked; TRUST_FLAG lifts the check.
    """
    root = config.root.resolve()
    where = Location(config.path or "", config.lines)
    named: dict[str, tuple] = {
        "paths": config.paths if config.paths != Config().paths else (),  # the default "." is not the file's
        "rule-dirs": config.rule_dirs,
        "baseline": (config.baseline,) if config.baseline is not None else (),
        "index": (config.index,) if config.index is not None and "://" not in config.index else (),
    }
    for key in REACHING_KEYS:
        for value in named[key]:
            resolved = (cwd / value).resolve()
            if resolved != root and root not in resolved.parents:
                raise where.fail(
                    key,
                    f"{resolved.as_posix()} is outside {root.as_posix()}, the directory of this config file "
                    f"(symlinks followed); a config file may only name paths inside it: give the path on the "
                    f"command line, or pass {TRUST_FLAG}",
                )


def read(path: Path, cwd: Path) -> Config:
    name = display(path, cwd)
    if not path.is_file():
        raise UserError("config file not found; check the --config path", name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"cannot read config file: {err}", name) from None
    if path.suffix == ".toml":
        data, lines = _read_toml(text, name)
    else:
        data, lines = _read_yaml(text, name)
    return build(data, name, lines, path.resolve().parent, cwd)


def _read_yaml(text: str, name: str) -> tuple[dict, dict[str, int]]:
    data, root = read_yaml(text, name)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise UserError("a config file must be a mapping of keys (see the README's configuration reference)", name, 1)
    lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        lines[str(key_node.value)] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.MappingNode):
            for inner, _ in value_node.value:
                lines[f"{key_node.value}.{inner.value}"] = inner.start_mark.line + 1
    return data, lines


TOML_TABLE = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$")
TOML_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([\w.-]+))\s*=""")
TOML_INLINE_KEY = re.compile(r"""(?:"([^"]+)"|'([^']+)'|([\w-]+))\s*=""")


def _read_toml(text: str, name: str) -> tuple[dict, dict[str, int]]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        line = int(match.group(1)) if match else (len(text.splitlines()) if "end of document" in str(err) else None)
        raise UserError(f"invalid TOML: {err}; fix the syntax", name, line) from None
    table: Any = data
    for part in TOOL_TABLE:
        table = table.get(part) if isinstance(table, dict) else None
    if table is None:
        raise UserError("no [tool.newslint] table; add one or name a newslint.yaml", name)
    if not isinstance(table, dict):
        raise UserError("[tool.newslint] must be a table", name)
    return table, _toml_lines(text)


def _toml_lines(text: str) -> dict[str, int]:
    """Lines of [tool.newslint] keys: tomllib keeps no positions, so the text is scanned for them."""
    lines: dict[str, int] = {}
    prefix = ".".join(TOOL_TABLE)
    section: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        table = TOML_TABLE.match(line)
        if table:
            full = table.group(1).replace('"', "").replace(" ", "")
            section = full[len(prefix):].lstrip(".") if full == prefix or full.startswith(prefix + ".") else None
            if section:
                lines.setdefault(section, number)
            continue
        key = TOML_KEY.match(line)
        if section is None or not key:
            continue
        name = next(g for g in key.groups() if g)
        full_key = f"{section}.{name}" if section else name
        lines.setdefault(full_key, number)
        if "{" in line:  # an inline table: its keys are on this line
            for inner in TOML_INLINE_KEY.finditer(line[line.index("{"):]):
                lines.setdefault(f"{full_key}.{next(g for g in inner.groups() if g)}", number)
    return lines


def build(data: Mapping[str, Any], name: str, lines: Mapping[str, int], root: Path, cwd: Path) -> Config:
    where = Location(name, lines)
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in KEYS:
            close = _close_match(str(key), list(KEYS))
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise where.fail(str(key), f"unknown key; {hint}use one of: {', '.join(KEYS)}")
        attribute, reader = KEYS[key]
        value = reader(raw, key, where)
        if attribute == "jsonl":
            values.update(value)
        else:
            values[attribute] = value
    for key in ("include", "exclude", "extend-exclude"):
        attribute = KEYS[key][0]
        if attribute in values:
            _check_globs(values[attribute], lambda m, k=key: where.fail(k, m))
    for glob in values.get("per_file_ignores", {}):
        _check_globs((glob,), lambda m, g=glob: where.fail(f"per-file-ignores.{g}", m))
    if "paths" in values:
        values["paths"] = tuple(display(root / p, cwd) for p in values["paths"])
    if "rule_dirs" in values:
        values["rule_dirs"] = tuple(root / d for d in values["rule_dirs"])
    if "baseline" in values:
        values["baseline"] = root / values["baseline"]
    if "index" in values and "://" not in values["index"]:
        values["index"] = display(root / values["index"], cwd)
    return Config(path=name, root=root, lines=dict(lines), **values)


def merge(config: Config, flags: Mapping[str, Any], cwd: Path) -> Config:
    """Lay non-empty flag values over the config; list flags named in ADDITIVE extend it."""
    known = {f.name for f in fields(Config)}
    changes: dict[str, Any] = {}
    origin: set[tuple[str, str | None]] = set(config.from_flags)
    for attribute, value in flags.items():
        if attribute not in known:
            raise ValueError(f"unknown flag attribute {attribute!r}")
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            if attribute in ("include", "exclude", "extend_exclude"):
                _check_globs(value, lambda m, a=attribute: UserError(f"--{a.replace('_', '-')}: {m}"))
            origin.update((attribute, v) for v in value if isinstance(v, str))
            value = getattr(config, attribute) + value if attribute in ADDITIVE else value
        else:
            origin.add((attribute, None))
        changes[attribute] = value
    return replace(config, **changes, from_flags=frozenset(origin))


def _check_globs(globs: tuple[str, ...], fail: Callable[[str], UserError]) -> None:
    for glob in globs:
        try:
            glob_spec((glob,))
        except ValueError as err:
            raise fail(f"invalid glob '{glob}': {err}") from None


def display(path: Path, cwd: Path) -> str:
    """A path relative to the current directory, with forward slashes."""
    return Path(os.path.relpath(path.resolve(), cwd.resolve())).as_posix()
