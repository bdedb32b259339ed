"""bench/news_claims.py scores unsupported-figure per labelled sentence of the Lee news sample, as its docstring says."""

from __future__ import annotations

import pytest

from conftest import load_bench


@pytest.fixture(scope="module")
def news():
    return load_bench("news_claims")


def test_the_labels_cover_every_candidate_of_each_drawn_article_with_a_reason(news):
    labels = news.load_labels()
    assert {c.half for c in labels} == set(news.SAMPLES)
    assert {c.label for c in labels} == set(news.LABELS)
    assert all(c.reason.strip() and news.CANDIDATE.search(c.sentence) for c in labels)
    halves: dict[str, set[str]] = {}
    for c in labels:
        halves.setdefault(c.article, set()).add(c.half)
    assert all(len(h) == 1 for h in halves.values())  # no article is in two samples
    # the draw is the one the labels were made from: every article with a candidate is labelled
    names = [f"bg_{n:03d}" for n in range(300)] + [f"lee_{n:03d}" for n in range(50)]
    drawn = news.draw(names)
    assert {a for a, h in halves.items() if h & set(news.HALVES)} <= set(drawn)
    assert len(drawn) == news.ARTICLES and sum(h == "analysis" for h in drawn.values()) == news.ARTICLES // 2
    assert not set(news.draw_second(names)) & set(drawn)


def test_candidates_are_sentences_with_a_digit_or_a_quantity_word(news):
    text = "Police came. Five people died. Two were hurt. It cost $3. Half left."
    assert [s for _, s in news.candidates(text)] == ["Five people died.", "It cost $3.", "Half left."]


def test_a_finding_counts_for_the_labelled_sentence_that_holds_its_column(news):
    c = news.Candidate
    text = "Five people died. Police said 40 were hurt. It cost $3. He left at 9:00."
    labels = [
        c("analysis", "a", 0, "Five people died.", "unsupported", "count"),
        c("analysis", "a", 18, "Police said 40 were hurt.", "supported", "source"),
        c("analysis", "a", 44, "It cost $3.", "unsupported", "amount"),
        c("analysis", "a", 56, "He left at 9:00.", "not-a-claim", "time"),
        c("analysis", "b", 0, "About 12 came.", "ambiguous", "vague"),
    ]
    assert all(text[l.start: l.start + len(l.sentence)] == l.sentence for l in labels[:4])
    findings = [
        {"rule": "unsupported-figure", "path": "out/a.txt", "column": 1, "excerpt": "Five people died."},
        {"rule": "unsupported-figure", "path": "out/a.txt", "column": 30, "excerpt": "Police said 40 were hurt."},
        {"rule": "unsupported-figure", "path": "out/b.txt", "column": 7, "excerpt": "About 12 came."},
        {"rule": "boilerplate-line", "path": "out/a.txt", "column": 53, "excerpt": "It cost $3."},
    ]
    flagged = news.flagged_offsets(findings)
    s = news.score(labels, flagged)
    # a: TP "Five", FP the supported sentence, FN "$3" (flagged by another rule only); b: don't care
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)


def test_a_finding_on_no_labelled_sentence_is_a_false_positive(news):
    c = news.Candidate
    labels = [c("held-out", "a", 0, "Five people died.", "unsupported", "count")]
    flagged = news.flagged_offsets([
        {"rule": "unsupported-figure", "path": "a.txt", "column": 1, "excerpt": "Five people died."},
        {"rule": "unsupported-figure", "path": "a.txt", "column": 30, "excerpt": "An unlabelled sentence."},
        {"rule": "unsupported-figure", "path": "z.txt", "column": 1, "excerpt": "Another article's."},
    ])
    hit, stray = news.verdicts(labels, flagged)
    assert hit == {labels[0]: True} and stray == [("a", "An unlabelled sentence."), ("z", "Another article's.")]
    s = news.score(labels, flagged)
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)  # z is not an article of these labels
