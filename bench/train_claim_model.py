"""A learned claim filter for `unsupported-figure`, measured: grouped cross-validation on the figure-precision samples.

    python bench/train_claim_model.py                 # the cross-validation tables
    python bench/train_claim_model.py --write         # refit and write bench/claim-model.yaml
    python bench/train_claim_model.py --check         # exit 1 when bench/claim-model.yaml differs from a fresh fit
    python bench/train_claim_model.py --score         # the written model against the hand rules: devset, news, held-out-5

The examples are the labelled findings of tests/fixtures/figure_precision.jsonl (devset-web pages,
each labelled `claim` or `not-claim`) that `unsupported-figure` still flags, in the five samples
TRAINING; `held-out-5` is never read here except by `--score`, which is to be run once. Each row is
newslint.claim_features; the model (newslint.train_claim_model, logistic regression by Newton's
method, newslint.logistic) is fitted on four samples and scored on the fifth, each sample in turn
(pages never cross folds: every page is in one sample). Two cuts are reported: each fold's own,
the lowest that keeps MIN_RECALL of the claims of its four training samples; and the one cut
chosen on all five folds' held-out scores together (the lowest that keeps MIN_RECALL of all
claims: the best case for the filter, since the cut has seen the folds it is scored on).

`--write` fits the model on all five samples at the pooled cut and writes it as YAML data (the
numeric-claim kind's `model` parameter) to bench/claim-model.yaml, bit for bit the same on every
run. It is an experiment, not part of the rule pack: round 30 (docs/accuracy.md) found it does
not beat the hand rules. `--score` runs the rule pack in-process with that model set on
`unsupported-figure` and without it, on held-out-5, the devset's claim files and the Lee
corpus's labelled articles.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from newslint import claim_features, logistic, train_claim_model  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "figure_precision.jsonl"
OUTPUT = BENCH / "claim-model.yaml"
TRAINING = ("analysis", "held-out", "held-out-2", "held-out-3", "held-out-4")
NEVER_READ = "held-out-5"
MIN_RECALL = 0.98
# The feature sets measured: every feature (46 written down before any fold was scored, and the
# page's four shares added after those scored no better than chance), and the four page shares
# alone (claim_features.PAGE_FEATURES), the one that came out best; its stronger penalty keeps
# four correlated shares from trading weight. The written model is WRITTEN's.
VARIANTS = {"all": (claim_features.FEATURES, logistic.L2), "page": (claim_features.PAGE_FEATURES, 10.0)}
WRITTEN = "page"


def training_labels(sample: str) -> list[train_claim_model.Label]:
    """The labels of one training sample (held-out-5's records are skipped unread)."""
    if sample not in TRAINING:
        raise ValueError(f"{sample} is not a training sample")
    found = []
    for raw in FIXTURE.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            record = json.loads(raw)
            if record["sample"] == sample:
                found.append(train_claim_model.Label(record["page"], record["line"], record["label"], record["text"]))
    return found


def samples(shared: Path) -> dict[str, train_claim_model.Examples]:
    corpus = shared / "devset-web" / "corpus"
    rule = train_claim_model.default_rule()
    return {sample: train_claim_model.examples(corpus, training_labels(sample), rule) for sample in TRAINING}


def auc(score: np.ndarray, labels: np.ndarray) -> float:
    """The chance that a random no-claim scores above a random claim (ties half)."""
    positive, negative = score[labels == 1], score[labels == 0]
    if not len(positive) or not len(negative):
        return 0.5
    return float(np.mean([(p > negative).mean() + 0.5 * (p == negative).mean() for p in positive]))


@dataclasses.dataclass(frozen=True)
class Fold:
    sample: str
    labels: np.ndarray
    probability: np.ndarray  # held-out probability of no claim
    cut: float  # chosen on the other four samples


def cross_validate(parts: dict[str, train_claim_model.Examples], names=claim_features.FEATURES, l2: float = logistic.L2,
                   min_recall: float = MIN_RECALL) -> list[Fold]:
    folds = []
    for sample in TRAINING:
        rest = train_claim_model.join([parts[s] for s in TRAINING if s != sample])
        model = train_claim_model.fit(rest, min_recall, l2=l2, names=names)
        folds.append(Fold(sample, parts[sample].labels, model.probability(parts[sample].rows), model.threshold))
    return folds


def verdict(labels: np.ndarray, kept: np.ndarray) -> tuple[int, int, int, float, float]:
    """(claims kept, no-claims kept, claims, precision, recall) of the findings `kept`."""
    claims = labels == 0
    tp, fp = int(np.sum(kept & claims)), int(np.sum(kept & ~claims))
    return tp, fp, int(claims.sum()), tp / max(tp + fp, 1), tp / max(int(claims.sum()), 1)


def report(folds: list[Fold]) -> float:
    """Print both tables; return the pooled cut."""
    labels = np.concatenate([f.labels for f in folds])
    probability = np.concatenate([f.probability for f in folds])
    pooled = train_claim_model.lowest_cut(probability, labels, MIN_RECALL)
    print(f"Leave one sample out (the model fitted on the other four), {len(labels)} flagged labelled findings; "
          f"held-out AUC {auc(probability, labels):.3f}")
    print("| held-out sample | flagged | claims | hand rules: precision | fold's cut | kept: claims | kept: not claims | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    own = []
    for f in folds:
        kept = f.probability < f.cut
        own.append(kept)
        tp, fp, claims, p, r = verdict(f.labels, kept)
        print(f"| {f.sample} | {len(f.labels)} | {claims} | {verdict(f.labels, np.ones(len(f.labels), bool))[3]:.3f} | {f.cut:.2f} | {tp} | {fp} | {p:.3f} | {r:.3f} |")
    base = verdict(labels, np.ones(len(labels), bool))
    tp, fp, claims, p, r = verdict(labels, np.concatenate(own))
    print(f"| all, each fold's cut | {len(labels)} | {claims} | {base[3]:.3f} | | {tp} | {fp} | {p:.3f} | {r:.3f} |")
    tp, fp, claims, p, r = verdict(labels, probability < pooled)
    print(f"| all, one cut on the pooled folds | {len(labels)} | {claims} | {base[3]:.3f} | {pooled:.2f} | {tp} | {fp} | {p:.3f} | {r:.3f} |")
    return pooled


def model_text(parts: dict[str, train_claim_model.Examples], cut: float) -> str:
    import yaml

    found = train_claim_model.join([parts[s] for s in TRAINING])
    names, l2 = VARIANTS[WRITTEN]
    model = train_claim_model.fit(found, threshold=cut, l2=l2, names=names)
    header = (
        "# A claim model for unsupported-figure (the numeric-claim kind's `model` parameter), written by\n"
        f"# bench/train_claim_model.py --write (features: {WRITTEN!r}) from the five training samples of tests/fixtures/figure_precision.jsonl\n"
        f"# ({len(found.labels)} flagged findings, {int(found.labels.sum())} of them no claim), at the cut chosen on the\n"
        "# pooled cross-validation folds. An experiment: it does not beat the hand rules (docs/accuracy.md, round 30).\n"
    )
    return header + yaml.safe_dump({"model": train_claim_model.model_data(model)}, sort_keys=False, width=1_000_000, default_flow_style=None)


def model_rules(model: dict | None):
    """The default pack, `unsupported-figure` carrying `model` (None: as shipped)."""
    from newslint import regexes, rules

    pack = rules.load([])
    if model is None:
        return pack
    changed = []
    for rule in pack.rules:
        if rule.id == train_claim_model.RULE_ID:
            with regexes.trusted():  # the pack's own patterns, as the loader compiles them
                rule = dataclasses.replace(rule, params=dataclasses.replace(rule.params, model=model))
        changed.append(rule)
    return rules.RuleSet(tuple(changed))


def lint(paths: list[Path], pack) -> list[dict]:
    from newslint import document, linter

    docs = [document.read(path) for path in paths]
    report = linter.lint(docs, pack)
    return [{"path": f.path, "line": f.line, "end_line": f.end_line, "column": f.column, "rule": f.rule,
             "category": f.category, "excerpt": f.excerpt, "related": None} for f in report.findings]


def score(shared: Path) -> None:
    """The written model against the hand rules alone, in-process: run once, at the end."""
    import yaml

    import accuracy
    import accuracy_claims
    import news_claims

    model = yaml.safe_load(OUTPUT.read_text(encoding="utf-8"))["model"]
    items = [item for item in accuracy_claims.load_sample() if item.sample == NEVER_READ]
    web = shared / "devset-web" / "corpus"
    devset = shared / "devset"
    gold = accuracy.load_gold(devset)
    lee = news_claims.fetch()
    news = news_claims.load_labels()
    print("| set | hand rules alone: TP / FP / FN, P / R | with the claim model: TP / FP / FN, P / R |")
    print("| --- | --- | --- |")
    rows: dict[str, list[str]] = {}
    for name, chosen in (("hand rules", None), ("model", model)):
        pack = model_rules(chosen)
        flagged = accuracy_claims.flagged_sentences(lint([web / page for page in sorted({i.page for i in items})], pack))
        s = accuracy_claims.score_sample(items, flagged)
        rows.setdefault(NEVER_READ, []).append(
            f"{s.flagged_claims} / {s.flagged_not_claims} / {s.claims - s.flagged_claims}, {s.precision:.3f} / {s.recall:.3f}")
        found = lint(sorted(p for p in (devset / "corpus").iterdir() if p.suffix == ".txt" and p.name in gold.claim_files), pack)
        d = accuracy.score_devset(found, gold)["unsupported-claim"]
        rows.setdefault("devset claims", []).append(f"{d.tp} / {d.fp} / {d.fn}, {d.precision:.3f} / {d.recall:.3f}")
        offsets = news_claims.flagged_offsets(lint([lee / f"{a}.txt" for a in sorted({c.article for c in news})], pack))
        for half in news_claims.SAMPLES:
            n = news_claims.score([c for c in news if c.half == half], offsets)
            rows.setdefault(f"news {half}", []).append(f"{n.tp} / {n.fp} / {n.fn}, {n.precision:.3f} / {n.recall:.3f}")
    for name, cells in rows.items():
        print(f"| {name} | {cells[0]} | {cells[1]} |")


def main() -> int:
    from accuracy import shared_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help=f"refit and write {OUTPUT.relative_to(REPO)}")
    group.add_argument("--check", action="store_true", help=f"compare {OUTPUT.relative_to(REPO)} with a fresh fit")
    group.add_argument("--score", action="store_true", help="score the written model on held-out-5, the devset and the news labels")
    args = parser.parse_args()
    shared = shared_dir()
    if args.score:
        score(shared)
        return 0
    parts = samples(shared)
    cuts = {}
    for variant, (names, l2) in VARIANTS.items():
        if args.check and variant != WRITTEN:
            continue
        folds = cross_validate(parts, names, l2)
        if args.check:
            cuts[variant] = train_claim_model.lowest_cut(
                np.concatenate([f.probability for f in folds]), np.concatenate([f.labels for f in folds]), MIN_RECALL)
        else:
            print(f"\nFeatures {variant!r} ({len(names)}), L2 {l2:g}:")
            cuts[variant] = report(folds)
    text = model_text(parts, cuts[WRITTEN])
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.relative_to(REPO)}: {'identical to a fresh fit' if same else 'DIFFERS from a fresh fit'}")
        return 0 if same else 1
    if args.write:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
