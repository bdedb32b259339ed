"""Precision and recall of `figure-consistency` (rule inconsistent-figure) on a small labelled set.

The set (tests/fixtures/figures.jsonl) is built from real text: the five seed articles
(corpus/, one story) and the prose of a few ../shared/devset articles (two on one event, two
others on unrelated stories), each case a copy of one story's articles with one or two real
sentences added whose figures were changed (positives) or kept, hedged so that they agree, or
counting a different thing (silent cases), or added to an article of another story (silent).
A case is found when some inconsistent-figure finding sits on, or points at, an added line.

    python bench/accuracy_figures.py            # the seed case, the scores, every miss and false alarm
    python bench/accuracy_figures.py --build    # rebuild the fixture from ../shared/devset

bench/accuracy.py prints the same scores. It asserts nothing; tests/test_kinds_figure_consistency.py does.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newslint import document, layout, linter, rules

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "figures.jsonl"
RULE = "inconsistent-figure"
SEEDS = {name[:3]: f"corpus/{name}" for name in (
    "000_605a992dca7f361f.txt", "001_157c0db157d1dc7c.txt", "002_f0ad515a767d8d63.txt",
    "003_4d3af3daa9de9abb.txt", "004_04310c59a7f995df.txt")}
# Devset articles whose prose the fixture keeps: a story, another story, two unrelated ones.
DEVSET_ARTICLES = {
    "hk-a": "dev_006.txt", "hk-b": "dev_007.txt",  # Hong Kong protests, November 2019
    "meth-a": "dev_020.txt", "meth-b": "dev_027.txt",  # South Dakota's anti-meth campaign
    "football": "dev_024.txt", "measles": "dev_028.txt",
}
PROSE_WORDS = 12
SEED_STORY = list(SEEDS)

# (name, base articles, [(article, added sentence)], positive?)
CASES = [
    # The seed story: figures changed in a copy of a real sentence.
    ("lives-changed", SEED_STORY, [("004", "Some 40 million Soviet lives were lost in the war against Nazi Germany.")], True),
    ("lives-fewer", SEED_STORY, [("002", "The war claimed some 15 million Soviet lives, Putin reminded his guests.")], True),
    ("years-changed", SEED_STORY, [("004", "China has been Russia's largest trading partner for 12 consecutive years.")], True),
    ("years-more", SEED_STORY, [("002", "China has been Russia's largest trading partner for 20 consecutive years, with trade still growing.")], True),
    ("leaders-fewer", SEED_STORY, [("002", "Fewer than a dozen foreign leaders attended the parade on Red Square.")], True),
    ("leaders-more", SEED_STORY, [("004", "More than 50 foreign leaders were expected in Moscow for the parade.")], True),
    ("leaders-synonym", SEED_STORY, [("004", "Nearly 10 foreign heads of state watched the parade on Red Square.")], True),
    ("leaders-world", SEED_STORY, [("004", "Approximately 35 other world leaders are expected to attend.")], True),
    ("meetings-changed", SEED_STORY, [("004", "Putin and Xi have met 10 times since 2022.")], True),
    # The seed story: agreeing figures, and different quantities of different things.
    ("lives-agree", SEED_STORY, [("004", "27 million Soviet lives were lost in the war against Nazi Germany.")], False),
    ("leaders-agree", SEED_STORY, [("004", "About two dozen foreign leaders were expected to attend the parade.")], False),
    ("years-agree", SEED_STORY, [("002", "China has been Russia's largest trading partner for 15 consecutive years.")], False),
    ("leaders-at-least", SEED_STORY, [("004", "At least 20 foreign leaders attended the parade in Moscow.")], False),
    ("meetings-agree", SEED_STORY, [("004", "Putin and Xi have met over 40 times since 2022.")], False),
    ("troops-other", SEED_STORY, [("004", "About 100 Chinese troops marched on Red Square alongside Russian soldiers.")], False),
    ("agreements-other", SEED_STORY, [("004", "The two leaders signed 20 agreements on trade and energy.")], False),
    ("visitors-other", SEED_STORY, [("002", "More than 40 foreign journalists covered the parade from the stands.")], False),
    # The Hong Kong story: changed copies, agreeing copies.
    ("hk-teargas", ["hk-a", "hk-b"], [("hk-a", "Police fired more than 1,000 rounds of teargas at the university."),
                                      ("hk-b", "Police fired about 200 rounds of teargas at the university.")], True),
    ("hk-uighurs", ["hk-a", "hk-b"], [("hk-a", "The mass detention of about three million Uighurs has been documented."),
                                      ("hk-b", "The mass detention of one million Uighurs has been documented.")], True),
    ("hk-teargas-agree", ["hk-a", "hk-b"], [("hk-a", "Police fired nearly 1,000 rounds of teargas at the university."),
                                            ("hk-b", "Police fired about 1,000 rounds of teargas at the university.")], False),
    ("hk-different", ["hk-a", "hk-b"], [("hk-a", "Police arrested more than 1,000 protesters at the university."),
                                        ("hk-b", "Police fired about 200 rounds of teargas at the university.")], False),
    # The anti-meth story (two articles that share few names).
    ("meth-sites", ["meth-a", "meth-b"], [("meth-a", "The campaign ran on about 50 gaming sites across the state."),
                                          ("meth-b", "The campaign ran on more than 300 gaming sites across the state.")], True),
    ("meth-agree", ["meth-a", "meth-b"], [("meth-a", "The campaign ran on about 50 gaming sites across the state."),
                                          ("meth-b", "The campaign ran on roughly 50 gaming sites across the state.")], False),
    # Unrelated stories: the same wording with another figure stays silent.
    ("unrelated-leaders", ["000", "football"], [("football", "Approximately 50 other foreign heads of state and government are expected to attend.")], False),
    ("unrelated-lives", ["003", "measles"], [("measles", "Some 40 million Soviet lives were lost in the war.")], False),
    ("unrelated-teargas", ["hk-b", "football"], [("hk-b", "Police fired about 200 rounds of teargas at the university."),
                                                 ("football", "Police fired more than 1,000 rounds of teargas at the stadium.")], False),
]


@dataclass(frozen=True)
class Outcome:
    name: str
    positive: bool
    found: bool
    messages: tuple[str, ...]


def build(devset: Path) -> None:
    """Write the fixture: the prose blocks of each devset article, then the cases."""
    lines = []
    for key, name in DEVSET_ARTICLES.items():
        doc = document.read(str(devset / "corpus" / name))
        prose = [block.text for block in doc.blocks if layout.is_prose(block, PROSE_WORDS)]
        lines.append({"article": key, "source": f"devset/corpus/{name}", "text": "\n\n".join(prose) + "\n"})
    for name, base, added, positive in CASES:
        lines.append({"case": name, "base": base, "add": [list(pair) for pair in added], "positive": positive})
    FIXTURE.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def load(fixture: Path = FIXTURE) -> tuple[dict[str, str], list[dict]]:
    articles: dict[str, str] = {key: (REPO / path).read_text(encoding="utf-8") for key, path in SEEDS.items()}
    cases = []
    for raw in fixture.read_text(encoding="utf-8").splitlines():
        record = json.loads(raw)
        if "article" in record:
            articles[record["article"]] = record["text"]
        else:
            cases.append(record)
    return articles, cases


def evaluate(fixture: Path = FIXTURE) -> list[Outcome]:
    """Each case checked as its own set of files, with the default rule pack's inconsistent-figure."""
    ruleset = rules.load([])
    selected = rules.RuleSet(tuple(rule for rule in ruleset if rule.id == RULE))
    articles, cases = load(fixture)
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            folder = Path(tmp) / case["case"]
            folder.mkdir()
            added: set[tuple[str, int]] = set()
            texts = {key: articles[key].rstrip("\n") for key in case["base"]}
            for key, sentence in case["add"]:
                texts[key] += "\n\n" + sentence
                added.add((f"{key}.txt", texts[key].count("\n") + 1))
            docs = []
            for key in sorted(texts):
                path = folder / f"{key}.txt"
                path.write_text(texts[key] + "\n", encoding="utf-8")
                docs.append(document.read(str(path)))
            report = linter.lint(docs, selected)
            hits = [f for f in report.findings
                    if (Path(f.path).name, f.line) in added or (f.related and (Path(f.related.path).name, f.related.line) in added)]
            outcomes.append(Outcome(case["case"], case["positive"], bool(hits), tuple(f.message for f in hits)))
    return outcomes


