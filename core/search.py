"""Hybrid search over an owner's notes, and the indexer that keeps vectors in step.

Full-text (SQLite FTS5, BM25) and vectors (Chroma, MiniLM) each rank the owner's notes; the
fused score is the cosine similarity plus a weighted, normalised BM25 score, so an exact
word ("Lyon", "Nintendo") lifts a note that the vectors only half see. Writes go to SQLite
with a row in `vector_outbox`; `Indexer.drain` embeds them off the reply path (a background
task in `memoro run`, or right before a search, so answers never miss a note).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from core.understand.lexicon import STOP
from core.understand.names import fold

logger = logging.getLogger(__name__)

BM25_WEIGHT = 0.15
_QUESTION_WORDS = set("""who whom whose what which where when why how anyone anybody someone somebody
know knows do does did i me my is are was were the a an that into any in of to for with people
friend friends tell list find show has have""".split())


@dataclass
class Hit:
    note_id: int
    score: float


class Indexer:
    """Drains the vector outbox into the vector index."""

    def __init__(self, store, index):
        self.store = store
        self.index = index

    async def drain(self, owner: str | None = None, batch: int = 256) -> int:
        done = 0
        while items := await self.store.outbox(batch, owner):
            upserts = [(i, o, c, t) for i, o, op, c, t in items if op == "upsert" and t]
            deletes = [i for i, _, op, _, _ in items if op == "delete"]
            await self.index.upsert(upserts)
            await self.index.delete(deletes)
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


def keywords(query: str) -> list[str]:
    words = re.findall(r"[^\W_]+", fold(query))
    return [w for w in words if len(w) > 1 and w not in _QUESTION_WORDS and w not in STOP]


def fts_query(query: str) -> str:
    return " OR ".join(f'"{w}"' for w in keywords(query))


async def hybrid(store, index, owner: str, query: str, k: int = 20) -> list[Hit]:
    """The owner's notes best matching `query`, fused from BM25 and vectors."""
    vec = await index.query(owner, query, k) if index is not None else []
    fts = await store.full_text(owner, fts_query(query), k)
    scores: dict[int, float] = {i: s for i, s in vec}
    top = max((s for _, s in fts), default=0.0) or 1.0
    for i, s in fts:
        scores[i] = scores.get(i, 0.0) + BM25_WEIGHT * (s / top) + (0.0 if i in dict(vec) else 0.1)
    return sorted((Hit(i, s) for i, s in scores.items()), key=lambda h: h.score, reverse=True)
