"""bench/accuracy_claims.py scores the hand-labelled figure-precision sample as its docstring says."""

from __future__ import annotations


import pytest

from conftest import load_bench


@pytest.fixture(scope="module")
def claims():
    return load_bench("accuracy_claims")


def test_the_sample_is_labelled_one_finding_per_page_with_a_reason(claims):
    items = claims.load_sample()
    assert {item.sample for item in items} == set(claims.SAMPLES)
    assert {item.label for item in items} == {"claim", "not-claim"}
    assert all(item.reason.strip() for item in items)
    assert len({item.page for item in items}) == len(items)  # the samples share no page


def test_a_finding_counts_only_while_its_own_sentence_is_flagged(claims):
    item = claims.Labelled
    items = [
        item("held-out", "a.txt", 3, "40", "About 40 people came.", "claim", "count"),
        item("held-out", "a.txt", 3, "7", "See page 7.", "not-claim", "reference: page number"),
        item("held-out", "b.txt", 1, "12", "Call 555-0112.", "not-claim", "contact: phone number"),
        item("held-out", "c.txt", 9, "5", "Five rose.", "claim", "count"),
    ]
    findings = [
        {"rule": "unsupported-figure", "path": "corpus/a.txt", "line": 3, "end_line": 3, "excerpt": "About 40 people came."},
        {"rule": "unsupported-figure", "path": "corpus/b.txt", "line": 1, "end_line": 2, "excerpt": "Call 555-0112."},
        {"rule": "boilerplate-line", "path": "corpus/c.txt", "line": 9, "end_line": 9, "excerpt": "Five rose."},
    ]
    score = claims.score_sample(items, claims.flagged_sentences(findings))
    # a.txt:3 "See page 7." shares the line but not the sentence; c.txt is flagged by another rule only
    assert (score.labelled, score.claims, score.flagged_claims, score.flagged_not_claims) == (4, 2, 1, 1)
    assert score.precision == 0.5
    assert score.recall == 0.5
