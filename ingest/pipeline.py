"""Ingest: files -> pages -> blocks -> chunks -> embeddings -> index, one document at a time.

Per document the order is: vectors for new chunks into the store, then the
catalog swap in one transaction, then the old version's vectors out. A crash at
any point leaves every catalogued document whole; re-running finishes the job.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from assistant.embedding import Embedder, make_embedder
from assistant.index import Index
from assistant.types import Chunk, DocumentMeta
from ingest.chunking import chunk_blocks
from ingest.metadata import describe, find_manifest_rows
from ingest.readers import SUPPORTED, IngestError, check_readable, read_pages
from ingest.structure import parse_blocks

CHUNKER_VERSION = "2"


@dataclass
class FileOutcome:
    path: Path
    status: str  # added | updated | unchanged | failed | removed
    pages: int = 0
    chunks: int = 0
    error: str = ""


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def chunks(self) -> int:
        return sum(o.chunks for o in self.outcomes if o.status in ("added", "updated"))

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        return (f"{self.count('added')} added, {self.count('updated')} updated, "
                f"{self.count('unchanged')} unchanged, {self.count('removed')} removed, "
                f"{self.count('failed')} failed; {self.chunks} chunks embedded in "
                f"{self.seconds:.1f} s")


Progress = Callable[[int, int, FileOutcome], None]


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: supported files under folders, and every file named explicitly."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:  # rglob does not follow links to folders, so a link loop cannot trap it
                inside = sorted(p for p in path.rglob("*")
                                if p.suffix.lower() in SUPPORTED and not p.name.startswith(".")
                                and p.name not in ("README.md", "LICENCE.md", "NOTICE.md")
                                and not p.is_dir())
            except OSError:
                inside = []
            found.extend(inside or [path])  # an empty or unreadable folder is reported
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def settings_key(embedder: Embedder, budget: int) -> str:
    return f"{embedder.name}|{budget}|{CHUNKER_VERSION}"


def prepare(path: Path, manifest: dict[str, dict[str, str]], count_tokens: Callable[[str], int],
            budget: int) -> tuple[DocumentMeta, int, list[Chunk]]:
    """Read, structure and chunk one file (no embedding)."""
    pages = read_pages(path)
    meta = describe(path, pages, manifest)
    chunks = chunk_blocks(meta.document, parse_blocks(pages), count_tokens, budget)
    if not chunks:
        raise IngestError("no text found to index")
    return meta, len(pages), chunks


EMBED_BATCH = 256  # texts per embedding round: several small documents share one
LOOKAHEAD = 8  # files read and chunked ahead of the one being embedded (memory: small)


@dataclass
class Prepared:
    """A changed file, read and chunked, waiting for its embeddings."""

    path: Path
    digest: str
    meta: DocumentMeta
    pages: int
    chunks: list[Chunk]


def ingest(paths: Sequence[Path], index: Index, embedder: Embedder | None = None,
           prune: bool = False, progress: Progress | None = None) -> IngestReport:
    """Bring the index up to date with the files under `paths`.

    Reading and chunking run one file ahead, in a worker thread, while the model
    embeds: the model is the slow part and releases the interpreter while it works.
    Chunks of several files are embedded together, identical texts once.
    """
    started = time.perf_counter()
    embedder = embedder or make_embedder(index.settings)
    budget = index.settings.chunk_tokens
    key = settings_key(embedder, budget)
    report = IngestReport()
    files = discover(paths)

    def emit(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if progress:
            progress(len(report.outcomes), len(files), outcome)

    with index.writer(), ThreadPoolExecutor(max_workers=1) as pool:
        manifests: dict[Path, dict[str, dict[str, str]]] = {}
        jobs: deque[tuple[Path, str, Future]] = deque()  # type: ignore[type-arg]
        waiting: list[Prepared] = []

        def take_one() -> None:
            """Collect the oldest prepared file; embed when a batch's worth is waiting."""
            nonlocal waiting
            path, digest, job = jobs.popleft()
            try:
                meta, pages, chunks = job.result()
            except Exception as err:  # a file must never stop the batch
                emit(FileOutcome(path, "failed", error=_reason(err)))
                return
            waiting.append(Prepared(path, digest, meta, pages, chunks))
            if sum(len(w.chunks) for w in waiting) >= EMBED_BATCH:
                for done in store(index, embedder, waiting, key):
                    emit(done)
                waiting = []

        for path in files:
            outcome = _unchanged_or_unreadable(path, index, key)
            if isinstance(outcome, FileOutcome):
                emit(outcome)
                continue
            if path.parent not in manifests:
                manifests[path.parent] = find_manifest_rows(path.parent)
            jobs.append((path, outcome, pool.submit(
                prepare, path, manifests[path.parent], embedder.count_tokens, budget)))
            if len(jobs) > LOOKAHEAD:  # read ahead a little, never the whole library
                take_one()
        while jobs:
            take_one()
        for done in store(index, embedder, waiting, key):
            emit(done)
        if prune:
            for removed in _prune(index, paths):
                emit(removed)
    report.seconds = time.perf_counter() - started
    return report


