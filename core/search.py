"""Hybrid search over an owner's notes, and the indexer that keeps vectors in step.

Full-text (SQLite FTS5, BM25) and vectors (Chroma, MiniLM) each rank the owner's notes; the
fused score is the cosine similarity plus a weighted, normalised BM25 score, so an exact
word ("Lyon", "Nintendo") lifts a note that the vectors only half see. The fused candidates
are then reranked with what `core.retrieval` knows about people, dates and replies (measured
on LoCoMo by `make bench`: BM25 alone, vectors alone and a naive fusion all do worse). Writes go to SQLite
with a row in `vector_outbox`; `Indexer.drain` embeds them off the reply path (a background
task in `memoro run`, or right before a search, so answers never miss a note).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

from core.asked_when import window
from core.errors import EmbeddingUnavailable
from core.repositories import Store
from core.retrieval import (
    context_ids,
    fts_query,
    in_context,
    named_people,
    rerank,
    vector_text,
    without_names,
)

logger = logging.getLogger(__name__)

BM25_WEIGHT = 0.5  # BM25 scaled to [0, 1] by the best hit, then weighted against the cosine
POOL = 100  # candidates from each ranker; a reply's question must be among them to lift it


@dataclass
class Hit:
    note_id: int
    score: float
    meaning: float | None = None  # the vectors' cosine similarity; None when vectors were not asked


class VectorIndex(Protocol):
    """What search needs of the vector index (storage/vectors.py), keyed by note id."""

    async def upsert(self, items: list[tuple[int, str, int | None, str]]) -> None:
        """Embed and store (note id, owner, contact id, text) items."""

    async def delete(self, ids: list[int], owner: str | None = None) -> None:
        """Remove vectors by note id."""

    async def query(self, owner: str, text: str, k: int = 20) -> list[tuple[int, float]]:
        """(note id, cosine similarity) of this owner's nearest notes, best first."""

    async def reset(self) -> None:
        """Drop every owner's vectors (a reindex)."""


class Indexer:
    """Drains the vector outbox into the vector index."""

    def __init__(self, store: Store, index: VectorIndex) -> None:
        self.store = store
        self.index = index

    async def drain(self, owner: str | None = None, batch: int = 256) -> int:
        done = 0
        while items := await self.store.outbox(batch, owner):
            upserts = [(i, o, c, t) for i, o, op, c, t in items if op == "upsert" and t]
            deletes: dict[str, list[int]] = {}
            for i, o, op, _, _ in items:
                if op == "delete":
                    deletes.setdefault(o, []).append(i)
            try:
                await self.index.upsert(upserts)
            except EmbeddingUnavailable as err:  # a remote embedder is down: the upserts wait
                logger.warning("indexing postponed: %s", err)
                waiting = {i for i, *_ in upserts}
                for o, ids in deletes.items():
                    await self.index.delete(ids, owner=o)
                await self.store.clear_outbox([i for i, *_ in items if i not in waiting])
                return done + len(items) - len(waiting)
            for o, ids in deletes.items():
                await self.index.delete(ids, owner=o)
            await self.store.clear_outbox([i for i, *_ in items])
            done += len(items)
        return done

    async def rebuild(self, batch: int = 256) -> int:
        """Rebuild the index from SQLite (`memoro reindex`)."""
        await self.index.reset()
        after, total = 0, 0
        while rows := await self.store.all_notes(after, batch):
            await self.index.upsert(rows)
            after, total = rows[-1][0], total + len(rows)
        await self.store.clear_outbox([i for i, *_ in await self.store.outbox(10**9)])
        return total


async def hybrid(store: Store, index: VectorIndex | None, owner: str, query: str, k: int = 20) -> list[Hit]:
    """The owner's notes best matching `query`: BM25 and vectors fused, then reranked. With a
    remote embedder down, BM25 alone."""
    contacts = await store.contacts(owner)
    people = named_people(query, contacts)
    asked = without_names(query, [c for c in contacts if c.id in people])  # the person is a bonus

    async def vectors() -> list[tuple[int, float]]:
        try:
            return await index.query(owner, vector_text(asked), POOL) if index is not None else []
        except EmbeddingUnavailable as err:
            logger.warning("vector search skipped: %s", err)
            return []

    # the two rankers run at once: Chroma in a worker thread, SQLite in aiosqlite's
    vec, fts = await asyncio.gather(vectors(), store.full_text(owner, fts_query(asked), POOL))
    fused: dict[int, float] = {i: s for i, s in vec}
    top = max((s for _, s in fts), default=0.0) or 1.0
    for i, s in fts:
        fused[i] = fused.get(i, 0.0) + BM25_WEIGHT * (s / top)
    if not fused:
        return []
    notes = {n.id: n for n in await store.notes_by_id(owner, sorted(context_ids(fused)))}
    scores = in_context(rerank(fused, notes, query, people, window(query)), notes)
    cosine = dict(vec) if vec else None
    hits = [Hit(i, s, cosine.get(i, 0.0) if cosine is not None else None) for i, s in scores.items()]
    return sorted(hits, key=lambda h: h.score, reverse=True)[:k]
