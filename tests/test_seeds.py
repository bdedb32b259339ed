"""The five seed articles against tests/fixtures/EXPECTED.md (a copy of shared/seeds/EXPECTED.md).

Every "must be flagged" row of an implemented category is found, and nothing outside
those rows is flagged in the scored categories — in particular none of the "must NOT" lines.
"""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES

# EXPECTED.md's "kind" column → newslint's category.
CATEGORY_OF_KIND = {
    "duplicate": "duplicate",
    "boilerplate": "boilerplate",
    "offtopic": "offtopic",
    "numeric": "unsupported-claim",
}
SCORED = set(CATEGORY_OF_KIND.values()) | {"duplicate-document"}
SEED_FILES = {
    "000": "corpus/000_605a992dca7f361f.txt",
    "001": "corpus/001_157c0db157d1dc7c.txt",
    "002": "corpus/002_f0ad515a767d8d63.txt",
    "003": "corpus/003_4d3af3daa9de9abb.txt",
    "004": "corpus/004_04310c59a7f995df.txt",
}
# The "Must NOT be flagged" section, line by line.
MUST_NOT = {
    "003": [2, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31],  # on-topic headings
    "001": [2, 9, 16, 17, 21, 24, *range(28, 39)],  # headings and the FAQ
    "000": [12],  # "80th anniversary"
    "002": [6],
    "004": [7, 15],  # a date; a quoted, attributed idiom
}
MUST_NOT_DATES = {("001", 31), ("001", 34)}
# Page furniture EXPECTED.md does not list (it lists what must be found, not all there is):
# flagging it is right, and it is no body paragraph.
FURNITURE_NOT_LISTED = {("004", 43, "boilerplate")}  # "By Mahder Nesibu,Researcher, Horn Review": a byline
# The promo lines of the seeds, and nothing else, are off-topic.
OFFTOPIC = {("001", 6), ("001", 15), ("003", 4)}


def must_flag_rows() -> list[tuple[str, int, str]]:
    """(file, line, category) for every line of every row of the must-flag table."""
    text = (FIXTURES / "EXPECTED.md").read_text(encoding="utf-8")
    section = text.split("## Must be flagged")[1].split("## Must NOT")[0]
    rows = []
    for match in re.finditer(r"^\| (\d{3}) \| ([\d–, ]+) \| (\w+) \|", section, re.MULTILINE):
        seed, spans, kind = match.groups()
        for part in spans.split(","):
            first, _, last = part.strip().partition("–")
            for line in range(int(first), int(last or first) + 1):
                rows.append((seed, line, CATEGORY_OF_KIND[kind]))
    return rows


ROWS = must_flag_rows()


def flagged(report, category: str) -> set[tuple[str, int]]:
    seed_of = {path: seed for seed, path in SEED_FILES.items()}
    return {
        (seed_of[f.path], line)
        for f in report.findings
        if f.category == category
        for line in range(f.line, f.end_line + 1)
    }


def test_the_expectations_table_was_read():
    assert len(ROWS) == 33
    assert ("000", 33, "boilerplate") in ROWS and ("002", 14, "duplicate") in ROWS


@pytest.mark.parametrize("seed, line, category", ROWS, ids=[f"{s}:{n}:{c}" for s, n, c in ROWS])
def test_must_flag_row_is_found(seed_report, default_rules, seed, line, category):
    if not any(r.category == category for r in default_rules.enabled()):
        pytest.skip(f"no rule of category {category} in the default pack yet")
    assert (seed, line) in flagged(seed_report, category)


@pytest.mark.parametrize("category", sorted(SCORED))
def test_nothing_outside_the_must_flag_rows_is_flagged(seed_report, category):
    expected = {(seed, line) for seed, line, cat in ROWS if cat == category}
    expected |= {(seed, line) for seed, line, cat in FURNITURE_NOT_LISTED if cat == category}
    assert flagged(seed_report, category) - expected == set()


def test_unsupported_figure_messages_name_the_figure(seed_report):
    messages = {(f.path[7:10], f.line): f.message for f in seed_report.findings if f.category == "unsupported-claim"}
    assert messages[("000", 39)] == 'unsupported figure "$244.8 billion" — add a source'
    assert messages[("003", 3)] == 'unsupported figure "27 million" — add a source'
    assert messages[("003", 26)] == 'unsupported figure "third face-to-face encounter" — add a source'
    assert messages[("003", 32)] == 'unsupported figure "99th" — add a source'


def test_must_not_lines_have_no_finding_of_any_scored_category(seed_report):
    must_not = {(seed, line) for seed, lines in MUST_NOT.items() for line in lines} | MUST_NOT_DATES
    hits = set().union(*(flagged(seed_report, c) for c in SCORED))
    assert hits & must_not == set()


def test_offtopic_flags_the_three_promo_lines_and_no_heading_or_faq_question(seed_report):
    assert flagged(seed_report, "offtopic") == OFFTOPIC
    headings_and_faq = {("003", n) for n in MUST_NOT["003"]} | {("001", n) for n in MUST_NOT["001"]}
    assert not flagged(seed_report, "offtopic") & headings_and_faq


def test_unlisted_furniture_is_no_must_not_line():
    must_not = {(seed, line) for seed, lines in MUST_NOT.items() for line in lines} | MUST_NOT_DATES
    assert {(seed, line) for seed, line, _ in FURNITURE_NOT_LISTED} & must_not == set()
