"""newslint.train_claim_model and bench/train_claim_model.py: the claim model, fitted bit for bit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT, rule_from_yaml
from newslint import claim_features, logistic, train_claim_model
from newslint.kinds import numeric_claim

# Pages of two kinds: stories told in the past tense (their figures claims) and pages of terms
# that speak to the reader (their figures no claims).
STORY = "The storm destroyed {n} homes along the coast last week.\n\nOfficials counted {m} boats that sank in the harbour.\n"
TERMS = ("You should read these rules before you join. Each member gets {n} passes a season.\n\n"
         "You can ask us for one of the {m} guest places if you like.\n")


@pytest.fixture()
def labelled(tmp_path):
    corpus = tmp_path / "pages"
    corpus.mkdir()
    labels = []
    for i in range(6):
        for kind, text, label in (("story", STORY, "claim"), ("terms", TERMS, "not-claim")):
            name = f"{kind}-{i}.txt"
            (corpus / name).write_text(text.format(n=12 + i, m=30 + 7 * i), encoding="utf-8")
            labels += [{"path": name, "line": 1, "label": label}, {"path": name, "line": 3, "label": label, "text": None}]
    labels.append({"path": "story-0.txt", "line": 1, "label": "ambiguous"})  # neither label: left out
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in labels), encoding="utf-8")
    return corpus, path


def test_the_labelled_findings_become_rows_and_the_fit_is_the_same_twice(labelled):
    corpus, path = labelled
    labels = train_claim_model.read_labels(path)
    assert len(labels) == 24
    found = train_claim_model.examples(corpus, labels)
    assert found.rows.shape == (24, len(claim_features.FEATURES)) and found.labels.sum() == 12
    first = train_claim_model.model_data(train_claim_model.fit(found))
    again = train_claim_model.model_data(train_claim_model.fit(train_claim_model.examples(corpus, labels)))
    assert json.dumps(first) == json.dumps(again)
    # Rounded to six significant digits, and every feature named.
    assert set(first["features"]) == set(claim_features.FEATURES)
    assert all(float(f"{v:.6g}") == v for spec in first["features"].values() for v in spec.values())


def test_the_fitted_model_is_the_kinds_and_drops_the_terms_not_the_stories(labelled, tmp_path):
    corpus, path = labelled
    model = train_claim_model.fit(train_claim_model.examples(corpus, train_claim_model.read_labels(path)),
                                  names=claim_features.PAGE_FEATURES, l2=1.0)
    assert set(train_claim_model.model_data(model)["features"]) == set(claim_features.PAGE_FEATURES)
    rule = rule_from_yaml(
        "id: figures\nkind: numeric-claim\ncategory: unsupported-claim\nseverity: warning\nmessage: '{figure}'\n"
        "figures: ['\\d+']\nreporting_verbs: [said]\nmodel: " + json.dumps(train_claim_model.model_data(model)) + "\n")
    from newslint import document

    story = document.parse(STORY.format(n=5, m=9), "story.txt")
    terms = document.parse(TERMS.format(n=5, m=9), "terms.txt")
    assert len(list(numeric_claim.check(story, rule))) == 2
    assert list(numeric_claim.check(terms, rule)) == []
    # The kind's sum is the trainer's: the same probability for the same row.
    rows = np.array(numeric_claim.rows(terms, rule)[1])
    mine = [numeric_claim.score_row(tuple(r), rule.params)[0] for r in rows]
    assert np.allclose(mine, model.probability(rows), rtol=0, atol=1e-12)


def test_the_lowest_cut_keeps_the_share_of_claims_asked():
    probability = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.9])
    labels = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 1.0])  # 0: a claim
    assert train_claim_model.lowest_cut(probability, labels, 1.0) == 0.61  # every claim kept
    assert train_claim_model.lowest_cut(probability, labels, 0.75) == 0.31
    assert train_claim_model.lowest_cut(np.array([0.99]), np.array([0.0]), 1.0) == 0.95  # none does: the highest


def test_the_shared_fit_weighs_and_rounds():
    rows = np.array([[0.0], [1.0], [2.0], [3.0]])
    labels = np.array([0.0, 0.0, 1.0, 1.0])
    fitted = logistic.fit(rows, labels, np.ones(4))
    assert fitted.weight[0] > 0 and float(f"{fitted.bias:.6g}") == fitted.bias
    assert list(fitted.probability(rows)) == sorted(fitted.probability(rows))


def shared() -> str | None:
    for parent in [ROOT, *ROOT.parents]:
        if (parent / "shared" / "devset-web" / "corpus").is_dir():
            return str(parent / "shared")
    return os.environ.get("NEWSLINT_SHARED")


@pytest.mark.skipif(shared() is None, reason="needs shared/devset-web (the figure-precision sample's pages)")
def test_the_experiments_model_file_is_a_fresh_fit():
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "train_claim_model.py"), "--check"], cwd=ROOT,
                         capture_output=True, text=True, env={**os.environ, "NEWSLINT_SHARED": shared()})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "identical to a fresh fit" in run.stdout
