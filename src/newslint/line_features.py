"""What the line model sees of each block: numbers about its shape, its place and its words.

Every feature is general: none names a page, a site or a phrase of one. They fall in four
groups, the mechanisms that separate an article from the page around it:

- shape: length, sentence ending, share of function words (jusText's main cue), of
  capitalised words, digits, separators, links and handles;
- position: before or after the article's prose (newslint.layout), distance to the nearest
  prose block and to the page's ends, and what the neighbouring blocks are (furniture comes
  in runs);
- vocabulary: how many of the block's content words the rest of the article uses
  (newslint.topic) — other stories' headlines share few;
- repetition: copies of the block nearby;
- lexicon: shares of words from small, general word lists (calls to action, furniture
  nouns, the site talking about itself, sales pitches, disclosures and house rules) — lists
  of kinds of words, not phrases — and the shapes of captions and bylines;
- long furniture: the same cues asked of long blocks only, since a long paragraph that
  addresses the reader or shares no words with the article is a pitch or a notice.
- furniture shapes: a menu's or a pager's separated items of a few words, a long run of
  capitalised words with no sentence (a menu run together), a counter in brackets (comments,
  votes), a date at the end (a dated headline or a caption).
- item templates: a block that opens and closes like another one nearby, word classes for
  words ("# posted on #/#/# by C C", "C #, # in C | Permalink | Comments (#)", "C C - C #, #"):
  the stamp a page prints with each post, comment or listed story, never the same prose twice.

Window-invariant by design: a block's row depends only on the blocks at most REACH (+
NEIGHBOURHOOD for the neighbour means) either side of it, its index from the file's start,
and two summaries of the whole document (the article's span, layout.article_span, and its
vocabulary, topic.vocabulary) that a huge file's first pass computes for the whole file
(windows.Facts). A window carries windows.CONTEXT_BLOCKS > REACH + NEIGHBOURHOOD blocks of
context each side, so its rows equal the whole file's (tests/test_windows.py).

`features(doc)` gives one row per block, in FEATURES order, as float64: the same numbers in
every process, so that a model trained on them (bench/train_line_model.py) scores the same.
CUES says in words what a high or a low value of each feature means.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newslint import layout, lazy_import, scan, sketch, topic, user_cache
from newslint.regexes import lazy_re  # module patterns compile on first use, from remembered code (re_code)

if TYPE_CHECKING:
    from newslint.document import Block, Document

np = lazy_import.module("numpy")  # imported on first use: see lazy_import

# Prose as newslint.layout counts it for the article's span; vocabulary blocks as the offtopic rules count them.
PROSE_MIN_WORDS = 10
VOCABULARY_MIN_WORDS = 8
NEIGHBOURHOOD = 3  # blocks either side that make a block's surroundings
# The farthest (in blocks) a feature looks for prose, a copy, or the page's ends: beyond it,
# "far". Bounded so that a huge file's window (which carries its neighbours) gives the same rows.
REACH = 8
SHORT_WORDS = 5  # a block shorter than this is a menu item, a tag, a button
LONG_WORDS = 11  # the long furniture paragraphs: pitches, disclosures, notices

# The word classes of the lexicon features, data beside the code (data/line-words.yaml): kinds
# of words, never a page's phrases, as sketch.block_words gives them (lower case, apostrophes
# deleted, so "don't" is "dont").
WORDS_FILE = Path(__file__).parent / "data" / "line-words.yaml"


def _word_classes() -> dict[str, frozenset[str]]:
    """WORDS_FILE's classes. Its parse is kept in the user cache, by a hash of its bytes, so that
    a run whose rule files' parses are remembered too never imports PyYAML (~20 ms)."""
    data = WORDS_FILE.read_bytes()
    name = f"line-words-{hashlib.blake2b(data, digest_size=16).hexdigest()}.json"
    classes = user_cache.read(name)
    if not (isinstance(classes, dict) and all(isinstance(words, str) for words in classes.values())):
        import yaml

        classes = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: ~5 ms less
        user_cache.write(name, classes)
    return {name: frozenset(words.split()) for name, words in classes.items()}


