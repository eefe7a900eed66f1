"""Readers: a file on disk -> its pages of text, or an IngestError a person can act on.

Files come from anywhere, so every resource a broken or hostile file could exhaust
is bounded here: file size, pages, the drawing instructions of one page, any one
decompressed stream, and the time spent on one file. Text is normalised (ligatures,
combining accents, soft hyphens, odd spaces) so that what a person types finds
what the document says, and quotes are checked against that same text.
"""

from __future__ import annotations

import codecs
import gc
import logging
import signal
import threading
import time
import unicodedata
from pathlib import Path

from assistant.types import Page

SUPPORTED = (".pdf", ".txt", ".md")
MAX_PDF_PAGES = 3000
MAX_FILE_MB = 512
MAX_PAGE_CONTENT_MB = 4  # one page's drawing instructions; real council pages stay under 0.1 MB
MAX_STREAM_MB = 32  # any one decompressed stream: a "zip bomb" stops here
MAX_SECONDS_PER_FILE = 120.0

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                               "\u2008\u2009\u200a\u202f\u205f\u3000"), " ")
CONTROLS = dict.fromkeys([c for c in range(32) if chr(c) not in "\t\n\r\f"] + [127], None)
TEXT_TABLE = {**INVISIBLE, **SPACES, **CONTROLS, **{ord(k): v for k, v in LIGATURES.items()}}


class IngestError(Exception):
    """A file could not be ingested. The message names the reason and what to do."""


class _OutOfTime(BaseException):
    """Raised by the timer; a BaseException so that no library's `except Exception` hides it."""


def read_pages(path: Path) -> list[Page]:
    """Pages of a PDF, .txt or .md file. Raises IngestError with a one-line reason."""
    check_readable(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"unsupported file type '{suffix or path.name}': use PDF, .txt or .md")
    # The pause is outside the timer: its entry and exit are never cut by the alarm.
    limit = time_limit(MAX_SECONDS_PER_FILE)
    try:
        with collector_paused, limit as deadline:
            pages = read_pdf(path, deadline) if suffix == ".pdf" else read_text(path)
    except _OutOfTime:  # the alarm landed after the read's last page, before the timer's exit
        raise IngestError(_too_slow(MAX_SECONDS_PER_FILE)) from None
    finally:
        limit.close()
    gc.collect(1)  # a PDF reader's objects refer to each other: see _CollectorPause
    return [Page(p.number, normalise(p.text)) for p in pages]


def check_readable(path: Path) -> None:
    """Refuse what is not a readable regular file, before anything opens it.

    A named pipe would block the ingest for ever when opened; a link loop or a
    device (a link to /dev/zero) is no document either.
    """
    if path.is_symlink() and not path.exists():
        raise IngestError("broken symbolic link (or a loop of links): nothing to read")
    if not path.exists():
        raise IngestError("file not found")
    if path.is_dir():
        raise IngestError("is a folder with no readable PDF, .txt or .md files in it")
    if not path.is_file():
        raise IngestError("not a regular file (a pipe, socket or device): copy the document "
                          "into an ordinary file")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as err:
        raise IngestError(f"cannot be read ({err.strerror or err})") from err
    if size == 0:
        raise IngestError("empty file (0 bytes)")
    if size > MAX_FILE_MB * 1024 * 1024:
        raise IngestError(f"{size / 1048576:.0f} MB: larger than the {MAX_FILE_MB} MB limit "
                          "for one file; split it into smaller documents")


def normalise(text: str) -> str:
    """Composed accents, ligatures spelt out, no soft hyphens, control characters or odd spaces."""
    return unicodedata.normalize("NFC", text.translate(TEXT_TABLE))


