"""The `repeated` kind: exact and near repeats inside one document."""

from __future__ import annotations

from conftest import make_doc, rule_from_yaml
from newslint.kinds import repeated

RULE = """
id: repeated-block
kind: repeated
category: duplicate
severity: error
message: "repeats line {related_line} ({similarity}% similar)"
threshold: 0.7
shingle: 3
min_words: 8
"""

PARAGRAPH = "Putin faces ongoing conflicts in Ukraine, while Xi must navigate a trade war that has rattled markets across Asia and beyond."


def findings(text: str, rule_yaml: str = RULE):
    return list(repeated.check(make_doc(text), rule_from_yaml(rule_yaml)))


def test_exact_repeat_is_flagged_on_the_later_copy():
    (finding,) = findings(f"Title line\n{PARAGRAPH}\nSomething else entirely.\n{PARAGRAPH}\n")
    assert (finding.line, finding.related.line, finding.message) == (4, 2, "repeats line 2 (100% similar)")


def test_repeat_ignores_case_quotes_and_punctuation():
    (finding,) = findings(f"{PARAGRAPH}\n\n{PARAGRAPH.upper().replace(',', '')}\n")
    assert finding.line == 3 and "100% similar" in finding.message


def test_short_lines_count_only_when_repeated_exactly():
    text = "Leaders Xi and Putin to join forces\nBody text goes here.\nLeaders Xi and Putin to join forces\nLeaders Xi and Putin join\n"
    assert [(f.line, f.related.line) for f in findings(text)] == [(3, 1)]


def test_near_repeat_with_a_few_words_changed():
    near = PARAGRAPH.replace("rattled markets", "shaken markets")
    (finding,) = findings(f"{PARAGRAPH}\nAn unrelated paragraph about the weather in Moscow this week, which was mild and dry.\n{near}\n")
    assert finding.line == 3 and finding.related.line == 1
    similarity = int(finding.message.split("(")[1].split("%")[0])
    assert 70 <= similarity < 100


def test_unrelated_paragraphs_are_not_repeats():
    text = (
        "China remains Russia's largest trading partner, purchasing more Russian oil and gas than any other country.\n"
        "Chinese state media lauded the visit as a reaffirmation of China's independent foreign policy.\n"
    )
    assert findings(text) == []


def test_every_later_copy_points_at_the_first():
    text = f"{PARAGRAPH}\n{PARAGRAPH}\n{PARAGRAPH}\n"
    assert [(f.line, f.related.line) for f in findings(text)] == [(2, 1), (3, 1)]


def test_many_blocks_go_through_the_lsh_and_give_the_same_pairs():
    from newslint import sketch

    filler = [f"Paragraph number {i} talks about topic {i * 7} with words {i * 13} and {i * 17} only." for i in range(sketch.DIRECT_COMPARE_LIMIT + 20)]
    lines = filler[:10] + [PARAGRAPH] + filler[10:] + [PARAGRAPH.replace("rattled markets", "shaken markets")]
    result = findings("\n".join(lines) + "\n")
    assert [(f.line, f.related.line) for f in result] == [(len(lines), 11)]
