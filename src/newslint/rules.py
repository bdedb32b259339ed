"""Rules are data: load YAML rule files, validate every key, and build typed, frozen rules.

A rule file is a mapping with a top-level `rules:` list. Every rule has the
common keys below plus the parameters its kind declares in its `Params`
dataclass; anything else is an error that names the file and line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import math
import string
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from newslint import lazy_import, prefilter, re_code, regexes, user_cache
from newslint.errors import ParamError, UserError
from newslint.findings import CATEGORIES, EXCERPT_LIMIT, FIX_KINDS, FIX_SAFE, SEVERITY_NAMES, Finding, Related, Severity, excerpt_of

if TYPE_CHECKING:
    from newslint.document import Block

REQUIRED_KEYS = ("id", "kind", "category", "severity", "message")
# `newslint fix` never edits claims, whatever a rule file says.
NEVER_FIXABLE_CATEGORIES = ("unsupported-claim",)
# `fixable: true` is the older spelling of `fix: safe`, still read.
OPTIONAL_KEYS = ("description", "enabled", "fix", "fixable", "fallback", "yields_to", "defer_to", "example")
MERGE_TAG = "tag:yaml.org,2002:merge"
# PyYAML is imported when a rule file must be parsed: a run whose rule files' parses are in the
# derived file (below) never imports it (~20 ms), nor parses (~7 ms for the pack).
yaml = lazy_import.module("yaml")


@functools.cache
def yaml_classes() -> tuple[type, type]:
    """(SafeLoader, DuplicateKey): safe_load's loader (its C build where PyYAML has libyaml), but
    a key given twice in one mapping is an error, not "the last one wins"; made on first use.

    Keys a merge (`<<: *defaults`) brings in may still be overridden: that is what merging is for.
    """

    class DuplicateKey(yaml.YAMLError):
        def __init__(self, key: object, first: int, again: int) -> None:
            super().__init__(f"duplicate key {key!r}")
            self.key, self.first, self.again = key, first, again

    class SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def construct_mapping(self, node: "yaml.MappingNode", deep: bool = False) -> dict:
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = self.construct_object(key_node)
                line = key_node.start_mark.line + 1
                try:
                    if key in seen:
                        raise DuplicateKey(key, seen[key], line)
                    seen[key] = line
                except TypeError:  # an unhashable key: SafeConstructor reports it itself
                    continue
            return super().construct_mapping(node, deep=deep)

    return SafeLoader, DuplicateKey


RULE_FILE_SUFFIXES = (".yaml", ".yml")
# Loading a rule file takes time and memory linear in its size (a phrase list: ~1 s CPU and
# ~45 MB per MB, parsing included, docs/hostile-input-sizes.md); past this size a file is
# refused before it is parsed, rather than loaded for long with much memory.
RULE_FILE_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Source:
    """Where a rule is defined: its rule file and the line of its entry."""
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Rule:
    """One loaded rule: its id, kind, category, severity, message and its kind's parameters."""
    id: str
    kind: str
    category: str
    severity: Severity
    message: str
    params: Any  # the kind's Params dataclass
    source: Source
    description: str = ""
    example: str = ""
    enabled: bool = True
    fix: str | None = None  # FIX_SAFE or FIX_UNSAFE: what `newslint fix` may do with its findings
    # A catch-all rule: it reports only lines no specific rule of its category has flagged.
    fallback: bool = False
    # Categories whose findings outrank this rule's: a finding of this rule is dropped when other
    # rules of these categories flag every line it covers (a figure in a caption is no claim).
    yields_to: tuple[str, ...] = ()
    # Rules that name a line better: this rule's finding is dropped where one of them flagged
    # every line it covers (an off-topic verdict yields to "this is a photo credit").
    defer_to: tuple[str, ...] = ()

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def block_finding(self, path: str, block: "Block", *, related: Related | None = None, **fields: object) -> Finding:
        """A finding that spans a whole block, its excerpt the block's text."""
        return self.finding(
            path, block.line, block.text, end_line=block.end_line, column=block.column, related=related, **fields
        )

    def finding(
        self,
        path: str,
        line: int,
        excerpt: str,
        *,
        end_line: int | None = None,
        column: int = 1,
        related: Related | None = None,
        **fields: object,
    ) -> Finding:
        return Finding(
            path=path,
            line=line,
            end_line=line if end_line is None else end_line,
            column=column,
            rule=self.id,
            category=self.category,
            severity=self.severity,
            message=self.message.format(**{k: _short(v) for k, v in fields.items()}),
            excerpt=excerpt_of(excerpt),
            related=related,
            fix=self.fix,
        )


