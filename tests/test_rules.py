"""Loading rule files: every mistake is one clear line naming the YAML file and line."""

from __future__ import annotations

import pytest

from newslint import rules
from newslint.errors import UserError
from newslint.findings import Severity

GOOD_RULE = """\
rules:
  - id: promo-banner
    kind: pattern
    category: boilerplate
    severity: warning
    message: 'promo "{match}"'
    phrases: [buy now]
"""


def load_error(write_rules, text: str) -> str:
    directory = write_rules(text)
    with pytest.raises(UserError) as caught:
        rules.load([directory], include_default=False)
    return str(caught.value)


def test_default_pack_loads_with_unique_ids(default_rules):
    ids = [r.id for r in default_rules]
    assert len(ids) == len(set(ids))
    assert {"repeated-block", "near-copy-document", "skip-to-content", "tag-list"} <= set(ids)
    assert all(r.source.path.endswith((".yaml", ".yml")) for r in default_rules)


def test_a_user_rule_directory_adds_rules(write_rules):
    ruleset = rules.load([write_rules(GOOD_RULE)], include_default=False)
    (rule,) = ruleset.rules
    assert (rule.id, rule.kind, rule.severity, rule.params.phrases) == ("promo-banner", "pattern", Severity.WARNING, ("buy now",))
    assert rule.source.line == 2


@pytest.mark.parametrize(
    "bad, expected",
    [
        (GOOD_RULE.replace("    phrases: [buy now]", "    phrases: [buy now]\n    colour: red"), ":8: rule 'promo-banner': unknown key 'colour'"),
        (GOOD_RULE.replace("kind: pattern", "kind: spellcheck"), ":3: rule 'promo-banner': unknown kind 'spellcheck'"),
        (GOOD_RULE.replace("severity: warning", "severity: fatal"), ":5: rule 'promo-banner': severity must be one of"),
        (GOOD_RULE.replace("category: boilerplate", "category: spam"), ":4: rule 'promo-banner': unknown category 'spam'"),
        (GOOD_RULE.replace("phrases: [buy now]", "phrases: buy now"), ":7: rule 'promo-banner': 'phrases' must be a list"),
        (GOOD_RULE.replace("phrases: [buy now]", "patterns: ['(unclosed']"), ":7: rule 'promo-banner': pattern 1 of 'patterns' is not a valid regular expression"),
        (GOOD_RULE.replace("    severity: warning\n", ""), ":2: rule is missing required key 'severity'"),
        (GOOD_RULE.replace("{match}", "{matched}"), ":6: rule 'promo-banner': unknown placeholder '{matched}'"),
        (GOOD_RULE.replace("phrases: [buy now]", "phrases: [buy now]\n    whole: maybe"), ":8: rule 'promo-banner': 'whole' must be true or false"),
        ("rules:\n  - id: x\n    kind: [pattern\n", ":4: invalid YAML"),
        ("- just a list\n", ":1: a rule file must be a mapping with a top-level 'rules:' list"),
        ("rules: []\nextra: 1\n", ":2: unknown top-level key 'extra'"),
    ],
)
def test_invalid_rule_files_name_file_and_line(write_rules, bad, expected):
    message = load_error(write_rules, bad)
    assert "custom.yaml" + expected in message


def test_duplicate_ids_name_both_places(write_rules):
    directory = write_rules(GOOD_RULE)
    (directory / "more.yaml").write_text(GOOD_RULE, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        rules.load([directory], include_default=False)
    assert "duplicate rule id 'promo-banner' (first defined at" in str(caught.value)
    assert "more.yaml:2" in str(caught.value)


def test_a_user_rule_may_not_reuse_a_default_id(write_rules):
    directory = write_rules(GOOD_RULE.replace("promo-banner", "skip-to-content"))
    with pytest.raises(UserError, match="duplicate rule id 'skip-to-content'"):
        rules.load([directory])


def test_missing_rule_directory_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="rule directory not found"):
        rules.load([tmp_path / "nope"])


def test_disabled_rules_are_loaded_but_not_run(write_rules):
    ruleset = rules.load([write_rules(GOOD_RULE.replace("phrases:", "enabled: false\n    phrases:"))], include_default=False)
    assert [r.id for r in ruleset] == ["promo-banner"]
    assert ruleset.enabled() == []


def test_long_placeholder_values_are_cut(write_rules):
    (rule,) = rules.load([write_rules(GOOD_RULE)], include_default=False).rules
    finding = rule.finding("a.txt", 1, "x", match="word " * 40)
    assert len(finding.message) < 80 and finding.message.endswith('…"')


def test_a_rule_file_past_the_cap_is_refused_before_it_is_read(write_rules):
    directory = write_rules("rules: []\n", name="huge.yaml")
    with (directory / "huge.yaml").open("r+b") as sparse:  # past the cap without writing it all
        sparse.truncate(rules.RULE_FILE_MAX_BYTES + 1)
    with pytest.raises(UserError) as err:
        rules.load([directory], include_default=False)
    assert "huge.yaml" in str(err.value) and "newslint reads rule files of at most 10 MB" in str(err.value)


def test_a_long_phrase_list_loads_and_finds_its_phrases(write_rules):
    listed = "\n".join(f"      - 'phrase number {n} of many'" for n in range(20_000))
    directory = write_rules(GOOD_RULE.replace("    phrases: [buy now]", "    phrases:\n" + listed))
    (rule,) = rules.load([directory], include_default=False).rules
    from newslint.kinds import pattern

    assert pattern._search("So: phrase  number 19999 of many.", rule.params).group(0) == "phrase  number 19999 of many"
    assert pattern._search("phrase number 20000 of many", rule.params) is None
