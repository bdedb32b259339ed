"""What the claim model sees of a flagged figure: numbers about the figure, its sentence and its block.

`unsupported-figure` (the numeric-claim kind) finds a figure with no source nearby; many such
figures are no claim at all: a number inside a name ("Track 8", "Level 1"), the page's own terms
("Clients shall be limited to 1,000 megabytes"), a kind of thing ("a 24-hour service"), the
reader's hypothetical ("If you had 3 ..."), a reference ("(5:6)"), a count of what the text
lists elsewhere ("the three countries"). None has a surface mark a pattern can spell, but
together they have a shape, and a logistic regression over these features learns it from the
labelled findings (tests/fixtures/figure_precision.jsonl; bench/train_claim_model.py).

Every feature is general: word classes and shapes, never a page's words. Four groups:

- the figure: spelled or in digits, money, a percentage, an ordinal, a decimal, its size, a
  range or score shape, how many unsupported figures the sentence holds;
- its neighbours: the word before (capitalised: a name's number; "the", "these": a count of
  something named before; "a": a kind of thing; a hedge: "over", "about"; a lower-case noun:
  "page 3"), the word after (a plural noun: a count; a hyphen: "24-hour"; a capital; nothing);
  inside brackets, at the sentence's start;
- the sentence: length, capitals, digits, its mood (a question, a condition, a modal verb, an
  order, the reader addressed, the writer in the first person), past tense, a quote, the words
  of a notice or a sales pitch (newslint.line_features' classes), a link, a colon;
- the block: a list item, its length, whether it ends like a sentence, before or after the
  article's prose (newslint.layout), and how many of its neighbours hold figures too (a table,
  a spec sheet, a list of prices).

Window-invariant: a row depends on the sentence, its block, the two blocks either side
(NEIGHBOURS < windows.CONTEXT_BLOCKS) and the article's span, which a huge file's first pass
computes for the whole file (the kind declares `article_min_words`). Computed only for
sentences the rule has already flagged, so a page with no finding costs nothing.

`features(...)` gives one row, a tuple of floats in FEATURES order: the same numbers in every
process, so the model trained on them scores the same. CUES says in words what a high or a low
value of each feature means (a finding's message names the strongest ones).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence
from weakref import WeakKeyDictionary

from newslint import layout, line_features
from newslint.regexes import lazy_re

if TYPE_CHECKING:
    from newslint.document import Document
    from newslint.sentences import Sentence

PROSE_MIN_WORDS = line_features.PROSE_MIN_WORDS  # the article's span as the line model sees it
NEIGHBOURS = 2  # blocks either side whose figures count (windows carry more context than this)

# Grammar's closed classes (kinds of words, not a page's phrases), lower case.
DEFINITE = frozenset("the these those its their our your my his her both all each every first last top other same".split())
INDEFINITE = frozenset("a an one".split())
HEDGES = frozenset("over about around nearly almost approximately roughly some than least most only just under "
                   "below above estimated up to more fewer less".split())
PREPOSITIONS = frozenset("in at on of to for from by with per into within after before between".split())
CONDITIONAL = frozenset("if unless assuming assume suppose supposing imagine whether whenever wherever say".split())
MODALS = frozenset("would could may might should must shall can cannot will wont wouldnt couldnt shouldnt".split())
FIRST_SINGULAR = frozenset("i me my mine im ive id ill".split())
FIRST_PLURAL = frozenset("we our ours us were weve".split())
PAST = frozenset("was were had did died won lost grew fell rose took made became came went killed".split())
SECOND_PERSON = line_features.SECOND_PERSON | frozenset("youre youll youve youd yourself".split())
TERMS = line_features.NOTICE_WORDS | line_features.PROMO_WORDS
FUNCTION_WORDS = line_features.FUNCTION_WORDS
IMPERATIVES = line_features.IMPERATIVES
ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())
SCALES = frozenset("dozen hundred thousand million billion trillion".split())
MONEY_WORDS = frozenset("dollars euros euro pounds yen yuan rupees rubles roubles".split())

# Compiled on first use (regexes.lazy_re): a run that sets no model never asks for them.
TOKEN = lazy_re(r"\d[\d,.:/]*\d|\d|[^\W\d_][\w’'.-]*|[^\w\s]")
WORD = lazy_re(r"[^\W\d_][\w’']*")
NUMBER = lazy_re(r"\d+(?:,\d{3})*(?:\.\d+)?")
DIGIT = line_features.DIGIT
LINK = lazy_re(r"https?:|www\.|@|\.com\b|\.org\b")
ORDINAL = lazy_re(r"\d(?:st|nd|rd|th)$")
DECIMAL = lazy_re(r"\d\.\d")
RANGE = lazy_re(r"\d\s?[-–:]\s?\d")
CURRENCY = "$€£¥₹"
CLOSING = "\"'”’)]"

# (name, what a high value says, what a low value says): the cues of a finding's message.
FEATURE_CUES: tuple[tuple[str, str, str], ...] = (
    ("spelled", "a spelled number", "digits"),
    ("money", "money", "not money"),
    ("percent", "a percentage", "not a percentage"),
    ("ordinal", "an ordinal", "not an ordinal"),
    ("decimal", "a decimal", "no decimal"),
    ("log_value", "a large number", "a small number"),
    ("small", "a small count", "not a small count"),
    ("range_shape", "a range or score", "no range"),
    ("scale", "a scale word", "no scale word"),
    ("figures", "several figures", "one figure"),
    ("before_capital", "after a capital", "no capital before"),
    ("after_capital", "a capital after", "no capital after"),
    ("before_definite", "after the/these", "no the before"),
    ("before_indefinite", "after a/an", "no a before"),
    ("before_hedge", "after a hedge", "no hedge"),
    ("before_preposition", "after a preposition", "no preposition"),
    ("before_noun", "after a noun", "no noun before"),
    ("after_plural", "counts a plural", "no plural after"),
    ("after_hyphen", "a compound", "no compound"),
    ("after_nothing", "nothing after", "words after"),
    ("in_brackets", "in brackets", "not in brackets"),
    ("at_start", "opens the sentence", "inside the sentence"),
    ("log_words", "a long sentence", "a short sentence"),
    ("capitalised_share", "many capitals", "few capitals"),
    ("digit_share", "digit-heavy", "few digits"),
    ("question", "a question", "not a question"),
    ("conditional", "a condition", "no condition"),
    ("modal", "a modal verb", "no modal verb"),
    ("second_person", "addresses the reader", 'no "you"'),
    ("first_singular", 'says "I"', 'no "I"'),
    ("first_plural", 'says "we"', 'no "we"'),
    ("imperative", "an order", "no order"),
    ("past", "past tense", "no past tense"),
    ("quoted", "in a quote", "not quoted"),
    ("terms_share", "terms or pitch words", "no terms words"),
    ("function_share", "many stopwords", "few stopwords"),
    ("link", "a link", "no link"),
    ("colon", "a colon", "no colon"),
    ("first_sentence", "opens its block", "not first in block"),
    ("bullet", "a list item", "not a list item"),
    ("block_log_words", "a long block", "a short block"),
    ("block_ends_sentence", "block ends a sentence", "block has no end"),
    ("lead", "before the prose", "not before prose"),
    ("tail", "after the prose", "not after prose"),
    ("block_prose", "in a prose block", "not in prose"),
    ("neighbour_digits", "amid figures", "no figures near"),
    ("page_second_person", "a page that says you", "a page without you"),
    ("page_modal", "a page of modal verbs", "a page of few modals"),
    ("page_past", "a page in the past tense", "a page not in the past"),
    ("page_digits", "a page full of figures", "a page of few figures"),
)
# The features of the page as a whole (its sentences' shares): what kind of page it is, a
# story told in the past tense or a page of terms, advice and instructions to "you".
PAGE_FEATURES: tuple[str, ...] = ("page_second_person", "page_modal", "page_past", "page_digits")
FEATURES: tuple[str, ...] = tuple(name for name, _, _ in FEATURE_CUES)
CUES: dict[str, tuple[str, str]] = {name: (high, low) for name, high, low in FEATURE_CUES}


def _plain(token: str) -> str:
    return token.lower().replace("’", "").replace("'", "").strip(".")


def _value(text: str) -> float:
    """log10(1 + the figure's number), 0 for a spelled one."""
    match = NUMBER.search(text)
    if match is None:
        return 0.0
    try:
        number = float(match.group().replace(",", ""))
    except ValueError:
        return 0.0
    return min(math.log10(1.0 + number), 12.0)


def _share(words: Sequence[str], group: frozenset[str]) -> float:
    return sum(w in group for w in words) / len(words) if words else 0.0


def _inside_brackets(text: str, offset: int) -> bool:
    before = text[:offset]
    return before.count("(") > before.count(")") or before.count("[") > before.count("]")


def features(doc: "Document", index: int, sentence: "Sentence", first: bool, figure: tuple[int, int, str],
             count: int, quoted: bool) -> tuple[float, ...]:
    """The row of a flagged sentence of block `index` of `doc`: `figure` is (start, end, text) of the figure that names the
    finding, offsets in the sentence; `count` how many unsupported figures it holds; `first`
    whether it is its block's first sentence; `quoted` whether the figure is in a direct quote."""
    block = doc.blocks[index]
    text = sentence.text
    start, end, shown = figure
    before = TOKEN.findall(text[:start])
    after = TOKEN.findall(text[end:])
    words = [_plain(w) for w in WORD.findall(text)]
    word_set = set(words)
    lowered = shown.lower()
    spelled = DIGIT.search(shown) is None
    previous = before[-1] if before else ""
    previous_plain = _plain(previous)
    following = after[0] if after else ""
    value = _value(shown)
    integer = NUMBER.fullmatch(shown.replace(" ", "")) is not None and "." not in shown
    hedge = previous_plain in HEDGES or (len(before) >= 2 and f"{_plain(before[-2])} {previous_plain}" in ("more than", "up to", "at least"))
    initials = [w[0] for w in WORD.findall(text)]
    caps = sum(c.isupper() for c in initials) / len(initials) if initials else 0.0
    span = layout.article_span(doc, PROSE_MIN_WORDS)
    where = layout.position(block, span)
    blocks = doc.blocks
    near = blocks[max(0, index - NEIGHBOURS) : index] + blocks[index + 1 : index + 1 + NEIGHBOURS]
    content = block.content
    first_word = _plain(before[0]) if before else lowered.split()[0] if lowered.split() else ""
    row = (
        float(spelled),
        float(any(c in shown for c in CURRENCY) or any(w in MONEY_WORDS for w in lowered.split())),
        float("%" in shown or "percent" in lowered or "per cent" in lowered),
        float(ORDINAL.search(lowered) is not None or any(w in ORDINALS for w in lowered.split())),
        float(DECIMAL.search(shown) is not None),
        value,
        float(spelled or (integer and value <= math.log10(13.0))),
        float(RANGE.search(shown) is not None),
        float(any(w in SCALES for w in lowered.split())),
        math.log1p(count),
        float(bool(before) and previous[:1].isupper() and previous.isalpha() and len(before) > 1),
        float(following[:1].isupper()),
        float(previous_plain in DEFINITE),
        float(previous_plain in INDEFINITE),
        float(hedge),
        float(previous_plain in PREPOSITIONS),
        float(bool(previous) and previous.isalpha() and previous.islower() and previous_plain not in FUNCTION_WORDS and not hedge),
        float(following.isalpha() and following.islower() and following.endswith("s") and not following.endswith("ss")),
        float(text[end : end + 1] in "-–" and text[end + 1 : end + 2].isalpha()),
        float(not after or all(not t[:1].isalnum() for t in after)),
        float(_inside_brackets(text, start)),
        float(len(before) <= 1),
        math.log1p(len(words)),
        caps,
        len(DIGIT.findall(text)) / max(len(text), 1),
        float(text.rstrip().rstrip(CLOSING).endswith("?")),
        float(bool(word_set & CONDITIONAL)),
        float(bool(word_set & MODALS)),
        float(bool(word_set & SECOND_PERSON)),
        float(bool(word_set & FIRST_SINGULAR)),
        float(bool(word_set & FIRST_PLURAL)),
        float(first_word in IMPERATIVES),
        float(bool(word_set & PAST) or any(w.endswith("ed") and len(w) > 4 for w in words)),
        float(quoted),
        _share(words, TERMS),
        _share(words, FUNCTION_WORDS),
        float(LINK.search(text) is not None),
        float(":" in text),
        float(first),
        float(block.role == "bullet"),
        math.log1p(block.word_count),
        float(layout.ends_sentence(content)),
        float(where == "lead"),
        float(where == "tail"),
        float(layout.is_prose(block, PROSE_MIN_WORDS)),
        sum(DIGIT.search(b.content) is not None for b in near) / (2 * NEIGHBOURS),
        *page(doc),
    )
    return row


_pages: "WeakKeyDictionary[Document, tuple[float, float, float, float]]" = WeakKeyDictionary()


def page(doc: "Document") -> tuple[float, float, float, float]:
    """The shares of the document's sentences that address the reader, use a modal verb, are in
    the past tense, and hold a digit. Of the document as checked: a huge file's window is the
    window with its context blocks (windows.py), not the whole file."""
    known = _pages.get(doc)
    if known is None:
        counts = [0, 0, 0, 0]
        total = 0
        for block in doc.blocks:
            for sentence in block.sentences:
                words = {_plain(w) for w in WORD.findall(sentence.text)}
                total += 1
                counts[0] += bool(words & SECOND_PERSON)
                counts[1] += bool(words & MODALS)
                counts[2] += bool(words & PAST) or any(w.endswith("ed") and len(w) > 4 for w in words)
                counts[3] += DIGIT.search(sentence.text) is not None
        known = _pages[doc] = tuple(c / max(total, 1) for c in counts)
    return known


def cue(column: int, high: bool) -> str:
    """What feature `column` says of a figure, in words: its value is above the mean or below."""
    above, below = CUES[FEATURES[column]]
    return above if high else below
