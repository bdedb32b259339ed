"""The Hyperscan gate (scan.py): it only ever rules out regexes that cannot match, so findings are the
same with it, without it (the fallback where hyperscan cannot be installed), and whatever it caches."""

from __future__ import annotations

import gc
import weakref
from dataclasses import dataclass

import pytest
from hypothesis import given, settings, strategies as st

from conftest import CORPUS, ROOT, load_bench
from newslint import document, linter, rules, scan


@pytest.fixture
def gate(monkeypatch, tmp_path):
    """The gate on from the first document, its compiled database cached in a directory of this test's."""
    monkeypatch.setenv("NEWSLINT_GATE_CACHE", str(tmp_path / "gate"))
    monkeypatch.setattr(scan, "GATE_AFTER", 0)
    monkeypatch.setattr(scan, "_last", None)
    return scan


def pack_patterns() -> list:
    scan.select(rule.params for rule in rules.load([]))  # the default pack's regexes in the gate
    return list(scan._patterns)


@dataclass(frozen=True, eq=False)
class Lines:
    """What scan reads of a document: its lines and its blocks' texts."""

    lines: tuple[str, ...]
    blocks: tuple = ()


def one_line(text: str) -> Lines:
    return Lines(lines=(text,))


def bench_articles(count: int) -> list[str]:
    speed = load_bench("speed")
    writer = speed.Writer(speed.SEED)
    return [writer.article() for _ in range(count)]


SEED_LINES = sorted({line.strip() for path in CORPUS.glob("*.txt") for line in path.read_text("utf-8").splitlines()} - {""})


def test_every_pattern_of_the_default_pack_gets_a_relaxation():
    patterns = pack_patterns()
    assert len(patterns) > 100
    missing = [p.pattern for p in patterns if scan.relaxed(p.pattern, p.flags) is None]
    assert missing == []


def test_a_ruled_out_pattern_matches_no_line_of_the_seed_corpus(gate):
    patterns = pack_patterns()
    ruled = 0
    for line in SEED_LINES:
        out = gate.ruled_out(one_line(line))
        ruled += len(out)
        assert not [p.pattern for p in out if p.search(line)], line
    assert ruled > len(SEED_LINES) * len(patterns) // 2  # the gate does rule most patterns out


# Characters the two engines could class differently, and the pack's own furniture words.
ALPHABET = st.sampled_from(list("aeiouKksSzZ019 ,.:;!?-_'\"()[]#@%$€£•·–—’“”\u00a0\u2009éÉßçñøΩжЖ٣\t") + [
    "Skip to content", "Read more", "READ MORE:", "Share this article", "Follow us", "according to", " said ",
    "million", "per cent", "2024", "May 11", "10:30 a.m.", "Photo: ", "Getty Images", "©", "Subscribe",
])


@pytest.fixture(scope="module", autouse=True)
def registered():
    pack_patterns()


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(ALPHABET, max_size=25), seed_line=st.sampled_from(SEED_LINES))
def test_a_ruled_out_pattern_never_matches_the_text(pieces, seed_line):
    scan.GATE_AFTER, saved = 0, scan.GATE_AFTER
    try:
        for text in ("".join(pieces), seed_line + " " + "".join(pieces), "".join(pieces) + seed_line):
            out = scan.ruled_out(one_line(text))
            assert not [p.pattern for p in out if p.search(text)], text
    finally:
        scan.GATE_AFTER = saved


def test_text_the_argument_does_not_cover_is_never_gated(gate):
    assert gate.ruled_out(one_line("Some 27 million lives")) != scan.NOTHING  # plain text is gated
    for text in ("The \u212aelvin sign", "digits \u0663\u0664 beyond ASCII", "a \x1c control"):
        assert gate.ruled_out(one_line(text)) == scan.NOTHING, text


def lint_json(docs, ruleset) -> list:
    return [finding for finding in linter.lint(docs, ruleset).findings]


