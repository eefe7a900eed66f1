"""The Briefing page, driven with AppTest over a small fake-embedder index."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_corpus import INJECTION, MEDWAY, OFSTED, index_for_app

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGE = "app_pages/briefing.py"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return index_for_app(tmp_path, monkeypatch, with_ofsted=True)


def briefing_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_briefing_page_shows_items_questions_and_export(env: Path) -> None:
    at = briefing_page()
    at.selectbox(key="brief-document").set_value(MEDWAY).run()
    assert not at.exception, at.exception
    assert at.subheader[0].value.startswith("Improvement Update")
    texts = [m.value for m in at.markdown]
    assert any("Insufficient Workforce" in t for t in texts)  # the risk question
    assert len(at.dataframe) >= 4  # figures, risks, recommendations, commitments
    assert not at.error


def test_briefing_page_by_meeting_date_lists_that_days_papers(env: Path) -> None:
    at = briefing_page()
    at.segmented_control(key="brief-mode").set_value("A meeting date").run()
    at.selectbox(key="brief-date").set_value("2023-09-11").run()
    assert not at.exception, at.exception
    # the Ofsted report is the only paper of that date
    assert [s.value for s in at.subheader] == [
        "Inspection of Medway local authority children's services (ILACS)"]
    assert any(OFSTED in c.value.replace("\\", "") for c in at.caption)


def test_briefing_page_renders_hostile_document_text_inert(env: Path) -> None:
    at = briefing_page()
    at.selectbox(key="brief-document").set_value(INJECTION).run()
    assert not at.exception, at.exception
    shown = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "](javascript" not in shown and "<script" not in shown
