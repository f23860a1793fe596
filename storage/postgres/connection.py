"""The connection the shared queries talk to, on PostgreSQL: aiosqlite's few calls over asyncpg.

The mixins of storage/ call `db.execute(sql, args)` (a cursor with `lastrowid` and `rowcount`),
`db.execute_fetchall(sql, args)` and `db.executemany(sql, rows)`. `PgConn` offers the same three
over one asyncpg connection, translating each statement with dialect.py; rows are asyncpg
Records, which index by position and by name and turn into dicts, as aiosqlite.Row does.
`lastrowid` comes from `RETURNING id`, added to an INSERT into a table that has an `id` column
(`Schema.id_tables`, read from the catalogue after the migrations); `rowcount` from the command
tag ("UPDATE 3"). Text arguments lose NUL characters, which PostgreSQL's text cannot hold. A unit of work's connection may be used by tasks it starts, so calls on one
connection take turns (asyncpg allows one operation at a time on a connection).
`PoolConn` is the same interface over a pool, one connection per call: reads outside a unit of
work, on connections that are read-only (a write that skipped its unit of work fails loudly).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from storage.postgres import dialect

logger = logging.getLogger(__name__)

# a connection of its own, or one lent by a pool
Raw: TypeAlias = "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"


@dataclass
class Schema:
    """What the translation needs to know of the database: the tables with an `id` column."""

    id_tables: frozenset[str] = field(default_factory=frozenset)

    async def load(self, conn: Raw) -> None:
        rows = await conn.fetch(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND column_name = 'id'")
        self.id_tables = frozenset(r[0] for r in rows)


@dataclass
class Cursor:
    """What aiosqlite's cursor told the callers: the new row's id and how many rows changed."""

    lastrowid: int | None = None
    rowcount: int = -1


def clean(args: Sequence[Any]) -> list[Any]:
    """Arguments PostgreSQL can store: its text cannot hold NUL, which SQLite's can; a NUL in
    what someone sent becomes U+FFFD (the replacement character) rather than losing the message."""
    return [a.replace("\x00", "\ufffd") if isinstance(a, str) and "\x00" in a else a for a in args]


def _count(status: str) -> int:
    tail = status.rsplit(" ", 1)[-1] if status else ""
    return int(tail) if tail.isdigit() else -1


class PgConn:
    """aiosqlite's execute / execute_fetchall / executemany on one asyncpg connection."""

    def __init__(self, conn: Raw, schema: Schema):
        self.raw = conn
        self.schema = schema
        self.depth = 0  # savepoints open on it
        self._turn = asyncio.Lock()

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> Cursor:
        table = dialect.insert_target(sql)
        wants_id = table is not None and table in self.schema.id_tables and not dialect.has_returning(sql)
        query = dialect.translate(sql, wants_id)
        async with self._turn:
            if wants_id or dialect.has_returning(query):
                rows = await self.raw.fetch(query, *clean(args))
                return Cursor(rows[0][0] if rows and wants_id else None, len(rows))
            return Cursor(None, _count(await self.raw.execute(query, *clean(args))))

    async def execute_fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[asyncpg.Record]:
        async with self._turn:
            return list(await self.raw.fetch(dialect.translate(sql), *clean(args)))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        batch = [tuple(clean(r)) for r in rows]
        if batch:
            async with self._turn:
                await self.raw.executemany(dialect.translate(sql), batch)
        return Cursor(None, -1)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        """A PostgreSQL statement as it is (no translation): its first value."""
        async with self._turn:
            return await self.raw.fetchval(sql, *clean(args))

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        """A PostgreSQL statement as it is (no translation)."""
        async with self._turn:
            return list(await self.raw.fetch(sql, *clean(args)))


class PoolConn:
    """The same calls over a pool, one pooled connection per call (reads outside units of work)."""

    def __init__(self, pool: asyncpg.Pool[asyncpg.Record], schema: Schema):
        self.pool = pool
        self.schema = schema

    async def execute(self, sql: str, args: Sequence[Any] = ()) -> Cursor:
        async with self.pool.acquire() as conn:
            return await PgConn(conn, self.schema).execute(sql, args)

    async def execute_fetchall(self, sql: str, args: Sequence[Any] = ()) -> list[asyncpg.Record]:
        async with self.pool.acquire() as conn:
            return await PgConn(conn, self.schema).execute_fetchall(sql, args)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        async with self.pool.acquire() as conn:
            return await PgConn(conn, self.schema).executemany(sql, rows)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        async with self.pool.acquire() as conn:
            return await conn.fetchval(sql, *clean(args))

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async with self.pool.acquire() as conn:
            return list(await conn.fetch(sql, *clean(args)))
