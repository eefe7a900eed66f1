"""Uploads from the app: a safe file name, the same checks as the readers, a file on disk.

A browser sends a file name and bytes, and both are untrusted: the name may carry
folders ("../../etc/x.pdf", "C:\\Users\\x.pdf"), control characters or a hidden-file
dot; the bytes may not be what the extension says. Everything here is pure or touches
only the upload folder, so the app stays a thin shell and the rules are unit-tested.
Errors are `IngestError`s with the same one-line wording the CLI prints.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from ingest.readers import SUPPORTED, IngestError

MAX_NAME_CHARS = 120
# Names the corpus loader skips or treats as metadata: an upload must not shadow them.
RESERVED = frozenset({"readme.md", "licence.md", "license.md", "notice.md", "manifest.tsv"})
UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")


def safe_name(name: str) -> str:
    """A file name that stays inside the upload folder and reads like the original.

    Keeps only the last path component (either slash style), folds accents to ASCII,
    replaces anything but letters, digits and ``._ ()-`` with '_', drops leading dots
    (no hidden files, no '..'), lowercases the extension and caps the length.
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFKD", base)
                   if not unicodedata.combining(ch))  # 'é' -> 'e'; '–' stays, then '_'
    base = re.sub(r"\s*_+\s*", "_", UNSAFE.sub("_", base))
    base = re.sub(r"\s+", " ", base).strip(" ._")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem.strip(" ._-") or "upload"
    ext = ext.lower()
    budget = MAX_NAME_CHARS - len(ext) - 1
    safe = f"{stem[:budget].rstrip(' ._')}.{ext}" if ext else stem[:MAX_NAME_CHARS]
    if safe.lower() in RESERVED:
        safe = f"upload_{safe}"
    return safe


def check_upload(name: str, data: bytes, max_mb: int) -> str:
    """The safe name for an acceptable upload; IngestError with the reason otherwise."""
    safe = safe_name(name)
    suffix = Path(safe).suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"unsupported file type '{suffix or safe}': use PDF, .txt or .md")
    if not data:
        raise IngestError("empty file (0 bytes)")
    limit = max_mb * 1024 * 1024
    if len(data) > limit:
        raise IngestError(f"{len(data) / 1048576:.1f} MB: larger than the {max_mb} MB "
                          "upload limit")
    if suffix == ".pdf" and b"%PDF-" not in data[:1024]:
        raise IngestError("not a PDF (no %PDF header): check the file type")
    if suffix in (".txt", ".md") and b"\x00" in data[:8192]:
        raise IngestError("looks like a binary file, not text")
    return safe


def save_upload(name: str, data: bytes, folder: Path, max_mb: int) -> Path:
    """Check an upload and write it into `folder` (replacing a file of the same name).

    The write goes to a temporary file first and is renamed into place, so a
    half-written upload is never ingested, and a symlink planted at the target is
    replaced rather than followed.
    """
    safe = check_upload(name, data, max_mb)
    folder = folder.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe
    if target.parent != folder:  # cannot happen after safe_name; kept as the last guard
        raise IngestError(f"unsafe file name '{name}'")
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def is_upload(path: Path, folder: Path) -> bool:
    """Whether `path` is a file the app stored in the upload folder (and may delete)."""
    try:
        return path.resolve().parent == folder.expanduser().resolve()
    except OSError:
        return False


def discard_upload(path: Path, folder: Path) -> bool:
    """Delete an uploaded file, so a removed document does not come back on the next
    `scrutiny ingest corpus`. Files outside the upload folder are never touched."""
    if not is_upload(path, folder) or not path.is_file():
        return False
    path.unlink()
    return True
