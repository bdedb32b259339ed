"""What the line model sees of each block: numbers about its shape, its place and its words.

Every feature is general: none names a page, a site or a phrase of one. They fall in four
groups, the mechanisms that separate an article from the page around it:

- shape: length, sentence ending, share of function words (jusText's main cue), of
  capitalised words, digits, separators, links and handles;
- position: before or after the article's prose (newslint.layout), distance to the nearest
  prose block, and what the neighbouring blocks are (furniture comes in runs);
- vocabulary: how many of the block's content words the rest of the article uses
  (newslint.topic) — other stories' headlines share few;
- repetition: copies of the block elsewhere in the document;
- lexicon: shares of words from three small, general word lists (calls to action,
  furniture nouns, the site talking about itself) — lists of kinds of words, not phrases.

`features(doc)` gives one row per block, in FEATURES order, as float64: the same numbers in
every process, so that a model trained on them (bench/train_line_model.py) scores the same.
CUES says in words what a high or a low value of each feature means.
"""

from __future__ import annotations

import bisect
import math
import re
from typing import TYPE_CHECKING

import numpy as np

from newslint import layout, sketch, topic

if TYPE_CHECKING:
    from newslint.document import Document

# Prose as newslint.layout counts it for the article's span; vocabulary blocks as the offtopic rules count them.
PROSE_MIN_WORDS = 10
VOCABULARY_MIN_WORDS = 8
NEIGHBOURHOOD = 3  # blocks either side that make a block's surroundings
NO_PROSE_DISTANCE = 50
SHORT_WORDS = 5  # a block shorter than this is a menu item, a tag, a button