def scores(outcomes: list[Outcome]) -> tuple[int, int, int, int]:
    """(true positives, false positives, false negatives, silent cases kept silent)."""
    tp = sum(o.positive and o.found for o in outcomes)
    fp = sum(not o.positive and o.found for o in outcomes)
    fn = sum(o.positive and not o.found for o in outcomes)
    return tp, fp, fn, sum(not o.positive and not o.found for o in outcomes)


def report(outcomes: list[Outcome], verbose: bool = True) -> None:
    tp, fp, fn, tn = scores(outcomes)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"Figure consistency ({FIXTURE.relative_to(REPO)}: {tp + fn} positive and {fp + tn} silent cases)")
    print(f"  {RULE:<20} precision {precision:.3f}  recall {recall:.3f}  (TP {tp}, FP {fp}, FN {fn})")
    if verbose:
        for o in outcomes:
            if o.positive != o.found:
                print(f"    {'missed' if o.positive else 'false alarm'}: {o.name}" + ''.join(f' | {m}' for m in o.messages))


# EXPECTED.md, "Worth reporting, beyond the minimum": (file, line) -> the line its finding names.
SEED_CASE = {("001", 11): ("000", 18), ("003", 1): ("000", 18)}


def seed_case() -> list[tuple[str, int, str, int, str]]:
    """(file, line, related file, related line, message) of each finding on corpus/, its files by their 3-digit prefix."""
    ruleset = rules.load([])
    selected = rules.RuleSet(tuple(rule for rule in ruleset if rule.id == RULE))
    docs = [document.read(str(REPO / path)) for path in sorted(SEEDS.values())]
    return [(Path(f.path).name[:3], f.line, Path(f.related.path).name[:3], f.related.line, f.message)
            for f in linter.lint(docs, selected).findings]


def print_all(verbose: bool = True) -> None:
    """The seed case (EXPECTED.md's "beyond the minimum"), then the labelled set."""
    found = seed_case()
    print(f"\nSeeds: figures that disagree across articles ({RULE})")
    for (name, line), (other, other_line) in SEED_CASE.items():
        hit = any(f[:4] == (name, line, other, other_line) for f in found)
        print(f"- [{'ok' if hit else 'MISSED'}] {name}:{line} against {other}:{other_line}")
    others = [f for f in found if (f[0], f[1]) not in SEED_CASE]
    print(f"other {RULE} findings on the seeds: {len(others)}")
    for name, line, other, other_line, message in others:
        print(f"  {name}:{line} (against {other}:{other_line}) {message}")
    report(evaluate(), verbose)


def main() -> None:
    if "--build" in sys.argv[1:]:
        sys.path.insert(0, str(REPO / "bench"))
        from accuracy import shared_dir

        build(shared_dir() / "devset")
        print(f"wrote {FIXTURE.relative_to(REPO)}")
        return
    print_all()


if __name__ == "__main__":
    main()
