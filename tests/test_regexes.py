"""How a runaway user pattern is stopped: one timer per rule and document, or a limit per call."""

import threading
import time

import pytest

from newslint import regexes

RUNAWAY = regexes.compile(r"(a|aa)+$")  # exponential backtracking on a long run of a's
TRAP = "a" * 60 + "b"


def test_a_runaway_search_under_a_time_limit_is_stopped_and_names_its_pattern():
    started = time.perf_counter()
    with pytest.raises(regexes.PatternTimeout) as stopped:
        with regexes.time_limit(0.2):
            regexes.search(RUNAWAY, TRAP)
    assert stopped.value.pattern == "(a|aa)+$"
    assert time.perf_counter() - started < 30  # stopped at all: unstopped, it runs for hours


def test_searches_under_a_time_limit_find_what_they_find_without_one():
    pattern = regexes.compile(r"\b(\d+) people\b")
    with regexes.time_limit(5):
        inside = [m.group(1) for m in regexes.finditer(pattern, "12 people and 30 people")]
        assert regexes.match(pattern, "7 people").group(1) == "7"
        assert regexes.subn(pattern, "N", "9 people") == ("N", 1)
        assert regexes.fullmatch(pattern, "9 people") is not None
    assert inside == [m.group(1) for m in regexes.finditer(pattern, "12 people and 30 people")] == ["12", "30"]


def test_the_timer_is_off_once_the_limit_is_left():
    with regexes.time_limit(0.05):
        pass
    time.sleep(0.2)  # an alarm left running would raise here, or kill the process
    assert regexes.search(regexes.compile("a"), "a") is not None


def test_off_the_main_thread_each_search_keeps_its_own_limit(monkeypatch):
    monkeypatch.setattr(regexes, "BASE_TIMEOUT", 0.2)
    raised: list[BaseException] = []

    def run() -> None:
        try:
            with regexes.time_limit(0.2):  # no timer can run here: it does nothing
                regexes.search(RUNAWAY, TRAP)
        except regexes.PatternTimeout as err:
            raised.append(err)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    assert [err.pattern for err in raised] == ["(a|aa)+$"]
