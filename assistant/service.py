"""The use cases, in one place, for the CLI and the app alike."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from assistant.embedding import Embedder, make_embedder
from assistant.index import Index
from assistant.retrieval import retrieve
from assistant.settings import Settings
from assistant.types import Filters, Hit, IndexedDocument


class Assistant:
    """Settings, index and embedder, loaded lazily and kept for the process's life."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None,
                 index: Index | None = None) -> None:
        self.settings = settings or Settings()
        self._embedder = embedder
        self._index = index

    @cached_property
    def index(self) -> Index:
        return self._index or Index(self.settings)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        return self._embedder

    def documents(self) -> list[IndexedDocument]:
        return self.index.catalog.documents()

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return retrieve(query, self.index, self.embedder, filters, k=k)

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress=None):  # type: ignore[no-untyped-def]
        from ingest.pipeline import ingest

        return ingest(paths, self.index, self._embedder_for_ingest(), prune=prune,
                      progress=progress)

    def remove(self, document: str) -> bool:
        from ingest.pipeline import remove_document

        return remove_document(self.index, document)

    def _embedder_for_ingest(self) -> Embedder:
        return self.embedder


def _ask(self: Assistant, question: str, filters: Filters | None = None,
         history: Sequence[str] = ()) -> Answer:
    from assistant.answering import answer

    return answer(question, self.index, self.embedder, filters, history=history)


Assistant.ask = _ask  # type: ignore[attr-defined]
