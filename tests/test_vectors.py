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


def test_a_filter_naming_many_ids_is_queried_in_parts_and_merged_nearest_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors_module, "IDS_PER_QUERY", 3)
    vectors = ChromaVectors(Settings(index=tmp_path), tmp_path)
    rng = np.random.default_rng(7)
    stored = rng.standard_normal((10, 384)).astype(np.float32)
    stored /= np.linalg.norm(stored, axis=1, keepdims=True)
    ids = [f"c{i}" for i in range(10)]
    vectors.add(ids, stored)
    query = stored[4] + 0.5 * stored[8]
    query /= np.linalg.norm(query)
    admitted = ids[1:9]  # three parts: 3 + 3 + 2 ids
    nearest = sorted(admitted, key=lambda i: -float(stored[int(i[1:])] @ query))[:4]
    sizes: list[int] = []
    real_query = vectors.collection.query
    monkeypatch.setattr(vectors.collection, "query",
                        lambda **kw: sizes.append(len(kw["ids"])) or real_query(**kw))
    assert [i for i, _ in vectors.query(query, 4, admitted)] == nearest
    assert sizes == [3, 3, 2]
