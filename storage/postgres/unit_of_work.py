"""Units of work on PostgreSQL: each piece of work commits or rolls back exactly its own writes.

Same contract as the SQLite writer (storage/unit_of_work.py), on a server with many writers:
`async with writer.unit():` takes a connection from the pool, `BEGIN`s, and commits on a clean
exit or rolls back on any exception (cancellation included). The connection is bound to the
current task (and the tasks it starts) through a context variable, so every query of the
store inside the unit runs on it; a unit opened inside another becomes a SAVEPOINT that undoes
only itself. No process-wide lock: PostgreSQL's row locks order concurrent writers (READ
COMMITTED; an UPDATE re-checks its WHERE against the row a concurrent unit committed, which is
what makes a nudge claim exactly-once across processes).

A staged piece of work (an import) is one long transaction on its own connection, and
`checkpoint()` does nothing. SQLite had to commit in steps to let other writers in and so
needed an undo journal; PostgreSQL's MVCC lets other units write while the import's
transaction is open (they wait only for a row the import itself changed: the importing owner's
own settings row, say), and a failure, a dry run (`keep=False`), a cancellation or a crash of
the process is undone by the server's rollback, with nothing to recover on the next start. The
cost is a long transaction (dead rows are not vacuumed while it runs), which for imports of
minutes is the lesser evil. Its rows appear to others at once, when it commits.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import AsyncIterator

import asyncpg

from storage.postgres.connection import PgConn, Raw, Schema

logger = logging.getLogger(__name__)

# the units open in this task: (writer, its connection), innermost last
_units: contextvars.ContextVar[tuple[tuple[PgWriter, PgConn], ...]] = contextvars.ContextVar(
    "memoro_pg_units", default=())


class PgWriter:
    """The pool the store writes through, and the units of work on it."""

    waiting = 0  # the SQLite writer's count of units waiting for its lock; none wait here

    def __init__(self, pool: asyncpg.Pool[asyncpg.Record], schema: Schema):
        self.pool = pool
        self.schema = schema

    def current(self) -> PgConn | None:
        """The connection of the unit the caller is in, if any."""
        for writer, conn in reversed(_units.get()):
            if writer is self:
                return conn
        return None

    def active(self) -> bool:
        """Whether the caller is inside a unit of work of this writer."""
        return self.current() is not None

    def touch(self, owner: str) -> None:
        """The SQLite writer drops cached contacts here; the PostgreSQL store caches none."""

    @contextlib.asynccontextmanager
    async def unit(self) -> AsyncIterator[PgConn]:
        """One unit of work: commit on success, roll back on any exception."""
        conn = self.current()
        if conn is not None:
            async with _savepoint(conn):
                yield conn
            return
        async with self._transaction() as conn:
            yield conn

    @contextlib.asynccontextmanager
    async def _transaction(self, *, keep: bool = True) -> AsyncIterator[PgConn]:
        async with self.pool.acquire() as raw:
            conn = PgConn(raw, self.schema)
            await raw.execute("BEGIN")
            token = _units.set((*_units.get(), (self, conn)))
            try:
                yield conn
            except BaseException:
                await _rollback(raw)
                raise
            else:
                if keep:
                    try:
                        await raw.execute("COMMIT")
                    except BaseException:
                        await _rollback(raw)
                        raise
                else:
                    await _rollback(raw)
            finally:
                _units.reset(token)

    @contextlib.asynccontextmanager
    async def staged(self, *, keep: bool = True) -> AsyncIterator[PgStage]:
        """A long piece of work as one transaction; undone as a whole unless it ends cleanly
        with `keep` (a dry run passes keep=False)."""
        if self.active():
            raise RuntimeError("a staged piece of work cannot run inside another unit of work")
        async with self._transaction(keep=keep) as conn:
            yield PgStage(conn)

    async def recover(self) -> list[str]:
        """Nothing to undo after a crash: the server rolled the unfinished import back."""
        return []


class PgStage:
    """A long unit of work: one transaction, so `checkpoint()` has nothing to do."""

    def __init__(self, conn: PgConn):
        self.conn = conn

    async def checkpoint(self) -> None:
        """Other writers are not kept waiting by an open transaction on PostgreSQL."""


@contextlib.asynccontextmanager
async def _savepoint(conn: PgConn) -> AsyncIterator[None]:
    conn.depth += 1
    name = f"sp{conn.depth}"
    await conn.fetch(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        try:
            await conn.fetch(f"ROLLBACK TO SAVEPOINT {name}")
            await conn.fetch(f"RELEASE SAVEPOINT {name}")
        except BaseException:  # the connection is unusable; the outer unit fails with it
            conn.raw.terminate()
        raise
    else:
        await conn.fetch(f"RELEASE SAVEPOINT {name}")
    finally:
        conn.depth -= 1


async def _rollback(raw: Raw) -> None:
    """Roll back; a connection that cannot (cancelled mid-query, server gone) is closed instead,
    and the pool replaces it, so no half-done transaction ever goes back into the pool."""
    try:
        await raw.execute("ROLLBACK")
    except BaseException:
        raw.terminate()
