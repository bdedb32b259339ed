"""The `numeric-claim` kind: figures with no source in their sentence or the one before."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import make_doc, rule_from_yaml
from newslint import rules
from newslint.errors import UserError
from newslint.kinds import numeric_claim

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "numeric-claim.yaml").read_text(encoding="utf-8"))
DEFAULT = rules.load([]).get("unsupported-figure")

SMALL_RULE = """
id: figures
kind: numeric-claim
category: unsupported-claim
severity: warning
message: 'unsupported figure "{figure}" ({count}: {figures})'
figures: ['\\d+%', '\\d+']
number_words: [three, four]
scale_words: [dozen, million]
not_claims: ['\\b(?:19|20)\\d\\d\\b']
attributions: [according to]
reporting_verbs: [said]
non_sources: [he, she]
passive_auxiliaries: [was]
"""


def findings(text: str, rule=DEFAULT):
    return list(numeric_claim.check(make_doc(text), rule))


@pytest.mark.parametrize("case", CASES["flag"], ids=[c["text"][:40] for c in CASES["flag"]])
def test_unsupported_figure_is_flagged(case):
    (finding,) = findings(case["text"] + "\n")
    assert finding.message == f'unsupported figure "{case["figure"]}" — add a source'
    assert (finding.category, finding.severity.label) == ("unsupported-claim", "warning")


@pytest.mark.parametrize("text", CASES["pass"], ids=[t[:40] for t in CASES["pass"]])
def test_supported_or_non_figure_passes(text):
    assert findings(text + "\n") == []


def test_finding_points_at_the_figure_and_spans_the_sentence():
    text = (
        "A first paragraph without any numbers at all.\n\n"
        "The firm stayed quiet all week long. Its prices\n"
        "rose by 40 percent over the course of the hot\n"
        "summer months, as traders noticed on Friday.\n"
    )
    (finding,) = findings(text)
    assert (finding.line, finding.end_line, finding.column) == (4, 5, 9)
    assert finding.excerpt == "Its prices rose by 40 percent over the course of the hot summer months, as traders noticed on Friday."


def test_previous_paragraph_last_sentence_supports_the_next_paragraph():
    said = "The ministry said exports had slowed.\n\nThey fell 12% in May.\n"
    unsaid = "Exports had slowed.\n\nThey fell 12% in May.\n"
    assert findings(said) == [] and len(findings(unsaid)) == 1


def test_a_source_two_sentences_back_does_not_support():
    text = "The ministry said exports had slowed. Shipping was disrupted. They fell 12% in May.\n"
    assert [f.message for f in findings(text)] == ['unsupported figure "12%" — add a source']


def test_each_unsupported_sentence_is_one_finding_naming_every_figure():
    rule = rule_from_yaml(SMALL_RULE)
    (finding,) = findings("Three people died and 40% of the homes burned in 2019.\n", rule)
    assert finding.message == 'unsupported figure "40%" (2: "Three", "40%")'


def test_pronoun_subject_does_not_name_a_source_but_a_name_does():
    rule = rule_from_yaml(SMALL_RULE)
    assert len(findings("He said 40 people came to the event.\n", rule)) == 1
    assert findings("Smith said 40 people came to the event.\n", rule) == []
    assert len(findings("It was said that 40 people came to the event.\n", rule)) == 1


def test_a_noun_homograph_names_a_source_only_after_a_name():
    rule = rule_from_yaml(SMALL_RULE.replace("reporting_verbs: [said]", "reporting_verbs: [said, claims]\nnoun_homographs: [claims]"))
    assert findings("The Immigration Department claims 40 people came.\n", rule) == []
    assert findings("ASIC claims 40 people came to the event.\n", rule) == []
    for text in ("The council rejected claims 40 people came.", "Insurance claims rose by 40 in a week.",
                 "Smith's claims of 40 people were rejected.", "The Smith claims, of 40 in all, were filed."):
        assert len(findings(text + "\n", rule)) == 1, text


def test_attribution_patterns_support_like_a_phrase():
    rule = rule_from_yaml(SMALL_RULE + "attribution_patterns: ['(?i:\\bstudy\\b(?:\\s+\\w+){0,3}?\\s+found\\b)']\n")
    assert findings("A 2019 study of workers found 40 people left.\n", rule) == []
    assert len(findings("A study of workers was long, and 40 people left.\n", rule)) == 1


def test_short_blocks_and_headings_are_skipped():
    assert findings("# 40 killed in floods\n\nShort 40 line\n") == []


def test_find_figures_drops_spans_that_are_not_claims():
    texts = [f.text for f in numeric_claim.find_figures("In 2016 the 12 teams won 3-1 at 7:14 on Nov. 19.", DEFAULT.params)]
    assert texts == ["12", "3-1"]


def test_quoted_spans_pair_curly_quotes_and_alternate_straight_ones():
    text = 'He said “a b” and "c d" then “open'
    assert [text[s:e] for s, e in numeric_claim.quoted_spans(text)] == ["“a b”", '"c d"', "“open"]


@pytest.mark.parametrize(
    "extra, message",
    [
        ("min_words: 0", "'min_words' must be at least 1"),
        ("figures: ['(']", "pattern 1 of 'figures' is not a valid regular expression"),
        ("not_claims: ['[a-']", "pattern 1 of 'not_claims' is not a valid regular expression"),
        ("max_capitalized: 0", "'max_capitalized' must be a share in (0, 1]"),
        ("roles: [table]", "unknown role 'table'"),
        ("ordinal_words: [third]", "give 'ordinal_words' and 'event_nouns' together"),
        ("number_words: three", "'number_words' must be a list"),
        ("numbered_items: '^\\d+ '", "'numbered_items' needs a group around the number"),
        ("attribution_patterns: ['(?<=a+)b']", "not a Python `re` pattern"),
        ("attribution_patterns: ['(a+)+b']", "pattern 1 of 'attribution_patterns' ('(a+)+b')"),
    ],
)
def test_bad_parameters_name_the_rule_and_key(extra, message):
    with pytest.raises(UserError) as error:
        rule_from_yaml(SMALL_RULE + extra + "\n")
    assert message in error.value.message and "rule 'figures'" in error.value.message


def test_a_rule_without_any_figure_vocabulary_is_rejected():
    minimal = "id: x\nkind: numeric-claim\ncategory: unsupported-claim\nseverity: warning\nmessage: m\n"
    with pytest.raises(UserError, match="give at least one of 'figures'"):
        rule_from_yaml(minimal)


def test_a_run_of_numbered_blocks_opens_with_item_numbers_not_figures():
    notes = (
        "1 Recent demographic developments in Europe, Council of Europe Publishing.\n\n"
        "2 Tables of the national institute of demography, with 40 maps.\n"
    )
    # only "40 maps" is a figure: 1 and 2 number the notes
    assert [f.message for f in findings(notes)] == ['unsupported figure "40" — add a source']
    # one block alone, or neighbours that are not one apart, open with counts
    lone = "40 Democrats voted against the bill in the end.\n\n7 Republicans joined them on the floor.\n"
    assert [f.message for f in findings(lone)] == ['unsupported figure "40" — add a source', 'unsupported figure "7" — add a source']


def test_the_figure_memo_holds_a_bounded_number_of_characters(monkeypatch):
    # Sentences are remembered by text; the pieces of a cut 50 MB line are sentences of
    # 100,000 characters, and 4,096 of them were 400 MB held after the check.
    monkeypatch.setattr(numeric_claim, "_FOUND", {})
    monkeypatch.setattr(numeric_claim, "_found_chars", 0)
    monkeypatch.setattr(numeric_claim, "FOUND_CHARS", 50_000)
    long_sentences = [f"The council spent {n} million on roads " + "and more roads " * 700 for n in range(12)]
    first = [numeric_claim.find_figures(text, DEFAULT.params) for text in long_sentences]
    assert sum(len(text) for _, text in numeric_claim._FOUND) <= 50_000
    assert [numeric_claim.find_figures(text, DEFAULT.params) for text in long_sentences] == first
    assert all(len(figures) == 1 for figures in first)


# --- the claim model (`model`: newslint.claim_features, bench/train_claim_model.py) ---------

def model_rule(bias: float, threshold: float = 0.5, weight: float = 0.0, message: str = "{figure} ({score}%: {cues})"):
    """SMALL_RULE with a claim model of one weighted feature (page_second_person) and `bias`."""
    return rule_from_yaml(SMALL_RULE.replace("message: 'unsupported figure \"{figure}\" ({count}: {figures})'", f"message: '{message}'") + f"""
