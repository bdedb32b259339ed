"""Properties of `newslint fix` on generated news-like documents (hypothesis).

A generated document mixes prose paragraphs (some hard-wrapped), headings, bullets, page furniture that
the default pack flags, tag lists and copies of earlier paragraphs, in either layout
(one paragraph per line or blank-line separated), LF or CRLF, with or without a final
newline. Whatever the mix:
- one pass cuts only lines that a fixable finding of that text names (blank lines
  aside, which a cut may leave behind);
- the full fix is that pass repeated until nothing changes, so every cut was named;
- the kept lines are the original lines, in their order (a subsequence);
- fixing the result changes nothing, and check then reports no fixable finding.
"""

from __future__ import annotations

import os
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint import document, fix, linter, rules

# NEWSLINT_EXAMPLES=2000 for a longer hunt than the suite's default.
EXAMPLES = int(os.environ.get("NEWSLINT_EXAMPLES", "120"))
RULESET = rules.load([])
# Every fixable rule, safe and unsafe: the properties hold for `fix --unsafe-fixes`, the larger cut.
FIXABLE = {rule.id for rule in RULESET if rule.fixable}
WORDS = (
    "the summit in moscow ended with a joint statement on trade energy and security "
    "while leaders of china and russia praised their partnership amid tension over ukraine "
    "officials said talks would continue next month as sanctions weigh on both economies"
).split()
FURNITURE = [
    "Skip to content", "Read also:", "Latest", "Leave a Reply", "Table of Contents", "Menu",
    "11", "May", "Follow us on Google News", "Share this article", "RELATED", "Posts",
    "Your email address will not be published. Required fields are marked *",
]
TAGS = ["• Russia", "• China", "• Xi Jinping", "• Vladimir Putin", "• Ukraine", "• World War II"]

prose = st.lists(st.sampled_from(WORDS), min_size=3, max_size=40).map(lambda w: " ".join(w).capitalize() + ".")
item = st.one_of(
    prose,
    prose,
    st.sampled_from(FURNITURE),
    prose.map(lambda p: "## " + p[:60]),
    prose.map(lambda p: "  • " + p),
    # a hard-wrapped paragraph (Markdown style): one block over several lines
    st.lists(st.sampled_from(WORDS), min_size=20, max_size=50).map(lambda w: "\n".join(textwrap.wrap("The " + " ".join(w) + ".", 60))),
    st.lists(st.sampled_from(TAGS), min_size=3, max_size=6).map("\n".join),
    st.just(""),
)


@st.composite
def documents(draw) -> str:
    items = draw(st.lists(item, min_size=1, max_size=20))
    # Copies of earlier items, inserted later: exact repeats and repeated titles.
    for _ in range(draw(st.integers(0, 4))):
        source = draw(st.integers(0, len(items) - 1))
        target = draw(st.integers(source + 1, len(items)))
        items.insert(target, items[source])
    separator = draw(st.sampled_from(["\n", "\n\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = separator.join(items)
    if draw(st.booleans()):
        text += "\n"
    return text.replace("\n", newline)


def source_of(text: str) -> document.Source:
    return document.Source(path="doc.txt", text=text, encoding="utf-8")


def named_lines(text: str) -> set[int]:
    report = linter.lint([document.parse(text, "doc.txt")], RULESET)
    return {n for f in report.findings if f.rule in FIXABLE for n in range(f.line, f.end_line + 1)}


def fixed(text: str, passes: int = fix.MAX_PASSES) -> fix.FileFix:
    fixes, errors = fix.plan([source_of(text)], RULESET, passes=passes, unsafe=True)
    assert errors == []
    return fixes[0]


def bare(line: str) -> str:
    return line.removesuffix("\r")


def body_lines(text: str) -> list[str]:
    """The lines of a text without their line endings."""
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [bare(line) for line in lines]


SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents())
def test_one_pass_cuts_only_named_lines_and_blank_lines(text):
    result = fixed(text, passes=1)
    lines = text.split("\n")
    named = named_lines(text)
    for cut in result.cuts:
        assert cut.line in named or not lines[cut.line - 1].strip(), (cut, lines[cut.line - 1])
        assert (cut.rule in FIXABLE) == (cut.line in named)


@SETTINGS
@given(documents())
def test_the_full_fix_is_the_single_pass_repeated(text):
    current = text
    for _ in range(fix.MAX_PASSES):
        step = fixed(current, passes=1)
        if not step.changed:
            break
        current = step.fixed
    assert fixed(text).fixed == current


@SETTINGS
@given(documents())
def test_the_result_is_the_original_without_the_cut_lines(text):
    result = fixed(text)
    cut = {c.line for c in result.cuts}
    kept = [line for n, line in enumerate(body_lines(text), 1) if n not in cut]
    assert body_lines(result.fixed) == kept
    if kept:
        assert result.fixed.endswith("\n") == text.endswith("\n")
        assert ("\r\n" in result.fixed) == ("\r\n" in text) or len(kept) == 1


@SETTINGS
@given(documents())
def test_kept_text_is_a_subsequence_of_the_original(text):
    remaining = iter(body_lines(text))
    for line in body_lines(fixed(text).fixed):
        assert any(line == candidate for candidate in remaining), line


@SETTINGS
@given(documents())
def test_fix_is_idempotent_and_leaves_no_fixable_finding(text):
    once = fixed(text).fixed
    assert fixed(once).changed is False
    assert named_lines(once) == set()