_WORDS: dict[str, frozenset[str]] = _word_classes()
FUNCTION_WORDS = _WORDS["function"]  # prose is full of them, furniture is not (jusText's main cue)
ACTION_WORDS = _WORDS["action"]  # verbs of a call to action
FURNITURE_WORDS = _WORDS["furniture"]  # nouns of page furniture
SELF_WORDS = _WORDS["self"]  # the site speaking of itself
SECOND_PERSON = _WORDS["second_person"]
PROMO_WORDS = _WORDS["promo"]  # a sales pitch: subscriptions, offers, memberships
NOTICE_WORDS = _WORDS["notice"]  # a disclosure or a house rule: affiliate links, standards, moderation
CAPTION_VERBS = _WORDS["caption_verbs"]  # a caption's present tense ("<Name> performs at <venue>.")
IMPERATIVES = ACTION_WORDS | _WORDS["imperatives"]  # the opening verb of a call to the reader
ROLE_WORDS = _WORDS["roles"]  # a byline's or a contributor line's role
# The reader addressed, contractions too: no feature's, the pattern kind's test of a pitch (span_addressing).
READER = _WORDS["reader"]
# A menu or a pager: items of a few words between separators ("Home | News | World",
# "1 - 2 - 3 - Next", "about | contact | privacy"); counted up to MENU_ITEMS.
_MENU_CHARS = "|•·»›/–—-"  # what a menu separator holds, also a prefilter (_menu_items)
MENU_SEPARATOR = lazy_re(r"\s+[" + re.escape(_MENU_CHARS) + r"]\s+|\s*\|\s*")
MENU_ITEM_WORDS = 4
MENU_ITEMS = 8
WORD_GROUPS = (FUNCTION_WORDS, ACTION_WORDS, FURNITURE_WORDS, SELF_WORDS, SECOND_PERSON, PROMO_WORDS, NOTICE_WORDS, CAPTION_VERBS)
_GROUPS_OF: dict[str, tuple[int, ...]] = {
    word: tuple(n for n, group in enumerate(WORD_GROUPS) if word in group) for word in frozenset().union(*WORD_GROUPS)
}
# Its class's characters, also a prefilter (_may_separate).
_SEPARATOR_CHARS = "|»›·•/©®™@#"
SEPARATORS = lazy_re("[" + re.escape(_SEPARATOR_CHARS) + r"]|\bhttps?:|www\.|\.com\b")
TIME_AGO = lazy_re(r"\b\d+\s*(?:min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?)\s+ago\b|\b\d{1,2}:\d{2}\b", re.IGNORECASE)
MONTH = lazy_re(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
CAPITALISED = lazy_re(r"^[A-Z][\w'’.-]*$")
# A photo caption's opening ("In this … photo", "This illustration shows", "This satellite image
# from …", "A general view of", "These maps show") and its
# closing credit ("… Jane Doe/Agency files", "(Photo: …)"), the credit looked for in the last
# CREDIT_CHARS characters only: searched through a whole paragraph it cost a quarter of the features' time.
CAPTION_START = lazy_re(
    r"(?:in this\b.{0,60}\b(?:photo|image|picture|handout)|(?:this|these|a|an) (?:[\w’'-]+ ){0,2}(?:photos?|photographs?|images?|pictures?|illustration|"
    r"screenshot|screen grab|handout|view|maps?|graphic|chart)\b|(?:file )?(?:photo|image|picture|photograph|credit)s?\s*[:(]|pictured\b)",
    re.IGNORECASE,
)
CREDIT_END = lazy_re(r"\b[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)*\s*/\s*[A-Z][\w&.-]*(?: [A-Za-z][\w&.-]*){0,2}\.?\s*$|\((?:photo|image|credit)[^)]*\)\s*$", re.IGNORECASE)
CREDIT_CHARS = 80
# A byline or contributor line: "By Jane Doe", "Jane Doe, Senior Contributor", "Jane Doe | Outlet".
BYLINE_START = lazy_re(r"^(?:by|words by|written by|reporting by|story by|text by)\s+[A-Z]", re.IGNORECASE)
# A counter in brackets: comments, replies, views, votes ("Comments (12)", "… (130)", "[3]").
COUNTER = lazy_re(r"[(\[]\s*\d[\d,]*\s*[)\]]")
# A date at a block's end: a related headline's stamp ("… - June 26, 2004"), a caption's day
# ("… on Nov. 3, 2019."), a post's stamp ("12/21/2004"); looked for in the last DATE_END_CHARS only.
DATE_END = lazy_re(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\b\d{1,2}/\d{1,2}/\d{2,4}|"
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{4})\W*$",
    re.IGNORECASE,
)
DATE_END_CHARS = 40
# The site or the text speaking of itself: "this site", "this article", "our newsletter".
# Item templates: a block's skeleton is its tokens as classes (a number "#", a capitalised word
# "C", another word "w", a function word itself, a punctuation mark itself), read from its first
# and its last TEMPLATE_CHARS characters only; two blocks share a template by the length of the
# common start and end of their skeletons, up to TEMPLATE_TOKENS tokens each.
TEMPLATE_TOKEN = lazy_re(r"\d+|[^\W\d_][\w'’.-]*|[^\w\s]")
TEMPLATE_CHARS = 80
TEMPLATE_TOKENS = 6
TEMPLATE_MIN_TOKENS = 4  # a skeleton shorter than this ("C C", "w") matches too much to say anything
SELF_REFERENCE = lazy_re(
    r"\b(?:this|our) (?:site|website|web site|page|article|story|post|newsletter|podcast|app|blog|forum|publication|paper|newsroom|journalism|reporting)\b",
    re.IGNORECASE,
)

