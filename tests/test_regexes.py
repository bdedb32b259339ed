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


def test_every_pattern_of_the_shipped_pack_would_load_as_a_user_pattern():
    """A user who copies a pack rule into their own rule file gets it accepted."""
    from newslint import rules

    checked = 0
    for rule in rules.load([]):
        compiled = rule.params.compiled if rule.kind == "pattern" else ()
        compiled += getattr(rule.params, "skip", ()) + getattr(rule.params, "headers", ()) + getattr(rule.params, "neighbours", ())
        for pattern in compiled:
            if isinstance(pattern, regexes.Pattern):
                checked += 1
                assert backtracking.runaway_shape(pattern.pattern, pattern.flags) is None, (rule.id, pattern.pattern)
    assert checked > 100


def test_every_lazy_pattern_of_the_shipped_pack_compiles_with_the_flags_it_claims():
    """The pack's patterns compile on first use: each must compile, and the `flags` the loader,
    prefilter and gate read before that must be those of the compiled pattern."""
    from newslint import rules

    rules.load([])
    lazy = list(regexes._lazy.values())
    assert len(lazy) > 100
    for pattern in lazy:
        compiled = regexes.regex.compile(pattern.pattern, pattern.given)
        assert pattern.flags == compiled.flags, pattern.pattern
        assert pattern.groups == compiled.groups


def test_a_lazy_pattern_finds_what_the_compiled_one_finds_and_survives_pickling():
    with regexes.trusted():
        pattern = regexes.compile(r"\bsign\s+up\b", regexes.IGNORECASE)
    assert isinstance(pattern, regexes.Lazy)
    assert regexes.search(pattern, "Please SIGN  up now").span() == (7, 15)
    copy = pickle.loads(pickle.dumps(pattern))
    assert copy.pattern == pattern.pattern and copy.flags == pattern.flags
    assert regexes.search(copy, "sign up").group(0) == "sign up"


def test_a_bad_user_pattern_fails_when_it_loads_not_when_it_first_runs():
    with pytest.raises(regexes.error):
        regexes.compile("(unclosed")


def test_every_module_pattern_compiled_on_first_use_claims_what_re_compile_gives():
    """Module-level `re` patterns of the kinds and the line features are `lazy_re`s (compiled on
    first use, from remembered code after the first run): each must claim the `pattern` and
    `flags` re.compile gives it (the gate reads them before any compiles), and be that pattern."""
    import re
    import sys

    import newslint.kinds  # noqa: F401 (every kind, and the line features, imported)

    found = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("newslint"):
            found.update({f"{name}.{attr}": value for attr, value in vars(module).items() if isinstance(value, regexes.LazyRe)})
    assert {"newslint.line_features.MONTH", "newslint.kinds.numeric_claim.TOKEN", "newslint.kinds.figure_consistency.PERCENT"} <= set(found)
    for name, pattern in found.items():
        compiled = re.compile(pattern.pattern, pattern.given)
        assert (pattern.pattern, pattern.flags) == (compiled.pattern, compiled.flags), name
        assert pattern._compile() == compiled, name
