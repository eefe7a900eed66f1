"""Citations by construction: a citation points at a retrieved chunk, and its quote
is checked, verbatim, against that chunk's stored text before it is shown."""

from __future__ import annotations

import re

from assistant.types import Citation, Hit

# A sentence in a document that talks to a model rather than to a reader.
INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,60}"
    r"\b(?:instructions?|prompts?|rules|guidelines)\b"
    r"|\bsystem prompt\b|\byou are now\b"
    r"|\b(?:AI|assistant|chatbot|model)s? (?:must|should) (?:say|answer|reply|respond|state)\b",
    re.I)


def quotable(sentence: str) -> bool:
    """A sentence may be quoted as an answer unless it addresses a model, not a reader."""
    return not INSTRUCTION.search(sentence)


class QuoteNotFound(ValueError):
    """A quote that is not, verbatim, in the chunk it cites."""


def verified_quote(hit: Hit, quote: str) -> str:
    quote = quote.strip()
    if not quote or quote not in hit.chunk.text:
        raise QuoteNotFound(f"quote not found verbatim in chunk {hit.chunk.id}")
    return quote


class CitationBuilder:
    """Numbers citations [1], [2] ... in order of first use; one number per passage."""

    def __init__(self) -> None:
        self._cited: dict[str, Citation] = {}

    def cite(self, hit: Hit, quote: str, n: int = 0) -> Citation | None:
        try:
            quote = verified_quote(hit, quote)
        except QuoteNotFound:
            return None
        meta, chunk = hit.meta, hit.chunk
        return Citation(n=n, document=chunk.document, title=meta.title, council=meta.council,
                        date=meta.date, page=chunk.page, paragraph=chunk.paragraph, quote=quote,
                        score=hit.score, chunk_id=chunk.id, body=meta.body)

    def marker(self, hit: Hit, quote: str) -> str:
        """'[n]' for this passage, registering the citation on first use."""
        existing = self._cited.get(hit.chunk.id)
        if existing is None:
            citation = self.cite(hit, quote, n=len(self._cited) + 1)
            if citation is None:
                return ""
            self._cited[hit.chunk.id] = citation
            existing = citation
        return f"[{existing.n}]"

    def related(self, hit: Hit, quote: str) -> Citation | None:
        if hit.chunk.id in self._cited:
            return None
        return self.cite(hit, quote)

    def citations(self) -> tuple[Citation, ...]:
        return tuple(sorted(self._cited.values(), key=lambda c: c.n))
