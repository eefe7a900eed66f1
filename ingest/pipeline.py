"""Ingest: files -> pages -> blocks -> chunks -> embeddings -> index, one document at a time.

Per document the order is: vectors for new chunks into the store, then the
catalog swap in one transaction, then the old version's vectors out. A crash at
any point leaves every catalogued document whole; re-running finishes the job.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant.embedding import Embedder, make_embedder
from assistant.index import Index
from assistant.types import Chunk, DocumentMeta
from ingest.chunking import chunk_blocks
from ingest.metadata import describe, find_manifest_rows
from ingest.readers import SUPPORTED, IngestError, check_readable, read_pages
from ingest.structure import parse_blocks

CHUNKER_VERSION = "8"


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


EMBED_BATCH = 256  # texts per embedding round: several small documents share one
LOOKAHEAD = 8  # files read and chunked ahead of the one being embedded (memory: small)
SLACK = 4  # tokens a line and a passage may count over their two counts, joined
IN_FLIGHT = 2  # rounds handed to the model while this thread writes the finished ones


@dataclass
class Prepared:
    """A changed file, read and chunked, with the text the model is to embed per chunk."""

    path: Path
    digest: str
    meta: DocumentMeta
    pages: int
    chunks: list[Chunk]
    embed_texts: list[str]


def prepare(path: Path, digest: str, manifest: dict[str, dict[str, str]], embedder: Embedder,
            budget: int) -> Prepared:
    """Read, structure and chunk one file, and fit each chunk's text to the model (no
    embedding, and nothing that touches the index: this runs in the reader thread)."""
    pages = read_pages(path)
    meta = describe(path, pages, manifest)
    chunks = chunk_blocks(meta.document, parse_blocks(pages), embedder.count_tokens, budget)
    if not chunks:
        raise IngestError("no text found to index")
    texts = [fitted_embed_text(c, meta, embedder.count_tokens, embedder.max_tokens)
             for c in chunks]
    return Prepared(path, digest, meta, len(pages), chunks, texts)


@dataclass
class Round:
    """Documents whose new chunks are with the model, to be written once it is done."""

    batch: list[Prepared]
    todo: list[tuple[Prepared, int]]  # (document, chunk position) of each chunk to add
    rows: list[int]  # the row of each todo chunk's vector in the model's output
    vectors: Future | None  # type: ignore[type-arg]


def ingest(paths: Sequence[Path], index: Index, embedder: Embedder | None = None,
           prune: bool = False, progress: Progress | None = None) -> IngestReport:
    """Bring the index up to date with the files under `paths`.

    Three lanes run side by side: a reader thread reads and chunks files a few
    ahead; a model thread embeds rounds of about EMBED_BATCH chunks (several
    files share one, identical texts once); this thread writes each finished
    round to the index while the model works on the next, so the model never
    waits for the writes. Only this thread touches the index.
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

    # The vector store is opened (half a second on a new index, most of it importing
    # Chroma) and tidied once the model has its first round: before that, only
    # documents the catalog knows need looking up in it.
    with index.writer(tidy=False), _threads() as (reader, model):
        manifests: dict[Path, dict[str, dict[str, str]]] = {}
        jobs: deque[tuple[Path, Future]] = deque()  # type: ignore[type-arg]
        rounds: deque[Round] = deque()
        waiting: list[Prepared] = []
        sent = False  # whether a round has gone to the model yet
        tidy = False  # whether the orphans a crashed writer left are gone

        def make_tidy() -> None:
            nonlocal tidy
            if not tidy:
                index.remove_orphans()
                tidy = True

        if index.settings.chroma_mode == "server":
            make_tidy()  # a server that is down or refuses is reported before any work

        def write_rounds(keep: int) -> None:
            while len(rounds) > keep:
                make_tidy()
                for done in finish_round(index, rounds.popleft(), key):
                    emit(done)

        def send_to_model() -> None:
            nonlocal waiting, sent
            known = [p for p in waiting if index.catalog.fingerprint(p.meta.document)]
            if known:
                make_tidy()  # before looking up the vectors their earlier versions had
            rounds.append(start_round(index, embedder, waiting, known, model))
            make_tidy()  # while the model embeds
            waiting, sent = [], True
            write_rounds(keep=IN_FLIGHT)

        def take_one() -> None:
            """Collect the oldest prepared file; start a round when enough is waiting."""
            path, job = jobs.popleft()
            try:
                waiting.append(job.result())
            except Exception as err:  # a file must never stop the batch
                emit(FileOutcome(path, "failed", error=_reason(err)))
                return
            # The first file goes at once (the model has nothing else to do); the rest in
            # rounds of EMBED_BATCH, so that the rounds, and with them the batches the int8
            # model scales together, are the same on every run.
            if not sent or sum(len(w.chunks) for w in waiting) >= EMBED_BATCH:
                send_to_model()

        named: dict[str, Path] = {}  # a document is known by its file name
        for path in files:
            first = named.setdefault(path.name, path)
            if first != path:
                emit(FileOutcome(path, "failed", error=(
                    f"has the same name as {first}, ingested in this run; a document is "
                    "known by its file name, so rename one of them")))
                continue
            outcome = _unchanged_or_unreadable(path, index, key)
            if isinstance(outcome, FileOutcome):
                emit(outcome)
                continue
            if path.parent not in manifests:
                manifests[path.parent] = find_manifest_rows(path.parent)
            jobs.append((path, reader.submit(
                prepare, path, outcome, manifests[path.parent], embedder, budget)))
            if len(jobs) > LOOKAHEAD:  # read ahead a little, never the whole library
                take_one()
        while jobs:
            take_one()
        if waiting:
            send_to_model()
        make_tidy()
        write_rounds(keep=0)
        if prune:
            for removed in _prune(index, paths):
                emit(removed)
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _threads() -> Iterator[tuple[ThreadPoolExecutor, ThreadPoolExecutor]]:
    """The reader's thread and the model's. On an error the work not yet started is
    dropped: a store found unreachable must not wait for the files read ahead."""
    reader, model = ThreadPoolExecutor(max_workers=1), ThreadPoolExecutor(max_workers=1)
    try:
        yield reader, model
    except BaseException:
        for pool in (reader, model):
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        for pool in (reader, model):
            pool.shutdown(wait=True)


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


