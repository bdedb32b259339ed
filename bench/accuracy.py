"""Accuracy of newslint's findings on the labelled devset and on the seed articles.

Runs the installed newslint (`python -m newslint check --format json`) on
`<shared>/devset/corpus`, scores its findings against `labels.jsonl` and
`pairs.jsonl` exactly as the devset README's "How to score" section says, and
prints precision, recall and F1 per category. Then runs it on the repo's
`corpus/` and checks, row by row, the seed expectations in
`<shared>/seeds/EXPECTED.md`. It prints figures and asserts nothing.

The shared directory is $NEWSLINT_SHARED, or the first `shared/` holding a
`devset/` found walking up from this repository (../shared from /work/main,
../../shared from a worktree under /work/wt/NAME).

Usage:
    python bench/accuracy.py [--verbose] [--no-held-out] [--folds N,N] [--devset-only | --seeds-only] [-- EXTRA NEWSLINT ARGS]

After the devset table it scores boilerplate on `<shared>/devset-web` and, for the learned
`line-model` rule, on pages held out from its training: 5 folds by page (fixed seed; a page
and its near-copy in one fold), each scored with a model trained on the other folds
(bench/train_line_model.py's recipe). Those are the figures to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LINE_CATEGORIES = ("duplicate", "boilerplate", "offtopic", "unsupported-claim")
PAIR_CATEGORY = "duplicate-document"
CATEGORIES = LINE_CATEGORIES + (PAIR_CATEGORY,)
# Structural labels that are neither right nor wrong for a category (README "How to score").
STRUCTURAL_DONT_CARE = {
    "boilerplate": {"title", "unclear", "offtopic"},
    "offtopic": {"boilerplate", "title", "unclear"},
}
SEED_KINDS = {"duplicate": "duplicate", "boilerplate": "boilerplate", "offtopic": "offtopic", "numeric": "unsupported-claim"}


def shared_dir() -> Path:
    env = os.environ.get("NEWSLINT_SHARED")
    if env:
        return Path(env)
    for parent in [REPO, *REPO.parents]:
        candidate = parent / "shared"
        if (candidate / "devset").is_dir():
            return candidate
    sys.exit("accuracy: no shared/devset found above the repository; set NEWSLINT_SHARED")


def run_newslint(target: Path, extra: list[str]) -> list[dict]:
    return run_newslint_args([*extra, str(target)])


def run_newslint_args(arguments: list[str]) -> list[dict]:
    command = [sys.executable, "-m", "newslint", "check", "--format", "json", *arguments]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode == 2 and done.stdout.startswith("{"):
        # A rule stopped on one file (its time ran out on a loaded machine): the other files and
        # rules still reported. Say so, since the figures below then miss that rule's findings.
        print(f"accuracy: WARNING, figures incomplete: {done.stderr.strip()}", file=sys.stderr)
    elif done.returncode not in (0, 1):
        sys.exit(f"accuracy: newslint exited {done.returncode}:\n{done.stderr}")
    return json.loads(done.stdout)["findings"]


def covered(finding: dict) -> range:
    end = finding.get("end_line") or finding["line"]
    return range(finding["line"], end + 1)


# ---------------------------------------------------------------- devset


@dataclass
class Gold:
    structure: dict[tuple[str, int], str] = field(default_factory=dict)
    positive: dict[str, set[tuple[str, int]]] = field(default_factory=lambda: defaultdict(set))
    dont_care: dict[str, set[tuple[str, int]]] = field(default_factory=lambda: defaultdict(set))
    claim_files: set[str] = field(default_factory=set)
    pairs: set[frozenset[str]] = field(default_factory=set)


def load_gold(devset: Path) -> Gold:
    gold = Gold()
    claims: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for raw in (devset / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        record = json.loads(raw)
        key = (record["path"], record["line"])
        category = record["category"]
        if category in ("body", "boilerplate", "title", "unclear", "offtopic"):
            gold.structure[key] = category
        elif category == "duplicate":
            gold.dont_care["duplicate"].add((record["path"], record["source_line"]))
            (gold.dont_care if record.get("dontcare") else gold.positive)["duplicate"].add(key)
        elif category in ("unsupported-claim", "supported-claim"):
            claims[key].append(record)
    for key, category in gold.structure.items():
        if category in ("boilerplate", "offtopic"):
            gold.positive[category].add(key)
        for scored, dont_care in STRUCTURAL_DONT_CARE.items():
            if category in dont_care:
                gold.dont_care[scored].add(key)
    for key, records in claims.items():
        if any(r["category"] == "unsupported-claim" and not r.get("dontcare") for r in records):
            gold.positive["unsupported-claim"].add(key)
        elif all(r.get("dontcare") for r in records):
            gold.dont_care["unsupported-claim"].add(key)
    gold.claim_files = _claim_files(devset / "README.md")
    for raw in (devset / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        if raw.strip():
            pair = json.loads(raw)
            gold.pairs.add(frozenset((pair["a"], pair["b"])))
    return gold


def _claim_files(readme: Path) -> set[str]:
    """The files annotated for claims, listed in the README's label section."""
    text = readme.read_text(encoding="utf-8")
    section = text[text.index("Only these 12 files") :]
    block = section[section.index("```") + 3 :]
    block = block[: block.index("```")]
    return set(re.findall(r"[\w.-]+\.txt", block))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_pos: list[tuple[str, int]] = field(default_factory=list)
    false_neg: list[tuple[str, int]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_devset(findings: list[dict], gold: Gold) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    flagged: dict[str, set[tuple[str, int]]] = defaultdict(set)
    found_pairs: set[frozenset[str]] = set()
    for finding in findings:
        name = Path(finding["path"]).name
        category = finding["category"]
        if category == PAIR_CATEGORY and finding.get("related"):
            found_pairs.add(frozenset((name, Path(finding["related"]["path"]).name)))
        elif category in LINE_CATEGORIES:
            if category == "unsupported-claim" and name not in gold.claim_files:
                continue  # the other files were not annotated for claims
            flagged[category].update((name, n) for n in covered(finding))
    for category in LINE_CATEGORIES:
        positive, dont_care = gold.positive[category], gold.dont_care[category]
        if category == "unsupported-claim":
            positive = {k for k in positive if k[0] in gold.claim_files}
        score = Score()
        for key in sorted(flagged[category]):
            if key in positive:
                score.tp += 1
            elif key not in dont_care:
                score.fp += 1
                score.false_pos.append(key)
        score.false_neg = sorted(positive - flagged[category])
        score.fn = len(score.false_neg)
        scores[category] = score
    pairs = Score()
    pairs.tp = len(found_pairs & gold.pairs)
    pairs.false_pos = sorted(tuple(sorted(p)) for p in found_pairs - gold.pairs)
    pairs.false_neg = sorted(tuple(sorted(p)) for p in gold.pairs - found_pairs)
    pairs.fp, pairs.fn = len(pairs.false_pos), len(pairs.false_neg)
    scores[PAIR_CATEGORY] = pairs
    return scores


def print_scores(scores: dict[str, Score]) -> None:
    print("| category | TP | FP | FN | precision | recall | F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for category in CATEGORIES:
        s = scores[category]
        print(f"| {category} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")


def print_details(scores: dict[str, Score], findings: list[dict], corpus: Path) -> None:
    texts: dict[str, list[str]] = {}

    def text(name: str, line: int) -> str:
        if name not in texts:
            texts[name] = (corpus / name).read_text(encoding="utf-8").split("\n")
        lines = texts[name]
        return lines[line - 1].strip()[:110] if 0 < line <= len(lines) else ""

    rules_at: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for finding in findings:
        for n in covered(finding):
            rules_at[(finding["category"], Path(finding["path"]).name, n)].add(finding["rule"])
    for category in CATEGORIES:
        s = scores[category]
        if not s.false_pos and not s.false_neg:
            continue
        print(f"\n## {category}")
        if category == PAIR_CATEGORY:
            for a, b in s.false_pos:
                print(f"  FP pair {a} {b}")
            for a, b in s.false_neg:
                print(f"  FN pair {a} {b}")
            continue
        by_file: dict[str, list[str]] = defaultdict(list)
        for name, line in s.false_pos:
            rules = ",".join(sorted(rules_at[(category, name, line)]))
            by_file[name].append(f"  FP {line:>4} [{rules}] {text(name, line)}")
        for name, line in s.false_neg:
            by_file[name].append(f"  FN {line:>4} {text(name, line)}")
        for name in sorted(by_file):
            print(name)
            for row in sorted(by_file[name], key=lambda r: int(r.split()[1])):
                print(row)


# ---------------------------------------------------------------- devset-web and held-out pages

LINE_MODEL_RULE = "line-model"
HELD_OUT_RULE = "line-model-held-out"
HELD_OUT_FOLDS = 5
HELD_OUT_SEED = 12
LONG_FURNITURE_WORDS = 11  # the "furniture paragraphs of 11 words or more"


def load_web_gold(web: Path) -> Gold:
    """devset-web's labels: boilerplate (title and unclear don't care) and repeats; no claims, no pairs."""
    gold = Gold()
    for raw in (web / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        record = json.loads(raw)
        key = (record["path"], record["line"])
        category = record["category"]
        if category in ("body", "boilerplate", "title", "unclear"):
            gold.structure[key] = category
            if category == "boilerplate":
                gold.positive["boilerplate"].add(key)
            elif category != "body":
                gold.dont_care["boilerplate"].add(key)
        elif category == "duplicate":
            gold.dont_care["duplicate"].add((record["path"], record["source_line"]))
            (gold.dont_care if record.get("dontcare") else gold.positive)["duplicate"].add(key)
    return gold


@dataclass
class LineScore:
    """Boilerplate at line level on some pages, with the issue's shares of furniture and body lines flagged."""

    score: Score = field(default_factory=Score)
    body: int = 0
    body_flagged: int = 0
    long_furniture: int = 0
    long_flagged: int = 0
    # Body lines of KEPT_SHAPES (kept_shape), and how many of them are flagged: `excluding_kept`.
    kept: int = 0
    kept_flagged: int = 0

    def add(self, other: "LineScore") -> None:
        self.score.tp += other.score.tp
        self.score.fp += other.score.fp
        self.score.fn += other.score.fn
        self.body += other.body
        self.body_flagged += other.body_flagged
        self.long_furniture += other.long_furniture
        self.long_flagged += other.long_flagged
        self.kept += other.kept
        self.kept_flagged += other.kept_flagged

    def excluding_kept(self) -> "LineScore":
        """The same score with body lines of KEPT_SHAPES as don't care: what the figures are
        once devset-web's kept-as-text conventions (headings, bylines, dates) are set aside."""
        score = Score(tp=self.score.tp, fp=self.score.fp - self.kept_flagged, fn=self.score.fn)
        return LineScore(score, self.body - self.kept, self.body_flagged - self.kept_flagged, self.long_furniture, self.long_flagged)


def score_boilerplate(findings: list[dict], gold: Gold, corpus: Path, names: set[str]) -> LineScore:
    """Boilerplate on the pages `names` only, as the devset README scores it."""
    flagged = {
        (Path(f["path"]).name, n)
        for f in findings
        if f["category"] == "boilerplate" and Path(f["path"]).name in names
        for n in covered(f)
    }
    result = LineScore()
    positive = {k for k in gold.positive["boilerplate"] if k[0] in names}
    dont_care = gold.dont_care["boilerplate"]
    result.score.tp = len(flagged & positive)
    result.score.fp = len(flagged - positive - dont_care)
    result.score.fn = len(positive - flagged)
    texts: dict[str, list[str]] = {}
    for (name, line), category in gold.structure.items():
        if name not in names:
            continue
        if category not in ("body", "boilerplate"):
            continue
        if name not in texts:
            texts[name] = (corpus / name).read_text(encoding="utf-8").split("\n")
        if category == "body":
            result.body += 1
            result.body_flagged += (name, line) in flagged
            if kept_shape(texts[name][line - 1]) != "prose":
                result.kept += 1
                result.kept_flagged += (name, line) in flagged
        else:
            if len(texts[name][line - 1].split()) >= LONG_FURNITURE_WORDS:
                result.long_furniture += 1
                result.long_flagged += (name, line) in flagged
    return result


# devset-web's kept-as-text conventions (its README: headings, bylines, dates and forum headers
# were kept as main text, where the news convention calls all but in-article headings furniture),
# by a line's shape alone, never its words: a `byline` opens with "by", "posted by", "written by"
# (...) and a capital; a `date` is at most DATE_WORDS words holding a date or a clock time; a
# `heading` is at most HEADING_WORDS words, not ending like a sentence, and not a list item (a
# "•" line: lists stay counted). Anything else is "prose". bench/web_body.py counts flagged body
# lines by these shapes; the additional devset-web rows treat the first three as don't care.
KEPT_SHAPES = ("heading", "byline", "date")
HEADING_WORDS = 10
DATE_WORDS = 12
BULLETS = "•*-–"
BYLINE = re.compile(r"^(?i:(?:posted|written|reported|submitted|photos?|words|story|text)\s+)?(?i:by)\s*:?\s+[A-Z]|^(?i:posted|submitted)\s+(?i:on|at)\b")
DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)


def kept_shape(text: str) -> str:
    """Which of KEPT_SHAPES a line's text has, or "prose" (the comment above)."""
    text = text.strip()
    bullet = text[:1] in BULLETS and text[1:2].isspace()
    text = text.lstrip(BULLETS).strip()
    words = len(text.split())
    if BYLINE.search(text):
        return "byline"
    if words <= DATE_WORDS and DATE.search(text):
        return "date"
    if not bullet and words <= HEADING_WORDS and not text.rstrip('"\'”’)]').endswith((".", "!", "?", "…")):
        return "heading"
    return "prose"


KEPT_ROW = "additional row: kept-as-text body shapes don't care"


def print_line_scores(rows: list[tuple[str, str, LineScore]]) -> None:
    """The table; each devset-web row is followed by an additional one (KEPT_ROW), the same
    findings with body lines of KEPT_SHAPES as don't care. The plain row stays the figure."""
    print("| pages | rules | precision | recall | F1 | body lines flagged | 11+-word furniture flagged |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    shown = []
    for pages, rules, line in rows:
        shown.append((pages, rules, line))
        if pages.startswith("devset-web"):
            shown.append((pages, f"{rules}; {KEPT_ROW}", line.excluding_kept()))
    for pages, rules, line in shown:
        s = line.score
        body = line.body_flagged / line.body if line.body else 0.0
        long = line.long_flagged / line.long_furniture if line.long_furniture else 0.0
        print(f"| {pages} | {rules} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {body:.1%} | {long:.1%} |")
    if any(rules.endswith(KEPT_ROW) for _, rules, _ in shown):
        print(f"({KEPT_ROW}: the devset-web body lines shaped like a heading, a byline or a date, which its")
        print("annotators kept as text and the news convention mostly calls furniture, counted neither way;")
        print("a test of shape alone, bench/accuracy.py kept_shape. The plain row above each is the figure.)")


def page_folds(names: list[str], groups: list[set[str]], folds: int, seed: int) -> dict[str, int]:
    """Each page's fold: shuffled with a fixed seed, dealt round; pages of one group (a page and
    its near-copy) share the first one's fold so that no copy is both trained on and tested."""
    import random

    order = sorted(names)
    random.Random(seed).shuffle(order)
    fold = {name: i % folds for i, name in enumerate(order)}
    for group in groups:
        first = min(group, key=order.index)
        for name in group:
            fold[name] = fold[first]
    return fold


def held_out_sets(shared: Path) -> dict[str, tuple[Path, Gold]]:
    return {"devset": (shared / "devset", load_gold(shared / "devset")), "devset-web": (shared / "devset-web", load_web_gold(shared / "devset-web"))}


def set_folds(shared: Path) -> dict[str, dict[str, int]]:
    """Each set's page → fold (HELD_OUT_FOLDS folds, HELD_OUT_SEED; a devset page and its near-copy together)."""
    groups = [set(p) for p in load_gold(shared / "devset").pairs]
    folds: dict[str, dict[str, int]] = {}
    for key in ("devset", "devset-web"):
        root = shared / key
        names = sorted(p.name for p in (root / "corpus").iterdir() if p.suffix == ".txt")
        folds[key] = page_folds(names, groups if key == "devset" else [], HELD_OUT_FOLDS, HELD_OUT_SEED)
    return folds


def web_folds(shared: Path) -> dict[str, int]:
    return set_folds(shared)["devset-web"]


def held_out_runs(shared: Path, extra: list[str], chosen: tuple[int, ...], keys: tuple[str, ...] = ("devset", "devset-web")):
    """(fold, set, test pages, findings) for each chosen fold and set: newslint run on the fold's
    pages with a line model trained on the other folds' pages of both sets, in place of the
    shipped one (its findings' rule is HELD_OUT_RULE)."""
    import tempfile

    sys.path.insert(0, str(REPO / "bench"))
    from train_line_model import rule_file

    folds = set_folds(shared)
    for fold in chosen:
        keep = {name for key in folds for name, f in folds[key].items() if f != fold}
        with tempfile.TemporaryDirectory() as rules:
            Path(rules, "held-out.yaml").write_text(rule_file(shared, keep, HELD_OUT_RULE), encoding="utf-8")
            for key in keys:
                test = sorted(name for name, f in folds[key].items() if f == fold)
                command = ["--rules", rules, "--ignore", LINE_MODEL_RULE, *extra, *(str(shared / key / "corpus" / n) for n in test)]
                yield fold, key, test, run_newslint_args(command)


def held_out(shared: Path, extra: list[str], only: tuple[int, ...] = ()) -> list[tuple[str, str, LineScore]]:
    """Boilerplate on pages the line model was not trained on: for each of HELD_OUT_FOLDS folds
    (by page, fixed seed, on each set), train on the other folds' pages, run newslint with that
    model in place of the shipped one on this fold's pages, and score them; then sum the folds.
    With `only`, just those folds: pages no hand rule was tuned on either (docs/accuracy.md)."""
    sets = held_out_sets(shared)
    totals = {(key, which): LineScore() for key in sets for which in ("without", "with")}
    chosen = only or tuple(range(HELD_OUT_FOLDS))
    for _fold, key, test, findings in held_out_runs(shared, extra, chosen):
        root, gold = sets[key]
        without = [f for f in findings if f["rule"] != HELD_OUT_RULE]
        totals[(key, "without")].add(score_boilerplate(without, gold, root / "corpus", set(test)))
        totals[(key, "with")].add(score_boilerplate(findings, gold, root / "corpus", set(test)))
    which_folds = f"{HELD_OUT_FOLDS} folds" if not only else "fold" + ("s " if len(only) > 1 else " ") + ", ".join(map(str, only))
    return [
        (f"{key}, held out ({which_folds})", "hand rules only" if which == "without" else "hand rules + held-out line model", totals[(key, which)])
        for key in sets
        for which in ("without", "with")
    ]


# ---------------------------------------------------------------- seeds


@dataclass(frozen=True)
class SeedRow:
    file: str
    lines: tuple[int, ...]
    kind: str
    why: str


def parse_lines(spec: str) -> list[int]:
    """'28–33' / '50, 52' / '2, 5, 7, …' → line numbers (an ellipsis is dropped)."""
    numbers: list[int] = []
    for part in re.split(r",\s*", spec):
        part = part.strip()
        match = re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", part)
        if match:
            numbers.extend(range(int(match[1]), int(match[2]) + 1))
        elif part.isdigit():
            numbers.append(int(part))
    return numbers


def parse_expected(path: Path) -> tuple[list[SeedRow], list[tuple[str, list[tuple[str, int]]]]]:
    text = path.read_text(encoding="utf-8")
    must = text[text.index("## Must be flagged") : text.index("## Must NOT be flagged")]
    rows = []
    for line in must.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows.append(SeedRow(cells[0], tuple(parse_lines(cells[1])), cells[2], cells[3]))
    must_not = text[text.index("## Must NOT be flagged") :]
    must_not = must_not[: must_not.find("\n## ", 3) if "\n## " in must_not[3:] else len(must_not)]
    bullets = re.split(r"\n- ", must_not)[1:]
    items = []
    # "003 lines 2, 5, 7, …" / "001 (lines 28–38)" / "002 line 6, 004 line 7": the list stops
    # before a number that is itself followed by "line".
    item = r"\d+(?:\s*[–-]\s*\d+)?(?!\d|\s*\(?lines?\b)"
    mention = re.compile(rf"\b(\d{{3}})\b[\s(]*lines?\s+((?:{item}(?:,\s*|\s*…)*)+)")
    for bullet in bullets:
        bullet = " ".join(bullet.split())
        places = [(m[1], n) for m in mention.finditer(bullet) for n in parse_lines(m[2])]
        items.append((bullet, places))
    return rows, items


def bullet_categories(bullet: str) -> tuple[str, ...]:
    """Which findings a must-NOT bullet forbids, from what it talks about."""
    lower = bullet.lower()
    if "near-duplicate" in lower:
        return (PAIR_CATEGORY,)
    if "numeric" in lower or "supported" in lower:
        return ("unsupported-claim",)
    if "boilerplate" in lower or "off-topic" in lower:
        return ("boilerplate", "offtopic", "duplicate")
    return LINE_CATEGORIES


def check_seeds(corpus: Path, expected: Path, extra: list[str], verbose: bool) -> None:
    findings = run_newslint(corpus, extra)
    names = sorted(p.name for p in corpus.iterdir() if p.suffix == ".txt")

    def file_of(prefix: str) -> str:
        return next((n for n in names if n.startswith(prefix + "_") or n.startswith(prefix)), prefix)

    at: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for finding in findings:
        for n in covered(finding):
            at[(finding["category"], Path(finding["path"]).name, n)].append(finding["rule"])
    rows, must_not = parse_expected(expected)
    print("\nSeeds: must be flagged (EXPECTED.md)")
    print("| file | lines | kind | found | missing |")
    print("| --- | --- | --- | --- | --- |")
    ok_rows = 0
    must_lines: set[tuple[str, int]] = set()
    for row in rows:
        category = SEED_KINDS.get(row.kind, row.kind)
        name = file_of(row.file)
        found = [n for n in row.lines if at.get((category, name, n))]
        missing = [n for n in row.lines if n not in found]
        must_lines.update((name, n) for n in row.lines)
        ok_rows += not missing
        lines = ", ".join(map(str, row.lines))
        print(f"| {row.file} | {lines} | {row.kind} | {len(found)}/{len(row.lines)} | {', '.join(map(str, missing)) or '-'} |")
    print(f"rows fully found: {ok_rows}/{len(rows)}")

    print("\nSeeds: must NOT be flagged")
    violations = 0
    for bullet, places in must_not:
        categories = bullet_categories(bullet)
        if categories == (PAIR_CATEGORY,):
            bad = [f for f in findings if f["category"] == PAIR_CATEGORY]
            violations += len(bad)
            status = "ok" if not bad else "FLAGGED " + "; ".join(
                f"{Path(f['path']).name}~{Path(f['related']['path']).name}" for f in bad if f.get("related"))
            print(f"- [{status}] no near-duplicate pair among the seeds")
            continue
        if not places:
            continue
        bad_places = []
        for prefix, line in places:
            name = file_of(prefix)
            hits = [(c, r) for c in categories for r in at.get((c, name, line), [])]
            if hits:
                bad_places.append(f"{prefix}:{line} ({', '.join(sorted({r for _, r in hits}))})")
        violations += len(bad_places)
        where = ", ".join(f"{p}:{n}" for p, n in places)
        status = "ok" if not bad_places else "FLAGGED " + "; ".join(bad_places)
        print(f"- [{status}] {'/'.join(categories)} on {where}")
    print(f"must-not violations: {violations}")

    scored = [f for f in findings if f["category"] in LINE_CATEGORIES]
    others = sorted(
        {(Path(f["path"]).name, n, f["category"], f["rule"]) for f in scored for n in covered(f)}
        - {(name, n, c, r) for (c, name, n), rs in at.items() for r in rs if (name, n) in must_lines}
    )
    print(f"other scored findings on the seeds (not in EXPECTED.md's must-flag rows; review): {len(others)}")
    if verbose:
        for name, n, category, rule in others:
            line = (corpus / name).read_text(encoding="utf-8").split("\n")[n - 1].strip()[:90]
            print(f"  {name[:3]}:{n:<3} {category:<18} {rule:<24} {line}")


def report_web_and_held_out(shared: Path, extra: list[str], only: tuple[int, ...] = ()) -> None:
    """Boilerplate on devset-web, and on pages held out from the line model's training."""
    web = shared / "devset-web"
    gold = load_web_gold(web)
    names = {name for name, _ in gold.structure}
    findings = run_newslint(web / "corpus", extra)
    no_model = [f for f in findings if f["rule"] != LINE_MODEL_RULE]
    print(f"\nBoilerplate on {web} (CleanEval web pages; its annotators kept bylines and headings as text)")
    print("and, below, on pages held out from the line model's training (the honest figures):")
    devset = shared / "devset"
    dev_gold = load_gold(devset)
    dev_findings = run_newslint(devset / "corpus", extra)
    dev_names = {name for name, _ in dev_gold.structure}
    rows = [
        ("devset (trained on)", "hand rules only", score_boilerplate([f for f in dev_findings if f["rule"] != LINE_MODEL_RULE], dev_gold, devset / "corpus", dev_names)),
        ("devset (trained on)", "default pack", score_boilerplate(dev_findings, dev_gold, devset / "corpus", dev_names)),
        ("devset-web (trained on)", "hand rules only", score_boilerplate(no_model, gold, web / "corpus", names)),
        ("devset-web (trained on)", "default pack", score_boilerplate(findings, gold, web / "corpus", names)),
    ]
    print_line_scores(rows + held_out(shared, extra, only))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="print every false positive and negative per file")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--devset-only", action="store_true")
    group.add_argument("--seeds-only", action="store_true")
    parser.add_argument("--no-held-out", action="store_true", help="skip devset-web and the held-out folds (minutes)")
    parser.add_argument("--folds", default="", metavar="N,N",
                        help=f"held-out rows on these of the {HELD_OUT_FOLDS} folds only (0-based; e.g. 3,4: pages no hand rule was tuned on)")
    parser.add_argument("extra", nargs="*", help="extra arguments for `newslint check` (after --)")
    args = parser.parse_args()
    only = tuple(sorted({int(n) for n in args.folds.split(",") if n.strip()}))
    if any(not 0 <= n < HELD_OUT_FOLDS for n in only):
        parser.error(f"--folds: folds are 0 to {HELD_OUT_FOLDS - 1}")
    shared = shared_dir()
    if not args.seeds_only:
        devset = shared / "devset"
        findings = run_newslint(devset / "corpus", args.extra)
        scores = score_devset(findings, load_gold(devset))
        print(f"Devset ({devset}): line-level scores per the devset README")
        print_scores(scores)
        if args.verbose:
            print_details(scores, findings, devset / "corpus")
        if not args.no_held_out:
            report_web_and_held_out(shared, args.extra, only)
    if not args.devset_only:
        check_seeds(REPO / "corpus", shared / "seeds" / "EXPECTED.md", args.extra, args.verbose)
        import accuracy_figures  # bench/accuracy_figures.py: the labelled set of inconsistent figures

        accuracy_figures.print_all(verbose=args.verbose)
        if not args.no_held_out:
            import accuracy_claims  # bench/accuracy_claims.py: figure precision on unseen pages, devset claims by fold

            accuracy_claims.print_all(shared, args.extra, verbose=args.verbose)
            import news_claims  # bench/news_claims.py: unsupported claims on real news, every candidate labelled

            news_claims.print_all(args.extra)
            import offtopic_injected  # bench/offtopic_injected.py: promos pasted into pages not tuned on

            offtopic_injected.print_all(args.extra, verbose=args.verbose)


if __name__ == "__main__":
    main()