class Gated:
    """A regex of the features as the gate holds it (scan.register): the same pattern and
    flags, hashed by identity, since the features ask "may it match in this block?" of every
    block and an re.Pattern hashes its whole compiled code each time (~0.8 µs for MONTH)."""

    __slots__ = ("regex", "pattern", "flags")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex, self.pattern, self.flags = regex, regex.pattern, regex.flags

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text)


DIGIT = lazy_re(r"\d")  # what \d matches (Unicode category Nd)
# The features' regexes that cost the most and match in few blocks. The line-model kind puts
# them in the gate (scan.py): in a block where one cannot match (scan.ruled_out_by_block), it
# is not run. Where the gate is off (hyperscan missing, a process's first documents, text it
# does not cover) nothing is ruled out and every one runs, with the same result.
GATE_DIGIT, GATE_TIME_AGO, GATE_MONTH, GATE_SEPARATORS, GATE_SELF_REFERENCE = GATED = tuple(
    Gated(regex) for regex in (DIGIT, TIME_AGO, MONTH, SEPARATORS, SELF_REFERENCE))

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
    ("near_start", "top of the page", "not page top"),
    ("near_end", "page bottom", "not page bottom"),
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
    ("imperative_start", "imperative", "no imperative"),
    ("promo_share", "sales pitch", "no sales pitch"),
    ("notice_share", "notice words", "no notice words"),
    ("caption_shape", "caption shape", "no caption shape"),
    ("caption_verb", "caption verb", "no caption verb"),
    ("byline_shape", "byline shape", "no byline shape"),
    ("self_reference", "speaks of itself", "no self-reference"),
    ("long_off_topic", "long, off-topic", "not long off-topic"),
    ("long_addressing", "long pitch", "not a long pitch"),
    ("long_capitalised", "title-case run", "no title-case run"),
    ("counter", "bracketed count", "no counter"),
    ("date_end", "ends in a date", "no end date"),
    ("menu_items", "menu items", "no menu"),
    ("template", "item template", "no item template"),
    ("long_template", "long, templated", "not long templated"),
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
    # Whole-document summaries: in a huge file's window they are the whole file's (windows.Whole).
    span = layout.article_span(doc, PROSE_MIN_WORDS)
    vocab = topic.vocabulary(doc, VOCABULARY_MIN_WORDS)
    first_index = doc.whole.block_offset if doc.whole is not None else 0  # the file index of blocks[0]
    prose = [layout.is_prose(b, PROSE_MIN_WORDS) for b in blocks]
    prose_at = [i for i, p in enumerate(prose) if p]
    # The document's words, tokenised once for every rule (sketch.block_words).
    all_words = sketch.block_words(doc)
    normalised = sketch.block_texts(doc)
    counts = [b.word_count for b in blocks]
    log_words = [math.log1p(n) for n in counts]
    short = [n < SHORT_WORDS for n in counts]
    # Only a block's set of content words is read: stem its distinct words, not every word.
    contents = [_content_set(distinct) for distinct in topic.distinct_words(doc)]
    shared = _SharedWords(blocks, contents, counts) if doc.whole is None else None
    # Blocks whose normalised text occurs once in the document have no copies but themselves.
    keys = Counter(normalised)
    templates = _templates(blocks, normalised)
    outs = scan.ruled_out_by_block(doc)  # per block, the gated regexes that cannot match in it
    table: list[list[float]] = []
    for i, block in enumerate(blocks):
        out = outs[i]
        text = block.content.strip()
        tokens = text.split()
        lowered = all_words[i]
        n_words = max(len(lowered), 1)
        groups = _group_counts(lowered)
        key = normalised[i]
        copies = ([i] if keys[key] == 1 else _copies_near(normalised, i)) if key else []
        # Every time, date and counter pattern needs a decimal digit (\d): most blocks have none.
        has_digit = GATE_DIGIT not in out and DIGIT.search(text) is not None
        long = counts[i] >= LONG_WORDS
        ends_sentence = float(layout.ends_sentence(text))
        capitalised_share = _capitalised(text) / max(len(tokens), 1)
        self_reference = min(len(SELF_REFERENCE.findall(text)), 2) / 2 if GATE_SELF_REFERENCE not in out and _may_self_refer(text) else 0.0
        content = contents[i]
        vocabulary_share = long_off_topic = no_content_words = long_addressing = long_capitalised = 0.0
        if content:
            exclude = frozenset(blocks[j].index for j in copies or (i,))
            if shared is not None:
                vocabulary_share = shared.share(i, content, copies or [i], exclude)
            elif _has_other_words(vocab, exclude):
                vocabulary_share = len(topic.shared_words(content, vocab, exclude)) / len(content)
            else:  # nothing else in the document to be off-topic from (a note, a paragraph and its copies)
                vocabulary_share = 1.0
            long_off_topic = float(long) * (1.0 - vocabulary_share)
        else:
            no_content_words = 1.0
        if long:
            long_addressing = min(sum(groups[1:7]) / n_words + self_reference, 1.0)
        inside = span is not None and span[0] <= i <= span[1]
        if long and not ends_sentence:  # a menu run together: many capitalised words, no sentence
            long_capitalised = capitalised_share
        # In FEATURES order (FEATURE_CUES); the three neighbour means are filled in below.
        table.append([
            log_words[i],
            ends_sentence,
            groups[0] / n_words,
            capitalised_share,
            _digits(text) / max(len(text), 1),
            min(len(SEPARATORS.findall(text)), 5) / 5 if GATE_SEPARATORS not in out and _may_separate(text) else 0.0,
            float(text[:1].islower()),
            float(text.endswith(":")),
            min(sum(map(len, lowered)) / n_words, 15.0) / 15.0,
            float(block.role == "heading"),
            float(block.role == "bullet"),
            math.log1p(len(block.sentences)),
            float(any(q in text for q in "\"“”")),
            float(span is not None and i < span[0]),
            float(span is not None and i > span[1]),
            # The page's very top and bottom, outside the article only: a clean article's last
            # paragraph is as near the end as a scrape's footer, but it is inside the span.
            float(span is not None and i < span[0]) * (1.0 - min(first_index + i, REACH) / REACH),
            float(span is not None and i > span[1]) * (1.0 - min(count - 1 - i, REACH) / REACH),
            math.log1p(_distance(i, prose_at)),
            float(prose[i]),
            float(i > 0 and prose[i - 1]),
            float(i + 1 < count and prose[i + 1]),
            log_words[i - 1] if i > 0 else 0.0,
            log_words[i + 1] if i + 1 < count else 0.0,
            _share(short, i),
            vocabulary_share,
            no_content_words,
            math.log1p(len(copies) - 1) if copies else 0.0,
            float(has_digit and bool(GATE_TIME_AGO not in out and TIME_AGO.search(text) or GATE_MONTH not in out and MONTH.search(text))),
            groups[1] / n_words,
            groups[2] / n_words,
            groups[3] / n_words,
            groups[4] / n_words,
            0.0,
            0.0,
            0.0,
            float(inside and short[i]),
            float(not inside and short[i]),
            float(not inside and not short[i]),
            float(bool(lowered) and lowered[0] in IMPERATIVES),
            groups[5] / n_words,
            groups[6] / n_words,
            float(bool(CAPTION_START.match(text) or _may_credit(text[-CREDIT_CHARS:]) and CREDIT_END.search(text[-CREDIT_CHARS:]))),
            float(_caption_verb(tokens, lowered)),
            float(_byline(text, tokens, lowered)),
            self_reference,
            long_off_topic,
            long_addressing,
            long_capitalised,
            float(has_digit and bool(COUNTER.search(text))),
            float(has_digit and bool(DIGIT.search(text[-DATE_END_CHARS:])) and bool(DATE_END.search(text[-DATE_END_CHARS:]))),
            _menu_items(text),
            templates[i],
            templates[i] if long else 0.0,
        ])
    rows[:] = table  # one conversion: a numpy item assignment per feature cost more than the feature
    for target, source in _NEIGHBOUR_MEANS:
        values = rows[:, source].tolist()
        rows[:, target] = [_mean_around(values, i) for i in range(count)]
    return rows


