"""Vector store adapter: Chroma, embedded (PersistentClient) or a server (HttpClient).

Chroma only ever receives our own embeddings: the collection's embedding function
refuses to run, so nothing can silently fall back to a model download.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.settings import Settings

ADD_BATCH = 2000
# Candidates an HNSW search keeps. With Chroma's 100, a search over the 123 scale reports
# (8,981 passages) found 94% of the true 10 nearest; with 400, 99.3%, for 0.5 ms more.
SEARCH_EF = 400
IDS_PER_QUERY = 2000  # chunk ids named in one filtered query
OWNER_KEY = "scrutiny:catalog"


class _RefuseToEmbed:
    """Stands in for Chroma's default embedding function, which would download a model."""

    def __call__(self, input: Any) -> Any:  # noqa: A002 (Chroma's signature)
        raise RuntimeError("Chroma must be given embeddings by Scrutiny Assistant")

    @staticmethod
    def name() -> str:
        return "scrutiny-refuse"

    def is_legacy(self) -> bool:
        return True


class StoreUnavailable(Exception):
    """The vector store cannot be reached or opened."""


class ChromaVectors:
    def __init__(self, settings: Settings, index_dir: Path, owner: str = "") -> None:
        self.settings = settings
        self.index_dir = index_dir
        self.owner = owner  # the catalog whose vectors these are (see _check_owner)
        self._open()

    def _open(self) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = self.settings
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if settings.chroma_mode == "server":
                if settings.chroma_ca_file:
                    chroma_settings.chroma_server_ssl_verify = settings.chroma_ca_file
                self.client = chromadb.HttpClient(
                    host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
                    headers=_auth_headers(settings), settings=chroma_settings)
                self.client.heartbeat()
            else:
                self.client = chromadb.PersistentClient(path=str(self.index_dir / "chroma"),
                                                        settings=chroma_settings)
            metadata: dict[str, str | int] = {"hnsw:space": "cosine", "hnsw:search_ef": SEARCH_EF}
            if self.owner:
                metadata[OWNER_KEY] = self.owner
            self.collection = self.client.get_or_create_collection(
                settings.collection, metadata=metadata,  # type: ignore[arg-type]
                embedding_function=_RefuseToEmbed(),  # type: ignore[arg-type]
            )
        except Exception as err:  # connection refused, bad auth, corrupt store
            where = (f"Chroma server at {_url(settings)}" if settings.chroma_mode == "server"
                     else f"Chroma store in {self.index_dir}")
            raise StoreUnavailable(f"cannot open the {where}: {_reason(err)}") from err
        self._check_owner()
        self._widen_search()

    def _widen_search(self) -> None:
        """A collection made before SEARCH_EF was set searches as wide from now on."""
        try:
            hnsw = (self.collection.configuration or {}).get("hnsw") or {}
            if int(hnsw.get("ef_search") or SEARCH_EF) < SEARCH_EF:
                self.collection.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
        except Exception:  # noqa: BLE001 - a store that refuses keeps its own; search still works
            pass

    def _check_owner(self) -> None:
        """Refuse a server collection that another index's catalog owns.

        Every ingest removes the vectors its own catalog does not list (orphans of a
        crash), so two libraries sharing one collection would delete each other.
        """
        if self.settings.chroma_mode != "server":
            return  # an embedded store lives inside its own index folder
        theirs = (self.collection.metadata or {}).get(OWNER_KEY)
        if self.owner and theirs and theirs != self.owner:
            raise StoreUnavailable(
                f"the collection '{self.settings.collection}' on the Chroma server at "
                f"{_url(self.settings)} belongs to another Scrutiny index, not the one in "
                f"{self.index_dir}; give each index its own SCRUTINY_COLLECTION")

    def refresh(self) -> None:
        """See what other processes have written since this store was opened.

        Chroma's embedded client keeps its vector index in memory and never sees
        another process's writes: its queries miss new documents and a lookup of a
        new id fails ("Error finding id"). A new client over the same folder reads
        the store from disk again. The old client is left to the garbage collector,
        not stopped, so a query still running on it in another thread finishes.
        A server is always current.
        """
        if self.settings.chroma_mode == "server":
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # or the new client reuses the stale one
        self._open()

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors under chunk ids. No metadata: the catalog holds what a chunk is, and
        a search within documents names their chunk ids (metadata cost Chroma about a fifth
        of its ingest CPU, taken from the model)."""
        for start in range(0, len(ids), ADD_BATCH):
            end = start + ADD_BATCH
            self.collection.upsert(ids=list(ids[start:end]), embeddings=vectors[start:end])

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), ADD_BATCH):
            self.collection.delete(ids=list(ids[start:start + ADD_BATCH]))

    def existing(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), ADD_BATCH):
            got = self.collection.get(ids=list(ids[start:start + ADD_BATCH]), include=[])
            found.update(got["ids"])
        return found

    def all_ids(self) -> set[str]:
        found: set[str] = set()
        offset = 0
        while True:
            got = self.collection.get(include=[], limit=5000, offset=offset)
            found.update(got["ids"])
            if len(got["ids"]) < 5000:
                return found
            offset += 5000

    def query(self, vector: np.ndarray, k: int,
              within: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks, optionally among the chunk
        ids `within` (the chunks of the documents a filter admits)."""
        count = self.collection.count()
        if not count or within is not None and not within:
            return []
        k = min(k, count)
        if within is None:
            return self._nearest(vector, k, None)
        # A broad filter names many ids: in parts, so that no request grows past what a
        # proxy in front of a server accepts (about 60 kB each), merged nearest first.
        found = [pair for start in range(0, len(within), IDS_PER_QUERY)
                 for pair in self._nearest(vector, k, within[start:start + IDS_PER_QUERY])]
        return sorted(found, key=lambda pair: -pair[1])[:k]

    def _nearest(self, vector: np.ndarray, k: int,
                 within: Sequence[str] | None) -> list[tuple[str, float]]:
        result = self.collection.query(query_embeddings=[vector.tolist()], n_results=k,
                                       ids=list(within) if within is not None else None,
                                       include=["distances"])
        ids = result["ids"][0]
        distances = (result.get("distances") or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=False)]

    def count(self) -> int:
        return int(self.collection.count())


