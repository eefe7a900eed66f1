"""The catalog: which documents are indexed and their chunks' text, in SQLite.

The catalog is the record of what is indexed. A document is written in one
transaction, after its vectors are in the vector store, so a document the
catalog lists is always complete; vectors without a catalog row are orphans
that the next writer removes.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from assistant.types import Chunk, DocumentMeta, IndexedDocument

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    document TEXT PRIMARY KEY, meta TEXT NOT NULL, sha256 TEXT NOT NULL,
    pages INTEGER NOT NULL, chunks INTEGER NOT NULL, ingested_at TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, document TEXT NOT NULL, ordinal INTEGER NOT NULL,
    page INTEGER NOT NULL, paragraph TEXT, heading TEXT NOT NULL, kind TEXT NOT NULL,
    text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document, ordinal);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _when_unlocked(step: Callable[[], object], seconds: float = 30.0) -> None:
    """Run a step that sqlite may refuse at once with "database is locked" instead of
    waiting (two processes creating the same catalog switch it to WAL together): retry it
    for a while."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Catalog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False,
                                  isolation_level=None)
        _when_unlocked(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
        self.db.execute("PRAGMA synchronous=FULL")
        _when_unlocked(lambda: self.db.executescript(SCHEMA))

    def close(self) -> None:
        self.db.close()

    def version(self) -> str:
        row = self.db.execute("SELECT value FROM state WHERE key='version'").fetchone()
        return row[0] if row else "0"

    def identity(self) -> str:
        """A random id made once per catalog: whose vectors a shared Chroma collection holds."""
        self.db.execute("INSERT OR IGNORE INTO state VALUES ('identity', ?)",
                        (uuid.uuid4().hex,))
        return str(self.db.execute("SELECT value FROM state WHERE key='identity'").fetchone()[0])

    def documents(self) -> list[IndexedDocument]:
        rows = self.db.execute(
            "SELECT meta, sha256, pages, chunks, ingested_at FROM documents ORDER BY document")
        return [_document(*row) for row in rows]

    def document(self, name: str) -> IndexedDocument | None:
        row = self.db.execute("SELECT meta, sha256, pages, chunks, ingested_at FROM documents "
                              "WHERE document=?", (name,)).fetchone()
        return _document(*row) if row else None

    def fingerprint(self, name: str) -> tuple[str, str] | None:
        row = self.db.execute("SELECT sha256, settings FROM documents WHERE document=?",
                              (name,)).fetchone()
        return (row[0], row[1]) if row else None

    def embedders(self) -> dict[str, int]:
        """Embedder name -> number of documents whose vectors it made."""
        counts: dict[str, int] = {}
        for (key,) in self.db.execute("SELECT settings FROM documents"):
            name = key.split("|")[0]
            counts[name] = counts.get(name, 0) + 1
        return counts

    def chunks(self, document: str | None = None) -> list[Chunk]:
        sql = "SELECT id, document, text, page, paragraph, heading, kind, ordinal FROM chunks"
        if document is None:
            rows = self.db.execute(sql + " ORDER BY document, ordinal")
        else:
            rows = self.db.execute(sql + " WHERE document=? ORDER BY ordinal", (document,))
        return [Chunk(*row) for row in rows]

    def chunk_ids(self, document: str | None = None) -> set[str]:
        if document is None:
            return {r[0] for r in self.db.execute("SELECT id FROM chunks")}
        return {r[0] for r in self.db.execute("SELECT id FROM chunks WHERE document=?",
                                              (document,))}

    def replace_document(self, meta: DocumentMeta, sha256: str, pages: int,
                         chunks: Sequence[Chunk], settings_key: str) -> None:
        """Swap in a document's new version atomically: all of it, or (on a crash) none."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with _transaction(self.db):
            self.db.execute("DELETE FROM chunks WHERE document=?", (meta.document,))
            self.db.execute("DELETE FROM documents WHERE document=?", (meta.document,))
            self.db.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?)",
                [(c.id, c.document, c.ordinal, c.page, c.paragraph, c.heading, c.kind, c.text)
                 for c in chunks])
            self.db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?)",
                            (meta.document, json.dumps(asdict(meta)), sha256, pages,
                             len(chunks), now, settings_key))
            self._bump()

    def remove_documents(self, names: Iterable[str]) -> None:
        with _transaction(self.db):
            for name in names:
                self.db.execute("DELETE FROM chunks WHERE document=?", (name,))
                self.db.execute("DELETE FROM documents WHERE document=?", (name,))
            self._bump()

    def _bump(self) -> None:
        self.db.execute("INSERT INTO state VALUES ('version', ?) ON CONFLICT(key) DO UPDATE "
                        "SET value=excluded.value", (datetime.now(UTC).isoformat(),))


class _transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _document(meta: str, sha256: str, pages: int, chunks: int, at: str) -> IndexedDocument:
    data = json.loads(meta)
    data["inferred"] = tuple(data.get("inferred") or ())
    return IndexedDocument(DocumentMeta(**data), sha256, pages, chunks, at)
