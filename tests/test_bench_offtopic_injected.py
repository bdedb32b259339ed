"""bench/offtopic_injected.py pastes headlines between paragraphs and scores what is said of each line."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import load_bench

PARAGRAPH = "The council voted on Tuesday to keep the library open for another two years at least."


@pytest.fixture(scope="module")
def bench():
    return load_bench("offtopic_injected")


def test_lee_articles_become_paragraphs_of_two_sentences_with_slots_between(bench, tmp_path: Path):
    (tmp_path / "bg_000.txt").write_text(" ".join([PARAGRAPH] * 6) + "\n", encoding="utf-8")
    (tmp_path / "bg_001.txt").write_text("Too short. To use.\n", encoding="utf-8")
    (page,) = bench.lee_pages(tmp_path)
    assert page.name == "bg_000.txt" and page.blank_separated
    assert page.lines == [f"{PARAGRAPH} {PARAGRAPH}", ""] * 3
    assert page.slots == [0, 2]


def test_injected_lines_are_where_the_bench_says_and_never_a_pages_own_headline(bench, tmp_path: Path):
    page = bench.Page("a.txt", [PARAGRAPH, "", PARAGRAPH, "", PARAGRAPH], slots=[0, 2], blank_separated=True)
    pool = [("a.txt", "Its own headline"), ("b.txt", "Another story's headline here")]
    injected = bench.inject([page], pool, random.Random(1), tmp_path / "out")
    text = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8").split("\n")
    assert injected["a.txt"] and all(text[n - 1].endswith("Another story's headline here") for n in injected["a.txt"])
    assert "Its own headline" not in "\n".join(text)


def test_score_counts_off_topic_findings_on_injected_lines_and_on_the_hosts_own(bench, tmp_path: Path):
    (tmp_path / "a.txt").write_text(f"{PARAGRAPH}\n\nPromo headline\n\n{PARAGRAPH}\n\nOwn heading\n", encoding="utf-8")
    findings = [
        {"path": str(tmp_path / "a.txt"), "line": 3, "category": "offtopic", "rule": "offtopic-promo"},
        {"path": str(tmp_path / "a.txt"), "line": 7, "category": "offtopic", "rule": "offtopic-promo"},
    ]
    tally = bench.score(findings, tmp_path, {"a.txt": {3}})
    assert (tally.injected, tally.found, tally.false_lines, tally.host_lines) == (1, 1, 1, 3)
    missed = bench.score(findings[1:], tmp_path, {"a.txt": {3}})
    assert (missed.found, missed.called["nothing"]) == (0, 1)
