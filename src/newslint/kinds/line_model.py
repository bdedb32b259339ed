"""`line-model`: page furniture recognised by a logistic regression over each block's features.

Each block gets the numbers of newslint.line_features (its shape, its place relative to the
article's prose, how much of the article's vocabulary it uses, its repeats, its share of a
few general word lists). The rule standardises them (`mean`, `scale`), weighs them
(`weight`), adds `bias`, and flags the block when the logistic of that sum is at least
`threshold`, in a document whose article has at least `min_article_blocks` blocks (a
short note has no article to set furniture against). A block of `long_words` words or more
is flagged at `long_threshold` instead, when it is given (0: `threshold` for every block): a
long paragraph's score sits lower on every page, furniture or not, so one cut for all
lengths misses most long furniture (docs/accuracy.md, round 29). A long line above the
article that does not end like a sentence keeps `threshold`: that is a headline's shape. Only blocks of `roles` are reported (paragraphs and bullets: a Markdown heading
is the author's markup). The message names the `cues` features that pushed the score up the most, so a
finding can be checked by eye. The weights are data: the default pack's come from
`bench/train_line_model.py` (the public labelled sets), and a newsroom makes its own from
its own labelled pages with `python -m newslint.train_line_model` (docs/accuracy.md).

The score of a block is summed feature by feature in FEATURES order, so it is the same
number in every process and on every machine.

Example:
    - id: line-model
      kind: line-model
      category: boilerplate
      severity: warning
      message: 'page furniture, by the line model ({score}%: {cues})'
      threshold: 0.8
      bias: -1.5
      features:
        log_words: {mean: 2.1, scale: 1.0, weight: -1.2}
        tail: {mean: 0.2, scale: 0.4, weight: 0.9}
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator

from newslint import layout, lazy_import, line_features, scan, topic
from newslint.document import Document
from newslint.errors import ParamError
from newslint.findings import Finding

SCOPE = "document"
PLACEHOLDERS = frozenset({"score", "cues"})
FEATURE_KEYS = ("mean", "scale", "weight")
np = lazy_import.module("numpy")  # imported on first use (lazy_import)


@dataclass(frozen=True)
class Params:
    """A line-model rule's parameters: the model's weights and thresholds (the module's docstring explains them)."""
    features: dict[str, Any] = field(default_factory=dict, hash=False)
    bias: float = 0.0
    threshold: float = 0.5
    long_threshold: float = 0.0  # 0: `threshold` for long blocks too
    long_words: int = line_features.LONG_WORDS
    cues: int = 3
    # The features measure a block against the article around it: a document whose article
    # (layout.article_span) has fewer blocks than this gives them nothing to measure against.
    min_article_blocks: int = 3
    # Markdown headings are the author's own markup, which no scrape carries: never furniture.
    roles: tuple[str, ...] = ("paragraph", "bullet")
    # The whole-document summaries the features read (line_features): declared here so that a
    # huge file's first pass computes them for the whole file (windows.gather_facts), as for
    # the offtopic and pattern kinds. Not settable: the features are defined with them.
    article_min_words: int = field(init=False, default=line_features.PROSE_MIN_WORDS)
    vocabulary_min_words: int = field(init=False, default=line_features.VOCABULARY_MIN_WORDS)
    stop: frozenset[str] = field(init=False, default=topic.STOPWORDS, compare=False)
    # The model, one value per feature in FEATURES order (unnamed features: mean 0, scale 1,
    # weight 0); `model` holds them as numpy rows, made on first use, so that loading the rule
    # pack does not import numpy (a run whose files all come from the results cache never does).
    mean: tuple[float, ...] = field(init=False, repr=False, compare=False, hash=False, default=())
    scale: tuple[float, ...] = field(init=False, repr=False, compare=False, hash=False, default=())
    weight: tuple[float, ...] = field(init=False, repr=False, compare=False, hash=False, default=())

    def __post_init__(self) -> None:
        if not isinstance(self.features, dict) or not self.features:
            raise ParamError("features", "'features' must map feature names to {mean, scale, weight}")
        if not 0.0 < self.threshold < 1.0:
            raise ParamError("threshold", "'threshold' must be a probability between 0 and 1")
        if self.long_threshold and not 0.0 < self.long_threshold < 1.0:
            raise ParamError("long_threshold", "'long_threshold' must be 0 (off) or a probability between 0 and 1")
        if self.long_words < 1:
            raise ParamError("long_words", "'long_words' must be >= 1")
        if self.cues < 0:
            raise ParamError("cues", "'cues' must be >= 0")
        if self.min_article_blocks < 1:
            raise ParamError("min_article_blocks", "'min_article_blocks' must be >= 1")
        count = len(line_features.FEATURES)
        arrays = {key: [0.0] * count for key in FEATURE_KEYS}
        arrays["scale"] = [1.0] * count
        column = {name: n for n, name in enumerate(line_features.FEATURES)}
        for name, spec in self.features.items():
            if name not in column:
                raise ParamError("features", f"unknown feature '{name}'; newslint computes: {', '.join(line_features.FEATURES)}")
            if not isinstance(spec, dict) or set(spec) != set(FEATURE_KEYS):
                raise ParamError("features", f"feature '{name}' must be a mapping of exactly mean, scale and weight")
            for key in FEATURE_KEYS:
                number = spec[key]
                if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
                    raise ParamError("features", f"feature '{name}': '{key}' must be a finite number")
                arrays[key][column[name]] = float(number)
            if arrays["scale"][column[name]] <= 0:
                raise ParamError("features", f"feature '{name}': 'scale' must be above 0")
        for key, values in arrays.items():
            object.__setattr__(self, key, tuple(values))
        scan.register(self, *line_features.GATED)  # the features skip these where they cannot match

    @cached_property
    def model(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """mean, scale and weight as read-only float64 rows."""
        rows = tuple(np.array(values, dtype=np.float64) for values in (self.mean, self.scale, self.weight))
        for row in rows:
            row.setflags(write=False)
        return rows


def scores(doc: Document, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Each block's probability of being furniture, and each feature's part in its sum."""
    rows = line_features.features(doc)
    mean, scale, weight = params.model
    parts = (rows - mean) / scale * weight
    total = np.full(len(rows), params.bias)
    for column in range(parts.shape[1]):  # a fixed order of additions: the same sum everywhere
        total = total + parts[:, column]
    return 1.0 / (1.0 + np.exp(-total)), parts


def check(doc: Document, rule) -> Iterator[Finding]:
    params: Params = rule.params
    span = layout.article_span(doc, params.article_min_words) if doc.blocks else None
    if span is None or span[1] - span[0] + 1 < params.min_article_blocks:
        return
    probability, parts = scores(doc, params)
    cut = np.full(len(probability), params.threshold)
    if params.long_threshold:
        long = np.fromiter((_long(block, span, params) for block in doc.blocks), dtype=bool, count=len(doc.blocks))
        cut[long] = params.long_threshold
    for i in np.flatnonzero(probability >= cut):
        block = doc.blocks[i]
        if block.role not in params.roles:
            continue
        order = sorted(range(parts.shape[1]), key=lambda c: (-parts[i, c], c))
        cues = [cue(c, parts[i, c] * params.model[2][c] > 0) for c in order[: params.cues] if parts[i, c] > 0]
        yield rule.block_finding(doc.path, block, score=int(probability[i] * 100), cues=", ".join(cues) or "its overall shape")


def _long(block, span: tuple[int, int], params: Params) -> bool:
    """Whether `long_threshold` is the block's cut: `long_words` words or more, and not a
    headline's shape (above the article, not ending like a sentence)."""
    if block.word_count < params.long_words:
        return False
    return layout.position(block, span) != "lead" or layout.ends_sentence(block.content)


def cue(column: int, high: bool) -> str:
    """What feature `column` says of a block, in words: its value is above the mean or below."""
    above, below = line_features.CUES[line_features.FEATURES[column]]
    return above if high else below
