"""The Streamlit pages, driven with AppTest over a small fake-embedder index."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.embedding import FakeEmbedder
from assistant.service import Assistant
from tests.app_corpus import INJECTION, MEDWAY, index_for_app

APP = Path(__file__).resolve().parent.parent / "app.py"
TURNOVER = "What is the social worker turnover rate?"
QUOTE = "Turnover rate is 27% and vacancy levels for case holding social workers is 30%."


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's settings point at a fresh index holding Medway + the injection paper."""
    return index_for_app(tmp_path, monkeypatch)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict]]:
    """Every Assistant.ask the page makes, with its arguments."""
    seen: list[dict] = []
    original = Assistant.ask  # type: ignore[attr-defined]

    def spy(self, question, filters=None, history=()):  # type: ignore[no-untyped-def]
        seen.append({"question": question, "filters": filters, "history": list(history)})
        return original(self, question, filters=filters, history=history)

    monkeypatch.setattr(Assistant, "ask", spy)
    yield seen


def start(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def bodies(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html if not h.proto.body.startswith("<style>")]


def cards(at: AppTest) -> list[str]:
    return [b for b in bodies(at) if b.startswith('<div class="source-card">')]


def test_first_page_shows_the_title_and_starters_from_the_corpus(env: Path) -> None:
    at = start()
    assert at.title[0].value == "Ask the reports"
    labels = [b.label for b in at.button]
    assert "What are the key risks in the latest improvement update?" in labels
    assert any("Library opening hours review" in label for label in labels)
    assert not at.error


def test_an_answer_shows_markers_scope_and_a_full_source_card(env: Path) -> None:
    at = ask(start(), TURNOVER)
    answer = next(b for b in bodies(at) if b.startswith('<div class="answer-text">'))
    assert QUOTE in answer and '<span class="cite-marker">[1]</span>' in answer
    assert any(b.startswith('<div class="scope">Searched 2 documents, 2024-2025') for b in bodies(at))
    card = cards(at)[0]
    assert "Improvement Update (Children and Young People Overview and Scrutiny Committee)" in card
    assert "Medway Council · Children and Young People Overview and Scrutiny Committee" in card
    assert "7 March 2024 · page 1 · paragraph 5.6" in card
    assert "<mark>Turnover</mark> <mark>rate</mark>" in card and "<mark>workers</mark>" in card
    assert any(d.label == "Download the original text" for d in at.get("download_button"))


def test_follow_up_questions_carry_the_earlier_ones(env: Path, calls: list[dict]) -> None:
    at = ask(ask(start(), TURNOVER), "And what about the vacancy rate?")
    assert [c["history"] for c in calls] == [[], [TURNOVER]]
    assert len(at.session_state["turns"]) == 2
    assert len([b for b in bodies(at) if b.startswith('<div class="question-text">')]) == 2


def test_a_starter_button_asks_its_question(env: Path, calls: list[dict]) -> None:
    at = start()
    next(b for b in at.button if b.label.startswith("What are the key risks")).click().run()
    assert calls[0]["question"] == "What are the key risks in the latest improvement update?"
    assert cards(at)


def test_sidebar_filters_apply_to_the_next_question(env: Path, calls: list[dict]) -> None:
    at = start()
    documents = next(m for m in at.sidebar.multiselect if m.label == "Documents")
    documents.set_value([INJECTION]).run()
    at = ask(at, TURNOVER)
    assert calls[0]["filters"].documents == (INJECTION,)
    assert any(b.startswith('<div class="scope">Searched 1 document, 2025') for b in bodies(at))
    assert not any("Improvement Update" in card for card in cards(at))


def test_an_abstention_says_so_and_lists_related_passages(env: Path) -> None:
    at = ask(start(), "Who won the Eurovision song contest in 1974?")
    assert any(b.startswith('<div class="abstain">No answer found') for b in bodies(at))
    assert not any(b.startswith('<div class="answer-text">') for b in bodies(at))
    assert any("Related passages" in b for b in bodies(at)) and cards(at)


def test_an_abstention_for_a_council_with_no_documents_says_why(env: Path) -> None:
    at = ask(start(), "What did Ofsted say about Surrey County Council's children's services?")
    assert any(b.startswith('<div class="abstain">No answer found') and "No indexed document "
               "is from Surrey County Council" in b for b in bodies(at))


def test_the_source_opens_with_the_cited_passage_outlined(env: Path) -> None:
    at = ask(start(), TURNOVER)
    next(b for b in at.button if b.label == "Read the document").click().run()
    passage = next(b for b in bodies(at) if b.startswith('<div class="passage">'))
    assert '<span class="cited"><mark>Turnover</mark> <mark>rate</mark> is 27%' in passage


def test_document_markup_is_shown_as_text_never_as_markup(env: Path) -> None:
    at = ask(start(), "What did the library opening hours survey find?")
    next(b for b in at.button if b.label == "Read the document").click().run()
    shown = "\n".join(bodies(at))
    assert "Testshire" in shown
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;" in shown
    for live in ("<script", "<img", "<a ", "href="):
        assert live not in shown
    # Widget labels are Markdown: none may carry document text that could become a link.
    assert not any("javascript" in b.label or "](" in b.label for b in at.button)


def test_the_conversation_can_be_exported_and_cleared(env: Path) -> None:
    at = start()
    assert not [d for d in at.get("download_button") if d.label.startswith("Download as notes")]
    at = ask(at, TURNOVER)
    assert [d for d in at.get("download_button") if d.label.startswith("Download as notes")]
    next(b for b in at.sidebar.button if b.label == "Start a new conversation").click().run()
    assert at.session_state["turns"] == [] and not cards(at)


def test_the_library_lists_documents_in_a_sortable_table(env: Path) -> None:
    at = start("app_pages/library.py")
    table = at.dataframe[0].value
    assert list(table.columns) == ["Title", "Date", "Council", "Type", "Pages", "Chunks",
                                   "Body", "File"]
    assert set(table["File"]) == {MEDWAY, INJECTION}
    assert table.loc[table["File"] == MEDWAY, "Council"].item() == "Medway Council"


def upload(at: AppTest, name: str, data: bytes, mime: str = "text/plain") -> AppTest:
    at.file_uploader[0].set_value((name, data, mime))
    next(b for b in at.button if b.label == "Add to the library").click().run()
    assert not at.exception, at.exception
    return at


def test_an_upload_is_searchable_at_once(env: Path) -> None:
    text = (b"Allotments report\n\nTestshire Borough Council\n\n2.1 The allotment waiting list "
            b"stands at 312 households across the borough.\n")
    at = upload(start("app_pages/library.py"), "../Allotments Report.txt", text)
    assert any("Searchable now: Allotments Report.txt" in s.value for s in at.success)
    assert (env / "uploads" / "Allotments Report.txt").read_bytes() == text
    assert "Allotments Report.txt" in set(at.dataframe[0].value["File"])
    at.switch_page("app_pages/chat.py").run()
    at = ask(at, "How many households are on the allotment waiting list?")
    assert any("312 <mark>households</mark>" in card and "paragraph 2.1" in card
               for card in cards(at))


def test_a_bad_upload_gets_the_cli_error_and_is_not_kept(env: Path) -> None:
    at = upload(start("app_pages/library.py"), "agenda.pdf", b"<html>not a pdf</html>",
                "application/pdf")
    assert [e.value for e in at.error] == [
        "error: agenda.pdf: not a PDF (no %PDF header): check the file type"]
    assert not (env / "uploads").exists() or not any((env / "uploads").iterdir())
    assert len(at.dataframe[0].value) == 2


def test_an_upload_the_reader_rejects_is_removed_again(env: Path) -> None:
    at = upload(start("app_pages/library.py"), "scan.pdf", b"%PDF-1.4\n" + b"\x00" * 200,
                "application/pdf")
    assert at.error and at.error[0].value.startswith("error: scan.pdf: ")
    assert not (env / "uploads" / "scan.pdf").exists()


def test_an_oversized_upload_is_refused(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCRUTINY_MAX_UPLOAD_MB", "1")
    at = upload(start("app_pages/library.py"), "big.txt", b"word " * 300_000)
    assert [e.value for e in at.error] == [
        "error: big.txt: 1.4 MB: larger than the 1 MB upload limit"]


def test_a_document_can_be_removed(env: Path) -> None:
    at = start("app_pages/library.py")
    at.selectbox[0].set_value(INJECTION)
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Remove").click().run()
    assert any(s.value.startswith("Removed Library opening hours review") for s in at.success)
    assert set(at.dataframe[0].value["File"]) == {MEDWAY}


def test_removal_needs_confirmation(env: Path) -> None:
    at = start("app_pages/library.py")
    at.selectbox[0].set_value(INJECTION)
    next(b for b in at.button if b.label == "Remove").click().run()
    assert at.warning and len(at.dataframe[0].value) == 2


def test_a_broken_index_shows_a_message_not_a_traceback(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    monkeypatch.setenv("SCRUTINY_INDEX", str(blocker))
    monkeypatch.setenv("SCRUTINY_EMBEDDER", "fake")
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith("Could not open the library at")


def test_the_first_page_does_not_wait_for_the_model(env: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow model load happens in the background after the page is drawn."""
    def slow_model(settings):  # type: ignore[no-untyped-def]
        time.sleep(4)
        return FakeEmbedder()

    monkeypatch.setattr("assistant.service.make_embedder", slow_model)
    monkeypatch.setenv("SCRUTINY_BATCH_SIZE", "7")  # new settings: a fresh Assistant
    started = time.perf_counter()
    at = start()
    assert time.perf_counter() - started < 3
    assert at.title[0].value == "Ask the reports" and at.button


def test_the_chat_page_warns_when_the_library_was_embedded_by_another_model(
        env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FakeEmbedder, "name", "fake, version 2")
    # The page never waits for the model; by the second question it is surely loaded.
    at = ask(ask(start(), TURNOVER), "What are the key risks?")
    warnings = [w.value for w in at.warning]
    assert any("embedded by another model" in w and "scrutiny ingest" in w for w in warnings)


def test_no_embedder_warning_when_the_library_matches(env: Path) -> None:
    assert not ask(ask(start(), TURNOVER), "What are the key risks?").warning