def _auth_headers(settings: Settings) -> dict[str, str] | None:
    """The token, sent the way the server (or the proxy in front of it) expects it."""
    if not settings.chroma_token:
        return None
    if settings.chroma_token_header.lower() == "authorization":
        return {"Authorization": f"Bearer {settings.chroma_token}"}
    return {settings.chroma_token_header: settings.chroma_token}


def _url(settings: Settings) -> str:
    scheme = "https" if settings.chroma_ssl else "http"
    return f"{scheme}://{settings.chroma_host}:{settings.chroma_port}"


def _reason(err: Exception) -> str:
    """One line a person can act on, without the client library's traceback."""
    text = " ".join(str(err).split()) or type(err).__name__
    causes: list[str] = []
    seen = err.__cause__ or err.__context__
    while seen is not None and len(causes) < 5:  # the client hides TLS failures behind
        causes.append(" ".join(str(seen).split()))  # "Could not connect"
        seen = seen.__cause__ or seen.__context__
    lowered = " ".join([text, *causes]).lower()
    if "401" in text or "403" in text or "unauthori" in lowered or "forbidden" in lowered:
        return f"the server refused the token ({text}); check SCRUTINY_CHROMA_TOKEN"
    if "certificate" in lowered or "ssl" in lowered:
        detail = next((c for c in causes if "certificate" in c.lower() or "ssl" in c.lower()),
                      text)
        return f"TLS failed ({detail}); check SCRUTINY_CHROMA_SSL and SCRUTINY_CHROMA_CA_FILE"
    if "connect" in lowered or "refused" in lowered:
        return ("nothing answers there: is the server running (chroma run --path DIR --host "
                "HOST --port PORT), and are SCRUTINY_CHROMA_HOST and SCRUTINY_CHROMA_PORT right?")
    return text
