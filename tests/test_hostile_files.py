"""Broken and hostile files: each gets a clear one-line error or a correct result, in bounded
time and memory, and a batch with all of them goes on, indexes the rest and loses nothing.

The files are made inside the tests (tests/hostile_files.py). Reading is measured per
file (wall time, peak Python memory with tracemalloc); the batch runs the real CLI.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from assistant.embedding import FakeEmbedder
from assistant.index import Index
from assistant.settings import Settings
from ingest import pipeline, readers
from ingest.pipeline import ingest
from ingest.readers import IngestError, read_pages
from tests import hostile_files as hf
from tests.conftest import MEDWAY
from tests.index_probe import inspect

ROOT = Path(__file__).resolve().parent.parent
SCRUTINY = ROOT / ".venv" / "bin" / "scrutiny"
MAX_SECONDS = 20.0  # per file, on a busy 2-core machine; the slowest (1,200 pages) takes ~5 s
MAX_PEAK_MB = 150.0  # Python allocations while reading one file

# kind -> ("error", words the one-line reason must contain) or ("ok", text the pages must hold)
EXPECTED: dict[str, tuple[str, list[str]]] = {
    "truncated": ("error", ["corrupt or unreadable PDF"]),
    "broken_xref": ("ok", ["1.2 Social worker turnover fell to 19% in the year to March 2024."]),
    "encrypted_with_password": ("error", ["encrypted PDF", "password is needed"]),
    "encrypted_empty_password_rc4": ("ok", ["turnover fell to 19%"]),
    "encrypted_empty_password_aes": ("ok", ["turnover fell to 19%"]),
    "image_only": ("error", ["no text layer", "OCR"]),
    "thousand_pages": ("ok", ["1000.1 Minute item 1000"]),
    "huge_stream": ("error", ["page 1", "MB of drawing instructions"]),
    "zip_bomb": ("error", ["32 MB limit when decompressed"]),
    "circular_page_tree": ("error", ["corrupt or unreadable PDF", "cyclic"]),
    "deep_nesting": ("error", ["PDF"]),
    "javascript_and_attachment": ("ok", ["1.1 The committee is asked to note"]),
    "non_latin": ("ok", hf.NON_LATIN_LINES),
    "ligatures": ("ok", ["1.1 The financial position is difficult: the office floor is closed.",
                         "1.2 Café budgets were reviewed by the staff panel.",
                         "1.3 The total was 50 places across the county."]),
    "winansi": ("ok", hf.WINANSI_LINES),
    "invalid_utf8": ("ok", ["The budget is £5.2m and the council’s reserves", "fell to 19%"]),
    "utf16": ("ok", ["1.1 The budget is £5.2m for 2025."]),
    "cp1252": ("ok", ["1.1 The overspend is £0.4m – on ‘agency’ staff."]),
    "binary": ("error", ["binary file"]),
    "empty_file": ("error", ["empty file (0 bytes)"]),
    "directory_named": ("error", ["folder"]),
    "symlink_loop": ("error", ["symbolic link"]),
    "text_named": ("error", ["not a PDF"]),
    "unsupported_extension": ("error", ["unsupported file type '.docx'"]),
    "fifo": ("error", ["not a regular file"]),
    "missing_file": ("error", ["file not found"]),
}


def test_every_hostile_kind_has_an_expectation() -> None:
    assert set(EXPECTED) | {"directory_symlink_loop"} == set(hf.MAKERS)
    assert len(EXPECTED) >= 15


def _read_without_hanging(path: Path, seconds: float) -> list:  # type: ignore[type-arg]
    """read_pages in a thread, so that a reader that blocks (on a pipe) fails the test."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["pages"] = read_pages(path)
        except BaseException as err:  # noqa: BLE001 (handed to the test thread)
            result["error"] = err

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if path.is_fifo():  # let the blocked open() return
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"reading {path.name} did not finish in {seconds} s")
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["pages"]  # type: ignore[return-value]


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_hostile_file_gets_a_clear_error_or_a_correct_result_in_bounded_time_and_memory(
        kind: str, tmp_path: Path, record_property) -> None:  # type: ignore[no-untyped-def]
    path = hf.MAKERS[kind](tmp_path)
    outcome, words = EXPECTED[kind]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        pages = _read_without_hanging(path, 5.0) if kind == "fifo" else read_pages(path)
        error = None
    except IngestError as err:
        error = str(err)
    seconds = time.perf_counter() - started
    peak_mb = tracemalloc.get_traced_memory()[1] / 1048576
    tracemalloc.stop()
    record_property("seconds", round(seconds, 2))
    record_property("peak_mb", round(peak_mb, 1))
    print(f"{kind}: {seconds:.2f} s, {peak_mb:.1f} MB, {error or f'{len(pages)} pages'}")
    assert seconds < MAX_SECONDS, f"{kind} took {seconds:.1f} s"
    assert peak_mb < MAX_PEAK_MB, f"{kind} used {peak_mb:.0f} MB"
    if outcome == "error":
        assert error is not None, f"{kind} was accepted: {pages[0].text[:200]!r}"
        assert "\n" not in error and len(error) < 300
        for word in words:
            assert word in error
    else:
        assert error is None, f"{kind} was refused: {error}"
        text = "\n".join(p.text for p in pages)
        for expected in words:
            assert expected in text, f"{expected!r} not in {text[:500]!r}"


