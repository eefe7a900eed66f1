"""Retrieval's pure rules on hand-made passages: a page-split paragraph answers whole."""

from __future__ import annotations

from assistant.retrieval import _diversify, _score_split_paragraphs, page_split_halves
from assistant.types import Chunk, DocumentMeta, Hit


def chunk(ordinal: int, page: int, paragraph: str | None, document: str = "a.pdf",
          kind: str = "paragraph") -> Chunk:
    return Chunk(f"{document}-{ordinal}", document, f"text {ordinal}", page, paragraph,
                 "Introduction", kind, ordinal)


def hit(c: Chunk, score: float) -> Hit:
    return Hit(c, DocumentMeta(c.document, "A report"), score)


def test_the_parts_of_a_paragraph_cut_by_a_page_break_are_paired_and_no_others() -> None:
    chunks = [chunk(0, 1, "3"), chunk(1, 1, "4"), chunk(2, 2, "4"), chunk(3, 2, "5"),
              chunk(4, 3, None), chunk(5, 4, None)]
    assert page_split_halves(chunks, [2], None) == {(1, 2)}
    assert page_split_halves(chunks, [1], None) == {(1, 2)}
    assert page_split_halves(chunks, [3, 4], None) == set()  # paragraph 5 / unnumbered text
    assert page_split_halves(chunks, [2], [True, False, True, True, True, True]) == set()
    # another document's paragraph 4 on the next page is not this one's
    other = [chunk(0, 1, "4"), chunk(0, 2, "4", document="b.pdf")]
    assert page_split_halves(other, [0, 1], None) == set()
    # a table under paragraph 4 on the next page is not the paragraph going on
    table = [chunk(0, 1, "4"), chunk(1, 2, "4", kind="table")]
    assert page_split_halves(table, [0], None) == set()
    # its words over the page, without the number, are text: the same paragraph
    prose = [chunk(0, 1, "4"), chunk(1, 2, "4", kind="text")]
    assert page_split_halves(prose, [0], None) == {(0, 1)}
    # a paragraph over three pages: its middle part pairs with both
    three = [chunk(0, 1, "4"), chunk(1, 2, "4"), chunk(2, 3, "4")]
    assert page_split_halves(three, [1], None) == {(0, 1), (1, 2)}


def test_a_split_paragraphs_weaker_half_is_kept_beside_its_other_half() -> None:
    """Four better passages of one report would crowd out the half that holds the answer
    ("Reasons 1 and 5 ... were assessed as valid"); the halves count as one paragraph."""
    first, second = chunk(1, 1, "4"), chunk(2, 2, "4")
    others = [chunk(i, 3, str(i)) for i in range(10, 14)]
    hits = [hit(second, 0.80), hit(first, 0.30)] + [hit(c, 0.7 - i / 100)
                                                     for i, c in enumerate(others)]
    partner = {first.id: {second.id}, second.id: {first.id}}
    _score_split_paragraphs(hits, partner)
    hits.sort(key=lambda h: -h.score)
    chosen = _diversify(hits, 10, 4, partner)
    assert [h.chunk.id for h in chosen[:2]] == [second.id, first.id]
    assert abs(chosen[1].score - 0.76) < 1e-9
    assert len(chosen) == 5  # the two halves and three other passages of the report
    assert len(_diversify(hits, 10, 4)) == 4


def test_a_paragraph_over_three_pages_takes_one_place() -> None:
    parts = [chunk(1, 1, "4"), chunk(2, 2, "4"), chunk(3, 3, "4")]
    others = [chunk(i, 5, str(i)) for i in range(10, 14)]
    hits = [hit(parts[1], 0.9), hit(parts[0], 0.2), hit(parts[2], 0.1)] + [
        hit(c, 0.5) for c in others]
    partner = {parts[0].id: {parts[1].id}, parts[1].id: {parts[0].id, parts[2].id},
               parts[2].id: {parts[1].id}}
    _score_split_paragraphs(hits, partner)
    hits.sort(key=lambda h: -h.score)
    chosen = _diversify(hits, 10, 4, partner)
    assert {h.chunk.id for h in chosen[:3]} == {p.id for p in parts}
    assert len(chosen) == 6  # the paragraph's three parts and three other passages


def test_the_passages_beside_the_leading_ones_are_read_too() -> None:
    """Kent's JHOSC report: 5.3 is found, 5.2 beside it holds the answer. Neighbours come
    from the same document only, once each, scored a little below the passage they are
    beside; passages below the leading three bring none."""
    import numpy as np

    from assistant.answering import NEIGHBOUR_SHARE, neighbours
    from assistant.index import Snapshot
    from assistant.keyword import KeywordIndex

    chunks = [chunk(0, 5, "5.1"), chunk(1, 5, "5.2"), chunk(2, 5, "5.3"),
              chunk(0, 1, "1", document="b.pdf"), chunk(1, 1, "2", document="b.pdf"),
              chunk(2, 2, "3", document="b.pdf"), chunk(3, 2, "4", document="b.pdf")]
    snap = Snapshot("v", chunks, {}, KeywordIndex([c.text for c in chunks]),
                    {c.id: i for i, c in enumerate(chunks)},
                    np.array([c.document for c in chunks], dtype=object), [], {}, {}, {})
    hits = [hit(chunks[2], 1.0), hit(chunks[1], 0.9), hit(chunks[3], 0.8), hit(chunks[6], 0.7)]
    found = neighbours(hits, snap)
    assert [h.chunk.id for h in found] == ["a.pdf-0", "b.pdf-1"]  # not "5.3"'s b.pdf-0 after it
    assert found[0].score == 0.9 * NEIGHBOUR_SHARE and found[1].score == 0.8 * NEIGHBOUR_SHARE
