"""The Chroma vector index: a derived copy of the notes, keyed by note id.

Embedded PersistentClient under the data directory by default, or a Chroma server when
`MEMORO_CHROMA_URL` is set. Every query filters on the owner. The collection records the
embedding model that made its vectors; opening it with another model is refused until
`memoro reindex` rebuilds it.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from core.errors import ConfigError

logger = logging.getLogger(__name__)
COLLECTION = "notes"


class ChromaIndex:
    def __init__(self, embedder, *, path: str | Path | None = None, url: str | None = None):
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False, allow_reset=True)
        if url:
            from urllib.parse import urlparse

            u = urlparse(url)
            self.client = chromadb.HttpClient(host=u.hostname, port=u.port or 8000, ssl=u.scheme == "https",
                                              settings=settings)
        else:
            self.client = chromadb.PersistentClient(path=str(path), settings=settings)
        self.embedder = embedder
        self.collection = self.client.get_or_create_collection(
            COLLECTION, metadata={"hnsw:space": "cosine", "embedder": embedder.name}, embedding_function=None)
        made_by = (self.collection.metadata or {}).get("embedder")
        if made_by and made_by != embedder.name:
            raise ConfigError(f"The vector index was built with {made_by}, not {embedder.name}: run `memoro reindex`.")

    def _upsert(self, items: list[tuple[int, str, int | None, str]]) -> None:
        if not items:
            return
        vectors = self.embedder.embed([text for _, _, _, text in items])
        self.collection.upsert(
            ids=[str(i) for i, _, _, _ in items], embeddings=vectors, documents=[t for *_, t in items],
            metadatas=[{"owner": owner, "contact_id": cid if cid is not None else -1} for _, owner, cid, _ in items])

    def _delete(self, ids: list[int]) -> None:
        if ids:
            self.collection.delete(ids=[str(i) for i in ids])

    def _query(self, owner: str, text: str, k: int) -> list[tuple[int, float]]:
        if self.collection.count() == 0:
            return []
        res = self.collection.query(query_embeddings=self.embedder.embed([text]), n_results=k,
                                    where={"owner": owner}, include=["distances"])
        return [(int(i), 1.0 - d) for i, d in zip(res["ids"][0], res["distances"][0])]

    async def upsert(self, items: list[tuple[int, str, int | None, str]]) -> None:
        """Embed and store (note id, owner, contact id, text) items."""
        await asyncio.to_thread(self._upsert, items)

    async def delete(self, ids: list[int]) -> None:
        await asyncio.to_thread(self._delete, ids)

    async def query(self, owner: str, text: str, k: int = 20) -> list[tuple[int, float]]:
        """(note id, cosine similarity) of this owner's nearest notes, best first."""
        return await asyncio.to_thread(self._query, owner, text, k)

    def count(self) -> int:
        return self.collection.count()

    async def reset(self) -> None:
        def _reset():
            self.client.delete_collection(COLLECTION)
            self.collection = self.client.get_or_create_collection(
                COLLECTION, metadata={"hnsw:space": "cosine", "embedder": self.embedder.name}, embedding_function=None)
        await asyncio.to_thread(_reset)