_COLUMN = {name: n for n, name in enumerate(FEATURES)}
_NEIGHBOUR_MEANS = tuple((_COLUMN[target], _COLUMN[source]) for target, source in (
    ("neighbour_function_share", "function_share"), ("neighbour_vocabulary_share", "vocabulary_share"), ("neighbour_prose", "is_prose")))


def _content_set(distinct: set[str]) -> set[str]:
    """set(topic.content_of(words)) from the block's distinct words less stopwords
    (topic.distinct_words): the stems of those that are not bare numbers, each stemmed once."""
    return set(map(topic.stem, [w for w in distinct if not w.isdigit()]))


class _SharedWords:
    """How many of a block's content words another block of the vocabulary uses, for a
    document's own vocabulary (topic.vocabulary: the content words of its blocks of at least
    VOCABULARY_MIN_WORDS words, which are `contents` here). Each word's count of such blocks
    is taken once, in C; a block with no copies then needs two set operations, not a lookup
    per word."""

    def __init__(self, blocks, contents: list[set[str]], counts: list[int]) -> None:
        self.contents = contents
        self.gives = [n >= VOCABULARY_MIN_WORDS and bool(c) for n, c in zip(counts, contents)]
        self.uses: Counter[str] = Counter()
        for content, gives in zip(contents, self.gives):
            if gives:
                self.uses.update(content)
        self.once = {word for word, n in self.uses.items() if n == 1}
        # The blocks that give the vocabulary a word.
        self.contributors = frozenset(b.index for b, gives in zip(blocks, self.gives) if gives)

    def share(self, i: int, content: set[str], copies: list[int], exclude: frozenset[int]) -> float:
        """vocabulary_share of block i, whose copies (itself included) are `copies`, block
        indices `exclude`: 1.0 when no other block gives the vocabulary a word."""
        if self.contributors <= exclude:
            return 1.0
        if len(copies) == 1:
            # A word is used outside block i when some other block gives it: its count is above
            # one if block i gives it too, above none otherwise.
            found = len(content) - len(content & self.once) if self.gives[i] else len(content & self.uses.keys())
        else:
            uses, contents, gives = self.uses, self.contents, self.gives
            mine = [contents[j] for j in copies if gives[j]]
            found = sum(1 for word in content if uses[word] > sum(word in c for c in mine))
        return found / len(content)


