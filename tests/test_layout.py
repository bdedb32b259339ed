"""layout: where the article's prose runs inside a scraped page."""

from __future__ import annotations

from conftest import CORPUS, make_doc
from hypothesis import given, strategies as st
from newslint import document, layout

PAGE = """
We've detected you are on Internet Explorer. For the best experience, please update to a modern browser.
Subscribe
By Al Root
Shares of Home Depot are dropping in premarket trading after the company cut its sales guidance.
Home Depot reported $2.53 in per-share earnings for the third quarter, above Wall Street's forecast.
Our ruling
The company's management said comparable-store sales would grow about 3.5% this year.
Write to Al Root
"""


def positions(doc) -> dict[int, str]:
    span = layout.article_span(doc, 10)
    return {block.line: layout.position(block, span) for block in doc.blocks}


def test_the_article_runs_from_the_first_to_the_last_prose_block_in_company():
    # the browser notice is a sentence, but no other prose follows it closely
    assert positions(make_doc(PAGE)) == {
        1: "lead", 2: "lead", 3: "lead", 4: "body", 5: "body", 6: "body", 7: "body", 8: "tail",
    }


def test_isolated_prose_blocks_still_make_an_article():
    doc = make_doc("Menu\n\nThe minister said on Monday the plan would be published next year.\n\nShare\n")
    assert positions(doc) == {1: "lead", 3: "body", 5: "tail"}


def test_a_document_without_prose_is_all_body():
    doc = make_doc("Home\nNews\nSport\n")
    assert layout.article_span(doc, 10) is None
    assert set(positions(doc).values()) == {"body"}


def test_is_prose_needs_length_and_a_sentence_end():
    doc = make_doc("The statement called for a multipolar world order and deeper trade.\n\nMilitary and Security Ties\n\nIt said “we are true friends of steel and will stay so.”\n")
    assert [layout.is_prose(b, 10) for b in doc.blocks] == [True, False, True]


def test_seed_headings_sit_inside_the_article():
    doc = document.read(CORPUS / "003_4d3af3daa9de9abb.txt")
    span = layout.article_span(doc, 10)
    assert {layout.position(b, span) for b in doc.blocks if b.line in (2, 5, 31)} == {"body"}


@given(st.text(alphabet=".!?…\"'”’)] \u2003abc\n", max_size=12))
def test_the_end_of_a_sentence_is_read_from_the_end_alone_as_the_regex_reads_it(text):
    assert layout.ends_sentence(text) == bool(layout.SENTENCE_END.search(text))
