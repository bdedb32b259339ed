"""Train a claim model for `unsupported-figure` from labelled findings, and write it as a rule file.

    python -m newslint.train_claim_model --set CORPUS_DIR LABELS.jsonl [--set ...] --out DIR

Labels are one JSON record per line: `path` (or `page`: the file's name in CORPUS_DIR), `line`,
`label` (`claim` or `not-claim`; any other label is left out) and, optionally, `text`: the
finding's excerpt, when a line holds several flagged sentences. Every sentence that the
default pack's `unsupported-figure` flags on a labelled line (with that excerpt, when given) is
an example; its features are newslint.claim_features'. The model is a logistic regression of
"no claim" with an L2 penalty, fitted by Newton's method in numpy (newslint.logistic): no
randomness, so the same pages give the same weights, written rounded to six significant digits.

A flagged sentence whose probability of being no claim is at least the threshold is not
reported. The threshold is `--threshold`, or the lowest cut (the most findings dropped) at
which the model still keeps `--min-recall` of the training claims (default 0.98): chosen on
the pages trained on, so with enough pages hold some out, check them, and pass the cut they
support with `--threshold`.

The output is DIR/claims-model.yaml: the default pack's `unsupported-figure` rule, every
pattern as the pack has it, with the model added, as rule `unsupported-figure-local`. Use it
through the config: add DIR to `rule-dirs` and ignore the default `unsupported-figure`
(docs/accuracy.md, "Round 30").
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from newslint import claim_features, document, logistic, rules

RULE_ID = "unsupported-figure"
LABELS = {"claim": 0.0, "not-claim": 1.0}
CUES = 2
MESSAGE = 'unsupported figure "{figure}" — add a source ({score}% a claim: {cues})'


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


def rule_yaml(model: Model, rule_id: str, note: str, source: Path | None = None) -> str:
    """A rule file: the default pack's unsupported-figure rule (as `source`, the pack's claims.yaml,
    holds it, aliases spelled out), its id `rule_id`, its message naming the model's cues."""
    import yaml

    path = source or rules.default_rules_dir() / "claims.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw = dict(next(r for r in data["rules"] if r.get("id") == RULE_ID))
    raw["id"] = rule_id
    raw["message"] = MESSAGE
    raw["model"] = model_data(model)
    body = yaml.safe_dump({"rules": [raw]}, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=None)
    header = [
        f"# {note}",
        "# Written by newslint.train_claim_model: retrain rather than edit (docs/accuracy.md).",
        "# The default pack's unsupported-figure rule with a claim model (newslint.claim_features):",
        "# a flagged sentence whose probability of being no claim is at least model.threshold is not reported.",
    ]
    return "\n".join(header) + "\n" + body


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newslint.train_claim_model", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", nargs=2, action="append", metavar=("CORPUS_DIR", "LABELS"), required=True,
                        help="a directory of pages and its labels (JSONL: path, line, label, optional text; repeatable)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write claims-model.yaml into")
    parser.add_argument("--id", default="unsupported-figure-local", help="the rule's id (default unsupported-figure-local)")
    parser.add_argument("--min-recall", type=float, default=0.98, help="share of the training claims the threshold must keep (default 0.98)")
    parser.add_argument("--threshold", type=float, help="the cut to drop a finding at, between 0 and 1 (default: from --min-recall)")
    args = parser.parse_args(argv)
    if args.threshold is not None and not 0.0 < args.threshold < 1.0:
        parser.error("--threshold must be between 0 and 1")
    if not 0.0 < args.min_recall <= 1.0:
        parser.error("--min-recall must be in (0, 1]")
    parts = []
    rule = default_rule()
    for corpus, labels in ((Path(c), Path(l)) for c, l in args.set):
        if not corpus.is_dir() or not labels.is_file():
            print(f"train_claim_model: {corpus} must be a directory and {labels} a labels file", file=sys.stderr)
            return 2
        parts.append(examples(corpus, read_labels(labels), rule))
    found = join(parts)
    if len(set(found.labels.tolist())) < 2:
        print("train_claim_model: the labels name no flagged sentence of both kinds (claim and not-claim)", file=sys.stderr)
        return 2
    model = fit(found, args.min_recall, args.threshold)
    args.out.mkdir(parents=True, exist_ok=True)
    names = ", ".join(c for c, _ in args.set)
    note = f"Trained on {names}: {len(found.labels)} flagged sentences, {int(found.labels.sum())} of them no claim."
    (args.out / "claims-model.yaml").write_text(rule_yaml(model, args.id, note), encoding="utf-8")
    print(f"wrote {args.out / 'claims-model.yaml'} (threshold {model.threshold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
