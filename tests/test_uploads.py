"""Upload rules: names cannot escape the upload folder, bad files get the CLI's reasons."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.readers import IngestError, read_pages
from ingest.uploads import (
    MAX_NAME_CHARS,
    check_upload,
    discard_upload,
    is_upload,
    safe_name,
    save_upload,
)

PDF = b"%PDF-1.4\n%fake but headed\n"


@pytest.mark.parametrize(("given_name", "expected"), [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\cllr\\Agenda Item 7.PDF", "Agenda Item 7.pdf"),
    ("/abs/path/notes.md", "notes.md"),
    (".hidden.txt", "hidden.txt"),
    ("Résumé – Cabinet (v2).pdf", "Resume_Cabinet (v2).pdf"),
    ("evil\x00name\n.pdf", "evil_name.pdf"),
    ("<script>.md", "script.md"),
    ("README.md", "upload_README.md"),
    ("..", "upload"),
    ("", "upload"),
])
def test_safe_name_keeps_only_a_plain_last_component(given_name: str, expected: str) -> None:
    assert safe_name(given_name) == expected


def test_safe_name_caps_length_and_keeps_the_extension() -> None:
    name = safe_name("a" * 500 + ".pdf")
    assert len(name) <= MAX_NAME_CHARS and name.endswith(".pdf")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_no_name_escapes_the_upload_folder(tmp_path_factory, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = Path("/srv/uploads")
    safe = safe_name(name)
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert (folder / safe).resolve().parent == folder


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("virus.exe", b"MZ", "unsupported file type '.exe': use PDF, .txt or .md"),
    ("noext", b"hello", "unsupported file type 'noext': use PDF, .txt or .md"),
    ("empty.txt", b"", "empty file (0 bytes)"),
    ("renamed.pdf", b"<html>not a pdf</html>", "not a PDF (no %PDF header): check the file type"),
    ("binary.txt", b"abc\x00\x01def", "looks like a binary file, not text"),
])
def test_bad_uploads_are_refused_with_a_one_line_reason(name: str, data: bytes,
                                                         reason: str) -> None:
    with pytest.raises(IngestError) as caught:
        check_upload(name, data, max_mb=5)
    assert str(caught.value) == reason


def test_upload_reasons_match_what_the_cli_reader_says(tmp_path: Path) -> None:
    """The app and `scrutiny ingest` must tell a person the same thing."""
    for name, data in (("renamed.pdf", b"<html>"), ("empty.txt", b""),
                       ("binary.txt", b"a\x00b")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(IngestError) as from_reader:
            read_pages(path)
        with pytest.raises(IngestError) as from_upload:
            check_upload(name, data, max_mb=5)
        assert str(from_upload.value) == str(from_reader.value)


def test_oversized_upload_names_the_limit() -> None:
    with pytest.raises(IngestError, match=r"1\.5 MB: larger than the 1 MB upload limit"):
        check_upload("big.txt", b"x" * (3 * 512 * 1024), max_mb=1)


def test_good_uploads_pass_with_their_safe_name() -> None:
    assert check_upload("../Report.PDF", PDF, max_mb=5) == "Report.pdf"
    assert check_upload("notes.md", "# Notes\nÉté".encode(), max_mb=5) == "notes.md"


def test_save_writes_inside_the_folder_only(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    path = save_upload("../../outside.txt", b"minutes of the meeting", folder, max_mb=5)
    assert path == folder.resolve() / "outside.txt"
    assert path.read_bytes() == b"minutes of the meeting"
    assert not (tmp_path / "outside.txt").exists()
    assert [p.name for p in folder.iterdir()] == ["outside.txt"]  # no temp file left


def test_save_replaces_a_planted_symlink_instead_of_following_it(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (folder / "report.txt").symlink_to(victim)
    saved = save_upload("report.txt", b"new text", folder, max_mb=5)
    assert victim.read_text() == "keep me"
    assert not saved.is_symlink() and saved.read_bytes() == b"new text"


def test_a_refused_upload_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    with pytest.raises(IngestError):
        save_upload("fake.pdf", b"not a pdf", folder, max_mb=5)
    assert not folder.exists() or not any(folder.iterdir())


def test_discard_deletes_uploads_but_never_files_elsewhere(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    uploaded = save_upload("a.txt", b"text", folder, max_mb=5)
    corpus_file = tmp_path / "corpus.txt"
    corpus_file.write_text("corpus")
    assert is_upload(uploaded, folder) and not is_upload(corpus_file, folder)
    assert discard_upload(corpus_file, folder) is False and corpus_file.exists()
    assert discard_upload(uploaded, folder) is True and not uploaded.exists()
    assert discard_upload(uploaded, folder) is False
