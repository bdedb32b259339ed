"""Unsupported-claim precision and recall on real news text: the Lee corpus, every candidate sentence labelled.

The Lee corpus is 348 real ABC (Australian Broadcasting Corporation) news articles, one article
per line, that the gensim wheel ships as test data (gensim/test/test_data/lee_background.cor,
300 articles, and lee.cor, 50). `fetch` downloads the wheel once into bench/out/ (git-ignored)
with pip and writes each article as one file, `bench/out/lee/corpus/<id>.txt`, the article's
one line as it is: one line per article is how many feeds and corpora hold news (an RSS
description, a JSONL text field), and newslint reads such a line as one block of sentences, so
"the sentence before" a figure is the same sentence it would be with paragraphs. What is lost
is where quotes close at a paragraph's end: a straight quote left open by a paragraph runs on
in the joined line, as it would in any such feed.

The labels (tests/fixtures/news_claims.jsonl) are one record per *candidate sentence* of 50
articles drawn with seed 24 and split by the same draw into an `analysis` half and a `held-out`
half, and of 25 more (`analysis-2`, seed 25, from the articles the first draw left out): every sentence of newslint's split that holds a digit or a quantity word
(the devset README's "Numeric claims" guideline, CANDIDATE below), judged `unsupported`,
`supported`, `not-a-claim` or `ambiguous` by that guideline, mechanically. They were written
before any rule was changed against them (analysis-2: before its scores were read), so precision
*and* recall can be computed. Sentences are newslint's own split at labelling time (one of them is
a split error, labelled as such); a label names its sentence by offset, checked against the file.

Scoring is per sentence (every finding of an article sits on its one line): a finding covers the
labelled sentence that holds its column.
- TP: an `unsupported` sentence flagged; FN: one not flagged;
- FP: a `supported` or `not-a-claim` sentence flagged, and a flagged sentence with no label (no
  candidate, so no claim); `ambiguous` sentences count neither way.

    python bench/news_claims.py fetch            # download the wheel, write the articles
    python bench/news_claims.py draw             # the drawn articles' candidate sentences, unlabelled (JSONL)
    python bench/news_claims.py score [-v]       # both halves, P/R/F1 (-v: every wrong verdict)

`score --half analysis` scores one sample. bench/accuracy.py prints all three (round 24 read the
held-out half's scores once, at its end; a later round that tunes on this data reads only the
analysis samples and says so).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import lee_corpus  # noqa: E402  (bench/lee_corpus.py: the gensim wheel, fetched once)
from accuracy import Score, run_newslint_args  # noqa: E402  (bench/ is scripts, not a package)

REPO = BENCH.parent
OUT = BENCH / "out" / "lee"
CORPUS = OUT / "corpus"
FIXTURE = REPO / "tests" / "fixtures" / "news_claims.jsonl"
SOURCES = {"bg": "gensim/test/test_data/lee_background.cor", "lee": "gensim/test/test_data/lee.cor"}
RULE = "unsupported-figure"
SEED = 24
ARTICLES = 50
HALVES = ("analysis", "held-out")
# A second analysis sample, drawn from the articles the first draw left out after round 24's first
# mechanisms were written (the first analysis half had only five wrong verdicts), labelled before
# its scores were read.
SECOND = "analysis-2"
SECOND_SEED = 25
SECOND_ARTICLES = 25
SAMPLES = (HALVES[0], SECOND, HALVES[1])
LABELS = ("unsupported", "supported", "not-a-claim", "ambiguous")
# The guideline's candidates: a digit or a quantity word ("three ... fifty, hundred, thousand,
# million, billion, dozen, percent, half, quarter, largest ...").
CANDIDATE = re.compile(
    r"\d|(?i:\b(?:three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|per cent|half|quarter|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twice|triple|double|"
    r"largest|biggest|highest|lowest|smallest|most|least|worst|best|record)\b)"
)


@dataclass(frozen=True)
class Candidate:
    half: str
    article: str
    start: int  # character offset of the sentence in the article's line
    sentence: str
    label: str  # one of LABELS
    reason: str


def fetch(out: Path = OUT) -> Path:
    """The articles' folder, writing them from the gensim wheel (bench/lee_corpus.wheel, in
    bench/out/ beside the speed bench's) the first time."""
    corpus = out / "corpus"
    if corpus.is_dir() and any(corpus.iterdir()):
        return corpus
    wheel = lee_corpus.wheel(out.parent)
    corpus.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as zf:
        for prefix, member in SOURCES.items():
            # The files are Latin-1: lee.cor's one byte above 127 is 0xa3, "£".
            lines = zf.read(member).decode("latin-1").splitlines()
            for n, line in enumerate(lines):
                if line.strip():
                    (corpus / f"{prefix}_{n:03d}.txt").write_text(line.strip() + "\n", encoding="utf-8")
    return corpus


