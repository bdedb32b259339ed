"""Off-topic promo lines injected into pages nobody tuned the offtopic rules on.

The devset's off-topic lines were made by pasting other articles' headlines between an
article's paragraphs, bare, in pairs, or after a lead-in ("READ MORE:", "Also read:",
"BREAKING:"). This bench does the same to pages the rules were never tuned on, with a fixed
seed, and scores what newslint says about every line:

- hosts: `../shared/devset-web/corpus` (594 real web pages, of which those with 4+
  paragraphs its labels call body; a slot is between two such paragraphs: 15+ words,
  ending a sentence) and, when available, the Lee news corpus (real ABC
  news articles, one per line in the file gensim ships, fetched as `bench/news_claims.py`
  fetches them; split here into paragraphs of two sentences; skipped, with a note, when
  the wheel cannot be downloaded);
- injected headlines: the headline-shaped titles of `../shared/devset` (real news
  headlines), each pasted only into hosts other than its own page, and into groups of 32
  pages checked together (the devset's size), so that each recurs about as often as the
  devset's own injected lines do.

Recall counts the injected lines newslint calls off-topic (what it calls them otherwise is
shown); precision counts off-topic findings on the hosts' own lines as wrong (their pages
have no off-topic labels: a real promo among them would count against us, so precision is
a floor). The hosts are not the devset, so every figure here is on pages not tuned on;
the headlines are the devset's titles, which the rules never name.

    python bench/offtopic_injected.py            # both hosts, seed 24
    python bench/offtopic_injected.py --verbose  # and every miss and false positive

It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accuracy  # noqa: E402  (bench/accuracy.py: the devset README's scoring)
import news_claims  # noqa: E402  (bench/news_claims.py: the Lee news corpus, fetched once)
from newslint import layout  # noqa: E402  (what newslint calls the end of a sentence)

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out" / "offtopic-injected"
LEAD_INS = ("READ MORE: ", "Also read: ", "BREAKING: ", "SEE ALSO: ", "Related: ", "MORE: ")
# Shares of the devset's own injections: bare single lines, bare pairs, lead-ins.
SHAPES = (("bare", 0.4), ("pair", 0.2), ("lead-in", 0.4))
SEED = 24  # the draw the mechanisms were written from; --seed 25 and 26 are fresh draws
MIN_PARAGRAPHS = 4  # a host page holds at least this many article paragraphs
GROUP = 32  # pages checked together, as many as the devset has
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z])")


@dataclass
class Page:
    name: str
    lines: list[str]
    slots: list[int]  # indexes i: a headline may go between lines[i] and the next prose line
    blank_separated: bool


@dataclass
class Tally:
    injected: int = 0
    found: int = 0
    called: Counter = field(default_factory=Counter)  # what a missed injected line was called
    false_lines: int = 0
    host_lines: int = 0
    false_rules: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_examples: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("injected", "found", "false_lines", "host_lines"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.called.update(other.called)
        self.false_rules.update(other.false_rules)
        self.misses += other.misses
        self.false_examples += other.false_examples

    def line(self, label: str) -> str:
        recall = self.found / self.injected if self.injected else 0.0
        flagged = self.found + self.false_lines
        precision = self.found / flagged if flagged else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return (f"{label:<12} injected {self.injected:>4}  found {self.found:>4}  recall {recall:.3f}  "
                f"wrong {self.false_lines:>4} of {self.host_lines:,} host lines  precision {precision:.3f}  F1 {f1:.3f}")


def headlines(shared: Path) -> list[tuple[str, str]]:
    """(page, headline) for every headline-shaped title the devset labels (4-25 words, no full stop)."""
    found: list[tuple[str, str]] = []
    devset = shared / "devset"
    for raw in (devset / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(raw) if raw.strip() else {}
        if record.get("category") == "title":
            text = (devset / "corpus" / record["path"]).read_text(encoding="utf-8").split("\n")[record["line"] - 1]
            text = text.strip()
            if 4 <= words(text) <= 25 and not text.endswith("."):
                found.append((record["path"], text))
    return sorted(set(found))


def words(text: str) -> int:
    return len(text.split())


def is_paragraph(text: str) -> bool:
    """A paragraph of an article, the kind a promo is pasted between: 15+ words, ending a sentence."""
    return words(text) >= 15 and layout.ends_sentence(text)


def web_pages(shared: Path) -> list[Page]:
    web = shared / "devset-web"
    body: dict[str, set[int]] = {}
    for raw in (web / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(raw) if raw.strip() else {}
        if record.get("category") == "body":
            body.setdefault(record["path"], set()).add(record["line"])
    pages = []
    for path in sorted((web / "corpus").glob("*.txt")):
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        prose = [i for i, text in enumerate(lines) if i + 1 in body.get(path.name, ()) and is_paragraph(text)]
        slots = []
        for i in prose:
            following = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            if following is not None and following in prose:
                slots.append(i)
        if slots and len(prose) >= MIN_PARAGRAPHS:  # an article, not a directory or a forum's list
            pages.append(Page(path.name, lines, slots, blank_separated=_blank_separated(lines)))
    return pages


def _blank_separated(lines: list[str]) -> bool:
    filled = [bool(line.strip()) for line in lines]
    blanks = filled.count(False)
    return blanks * 3 >= filled.count(True)


def lee_pages(corpus: Path) -> list[Page]:
    """The Lee background articles (news_claims.fetch writes one per file), two sentences a paragraph."""
    pages = []
    for path in sorted(corpus.glob("bg_*.txt")):
        article = path.read_text(encoding="utf-8")
        sentences = [s.strip() for s in SENTENCE_END.split(article.strip()) if s.strip()]
        paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
        if len(paragraphs) < 3:
            continue
        lines: list[str] = []
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        slots = [i for i in range(0, len(lines) - 2, 2) if is_paragraph(lines[i]) and is_paragraph(lines[i + 2])]
        if slots:
            pages.append(Page(path.name, lines, slots, blank_separated=True))
    return pages


def lee_corpus() -> Path | None:
    """bench/news_claims.py's folder of Lee articles (fetched from the gensim wheel once), or None."""
    try:
        return news_claims.fetch()
    except (OSError, subprocess.CalledProcessError):
        return None


