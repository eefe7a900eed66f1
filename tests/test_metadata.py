"""Metadata from the manifest where given, inferred from the text otherwise."""

from __future__ import annotations

from pathlib import Path

from assistant.types import Page
from ingest.metadata import describe, find_manifest_rows, infer_date
from ingest.readers import read_pages
from tests.conftest import CORPUS, MEDWAY


def test_manifest_values_win_and_nothing_is_marked_inferred() -> None:
    meta = describe(MEDWAY, read_pages(MEDWAY), find_manifest_rows(CORPUS))
    assert meta.council == "Medway Council"
    assert meta.date == "2024-03-07"
    assert meta.body == "Children and Young People Overview and Scrutiny Committee"
    assert meta.title.startswith("Improvement Update")
    assert meta.inferred == ()


def test_without_a_manifest_fields_are_inferred_and_say_so() -> None:
    meta = describe(MEDWAY, read_pages(MEDWAY), {})
    assert meta.date == "2024-03-07"
    assert "date" in meta.inferred and "title" in meta.inferred


def test_ofsted_title_and_council_are_read_from_the_first_page() -> None:
    path = CORPUS / "ofsted_thurrock_2024_ilacs.pdf"
    meta = describe(path, read_pages(path), {})
    assert meta.title.startswith("Inspection of Thurrock local authority")
    assert meta.document_type == "Ofsted inspection report"


def test_date_written_out_in_the_text_is_found() -> None:
    pages = [Page(1, "Cabinet\nThursday, 13 March 2025\nBudget")]
    assert infer_date(pages[0].text, Path("cabinet-budget.pdf")) == "2025-03-13"
