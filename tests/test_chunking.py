"""Chunks follow structure, fit the model, and carry their citation."""

from __future__ import annotations

from assistant.embedding import FakeEmbedder
from assistant.types import Page
from ingest.chunking import chunk_blocks, split_sentences
from ingest.readers import read_pages
from ingest.structure import parse_blocks
from tests.conftest import MEDWAY

count = FakeEmbedder().count_tokens


def medway_chunks(budget: int = 200):  # type: ignore[no-untyped-def]
    return chunk_blocks(MEDWAY.name, parse_blocks(read_pages(MEDWAY)), count, budget)


def test_each_numbered_paragraph_is_its_own_chunk_with_page_and_number() -> None:
    chunks = medway_chunks()
    turnover = [c for c in chunks if "Turnover rate is 27%" in c.text]
    assert len(turnover) == 1
    assert turnover[0].paragraph == "5.6" and turnover[0].page == 1
    assert turnover[0].heading == "5. Advice and analysis"


def test_chunks_fit_the_budget_even_when_a_paragraph_is_long() -> None:
    chunks = medway_chunks(budget=60)
    assert all(count(c.text) <= 60 for c in chunks)
    pieces = [c for c in chunks if c.paragraph == "5.6"]
    assert len(pieces) > 1 and all(p.page == 1 for p in pieces)


def test_table_pieces_repeat_the_header_row() -> None:
    chunks = [c for c in medway_chunks(budget=45) if c.kind == "table" and "BII" in c.text
              or c.kind == "table" and "CII" in c.text]
    assert chunks
    assert all(c.text.startswith("Risk\tDescription") for c in chunks)


def test_chunk_ids_are_stable_and_unique() -> None:
    first, second = medway_chunks(), medway_chunks()
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)


def test_identical_passages_in_one_document_get_distinct_ids() -> None:
    text = "1.1 The same sentence appears twice.\n\n1.1 The same sentence appears twice.\n"
    chunks = chunk_blocks("x.txt", parse_blocks([Page(1, text)]), count)
    assert len(chunks) == 2 and chunks[0].id != chunks[1].id


def test_sentences_split_on_full_stops_not_on_decimals_or_colons() -> None:
    text = "The total is £334.7m this year. Dates of previous inspection: 5 to 9 March 2018."
    assert split_sentences(text) == ["The total is £334.7m this year.",
                                     "Dates of previous inspection: 5 to 9 March 2018."]


def test_a_list_marker_stays_with_the_item_it_opens() -> None:
    line = ("16. Cabinet resolved the following: a. NOTE the comments made b. CONFIRM the "
            "decision unchanged. c. AGREE to present further information")
    assert split_sentences(line) == ["16. Cabinet resolved the following:",
                                     "a. NOTE the comments made",
                                     "b. CONFIRM the decision unchanged.",
                                     "c. AGREE to present further information"]
    # A letter that ends a sentence is no marker unless it follows the last one.
    assert split_sentences("The duty is in Schedule 2, Part iii. The Council has met it.") == [
        "The duty is in Schedule 2, Part iii.", "The Council has met it."]
    assert split_sentences("Members agreed option b. This will cost £2m.") == [
        "Members agreed option b.", "This will cost £2m."]
    # A list that a page break cut: its next letter follows a finished sentence.
    assert split_sentences("the importance of adoption. b. Adopters were approved.") == [
        "the importance of adoption.", "b. Adopters were approved."]
    # A sentence that ends with a figure is a sentence, and so is the next one.
    assert split_sentences("The rate was 27. It fell to 21. (a) First item.") == [
        "The rate was 27.", "It fell to 21.", "(a) First item."]


def test_a_sentence_cut_by_a_page_break_is_whole_in_the_passage_where_it_ends() -> None:
    from ingest.structure import Block

    def block(page: int, number: str, text: str, own: bool = False) -> Block:
        return Block("paragraph", page, number, "1. Introduction", [text], own_number=own)

    blocks = [
        block(2, "1.2", "The service oversees transitions. As of October", own=True),
        block(3, "1.2", "2024, the service was working with 894 young adults."),
        block(3, "1.3", "Leaders have a clear view. Their work has improved the lives of",
              own=True),
        block(4, "1.3", "children. Caseloads are manageable."),
        block(4, "1.4", "Plans are reviewed. Reviews take place yearly", own=True),
        block(5, "1.5", "in practice the plan is shared.", own=True),  # its own paragraph
        block(6, "1.5", "Nothing ends on this page and"),
        block(7, "1.5", "the next goes on."),
    ]
    texts = [(c.page, c.text) for c in chunk_blocks("sis.pdf", blocks, count, 200)]
    assert (2, "The service oversees transitions.") in texts
    assert (3, "As of October 2024, the service was working with 894 young adults.") in texts
    assert (3, "Leaders have a clear view.") in texts
    assert (4, "Their work has improved the lives of children. Caseloads are manageable.") in texts
    assert (4, "Plans are reviewed. Reviews take place yearly") in texts  # 1.5 is its own
    assert (6, "Nothing ends on this page and") in texts  # no sentence end: nothing moves
    assert blocks[0].lines == ["The service oversees transitions. As of October"]  # copied
