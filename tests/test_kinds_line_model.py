"""The `line-model` kind, its features and its trainer: the shipped model, rule-file errors,
a bit-for-bit reproducible retrain, and a retrained model used through the config."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from newslint import document, line_features, linter, rules
from newslint.errors import UserError


@pytest.fixture(scope="module")
def default_rules():
    """The default pack with the line model turned on (it ships off: see its rule file)."""
    import dataclasses

    pack = rules.load([])
    return rules.RuleSet(tuple(dataclasses.replace(r, enabled=True) if r.id == "line-model" else r for r in pack))

PROSE = [
    "The city council voted on Tuesday to expand the riverside tram line to the northern suburbs, ending a debate that has run for years.",
    "Supporters of the plan said the new stops would cut commuting times for thousands of residents who now rely on crowded buses.",
    "Opponents on the council argued that the tram line would cost far more than the budget allows and that the money was needed for schools.",
    "The mayor said construction of the tram extension could start next spring if the regional government approves the funding request.",
]
FURNITURE = ["Sign up for our newsletter", "Share this article", "Most popular", "Privacy policy | Terms of use | Cookies"]
ARTICLE = "\n\n".join(["Tram line to reach northern suburbs", *PROSE, *FURNITURE]) + "\n"
# Furniture left between the article's paragraphs, which no hand rule of the pack knows.
INSIDE = ["Continue reading below", "Home | News | World | Business | Sport"]
INTERRUPTED = "\n\n".join([PROSE[0], INSIDE[0], PROSE[1], PROSE[2], INSIDE[1], PROSE[3]]) + "\n"


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line == needle)


def test_default_model_flags_furniture_no_hand_rule_knows_and_names_its_cues(default_rules):
    report = linter.lint([document.parse(INTERRUPTED, "a.txt")], default_rules)
    found = {f.line: f for f in report.findings if f.rule == "line-model"}
    assert sorted(found) == [line_of(INTERRUPTED, line) for line in INSIDE]
    message = found[line_of(INTERRUPTED, INSIDE[1])].message
    assert message.startswith("page furniture, by the line model (") and "separators, links" in message


def test_the_model_is_a_fallback_under_the_hand_rules(default_rules):
    report = linter.lint([document.parse(ARTICLE, "a.txt")], default_rules)
    flagged = {f.line: f.rule for f in report.findings if f.category == "boilerplate"}
    assert all(line_of(ARTICLE, line) in flagged for line in FURNITURE)
    assert "line-model" not in flagged.values()  # each of these lines has a specific rule that says more


def test_features_see_place_vocabulary_and_repeats():
    text = "\n\n".join([*PROSE[:2], "Ten celebrity diets that doctors secretly hate", *PROSE[2:], "Share this article", "Share this article"])
    doc = document.parse(text + "\n", "b.txt")
    rows = line_features.features(doc)
    column = {name: n for n, name in enumerate(line_features.FEATURES)}
    assert rows.shape == (len(doc.blocks), len(line_features.FEATURES))
    assert rows[0, column["is_prose"]] == 1.0 and rows[0, column["tail"]] == 0.0
    assert rows[5, column["tail"]] == 1.0 and rows[5, column["repeats"]] > 0
    headline, prose = rows[2, column["vocabulary_share"]], rows[3, column["vocabulary_share"]]
    assert headline < 0.2 < prose  # another story's headline shares few of the article's words
    assert np.array_equal(rows, line_features.features(document.parse(text + "\n", "b.txt")))


def test_the_shipped_model_weighs_every_feature_newslint_computes(default_rules):
    (rule,) = [r for r in default_rules if r.id == "line-model"]
    assert set(rule.params.features) == set(line_features.FEATURES)
    assert 0.0 < rule.params.threshold < 1.0
    assert all(len(high) <= line_features.CUE_WIDTH and len(low) <= line_features.CUE_WIDTH for high, low in line_features.CUES.values())


MODEL_RULE = """\
rules:
  - id: mine
    kind: line-model
    category: boilerplate
    severity: warning
    message: 'furniture ({score}%: {cues})'
    threshold: 0.5
    features:
      log_words: {mean: 2.0, scale: 1.0, weight: -1.0}
"""


@pytest.mark.parametrize(
    "change, expected",
    [
        (("log_words:", "log_wordz:"), ":8: rule 'mine': unknown feature 'log_wordz'"),
        (("scale: 1.0", "scale: 0"), ":8: rule 'mine': feature 'log_words': 'scale' must be above 0"),
        (("weight: -1.0}", "weight: -1.0, bias: 2}"), ":8: rule 'mine': feature 'log_words' must be a mapping of exactly mean, scale and weight"),
        (("threshold: 0.5", "threshold: 1.5"), ":7: rule 'mine': 'threshold' must be a probability between 0 and 1"),
        (("mean: 2.0", "mean: .nan"), ":8: rule 'mine': feature 'log_words': 'mean' must be a finite number"),
    ],
)
def test_a_bad_model_is_one_error_naming_file_and_line(write_rules, change, expected):
    directory = write_rules(MODEL_RULE.replace(*change))
    with pytest.raises(UserError) as caught:
        rules.load([directory], include_default=False)
    assert expected in str(caught.value)


def labelled_set(root: Path) -> tuple[Path, Path]:
    """Two small pages, labelled as the devset is: a page of prose with furniture around it."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    records = []
    for n, (top, bottom) in enumerate([(FURNITURE[:2], FURNITURE[2:]), (FURNITURE[2:], FURNITURE[:2])]):
        lines = [*top, *PROSE[n:], *PROSE[:n], *bottom]
        (corpus / f"p{n}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for number, line in enumerate(lines, 1):
            records.append({"path": f"p{n}.txt", "line": number, "category": "boilerplate" if line in FURNITURE else "body"})
    labels = root / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return corpus, labels


def retrain(corpus: Path, labels: Path, out: Path) -> bytes:
    command = [sys.executable, "-m", "newslint.train_line_model", "--set", str(corpus), str(labels), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return (out / "line-model.yaml").read_bytes()


def test_retraining_is_bit_for_bit_and_the_model_is_used_through_the_config(tmp_path, run, monkeypatch):
    corpus, labels = labelled_set(tmp_path / "mine")
    first = retrain(corpus, labels, tmp_path / "a")
    assert first == retrain(corpus, labels, tmp_path / "b")
    (tmp_path / "newslint.yaml").write_text(
        textwrap.dedent(
            """\
            rule-dirs: [a]
            ignore: [line-model]
            """
        ),
        encoding="utf-8",
    )
    page = tmp_path / "page.txt"
    page.write_text(INTERRUPTED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--format", "json", "page.txt")
    found = {f["rule"] for f in json.loads(result.output)["findings"]}
    assert "line-model-local" in found and "line-model" not in found


def test_the_trainer_refuses_a_missing_set_with_one_line(tmp_path):
    command = [sys.executable, "-m", "newslint.train_line_model", "--set", str(tmp_path / "nope"), str(tmp_path / "l.jsonl"), "--out", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
