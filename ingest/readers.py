"""Readers: a file on disk -> its pages of text, or an IngestError a person can act on."""

from __future__ import annotations

import logging
from pathlib import Path

from assistant.types import Page

SUPPORTED = (".pdf", ".txt", ".md")
MAX_PDF_PAGES = 3000


class IngestError(Exception):
    """A file could not be ingested. The message names the reason and what to do."""


def read_pages(path: Path) -> list[Page]:
    """Pages of a PDF, .txt or .md file. Raises IngestError with a one-line reason."""
    check_readable(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in (".txt", ".md"):
        return read_text(path)
    raise IngestError(f"unsupported file type '{suffix or path.name}': use PDF, .txt or .md")


def check_readable(path: Path) -> None:
    if not path.exists():
        raise IngestError("file not found")
    if path.is_dir():
        raise IngestError("is a directory, not a file")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as err:
        raise IngestError(f"cannot be read ({err.strerror or err})") from err
    if size == 0:
        raise IngestError("empty file (0 bytes)")


def read_text(path: Path) -> list[Page]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as err:
            raise IngestError("not valid UTF-8 or Windows-1252 text: re-save it as UTF-8") from err
    if "\x00" in text:
        raise IngestError("looks like a binary file, not text")
    pages = [Page(i + 1, part) for i, part in enumerate(text.split("\f"))]
    if not any(p.text.strip() for p in pages):
        raise IngestError("no text in the file")
    return pages


def read_pdf(path: Path) -> list[Page]:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise IngestError("not a PDF (no %PDF header): check the file type")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as err:  # unsupported algorithm and the like
                raise IngestError(f"encrypted PDF that cannot be opened ({err})") from err
            if not ok:
                raise IngestError("encrypted PDF: a password is needed; save an unprotected copy")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise IngestError(f"{count} pages: more than the {MAX_PDF_PAGES}-page limit")
        pages = [Page(i + 1, _page_text(reader, i)) for i in range(count)]
    except IngestError:
        raise
    except FileNotDecryptedError as err:
        raise IngestError("encrypted PDF: a password is needed; save an unprotected copy") from err
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, AssertionError, OSError) as err:
        raise IngestError(f"corrupt or unreadable PDF ({type(err).__name__}: {err})") from err
    if not pages:
        raise IngestError("PDF has no pages")
    if sum(len(p.text.strip()) for p in pages) < 20 * max(1, min(len(pages), 3)) and \
            sum(len(p.text.strip()) for p in pages) < 40:
        raise IngestError("no text layer: scanned PDFs need OCR before they can be searched")
    return pages


def _page_text(reader, index: int) -> str:  # type: ignore[no-untyped-def]
    try:
        return reader.pages[index].extract_text() or ""
    except Exception:  # one bad page must not sink the document
        logging.getLogger(__name__).warning("page %d: text could not be extracted", index + 1)
        return ""
