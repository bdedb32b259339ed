"""Off-topic lines and related-headline runs: devset figures per fold, devset-web boilerplate,
and precision on a hand-labelled sample of flagged devset-web lines.

The offtopic rules are hand rules (nothing is trained), so "held out" here means: the devset's
pages dealt into bench/accuracy.py's 5 folds by page (seed 12, a page and its near-copy in one
fold), each fold scored on its own pages, to show how much the figures swing from page set to
page set. The unseen check is two hand-labelled samples of what `offtopic-promo` and
`related-headlines` flagged on devset-web before issue 12's work, each line labelled by hand
(`truth`: body, boilerplate, offtopic or unclear) before any rule changed:
`tests/fixtures/offtopic_precision.jsonl` (100 lines, seed 12: the analysis sample, read while
the mechanisms were written) and `tests/fixtures/offtopic_heldout.jsonl` (60 lines, seed 13, 30
per rule, one per page, on pages not in the first sample: not read while writing them).
A flag is right when its category is the line's `truth` (a byline flagged off-topic is wrong for
both); `unclear` lines are left out. Each sample also gets a table of what the whole pack now
says about its lines (the category of any finding on the line, offtopic before boilerplate),
so that a line a rule stops flagging is seen whether another rule takes it or nobody does.
A third check, `tests/fixtures/offtopic_changed.jsonl`, was drawn (seed 14, one line per page,
pages in neither sample) after the work, from what `offtopic-promo` still flagged and what it
no longer flagged on devset-web, and labelled then: precision of what it keeps, and how many
true off-topic lines it lost.

Run it once per checkout to compare (same interpreter, same load):
    python bench/offtopic_accuracy.py
    PYTHONPATH=/tmp/before/src python bench/offtopic_accuracy.py
It prints figures and asserts nothing.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accuracy  # noqa: E402  (bench/accuracy.py: the devset README's scoring)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "fixtures" / "offtopic_precision.jsonl"
HELD_OUT = REPO / "tests" / "fixtures" / "offtopic_heldout.jsonl"
CHANGED = REPO / "tests" / "fixtures" / "offtopic_changed.jsonl"
SAMPLES = (("analysis sample (seed 12)", SAMPLE), ("held-out sample (seed 13)", HELD_OUT))
# The rules that judge a line by the article's vocabulary (kind `offtopic`), whatever their category.
OFFTOPIC_KIND_RULES = ("offtopic-promo", "related-headlines", "related-link", "headline-run", "related-run")
TRUTHS = ("body", "boilerplate", "offtopic", "unclear")


def load_sample(path: Path = SAMPLE) -> list[dict]:
    return [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]


def line_sha1(text: str) -> str:
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]


def sample_precision(findings: list[dict], sample: list[dict]) -> tuple[Counter, int, int]:
    """(rule, right/wrong) counts on the sample's lines, lines right, lines flagged (unclear left out)."""
    flagged: dict[tuple[str, int], tuple[str, str]] = {}
    for finding in findings:
        if finding["rule"] in OFFTOPIC_KIND_RULES:
            for n in accuracy.covered(finding):
                flagged[(Path(finding["path"]).name, n)] = (finding["rule"], finding["category"])
    counts: Counter = Counter()
    right = total = 0
    for record in sample:
        hit = flagged.get((record["path"], record["line"]))
        if hit is None or record["truth"] == "unclear":
            continue
        ok = hit[1] == record["truth"]
        counts[(hit[0], "right" if ok else "wrong")] += 1
        right += ok
        total += 1
    return counts, right, total


def pack_verdicts(findings: list[dict], sample: list[dict]) -> Counter:
    """(truth, category the pack now gives the line or "none") counts, unclear left out."""
    given: dict[tuple[str, int], str] = {}
    for finding in findings:
        if finding["category"] in ("offtopic", "boilerplate"):
            for n in accuracy.covered(finding):
                key = (Path(finding["path"]).name, n)
                if given.get(key) != "offtopic":
                    given[key] = finding["category"]
    return Counter((r["truth"], given.get((r["path"], r["line"]), "none")) for r in sample if r["truth"] != "unclear")


