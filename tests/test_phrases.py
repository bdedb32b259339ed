"""phrases.PhraseList finds exactly what the one alternation of the whole list finds."""

import pickle
import re

from hypothesis import given, settings, strategies as st

from newslint import phrases, rules

# Letters the engines fold differently (İ ı ſ K, σ/ς), spaces of several kinds, word edges.
ALPHABET = "abkisSKI \t\n\u00a0-_.'\u0130\u0131\u017f\u212a\u03c3\u03c2\u03a3é"


def full_regex(phrase_list: phrases.PhraseList) -> re.Pattern[str]:
    return re.compile(phrase_list.pattern, phrase_list.given)


def same(found, expected) -> bool:
    if found is None or expected is None:
        return found is expected
    return found.span() == expected.span() and found.group(0) == expected.group(0)


def test_the_regex_it_means_is_the_one_the_rule_always_compiled():
    listed = phrases.PhraseList(("sign up", "subscribe", "sign up now"), False, re.IGNORECASE)
    assert listed.pattern == r"(?<!\w)(?:sign\s+up\s+now|subscribe|sign\s+up)(?!\w)"
    assert listed.flags == re.compile(listed.pattern, re.IGNORECASE).flags


def test_the_longest_phrase_wins_and_spaces_stretch():
    listed = phrases.PhraseList(("sign up", "sign up now"), False, re.IGNORECASE, direct_max=0)
    assert listed.search("Please SIGN\u00a0 UP  now!").group(0) == "SIGN\u00a0 UP  now"
    assert listed.search("signup") is None
    assert listed.candidates("nothing here") == ()


def test_letters_beyond_ascii_that_fold_to_ascii_still_find_their_phrase():
    listed = phrases.PhraseList(("kit", "ski"), False, re.IGNORECASE, direct_max=0)
    for text in ("\u212ait", "\u017fki", "k\u0130t", "sk\u0131"):
        assert same(listed.search(text), full_regex(listed).search(text)), text
        assert listed.search(text) is not None, text


def test_every_phrase_list_of_the_pack_finds_what_its_regex_finds_in_the_seeds():
    from pathlib import Path

    texts = [line for path in sorted(Path("corpus").glob("*.txt")) for line in path.read_text().splitlines()]
    lists = [phrases.PhraseList(p.phrases, p.whole, p.given, direct_max) for rule in rules.load([]) if rule.kind == "pattern"
             for p in rule.params.compiled if isinstance(p, phrases.PhraseList) for direct_max in (0, phrases.DIRECT_MAX)]
    assert len(lists) >= 6
    hits = 0
    for listed in lists:
        regex = full_regex(listed)
        for text in texts:
            found = listed.search(text)
            assert same(found, regex.search(text)), (listed.pattern[:60], text)
            hits += found is not None
    assert hits > 0


def test_it_survives_pickling_for_the_worker_processes():
    listed = phrases.PhraseList(("newsletter", "follow us"), True, 0, direct_max=0)
    copy = pickle.loads(pickle.dumps(listed))
    assert copy.pattern == listed.pattern and copy.search("Follow us") is None and copy.search(" follow  us ")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(ALPHABET, min_size=0, max_size=6), min_size=1, max_size=6),
    st.text(ALPHABET, max_size=40),
    st.booleans(),
    st.booleans(),
)
def test_it_matches_the_whole_alternation_on_any_text(listed, text, whole, caseless):
    for direct_max in (0, phrases.DIRECT_MAX):  # through the automaton, and as one alternation
        phrase_list = phrases.PhraseList(tuple(listed), whole, re.IGNORECASE if caseless else 0, direct_max)
        assert same(phrase_list.search(text), full_regex(phrase_list).search(text))
