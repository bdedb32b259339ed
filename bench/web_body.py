"""Where the devset-web body lines that newslint flags come from: rule, length, position, shape.

    python bench/web_body.py [--folds 0,1,2] [--sample N] [--findings FILE] [--missed [N]]

Runs newslint on devset-web's held-out folds exactly as bench/accuracy.py does (each fold's
pages checked with a line model trained on the other folds, HELD_OUT_SEED's split) and
counts the lines labelled `body` that a boilerplate finding covers:

- by rule: the rules whose findings cover the line (a line several rules flag counts under
  each), with the furniture lines each rule covers beside them;
- by length (words: 1-3, 4-10, 11+), by position (layout.position of the line's block
  against the article's span: lead, body, tail) and by shape: `heading`, `byline`, `date`
  (devset-web's kept-as-text conventions, told by shape alone) or `prose`, as
  bench/accuracy.py's `kept_shape` says, the test its additional devset-web rows use.

With --sample N it prints N flagged body lines (a fixed seed) with their rules and shapes, for
reading by eye; --findings FILE keeps the folds' findings in FILE (JSON) and reads them back
when it exists, so that a second look costs no run.

With --missed it counts the other side instead: the furniture lines of LONG_FURNITURE_WORDS
(11) words or more that no finding covers, by position, by how many devset-web pages hold the
same line (its text lowercased, digits and spacing folded: a site template's repeat) and by
the held-out line model's score of its block (the fold's model, trained in process exactly as
bench/accuracy.py trains it), and prints N of them (a fixed seed; all with N = 0).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import accuracy  # noqa: E402  (bench/accuracy.py: the folds and the scoring)

from newslint import document, layout, line_features  # noqa: E402

LENGTHS = ((1, 3), (4, 10), (11, None))


def length_bucket(words: int) -> str:
    for low, high in LENGTHS:
        if words >= low and (high is None or words <= high):
            return f"{low}-{high}" if high else f"{low}+"
    return "0"


def fold_findings(shared: Path, folds: tuple[int, ...], extra: list[str]) -> dict[int, list[dict]]:
    """Each fold's devset-web findings, as bench/accuracy.py's held-out rows make them."""
    return {fold: findings for fold, key, _test, findings in accuracy.held_out_runs(shared, extra, folds, ("devset-web",))}


def breakdown(shared: Path, findings_by_fold: dict[int, list[dict]], folds: dict[str, int] | None = None) -> tuple[list[dict], int, Counter, Counter]:
    """Every flagged body line of the folds (file, line, text, rules, words, position, shape);
    the number of body lines on the folds' pages; and for each rule, the furniture lines it
    covers and those only it covers (what it adds to recall). `folds`: page -> fold (default
    bench/accuracy.py's split)."""
    web = shared / "devset-web"
    gold = accuracy.load_web_gold(web)
    folds = accuracy.web_folds(shared) if folds is None else folds
    rows, body_total = [], 0
    furniture, furniture_only = Counter(), Counter()
    for fold, findings in sorted(findings_by_fold.items()):
        names = {name for name, f in folds.items() if f == fold}
        rules_at: dict[tuple[str, int], set[str]] = defaultdict(set)
        for finding in findings:
            if finding["category"] == "boilerplate":
                for n in accuracy.covered(finding):
                    rules_at[(Path(finding["path"]).name, n)].add(finding["rule"])
        for key in gold.positive["boilerplate"]:
            if key[0] in names and key in rules_at:
                furniture.update(rules_at[key])
                if len(rules_at[key]) == 1:
                    furniture_only.update(rules_at[key])
        docs: dict[str, tuple] = {}
        for (name, line), category in sorted(gold.structure.items()):
            if name not in names or category != "body":
                continue
            body_total += 1
            if (name, line) not in rules_at:
                continue
            if name not in docs:
                doc = document.read(web / "corpus" / name)
                at = {n: b for b in doc.blocks for n in range(b.line, b.end_line + 1)}
                docs[name] = (doc, at, layout.article_span(doc, line_features.PROSE_MIN_WORDS))
            doc, at, span = docs[name]
            block = at.get(line)
            text = doc.lines[line - 1].strip()
            rows.append({
                "file": name, "line": line, "text": text, "rules": sorted(rules_at[(name, line)]),
                "words": len(text.split()),
                "position": layout.position(block, span) if block is not None else "body",
                "shape": accuracy.kept_shape(text),
            })
    return rows, body_total, furniture, furniture_only


def norm_line(text: str) -> str:
    """A line's text for counting repeats across pages: lowercased, digits and spacing folded."""
    return " ".join(re.sub(r"\d+", "0", text.lower()).split())


def page_repeats(web: Path) -> Counter:
    """Normalised line text -> the number of devset-web pages holding it."""
    counts: Counter = Counter()
    for path in sorted((web / "corpus").glob("*.txt")):
        counts.update({norm_line(t) for t in path.read_text(encoding="utf-8").split("\n") if t.strip()})
    return counts


def held_out_model(shared: Path, fold: int):
    """The line model bench/accuracy.py checks fold `fold` with (trained on the other folds'
    pages of both sets, the shipped cuts), fitted in process."""
    sys.path.insert(0, str(REPO / "bench"))
    import train_line_model as trainer  # bench/train_line_model.py: the shipped fit's sets and cuts

    from newslint import train_line_model

    every = accuracy.set_folds(shared)
    keep = {name for key in every for name, f in every[key].items() if f != fold}
    return train_line_model.train(trainer.training_sets(shared), keep=keep, threshold=trainer.THRESHOLD, long_threshold=trainer.LONG_THRESHOLD)


def missed_long(shared: Path, findings_by_fold: dict[int, list[dict]], folds: dict[str, int] | None = None, model_for=held_out_model) -> tuple[list[dict], int]:
    """Every furniture line of LONG_FURNITURE_WORDS+ words no finding covers on the folds' pages
    (file, line, text, words, position, pages holding the same line, the held-out model's
    score of its block, the block's lines and whether the block is all furniture); and the
    number of such long furniture lines there are. `model_for(shared, fold)`: the fold's model
    (anything with `probability(rows)`; default held_out_model)."""
    web = shared / "devset-web"
    gold = accuracy.load_web_gold(web)
    folds = accuracy.web_folds(shared) if folds is None else folds
    repeats = page_repeats(web)
    rows, total = [], 0
    for fold, findings in sorted(findings_by_fold.items()):
        names = {name for name, f in folds.items() if f == fold}
        flagged = {(Path(f["path"]).name, n) for f in findings if f["category"] == "boilerplate" for n in accuracy.covered(f)}
        model = model_for(shared, fold)
        for name in sorted(names):
            doc = document.read(web / "corpus" / name)
            keys = [k for k in sorted(gold.positive["boilerplate"]) if k[0] == name]
            long = [k for k in keys if len(doc.lines[k[1] - 1].split()) >= accuracy.LONG_FURNITURE_WORDS]
            total += len(long)
            missed = [k for k in long if k not in flagged]
            if not missed:
                continue
            span = layout.article_span(doc, line_features.PROSE_MIN_WORDS)
            probability = model.probability(line_features.features(doc)) if doc.blocks else []
            index = {n: i for i, b in enumerate(doc.blocks) for n in range(b.line, b.end_line + 1)}
            for key in missed:
                text = doc.lines[key[1] - 1].strip()
                i = index.get(key[1])
                block = doc.blocks[i] if i is not None else None
                rows.append({
                    "file": name, "line": key[1], "text": text, "words": len(text.split()),
                    "position": layout.position(block, span) if block is not None and span is not None else "none",
                    "pages": repeats[norm_line(text)],
                    "score": float(probability[i]) if i is not None else 0.0,
                    "block_lines": block.end_line - block.line + 1 if block is not None else 0,
                    "block_furniture": block is not None and all((name, n) in gold.positive["boilerplate"] for n in range(block.line, block.end_line + 1)),
                })
    return rows, total


def print_missed(rows: list[dict], total: int, sample: int) -> None:
    n = len(rows)
    print(f"devset-web furniture lines of {accuracy.LONG_FURNITURE_WORDS}+ words missed: {n} of {total} ({n / max(total, 1):.1%})")

    def table(title: str, counts: Counter, order) -> None:
        print(f"\n| {title} | lines | share of missed |")
        print("| --- | ---: | ---: |")
        for key in order:
            print(f"| {key} | {counts[key]} | {counts[key] / max(n, 1):.1%} |")

    table("position", Counter(r["position"] for r in rows), [p for p in layout.POSITIONS] + (["none"] if any(r["position"] == "none" for r in rows) else []))
    spread = ("1 page", "2-4 pages", "5+ pages")
    table("devset-web pages holding the same line", Counter(spread[0] if r["pages"] <= 1 else spread[1] if r["pages"] < 5 else spread[2] for r in rows), spread)
    bands = ("< 0.1", "0.1-0.3", "0.3-0.5", "0.5-0.63", "0.63+")
    def band(p: float) -> str:
        return bands[0] if p < 0.1 else bands[1] if p < 0.3 else bands[2] if p < 0.5 else bands[3] if p < 0.63 else bands[4]
    table("held-out line model score of its block", Counter(band(r["score"]) for r in rows), bands)
    table("its block", Counter("all furniture" if r["block_furniture"] else "mixed with body or don't care" for r in rows), ["all furniture", "mixed with body or don't care"])
    chosen = rows if sample == 0 else sorted(random.Random(accuracy.HELD_OUT_SEED).sample(rows, min(sample, n)), key=lambda r: (r["file"], r["line"]))
    print(f"\n{'All' if sample == 0 else f'A sample of {len(chosen)} (seed {accuracy.HELD_OUT_SEED})'}: file:line position pages score text")
    for row in chosen:
        print(f"  {row['file']}:{row['line']:<4} {row['position']:<4} {row['pages']:>3} {row['score']:.2f} {row['text'][:110]}")


def print_breakdown(rows: list[dict], body_total: int, furniture: Counter, furniture_only: Counter) -> None:
    total = len(rows)
    print(f"devset-web body lines flagged: {total} of {body_total} ({total / max(body_total, 1):.1%})")

    def table(title: str, counts: Counter, order=None) -> None:
        print(f"\n| {title} | lines | share of flagged body lines |")
        print("| --- | ---: | ---: |")
        for key in order or sorted(counts, key=lambda k: (-counts[k], k)):
            print(f"| {key} | {counts[key]} | {counts[key] / max(total, 1):.1%} |")

    by_rule = Counter(rule for row in rows for rule in row["rules"])
    only = Counter(row["rules"][0] for row in rows if len(row["rules"]) == 1)
    print("\n| rule | body lines it covers | share | body lines only it covers | furniture lines it covers | furniture lines only it covers |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for rule in sorted(by_rule, key=lambda r: (-by_rule[r], r)):
        print(f"| {rule} | {by_rule[rule]} | {by_rule[rule] / max(total, 1):.1%} | {only[rule]} | {furniture[rule]} | {furniture_only[rule]} |")
    table("length (words)", Counter(length_bucket(r["words"]) for r in rows), [length_bucket(lo) for lo, _ in LENGTHS])
    table("position", Counter(r["position"] for r in rows), [p for p in layout.POSITIONS])
    table("shape", Counter(r["shape"] for r in rows), list(accuracy.KEPT_SHAPES) + ["prose"])
    print("\n| rule | shape | length | lines |")
    print("| --- | --- | --- | ---: |")
    cells = Counter((rule, r["shape"], length_bucket(r["words"])) for r in rows for rule in r["rules"])
    for (rule, shape, length), n in sorted(cells.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= max(10, total // 200):
            print(f"| {rule} | {shape} | {length} | {n} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", default="0,1,2", metavar="N,N", help="held-out folds to count (default 0,1,2: the tuning folds)")
    parser.add_argument("--sample", type=int, default=0, metavar="N", help="print N flagged body lines (fixed seed)")
    parser.add_argument("--findings", type=Path, help="keep the folds' findings in this JSON file (read back when it exists)")
    parser.add_argument("--missed", type=int, nargs="?", const=0, metavar="N",
                        help="count the missed 11+-word furniture lines instead, and print N of them (default all)")
    parser.add_argument("extra", nargs="*", help="extra arguments for `newslint check` (after --)")
    args = parser.parse_args()
    folds = tuple(sorted({int(n) for n in args.folds.split(",") if n.strip()}))
    shared = accuracy.shared_dir()
    if args.findings and args.findings.exists():
        found = {int(k): v for k, v in json.loads(args.findings.read_text(encoding="utf-8")).items()}
        found = {k: v for k, v in found.items() if k in folds}
    else:
        found = fold_findings(shared, folds, args.extra)
        if args.findings:
            args.findings.write_text(json.dumps({str(k): v for k, v in found.items()}), encoding="utf-8")
    if args.missed is not None:
        rows, total = missed_long(shared, found)
        print_missed(rows, total, args.missed)
        return
    rows, body_total, furniture, furniture_only = breakdown(shared, found)
    print_breakdown(rows, body_total, furniture, furniture_only)
    if args.sample:
        print(f"\nA sample of {args.sample} (seed {accuracy.HELD_OUT_SEED}):")
        for row in sorted(random.Random(accuracy.HELD_OUT_SEED).sample(rows, min(args.sample, len(rows))), key=lambda r: (r["file"], r["line"])):
            print(f"  {row['file']}:{row['line']:<4} {row['shape']:<7} {row['position']:<4} [{','.join(row['rules'])}] {row['text'][:100]}")


if __name__ == "__main__":
    main()
