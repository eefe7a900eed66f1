"""The fast page-text reader must give exactly pypdf's `page.extract_text()`, and leave
to pypdf whatever it does not reproduce.

evaluation/compare_pagetext.py runs the same comparison on every page of the scale,
corpus and Kent folders; these tests keep a handful of real documents and the
constructs those documents lack.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from ingest import readers
from ingest.pagetext import PageText
from ingest.readers import read_pages
from tests.conftest import CORPUS, shared_or_skip
from tests.hostile_files import raw_pdf

logging.getLogger("pypdf").setLevel(logging.ERROR)


def pypdf_and_fast(path: Path | bytes) -> tuple[list[str], list[str], PageText]:
    """Each page's text from pypdf and from the fast reader, each with its own copy."""
    def open_pdf() -> PdfReader:
        return PdfReader(io.BytesIO(path) if isinstance(path, bytes) else path)

    extractor = PageText()
    expected = [page.extract_text() for page in open_pdf().pages]
    return expected, [extractor.extract(page) for page in open_pdf().pages], extractor


@pytest.mark.parametrize("name", ["ofsted_medway_2023_ilacs.pdf", "ofsted_kent_2025_ilacs.pdf",
                                  "ofsted_kent_2013_looked-after-children-inspection.pdf"])
def test_every_page_of_an_ofsted_report_is_pypdfs_text(name: str) -> None:
    expected, got, extractor = pypdf_and_fast(CORPUS / name)
    assert not extractor.fallbacks  # the fast reader read every page itself
    assert got == expected


@pytest.mark.parametrize("name", ["kent_2025-01-30_cabinet_budget-risk-register-2025-26.pdf",
                                  "kent_2025-03-13_council_family-hubs-callin-submission.pdf"])
def test_every_page_of_a_kent_paper_is_pypdfs_text(name: str) -> None:
    expected, got, extractor = pypdf_and_fast(shared_or_skip("kent", name))
    assert not extractor.fallbacks
    assert got == expected


def one_page(content: bytes, form: bytes = b"BT /F1 10 Tf 5 5 Td (in a form) Tj ET") -> bytes:
    """A page with Helvetica (F1), a TrueType font with widths (F2), a form XObject with
    text (Fm1) and an image (Im1)."""
    def stream(data: bytes, head: bytes = b"") -> bytes:
        return b"<< %s /Length %d >>\nstream\n" % (head, len(data)) + data + b"\nendstream"

    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources"
        b" << /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /Fm1 7 0 R /Im1 8 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 32 /LastChar 36"
        b" /Widths [0 500 600 700 800] /Encoding /WinAnsiEncoding >>",
        stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 100 100]"
                     b" /Resources << /Font << /F1 5 0 R >> >>"),
        stream(b"\x00", b"/Type /XObject /Subtype /Image /Width 1 /Height 1"
                        b" /ColorSpace /DeviceGray /BitsPerComponent 8"),
    ])


CONSTRUCTS = {
    "lines and leading": b"BT /F1 12 Tf 14 TL 72 700 Td (First) Tj T* (second) Tj 0 -30 TD"
                         b" (third) Tj (fourth) ' 2 1 (fifth) \" ET",
    "word gaps in arrays": b"BT /F2 10 Tf 1 0 0 1 50 600 Tm [(a)-300(b)120(c)-900( )-900(d)] TJ"
                           b" 0.5 Tc [(e)-250(f)] TJ ET",
    "rotated and mirrored text": b"BT /F1 9 Tf 0 1 -1 0 300 100 Tm (up) Tj 0 20 Td (along) Tj"
                                 b" -1 0 0 -1 500 500 Tm (upside) Tj 0 -1 1 0 20 20 Tm (down) Tj"
                                 b" ET",
    "graphics state and matrices": b"q 2 0 0 2 10 10 cm BT /F1 8 Tf (scaled) Tj ET Q BT (restored)"
                                   b" Tj ET Q Q BT /F1 -12 Tf (negative) Tj 0 -14 Td (size) Tj ET",
    "forms and images": b"BT /F1 10 Tf (before) Tj ET /Fm1 Do /Im1 Do BT (after) Tj ET /Nope Do",
    "escapes, octal, hex": b"BT /F1 10 Tf (\\(a\\) \\101\\102 \\777 \\q tab\\tend\\\nnext) Tj"
                           b" <48656C6C6F2> Tj <48 65> Tj ET",
    "comments and marked content": b"% a comment (not text) Tj\n/P <</MCID 0 /Lang (en-GB)>> BDC"
                                   b" BT /F1 10 Tf 1 0 0 1 9 9 Tm %c\n(marked) Tj ET EMC",
    "odd operands": b"BT /F9 10 Tf (unknown font) Tj /F1 Tf 12 Tf 1 2 Tm 5 Tj [/N (x) 3] TJ"
                    b" 1 2 3 4 5 6 7 Tm (seven) Tj -0 .5 Td 5. -.5 Td (y) Tj ET",
}


@pytest.mark.parametrize("content", CONSTRUCTS.values(), ids=CONSTRUCTS.keys())
def test_constructs_the_reports_lack_are_read_as_pypdf_reads_them(content: bytes) -> None:
    expected, got, extractor = pypdf_and_fast(one_page(content))
    assert not extractor.fallbacks
    assert got == expected


LEFT_TO_PYPDF = {
    "inline image": b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q BT /F1 9 Tf (after) Tj ET",
    "nested parentheses": b"BT /F1 9 Tf (a (nested) string) Tj ET",
    "a name shown as text": b"BT /F1 9 Tf /Name Tj ET",
    "malformed number": b"BT /F1 9 Tf 1.2.3 0 Td (a) Tj ET",
}


@pytest.mark.parametrize("content", LEFT_TO_PYPDF.values(), ids=LEFT_TO_PYPDF.keys())
def test_what_the_fast_reader_does_not_handle_is_left_to_pypdf(content: bytes) -> None:
    expected, got, extractor = pypdf_and_fast(one_page(content))
    assert sum(extractor.fallbacks.values()) == 1
    assert got == expected


def test_an_array_over_pypdfs_element_limit_fails_as_it_did() -> None:
    from pypdf.errors import LimitReachedError

    page = one_page(b"BT /F1 9 Tf [" + b"1 " * 100_001 + b"] TJ ET")
    with pytest.raises(LimitReachedError):
        PageText().extract(PdfReader(io.BytesIO(page)).pages[0])


def test_a_page_pypdf_cannot_read_fails_as_it_did(tmp_path: Path) -> None:
    """`1 0 R` in a content stream makes pypdf fail, and the fast reader fails the same way
    (the reader then logs the page and goes on, as it always did)."""
    path = tmp_path / "reference.pdf"
    path.write_bytes(one_page(b"BT /F1 9 Tf 1 0 R (a) Tj ET"))
    with pytest.raises(AssertionError):
        PdfReader(path).pages[0].extract_text()
    with pytest.raises(AssertionError):
        PageText().extract(PdfReader(path).pages[0])


def test_ingest_reads_the_same_text_with_and_without_it(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    report = CORPUS / "ofsted_medway_2023_ilacs.pdf"
    odd = tmp_path / "inline-image.pdf"
    odd.write_bytes(one_page(LEFT_TO_PYPDF["inline image"] + b" "
                             + CONSTRUCTS["lines and leading"]))
    assert readers._fast_extractor() is not None  # else both sides below are pypdf
    fast = [read_pages(report), read_pages(odd)]
    monkeypatch.setattr(readers, "_fast_extractor", lambda: None)
    assert [read_pages(report), read_pages(odd)] == fast