def test_javascript_and_attachments_are_never_part_of_the_text(tmp_path: Path) -> None:
    text = "\n".join(p.text for p in read_pages(hf.javascript_and_attachment_pdf(tmp_path)))
    assert "app.alert" not in text and "payload.exe" not in text and "MZ" not in text


def test_a_file_that_takes_too_long_is_stopped_at_the_time_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hf.thousand_pages_pdf(tmp_path)
    monkeypatch.setattr(readers, "MAX_SECONDS_PER_FILE", 0.1)  # reading it takes ~0.2 s
    started = time.perf_counter()
    with pytest.raises(IngestError, match="took longer than 0.1 s to read"):
        read_pages(path)
    assert time.perf_counter() - started < 2.0


def test_the_time_limit_holds_between_pages_outside_the_main_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads uploads in a worker thread, where no timer signal can be used."""
    path = hf.thousand_pages_pdf(tmp_path)
    monkeypatch.setattr(readers, "MAX_SECONDS_PER_FILE", 0.1)  # reading it takes ~0.2 s
    with pytest.raises(IngestError, match="took longer than 0.1 s"):
        _read_without_hanging(path, 10.0)


def test_more_pages_than_the_limit_is_refused_before_reading_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hf.thousand_pages_pdf(tmp_path)
    monkeypatch.setattr(readers, "MAX_PDF_PAGES", 1000)
    started = time.perf_counter()
    with pytest.raises(IngestError, match="1200 pages: more than the 1000-page limit"):
        read_pages(path)
    assert time.perf_counter() - started < 2.0


def test_a_file_that_cannot_be_opened_says_why(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Permissions cannot be tested as root, so the refusal is simulated."""
    path = tmp_path / "locked.pdf"
    path.write_bytes(hf.good_pdf())
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(IngestError, match=r"cannot be read \(Permission denied\)"):
        read_pages(path)


@pytest.mark.parametrize("when", ["after the folder was listed", "after it was hashed"])
def test_a_file_that_disappears_mid_ingest_fails_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "a-report.pdf").write_bytes(hf.good_pdf())
    (folder / "b-minutes.txt").write_text("1.1 The panel noted the minutes.\n", encoding="utf-8")
    vanishing = folder / "c-vanishing.txt"
    vanishing.write_text("1.1 Gone before it is read.\n", encoding="utf-8")
    settings = Settings(index=tmp_path / "index", embedder="fake")
    index = Index(settings)
    listed, hashed = pipeline.discover, pipeline.file_sha256

    def list_then_vanish(paths):  # type: ignore[no-untyped-def]
        files = listed(paths)
        vanishing.unlink()
        return files

    def hash_then_vanish(path: Path) -> str:  # the reader works a file behind the hashing
        digest = hashed(path)
        if path == vanishing:
            vanishing.unlink()
        return digest

    if when == "after the folder was listed":
        monkeypatch.setattr(pipeline, "discover", list_then_vanish)
    else:
        monkeypatch.setattr(pipeline, "file_sha256", hash_then_vanish)
    report = ingest([folder], index, FakeEmbedder())
    status = {o.path.name: (o.status, o.error) for o in report.outcomes}
    assert status["a-report.pdf"][0] == "added"
    assert status["b-minutes.txt"][0] == "added"
    assert status["c-vanishing.txt"] == ("failed", "file not found")
    assert {d.meta.document for d in index.catalog.documents()} == {"a-report.pdf",
                                                                     "b-minutes.txt"}


