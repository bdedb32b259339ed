"""Every document-scope rule of the default pack against its pass/fail examples (cases/rules.yaml)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from newslint import document, linter, rules
from newslint.kinds import KINDS

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "rules.yaml").read_text(encoding="utf-8"))
# Rules that ship off (line-model) are checked against their examples too.
PACK = rules.RuleSet(tuple(dataclasses.replace(r, enabled=True) for r in rules.load([])))
DOCUMENT_RULES = [r.id for r in PACK if KINDS[r.kind].SCOPE == "document"]
EXAMPLES = [
    (rule_id, expect, text)
    for rule_id, case in CASES.items()
    for expect in ("flag", "pass")
    for text in case.get(expect, [])
]


def rules_hit(text: str) -> set[str]:
    report = linter.lint([document.parse(text + "\n", "case.txt")], PACK)
    return {f.rule for f in report.findings}


def test_every_document_rule_has_examples_of_both_kinds():
    missing = [r for r in DOCUMENT_RULES if not (CASES.get(r, {}).get("flag") and CASES.get(r, {}).get("pass"))]
    assert missing == []
    assert set(CASES) <= {r.id for r in PACK}


@pytest.mark.parametrize("rule_id, expect, text", EXAMPLES, ids=[f"{r}-{e}-{i}" for i, (r, e, _) in enumerate(EXAMPLES)])
def test_example(rule_id, expect, text):
    assert (rule_id in rules_hit(text)) == (expect == "flag")
