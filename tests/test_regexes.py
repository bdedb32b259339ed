"""How user patterns are guarded: a runaway shape is refused when it compiles, and each call
of what passes has its own time limit; the shipped pack's patterns run plain."""

import pickle
import threading

import pytest

from newslint import backtracking, regexes

RUNAWAY_UNREAD = r"(a|aa)+\p{N}"  # exponential on a run of a's; \p{N} is beyond re's parser
TRAP = "a" * 40 + "b"


@pytest.mark.parametrize("source", [r"(a+)+$", r"(a|aa)+$", r"(\w+\s?)+$", r"(a*)*b", r"(\s*\w+)+x", r"^(\d+,?)+$", r"(.*,)+x"])
def test_runaway_shapes_are_named(source):
    assert backtracking.runaway_shape(source) is not None
    with pytest.raises(regexes.UnsafePattern):
        regexes.compile(source)


@pytest.mark.parametrize("source", [r"(\w+\s)+", r"\b(\d+) people\b", r"(?:\w+ )+end", r"(a|b)+", r"(?>a+)+", r"(a++)+",
                                    r"^\W*(?:skip to content)\W*$", r"(?:\d{1,3},)+\d{3}", r".*a.*b"])
def test_linear_and_polynomial_shapes_pass(source):
    assert backtracking.runaway_shape(source) is None
    assert regexes.is_guarded(regexes.compile(source))


def test_the_advice_fits_the_cause():
    assert "bound them" in backtracking.advice(r".*a.*b")
    assert "cannot read its shape" in backtracking.advice(RUNAWAY_UNREAD)
    assert "too much work" in backtracking.advice(r"\bword\b")


def test_a_guarded_runaway_call_is_stopped_and_names_its_pattern(monkeypatch):
    monkeypatch.setattr(regexes, "BASE_TIMEOUT", 0.2)
    pattern = regexes.compile(RUNAWAY_UNREAD)
    with pytest.raises(regexes.PatternTimeout) as stopped:
        regexes.search(pattern, TRAP)
    assert stopped.value.pattern == RUNAWAY_UNREAD


def test_guarded_calls_find_what_plain_ones_find():
    guarded = regexes.compile(r"\b(\d+) people\b")
    with regexes.trusted():
        plain = regexes.compile(r"\b(\d+) people\b")
    assert not regexes.is_guarded(plain)
    for pattern in (guarded, plain):
        assert [m.group(1) for m in regexes.finditer(pattern, "12 people and 30 people")] == ["12", "30"]
        assert regexes.match(pattern, "7 people").group(1) == "7"
        assert regexes.subn(pattern, "N", "9 people") == ("N", 1)
        assert regexes.fullmatch(pattern, "9 people") is not None
        assert pattern.groups == 1


def test_a_guarded_pattern_survives_pickling_for_the_worker_processes():
    pattern = pickle.loads(pickle.dumps(regexes.compile(r"a+b", regexes.IGNORECASE)))
    assert regexes.is_guarded(pattern) and pattern.flags & regexes.IGNORECASE
    assert regexes.search(pattern, "xAAb").group(0) == "AAb"


def test_off_the_main_thread_the_limit_holds_too(monkeypatch):
    """No signal: the per-call limit works on any thread."""
    monkeypatch.setattr(regexes, "BASE_TIMEOUT", 0.2)
    raised: list[BaseException] = []
    pattern = regexes.compile(RUNAWAY_UNREAD)

    def run() -> None:
        try:
            regexes.search(pattern, TRAP)
        except regexes.PatternTimeout as err:
            raised.append(err)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    assert [err.pattern for err in raised] == [RUNAWAY_UNREAD]


def test_a_union_of_user_patterns_is_guarded():
    joined = regexes.union([regexes.compile("^a"), regexes.compile("^b")])
    assert regexes.is_guarded(joined) and regexes.match(joined, "b")