@dataclass(frozen=True)
class RuleSet:
    """Every loaded rule, in the order of their files."""
    rules: tuple[Rule, ...]

    def __iter__(self):
        return iter(self.rules)

    def enabled(self) -> list[Rule]:
        return [r for r in self.rules if r.enabled]

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


PLACEHOLDER_LIMIT = 60


def _short(value: object) -> object:
    """Placeholder values are cut so that one long match cannot swamp a message."""
    if isinstance(value, str) and len(value) > PLACEHOLDER_LIMIT:
        return value[: PLACEHOLDER_LIMIT - 1].rstrip() + "…"
    return value




def default_rules_dir() -> Path:
    return Path(__file__).parent / "rules"


def rule_files(directory: Path) -> list[Path]:
    if directory.is_file():
        raise UserError("is a file, expected a directory of rule files; pass its directory to --rules", directory.as_posix())
    if not directory.is_dir():
        raise UserError("rule directory not found; pass an existing directory to --rules", directory.as_posix())
    return sorted(p for p in directory.rglob("*") if p.suffix in RULE_FILE_SUFFIXES and p.is_file())


def load(directories: list[Path], include_default: bool = True) -> RuleSet:
    """Load and validate every rule file; the first problem is a UserError naming file and line."""
    dirs = ([default_rules_dir()] if include_default else []) + list(directories)
    rules: list[Rule] = []
    seen: dict[str, Source] = {}
    global _derived_file
    _derived_file = _derived_name(dirs)
    if _derived_file is not None:
        stored = user_cache.read(_derived_file)
        if isinstance(stored, dict):
            prefilter.remember(stored.get("needs"))
            regexes.remember_code(stored.get("code"))
            re_code.remember(stored.get("re"))
            remember_parses(stored.get("parsed"))
    global _derived_paths
    listed = [rule_files(directory) for directory in dirs]
    _derived_paths = tuple(str(path.resolve()) for paths in listed for path in paths)
    for paths in listed:
        for path in paths:
            for rule in load_file(path):
                if rule.id in seen:
                    raise UserError(
                        f"duplicate rule id '{rule.id}' (first defined at {seen[rule.id]}); rename one of them",
                        rule.source.path,
                        rule.source.line,
                    )
                seen[rule.id] = rule.source
                rules.append(rule)
    keep_derived()
    return RuleSet(tuple(rules))


# Bump when what the derived file holds changes.
DERIVED_FORMAT = 3  # 2: Python `re` code (re_code) and the rule files' parses too; 3: code lists packed (re_code.pack)
_derived_file: str | None = None  # the derived file of the rules `load` read last
_derived_paths: tuple[str, ...] = ()  # its rule files (absolute): their parses go in it, no other file's
_derived_kept: tuple[int, int, int, int] = (0, 0, 0, 0)  # (prefilter, regexes, re, parses) worked out when it was last written


def keep_derived() -> None:
    """Write what loading the rules, and checking with them since, worked out that the derived
    file did not hold: the prefilter's answers (at load) and the regexes' compiled code (at first
    use, while documents are checked: the pipeline calls this after its run)."""
    global _derived_kept
    now = (prefilter.computed(), regexes.code_computed(), re_code.computed(), _parsed_computed)
    if _derived_file is None or now == _derived_kept:
        return
    _derived_kept = now
    user_cache.write(_derived_file, {"needs": prefilter.remembered(), "code": regexes.remembered_code(),
                                     "re": re_code.remembered(), "parsed": remembered_parses(_derived_paths)})


