"""The index: catalog (what is indexed, chunk text), vectors (Chroma) and keywords (BM25).

Readers open it freely; one writer at a time holds the ingest lock.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.acronyms import Glossary, definitions
from assistant.alternatives import Pairs, lower_case_words, paired_names
from assistant.catalog import Catalog
from assistant.keyword import KeywordIndex
from assistant.question import section_tags
from assistant.settings import Settings
from assistant.types import Chunk, DocumentMeta, Filters
from assistant.vectors import ChromaVectors


class IndexBusy(Exception):
    """Another process is writing to the index."""


@dataclass
class Snapshot:
    """Everything searchable at one catalog version, loaded once and reused by readers."""

    version: str
    chunks: list[Chunk]
    metas: dict[str, DocumentMeta]
    keyword: KeywordIndex
    position: dict[str, int]
    doc_of: np.ndarray  # document name per chunk position
    sections: list[frozenset[str]]  # standard-section tags of each chunk's heading
    first_chunk: dict[str, int]  # each document's first chunk's position
    glossaries: dict[str, Glossary]  # each document's own abbreviations
    alternatives: dict[str, Pairs]  # each document's names paired as alternatives

    def mask(self, filters: Filters) -> np.ndarray | None:
        if filters.is_empty():
            return None
        allowed = {name for name, meta in self.metas.items() if filters.admits(meta)}
        return np.isin(self.doc_of, list(allowed))

    def allowed_chunk_ids(self, filters: Filters) -> list[str] | None:
        """The ids of the chunks a filter admits (None: no filter, every chunk)."""
        mask = self.mask(filters)
        if mask is None:
            return None
        return [chunk.id for chunk, admitted in zip(self.chunks, mask, strict=True) if admitted]


def _first_positions(chunks: list[Chunk]) -> dict[str, int]:
    """Each document's first chunk's position (the catalog lists chunks in reading order)."""
    first: dict[str, int] = {}
    for position, chunk in enumerate(chunks):
        first.setdefault(chunk.document, position)
    return first


def _texts_by_document(chunks: list[Chunk]) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for chunk in chunks:
        texts.setdefault(chunk.document, []).append(chunk.text)
    return texts


class Index:
    def __init__(self, settings: Settings, directory: Path | None = None) -> None:
        self.settings = settings
        self.directory = Path(directory or settings.index).expanduser()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(self.directory / "catalog.sqlite")
        self._snapshot: Snapshot | None = None
        self._vectors_version = ""  # catalog version when the vector store was last (re)opened

    @cached_property
    def vectors(self) -> ChromaVectors:
        self._vectors_version = self.catalog.version()
        return ChromaVectors(self.settings, self.directory, owner=self.catalog.identity())

    def snapshot(self) -> Snapshot:
        """The searchable state, rebuilt only when the catalog has changed.

        Another process (a CLI ingest) may have changed the catalog: the vector
        store is then reopened too, so that it holds every chunk the new snapshot
        lists (vectors are written before their catalog rows).
        """
        version = self.catalog.version()
        if "vectors" in self.__dict__ and self._vectors_version != version:
            self.vectors.refresh()
            self._vectors_version = version
        if self._snapshot is None or self._snapshot.version != version:
            chunks = self.catalog.chunks()
            metas = {d.meta.document: d.meta for d in self.catalog.documents()}
            texts = _texts_by_document(chunks)
            common = lower_case_words(c.text for c in chunks)
            self._snapshot = Snapshot(
                version=version, chunks=chunks, metas=metas,
                keyword=KeywordIndex([f"{c.heading} {c.text}" for c in chunks]),
                position={c.id: i for i, c in enumerate(chunks)},
                doc_of=np.array([c.document for c in chunks], dtype=object),
                sections=[section_tags(f"{c.heading}\n{c.text[:400]}") for c in chunks],
                first_chunk=_first_positions(chunks),
                glossaries={document: definitions(found) for document, found in texts.items()},
                alternatives={document: paired_names(found, common)
                              for document, found in texts.items()},
            )
        return self._snapshot

    @contextmanager
    def writer(self, tidy: bool = True) -> Iterator[None]:
        """Hold the single-writer lock; tidy orphans a crashed writer may have left (with
        `tidy=False` the caller calls `remove_orphans` itself, before it looks a vector up
        or writes one)."""
        path = self.directory / "ingest.lock"
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise IndexBusy(f"another ingest is running on {self.directory} (pid {holder}); "
                            "wait for it to finish and try again") from err
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            if "vectors" in self.__dict__:  # opened before another writer may have run
                self.vectors.refresh()
                self._vectors_version = self.catalog.version()
            if tidy:
                self.remove_orphans()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def remove_orphans(self) -> int:
        """Delete vectors that no catalogued chunk owns (left by an interrupted ingest)."""
        orphans = self.vectors.all_ids() - self.catalog.chunk_ids()
        if orphans:
            self.vectors.delete(sorted(orphans))
        return len(orphans)

    def close(self) -> None:
        self.catalog.close()
