"""Fit a claim model for `unsupported-figure` from labelled findings (bench/train_claim_model.py).

Labels name findings: a page (its file name in the corpus), a line, `claim` or `not-claim` (any
other label is left out) and, optionally, the finding's excerpt, when a line holds several
flagged sentences. Every sentence that the default pack's `unsupported-figure` flags on a
labelled line (with that excerpt, when given) is an example; its row is newslint.claim_features'.
The model is a logistic regression of "no claim" with an L2 penalty, fitted by Newton's method in
numpy (newslint.logistic): no randomness, so the same pages give the same weights, rounded to six
significant digits, every page weighing the same.

A flagged sentence whose probability of being no claim is at least the threshold is not
reported. `fit` takes a threshold, or else the lowest cut (the most findings dropped) at which
the model still keeps `min_recall` of the training claims; a cut chosen on held-out folds is the
honest one (bench/train_claim_model.py chooses it so). `model_data` is the numeric-claim kind's
`model` parameter. An experiment of round 30 (docs/accuracy.md): the default pack sets no model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from newslint import claim_features, document, logistic, rules

RULE_ID = "unsupported-figure"
LABELS = {"claim": 0.0, "not-claim": 1.0}
CUES = 2


@dataclass(frozen=True)
class Label:
    page: str
    line: int
    label: str
    text: str | None = None


@dataclass(frozen=True)
class Examples:
    rows: np.ndarray  # claim_features, one row per flagged sentence
    labels: np.ndarray  # 1.0 no claim, 0.0 a claim
    pages: tuple[str, ...]
    keys: tuple[Label, ...]  # the label each row comes from


@dataclass(frozen=True)
class Model:
    fitted: logistic.Fitted
    threshold: float
    names: tuple[str, ...] = claim_features.FEATURES  # the features it weighs, in FEATURES order

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """Of full rows (every feature of claim_features)."""
        return self.fitted.probability(rows[:, columns(self.names)])


def columns(names: Sequence[str]) -> list[int]:
    return [claim_features.FEATURES.index(name) for name in names]


def read_labels(path: Path) -> list[Label]:
    found = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            record = json.loads(raw)
            if record.get("label") in LABELS:
                page = Path(record.get("path") or record["page"]).name
                found.append(Label(page, int(record["line"]), record["label"], record.get("text")))
    return found


def default_rule() -> rules.Rule:
    return rules.load([]).get(RULE_ID)


def examples(corpus: Path, labels: Sequence[Label], rule: rules.Rule | None = None) -> Examples:
    """The rows of every flagged sentence a label names (the rule's model, if any, not asked)."""
    from newslint.kinds import numeric_claim

    rule = rule or default_rule()
    rows, targets, pages, keys = [], [], [], []
    by_page: dict[str, list[Label]] = {}
    for label in labels:
        by_page.setdefault(label.page, []).append(label)
    for page in sorted(by_page):
        findings, found = numeric_claim.rows(document.read(corpus / page), rule)
        for label in by_page[page]:
            for finding, row in zip(findings, found):
                if finding.line <= label.line <= finding.end_line and label.text in (None, finding.excerpt):
                    rows.append(row)
                    targets.append(LABELS[label.label])
                    pages.append(page)
                    keys.append(label)
    width = len(claim_features.FEATURES)
    return Examples(np.array(rows, dtype=np.float64).reshape(-1, width), np.array(targets), tuple(pages), tuple(keys))


def join(parts: Sequence[Examples]) -> Examples:
    width = len(claim_features.FEATURES)
    return Examples(
        np.vstack([p.rows.reshape(-1, width) for p in parts]) if parts else np.zeros((0, width)),
        np.concatenate([p.labels for p in parts]) if parts else np.zeros(0),
        tuple(page for p in parts for page in p.pages),
        tuple(key for p in parts for key in p.keys),
    )


def lowest_cut(probability: np.ndarray, labels: np.ndarray, min_recall: float) -> float:
    """The lowest cut from 0.05 to 0.95 (step 0.01) that keeps `min_recall` of the claims (label
    0: kept when their probability is below the cut); 0.95 when none does."""
    claims = labels == 0
    for cut in np.round(np.arange(0.05, 0.951, 0.01), 2):
        kept = float(np.sum(claims & (probability < cut)))
        if claims.sum() == 0 or kept / float(claims.sum()) >= min_recall:
            return float(cut)
    return 0.95


def fit(found: Examples, min_recall: float = 0.98, threshold: float | None = None, l2: float = logistic.L2,
        names: Sequence[str] = claim_features.FEATURES) -> Model:
    """The model of these examples over the features `names`, every page weighing the same."""
    weights = page_weights(found.pages)
    names = tuple(name for name in claim_features.FEATURES if name in set(names))
    fitted = logistic.fit(found.rows[:, columns(names)], found.labels, weights, l2)
    model = Model(fitted, 0.5, names)
    if threshold is None:
        threshold = lowest_cut(model.probability(found.rows), found.labels, min_recall)
    return Model(fitted, threshold, names)


def page_weights(pages: Sequence[str]) -> np.ndarray:
    """Weights that give each page an equal share, spread over its examples."""
    counts: dict[str, int] = {}
    for page in pages:
        counts[page] = counts.get(page, 0) + 1
    return np.array([1.0 / counts[page] for page in pages]) if pages else np.zeros(0)


def model_data(model: Model, cues: int = CUES) -> dict:
    """The numeric-claim kind's `model` parameter."""
    fitted = model.fitted
    return {
        "threshold": model.threshold,
        "bias": float(fitted.bias),
        "cues": cues,
        "features": {
            name: {"mean": float(m), "scale": float(s), "weight": float(w)}
            for name, m, s, w in zip(model.names, fitted.mean, fitted.scale, fitted.weight)
        },
    }
