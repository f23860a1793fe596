"""The Chroma vector index: a derived copy of the notes, keyed by note id.

Embedded PersistentClient under the data directory by default, or a Chroma server when
`MEMORO_CHROMA_URL` is set. Each owner has a collection of their own (named from a hash of
the owner key), so a query searches only that owner's vectors: isolation by construction,
and a query costs the same whether the owner shares the server with 1 or 1,000 others (a
`where` filter on one shared collection cost time in proportion to the owner's notes: 30 ms
at 10k, see `make bench`). Each collection records the embedding model that made its
vectors; opening one made with another model is refused until `memoro reindex` rebuilds it.
The client is opened without Chroma's `allow_reset`: `reset()` drops this index's own
collections one by one, so nothing here can wipe a whole Chroma (a shared server included).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, overload

from core.errors import ConfigError

if TYPE_CHECKING:  # chromadb takes a second to import: only when an index is opened
    from chromadb.api.models.Collection import Collection

logger = logging.getLogger(__name__)
PREFIX = "notes-"
LEGACY = "notes"  # the single shared collection of earlier versions; `memoro reindex` drops it


class Embedder(Protocol):
    """What the index needs of an embedder (storage/embedder.py, onnx_embedder.py, openai_embedder.py)."""

    @property
    def name(self) -> str:
        """The model's name, recorded on each collection."""

    def embed(self, texts: list[str]) -> list[list[float]]:
        """One vector per text."""

    def warm_up(self) -> None:
        """Load the model now."""


def collection_name(owner: str) -> str:
    return PREFIX + hashlib.sha256(owner.encode()).hexdigest()[:40]


class ChromaIndex:
    def __init__(self, embedder: Embedder, *, path: str | Path | None = None, url: str | None = None) -> None:
        import chromadb
        from chromadb.config import Settings

        settings = Settings(anonymized_telemetry=False)
        if url:
            from urllib.parse import urlparse

            u = urlparse(url)
            self.client = chromadb.HttpClient(host=u.hostname or "localhost", port=u.port or 8000, ssl=u.scheme == "https",
                                              settings=settings)
        else:
            self.client = chromadb.PersistentClient(path=str(path), settings=settings)
        self.embedder = embedder
        self._collections: dict[str, Collection] = {}
        if any(c.name == LEGACY for c in self.client.list_collections()):
            logger.warning("a vector index of an earlier version is present: run `memoro reindex`")

    @overload
    def _collection(self, owner: str, create: Literal[True]) -> Collection: ...

    @overload
    def _collection(self, owner: str, create: bool) -> Collection | None: ...

    def _collection(self, owner: str, create: bool) -> Collection | None:
        """The owner's collection (cached), or None if it does not exist and `create` is false."""
        if owner in self._collections:
            return self._collections[owner]
        name = collection_name(owner)
        if create:
            col = self.client.get_or_create_collection(
                name, metadata={"hnsw:space": "cosine", "embedder": self.embedder.name, "owner": owner},
                embedding_function=None)
        else:
            from chromadb.errors import NotFoundError

            try:
                col = self.client.get_collection(name, embedding_function=None)
            except NotFoundError:
                return None
        made_by = (col.metadata or {}).get("embedder")
        if made_by and made_by != self.embedder.name:
            raise ConfigError(f"The vector index was built with {made_by}, not {self.embedder.name}: run `memoro reindex`.")
        self._collections[owner] = col
        return col

    def _upsert(self, items: list[tuple[int, str, int | None, str]]) -> None:
        if not items:
            return
        vectors: list[Sequence[float]] = list(self.embedder.embed([text for _, _, _, text in items]))
        by_owner: dict[str, list[int]] = {}
        for n, (_, owner, _, _) in enumerate(items):
            by_owner.setdefault(owner, []).append(n)
        for owner, rows in by_owner.items():
            self._collection(owner, create=True).upsert(
                ids=[str(items[n][0]) for n in rows], embeddings=[vectors[n] for n in rows],
                documents=[items[n][3] for n in rows],
                metadatas=[{"owner": owner, "contact_id": items[n][2] if items[n][2] is not None else -1}
                           for n in rows])

    def _delete(self, ids: list[int], owner: str | None) -> None:
        if not ids:
            return
        owners = [owner] if owner is not None else [
            (c.metadata or {}).get("owner") for c in self.client.list_collections() if c.name.startswith(PREFIX)]
        for o in owners:
            if o is not None and (col := self._collection(o, create=False)) is not None:
                col.delete(ids=[str(i) for i in ids])

    def _query(self, owner: str, text: str, k: int) -> list[tuple[int, float]]:
        col = self._collection(owner, create=False)
        if col is None or col.count() == 0:
            return []
        asked: list[Sequence[float]] = list(self.embedder.embed([text]))
        res = col.query(query_embeddings=asked, n_results=k, include=["distances"])
        distances = res["distances"]
        assert distances is not None  # asked for with include=["distances"]
        return [(int(i), 1.0 - d) for i, d in zip(res["ids"][0], distances[0])]

    async def upsert(self, items: list[tuple[int, str, int | None, str]]) -> None:
        """Embed and store (note id, owner, contact id, text) items."""
        await asyncio.to_thread(self._upsert, items)

    async def delete(self, ids: list[int], owner: str | None = None) -> None:
        """Remove vectors by note id, from `owner`'s collection (or, without one, from all)."""
        await asyncio.to_thread(self._delete, ids, owner)

    async def query(self, owner: str, text: str, k: int = 20) -> list[tuple[int, float]]:
        """(note id, cosine similarity) of this owner's nearest notes, best first."""
        return await asyncio.to_thread(self._query, owner, text, k)

    def count(self) -> int:
        return sum(c.count() for c in self.client.list_collections() if c.name.startswith(PREFIX))

    async def reset(self) -> None:
        """Drop every owner's collection (and an earlier version's shared one)."""
        def _reset() -> None:
            for c in self.client.list_collections():
                if c.name.startswith(PREFIX) or c.name == LEGACY:
                    self.client.delete_collection(c.name)
            self._collections.clear()
        await asyncio.to_thread(_reset)
