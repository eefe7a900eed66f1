"""The fast content-stream reader must give exactly what pypdf's own reader gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import ContentStream

from ingest.pdfops import parse_operations
from ingest.readers import read_pages

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def pypdf_operations(data: bytes) -> list[tuple[Any, bytes]]:
    stream = ContentStream(None, None, "bytes")
    stream.set_data(data)
    return stream.operations


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types, all the way down (1 == 1.0 is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


EDGE_CASES = [
    b"BT /F1 8.04 Tf 1 0 0 1 70.944 805.56 Tm [(I)5(ns)-8(pec)4(tio)7(n)13( )] TJ ET",
    b"/Artifact <</Attached [/Top]/Type/Pagination>> BDC q 0 0 1 RG Q EMC",
    b"(esc\\(aped\\) \\101 text\\\n) Tj (nested (parens) here) Tj",
    b"<48656C6C6F> Tj <4 8 65> Tj <486> Tj <> Tj",
    b"/Name#20with#20hash gs /\xc3\xa9t\xc3\xa9 gs /F1/F2 Do",
    b"% a comment\n1 0 0 1 0 0 cm %another\r2 g",
    b"[1 0 R] TJ 1 0 R Tj 12 0 Rx",  # indirect references pypdf cannot resolve here
    b"123456789012345678901234 Tw [123456789012345678901234 (a)] TJ",
    b"1,5 Tw 1.2.3 Tc -.5 Tz +3 TL 5-3 Ts",
    b"[(a) null true (b) [1 2] /N] TJ [ (a)\x0b(b) ] TJ",
    b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",
    b"[(unterminated",
    b"true false null Tj",
    b"x" * 200 + b" Tj",
    b"[" + b"1" * 40 + b" /x] TJ " + b"1" * 40 + b" <<>> Tw",  # once took minutes (backtracking)
    b")",
    b"",
    b"  \n\t\x00 ",
]


@pytest.mark.parametrize("data", EDGE_CASES)
def test_edge_cases_read_as_pypdf_reads_them(data: bytes) -> None:
    try:
        expected: Any = pypdf_operations(data)
    except Exception as err:  # pypdf refuses it: so must the fast reader, the same way
        with pytest.raises(type(err)):
            parse_operations(data)
        return
    got = parse_operations(data)
    if got is None:  # left to pypdf (inline images)
        assert b"BI" in data
        return
    assert same([list(op) for op in got], [list(op) for op in expected])


def test_token_limit_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import _configuration

    limited = _configuration.get_configuration().with_overwrites(
        stream_parsing_work_maximum_count=50)
    with _configuration.apply_configuration(limited):
        with pytest.raises(LimitReachedError):
            parse_operations(b"1 0 0 1 0 0 cm " * 20)
        with pytest.raises(LimitReachedError):
            parse_operations(b"[" + b"(a)1 " * 40 + b"] TJ")


@pytest.mark.parametrize("name", ["ofsted_kent_2022_ilacs.pdf", "ofsted_essex_2023_ilacs.pdf"])
def test_real_pages_read_exactly_as_pypdf_reads_them(name: str) -> None:
    reader = PdfReader(str(CORPUS / name))
    for page in list(reader.pages)[:6]:
        contents = page.get_contents()
        assert contents is not None
        data = contents.get_data()
        got = parse_operations(data)
        assert got is not None
        assert same([list(op) for op in got], [list(op) for op in pypdf_operations(data)])


def test_page_text_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    path = CORPUS / "ofsted_kent_2025_ilacs.pdf"
    fast = read_pages(path)
    monkeypatch.setattr("ingest.pdfops.preparse", lambda page, contents: None)
    assert read_pages(path) == fast


def test_when_the_fast_reader_fails_pypdf_reads_the_page_itself(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.pdfops

    pdf = CORPUS / "ofsted_kent_2022_ilacs.pdf"
    expected = read_pages(pdf)

    def broken(*args: Any) -> None:
        raise AttributeError("a pypdf release moved what the fast reader relies on")

    monkeypatch.setattr(ingest.pdfops, "preparse", broken)
    assert [p.text for p in read_pages(pdf)] == [p.text for p in expected]
