"""Opening a cited source: the original file, and the text of the cited page.

A citation names a document and a page; a councillor wants to check it in context.
The original file is offered as is (a PDF opens at the page the card names); the page's
text is read from the file when it is still where it was ingested from, and rebuilt
from the indexed passages when it is not, so a moved file still leaves something to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.index import Index
from assistant.types import DocumentMeta
from ingest.readers import IngestError, read_pages

MIME = {".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown"}


@dataclass(frozen=True)
class SourceText:
    """Text to show for a citation: a page (PDF) or the whole document (.txt/.md)."""

    text: str
    whole_document: bool
    from_file: bool  # False: rebuilt from the index because the file is gone


def original_file(meta: DocumentMeta) -> Path | None:
    """The file a document was ingested from, if it is still there."""
    if not meta.source_path:
        return None
    path = Path(meta.source_path)
    return path if path.is_file() else None


def mime_type(document: str) -> str:
    return MIME.get(Path(document).suffix.lower(), "application/octet-stream")


def is_text_document(document: str) -> bool:
    return Path(document).suffix.lower() in (".txt", ".md")


def source_text(index: Index, meta: DocumentMeta, page: int) -> SourceText:
    """The cited page of a PDF, or all of a .txt/.md document."""
    whole = is_text_document(meta.document)
    path = original_file(meta)
    if path is not None:
        try:
            pages = read_pages(path)
        except IngestError:
            pages = []
        if whole and pages:
            return SourceText("\n".join(p.text for p in pages), True, True)
        if 0 < page <= len(pages):
            return SourceText(pages[page - 1].text, False, True)
    chunks = [c for c in index.catalog.chunks(meta.document) if whole or c.page == page]
    return SourceText("\n\n".join(c.text for c in chunks), whole, False)


@dataclass(frozen=True)
class Excerpt:
    """The stretch of a long text around a quote, cut at line breaks."""

    text: str
    cut_before: bool
    cut_after: bool


def excerpt(text: str, quote: str, context: int = 1200) -> Excerpt:
    """About `context` characters either side of the quote, so the cited passage is on
    screen without scrolling through a whole document to find it."""
    from assistant.highlight import find_quote

    text = text.strip()
    span = find_quote(text, quote)
    if span is None or len(text) <= 2 * context + (span[1] - span[0]):
        return Excerpt(text, False, False)
    start = max(0, span[0] - context)
    end = min(len(text), span[1] + context)
    if start > 0:
        line_start = text.rfind("\n", 0, span[0] - context // 2)
        start = line_start + 1 if line_start >= start else start
    if end < len(text):
        line_end = text.find("\n", span[1] + context // 2)
        end = line_end if 0 <= line_end <= end else end
    return Excerpt(text[start:end], start > 0, end < len(text))
