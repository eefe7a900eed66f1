"""Extraction per document: figures, risks, recommendations, commitments, judgements.

Works from the index's catalog (the stored chunks and the document's metadata),
so it needs no embeddings and every quote is checked against the text that
answers cite. Each extractor is a small module; this one runs them in order and
drops exact duplicates (the same kind, label and value from the same sentence).
"""

from __future__ import annotations

from assistant.briefing.actions import commitments, recommendations
from assistant.briefing.figures import figures
from assistant.briefing.inspection import improvements, judgements
from assistant.briefing.risks import is_register, risks
from assistant.briefing.types import KINDS, Item
from assistant.index import Index
from assistant.types import Chunk, DocumentMeta


def extract(meta: DocumentMeta, chunks: list[Chunk]) -> list[Item]:
    """Every item of one document, grouped by kind in a fixed order, then in reading order."""
    register = is_register(chunks)
    found = (figures(meta, chunks, skip_prose=register) + risks(meta, chunks)
             + recommendations(meta, chunks)
             + ([] if register else commitments(meta, chunks))
             + judgements(meta, chunks) + improvements(meta, chunks))
    seen: set[tuple[str, str, str, str]] = set()
    unique: list[Item] = []
    for item in found:
        key = (item.kind, item.label, item.value, item.source.chunk_id)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(unique, key=lambda i: order[i.kind])


def extract_document(index: Index, document: str) -> tuple[DocumentMeta, list[Item]]:
    """Items of an indexed document, looked up by file name."""
    indexed = index.catalog.document(document)
    if indexed is None:
        raise FileNotFoundError(f"{document} is not in the index at {index.directory} "
                                "(see: scrutiny docs)")
    return indexed.meta, extract(indexed.meta, index.catalog.chunks(document))