def _derived_name(dirs: list[Path]) -> str | None:
    """The user-cache file of what loading these rule files derives from their regexes (their
    prefilter literals, prefilter.remembered; their compiled code, regexes.remembered_code): named
    by a hash of every file's bytes and of the code that derives, so that a changed pack, a
    newslint upgrade or another `regex` release reads a file of its own.
    None when the files cannot all be read: the loader then reports the problem as usual."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        digest.update(f"{DERIVED_FORMAT} {prefilter.fingerprint()} {regexes.fingerprint()} {re_code.fingerprint()}\n".encode())
        for directory in dirs:
            for path in rule_files(directory):
                if path.stat().st_size > RULE_FILE_MAX_BYTES:
                    return None
                data = path.read_bytes()
                digest.update(f"{len(data)}\n".encode() + data)
    except (OSError, UserError):
        return None
    return f"rules-{digest.hexdigest()}.json"


def load_file(path: Path) -> list[Rule]:
    resolved = path.resolve()  # once: each resolve is a system call per path component
    name = _display(path, resolved)
    try:
        size = path.stat().st_size
        if size > RULE_FILE_MAX_BYTES:
            raise UserError(
                f"rule file is {size / 1e6:.1f} MB; newslint reads rule files of at most "
                f"{RULE_FILE_MAX_BYTES / 1e6:.0f} MB (loading takes ~1 s and ~45 MB per MB): split it into smaller files "
                "or keep only the phrases you need", name)
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"cannot read rule file: {err}", name) from None
    data, lines = _rule_list(text, name, str(resolved))
    shipped = resolved.is_relative_to(_shipped_dir())
    return [build_rule(raw, name, lines[i], shipped) for i, raw in enumerate(data["rules"])]


# --- parsed rule files, remembered --------------------------------------------------------
#
# Each rule file's parse (its data and the lines of each rule's keys, all the loader needs of
# the YAML) goes in the derived file, by the file's absolute path and a hash of its text: a run
# whose rule files are unchanged neither imports PyYAML nor parses. Only a parse that JSON holds
# exactly is kept (plain strings, numbers, booleans, nulls, lists and string-keyed mappings: a
# date, a set or a numeric key is parsed again each time); a file that does not load is not kept.

_parsed: dict[str, tuple[str, dict, list["_NodeLines"]]] = {}  # path -> (text hash, data, each rule's lines)
_parsed_computed = 0


def _rule_list(text: str, name: str, key: str) -> tuple[dict, list["_NodeLines"]]:
    """The data of a rule file that has a top-level `rules:` list, and each rule's lines; an
    empty file gives no rules. Anything else is a UserError naming the line."""
    global _parsed_computed
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    stored = _parsed.get(key)
    if stored is not None and stored[0] == digest:
        return stored[1], stored[2]
    data, root = read_yaml(text, name)
    if data is None:
        return {"rules": []}, []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise UserError("a rule file must be a mapping with a top-level 'rules:' list", name, 1)
    unknown = sorted((str(key) for key in data if key != "rules"))
    if unknown:
        raise UserError(f"unknown top-level key '{unknown[0]}'; only 'rules' is allowed", name, _key_line(root, unknown[0]))
    rules_node = _value_node(root, "rules")
    lines = [_NodeLines(rules_node.value[i]) for i in range(len(data["rules"]))]
    if _json_exact(data):
        _parsed[key] = (digest, data, lines)
        _parsed_computed += 1
    return data, lines


def _json_exact(value: object) -> bool:
    """Whether JSON gives back this value, with the same types."""
    kind = type(value)
    if kind in (str, int, bool) or value is None:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is list:
        return all(map(_json_exact, value))
    if kind is dict:
        return all(type(k) is str for k in value) and all(map(_json_exact, value.values()))
    return False


def remembered_parses(paths: tuple[str, ...]) -> dict[str, list]:
    """The kept parses of these rule files (absolute paths) as a JSON-able value."""
    return {key: [digest, data, [lines.stored() for lines in each]] for key, (digest, data, each) in sorted(_parsed.items())
            if key in paths}


def remember_parses(stored: object) -> bool:
    """Take back `remembered_parses()`; False, and nothing taken, if any entry is not one."""
    if not isinstance(stored, dict):
        return False
    taken = {}
    for key, entry in stored.items():
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and isinstance(entry[1], dict)
                and isinstance(entry[1].get("rules"), list) and isinstance(entry[2], list)
                and len(entry[2]) == len(entry[1]["rules"])):
            return False
        each = [_NodeLines.from_stored(item) for item in entry[2]]
        if None in each:
            return False
        taken[key] = (entry[0], entry[1], each)
    for key, entry in taken.items():
        _parsed.setdefault(key, entry)
    return True


def read_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """The data (safe_load) and its node tree (for line numbers); bad syntax is a UserError with the line."""
    # One parse, by libyaml's safe loader when PyYAML has it: the rule pack is read on every
    # run, and parsing it twice in pure Python took half the start-up of a one-file check.
    loader_class, duplicate_key = yaml_classes()
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except duplicate_key as err:
        raise UserError(
            f"duplicate key '{err.key}' (also on line {err.first}); a key may appear once in a mapping: remove one",
            name,
            err.again,
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise UserError(f"invalid YAML: {problem}; fix the syntax", name, mark.line + 1 if mark else None) from None
    except RecursionError:
        raise UserError("invalid YAML: nested too deeply", name) from None
    finally:
        loader.dispose()


class _NodeLines:
    """Line numbers of one rule's mapping node and of each of its keys."""

    def __init__(self, node: "yaml.Node | None") -> None:
        self.line = 1
        self.keys: dict[str, int] = {}
        self.items: dict[str, list[int]] = {}  # a list's key -> the line of each item
        if node is None:
            return
        self.line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.keys[str(key.value)] = key.start_mark.line + 1
                if isinstance(value, yaml.SequenceNode):
                    self.items[str(key.value)] = [item.start_mark.line + 1 for item in value.value]

    def stored(self) -> list:
        return [self.line, self.keys, self.items]

    @classmethod
    def from_stored(cls, stored: object) -> "_NodeLines | None":
        """The lines `stored()` gave; None when `stored` is not such a value."""
        if not (isinstance(stored, list) and len(stored) == 3 and type(stored[0]) is int
                and isinstance(stored[1], dict) and all(type(v) is int for v in stored[1].values())
                and isinstance(stored[2], dict)
                and all(isinstance(v, list) and all(type(n) is int for n in v) for v in stored[2].values())):
            return None
        lines = cls(None)
        lines.line, lines.keys, lines.items = stored
        return lines

    def of(self, key: str, item: int | None = None) -> int:
        lines = self.items.get(key, [])
        if item is not None and 0 < item <= len(lines):
            return lines[item - 1]
        return self.keys.get(key, self.line)


