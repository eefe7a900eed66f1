"""Retrieval's pure rules on hand-made passages: a page-split paragraph answers whole."""

from __future__ import annotations

from assistant.retrieval import _diversify, _score_split_paragraphs, page_split_halves
from assistant.types import Chunk, DocumentMeta, Hit


def chunk(ordinal: int, page: int, paragraph: str | None, document: str = "a.pdf") -> Chunk:
    return Chunk(f"{document}-{ordinal}", document, f"text {ordinal}", page, paragraph,
                 "Introduction", "paragraph", ordinal)


def hit(c: Chunk, score: float) -> Hit:
    return Hit(c, DocumentMeta(c.document, "A report"), score)


def test_the_halves_of_a_paragraph_cut_by_a_page_break_are_found_and_no_others() -> None:
    chunks = [chunk(0, 1, "3"), chunk(1, 1, "4"), chunk(2, 2, "4"), chunk(3, 2, "5"),
              chunk(4, 3, None), chunk(5, 4, None), chunk(0, 1, "5", "b.pdf")]
    assert page_split_halves(chunks, [2], None) == {1: 2}
    assert page_split_halves(chunks, [1], None) == {2: 1}
    assert page_split_halves(chunks, [3, 4], None) == {}  # paragraph 5 / unnumbered text
    assert page_split_halves(chunks, [5], None) == {}  # another document's paragraph 5
    assert page_split_halves(chunks, [2], [True, False, True, True, True, True, True]) == {}


def test_a_split_paragraphs_weaker_half_is_kept_beside_its_other_half() -> None:
    """Four better passages of one report would crowd out the half that holds the answer
    ("Reasons 1 and 5 ... were assessed as valid"); the halves count as one paragraph."""
    first, second = chunk(1, 1, "4"), chunk(2, 2, "4")
    others = [chunk(i, 3, str(i)) for i in range(10, 14)]
    hits = [hit(second, 0.80), hit(first, 0.30)] + [hit(c, 0.7 - i / 100)
                                                     for i, c in enumerate(others)]
    partner = {first.id: second.id, second.id: first.id}
    _score_split_paragraphs(hits, partner)
    hits.sort(key=lambda h: -h.score)
    chosen = _diversify(hits, 10, 4, partner)
    assert [h.chunk.id for h in chosen[:2]] == [second.id, first.id]
    assert abs(chosen[1].score - 0.76) < 1e-9
    assert len(chosen) == 5  # the two halves and three other passages of the report
    assert len(_diversify(hits, 10, 4)) == 4