def test_findings_are_the_same_with_the_gate_and_on_the_fallback_path(gate, monkeypatch, tmp_path):
    ruleset = rules.load([])
    docs = [document.read(p, f"corpus/{p.name}") for p in sorted(CORPUS.glob("*.txt"))]
    docs += [document.parse(text, f"bench/article-{n:03d}.txt") for n, text in enumerate(bench_articles(150))]
    monkeypatch.setattr(scan, "_last", None)
    gated = lint_json(docs, ruleset)
    assert any(gate.ruled_out(doc) for doc in docs)
    monkeypatch.setattr(scan, "AVAILABLE", False)
    monkeypatch.setattr(scan, "_last", None)
    assert all(scan.ruled_out(doc) == scan.NOTHING for doc in docs[:3])
    fallback = lint_json(docs, ruleset)
    assert len(gated) > 100
    assert gated == fallback


def test_the_compiled_database_is_cached_and_read_back(gate, tmp_path):
    pack_patterns()
    gate._built_for = None
    gate._build()
    written = list((tmp_path / "gate").glob("gate-*.hsdb"))
    assert len(written) == 1
    text = "Skip to content. Some 27 million Soviet lives were lost, he said."
    before = gate._scan(one_line(text))
    gate._built_for = None
    relax = gate.conditions
    gate.conditions = None  # read from the file: no pattern is relaxed again
    try:
        gate._build()
    finally:
        gate.conditions = relax
    assert gate._scan(one_line(text)) == before
    assert list((tmp_path / "gate").glob("gate-*.hsdb")) == written
    written[0].write_bytes(b"not a database")
    gate._built_for = None
    gate._build()  # a damaged file is compiled again
    assert gate._scan(one_line(text)) == before
    data = written[0].read_bytes()  # one byte of the database changed: never loaded, compiled again
    at = len(data) - 100
    written[0].write_bytes(data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1:])
    from newslint import user_cache

    assert user_cache.read_bytes(written[0].name) is None
    gate._built_for = None
    gate._build()
    assert gate._scan(one_line(text)) == before
    assert user_cache.read_bytes(written[0].name) is not None  # written whole again


def test_a_pattern_ruled_out_in_a_block_matches_none_of_its_units(gate):
    patterns = pack_patterns()
    docs = [document.read(p) for p in sorted(CORPUS.glob("*.txt"))]
    docs += [document.parse(text, f"article-{n}.txt") for n, text in enumerate(bench_articles(20))]
    skipped = 0
    for doc in docs:
        for block, out in zip(doc.blocks, gate.ruled_out_by_block(doc)):
            skipped += len(out)
            units = [block.text, block.content, *(s.text for s in block.sentences)]
            units += [doc.lines[n - doc.first_line].strip() for n in range(block.line, block.end_line + 1)]
            for unit in units:
                assert not [p.pattern for p in out if p.search(unit)], unit
    assert skipped > len(patterns) * len(docs)


def test_a_block_whose_text_its_lines_do_not_hold_is_scanned_with_both(gate):
    # A wrapped bullet's text joins its lines with a space: neither holds the other, so the
    # gate scans its text and its lines. "Facebook and Twitter" is in the text only.
    from conftest import rule_from_yaml

    wrapping = rule_from_yaml(
        """
        id: share-wrapped
        kind: pattern
        category: boilerplate
        severity: warning
        message: '{match}'
        scope: block
        patterns: ['Facebook and Twitter', 'Instagram']
        """
    )
    scan.select([wrapping.params])
    doc = document.parse(
        "Council budget\n\n"
        "• Share this article on Facebook\n  and Twitter, 12 shares.\n\n"
        "The council approved a budget of $12 million on Monday, officials said.\n",
        "wrapped.txt",
    )
    bullet = doc.blocks[1]
    assert bullet.text not in "\n".join(doc.lines[bullet.line - 1 : bullet.end_line])
    by_block = gate.ruled_out_by_block(doc)
    assert [sorted(p.pattern for p in out) for out in by_block] == [
        ["Facebook and Twitter", "Instagram"], ["Instagram"], ["Facebook and Twitter", "Instagram"]]


