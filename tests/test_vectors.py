"""The Chroma adapter's search width, on a real embedded store."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from chromadb.api.shared_system_client import SharedSystemClient

import assistant.vectors as vectors_module
from assistant.settings import Settings
from assistant.vectors import SEARCH_EF, ChromaVectors


def _ef_search(vectors: ChromaVectors) -> int:
    return int(vectors.collection.configuration["hnsw"]["ef_search"])


def test_a_new_collection_searches_wider_than_chromas_default(tmp_path: Path) -> None:
    vectors = ChromaVectors(Settings(index=tmp_path), tmp_path)
    assert _ef_search(vectors) == SEARCH_EF > 100


def test_a_collection_made_with_chromas_default_is_widened_and_keeps_its_vectors(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(index=tmp_path)
    with monkeypatch.context() as before:  # as collections were made before SEARCH_EF
        before.setattr(vectors_module, "SEARCH_EF", 100)
        made = ChromaVectors(settings, tmp_path)
        made.add(["a", "b"], np.eye(2, 384, dtype=np.float32))
        assert _ef_search(made) == 100
    SharedSystemClient.clear_system_cache()

    vectors = ChromaVectors(settings, tmp_path)
    assert _ef_search(vectors) == SEARCH_EF
    assert vectors.all_ids() == {"a", "b"}
    assert [i for i, _ in vectors.query(np.eye(1, 384, dtype=np.float32)[0], 2)] == ["a", "b"]