def draw(names: list[str], seed: int = SEED, count: int = ARTICLES) -> dict[str, str]:
    """Article id -> half: `count` of the sorted ids drawn by `seed`, the first half of the draw `analysis`."""
    drawn = random.Random(seed).sample(sorted(names), count)
    return {name: HALVES[0] if i < count // 2 else HALVES[1] for i, name in enumerate(drawn)}


def draw_second(names: list[str]) -> dict[str, str]:
    """Article id -> SECOND: SECOND_ARTICLES of the articles the first draw left out, by SECOND_SEED."""
    rest = sorted(set(names) - set(draw(names)))
    return {name: SECOND for name in random.Random(SECOND_SEED).sample(rest, SECOND_ARTICLES)}


def candidates(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of every sentence of newslint's split that holds a digit or a quantity word."""
    sys.path.insert(0, str(REPO / "src"))
    from newslint.sentences import split_sentences

    return [(s.start, s.text) for s in split_sentences(text) if CANDIDATE.search(s.text)]


def load_labels(path: Path = FIXTURE) -> list[Candidate]:
    return [Candidate(**json.loads(raw)) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]


def flagged_offsets(findings: list[dict]) -> dict[str, list[tuple[int, str]]]:
    """Article id -> (offset of the named figure, excerpt) of each unsupported-figure finding."""
    flagged: dict[str, list[tuple[int, str]]] = {}
    for f in findings:
        if f["rule"] == RULE:
            flagged.setdefault(Path(f["path"]).stem, []).append((f["column"] - 1, f["excerpt"]))
    return flagged


def verdicts(labels: list[Candidate], flagged: dict[str, list[tuple[int, str]]]) -> tuple[dict[Candidate, bool], list[tuple[str, str]]]:
    """Whether each labelled sentence is flagged, and the (article, excerpt) of findings on no labelled sentence."""
    by_article: dict[str, list[Candidate]] = {}
    for c in labels:
        by_article.setdefault(c.article, []).append(c)
    hit: dict[Candidate, bool] = {c: False for c in labels}
    stray = []
    for article, found in flagged.items():
        for offset, excerpt in found:
            owner = next((c for c in by_article.get(article, ()) if c.start <= offset < c.start + len(c.sentence)), None)
            if owner is None:
                stray.append((article, excerpt))
            else:
                hit[owner] = True
    return hit, stray


def score(labels: list[Candidate], flagged: dict[str, list[tuple[int, str]]]) -> Score:
    hit, stray = verdicts(labels, flagged)
    s = Score(fp=sum(1 for article, _ in stray if article in {c.article for c in labels}))
    for c, flagged_here in hit.items():
        if c.label == "unsupported":
            s.tp += flagged_here
            s.fn += not flagged_here
        elif c.label != "ambiguous":
            s.fp += flagged_here
    return s


def run(corpus: Path, articles: list[str], extra: list[str]) -> list[dict]:
    return run_newslint_args(["--no-cache", *extra, *(str(corpus / f"{a}.txt") for a in sorted(articles))])


def print_all(extra: list[str]) -> None:
    """bench/accuracy.py's table: every sample, or a line saying why there is none (no wheel)."""
    try:
        fetch()
    except (subprocess.CalledProcessError, OSError) as err:
        print(f"\nUnsupported claims on real news: skipped, the {lee_corpus.WHEEL} wheel could not be fetched ({err})")
        return
    print_scores(extra)


def print_scores(extra: list[str], halves: tuple[str, ...] = SAMPLES, verbose: bool = False) -> None:
    corpus = fetch()
    labels = load_labels()
    for c in labels:  # the labels name sentences of these very files
        text = (corpus / f"{c.article}.txt").read_text(encoding="utf-8")
        if text[c.start: c.start + len(c.sentence)] != c.sentence:
            sys.exit(f"news_claims: {c.article} at {c.start} no longer holds the labelled sentence")
    chosen = [c for c in labels if c.half in halves]
    flagged = flagged_offsets(run(corpus, sorted({c.article for c in chosen}), extra))
    print(f"\nUnsupported claims on real news (Lee corpus, {FIXTURE.relative_to(REPO)}: every candidate sentence; {ARTICLES} articles by seed {SEED}, {SECOND} {SECOND_ARTICLES} more by seed {SECOND_SEED})")
    print("| half | articles | candidates | unsupported | TP | FP | FN | precision | recall | F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for half in halves:
        part = [c for c in chosen if c.half == half]
        s = score(part, flagged)
        print(f"| {half} | {len({c.article for c in part})} | {len(part)} | {sum(c.label == 'unsupported' for c in part)} "
              f"| {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    if verbose:
        hit, stray = verdicts(chosen, flagged)
        for c, flagged_here in hit.items():
            if c.label != "ambiguous" and flagged_here != (c.label == "unsupported"):
                verdict = "flagged" if flagged_here else "missed"
                print(f"  {c.half:<8} {c.article} {c.label:<11} {verdict:<7} [{c.reason}] {c.sentence[:110]}")
        for article, excerpt in stray:
            print(f"  {'':<8} {article} {'(no label)':<11} flagged {excerpt[:110]}")


def print_draft(second: bool = False) -> None:
    corpus = fetch()
    names = [p.stem for p in corpus.glob("*.txt")]
    halves = draw_second(names) if second else draw(names)
    for article, half in sorted(halves.items(), key=lambda kv: (SAMPLES.index(kv[1]), kv[0])):
        for start, sentence in candidates((corpus / f"{article}.txt").read_text(encoding="utf-8")):
            print(json.dumps({"half": half, "article": article, "start": start, "sentence": sentence, "label": "", "reason": ""}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("fetch", "draw", "score"))
    parser.add_argument("--half", choices=SAMPLES, help="score one sample only")
    parser.add_argument("--second", action="store_true", help=f"draw: the {SECOND} sample instead")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every sentence whose verdict is wrong")
    parser.add_argument("extra", nargs="*", help="extra arguments for `newslint check` (after --)")
    args = parser.parse_args()
    if args.command == "fetch":
        print(fetch())
    elif args.command == "draw":
        print_draft(args.second)
    else:
        print_scores(args.extra, (args.half,) if args.half else SAMPLES, args.verbose)


if __name__ == "__main__":
    main()