def _has_other_words(vocab, exclude: frozenset[int]) -> bool:
    """Whether some block outside `exclude` gives the vocabulary a word (the first such word ends
    the search). A document's own vocabulary asks _SharedWords instead."""
    return any(uses - exclude for uses in vocab.values())


# Exact prefilters: a pattern that needs a character the text lacks is not run.
_ASCII_DIGITS = "0123456789"
# A capitalised token, as CAPITALISED matches one, among tokens joined by single spaces. The
# capital comes first and the look behind it second ("no non-space before the capital"): a
# pattern that opens with a character class lets `re` skip to the next capital in C, where one
# that opens with a lookbehind is tried at every position (same matches, ~40% less time).
_CAPITALISED_TOKEN = lazy_re(r"[A-Z](?<!\S.)[\w'’.-]*(?!\S)")


def _capitalised(text: str) -> int:
    """How many of text.split()'s tokens CAPITALISED matches: one findall over the text itself,
    not a match per token. re's \\s and str.split agree on every code point (checked over all of
    Unicode), so the tokens the lookarounds delimit in `text` are str.split's."""
    return len(_CAPITALISED_TOKEN.findall(text))


def _digits(text: str) -> int:
    """sum(map(str.isdigit, text)); for ASCII text, ten C-level counts."""
    if text.isascii():
        return sum(map(text.count, _ASCII_DIGITS))
    return sum(map(str.isdigit, text))


