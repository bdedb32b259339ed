"""The one rule for unrepresentable text (safe_text): escapes, as text, what a format cannot carry."""

from newslint.safe_text import printable, printable_text, representable


def test_lone_surrogate_becomes_its_escape_and_encodes():
    assert representable("a\ud800b") == "a\\ud800b"
    representable("x\udcff").encode("utf-8")


def test_plain_text_is_unchanged():
    for text in ("plain", "Café — “quoted”", ""):
        assert representable(text) == text
        assert printable(text) == text
        assert printable_text(text) == text


def test_terminal_escape_and_bell_are_written_as_text():
    assert printable("\x1b]0;owned\x07") == "\\x1b]0;owned\\x07"


def test_newline_in_a_name_stays_on_one_line():
    assert printable("a\nb.txt") == "a\\nb.txt"


def test_bidi_override_is_visible():
    assert printable("abc\u202edef") == "abc\\u202edef"


def test_text_keeps_tabs_and_newlines_but_not_escapes():
    assert printable_text("a\tb\nc\x1b") == "a\tb\nc\\x1b"
