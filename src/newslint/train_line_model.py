"""Train the `line-model` rule from line-labelled pages, and write it as a rule file.

    python -m newslint.train_line_model --set CORPUS_DIR LABELS.jsonl [--set ...] --out DIR

Labels are the devset's format (one JSON record per line: path, line, category); a block is
an example when all its lines are labelled `boilerplate` (1) or `body` (0), others are left
out. Each set's examples weigh `--weight` (default 1) per set, spread evenly over its pages,
so that a set of a few long pages and one of many short ones count as asked. The model is a
logistic regression with an L2 penalty fitted by Newton's method in numpy (newslint.logistic): no randomness, so
the same pages give the same weights, written rounded to six significant digits. The
threshold is `--threshold`, or the one with the best F1 on the training pages (at
`--min-precision` or better): a cut chosen on pages held out from training is the honest one.

The output is DIR/line-model.yaml, a rule file. Use it through the config: add DIR to
`rule-dirs` and ignore the default pack's `line-model` (docs/accuracy.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from newslint import document, line_features, logistic
STRUCTURE = ("body", "boilerplate", "title", "unclear", "offtopic")


@dataclass(frozen=True)
class Examples:
    rows: np.ndarray  # features, one row per example block
    labels: np.ndarray  # 1.0 furniture, 0.0 article text
    pages: tuple[str, ...]  # the page each row comes from


@dataclass(frozen=True)
class Model:
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weight: np.ndarray
    bias: float
    threshold: float
    long_threshold: float | None = None  # the cut for blocks of LONG_WORDS words or more; None: `threshold`

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return logistic.Fitted(self.mean, self.scale, self.weight, self.bias).probability(rows)


def read_labels(path: Path) -> dict[tuple[str, int], str]:
    """(file name, line) → structural label."""
    labels = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            record = json.loads(raw)
            if record["category"] in STRUCTURE:
                labels[(Path(record["path"]).name, record["line"])] = record["category"]
    return labels


def examples(corpus: Path, labels: dict[tuple[str, int], str], names: Iterable[str]) -> Examples:
    rows, targets, pages = [], [], []
    for name in sorted(names):
        doc = document.read(corpus / name)
        matrix = line_features.features(doc)
        for block, row in zip(doc.blocks, matrix):
            found = {labels.get((name, n)) for n in range(block.line, block.end_line + 1)}
            if found == {"boilerplate"} or found == {"body"}:
                rows.append(row)
                targets.append(1.0 if found == {"boilerplate"} else 0.0)
                pages.append(name)
    width = len(line_features.FEATURES)
    return Examples(np.array(rows, dtype=np.float64).reshape(-1, width), np.array(targets), tuple(pages))


def page_weights(pages: Sequence[str], total: float) -> np.ndarray:
    """Weights that give each page an equal share of `total`, spread over its examples."""
    counts: dict[str, int] = {}
    for page in pages:
        counts[page] = counts.get(page, 0) + 1
    share = total / max(len(counts), 1)
    return np.array([share / counts[page] for page in pages])


def fit(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray, min_precision: float = 0.0, threshold: float | None = None) -> Model:
    fitted = logistic.fit(rows, labels, weights)
    model = Model(names=line_features.FEATURES, mean=fitted.mean, scale=fitted.scale, weight=fitted.weight, bias=fitted.bias, threshold=0.5)
    if threshold is None:
        weights = weights / weights.sum() * len(weights)
        threshold = best_threshold(model.probability(rows), labels, weights, min_precision)
    return Model(model.names, model.mean, model.scale, model.weight, model.bias, threshold)


def best_threshold(probability: np.ndarray, labels: np.ndarray, weights: np.ndarray, min_precision: float) -> float:
    """The cut with the best weighted F1 (precision at least `min_precision`), from 0.05 to 0.95;
    when several tie (pages the model separates cleanly), the middle one, which leaves the widest
    margin on both sides rather than the lowest cut that happens to work on these pages."""
    scored: list[tuple[float, float]] = []
    for cut in np.round(np.arange(0.05, 0.951, 0.01), 2):
        flagged = probability >= cut
        tp = float(np.sum(weights * (flagged & (labels == 1))))
        fp = float(np.sum(weights * (flagged & (labels == 0))))
        fn = float(np.sum(weights * (~flagged & (labels == 1))))
        if tp == 0:
            continue
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        if precision >= min_precision:
            scored.append((float(cut), 2 * precision * recall / (precision + recall)))
    if not scored:
        return 0.5
    best_f1 = max(f1 for _, f1 in scored)
    best = [cut for cut, f1 in scored if f1 >= best_f1 - 1e-12]
    return best[(len(best) - 1) // 2]


def rule_yaml(model: Model, rule_id: str, note: str) -> str:
    lines = [
        f"# {note}",
        "# Written by newslint.train_line_model: retrain rather than edit (docs/accuracy.md).",
        "rules:",
        f"  - id: {rule_id}",
        "    kind: line-model",
        "    category: boilerplate",
        "    severity: warning",
        "    # A catch-all: it reports only lines that no specific boilerplate rule has flagged.",
        "    fallback: true",
        "    message: 'page furniture, by the line model ({score}%: {cues})'",
        "    description: A block that looks like page furniture by its shape, place, vocabulary and repeats.",
        f"    threshold: {model.threshold}",
        *([f"    # Blocks of {line_features.LONG_WORDS}+ words (not a headline above the article) are flagged at this cut instead (docs/accuracy.md).",
           f"    long_threshold: {model.long_threshold}"] if model.long_threshold is not None else []),
        "    # Too short an article gives the features nothing to measure a block against.",
        "    min_article_blocks: 3",
        f"    bias: {model.bias!r}",
        "    features:",
    ]
    for name, mean, scale, weight in zip(model.names, model.mean, model.scale, model.weight):
        lines.append(f"      {name}: {{mean: {float(mean)!r}, scale: {float(scale)!r}, weight: {float(weight)!r}}}")
    return "\n".join(lines) + "\n"


def train(
    sets: Sequence[tuple[Path, Path, float]], keep: set[str] | None = None, min_precision: float = 0.0, threshold: float | None = None,
    long_threshold: float | None = None,
) -> Model:
    """A model of the labelled sets (corpus, labels, weight); `keep` limits them to these page names;
    `threshold` fixes the cut (else the best F1 on the training pages at `min_precision`), and
    `long_threshold` the cut for long blocks (else the same one)."""
    parts = []
    for corpus, labels_path, weight in sets:
        labels = read_labels(labels_path)
        names = sorted({name for name, _ in labels if keep is None or name in keep})
        found = examples(corpus, labels, names)
        parts.append((found, page_weights(found.pages, weight * len(set(found.pages)))))
    rows = np.vstack([p[0].rows for p in parts])
    labels = np.concatenate([p[0].labels for p in parts])
    weights = np.concatenate([p[1] for p in parts])
    model = fit(rows, labels, weights, min_precision, threshold)
    return replace(model, long_threshold=long_threshold)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newslint.train_line_model", description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", nargs=2, action="append", metavar=("CORPUS_DIR", "LABELS"), required=True,
                        help="a directory of pages and their labels.jsonl (repeatable)")
    parser.add_argument("--weight", type=float, action="append", help="weight per page of each --set, in order (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write line-model.yaml into")
    parser.add_argument("--id", default="line-model-local", help="the rule's id (default line-model-local)")
    parser.add_argument("--min-precision", type=float, default=0.0, help="lowest precision the threshold may give on the training pages")
    parser.add_argument("--threshold", type=float, help="the cut to flag at, between 0 and 1 (default: the best F1 on the training pages)")
    parser.add_argument("--long-threshold", type=float,
                        help=f"the cut for blocks of {line_features.LONG_WORDS}+ words, between 0 and 1 (default: --threshold's)")
    args = parser.parse_args(argv)
    if args.threshold is not None and not 0.0 < args.threshold < 1.0:
        parser.error("--threshold must be between 0 and 1")
    if args.long_threshold is not None and not 0.0 < args.long_threshold < 1.0:
        parser.error("--long-threshold must be between 0 and 1")
    weights = args.weight or []
    if len(weights) > len(args.set):
        parser.error("more --weight than --set")
    sets = [(Path(c), Path(l), weights[i] if i < len(weights) else 1.0) for i, (c, l) in enumerate(args.set)]
    for corpus, labels, _ in sets:
        if not corpus.is_dir() or not labels.is_file():
            print(f"train_line_model: {corpus} must be a directory and {labels} a labels file", file=sys.stderr)
            return 2
    model = train(sets, min_precision=args.min_precision, threshold=args.threshold, long_threshold=args.long_threshold)
    args.out.mkdir(parents=True, exist_ok=True)
    names = ", ".join(f"{c} (weight {w:g})" for c, _, w in sets)
    (args.out / "line-model.yaml").write_text(rule_yaml(model, args.id, f"Trained on {names}."), encoding="utf-8")
    print(f"wrote {args.out / 'line-model.yaml'} (threshold {model.threshold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
