"""The real-word bench corpus: news articles drawn from an order-2 Markov chain over real news text.

`bench/speed.py --corpus lee` checks these beside its synthetic corpus. The synthetic one's
words come from a Zipf vocabulary of made-up syllables; these are real English sentences
(run-on, but with real function words, names, dates and figures), so the rules that read
words and figures do the work they do on real pages: the figure-heavy text costs newslint
about three times as much per document as the synthetic corpus.

The source text is the Lee news corpus (300 Australian news articles, 360 KB) that gensim
ships for its tests, `gensim/test/test_data/lee_background.cor`. It is read out of the
gensim wheel, which is fetched once with `pip download gensim==4.3.3 --no-deps` into the
output folder (git-ignored; nothing is installed). Everything after that is deterministic
for a seed: the chain is built in text order and every choice comes from one seeded
generator, so a corpus is the same bytes on every machine.

Each article: a title, ~10 paragraphs of 2-5 sentences, and, as in the synthetic corpus,
page furniture in some (navigation above, comment and related-links lines below), a
paragraph repeated word for word or with a few words changed in some, and whole articles
that are exact or near copies of a recent one.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Callable

import numpy as np

GENERATOR_VERSION = "1"  # bump when the recipe changes, so stale corpora are rebuilt
SEED = 20261203
WHEEL = "gensim==4.3.3"
MEMBER = "gensim/test/test_data/lee_background.cor"
# The member's sha256 in that wheel: the corpus is only the same corpus if its source is.
SOURCE_SHA256 = "5d78d6dafd953bbf65797bef09a9ffb9ec430583381be705f8fd460000f370fb"
FILES_PER_DIR = 1000
SENTENCE_END = (".", "?", "!", '."', '?"', '!"')
PUNCTUATION = ".,;:?!\"'()"
MAX_SENTENCE = 60  # words; a sentence the chain has not ended by then is cut with a full stop
FURNITURE_TOP = ("Skip to content", "Menu", "Search", "Share this article", "Follow us on Google News")
FURNITURE_BOTTOM = ("Related posts", "Leave a Reply", "Your email address will not be published.", "Read more")
# Shares of articles (exact and near copies of a recent article) and of the rest (paragraph repeats).
EXACT_COPY, NEAR_COPY = 0.01, 0.02
PARAGRAPH_REPEAT, PARAGRAPH_NEAR = 0.05, 0.03
FURNITURE = 0.3


def wheel(out: Path) -> Path:
    """The gensim wheel in `out`, fetched there first if absent (subprocess.CalledProcessError
    when pip cannot): the one copy every bench that reads the Lee corpus opens."""
    wheels = sorted(out.glob("gensim-4.3.3-*.whl"))
    if not wheels:
        out.mkdir(parents=True, exist_ok=True)
        print(f"  fetching the {WHEEL} wheel into {out} (once) for its Lee news corpus", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-q", "-d", str(out)], check=True)
        wheels = sorted(out.glob("gensim-4.3.3-*.whl"))
    return wheels[0]


def source_text(out: Path) -> str:
    """The Lee background corpus, read from the gensim wheel in `out` (fetched there first if absent)."""
    path = wheel(out)
    with zipfile.ZipFile(path) as archive:
        data = archive.read(MEMBER)
    if hashlib.sha256(data).hexdigest() != SOURCE_SHA256:
        print(f"  warning: {MEMBER} in {path.name} is not the text this corpus was defined on", file=sys.stderr)
    return data.decode("utf-8")


class Chain:
    """An order-2 word chain: which words follow each pair of words, in text order.

    Words are whitespace-separated tokens, punctuation attached, so sentence ends, quotes and
    figures ("$4.5", "2-0", "1999.") come out as the text has them. Each line of the text is
    one article; a chain never crosses from one to the next.
    """

    def __init__(self, text: str) -> None:
        self.follows: dict[tuple[str, str], list[str]] = {}
        self.starts: list[tuple[str, str]] = []  # the first two words of every sentence
        self.words: list[str] = []  # every token, for rewording
        for line in text.splitlines():
            tokens = line.split()
            self.words += tokens
            for i in range(len(tokens) - 2):
                self.follows.setdefault((tokens[i], tokens[i + 1]), []).append(tokens[i + 2])
            for i in range(len(tokens) - 1):
                if i == 0 or tokens[i - 1].endswith(SENTENCE_END):
                    self.starts.append((tokens[i], tokens[i + 1]))
        if not self.starts:
            raise ValueError("the source text has no sentence of two words or more")


class Writer:
    """Draws articles from the chain; every choice comes from one seeded generator."""

    def __init__(self, text: str, seed: int = SEED) -> None:
        self.chain = Chain(text)
        self.rng = np.random.default_rng(seed)
        self.previous: list[list[str]] = []  # recent articles' bodies, for copies

    def pick(self, options: list, u: float):
        return options[int(u * len(options))]

    def sentence(self) -> str:
        draws = self.rng.random(MAX_SENTENCE)  # one numpy call per sentence, not one per word
        first, second = self.pick(self.chain.starts, draws[0])
        words = [first, second]
        while not words[-1].endswith(SENTENCE_END) and len(words) < MAX_SENTENCE:
            options = self.chain.follows.get((words[-2], words[-1]))
            if not options:
                break
            words.append(self.pick(options, draws[len(words)]))
        if not words[-1].endswith(SENTENCE_END):
            words[-1] += "."
        return " ".join(words)

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(int(self.rng.integers(2, 6))))

    def reword(self, paragraph: str, share: float) -> str:
        words = paragraph.split()
        for i in np.flatnonzero(self.rng.random(len(words)) < share):
            words[i] = self.pick(self.chain.words, self.rng.random())
        return " ".join(words)

    def title(self) -> str:
        words = [w.strip(PUNCTUATION) for w in self.sentence().split()[: int(self.rng.integers(5, 12))]]
        return " ".join(w for w in words if w).title()

    def article(self) -> str:
        roll = self.rng.random()
        if roll < EXACT_COPY and self.previous:
            body = list(self.previous[int(self.rng.integers(0, len(self.previous)))])
        elif roll < EXACT_COPY + NEAR_COPY and self.previous:
            body = [self.reword(p, 0.08) for p in self.previous[int(self.rng.integers(0, len(self.previous)))]]
        else:
            body = [self.paragraph() for _ in range(int(self.rng.integers(8, 13)))]
            if self.rng.random() < PARAGRAPH_REPEAT:  # a paragraph repeated word for word
                body.insert(int(self.rng.integers(1, len(body))), body[int(self.rng.integers(0, len(body) - 1))])
            if self.rng.random() < PARAGRAPH_NEAR:  # ... or with a few words changed
                body.append(self.reword(body[int(self.rng.integers(0, len(body)))], 0.05))
        self.previous = (self.previous + [body])[-50:]
        lines = [self.title()]
        if self.rng.random() < FURNITURE:
            lines += [FURNITURE_TOP[int(i)] for i in self.rng.choice(len(FURNITURE_TOP), 2, replace=False)]
        lines += body
        if self.rng.random() < FURNITURE:
            lines.append(FURNITURE_BOTTOM[int(self.rng.integers(0, len(FURNITURE_BOTTOM)))])
            lines += [f"• {self.pick(self.chain.words, u).strip(PUNCTUATION).title()}" for u in self.rng.random(3)]
        return "\n".join(lines) + "\n"


def write(size: int, target: Path, text: str, seed: int = SEED) -> Path:
    """`size` articles from `text` under target, unless the same recipe already wrote them there."""
    recipe = f"{GENERATOR_VERSION} {seed} {size} {hashlib.sha256(text.encode()).hexdigest()}\n"
    return write_folder(target, recipe, size, lambda: Writer(text, seed).article)


def write_folder(target: Path, recipe: str, size: int, articles: Callable[[], Callable[[], str]]) -> Path:
    """`size` files target/NNN/article-NNNNNN.txt, each the next `article()` of `articles()`, unless
    target's GENERATED stamp already reads `recipe` (bench/speed.py's corpus is written by it too)."""
    stamp = target / "GENERATED"
    if stamp.exists() and stamp.read_text() == recipe:
        return target
    shutil.rmtree(target, ignore_errors=True)
    article = articles()
    started = time.perf_counter()
    for n in range(size):
        folder = target / f"{n // FILES_PER_DIR:03d}"
        if n % FILES_PER_DIR == 0:
            folder.mkdir(parents=True)
        (folder / f"article-{n:06d}.txt").write_text(article(), encoding="utf-8")
    stamp.write_text(recipe)
    print(f"  wrote {size:,} articles to {target} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return target


def corpus(size: int, base: Path) -> Path:
    """The Lee-chain corpus of `size` articles under base (bench/out/lee-SIZE)."""
    return write(size, base / f"lee-{size}", source_text(base))
