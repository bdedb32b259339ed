"""bench/web_body.py: the flagged devset-web body lines, by rule, length, position and shape."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import load_bench


@pytest.fixture(scope="module")
def web_body():
    return load_bench("web_body")


PAGE = """Home

By Jane Doe

The council met on Tuesday to agree the budget for the coming year, its leader said.

The vote on the budget is due next month, after a public consultation closes in March.

Thank you.

Contact us
"""
CATEGORIES = {1: "boilerplate", 3: "body", 5: "body", 7: "body", 9: "body", 11: "boilerplate"}


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    web = tmp_path / "devset-web"
    (web / "corpus").mkdir(parents=True)
    (web / "corpus" / "w.txt").write_text(PAGE)
    (web / "corpus" / "x.txt").write_text(PAGE)
    (web / "labels.jsonl").write_text("".join(
        json.dumps({"path": name, "line": n, "category": c}) + "\n" for name in ("w.txt", "x.txt") for n, c in CATEGORIES.items()))
    return tmp_path


def finding(rule: str, line: int, path: str = "w.txt") -> dict:
    return {"path": f"corpus/{path}", "line": line, "end_line": line, "category": "boilerplate", "rule": rule}


def test_each_flagged_body_line_has_its_rules_length_position_and_shape(web_body, shared):
    findings = [finding("edge-short-line", 1), finding("byline", 3), finding("line-model", 3), finding("common-block", 9),
                finding("edge-short-line", 11), finding("offtopic", 9, "x.txt")]
    # x.txt is in fold 1, which is not counted: its finding and its body lines are left out
    rows, body, furniture, only = web_body.breakdown(shared, {0: findings}, folds={"w.txt": 0, "x.txt": 1})
    assert body == 4
    assert [(r["line"], r["rules"], r["words"], r["position"], r["shape"]) for r in rows] == [
        (3, ["byline", "line-model"], 3, "lead", "byline"),
        (9, ["common-block"], 2, "tail", "prose"),
    ]
    assert furniture == Counter({"edge-short-line": 2}) and only == Counter({"edge-short-line": 2})


def test_the_printed_breakdown_counts_a_line_under_each_of_its_rules(web_body, shared, capsys):
    findings = [finding("byline", 3), finding("line-model", 3), finding("common-block", 9)]
    web_body.print_breakdown(*web_body.breakdown(shared, {0: findings}, folds={"w.txt": 0, "x.txt": 1}))
    out = capsys.readouterr().out
    assert out.startswith("devset-web body lines flagged: 2 of 4 (50.0%)")
    assert "| byline | 1 | 50.0% | 0 | 0 | 0 |" in out  # shared with line-model: not its alone
    assert "| common-block | 1 | 50.0% | 1 | 0 | 0 |" in out
    assert "| 1-3 | 2 | 100.0% |" in out and "| 11+ | 0 | 0.0% |" in out


@pytest.mark.parametrize("words, bucket", [(1, "1-3"), (3, "1-3"), (4, "4-10"), (10, "4-10"), (11, "11+"), (90, "11+")])
def test_length_buckets(web_body, words, bucket):
    assert web_body.length_bucket(words) == bucket


LONG_PAGE = """Home

The council met on Tuesday to agree the budget for the coming year, its leader said.

The vote on the budget is due next month, after a public consultation closes in March.

Copyright 2005 the Daily Example, all rights reserved; no part of this page may be reproduced.

Copyright 2005 the Daily Example, all rights reserved; no part of this page may be reproduced.
"""
LONG_CATEGORIES = {1: "boilerplate", 3: "body", 5: "body", 7: "boilerplate", 9: "boilerplate"}


class FixedModel:
    """A stand-in for the fold's held-out line model: every block scores `value`."""

    def __init__(self, value: float):
        self.value = value

    def probability(self, rows):
        return [self.value] * len(rows)


def test_missed_long_furniture_counts_only_unflagged_long_lines_of_the_folds(web_body, tmp_path):
    web = tmp_path / "devset-web"
    (web / "corpus").mkdir(parents=True)
    for name in ("w.txt", "x.txt"):
        (web / "corpus" / name).write_text(LONG_PAGE)
    (web / "labels.jsonl").write_text("".join(
        json.dumps({"path": name, "line": n, "category": c}) + "\n" for name in ("w.txt", "x.txt") for n, c in LONG_CATEGORIES.items()))
    # line 7 of w.txt is flagged, line 9 is not; "Home" is short; x.txt is another fold's page
    rows, total = web_body.missed_long(tmp_path, {0: [finding("page-notice", 7)]}, folds={"w.txt": 0, "x.txt": 1},
                                       model_for=lambda shared, fold: FixedModel(0.25))
    assert total == 2
    assert [(r["file"], r["line"], r["position"], r["pages"], r["score"]) for r in rows] == [("w.txt", 9, "body", 2, 0.25)]  # a prose-shaped notice sits in the span


def test_the_printed_missed_table_bands_scores_and_repeats(web_body, capsys):
    rows = [{"file": "w.txt", "line": 9, "text": "a b", "words": 11, "position": "tail", "pages": 2, "score": 0.55, "block_lines": 1, "block_furniture": True}]
    web_body.print_missed(rows, 4, 0)
    out = capsys.readouterr().out
    assert out.startswith("devset-web furniture lines of 11+ words missed: 1 of 4 (25.0%)")
    assert "| tail | 1 | 100.0% |" in out and "| 2-4 pages | 1 | 100.0% |" in out and "| 0.5-0.63 | 1 | 100.0% |" in out


def test_norm_line_folds_case_digits_and_spacing(web_body):
    assert web_body.norm_line("  Copyright 2005   Example ") == web_body.norm_line("copyright 1999 example")