def _may_separate(text: str) -> bool:
    """False only where SEPARATORS cannot match: none of its characters or literal pieces."""
    return any(c in text for c in _SEPARATOR_CHARS) or "http" in text or "www." in text or ".com" in text


def _may_credit(tail: str) -> bool:
    """CREDIT_END needs a slash (a credit) or an opening bracket."""
    return "/" in tail or "(" in tail


def _may_self_refer(text: str) -> bool:
    """SELF_REFERENCE needs "this " or "our "; beyond ASCII, letters that fold to these under
    IGNORECASE (ı, ſ, ...) make any text a candidate."""
    if not text.isascii():
        return True
    lowered = text.lower()
    return "this " in lowered or "our " in lowered


def _copies_near(normalised: tuple[str, ...], i: int) -> list[int]:
    """Blocks within REACH of block i (itself included) with its normalised text; [] when it has none."""
    key = normalised[i]
    if not key:
        return []
    return [j for j in range(max(0, i - REACH), min(len(normalised), i + REACH + 1)) if normalised[j] == key]


def _menu_items(text: str) -> float:
    """Share of MENU_ITEMS that the block's separated items of at most MENU_ITEM_WORDS words make
    (0 unless there are at least three, so that "Jane Doe | Outlet" is no menu)."""
    if "|" not in text and " " not in text or not any(c in text for c in _MENU_CHARS):
        return 0.0  # no separator: one item
    items = [item for item in MENU_SEPARATOR.split(text) if item.strip()]
    if len(items) < 3 or any(len(item.split()) > MENU_ITEM_WORDS for item in items):
        return 0.0
    return min(len(items), MENU_ITEMS) / MENU_ITEMS


