"""Sentence splitting that abbreviations and initials do not fool."""

from __future__ import annotations

import pytest

from newslint.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Xi met Putin. They signed deals.", ["Xi met Putin.", "They signed deals."]),
        (
            "President Vladimir V. Putin of Russia met Xi. It was cordial.",
            ["President Vladimir V. Putin of Russia met Xi.", "It was cordial."],
        ),
        ("The U.S. Treasury responded. Markets fell.", ["The U.S. Treasury responded.", "Markets fell."]),
        ("Dr. Smith and Mr. Jones spoke on Nov. 19. Both agreed.", ["Dr. Smith and Mr. Jones spoke on Nov. 19.", "Both agreed."]),
        ('He said no. "We will win!" she said.', ["He said no.", '"We will win!" she said.']),
        ("He ranked No. 5 in the poll.", ["He ranked No. 5 in the poll."]),
        # a page or chapter number after its abbreviation: a citation, not a sentence's end
        ("Clausewitz, p. 84 and Book Six. Ibid.", ["Clausewitz, p. 84 and Book Six.", "Ibid."]),
        ("Is it over? Not yet.", ["Is it over?", "Not yet."]),
        ("No closing full stop", ["No closing full stop"]),
        # A number with a decimal point is not an abbreviation.
        ("The stock is down 1.8%. Lowe's reports Wednesday.", ["The stock is down 1.8%.", "Lowe's reports Wednesday."]),
        ("It made $2.53 a share. Analysts expected more.", ["It made $2.53 a share.", "Analysts expected more."]),
        # An initialism ends the sentence before a word that only opens sentences.
        (
            "Xi navigates trade relations with the U.S. Together, they assert their roles.",
            ["Xi navigates trade relations with the U.S.", "Together, they assert their roles."],
        ),
        ("The call is at 9 a.m. The results follow.", ["The call is at 9 a.m.", "The results follow."]),
        ("The call is at 9 a.m. ET on Tuesday.", ["The call is at 9 a.m. ET on Tuesday."]),
        ("Films by J.J. Abrams did well.", ["Films by J.J. Abrams did well."]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert texts(text) == expected


def test_offsets_point_into_the_text():
    text = "One sentence here.  Another one."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