class time_limit:  # noqa: N801 - used as a context manager, named as one
    """Stop a read that takes longer than `seconds`: a crafted file can stall a parser.

    In the main thread (the CLI) a timer interrupts the parser wherever it is; in
    other threads (the app) the deadline it gives is checked between pages. `close()`
    disarms the timer and restores the handler; it runs on exit and may run again (the
    alarm can land before the exit runs: read_pages closes it once more).
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._armed = False
        self._timer = False
        self._previous: object = None

    def __enter__(self) -> float:
        deadline = time.monotonic() + self.seconds
        self._timer = (self.seconds > 0 and hasattr(signal, "setitimer")
                       and threading.current_thread() is threading.main_thread()
                       and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN,
                                                                 None))
        if self._timer:
            self._previous = signal.signal(signal.SIGALRM, self._expire)
            self._armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return deadline

    def _expire(self, signum: int, frame: object) -> None:
        if self._armed:
            raise _OutOfTime

    def __exit__(self, kind: type[BaseException] | None, error: object, trace: object) -> None:
        self.close()
        if kind is _OutOfTime:
            raise IngestError(_too_slow(self.seconds)) from None

    def close(self) -> None:
        self._armed = False
        if self._timer:
            self._timer = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]


def _too_slow(seconds: float) -> str:
    return (f"took longer than {seconds:g} s to read: the file may be damaged or built to "
            "stall readers; open it and save a fresh copy")


def read_text(path: Path) -> list[Page]:
    text = decode_text(path.read_bytes())
    if damaged := text.count("\ufffd"):
        logging.getLogger(__name__).warning("%s: %d characters were not valid text and are "
                                            "shown as \ufffd", path.name, damaged)
    pages = [Page(i + 1, part) for i, part in enumerate(text.split("\f"))]
    if not any(p.text.strip() for p in pages):
        raise IngestError("no text in the file")
    return pages


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252.

    UTF-8 with a few damaged bytes stays UTF-8 (the bad bytes become U+FFFD):
    decoding it all as Windows-1252 would turn every £ and ’ into mojibake.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise IngestError("damaged UTF-16 text: re-save it as UTF-8") from err
    try:
        return _text_or_binary(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise IngestError("looks like a binary file, not text")
    lenient = raw.decode("utf-8", errors="replace")
    damaged = lenient.count("\ufffd")
    well_formed = sum(1 for ch in lenient if ord(ch) > 127) - damaged
    if well_formed and damaged <= well_formed:
        return _text_or_binary(lenient)
    try:
        return _text_or_binary(raw.decode("cp1252"))
    except UnicodeDecodeError as err:
        raise IngestError("not valid UTF-8 or Windows-1252 text: re-save it as UTF-8") from err


def _text_or_binary(text: str) -> str:
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > 0.01 * min(len(text), 100_000):
        raise IngestError("looks like a binary file, not text")
    return text


def read_pdf(path: Path, deadline: float | None = None) -> list[Page]:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise IngestError("not a PDF (no %PDF header): check the file type")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    from pypdf import PdfReader, apply_configuration, get_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    limit = MAX_STREAM_MB * 1024 * 1024
    limits = {name: limit for name in (
        "maximum_declared_stream_length", "array_based_stream_maximum_output_length",
        "zlib_maximum_output_length", "lzw_maximum_output_length",
        "run_length_maximum_output_length", "brotli_maximum_output_length")}
    try:
        with apply_configuration(get_configuration().with_overwrites(**limits)):
            reader = PdfReader(str(path), strict=False)
            _decrypt(reader)
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise IngestError(f"{count} pages: more than the {MAX_PDF_PAGES}-page limit; "
                                  "split it into smaller documents")
            pages: list[Page] = []
            errors: list[str] = []
            extractor = _fast_extractor()
            for i in range(count):
                if deadline is not None and time.monotonic() > deadline:
                    raise _OutOfTime
                pages.append(Page(i + 1, _page_text(reader, i, errors, path.name, extractor)))
                gc.collect(0)  # the page's reference cycles: see _CollectorPause
    except (IngestError, _OutOfTime):
        raise
    except FileNotDecryptedError as err:
        raise IngestError("encrypted PDF: a password is needed; save an unprotected copy") from err
    except DependencyError as err:
        raise IngestError(f"encrypted PDF that needs a missing library ({err})") from err
    except LimitReachedError as err:
        raise IngestError(f"part of the PDF is larger than the {MAX_STREAM_MB} MB limit when "
                          f"decompressed ({err}): a damaged or malicious file") from err
    except RecursionError as err:
        raise IngestError("corrupt PDF: its objects are nested too deeply to read") from err
    except MemoryError as err:
        raise IngestError("too large to read in memory") from err
    except Exception as err:  # pypdf raises many kinds on damaged files
        raise IngestError(f"corrupt or unreadable PDF ({type(err).__name__}: {_short(err)}); "
                          "open it and save a fresh copy") from err
    if not pages:
        raise IngestError("PDF has no pages")
    total = sum(len(p.text.strip()) for p in pages)
    if total < 40 and errors:
        raise IngestError(f"no page's text could be extracted ({errors[0]})")
    if total < 20 * max(1, min(len(pages), 3)) and total < 40:
        raise IngestError("no text layer: scanned PDFs need OCR before they can be searched")
    return pages


class _CollectorPause:
    """Python's cyclic garbage collector held off while pypdf reads files.

    Reading a page makes tens of thousands of small objects that live until the page is
    done. Left to itself the collector walks them every few hundred allocations, with
    every other object the process holds (Chroma, onnxruntime, the tokenizer), and finds
    nothing to free: that was about 40% of the CPU an ingest spends outside the model.
    The reader instead collects the youngest objects once per page, which frees the
    page's reference cycles (pypdf's text extractor makes some) while they are few, and
    the two younger generations once per file, which frees pypdf's reader: its objects
    refer to each other, and with files read back to back the pause would keep them.
    Files read in several threads share the pause: the collector resumes with the last.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._readers = 0
        self._resume = False

    def __enter__(self) -> None:
        with self._lock:
            if self._readers == 0:
                self._resume = gc.isenabled()
                gc.disable()
            self._readers += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._readers -= 1
            if self._readers == 0 and self._resume:
                gc.enable()


