"""bench/accuracy.py scores exactly as the devset README's "How to score" says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import load_bench


@pytest.fixture(scope="module")
def accuracy():
    return load_bench("accuracy")


@pytest.fixture
def devset(tmp_path: Path) -> Path:
    labels = [
        {"path": "a.txt", "line": 1, "category": "boilerplate"},
        {"path": "a.txt", "line": 2, "category": "title"},
        {"path": "a.txt", "line": 3, "category": "body"},
        {"path": "a.txt", "line": 4, "category": "body"},
        {"path": "a.txt", "line": 4, "category": "duplicate", "source_line": 3, "variant": "exact"},
        {"path": "a.txt", "line": 5, "category": "offtopic"},
        {"path": "a.txt", "line": 6, "category": "body"},
        {"path": "a.txt", "line": 6, "category": "duplicate", "source_line": 2, "dontcare": True},
        {"path": "a.txt", "line": 7, "category": "body"},
        {"path": "a.txt", "line": 7, "category": "unsupported-claim", "sentence": "x"},
        {"path": "a.txt", "line": 8, "category": "body"},
        {"path": "a.txt", "line": 8, "category": "unsupported-claim", "sentence": "y", "dontcare": True},
        {"path": "b.txt", "line": 1, "category": "body"},
        {"path": "b.txt", "line": 1, "category": "unsupported-claim", "sentence": "z"},
    ]
    (tmp_path / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in labels))
    (tmp_path / "pairs.jsonl").write_text(json.dumps({"a": "b.txt", "b": "a.txt"}) + "\n")
    (tmp_path / "README.md").write_text("Only these 12 files were annotated:\n\n  ```\n  a.txt\n  ```\n")
    return tmp_path


def finding(category: str, line: int, end_line: int | None = None, path: str = "corpus/a.txt", related=None) -> dict:
    return {"path": path, "line": line, "end_line": end_line, "category": category, "rule": "r", "related": related}


def test_block_findings_cover_every_line_and_dont_cares_are_neither_right_nor_wrong(accuracy, devset):
    gold = accuracy.load_gold(devset)
    scores = accuracy.score_devset([finding("boilerplate", 1, 3)], gold)
    # line 1 is boilerplate, line 2 a title (don't care), line 3 body: one TP, one FP.
    assert (scores["boilerplate"].tp, scores["boilerplate"].fp, scores["boilerplate"].fn) == (1, 1, 0)


def test_duplicates_first_copies_and_short_repeats_are_dont_care(accuracy, devset):
    gold = accuracy.load_gold(devset)
    findings = [finding("duplicate", 3), finding("duplicate", 4), finding("duplicate", 6), finding("duplicate", 7)]
    score = accuracy.score_devset(findings, gold)["duplicate"]
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert score.false_pos == [("a.txt", 7)]


def test_claims_count_only_in_annotated_files(accuracy, devset):
    gold = accuracy.load_gold(devset)
    findings = [finding("unsupported-claim", 8), finding("unsupported-claim", 1, path="b.txt")]
    score = accuracy.score_devset(findings, gold)["unsupported-claim"]
    assert (score.tp, score.fp, score.fn) == (0, 0, 1)  # line 7 missed; 8 is don't care; b.txt unscored


def test_pairs_are_unordered(accuracy, devset):
    gold = accuracy.load_gold(devset)
    related = {"path": "corpus/b.txt", "line": 1}
    score = accuracy.score_devset([finding("duplicate-document", 1, related=related)], gold)["duplicate-document"]
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


def test_expected_md_rows_and_must_not_mentions_are_parsed(accuracy, tmp_path):
    expected = tmp_path / "EXPECTED.md"
    expected.write_text(
        "## Must be flagged (kind → where)\n\n| file | line(s) | kind | why |\n|---|---|---|---|\n"
        "| 000 | 28–30 | boilerplate | tags |\n| 004 | 45, 47 | boilerplate | form |\n\n"
        "## Must NOT be flagged\n\n- headings (003 lines 2, 5, …; 001 lines 2, 9) and FAQ in 001 (lines 28–30)\n"
        "- Plain dates are not numeric claims: 000 line 12, 002 line 6, 004 line 7.\n"
    )
    rows, must_not = accuracy.parse_expected(expected)
    assert [(r.file, r.lines) for r in rows] == [("000", (28, 29, 30)), ("004", (45, 47))]
    assert must_not[0][1] == [("003", 2), ("003", 5), ("001", 2), ("001", 9), ("001", 28), ("001", 29), ("001", 30)]
    assert must_not[1][1] == [("000", 12), ("002", 6), ("004", 7)]
    assert accuracy.bullet_categories(must_not[1][0]) == ("unsupported-claim",)


def test_folds_outside_the_split_are_refused_before_any_run():
    import subprocess
    import sys

    bench = Path(__file__).resolve().parent.parent / "bench" / "accuracy.py"
    done = subprocess.run([sys.executable, str(bench), "--folds", "3,7"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "--folds: folds are 0 to 4" in done.stderr


@pytest.mark.parametrize("text, shape", [
    ("By Jane Doe", "byline"),
    ("Written by: William Bennett .", "byline"),
    ("Posted on March 3, 2005", "byline"),
    ("by the way, prices rose", "heading"),  # "by" and a lower-case word is no byline
    ("Jan. 27, 2005:", "date"),
    ("-- Kirby @ 10:30AM Thu 13 Jul 2006", "date"),
    ("Availability and requirements", "heading"),
    ("More on Women and Last Names:", "heading"),
    ("  • Santa Ana", "prose"),  # a list item stays counted
    ("Thank you.", "prose"),
    ("The council met on Tuesday to agree the budget for the coming year.", "prose"),
    ("Members of the council, the mayor and the town clerk and all of their staff", "prose"),  # 11+ words
])
def test_kept_shapes_are_told_by_shape_alone(accuracy, text, shape):
    assert accuracy.kept_shape(text) == shape


def test_the_additional_row_sets_kept_shaped_body_lines_aside_and_keeps_the_plain_figure(accuracy, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ["Home", "By Jane Doe", "The council met on Tuesday to agree the budget.", "Weather", "It rained.", "Contact us"]
    (corpus / "w.txt").write_text("\n".join(text) + "\n")
    categories = ["boilerplate", "body", "body", "body", "body", "boilerplate"]
    (tmp_path / "labels.jsonl").write_text("".join(
        json.dumps({"path": "w.txt", "line": n, "category": c}) + "\n" for n, c in enumerate(categories, 1)))
    gold = accuracy.load_web_gold(tmp_path)
    # flagged: the two furniture lines, the byline, the heading "Weather" and the sentence on line 5
    findings = [finding("boilerplate", 1, 2, path="corpus/w.txt"), finding("boilerplate", 4, 6, path="corpus/w.txt")]
    plain = accuracy.score_boilerplate(findings, gold, corpus, {"w.txt"})
    assert (plain.score.tp, plain.score.fp, plain.body, plain.body_flagged) == (2, 3, 4, 3)
    assert (plain.kept, plain.kept_flagged) == (2, 2)
    kept = plain.excluding_kept()
    assert (kept.score.tp, kept.score.fp, kept.score.fn, kept.body, kept.body_flagged) == (2, 1, 0, 2, 1)
    assert (plain.score.tp, plain.score.fp) == (2, 3)  # the plain score is left as it was
    total = accuracy.LineScore()
    total.add(plain)
    total.add(plain)
    assert (total.kept, total.kept_flagged, total.excluding_kept().body_flagged) == (4, 4, 2)


def test_the_additional_rows_follow_each_devset_web_row_and_are_labelled(accuracy, capsys):
    line = accuracy.LineScore(accuracy.Score(tp=8, fp=2, fn=2), body=10, body_flagged=2, kept=4, kept_flagged=1)
    accuracy.print_line_scores([("devset", "default pack", line), ("devset-web", "default pack", line)])
    rows = [r for r in capsys.readouterr().out.splitlines() if r.startswith("| devset")]
    assert [r.split(" | ")[1] for r in rows] == ["default pack", "default pack", f"default pack; {accuracy.KEPT_ROW}"]
    assert rows[1].split(" | ")[5] == "20.0%" and rows[2].split(" | ")[5] == "16.7%"  # 2 of 10; 1 of 6
    assert rows[2].split(" | ")[2] == "0.889"  # 8 of 9: the kept-shaped body line flagged is no longer wrong