def _unchanged_or_unreadable(path: Path, index: Index, key: str) -> FileOutcome | str:
    """The outcome for a file that needs no work, else the file's content hash."""
    try:
        check_readable(path)
        digest = file_sha256(path)
    except Exception as err:
        return FileOutcome(path, "failed", error=_reason(err))
    if index.catalog.fingerprint(path.name) == (digest, key):
        known = index.catalog.document(path.name)
        return FileOutcome(path, "unchanged", known.pages if known else 0,
                           known.chunks if known else 0)
    return digest


def _reason(err: BaseException) -> str:
    if isinstance(err, IngestError):
        return str(err)
    if isinstance(err, OSError):
        return f"cannot be read ({err.strerror or err})"
    if isinstance(err, MemoryError):
        return "too large to process in memory"
    return f"could not be processed ({type(err).__name__}: {err})"


def store(index: Index, embedder: Embedder, batch: list[Prepared], key: str
          ) -> list[FileOutcome]:
    """Embed what the store lacks for these documents, add it, then record each document
    in the catalog (one transaction each) and drop its previous version's vectors."""
    if not batch:
        return []
    wanted = [(p, c) for p in batch for c in p.chunks]
    have = index.vectors.existing([c.id for _, c in wanted])
    todo = [(p, c) for p, c in wanted if c.id not in have]
    if todo:
        texts = [fitted_embed_text(c, p.meta, embedder) for p, c in todo]
        unique = list(dict.fromkeys(texts))
        vectors = embedder.embed(unique)
        row = {text: i for i, text in enumerate(unique)}
        index.vectors.add([c.id for _, c in todo], vectors[[row[t] for t in texts]],
                          [_vector_meta(c, p.meta) for p, c in todo])
    outcomes = []
    for p in batch:
        previous = index.catalog.chunk_ids(p.meta.document)
        status = "updated" if index.catalog.fingerprint(p.meta.document) else "added"
        index.catalog.replace_document(p.meta, p.digest, p.pages, p.chunks, key)
        stale = previous - {c.id for c in p.chunks}
        if stale:
            index.vectors.delete(sorted(stale))
        outcomes.append(FileOutcome(p.path, status, p.pages, len(p.chunks)))
    return outcomes


def fitted_embed_text(chunk: Chunk, meta: DocumentMeta, embedder: Embedder) -> str:
    """The chunk with its context line, or the bare passage where the line would push it
    past the model's input limit (the model would silently cut the end off)."""
    text = chunk.embed_text(meta)
    if embedder.count_tokens(text) <= embedder.max_tokens - 2:
        return text
    return chunk.text


def _vector_meta(chunk: Chunk, meta: DocumentMeta) -> dict[str, str | int]:
    return {"document": meta.document, "page": chunk.page,
            "council": meta.council or "", "document_type": meta.document_type or ""}


def _prune(index: Index, roots: Sequence[Path]) -> list[FileOutcome]:
    """Remove documents whose files under the given folders are gone."""
    folders = [r.resolve() for r in roots if r.is_dir()]
    gone = []
    for doc in index.catalog.documents():
        source = Path(doc.meta.source_path)
        if any(source.is_relative_to(f) for f in folders) and not source.exists():
            gone.append(doc)
    if gone:
        ids = set().union(*(index.catalog.chunk_ids(d.meta.document) for d in gone))
        index.catalog.remove_documents([d.meta.document for d in gone])
        index.vectors.delete(sorted(ids))
    return [FileOutcome(Path(d.meta.source_path), "removed", d.pages, d.chunks) for d in gone]


def remove_document(index: Index, name: str) -> bool:
    """Take one document out of the index (catalog first, then its vectors)."""
    with index.writer():
        ids = index.catalog.chunk_ids(name)
        if index.catalog.document(name) is None:
            return False
        index.catalog.remove_documents([name])
        index.vectors.delete(sorted(ids))
        return True


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