def start_round(index: Index, embedder: Embedder, batch: list[Prepared], known: list[Prepared],
                model: ThreadPoolExecutor) -> Round:
    """Hand the model the chunks of these documents that the store lacks, each distinct
    text once. In a tidy store only documents the catalog knows (`known`) have vectors: the
    catalogued version's, whose unchanged chunks keep them (chunk ids name the document)."""
    have = index.vectors.existing([c.id for p in known for c in p.chunks]) if known else set()
    todo = [(p, i) for p in batch for i, c in enumerate(p.chunks) if c.id not in have]
    texts = [p.embed_texts[i] for p, i in todo]
    unique = list(dict.fromkeys(texts))
    row = {text: n for n, text in enumerate(unique)}
    vectors = model.submit(embedder.embed, unique) if unique else None
    return Round(batch, todo, [row[t] for t in texts], vectors)


def finish_round(index: Index, done: Round, key: str) -> list[FileOutcome]:
    """Add the round's vectors, then record each document in the catalog (one transaction
    each) and drop its previous version's vectors."""
    if done.vectors is not None:
        vectors = done.vectors.result()
        index.vectors.add([p.chunks[i].id for p, i in done.todo], vectors[done.rows])
    outcomes = []
    for p in done.batch:
        previous = index.catalog.chunk_ids(p.meta.document)
        status = "updated" if index.catalog.fingerprint(p.meta.document) else "added"
        index.catalog.replace_document(p.meta, p.digest, p.pages, p.chunks, key)
        stale = previous - {c.id for c in p.chunks}
        if stale:
            index.vectors.delete(sorted(stale))
        outcomes.append(FileOutcome(p.path, status, p.pages, len(p.chunks)))
    return outcomes


def fitted_embed_text(chunk: Chunk, meta: DocumentMeta, count_tokens: Callable[[str], int],
                      max_tokens: int) -> str:
    """The chunk with its context line, or the bare passage where the line would push it
    past the model's input limit (the model would silently cut the end off).

    A word-piece tokenizer splits at whitespace first, so the line's count and the
    passage's add up (the passage's words are counted already, from chunking): counted
    apart, with a little slack for other tokenizers, they fit. Only a close call counts
    the whole."""
    context = chunk.context_line(meta)
    room = max_tokens - 2  # the model's own start and end tokens
    if not context or count_tokens(context) + count_tokens(chunk.text) + SLACK <= room:
        return chunk.embed_text(meta)
    text = chunk.embed_text(meta)
    return text if count_tokens(text) <= room else chunk.text


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