def per_fold(findings: list[dict], gold: accuracy.Gold, names: list[str]) -> list[tuple[int, dict]]:
    groups = [set(p) for p in gold.pairs]
    folds = accuracy.page_folds(names, groups, accuracy.HELD_OUT_FOLDS, accuracy.HELD_OUT_SEED)
    rows = []
    for fold in range(accuracy.HELD_OUT_FOLDS):
        pages = {n for n, f in folds.items() if f == fold}
        mine = [f for f in findings if Path(f["path"]).name in pages]
        sub = accuracy.Gold(
            structure={k: v for k, v in gold.structure.items() if k[0] in pages},
            positive={c: {k for k in ks if k[0] in pages} for c, ks in gold.positive.items()},
            dont_care=gold.dont_care,
            claim_files=gold.claim_files,
            pairs=gold.pairs,
        )
        rows.append((fold, accuracy.score_devset(mine, sub)))
    return rows


def main() -> None:
    shared = accuracy.shared_dir()
    devset, web = shared / "devset", shared / "devset-web"
    gold = accuracy.load_gold(devset)
    findings = accuracy.run_newslint(devset / "corpus", [])
    names = sorted(p.name for p in (devset / "corpus").iterdir() if p.suffix == ".txt")
    print("devset per fold (5 folds by page, seed 12):")
    print("| fold | offtopic TP/FP/FN | offtopic P / R / F1 | boilerplate TP/FP/FN | boilerplate P / R / F1 |")
    print("| ---: | --- | --- | --- | --- |")
    for fold, scores in [*per_fold(findings, gold, names), ("all", accuracy.score_devset(findings, gold))]:
        cells = []
        for category in ("offtopic", "boilerplate"):
            s = scores[category]
            cells += [f"{s.tp}/{s.fp}/{s.fn}", f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}"]
        print(f"| {fold} | " + " | ".join(cells) + " |")

    web_gold = accuracy.load_web_gold(web)
    web_findings = accuracy.run_newslint(web / "corpus", [])
    web_names = {name for name, _ in web_gold.structure}
    line = accuracy.score_boilerplate(web_findings, web_gold, web / "corpus", web_names)
    print("\ndevset-web boilerplate (default pack: hand rules and the line model):")
    accuracy.print_line_scores([("devset-web", "default pack", line)])

    for title, path in SAMPLES:
        sample = load_sample(path)
        stale = [r for r in sample if line_sha1((web / "corpus" / r["path"]).read_text(encoding="utf-8").split("\n")[r["line"] - 1]) != r["sha1"]]
        if stale:
            print(f"offtopic_accuracy: WARNING, {len(stale)} sample lines no longer match their text", file=sys.stderr)
        counts, right, total = sample_precision(web_findings, sample)
        print(f"\n{title}: {len(sample)} lines flagged before issue 12 (unclear left out)")
        print(f"still flagged by an offtopic-kind rule: {total}, right category: {right}, precision {right / total if total else 0:.3f}")
        for (rule, verdict), n in sorted(counts.items()):
            print(f"  {rule:<20} {verdict:<5} {n}")
        verdicts = pack_verdicts(web_findings, sample)
        print("  whole pack, truth -> now flagged as: " + ", ".join(f"{t} -> {g} {n}" for (t, g), n in sorted(verdicts.items())))
    changed = load_sample(CHANGED)
    promo = {(Path(f["path"]).name, n) for f in web_findings if f["rule"] == "offtopic-promo" for n in accuracy.covered(f)}
    now = [r for r in changed if (r["path"], r["line"]) in promo]
    lost = [r for r in changed if (r["path"], r["line"]) not in promo and r["truth"] == "offtopic"]
    print(f"\nlines drawn after the work ({len(changed)}): offtopic-promo flags {len(now)} of them, "
          f"{sum(r['truth'] == 'offtopic' for r in now)} right; true off-topic lines it does not flag: {len(lost)}")
    flags = Counter(f["rule"] for f in web_findings if f["rule"] in OFFTOPIC_KIND_RULES)
    print("offtopic-kind findings on devset-web: " + ", ".join(f"{rule} {n}" for rule, n in sorted(flags.items())))


if __name__ == "__main__":
    main()