def build_rule(raw: object, file: str, lines: _NodeLines, shipped: bool = False) -> Rule:
    """`shipped`: the rule is the default pack's, so its patterns run unguarded (see regexes)."""
    from newslint.kinds import KINDS, fix_refusal

    def fail(message: str, key: str | None = None, item: int | None = None) -> UserError:
        return UserError(message, file, lines.of(key, item) if key else lines.line)

    if not isinstance(raw, dict):
        raise fail("each rule must be a mapping with id, kind, category, severity and message")
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise fail(f"rule is missing required key '{key}'")
    rule_id = raw["id"]
    if not isinstance(rule_id, str) or not rule_id or not all(c.isalnum() or c in "-_" for c in rule_id):
        raise fail("'id' must be a non-empty string of letters, digits, '-' and '_'", "id")
    kind = raw["kind"]
    if not isinstance(kind, str) or kind not in KINDS:
        raise fail(f"rule '{rule_id}': unknown kind '{kind}'; use one of: {', '.join(sorted(KINDS))}", "kind")
    module = KINDS[kind]
    if raw["category"] not in CATEGORIES:
        raise fail(f"rule '{rule_id}': unknown category '{raw['category']}'; use one of: {', '.join(CATEGORIES)}", "category")
    if raw["severity"] not in SEVERITY_NAMES:
        raise fail(f"rule '{rule_id}': severity must be one of: {', '.join(SEVERITY_NAMES)}", "severity")
    for key in ("message", "description", "example"):
        if key in raw and not isinstance(raw[key], str):
            raise fail(f"rule '{rule_id}': '{key}' must be a string", key)
    for key in ("enabled", "fixable", "fallback"):
        if key in raw and not isinstance(raw[key], bool):
            raise fail(f"rule '{rule_id}': '{key}' must be true or false", key)
    yields_to = raw.get("yields_to", [])
    if not isinstance(yields_to, list) or not all(isinstance(c, str) for c in yields_to):
        raise fail(f"rule '{rule_id}': 'yields_to' must be a list of categories", "yields_to")
    for category in yields_to:
        if category not in CATEGORIES:
            raise fail(f"rule '{rule_id}': 'yields_to' names unknown category '{category}'; use: {', '.join(CATEGORIES)}", "yields_to")
    defer_to = raw.get("defer_to", [])
    if not isinstance(defer_to, list) or not all(isinstance(d, str) and d for d in defer_to):
        raise fail(f"rule '{rule_id}': 'defer_to' must be a list of rule ids", "defer_to")
    if rule_id in defer_to:
        raise fail(f"rule '{rule_id}': 'defer_to' cannot name the rule itself", "defer_to")
    if "fix" in raw and raw["fix"] not in FIX_KINDS:
        raise fail(f"rule '{rule_id}': 'fix' must be one of: {', '.join(FIX_KINDS)} (leave it out when the rule is not fixable)", "fix")
    if "fix" in raw and "fixable" in raw:
        raise fail(f"rule '{rule_id}': give 'fix' only ('fixable: true' is the older spelling of 'fix: safe')", "fixable")
    fix = raw.get("fix", FIX_SAFE if raw.get("fixable") else None)
    fix_key = "fix" if "fix" in raw else "fixable"
    _check_placeholders(raw["message"], module.PLACEHOLDERS, lambda m: fail(f"rule '{rule_id}': {m}", "message"))

    param_names = {f.name for f in dataclasses.fields(module.Params) if f.init}
    common = set(REQUIRED_KEYS) | set(OPTIONAL_KEYS)
    for key in raw:
        if key not in common and key not in param_names:
            known = ", ".join(sorted(param_names)) or "none"
            raise fail(f"rule '{rule_id}': unknown key '{key}' for kind '{kind}' (its parameters: {known})", key)
    params_raw = {k: v for k, v in raw.items() if k in param_names}
    try:
        with regexes.trusted() if shipped else contextlib.nullcontext():
            params = module.Params(**{k: _coerce(k, v, module.Params) for k, v in params_raw.items()})
    except ParamError as err:
        raise fail(f"rule '{rule_id}': {err.message}", err.key, err.item) from None
    if fix is not None:
        refusal = fix_refusal(kind, params)
        if raw["category"] in NEVER_FIXABLE_CATEGORIES:
            refusal = f"category '{raw['category']}' is never fixed: newslint does not edit claims"
        if refusal:
            raise fail(f"rule '{rule_id}': cannot be fixable ('{fix_key}: {raw[fix_key]}'): {refusal}", fix_key)
    return Rule(
        id=rule_id,
        kind=kind,
        category=raw["category"],
        severity=Severity.parse(raw["severity"]),
        message=raw["message"],
        params=params,
        source=Source(file, lines.line),
        description=raw.get("description", ""),
        example=raw.get("example", ""),
        enabled=raw.get("enabled", True),
        fix=fix,
        fallback=raw.get("fallback", False),
        yields_to=tuple(yields_to),
        defer_to=tuple(defer_to),
    )


