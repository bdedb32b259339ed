"""The `near-duplicate-doc` kind: whole articles that near-copy each other."""

from __future__ import annotations

from conftest import make_doc, rule_from_yaml
from newslint.kinds import near_copy

RULE = """
id: near-copy-document
kind: near-duplicate-doc
category: duplicate-document
severity: warning
message: "near-copy of {related_path} ({similarity}% similar)"
threshold: 0.5
min_words: 30
"""

ARTICLE = [
    "Chinese President Xi Jinping arrived in Moscow on Wednesday for a three-day state visit, his first trip abroad this year.",
    "Xi will be the guest of honour at the Red Square military parade on Friday, marking the end of the Second World War in Europe.",
    "The two leaders are expected to sign agreements on energy, trade and technology, officials in both capitals said.",
    "Western governments have accused Beijing of helping Moscow sustain its war effort, a charge China denies.",
]


def test_a_reworded_copy_with_other_furniture_is_found():
    original = make_doc("\n\n".join(ARTICLE) + "\n", "a.txt")
    reworded = list(ARTICLE)
    reworded[2] = reworded[2].replace("are expected to", "will")
    copy = make_doc("Skip to content\n\n" + "\n\n".join([reworded[1], reworded[0], *reworded[2:]]) + "\n\nShare\n", "b.txt")
    rule = rule_from_yaml(RULE)
    (finding,) = near_copy.check_corpus([near_copy.summarize(doc, rule) for doc in (copy, original)], rule)
    assert finding.path == "b.txt" and finding.related.path == "a.txt"
    assert finding.message.startswith("near-copy of a.txt (")


def test_the_five_seed_articles_about_one_event_are_not_copies(seed_report):
    assert [f for f in seed_report.findings if f.category == "duplicate-document"] == []


def test_a_single_document_has_no_twin():
    rule = rule_from_yaml(RULE)
    assert list(near_copy.check_corpus([near_copy.summarize(make_doc("\n".join(ARTICLE)), rule)], rule)) == []


def test_the_summary_is_small_and_survives_the_cache():
    from newslint import cache

    rule = rule_from_yaml(RULE)
    summary = near_copy.summarize(make_doc("\n\n".join(ARTICLE) + "\n", "a.txt"), rule)
    assert summary.comparable and summary.line == 1 and summary.signature.shape == (128,)
    restored = cache.decode(cache.encode(summary))
    assert restored.path == summary.path and restored.signature.tolist() == summary.signature.tolist()