def test_a_corrupted_new_version_keeps_the_indexed_one(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(hf.good_pdf())
    settings = Settings(index=tmp_path / "index", embedder="fake")
    index = Index(settings)
    first = ingest([path], index, FakeEmbedder())
    path.write_bytes(hf.good_pdf()[:500])
    second = ingest([path], index, FakeEmbedder())
    assert second.failed and "corrupt or unreadable PDF" in second.failed[0].error
    kept = index.catalog.document("report.pdf")
    assert kept is not None and kept.chunks == first.outcomes[0].chunks
    assert index.vectors.all_ids() == index.catalog.chunk_ids()


def test_cli_batch_of_hostile_files_goes_on_reports_each_and_loses_nothing(
        tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    made = {kind: make(folder) for kind, make in hf.MAKERS.items()}
    (folder / "good-report.pdf").write_bytes(hf.good_pdf())
    index = tmp_path / "index"
    env = dict(os.environ, SCRUTINY_EMBEDDER="fake")
    env.pop("SCRUTINY_INDEX", None)
    first = subprocess.run([str(SCRUTINY), "ingest", str(MEDWAY), "--index", str(index),
                            "--quiet"], env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    explicit = [made["unsupported_extension"], made["missing_file"], made["directory_named"]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([str(SCRUTINY), "ingest", str(folder), *map(str, explicit),
                           "--index", str(index)], env=env, capture_output=True, text=True,
                          timeout=300)
    seconds = time.perf_counter() - started
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(f"batch of {len(made) + 1} files: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB\n"
          f"{done.stderr}")
    assert done.returncode == 1, done.stderr
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("error: ")]
    failed = {kind for kind, (outcome, _) in EXPECTED.items() if outcome == "error"}
    for kind in failed:
        lines = [ln for ln in errors if ln.startswith(f"error: {made[kind]}: ")]
        assert len(lines) == 1, f"{kind}: expected one error line naming {made[kind]}: {errors}"
        for word in EXPECTED[kind][1]:
            assert word in lines[0]
    assert len(errors) == len(failed), errors
    settings = Settings(index=index, embedder="fake")
    state = inspect(settings, ask=True, question="What was the social worker turnover?")
    assert not state["problems"], state["problems"]
    expected_docs = {made[k].name for k, (outcome, _) in EXPECTED.items() if outcome == "ok"}
    assert set(state["documents"]) == expected_docs | {"good-report.pdf", MEDWAY.name}
    listed = json.loads(subprocess.run([str(SCRUTINY), "docs", "--json", "--index", str(index)],
                                       env=env, capture_output=True, text=True,
                                       timeout=120).stdout)
    medway = next(d for d in listed if d["document"] == MEDWAY.name)
    assert medway["chunks"] > 10  # the document indexed before the batch is still whole


def test_an_alarm_that_lands_in_the_timers_own_exit_is_still_the_time_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The timer's signal can arrive after the last page, before the timer's own exit runs:
    it is still the time limit, and the timer and its handler are taken down."""
    import signal

    class AlarmBeforeExit(readers.time_limit):
        def __exit__(self, *exc: object) -> None:
            raise readers._OutOfTime  # as if the signal came first

    path = tmp_path / "note.txt"
    path.write_text("A short note.")
    monkeypatch.setattr(readers, "time_limit", AlarmBeforeExit)
    with pytest.raises(IngestError, match="took longer than"):
        read_pages(path)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