def _check_placeholders(message: str, allowed: frozenset[str], fail) -> None:
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(message) if name is not None]
    except ValueError as err:
        raise fail(f"message is not a valid template ({err}); write literal braces as '{{{{' and '}}}}'") from None
    unknown = sorted(name for name, _, _ in fields if name not in allowed)
    if unknown:
        raise fail(f"unknown placeholder '{{{unknown[0]}}}' in message; this kind offers: {', '.join(sorted(allowed)) or 'none'}")
    # A format spec or conversion could fail on a value only when a finding is made.
    styled = next((name for name, spec, conversion in fields if spec or conversion), None)
    if styled is not None:
        raise fail(f"placeholder '{{{styled}}}' takes no ':' format or '!' conversion; write it as {{{styled}}}")


def _coerce(key: str, value: object, params_type: type) -> object:
    expected = _type_hints(params_type)[key]
    return _check_type(key, value, expected)


@functools.cache
def _type_hints(params_type: type) -> dict[str, Any]:
    return typing.get_type_hints(params_type)


def _check_type(key: str, value: object, expected: object) -> object:
    origin = typing.get_origin(expected)
    if origin is Literal:
        choices = typing.get_args(expected)
        if value not in choices:
            raise ParamError(key, f"'{key}' must be one of: {', '.join(map(str, choices))}")
        return value
    if origin in (tuple, list):
        (item_type, *_) = typing.get_args(expected)
        if not isinstance(value, list):
            raise ParamError(key, f"'{key}' must be a list")
        return tuple(_check_type(key, item, item_type) for item in value)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(expected):
            try:
                return _check_type(key, value, option)
            except ParamError:
                continue
        raise ParamError(key, f"'{key}' has the wrong type")
    if expected is type(None):
        if value is not None:
            raise ParamError(key, f"'{key}' must be null")
        return value
    if expected is bool:
        if not isinstance(value, bool):
            raise ParamError(key, f"'{key}' must be true or false")
    elif expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParamError(key, f"'{key}' must be a whole number")
    elif expected is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(key, f"'{key}' must be a number")
        return float(value)
    elif expected is str:
        if not isinstance(value, str):
            raise ParamError(key, f"'{key}' must be a string")
    return value


def _value_node(mapping: yaml.Node, key: str) -> yaml.Node:
    return next(v for k, v in mapping.value if k.value == key)


def _key_line(mapping: yaml.Node, key: str) -> int:
    return next((k.start_mark.line + 1 for k, _ in mapping.value if str(k.value) == key), 1)


@functools.cache
def _shipped_dir() -> Path:
    """The default pack's directory, resolved: it is inside the installed package, so it never moves."""
    return default_rules_dir().resolve()


def _display(path: Path, resolved: Path | None = None) -> str:
    try:
        return (resolved or path.resolve()).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
