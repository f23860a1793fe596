"""Latency and scale at the engine level: no LLM, the default local embeddings (MiniLM in
Chroma), a real SQLite file.

One owner's address book is grown by bulk import (store.add_note, which queues each note in
the vector outbox, then Indexer.drain, which embeds and upserts it into Chroma) to each size
in turn (1k, 10k, 100k notes; 20 notes per person). At each size, `Engine.handle` is timed on
three kinds of message: logging ("Had coffee with X at Y, she just started learning Z";
SQLite writes only), search questions ("who works at Nintendo?"; hybrid search) and fact
questions ("what's new with X?"; SQL). Between the logging block and the questions the
outbox is drained, as the bot's background indexer would; so search times do not include
embedding new notes, only the question. Each kind is timed `per_round` times in each of
`rounds` rounds; the figures are the median over rounds of each round's p50 and p95.

Then 1,000 more owners with 20 notes each join the same database, and the same timings are
taken for messages from random small owners, and for the big owner again: the owner filter
must not make everyone pay for the biggest address book.
"""

from __future__ import annotations

import logging
import random
import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from tests.benchmarks.synthetic import Book

logger = logging.getLogger(__name__)
KINDS = ("log", "search", "fact")
BIG = "bench:big"


@dataclass
class Ingest:
    notes: int
    sql_s: float
    embed_s: float

    @property
    def per_s(self) -> float:
        return self.notes / (self.sql_s + self.embed_s)


@dataclass
class Point:
    label: str
    notes: int  # notes of the owners asked about (per owner)
    db_notes: int  # notes in the whole database
    owners: int
    replies: dict[str, tuple[float, float]] = field(default_factory=dict)  # kind -> (p50 ms, p95 ms)


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


class Bench:
    def __init__(self, workdir: Path, *, rounds: int = 3, per_round: int = 40):
        self.workdir = workdir
        self.rounds, self.per_round = rounds, per_round
        self.ingests: list[Ingest] = []
        self.points: list[Point] = []
        self.books: dict[str, tuple[Book, int]] = {}  # owner -> (book, people known so far)

    async def __aenter__(self) -> Self:
        from core.engine import Engine
        from storage.embedder import MiniLMEmbedder
        from storage.sqlite import SqliteStore
        from storage.vectors import ChromaIndex

        self.store = await SqliteStore.open(self.workdir / "memoro.sqlite3")
        self.engine = Engine(store=self.store, index=ChromaIndex(MiniLMEmbedder(), path=self.workdir / "chroma"),
                             default_tz="UTC")
        self.contacts: dict[str, list[int]] = {}
        return self

    async def __aexit__(self, *exc) -> None:
        await self.store.close()

    async def grow(self, owner: str, book: Book, have: int, target: int, *, chunk: int = 5000) -> None:
        """Bulk-import notes `have`..`target` of `book` for `owner`; timed as ingest."""
        now = datetime.now(UTC)
        if have == 0:
            await self.store.create_owner(owner, "UTC", now)
        ids = self.contacts.setdefault(owner, [])
        sql = embed = 0.0
        for start in range(have, target, chunk):
            t0 = time.perf_counter()
            async with self.store.transaction():  # one unit of work per chunk
                for who, text, on in book.notes(start, min(chunk, target - start)):
                    while len(ids) <= who:
                        ids.append((await self.store.add_contact(owner, book.people[len(ids)], now, None)).id)
                    await self.store.add_note(owner, ids[who], text, on, "news", now, None)
            t1 = time.perf_counter()
            await self.engine.indexer.drain()
            sql, embed = sql + t1 - t0, embed + time.perf_counter() - t1
        self.books[owner] = (book, len(ids))
        self.ingests.append(Ingest(target - have, sql, embed))
        logger.debug("%s: %d -> %d notes, sql %.1f s, embed %.1f s", owner, have, target, sql, embed)

    async def _say(self, owner: str, text: str, at: datetime) -> float:
        from core.messages import IncomingMessage

        t0 = time.perf_counter()
        await self.engine.handle(IncomingMessage(owner=owner, text=text, at=at, platform="bench", chat_id=owner))
        return (time.perf_counter() - t0) * 1000

    async def measure(self, label: str, owners: list[str], notes: int) -> Point:
        """Time each kind of message from `owners` (picked at random), `rounds` x `per_round`."""
        rng = random.Random(label)
        per_round: dict[str, list[tuple[float, float]]] = {k: [] for k in KINDS}
        for _ in range(self.rounds):
            times: dict[str, list[float]] = {k: [] for k in KINDS}
            for kind in KINDS:
                for _ in range(self.per_round):
                    owner = rng.choice(owners)
                    book, known = self.books[owner]
                    make = {"log": book.log_message, "search": book.search_question, "fact": book.fact_question}[kind]
                    times[kind].append(await self._say(owner, make(known), datetime.now(UTC)))
                if kind == "log":
                    await self.engine.index_pending()  # the background indexer's work, not timed
            for k in KINDS:
                per_round[k].append((pct(times[k], 50), pct(times[k], 95)))
        point = Point(label, notes, await self.store.count_notes(), len(self.books))
        point.replies = {k: (statistics.median(p for p, _ in v), statistics.median(p for _, p in v))
                         for k, v in per_round.items()}
        self.points.append(point)
        logger.info("%s: %s", label, {k: f"{a:.1f}/{b:.1f} ms" for k, (a, b) in point.replies.items()})
        return point

    async def run(self, sizes: tuple[int, ...], owners: int) -> None:
        book, have = Book(max(sizes)), 0
        for size in sizes:
            await self.grow(BIG, book, have, size)
            have = size
            await self.measure(f"1 owner, {size:,} notes", [BIG], size)
        small = []
        t0, before = time.perf_counter(), len(self.ingests)
        for i in range(owners):
            key = f"bench:o{i}"
            await self.grow(key, Book(20, seed=i, people=4), 0, 20)
            small.append(key)
        merged = self.ingests[before:]
        del self.ingests[before:]
        self.ingests.append(Ingest(sum(x.notes for x in merged), sum(x.sql_s for x in merged),
                                   sum(x.embed_s for x in merged)))
        logger.info("%d small owners in %.1f s", owners, time.perf_counter() - t0)
        await self.measure(f"{owners:,} owners x 20 notes, shared DB", small, 20)
        await self.measure(f"1 owner, {have:,} notes, shared DB", [BIG], have)



async def _main(workdir: Path, sizes: tuple[int, ...], owners: int, rounds: int, per_round: int) -> dict:
    async with Bench(workdir, rounds=rounds, per_round=per_round) as bench:
        await bench.run(sizes, owners)
    return {"points": [asdict(p) for p in bench.points], "ingests": [asdict(i) for i in bench.ingests]}


if __name__ == "__main__":
    # Run in its own process by tests/benchmarks/run.py, so that the cold starts measured
    # after it open a database no other process holds; prints the figures as one JSON line.
    import argparse
    import asyncio
    import json

    parser = argparse.ArgumentParser(description="reply time and scale (see the module docstring)")
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--owners", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-round", type=int, default=40)
    a = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("chromadb", "httpx", "sentence_transformers", "core", "storage"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    print(json.dumps(asyncio.run(_main(a.workdir, tuple(a.sizes), a.owners, a.rounds, a.per_round))))
