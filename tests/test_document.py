"""Blocks and their line spans, in the three layouts news text comes in."""

from __future__ import annotations

import pytest

from newslint import document
from newslint.errors import UserError

from conftest import CORPUS, make_doc


def spans(doc: document.Document) -> list[tuple[int, int, str]]:
    return [(b.line, b.end_line, b.role) for b in doc.blocks]


def test_one_paragraph_per_line():
    doc = make_doc(
        """
        Putin and Xi Strengthen Ties
        In a pivotal meeting in Moscow, Putin and Xi emphasize their collaboration in navigating global uncertainties while highlighting the significance of historical legacy.
        Their discussions coincided with a broader geopolitical context, as both leaders grapple with the unpredictable nature of events.
        """
    )
    assert spans(doc) == [(1, 1, "paragraph"), (2, 2, "paragraph"), (3, 3, "paragraph")]


def test_paragraphs_separated_by_blank_lines():
    doc = make_doc(
        """
        11

        May

        Victory Day Meeting: Reflections on the Xi-Putin Alliance

        Chinese President Xi Jinping attended Russia's Victory Day celebrations.
        """
    )
    assert spans(doc) == [(1, 1, "paragraph"), (3, 3, "paragraph"), (5, 5, "paragraph"), (7, 7, "paragraph")]


def test_hard_wrapped_paragraphs_are_one_block_each():
    doc = make_doc(
        """
        # Xi in Moscow

        Chinese President Xi Jinping arrived in Moscow on Wednesday with a large
        delegation of officials and business leaders, and will be the guest of
        honour at the Red Square parade on Friday.

        Since the 2022 invasion of Ukraine, China and Russia have forged a
        stronger bond, although Beijing presents itself as a neutral party.
        """
    )
    assert spans(doc) == [(1, 1, "heading"), (3, 5, "paragraph"), (7, 8, "paragraph")]
    assert doc.blocks[1].text.startswith("Chinese President Xi Jinping arrived in Moscow on Wednesday with a large delegation")


def test_short_navigation_lines_stay_separate_blocks():
    doc = make_doc(
        """
        Home
        World
        Business
        Subscribe to our newsletter for the latest headlines every day
        Markets Rally as Central Bank Holds Rates Steady Through Summer
        """
    )
    assert [b.line for b in doc.blocks] == [1, 2, 3, 4, 5]


def test_bullets_and_headings_are_blocks_of_their_own():
    doc = make_doc(
        """
        ## Key points
          • Xi Jinping
          • Vladimir Putin
        - a dash bullet
        1. a numbered item
        A closing paragraph.
        """
    )
    assert spans(doc) == [
        (1, 1, "heading"),
        (2, 2, "bullet"),
        (3, 3, "bullet"),
        (4, 4, "bullet"),
        (5, 5, "bullet"),
        (6, 6, "paragraph"),
    ]
    assert doc.blocks[1].content == "Xi Jinping"
    assert doc.blocks[1].column == 3
    assert doc.blocks[0].content == "Key points"


def test_front_matter_is_skipped_but_line_numbers_are_the_files():
    doc = make_doc(
        """
        ---
        title: Xi in Moscow
        date: 2025-05-08
        ---

        Skip to content
        """
    )
    assert spans(doc) == [(6, 6, "paragraph")]
    assert doc.first_body_line == 5


def test_locate_maps_an_offset_to_line_and_column_in_wrapped_text():
    doc = make_doc(
        """
        Chinese President Xi Jinping arrived in Moscow on Wednesday with a large
        delegation of officials and business leaders, and will be the guest of
        """
    )
    block = doc.blocks[0]
    assert block.locate(block.text.index("delegation")) == (2, 1)
    assert block.locate(block.text.index("Moscow")) == (1, 41)


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffFirst line\r\n\r\nSecond line\r\n".encode("utf-8"))
    doc = document.read(path)
    assert [b.text for b in doc.blocks] == ["First line", "Second line"]
    assert [b.line for b in doc.blocks] == [1, 3]


def test_non_utf8_file_is_a_user_error_naming_the_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(UserError) as caught:
        document.read(path, "latin1.txt")
    assert str(caught.value).startswith("latin1.txt:1: not valid UTF-8 (byte 0xe9 at offset 3)")


def test_seed_layouts_give_one_block_per_paragraph():
    one_per_line = document.read(CORPUS / "002_f0ad515a767d8d63.txt")
    assert [b.line for b in one_per_line.blocks] == [1, 2, *range(4, 15)]
    blank_separated = document.read(CORPUS / "004_04310c59a7f995df.txt")
    assert [b.line for b in blank_separated.blocks] == list(range(1, 52, 2))