# English function words (a general stoplist, as jusText's): prose is full of them, furniture is not.
FUNCTION_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not of off on once only or other our out over own same she should so
    some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    """.split()
)
# Verbs that open a call to action, and nouns of page furniture: kinds of words, not phrases.
ACTION_WORDS = frozenset(
    """
    subscribe sign join follow share click tap download read watch listen register login log
    install get sponsored advertise advertisement donate support contact email print tweet
    like comment reply save view browse shop buy continue
    """.split()
)
FURNITURE_WORDS = frozenset(
    """
    newsletter newsletters subscription subscriber subscribers inbox podcast podcasts app apps
    cookies cookie privacy policy terms copyright rights reserved advertisement advertising
    advertisers affiliate commission sponsored partners comments comment community forums forum
    account password username login menu home homepage search archive archives rss feed feeds
    photo photos image images video videos gallery credit getty reuters ap afp file staff
    contributor correspondent editor reporter writer author published updated posted ago
    trending popular related recommended latest sections topics tags playback device browser
    javascript
    """.split()
)
SELF_WORDS = frozenset("we our us ours site website newsroom journalism editorial".split())
SECOND_PERSON = frozenset(("you", "your", "yours"))
WORD_GROUPS = (FUNCTION_WORDS, ACTION_WORDS, FURNITURE_WORDS, SELF_WORDS, SECOND_PERSON)
_GROUPS_OF: dict[str, tuple[int, ...]] = {
    word: tuple(n for n, group in enumerate(WORD_GROUPS) if word in group) for word in frozenset().union(*WORD_GROUPS)
}
SEPARATORS = re.compile(r"[|»›·•/©®™@#]|\bhttps?:|www\.|\.com\b")
TIME_AGO = re.compile(r"\b\d+\s*(?:min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?)\s+ago\b|\b\d{1,2}:\d{2}\b", re.IGNORECASE)
MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
CAPITALISED = re.compile(r"^[A-Z][\w'’.-]*$")

# (name, what a high value says, what a low value says): a finding's message names its cues,
# at most CUE_WIDTH characters each so that three fit in a message placeholder.
FEATURE_CUES: tuple[tuple[str, str, str], ...] = (
    ("log_words", "long", "short"),
    ("ends_sentence", "sentence end", "no sentence end"),
    ("function_share", "many stopwords", "few stopwords"),
    ("capitalised_share", "capitalised", "few capitals"),
    ("digit_share", "digits", "few digits"),
    ("separators", "separators, links", "no separators"),
    ("starts_lower", "lower-case start", "capital start"),
    ("ends_colon", "ends in a colon", "no end colon"),
    ("mean_word_length", "long words", "short words"),
    ("heading", "heading", "not a heading"),
    ("bullet", "list item", "not a list item"),
    ("log_sentences", "many sentences", "few sentences"),
    ("has_quote", "quotes", "no quotes"),
    ("lead", "before the prose", "not before prose"),
    ("tail", "after the prose", "not after prose"),
    ("relative_index", "late in the page", "early in the page"),
    ("prose_distance", "far from prose", "near prose"),
    ("is_prose", "prose", "not prose"),
    ("previous_prose", "after prose", "not after prose"),
    ("next_prose", "before prose", "not before prose"),
    ("previous_log_words", "long before it", "short before it"),
    ("next_log_words", "long after it", "short after it"),
    ("short_neighbours", "among short lines", "among long lines"),
    ("vocabulary_share", "article's words", "off-topic words"),
    ("no_content_words", "no content words", "content words"),
    ("repeats", "repeated", "not repeated"),
    ("time_or_date", "time or date", "no time or date"),
    ("action_share", "call to action", "no call to action"),
    ("furniture_share", "furniture words", "no furniture words"),
    ("self_share", "site self-talk", "no self-talk"),
    ("second_person_share", "addresses reader", 'no "you"'),
    ("neighbour_function_share", "stopword-rich area", "stopword-poor area"),
    ("neighbour_vocabulary_share", "on-topic area", "off-topic area"),
    ("neighbour_prose", "amid prose", "amid non-prose"),
    ("short_inside", "short, in article", "not short inside"),
    ("short_outside", "short, outside", "not short outside"),
    ("long_outside", "long, outside", "not long outside"),
)
CUE_WIDTH = 18
FEATURES: tuple[str, ...] = tuple(name for name, _, _ in FEATURE_CUES)
CUES: dict[str, tuple[str, str]] = {name: (high, low) for name, high, low in FEATURE_CUES}


def features(doc: "Document") -> np.ndarray:
    """One row of FEATURES per block of `doc`."""
    blocks = doc.blocks
    count = len(blocks)
    rows = np.zeros((count, len(FEATURES)), dtype=np.float64)
    if not count:
        return rows
    span = layout.article_span(doc, PROSE_MIN_WORDS)
    vocab = topic.vocabulary(doc, VOCABULARY_MIN_WORDS)
    prose = [layout.is_prose(b, PROSE_MIN_WORDS) for b in blocks]
    prose_at = [i for i, p in enumerate(prose) if p]
    # The document's words, tokenised once for every rule (sketch.block_words).
    all_words = sketch.block_words(doc)
    normalised = sketch.block_texts(doc)
    copies: dict[str, list[int]] = {}
    for i, key in enumerate(normalised):
        if key:
            copies.setdefault(key, []).append(i)
    log_words = [math.log1p(b.word_count) for b in blocks]
    short = [b.word_count < SHORT_WORDS for b in blocks]
    column = {name: n for n, name in enumerate(FEATURES)}
    for i, block in enumerate(blocks):
        text = block.content.strip()
        tokens = text.split()
        lowered = all_words[i]
        n_words = max(len(lowered), 1)
        groups = _group_counts(lowered)
        value = {
            "log_words": log_words[i],
            "ends_sentence": float(layout.ends_sentence(text)),
            "function_share": groups[0] / n_words,
            "capitalised_share": sum(map(bool, map(CAPITALISED.match, tokens))) / max(len(tokens), 1),
            "digit_share": sum(map(str.isdigit, text)) / max(len(text), 1),
            "separators": min(len(SEPARATORS.findall(text)), 5) / 5,
            "starts_lower": float(text[:1].islower()),
            "ends_colon": float(text.endswith(":")),
            "mean_word_length": min(sum(len(w) for w in lowered) / n_words, 15.0) / 15.0,
            "heading": float(block.role == "heading"),
            "bullet": float(block.role == "bullet"),
            "log_sentences": math.log1p(len(block.sentences)),
            "has_quote": float(any(q in text for q in "\"“”")),
            "lead": float(span is not None and i < span[0]),
            "tail": float(span is not None and i > span[1]),
            "relative_index": i / max(count - 1, 1),
            "prose_distance": math.log1p(_distance(i, prose_at)),
            "is_prose": float(prose[i]),
            "previous_prose": float(i > 0 and prose[i - 1]),
            "next_prose": float(i + 1 < count and prose[i + 1]),
            "previous_log_words": log_words[i - 1] if i > 0 else 0.0,
            "next_log_words": log_words[i + 1] if i + 1 < count else 0.0,
            "short_neighbours": _share(short, i),
            "repeats": math.log1p(len(copies.get(normalised[i], ())) - 1) if normalised[i] else 0.0,
            "time_or_date": float(bool(TIME_AGO.search(text) or MONTH.search(text))),
            "action_share": groups[1] / n_words,
            "furniture_share": groups[2] / n_words,
            "self_share": groups[3] / n_words,
            "second_person_share": groups[4] / n_words,
        }
        content = set(topic.content_of(lowered))
        if content:
            exclude = frozenset(blocks[j].index for j in copies.get(normalised[i], ()) or (i,))
            value["vocabulary_share"] = len(topic.shared_words(content, vocab, exclude)) / len(content)
        else:
            value["no_content_words"] = 1.0
        inside = span is not None and span[0] <= i <= span[1]
        value["short_inside"] = float(inside and short[i])
        value["short_outside"] = float(not inside and short[i])
        value["long_outside"] = float(not inside and not short[i])
        for name, number in value.items():
            rows[i, column[name]] = number
    for name, source in (("neighbour_function_share", "function_share"), ("neighbour_vocabulary_share", "vocabulary_share"), ("neighbour_prose", "is_prose")):
        values = rows[:, column[source]].tolist()
        rows[:, column[name]] = [_mean_around(values, i) for i in range(count)]
    return rows


def _group_counts(words: list[str]) -> list[int]:
    """How many of `words` are in each of WORD_GROUPS."""
    counts = [0] * len(WORD_GROUPS)
    for word in words:
        for group in _GROUPS_OF.get(word, ()):
            counts[group] += 1
    return counts


def _distance(i: int, prose_at: list[int]) -> int:
    """Blocks between block i and the nearest prose block (NO_PROSE_DISTANCE in a document without prose)."""
    if not prose_at:
        return NO_PROSE_DISTANCE
    at = bisect.bisect_left(prose_at, i)
    return min(abs(i - prose_at[j]) for j in (at - 1, at) if 0 <= j < len(prose_at))


def _mean_around(values: list[float], i: int) -> float:
    """Mean of the values within NEIGHBOURHOOD of block i, itself left out."""
    around = [values[j] for j in range(max(0, i - NEIGHBOURHOOD), min(len(values), i + NEIGHBOURHOOD + 1)) if j != i]
    return math.fsum(around) / len(around) if around else 0.0


def _share(flags: list[bool], i: int) -> float:
    """Share of the blocks within NEIGHBOURHOOD of block i (itself left out) for which `flags` holds."""
    around = [flags[j] for j in range(max(0, i - NEIGHBOURHOOD), min(len(flags), i + NEIGHBOURHOOD + 1)) if j != i]
    return sum(around) / len(around) if around else 0.0
