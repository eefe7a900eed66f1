"""Shared fixtures: fake-embedder indexes for fast tests, a real-model index for marked tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.embedding import FakeEmbedder  # noqa: E402
from assistant.index import Index  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"
MEDWAY = CORPUS / "medway_2024-03-07_cyp-osc_improvement-update.txt"


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus sits beside the project in CI)")
    return path


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    return Settings(index=tmp_path / "index", embedder="fake")


@pytest.fixture
def fake_assistant(fake_settings: Settings) -> Assistant:
    embedder = FakeEmbedder()
    return Assistant(fake_settings, embedder=embedder, index=Index(fake_settings))


@pytest.fixture
def medway_assistant(fake_assistant: Assistant) -> Assistant:
    """The Medway report alone, indexed with the fake embedder."""
    report = fake_assistant.ingest([MEDWAY])
    assert not report.failed, report.failed
    return fake_assistant


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(index=tmp_path_factory.mktemp("real") / "index")


@pytest.fixture(scope="session")
def real_assistant(real_settings: Settings) -> Assistant:
    """corpus/ and the Kent papers, with the real MiniLM model and a real Chroma store.

    Built once per test session; the evaluation guard and the real-model tests share it.
    """
    kent = SHARED / "kent"
    if not kent.exists():
        pytest.skip(f"{kent} is absent (the shared corpus sits beside the project in CI)")
    assistant = Assistant(real_settings)
    report = assistant.ingest([CORPUS, kent])
    assert not report.failed, [(o.path.name, o.error) for o in report.failed]
    return assistant
