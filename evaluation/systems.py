"""The systems an evaluation compares: ours, BM25 only, dense only, and the naive pipeline."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.retrieval import Weights, retrieve
from assistant.service import Assistant

Loc = tuple[str, int]


@dataclass
class Outcome:
    answer: str
    abstained: bool
    citations: list[Loc]
    quotes: list[tuple[str, str]]  # (quote, the stored text it claims to come from)
    retrieved: list[Loc]
    seconds: float
    confidence: float = 1.0
    extra: dict = field(default_factory=dict)  # type: ignore[type-arg]


class System(Protocol):
    name: str

    def run(self, question: str) -> Outcome: ...


class Ours:
    """The full system; `weights` swaps the fusion (e.g. reciprocal-rank) for comparison."""

    def __init__(self, assistant: Assistant, threshold: float | None = None,
                 weights: Weights | None = None, name: str = "scrutiny") -> None:
        self.assistant = assistant
        self.threshold = threshold
        self.weights = weights
        self.name = name

    def run(self, question: str) -> Outcome:
        from assistant.answering import answer

        started = time.perf_counter()
        result = answer(question, self.assistant.index, self.assistant.embedder,
                        threshold=self.threshold, weights=self.weights)
        seconds = time.perf_counter() - started
        texts = {c.id: c.text for c in self.assistant.index.snapshot().chunks}
        hits = retrieve(question, self.assistant.index, self.assistant.embedder, k=10,
                        weights=self.weights)
        return Outcome(
            answer=result.answer, abstained=result.abstained,
            citations=[(c.document, c.page) for c in result.citations],
            quotes=[(c.quote, texts.get(c.chunk_id, "")) for c in result.citations],
            retrieved=[(h.chunk.document, h.chunk.page) for h in hits], seconds=seconds,
            confidence=float(result.timings.get("confidence", 1.0)),
            extra=dict(result.timings))


class RetrieverOnly:
    """One retriever of ours, alone, with the top passage as the answer."""

    def __init__(self, assistant: Assistant, mode: str) -> None:
        self.assistant = assistant
        self.mode = mode
        self.name = {"keyword": "bm25-only", "dense": "dense-only"}[mode]

    def run(self, question: str) -> Outcome:
        started = time.perf_counter()
        hits = retrieve(question, self.assistant.index, self.assistant.embedder, k=10,
                        mode=self.mode, weights=Weights(affinity=0.0, per_document=100))
        seconds = time.perf_counter() - started
        top = hits[0].chunk if hits else None
        return Outcome(answer=top.text if top else "", abstained=False,
                       citations=[(top.document, top.page)] if top else [],
                       quotes=[(top.text, top.text)] if top else [],
                       retrieved=[(h.chunk.document, h.chunk.page) for h in hits],
                       seconds=seconds)


class NaiveLangChain:
    """What a newcomer builds: PyPDFLoader per page, 1000/200 splitter, MiniLM, Chroma top-5."""

    name = "naive-langchain"

    def __init__(self, sources: list[Path], model_path: str) -> None:
        from langchain_chroma import Chroma
        from langchain_community.document_loaders import PyPDFLoader, TextLoader
        from langchain_huggingface import HuggingFaceEmbeddings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        pages = []
        for path in sources:
            loader = PyPDFLoader(str(path)) if path.suffix.lower() == ".pdf" else \
                TextLoader(str(path), encoding="utf-8")
            pages.extend(loader.load())
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        chunks = splitter.split_documents(pages)
        self._dir = tempfile.TemporaryDirectory(prefix="naive-chroma-")
        embeddings = HuggingFaceEmbeddings(model_name=model_path)
        import chromadb

        client = chromadb.PersistentClient(
            path=self._dir.name, settings=chromadb.config.Settings(anonymized_telemetry=False))
        self.store = Chroma.from_documents(chunks, embeddings, client=client,
                                           collection_name="naive")
        self.chunks = len(chunks)

    def run(self, question: str) -> Outcome:
        started = time.perf_counter()
        docs = self.store.similarity_search(question, k=5)
        seconds = time.perf_counter() - started
        locs = [(Path(d.metadata.get("source", "")).name, int(d.metadata.get("page", 0)) + 1)
                for d in docs]
        return Outcome(answer=docs[0].page_content if docs else "", abstained=False,
                       citations=locs, quotes=[(d.page_content, d.page_content) for d in docs],
                       retrieved=locs, seconds=seconds)
