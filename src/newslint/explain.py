"""What `newslint rules` and `newslint explain RULE` print: the rules themselves, as their YAML and kind describe them."""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import textwrap
from typing import Any

from newslint.errors import UserError
from newslint.rules import Rule, RuleSet
from newslint.suppress import UNUSED_RULE


def rules_table(ruleset: RuleSet) -> str:
    from tabulate import tabulate

    rows = [
        [rule.id, rule.kind, rule.category, rule.severity.label, "yes" if rule.enabled else "no", str(rule.source)]
        for rule in sorted(ruleset, key=lambda r: (r.category, r.id))
    ]
    table = tabulate(rows, headers=("id", "kind", "category", "severity", "selected", "source"),
                     tablefmt="simple", disable_numparse=True)
    selected = sum(1 for rule in ruleset if rule.enabled)
    return f"{table}\n\n{len(rows)} rules loaded, {selected} selected\n"


def find(ruleset: RuleSet, name: str) -> Rule:
    rule = ruleset.get(name) or (UNUSED_RULE if name == UNUSED_RULE.id else None)
    if rule is None:
        close = difflib.get_close_matches(name, [r.id for r in ruleset], n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise UserError(f"unknown rule '{name}'; {hint}run `newslint rules` to list them")
    return rule


def explain(rule: Rule) -> str:
    from newslint.kinds import KINDS

    flags = ", fixable" if rule.fixable else ""
    selected = "" if rule.enabled else " (not selected)"
    parts = [
        f"{rule.id}{selected}",
        f"kind: {rule.kind} · category: {rule.category} · severity: {rule.severity.label}{flags}",
        f"defined at {rule.source}",
        "",
        textwrap.fill(" ".join(rule.description.split()), 88) if rule.description else "(no description)",
        "",
        f"Message: {rule.message}",
    ]
    params = _parameters(rule.params)
    if params:
        parts += ["", "Parameters:"]
        width = max(len(name) for name, _, _ in params)
        for name, value, default in params:
            note = "" if value == default else f"   (default {_show(default)})"
            parts.append(f"  {name.ljust(width)}  {_show(value)}{note}")
    if rule.example:
        parts += ["", "Example:", textwrap.indent(rule.example.rstrip(), "  ")]
    module = KINDS.get(rule.kind)
    if module is not None and module.__doc__:
        parts += ["", f"About the `{rule.kind}` kind:", textwrap.indent(inspect.cleandoc(module.__doc__), "  ")]
    return "\n".join(parts) + "\n"


def _parameters(params: Any) -> list[tuple[str, Any, Any]]:
    if params is None or not dataclasses.is_dataclass(params):
        return []
    result = []
    for field in dataclasses.fields(params):
        if not field.init:
            continue
        default = field.default if field.default is not dataclasses.MISSING else (
            field.default_factory() if field.default_factory is not dataclasses.MISSING else None  # type: ignore[misc]
        )
        result.append((field.name, getattr(params, field.name), default))
    return result


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    return str(value)
