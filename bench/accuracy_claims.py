"""Precision of `unsupported-figure` on pages nobody tuned it on, and devset claims fold by fold.

The figure-precision sample (tests/fixtures/figure_precision.jsonl) is 556 of the rule's
findings on `<shared>/devset-web` (general web pages, no claim labels of their own), one per
page, hand-labelled `claim` or `not-claim` before the not-a-claim mechanisms they measure were
written:

- `analysis`: 150 findings on 150 pages (seed 12), read to find what kinds of figures are no
  claims (references, names, dates, counts of the text's own list, idioms, ages...);
- `held-out`: 80 findings on 80 other pages (seed 13), labelled at the same time and not used
  while writing the first mechanisms (round 20), then read once for its misses;
- `held-out-2`: 80 findings on 80 pages in neither (seed 14), drawn from the rule's findings
  at main 960f151 (after round 20's shapes) and labelled before round 21's mechanisms were
  written, not used while writing them;
- `held-out-3`: 80 findings on 80 pages in none of those (seed 15: `random.Random(15)` draws
  80 of the sorted pages with a finding at main a51d806, then one of each page's findings in
  (line, column) order), labelled before round 22's mechanisms were written and scored once
  at the end, never read while writing them;
- `held-out-4`: 100 findings on 100 pages in none of those (seed 23, drawn from main 6d54127's
  findings by bench/draw_figure_sample.py, the held-out-3 procedure written down), labelled
  before round 23's mechanisms were written and scored once at the end, never read while
  writing them;
- `held-out-5`: 66 findings on 66 pages in none of those (seed 25, drawn from main e0284ca's
  findings by bench/draw_figure_sample.py; only 66 pages with a finding were left outside the
  earlier samples), labelled before any round-25 change. Its figures are the ones to quote.

A labelled finding is still *flagged* when an unsupported-figure finding covers its line with the
same sentence (a line can hold several).
Precision is the share of claims among the labelled findings still flagged; recall the share of
the labelled claims still flagged (1.0 on the commit a sample was drawn from, by construction).

The devset claims (12 annotated files) are scored per fold, the folds of bench/accuracy.py
(5 by page, seed 12, a page and its near-copy in one fold), to show how much the figure moves
from page to page; every fold was seen by earlier rounds' tuning, so none is unseen.

    python bench/accuracy_claims.py            # both samples and the devset folds
    python bench/accuracy_claims.py --verbose  # and every labelled finding whose verdict is wrong

bench/accuracy.py prints the same figures. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
FIXTURE = REPO / "tests" / "fixtures" / "figure_precision.jsonl"
RULE = "unsupported-figure"
SAMPLES = ("analysis", "held-out", "held-out-2", "held-out-3", "held-out-4", "held-out-5")


@dataclass(frozen=True)
class Labelled:
    sample: str
    page: str
    line: int
    figure: str
    text: str
    label: str  # "claim" or "not-claim"
    reason: str


@dataclass(frozen=True)
class SampleScore:
    labelled: int
    claims: int
    flagged_claims: int
    flagged_not_claims: int

    @property
    def precision(self) -> float:
        flagged = self.flagged_claims + self.flagged_not_claims
        return self.flagged_claims / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        return self.flagged_claims / self.claims if self.claims else 0.0


def load_sample(path: Path = FIXTURE) -> list[Labelled]:
    return [Labelled(**json.loads(raw)) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]


def flagged_sentences(findings: list[dict]) -> set[tuple[str, int, str]]:
    """(page, line, sentence) for every line an unsupported-figure finding covers: a line (a
    block) can hold several sentences, and each labelled finding is one of them."""
    return {
        (Path(f["path"]).name, n, f["excerpt"])
        for f in findings
        if f["rule"] == RULE
        for n in range(f["line"], (f.get("end_line") or f["line"]) + 1)
    }


def still_flagged(item: Labelled, flagged: set[tuple[str, int, str]]) -> bool:
    return (item.page, item.line, item.text) in flagged


def score_sample(items: list[Labelled], flagged: set[tuple[str, int, str]]) -> SampleScore:
    kept = [item for item in items if still_flagged(item, flagged)]
    return SampleScore(
        labelled=len(items),
        claims=sum(item.label == "claim" for item in items),
        flagged_claims=sum(item.label == "claim" for item in kept),
        flagged_not_claims=sum(item.label != "claim" for item in kept),
    )


def print_samples(shared: Path, extra: list[str], verbose: bool) -> None:
    from accuracy import run_newslint_args

    items = load_sample()
    web = shared / "devset-web" / "corpus"
    pages = sorted({item.page for item in items})
    flagged = flagged_sentences(run_newslint_args([*extra, *(str(web / page) for page in pages)]))
    print(f"\nFigure precision on unseen pages ({FIXTURE.relative_to(REPO)}: unsupported-figure findings on devset-web, hand-labelled)")
    print("| sample | labelled | claims | still flagged: claims | still flagged: not claims | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for sample in SAMPLES:
        s = score_sample([item for item in items if item.sample == sample], flagged)
        print(f"| {sample} | {s.labelled} | {s.claims} | {s.flagged_claims} | {s.flagged_not_claims} | {s.precision:.3f} | {s.recall:.3f} |")
    kinds = Counter(item.reason.split(":")[0] for item in items if item.label != "claim" and still_flagged(item, flagged))
    print("not claims still flagged, by kind: " + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "none"))
    if verbose:
        for item in items:
            still = still_flagged(item, flagged)
            if still != (item.label == "claim"):
                verdict = "still flagged" if still else "dropped"
                print(f"  {item.sample:<9} {item.page}:{item.line:<4} {item.label:<9} {verdict:<13} [{item.figure}] {item.text[:80]}")


def print_devset_folds(shared: Path, extra: list[str]) -> None:
    from accuracy import HELD_OUT_FOLDS, HELD_OUT_SEED, Score, load_gold, page_folds, run_newslint, score_devset

    devset = shared / "devset"
    gold = load_gold(devset)
    findings = run_newslint(devset / "corpus", extra)
    names = sorted(p.name for p in (devset / "corpus").iterdir() if p.suffix == ".txt")
    folds = page_folds(names, [set(p) for p in gold.pairs], HELD_OUT_FOLDS, HELD_OUT_SEED)
    print(f"\nDevset claims by fold ({HELD_OUT_FOLDS} folds by page, seed {HELD_OUT_SEED}; only the {len(gold.claim_files)} files annotated for claims count)")
    print("| fold | claim files | TP | FP | FN | precision | recall | F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    total = Score()
    for fold in range(HELD_OUT_FOLDS):
        files = {name for name, f in folds.items() if f == fold and name in gold.claim_files}
        fold_gold = load_gold(devset)
        fold_gold.claim_files = files
        s = score_devset([f for f in findings if Path(f["path"]).name in files], fold_gold)["unsupported-claim"]
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        print(f"| {fold} | {len(files)} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    print(f"| all | {len(gold.claim_files)} | {total.tp} | {total.fp} | {total.fn} | {total.precision:.3f} | {total.recall:.3f} | {total.f1:.3f} |")


def print_all(shared: Path, extra: list[str], verbose: bool = False) -> None:
    print_samples(shared, extra, verbose)
    print_devset_folds(shared, extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every labelled finding the rule gets wrong")
    parser.add_argument("extra", nargs="*", help="extra arguments for `newslint check` (after --)")
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    from accuracy import shared_dir

    print_all(shared_dir(), args.extra, args.verbose)


if __name__ == "__main__":
    main()