def _skeleton(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The classes of a block's first and last tokens (TEMPLATE_TOKEN), at most TEMPLATE_TOKENS
    each, from its first and last TEMPLATE_CHARS characters (both () when the block has fewer
    than TEMPLATE_MIN_TOKENS tokens there)."""
    head = TEMPLATE_TOKEN.findall(text[:TEMPLATE_CHARS])
    # A short block is its own first and last TEMPLATE_CHARS characters: one tokenising.
    tail = head if len(text) <= TEMPLATE_CHARS else TEMPLATE_TOKEN.findall(text[-TEMPLATE_CHARS:])
    if len(head) < TEMPLATE_MIN_TOKENS or len(tail) < TEMPLATE_MIN_TOKENS:
        return (), ()
    return tuple(map(_token_class, head[:TEMPLATE_TOKENS])), tuple(map(_token_class, reversed(tail[-TEMPLATE_TOKENS:])))


@lru_cache(maxsize=65536)
def _token_class(token: str) -> str:
    """A token of a skeleton: "#" for a number, a function word itself, "C" for another
    capitalised word, "w" for another word, a punctuation mark itself."""
    if token[0].isdigit():
        return "#"
    if token[0].isalpha():
        lowered = token.lower()
        return lowered if lowered in FUNCTION_WORDS else "C" if token[0].isupper() else "w"
    return token


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Length of the common start of a and b."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _templates(blocks: "tuple[Block, ...]", normalised: tuple[str, ...]) -> list[float]:
    """Per block, how far it shares a template with another block within REACH (not a copy of
    it: repeats are their own feature): the longest common start plus common end of their
    skeletons, as a share of 2 * TEMPLATE_TOKENS."""
    skeletons = [_skeleton(b.content.strip()) for b in blocks]
    count = len(blocks)
    found = []
    for i, (head, tail) in enumerate(skeletons):
        best = 0
        if head:
            for j in range(max(0, i - REACH), min(count, i + REACH + 1)):
                other_head, other_tail = skeletons[j]
                if j == i or not other_head or normalised[j] == normalised[i]:
                    continue
                if head[0] == other_head[0] or tail[0] == other_tail[0]:
                    best = max(best, _common(head, other_head) + _common(tail, other_tail))
        found.append(best / (2 * TEMPLATE_TOKENS))
    return found


def _caption_verb(tokens: list[str], lowered: list[str]) -> bool:
    """A caption's grammar: a capitalised name, then a present-tense caption verb early on."""
    if not tokens or not CAPITALISED.match(tokens[0]):
        return False
    return any(word in CAPTION_VERBS for word in lowered[1:8])


def _byline(text: str, tokens: list[str], lowered: list[str]) -> bool:
    """"By Jane Doe", or a short line of a name and a role or an outlet ("Jane Doe, Senior Contributor")."""
    if BYLINE_START.match(text):
        return True
    if not 2 <= len(tokens) <= 10 or layout.ends_sentence(text):
        return False
    capitalised = sum(1 for t in tokens if CAPITALISED.match(t))
    return capitalised >= len(tokens) - 2 and (any(w in ROLE_WORDS for w in lowered) or ("," in text or "|" in text))


def _group_counts(words: list[str]) -> list[int]:
    """How many of `words` are in each of WORD_GROUPS."""
    counts = [0] * len(WORD_GROUPS)
    # Most words are in no group: count the words by their groups in C, then add up the few kinds.
    for groups, n in Counter(map(_GROUPS_OF.get, words)).items():
        if groups is not None:
            for group in groups:
                counts[group] += n
    return counts


def _distance(i: int, prose_at: list[int]) -> int:
    """Blocks between block i and the nearest prose block, at most REACH."""
    at = bisect.bisect_left(prose_at, i)
    return min([REACH, *(abs(i - prose_at[j]) for j in (at - 1, at) if 0 <= j < len(prose_at))])


def _mean_around(values: list[float], i: int) -> float:
    """Mean of the values within NEIGHBOURHOOD of block i, itself left out."""
    around = values[max(0, i - NEIGHBOURHOOD):i] + values[i + 1:i + NEIGHBOURHOOD + 1]
    return math.fsum(around) / len(around) if around else 0.0  # fsum: exact, so the order cannot matter


def _share(flags: list[bool], i: int) -> float:
    """Share of the blocks within NEIGHBOURHOOD of block i (itself left out) for which `flags` holds."""
    around = flags[max(0, i - NEIGHBOURHOOD):i] + flags[i + 1:i + NEIGHBOURHOOD + 1]
    return sum(around) / len(around) if around else 0.0
