"""The PostgreSQL store: the same repositories as the SQLite one, for several workers.

`PostgresStore` is the SQLite store's class with another engine under it: every query the
SQLite store and its mixins write runs here unchanged, translated statement by statement by
dialect.py, and only what the engines do differently is written again (full_text.py: tsvector
and ts_rank instead of FTS5 and bm25; nudges.py: the due-scans, on typed arrays instead of
VALUES lists and json_each; merge.py: rows found by key instead of rowid). So a query fixed or
added for SQLite is fixed or added here, and the contract suite (tests/contract/) runs both.

Two asyncpg pools: writes go through units of work on the writer pool (unit_of_work.py), reads
outside a unit through a pool whose sessions are read-only, so a write that skipped its unit
of work fails loudly, as on SQLite. A fact is written with its person's row locked (two workers
correcting one fact take turns). The contacts of an owner are not cached: another worker may
have changed them (on SQLite, one process is the only writer and can cache them).
Times are stored as UTC ISO text, as on SQLite, so the shared SQL compares them the same way.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from typing import Any

import asyncpg

from core.records import Contact, Fact
from storage.postgres import migrations
from storage.postgres.connection import PgConn, PoolConn, Schema
from storage.postgres.full_text import FullTextRepo
from storage.postgres.merge import PgMergeRepo
from storage.postgres.nudges import PgNudgeRepo
from storage.postgres.unit_of_work import PgStage, PgWriter
from storage.sqlite import SqliteStore
from storage.unit_of_work import writes

logger = logging.getLogger(__name__)

POOL_MIN, POOL_MAX = 1, 10


def dsn(url: str) -> str:
    """asyncpg's form of a database URL (`postgresql+asyncpg://` and `postgres://` accepted)."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql://{rest}" if sep and scheme.split("+")[0] in ("postgresql", "postgres") else url


class PostgresStore(FullTextRepo, PgNudgeRepo, PgMergeRepo, SqliteStore):
    """Repositories over one PostgreSQL database. Use `async with await PostgresStore.open(url) as store`."""

    def __init__(self, writer: asyncpg.Pool[asyncpg.Record], reader: asyncpg.Pool[asyncpg.Record],
                 schema: Schema):
        self._writer = PgWriter(writer, schema)  # type: ignore[assignment, unused-ignore]
        self._pg_reader = PoolConn(reader, schema)
        self._pools = (writer, reader)

    @classmethod
    async def open(cls, url: str, *, min_size: int = POOL_MIN,  # type: ignore[override, unused-ignore]
                   max_size: int = POOL_MAX) -> PostgresStore:
        schema = Schema()
        conn = await asyncpg.connect(dsn(url))
        try:
            applied = await migrations.apply(conn, schema)
            if applied:
                logger.info("applied migrations: %s", ", ".join(applied))
            await schema.load(conn)
        finally:
            await conn.close()
        writer = await asyncpg.create_pool(dsn(url), min_size=min_size, max_size=max_size)
        try:
            reader = await asyncpg.create_pool(dsn(url), min_size=min_size, max_size=max_size,
                                               server_settings={"default_transaction_read_only": "on"})
        except BaseException:
            await writer.close()
            raise
        return cls(writer, reader, schema)

    @property
    def db(self) -> Any:  # type: ignore[override, unused-ignore]
        """The connection for the caller: its unit of work's inside one, else the read pool."""
        return self._writer.current() or self._pg_reader  # type: ignore[attr-defined, unused-ignore]

    def transaction(self) -> contextlib.AbstractAsyncContextManager[PgConn]:  # type: ignore[override, unused-ignore]
        """`async with store.transaction():` one unit of work, committed or rolled back as a whole."""
        return self._writer.unit()  # type: ignore[return-value, no-any-return, unused-ignore]

    def staged(self, *, keep: bool = True) -> contextlib.AbstractAsyncContextManager[PgStage]:  # type: ignore[override]
        """`async with store.staged() as stage:` a long unit of work (one transaction here),
        undone as a whole if it fails (or if not `keep`)."""
        return self._writer.staged(keep=keep)  # type: ignore[attr-defined, no-any-return, unused-ignore]

    def _drop_contacts(self, owner: str) -> None:
        """Nothing is cached (see the module's paragraph)."""

    def _forget_contacts(self, owners: set[str]) -> None:
        """Nothing is cached."""

    async def contacts(self, owner: str) -> list[Contact]:
        """The owner's contacts by name, read each time: another worker may have changed them."""
        rows = await self._rows("SELECT id, name FROM contacts WHERE owner = ? ORDER BY name", (owner,))
        return [Contact(r["id"], r["name"]) for r in rows]

    @writes  # type: ignore[misc, untyped-decorator, unused-ignore]
    async def add_fact(self, owner: str, contact_id: int, kind: str, value: str, now: datetime,
                       source: int | None) -> Fact | None:
        """Record a fact, superseding the current one (the SQLite store's query), with the person's
        row locked first: two workers correcting the same fact at once take turns, so the second
        supersedes the first one's value instead of both superseding the old one."""
        await self.db.execute("SELECT 1 FROM contacts WHERE owner = ? AND id = ? FOR UPDATE", (owner, contact_id))
        return await super().add_fact(owner, contact_id, kind, value, now, source)  # type: ignore[no-any-return, unused-ignore]

    async def close(self) -> None:
        for pool in self._pools:
            await pool.close()