def test_the_gate_remembers_its_last_document_without_keeping_it_alive(gate):
    # A huge file's windows are documents of megabytes: held by the gate's memo, the last one
    # stayed alive while the next was built.
    doc = one_line("Some 27 million lives")
    assert gate.ruled_out(doc) is gate.ruled_out(doc)  # asked twice, scanned once
    gone = weakref.ref(doc)
    del doc
    gc.collect()
    assert gone() is None


# --- lookarounds: what a pattern looks at is a condition too --------------------------------

LOOKAROUND_PATTERNS = [
    r"\d(?<=_[\w.-]{0,40}\d)|\d(?=[\w.-]{0,40}_)|\b[A-Z]{2,}/\d+\b",  # a figure inside an identifier
    r"\b(?:three|four|42)\b(?:(?<=\b(?:I|[Hh]e)\s+(?:was|is)\s+(?:three|four|42))(?=\s*[,.])|(?<=\bwe\s+were\s+(?:three|four|42)))",
    r"(?<=\S\s)[A-Z][\w&]*\s\d+\b(?![-–]\d)",
    r"(?i:\ban?\s+)\d{1,2}(?=\s*(?:[,;(]|for\b|out\b))",
    r"(?<=(?<![\w'])[A-Za-z]+\s)\d+(?=\s*(?:[,;]|\.\s|$))",
    r"a(?<=a(?=bc))b",  # a lookahead inside a lookbehind sees past it: "abc" must not be required of "ab"
    r"x(?=y(?<=xy))",
    r"(?:(?<=q)u|v)w(?=z)?",
]


@dataclass(frozen=True)
class Owner:
    """A stand-in for a rule's params: what scan.register keys a rule's regexes by."""

    name: str


@pytest.fixture
def lookarounds(gate):
    import regex

    owner = Owner("lookarounds")
    patterns = [regex.compile(p) for p in LOOKAROUND_PATTERNS]
    scan.register(owner, *patterns)
    scan.select([owner])
    yield patterns
    pack_patterns()  # the pack's regexes again for the other tests


def test_a_pattern_with_lookarounds_gets_a_second_condition_that_reads_them():
    identifier = scan.conditions(LOOKAROUND_PATTERNS[0])
    assert len(identifier) == 2
    assert "\\x5f" in identifier[1] and "\\x5f" not in identifier[0]  # the underscore it looks for
    assert scan.conditions(r"\bSkip to content\b") == (scan.relaxed(r"\bSkip to content\b"),)  # nothing more to read


def test_a_lookaround_pattern_is_ruled_out_where_only_what_it_looks_at_is_missing(lookarounds):
    identifier, ages, *_ = lookarounds
    plain = "Some 27 million lives were lost, he said."
    assert identifier in scan.ruled_out(one_line(plain))  # a digit, but no underscore and no "AB/1"
    assert identifier not in scan.ruled_out(one_line("See file_2024.pdf"))
    assert ages in scan.ruled_out(one_line("Three people and 42 cars were counted."))
    assert ages not in scan.ruled_out(one_line("He was 42, and retired."))


LOOK_ALPHABET = st.sampled_from(list("abcqxyzuvw _-.,ABC0142") + ["I was ", "he is ", "we were ", "three", "four", " a ", "for"])


LOOKAROUND_OWNER = Owner("lookarounds, for hypothesis")
LOOKAROUND_REGEXES = [__import__("regex").compile(p) for p in LOOKAROUND_PATTERNS]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(LOOK_ALPHABET, max_size=14))
def test_a_lookaround_pattern_ruled_out_never_matches(pieces):
    patterns = LOOKAROUND_REGEXES
    scan.register(LOOKAROUND_OWNER, *patterns)
    scan.select([LOOKAROUND_OWNER])
    scan.GATE_AFTER, saved = 0, scan.GATE_AFTER
    try:
        text = "".join(pieces)
        out = scan.ruled_out(one_line(text))
        assert len(out) + sum(bool(p.search(text)) for p in patterns) >= 1  # the gate is on: it rules out, or they match
        assert not [p.pattern for p in patterns if p in out and p.search(text)], text
    finally:
        scan.GATE_AFTER = saved
        pack_patterns()