model:
  threshold: {threshold}
  bias: {bias}
  cues: 2
  features:
    page_second_person: {{mean: 0.0, scale: 0.5, weight: {weight}}}
    after_plural: {{mean: 0.5, scale: 0.5, weight: -1.0}}
""")


MODEL_TEXT = "Prices rose by 40 workers in the north.\n\nYou will pay 30 a month for it.\n"


def test_without_a_model_the_rule_flags_as_before_and_rows_gives_each_finding_its_features():
    rule = rule_from_yaml(SMALL_RULE)
    assert rule.params.weights == ()
    found = findings(MODEL_TEXT, rule)
    assert [f.line for f in found] == [1, 3]
    again, rows = numeric_claim.rows(make_doc(MODEL_TEXT), rule)
    assert again == found and len(rows) == 2
    assert [len(r) for r in rows] == [len(numeric_claim.claim_features.FEATURES)] * 2
    assert findings(MODEL_TEXT, rule) == found  # rows() left no training state behind


def test_a_model_drops_the_findings_it_scores_as_no_claim_and_names_its_cues():
    kept = findings(MODEL_TEXT, model_rule(bias=-8.0))
    assert [f.line for f in kept] == [1, 3]
    assert kept[0].message.startswith("40 (99%: ")  # a claim, by the model: 1 - p, in percent
    assert "counts a plural" in kept[0].message  # the feature that pushed it towards a claim
    assert findings(MODEL_TEXT, model_rule(bias=8.0)) == []  # every flagged sentence scored as no claim
    # The page says "you" in half its sentences (a part of w: (0.5 - 0) / 0.5 * w); "40 workers"
    # counts a plural (-1), "30 a month" does not (+1): sums 0.5 + w - 1 and 0.5 + w + 1, cut at 0.
    assert findings(MODEL_TEXT, model_rule(bias=0.5, weight=1.0)) == []
    assert [f.line for f in findings(MODEL_TEXT, model_rule(bias=0.5, weight=-0.5))] == [1]
    assert [f.line for f in findings(MODEL_TEXT, model_rule(bias=0.5, weight=-2.0))] == [1, 3]


def test_the_score_and_the_cues_are_placeholders_of_the_message_only_when_asked():
    rule = model_rule(bias=-8.0, message='unsupported figure "{figure}"')
    assert [f.message for f in findings(MODEL_TEXT, rule)] == ['unsupported figure "40"', 'unsupported figure "30"']


@pytest.mark.parametrize(
    "model, complaint",
    [
        ("[1, 2]", "'model' must be a mapping"),
        ("{threshold: 0.5, bias: 0, features: {log_words: {mean: 0, scale: 1, weight: 1}}, depth: 3}", "unknown model key 'depth'"),
        ("{threshold: 1.5, bias: 0, features: {log_words: {mean: 0, scale: 1, weight: 1}}}", "'threshold' must be a probability"),
        ("{threshold: 0.5, bias: .nan, features: {log_words: {mean: 0, scale: 1, weight: 1}}}", "'bias' must be a finite number"),
        ("{threshold: 0.5, bias: 0, cues: -1, features: {log_words: {mean: 0, scale: 1, weight: 1}}}", "'cues' must be >= 0"),
        ("{threshold: 0.5, bias: 0, features: {}}", "'features' must map feature names"),
        ("{threshold: 0.5, bias: 0, features: {shoe_size: {mean: 0, scale: 1, weight: 1}}}", "unknown feature 'shoe_size'"),
        ("{threshold: 0.5, bias: 0, features: {log_words: {mean: 0, weight: 1}}}", "exactly mean, scale and weight"),
        ("{threshold: 0.5, bias: 0, features: {log_words: {mean: 0, scale: 0, weight: 1}}}", "'scale' must be above 0"),
        ("{threshold: 0.5, bias: 0, features: {log_words: {mean: x, scale: 1, weight: 1}}}", "'mean' must be a finite number"),
    ],
)
def test_a_wrong_model_is_refused_at_load(model, complaint):
    with pytest.raises(UserError, match=complaint.replace("(", r"\(")):
        rule_from_yaml(SMALL_RULE + f"model: {model}\n")


def test_the_default_pack_sets_no_model():
    assert DEFAULT.params.model == {} and DEFAULT.params.weights == ()
