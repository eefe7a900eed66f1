"""Domain types shared by ingest, retrieval, answering and the shells."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """The text of one page of a source file (1-based page number)."""

    number: int
    text: str


@dataclass(frozen=True)
class DocumentMeta:
    """What we know about a document: from a manifest, or inferred from its text."""

    document: str  # file name, the document's key in the index
    title: str
    council: str | None = None
    body: str | None = None
    document_type: str | None = None
    date: str | None = None  # YYYY-MM-DD
    source_path: str = ""
    inferred: tuple[str, ...] = ()  # names of the fields guessed rather than given


@dataclass(frozen=True)
class Chunk:
    """A passage cut along the document's structure, with its citation built in."""

    id: str
    document: str
    text: str  # verbatim passage text: quotes are checked against this
    page: int
    paragraph: str | None
    heading: str  # heading path, " > " separated
    kind: str  # paragraph | list | table | heading | text
    ordinal: int  # position within the document

    def embed_text(self, meta: DocumentMeta) -> str:
        """Text given to the embedder: a short context line, then the passage.

        The context (title, nearest heading) is capped at 6 words/48 characters each so,
        a passage within the chunk budget, the whole fits the model's input."""
        context = self.context_line(meta)
        return f"{context}\n{self.text}" if context else self.text

    def context_line(self, meta: DocumentMeta) -> str:
        """The document's title and the passage's nearest heading, shortened ('' if neither)."""
        heading = self.heading.split(" > ")[-1] if self.heading else ""
        parts = [" ".join(part.split()[:6])[:48] for part in (meta.title, heading) if part]
        return " | ".join(parts)


@dataclass(frozen=True)
class IndexedDocument:
    """A document as listed by the index."""

    meta: DocumentMeta
    sha256: str
    pages: int
    chunks: int
    ingested_at: str

    def as_json(self) -> dict[str, Any]:
        data = asdict(self.meta)
        data["inferred"] = list(self.meta.inferred)
        data.update(pages=self.pages, chunks=self.chunks, sha256=self.sha256,
                    ingested_at=self.ingested_at)
        return data


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its scores."""

    chunk: Chunk
    meta: DocumentMeta
    score: float
    dense: float = 0.0
    keyword: float = 0.0


@dataclass(frozen=True)
class Citation:
    n: int
    document: str
    title: str
    council: str | None
    date: str | None
    page: int
    paragraph: str | None
    quote: str
    score: float
    chunk_id: str = ""
    body: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.n, "document": self.document, "title": self.title,
            "council": self.council, "date": self.date, "page": self.page,
            "paragraph": self.paragraph, "quote": self.quote, "score": round(self.score, 4),
            "chunk_id": self.chunk_id, "body": self.body,
        }


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    related: tuple[Citation, ...] = ()
    scope: str = ""  # what was searched, e.g. "searched 12 Ofsted reports, 2019-2025"
    kind: str = "fact"
    timings: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.as_json() for c in self.citations],
            "related": [c.as_json() for c in self.related],
            "scope": self.scope,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Filters:
    """Restrictions on what a search may return. Empty means everything."""

    councils: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    document_types: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def is_empty(self) -> bool:
        return not (self.councils or self.bodies or self.document_types or self.documents
                    or self.date_from or self.date_to)

    def admits(self, meta: DocumentMeta) -> bool:
        if self.councils and meta.council not in self.councils:
            return False
        if self.bodies and meta.body not in self.bodies:
            return False
        if self.document_types and meta.document_type not in self.document_types:
            return False
        if self.documents and meta.document not in self.documents:
            return False
        if self.date_from and (meta.date is None or meta.date < self.date_from):
            return False
        return not (self.date_to and (meta.date is None or meta.date > self.date_to))
