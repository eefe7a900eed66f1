"""The use cases, in one place, for the CLI and the app alike."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.embedding import Embedder, make_embedder
from assistant.index import Index
from assistant.retrieval import retrieve
from assistant.settings import Settings
from assistant.types import Answer, Filters, Hit, IndexedDocument

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


class Assistant:
    """Settings, index and embedder, loaded lazily and kept for the process's life."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None,
                 index: Index | None = None, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings or Settings()
        self._embedder = embedder
        self._index = index
        self._chat_model = chat_model

    @cached_property
    def index(self) -> Index:
        return self._index or Index(self.settings)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        return self._embedder

    @property
    def embedder_loaded(self) -> bool:
        """Whether the embedder is made yet (making it may build or load a model)."""
        return self._embedder is not None

    @property
    def chat_model(self) -> BaseChatModel:
        """Only generative mode needs one; made from settings on first use."""
        if self._chat_model is None:
            from assistant.generative import make_chat_model

            self._chat_model = make_chat_model(self.settings)
        return self._chat_model

    def documents(self) -> list[IndexedDocument]:
        return self.index.catalog.documents()

    def embedder_mismatch(self) -> str | None:
        """What to do when indexed vectors came from another embedder than questions use."""
        others = {name: n for name, n in self.index.catalog.embedders().items()
                  if name and name != self.embedder.name}
        if not others:
            return None
        made = ", ".join(f"{n} by {name}" for name, n in sorted(others.items()))
        count = sum(others.values())
        return (f"{count} indexed document{'s were' if count > 1 else ' was'} embedded by "
                "another model "
                f"({made}); questions are embedded by {self.embedder.name}. Answers still "
                "work but may rank passages less well: run scrutiny ingest on the same "
                "folders to re-embed them.")

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return retrieve(query, self.index, self.embedder, filters, k=k)

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress=None):  # type: ignore[no-untyped-def]
        from ingest.pipeline import ingest

        return ingest(paths, self.index, self.embedder, prune=prune,
                      progress=progress)

    def remove(self, document: str) -> bool:
        from ingest.pipeline import remove_document

        return remove_document(self.index, document)

    def ask(self, question: str, filters: Filters | None = None,
            history: Sequence[str] = ()) -> Answer:
        """A cited answer; `history` holds the conversation's earlier questions."""
        from assistant.answering import answer

        def extractive() -> Answer:
            return answer(question, self.index, self.embedder, filters, history=history)

        if self.settings.answer_mode != "generative":
            return extractive()
        from assistant.answering import describe_scope
        from assistant.conversation import retrieval_query
        from assistant.generative import generate_answer

        hits = self.search(retrieval_query(question, history), k=8, filters=filters)
        scope = describe_scope(self.index.snapshot().metas, filters or Filters())
        return generate_answer(question, hits, self.chat_model, fallback=extractive,
                               scope=scope)
