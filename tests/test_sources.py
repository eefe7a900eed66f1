"""Filter choices from the library, and the source text shown for a citation."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from assistant.facets import facets, filters_from
from assistant.service import Assistant
from assistant.sources import excerpt, mime_type, original_file, source_text
from assistant.types import DocumentMeta, IndexedDocument

MEDWAY_TXT = (Path(__file__).resolve().parent.parent / "corpus"
              / "medway_2024-03-07_cyp-osc_improvement-update.txt")

QUOTE = "Turnover rate is 27% and vacancy levels for case holding social workers is 30%."


def doc(name: str, council: str | None, when: str | None, kind: str | None = None,
        body: str | None = None) -> IndexedDocument:
    meta = DocumentMeta(document=name, title=name.upper(), council=council, body=body,
                        document_type=kind, date=when)
    return IndexedDocument(meta=meta, sha256="", pages=1, chunks=1, ingested_at="")


LIBRARY = [doc("a.pdf", "Kent County Council", "2013-08-23", "Ofsted", "Ofsted"),
           doc("b.pdf", "Medway Council", "2024-03-07", "Committee report", "CYP O&S"),
           doc("c.pdf", None, None, None),
           doc("d.pdf", "Medway Council", "2019-08-27", "Ofsted", "Ofsted")]


def test_facets_offer_each_value_once_and_the_date_span() -> None:
    f = facets(LIBRARY)
    assert f.councils == ("Kent County Council", "Medway Council")
    assert f.document_types == ("Committee report", "Ofsted")
    assert (f.first_date, f.last_date) == (date(2013, 8, 23), date(2024, 3, 7))
    assert [name for name, _ in f.documents] == ["b.pdf", "d.pdf", "a.pdf", "c.pdf"]
    assert dict(f.documents)["b.pdf"] == "B.PDF (2024-03-07)"


def test_the_full_date_span_is_no_filter_so_undated_documents_stay() -> None:
    f = facets(LIBRARY)
    filters = filters_from(f, dates=(date(2013, 8, 23), date(2024, 3, 7)))
    assert filters.is_empty()
    assert filters.admits(LIBRARY[2].meta)


def test_picks_become_filters() -> None:
    f = facets(LIBRARY)
    filters = filters_from(f, councils=["Medway Council"], document_types=["Ofsted"],
                           dates=(date(2024, 1, 1), date(2015, 1, 1)))
    assert (filters.date_from, filters.date_to) == ("2015-01-01", "2024-01-01")
    admitted = [d.meta.document for d in LIBRARY if filters.admits(d.meta)]
    assert admitted == ["d.pdf"]


def test_excerpt_centres_on_the_quote_in_a_long_text() -> None:
    text = "\n".join(f"line {i} " + "words " * 12 for i in range(200))
    quote = "line 150 words"
    near = excerpt(text, quote, context=300)
    assert quote in near.text and near.cut_before and near.cut_after
    assert len(near.text) < 1200 and near.text.startswith("line ")
    assert excerpt("short text", "short").cut_before is False


def test_text_documents_show_their_whole_file(medway_assistant: Assistant) -> None:
    meta = medway_assistant.documents()[0].meta
    shown = source_text(medway_assistant.index, meta, page=1)
    assert shown.whole_document and shown.from_file and QUOTE in shown.text
    assert mime_type(meta.document) == "text/plain" and original_file(meta) is not None


def test_a_moved_file_falls_back_to_the_indexed_passages(fake_assistant: Assistant,
                                                          tmp_path: Path) -> None:
    copy = tmp_path / MEDWAY_TXT.name
    shutil.copy(MEDWAY_TXT, copy)
    fake_assistant.ingest([copy])
    copy.unlink()
    meta = fake_assistant.documents()[0].meta
    assert original_file(meta) is None
    shown = source_text(fake_assistant.index, meta, page=1)
    assert not shown.from_file and QUOTE in shown.text