def inject(pages: list[Page], pool: list[tuple[str, str]], rng: random.Random, folder: Path) -> dict[str, set[int]]:
    """Write each page with one injection; return the injected lines (1-based) per file.

    Headlines are dealt from a shuffled deck, so that each recurs about as often as the
    devset's do (at most ~3 times in a group of GROUP pages): a line pasted into many checked
    pages is site furniture by repetition, whatever its words."""
    folder.mkdir(parents=True)
    injected: dict[str, set[int]] = {}
    deck: list[tuple[str, str]] = []

    def draw(page: str) -> str:
        while True:
            if not deck:
                deck.extend(rng.sample(pool, len(pool)))
            source, text = deck.pop()
            if source != page:
                return text

    for page in pages:
        slot = rng.choice(page.slots)
        shape = rng.choices([name for name, _ in SHAPES], [share for _, share in SHAPES])[0]
        chosen = [draw(page.name) for _ in range(2 if shape == "pair" else 1)]
        if shape == "lead-in":
            chosen = [rng.choice(LEAD_INS) + chosen[0]]
        block: list[str] = []
        for text in chosen:
            block += ["", text] if page.blank_separated else [text]
        lines = page.lines[: slot + 1] + block + page.lines[slot + 1:]
        (folder / page.name).write_text("\n".join(lines), encoding="utf-8")
        injected[page.name] = {slot + 1 + i + 1 for i, text in enumerate(block) if text}
    return injected


def score(findings: list[dict], folder: Path, injected: dict[str, set[int]]) -> Tally:
    calls: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for finding in findings:
        for n in accuracy.covered(finding):
            calls.setdefault((Path(finding["path"]).name, n), []).append((finding["category"], finding["rule"]))
    tally = Tally()
    for name, lines in sorted(injected.items()):
        text = (folder / name).read_text(encoding="utf-8").split("\n")
        for n in sorted(lines):
            tally.injected += 1
            given = calls.get((name, n), [])
            if any(category == "offtopic" for category, _ in given):
                tally.found += 1
            else:
                tally.called[given[0][1] if given else "nothing"] += 1
                tally.misses.append(f"{name}:{n}: {text[n - 1][:110]}  <- {given[0][1] if given else 'nothing'}")
        for n, line in enumerate(text, 1):
            if n in lines or not line.strip():
                continue
            tally.host_lines += 1
            offtopic = [rule for category, rule in calls.get((name, n), []) if category == "offtopic"]
            if offtopic:
                tally.false_lines += 1
                tally.false_rules[offtopic[0]] += 1
                tally.false_examples.append(f"{name}:{n}: {line[:110]}  <- {offtopic[0]}")
    return tally


def print_all(extra: list[str], seed: int = SEED, verbose: bool = False) -> None:
    shared = accuracy.shared_dir()
    pool = headlines(shared)
    hosts = [("devset-web", web_pages(shared))]
    lee = lee_corpus()
    if lee is None:
        print("Lee news corpus not available (pip download gensim failed): devset-web only", file=sys.stderr)
    else:
        hosts.append(("lee-news", lee_pages(lee)))
    print(f"\nOff-topic promos pasted into pages not tuned on (bench/offtopic_injected.py): "
          f"{len(pool)} headlines (the devset's titles), seed {seed}")
    total = Tally()
    for label, pages in hosts:
        rng = random.Random(f"{seed}:{label}")
        tally = Tally()
        if (OUT / label).exists():
            shutil.rmtree(OUT / label)
        for start in range(0, len(pages), GROUP):
            folder = OUT / label / f"group-{start // GROUP:02d}"
            injected = inject(pages[start:start + GROUP], pool, rng, folder)
            tally.add(score(accuracy.run_newslint(folder, extra), folder, injected))
        print(tally.line(label))
        print(f"{'':<12} missed lines were called: {dict(tally.called.most_common())}")
        print(f"{'':<12} wrong off-topic lines by rule: {dict(tally.false_rules.most_common())}")
        if verbose:
            for text in tally.misses:
                print("  MISS", text)
            for text in tally.false_examples:
                print("  FP  ", text)
        total.add(tally)
    print(total.line("all"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("extra", nargs="*", help="extra arguments for `newslint check` (after --)")
    options = parser.parse_args()
    print_all(options.extra, options.seed, options.verbose)


if __name__ == "__main__":
    main()