collector_paused = _CollectorPause()


def _decrypt(reader) -> None:  # type: ignore[no-untyped-def]
    """Open an encrypted PDF with the empty password (owner-only protection), else refuse."""
    if not reader.is_encrypted:
        return
    from pypdf.errors import DependencyError

    try:
        ok = reader.decrypt("")
    except DependencyError:
        raise
    except Exception as err:  # unsupported algorithm and the like
        raise IngestError(f"encrypted PDF that cannot be opened ({_short(err)})") from err
    if not ok:
        raise IngestError("encrypted PDF: a password is needed; save an unprotected copy")


def _fast_extractor():  # type: ignore[no-untyped-def]
    """The fast text extractor (ingest.pagetext), one per document; None where it was not
    checked against the installed pypdf, or cannot be loaded: pypdf then reads every page."""
    try:
        import pypdf

        from ingest.pagetext import CHECKED_PYPDF, PageText

        if pypdf.__version__ in CHECKED_PYPDF:
            return PageText()
    except Exception:  # noqa: BLE001 - the fast path is optional, never the cause of a lost page
        logging.getLogger(__name__).debug("fast text extractor unavailable", exc_info=True)
    return None


def _preparse(page, contents) -> None:  # type: ignore[no-untyped-def]
    """Read the page's drawing instructions with the faster reader (the same operations
    as pypdf's); should it fail, or a pypdf release change what it relies on, pypdf
    reads them itself, as it always could."""
    try:
        from ingest.pdfops import preparse

        preparse(page, contents)
    except Exception:  # noqa: BLE001 - the fast path is optional, never the cause of a lost page
        logging.getLogger(__name__).debug("fast content reader skipped", exc_info=True)


def _pypdf_text(page, contents) -> str:  # type: ignore[no-untyped-def]
    """pypdf's own extraction of a page, its drawing instructions read by ingest.pdfops."""
    if contents is None:
        return page.extract_text() or ""
    from pypdf.generic import NameObject

    original = page.raw_get("/Contents")
    _preparse(page, contents)
    try:
        return page.extract_text() or ""
    finally:  # let the page's parsed operations go: the reader keeps its pages
        page[NameObject("/Contents")] = original


def _page_text(reader, index: int, errors: list[str], name: str,  # type: ignore[no-untyped-def]
               extractor=None) -> str:
    """One page's text; a bad page is logged and skipped, an oversized one refused.

    The fast extractor gives pypdf's text; a page it does not handle exactly it leaves
    to pypdf (`_pypdf_text`), whose errors are then handled here as they always were.
    """
    from pypdf.errors import LimitReachedError

    try:
        page = reader.pages[index]
        contents = page.get_contents()
        size = len(contents.get_data()) if contents is not None else 0
        if size > MAX_PAGE_CONTENT_MB * 1024 * 1024:
            raise IngestError(f"page {index + 1} holds {size / 1048576:.0f} MB of drawing "
                              f"instructions, more than the {MAX_PAGE_CONTENT_MB} MB limit; "
                              "save a fresh or reduced-size copy")
        if extractor is None:
            return _pypdf_text(page, contents)
        return extractor.extract(page, fallback=lambda page: _pypdf_text(page, contents)) or ""
    except (IngestError, LimitReachedError, RecursionError, MemoryError):
        raise
    except Exception as err:  # one bad page must not sink the document
        errors.append(f"{type(err).__name__}: {_short(err)}")
        logging.getLogger(__name__).warning("%s, page %d: text could not be extracted",
                                            name, index + 1)
        return ""


def _short(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:160] + ("..." if len(text) > 160 else "")
