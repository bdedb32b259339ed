"""The `common-block` kind: short blocks that recur across the stories of the checked set."""

from __future__ import annotations

import pytest

from conftest import make_doc, rule_from_yaml
from newslint import linter, rules
from newslint.errors import UserError
from newslint.kinds import common_block

RULE = """
id: furniture
kind: common-block
category: boilerplate
severity: warning
message: "in {documents} of {total} documents, e.g. {related_path}"
min_documents: 2
max_words: 12
"""

STORIES = [
    "Xi and Putin signed a joint statement in Moscow on Thursday, pledging closer ties between their countries. "
    "The leaders also discussed energy exports, a new pipeline across Mongolia and payments in their own currencies. "
    "Officials said a further summit would follow in Beijing before the end of next year.",
    "The city council approved next year's budget on Monday after a long debate about road repairs and bridges. "
    "Members argued at length about the cost of fixing the old bridge on the river road and the school roofs. "
    "The mayor said property taxes would not rise, although parking fees in the centre will.",
    "Apple chief executive Tim Cook said the company was pulled into the enterprise market by its own customers. "
    "Speaking at a conference in San Francisco, he described how workers brought iPhones to the office years ago. "
    "He also talked about privacy, which he called a fundamental human right, and about his late predecessor.",
    "Delhi's air pollution surged again this week as smoke from crop burning drifted over the capital city. "
    "Schools were closed and flights were cancelled, while doctors warned residents to stay indoors where possible. "
    "Farmers in neighbouring states say they cannot afford machines to clear their fields any other way.",
]


def doc(number: int, *furniture: str, path: str | None = None):
    text = "\n\n".join([*furniture, *STORIES[number].split(". ")])
    return make_doc(text, path or f"doc{number}.txt")


def check(docs, rule=None):
    rule = rule or rule_from_yaml(RULE)
    return common_block.check_corpus([common_block.summarize(d, rule) for d in docs], rule)


def flagged(docs, rule=None) -> list[tuple[str, int]]:
    return [(f.path, f.line) for f in check(docs, rule)]


def test_a_line_shared_by_two_stories_is_flagged_in_both():
    docs = [doc(0, "Follow us on Google News"), doc(1, "Follow us on Google News"), doc(2)]
    assert flagged(docs) == [("doc0.txt", 1), ("doc1.txt", 1)]


def test_matching_ignores_case_punctuation_and_spacing():
    docs = [doc(0, "Subscribe to our newsletter!"), doc(1, "SUBSCRIBE  to our newsletter")]
    assert len(flagged(docs)) == 2


def test_finding_names_the_count_and_another_document():
    docs = [doc(0, "Related Topics:"), doc(1, "Related Topics:"), doc(2, "Related Topics:")]
    finding = next(check(docs))
    assert finding.message == "in 3 of 3 documents, e.g. doc1.txt"
    assert (finding.related.path, finding.related.line) == ("doc1.txt", 1)


def test_min_documents_and_min_share_set_how_common_is_common():
    docs = [doc(0, "Most Popular"), doc(1, "Most Popular"), doc(2), doc(3)]
    assert len(flagged(docs, rule_from_yaml(RULE.replace("min_documents: 2", "min_documents: 3")))) == 0
    assert len(flagged(docs, rule_from_yaml(RULE + "min_share: 0.75\n"))) == 0
    assert len(flagged(docs, rule_from_yaml(RULE + "min_share: 0.5\n"))) == 2


def test_long_blocks_are_left_to_near_duplicate_doc():
    shared = "This long paragraph is quoted word for word by both articles, which is a matter for the near-copy rule."
    docs = [doc(0, shared), doc(1, shared)]
    assert flagged(docs) == []
    assert len(flagged(docs, rule_from_yaml(RULE.replace("max_words: 12", "max_words: 30")))) == 2


def test_near_copies_of_one_story_count_once():
    original = doc(0, "Home", path="a.txt")
    copy = doc(0, "Home", path="b.txt")  # the same story: its lines are the story's, not the site's
    assert flagged([original, copy]) == []
    assert flagged([original, copy, doc(1, "Home")]) == [("a.txt", 1), ("b.txt", 1), ("doc1.txt", 1)]


def test_fewer_documents_than_needed_yield_nothing():
    assert flagged([doc(0, "Home")]) == []


def test_findings_are_sorted_and_the_same_on_every_run():
    docs = [doc(2, "Share", path="z.txt"), doc(1, "Share", path="m.txt"), doc(0, "Share", path="a.txt")]
    assert flagged(docs) == [("a.txt", 1), ("m.txt", 1), ("z.txt", 1)]
    assert flagged(list(reversed(docs))) == flagged(docs)


def test_the_default_rule_runs_once_over_the_corpus():
    pack = rules.load([])
    docs = [doc(0, "Get the latest updates delivered"), doc(1, "Get the latest updates delivered"), doc(2)]
    report = linter.lint(docs, pack)
    assert {(f.path, f.line) for f in report.findings if f.rule == "common-block"} == {("doc0.txt", 1), ("doc1.txt", 1)}


@pytest.mark.parametrize(
    "change, message",
    [
        ("min_documents: 1", "'min_documents' must be at least 2"),
        ("min_share: 2", "'min_share' must be a share between 0 and 1"),
        ("story_threshold: 0", "'story_threshold' must be a Jaccard similarity"),
        ("max_words: 0", "'max_words' at least 'min_words'"),
    ],
)
def test_bad_parameters_name_the_key(change, message):
    key = change.split(":")[0]
    text = "\n".join(line for line in RULE.splitlines() if not line.startswith(key + ":")) + "\n" + change + "\n"
    with pytest.raises(UserError, match=message):
        rule_from_yaml(text)


def test_skip_patterns_keep_shared_quotes_out():
    quote = "“Xi is our dear friend,” Putin said."
    docs = [doc(0, quote), doc(1, quote)]
    assert len(flagged(docs)) == 2
    skip_quotes = RULE + 'skip_patterns: ["[\\u201c\\u201d]"]\n'  # YAML escapes for the curly quotes
    assert flagged(docs, rule_from_yaml(skip_quotes)) == []


def test_counted_blocks_are_interned_also_when_they_arrive_from_a_worker():
    # The same short block in many documents is one string in the parent, which holds every
    # summary to the end of the run.
    import pickle
    import sys

    from newslint.kinds.common_block import Counted

    made = Counted("".join(["follow us ", "for more local news"]), 3, 3, 1, "Follow us for more local news.")
    arrived = pickle.loads(pickle.dumps(made))
    assert arrived == made
    assert arrived.key is sys.intern("follow us for more local news")
    assert arrived.text is made.text
