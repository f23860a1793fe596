"""Units of work on SQLite: each piece of work commits or rolls back exactly its own writes.

SQLite has one writer at a time, so the store keeps one writer connection and an asyncio lock
in front of it. `async with writer.unit():` takes the lock, `BEGIN IMMEDIATE`s, and commits on
a clean exit or rolls back on any exception (cancellation included); nothing else can write in
between, so the nudge tick and the indexer can no longer commit someone else's half-done work.
A unit opened inside another one (in the same task, or a task started inside it) becomes a
SAVEPOINT: it undoes only itself on failure and commits with the outer unit. Reads outside any
unit go to a second, read-only connection, which in WAL mode sees only committed data and never
waits for the writer. Keep units short: every other writer waits for the lock.

A long piece of work, an import of 60,000 contacts, cannot hold the lock that long without
stopping every other user. `writer.staged()` runs it as a sequence of steps instead (`await
stage.checkpoint()` after each record: when another unit is waiting for the writer, the step
commits and the waiting units run before the next step begins, so they wait for one record,
not for the file; alone, it commits every STEP_RECORDS records) and keeps an
undo journal in the database: temporary triggers, active only while a staged step runs on the
writer connection, record every row the step inserts and the old values of every row it
updates in `_undo_log`, in the step's own transaction (the technique of sqlite.org/undoredo.html,
set-based instead of one statement per row). A stage that ends cleanly drops its journal; one
that fails, is cancelled, or is a dry run is undone in a single transaction; one cut short by a
crash is undone when the store next opens. So a failed import leaves nothing behind, while other
users' messages and the nudge tick interleave with it. A staged step may not delete rows (a
trigger refuses), since the journal could not bring them back.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import sqlite3
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

import aiosqlite

logger = logging.getLogger(__name__)

# tables an import writes; the journal covers their inserts and updates
JOURNALED = ("owners", "messages", "contacts", "facts", "interactions", "interaction_people", "notes",
             "relationships", "reminders", "open_items", "contact_tags", "followups")

STEP_RECORDS = 500  # the most records one step of a staged unit writes (well under busy_timeout)

_active: contextvars.ContextVar[tuple[Writer, ...]] = contextvars.ContextVar("memoro_units", default=())


class Repo:
    """What each repository mixin of a store uses of the store it is mixed into (declared here
    for the type checker; `SqliteStore` provides them)."""

    _writer: Writer

    @property
    def db(self) -> aiosqlite.Connection:
        """The connection for the caller: the writer inside a unit of work, else the reader."""
        raise NotImplementedError

    def _drop_contacts(self, owner: str) -> None:
        """Forget the cached contacts of `owner` (the store keeps a cache)."""
        raise NotImplementedError

    async def _rows(self, sql: str, args: Iterable[object] = ()) -> list[aiosqlite.Row]:
        return list(await self.db.execute_fetchall(sql, args))


S = TypeVar("S", bound=Repo)
P = ParamSpec("P")
R = TypeVar("R")


def writes(method: Callable[Concatenate[S, P], Awaitable[R]]) -> Callable[Concatenate[S, P], Coroutine[Any, Any, R]]:
    """A store method that writes: its own unit of work, or simply part of the caller's (no
    savepoint: a failing method fails the unit it is in)."""

    @wraps(method)
    async def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._writer.active():
            return await method(self, *args, **kwargs)
        async with self._writer.unit():
            return await method(self, *args, **kwargs)

    return run


def inserted_id(cur: aiosqlite.Cursor) -> int:
    """The rowid of the row the INSERT just run on `cur` wrote."""
    if cur.lastrowid is None:  # sqlite3 sets it on every INSERT; None means no INSERT ran
        raise RuntimeError("no INSERT ran on this cursor")
    return cur.lastrowid


class Writer:
    """The single writer connection of a store, its lock, and the units of work on it."""

    def __init__(self, conn: aiosqlite.Connection, *,
                 on_end: Callable[[set[str]], None] = lambda owners: None) -> None:
        self.conn = conn
        self.lock = asyncio.Lock()
        self.on_end = on_end  # called with the owners whose contacts a unit touched, after it ends
        self.waiting = 0  # units waiting for the lock: a staged step gives way to them
        self._depth = 0
        self._touched: set[str] = set()

    def active(self) -> bool:
        """Whether the caller is inside a unit of work on this writer."""
        return self in _active.get()

    def touch(self, owner: str) -> None:
        """Note that the current unit changed `owner`'s contacts (the cache is dropped at its end)."""
        self._touched.add(owner)

    @contextlib.asynccontextmanager
    async def unit(self) -> AsyncIterator[aiosqlite.Connection]:
        """One unit of work: commit on success, roll back on any exception."""
        if self.active():
            async with self._savepoint():
                yield self.conn
            return
        self.waiting += 1
        try:
            await self.lock.acquire()
        finally:
            self.waiting -= 1
        try:
            await self._begin()
            token = _active.set((*_active.get(), self))
            try:
                yield self.conn
            except BaseException:
                await self._end("ROLLBACK")
                raise
            else:
                await self._end("COMMIT")
            finally:
                _active.reset(token)
        finally:
            self.lock.release()

    @contextlib.asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[None]:
        self._depth += 1
        name = f"sp{self._depth}"
        await self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            await asyncio.shield(self.conn.execute(f"ROLLBACK TO {name}"))
            await asyncio.shield(self.conn.execute(f"RELEASE {name}"))
            raise
        else:
            await self.conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    async def _begin(self) -> None:
        self._touched = set()
        try:
            await self.conn.execute("BEGIN IMMEDIATE")
        except BaseException:  # cancelled while BEGIN was queued: it still runs, so end it
            await asyncio.shield(self._rollback_if_open())
            raise

    async def _rollback_if_open(self) -> None:
        with contextlib.suppress(sqlite3.OperationalError):  # "no transaction is active"
            await self.conn.execute("ROLLBACK")

    async def _end(self, how: str) -> None:
        try:
            if how == "COMMIT":
                try:
                    await self.conn.execute("COMMIT")
                except BaseException:  # busy, disk full, cancelled: nothing stays half open
                    await asyncio.shield(self._rollback_if_open())
                    raise
            else:  # shielded: a cancelled task still leaves the connection clean for the next unit
                await asyncio.shield(self.conn.execute("ROLLBACK"))
        finally:
            touched, self._touched = self._touched, set()
            self.on_end(touched)

    @contextlib.asynccontextmanager
    async def staged(self, *, keep: bool = True) -> AsyncIterator["Stage"]:
        """A long piece of work in short, journaled steps; undone as a whole unless it ends cleanly
        with `keep` (a dry run passes keep=False)."""
        if self.active():
            raise RuntimeError("a staged piece of work cannot run inside another unit of work")
        stage = Stage(self, uuid.uuid4().hex)
        await stage._open()
        token = _active.set((*_active.get(), self))
        try:
            yield stage
        except BaseException:
            await stage._close("ROLLBACK")
            _active.reset(token)
            await asyncio.shield(self.undo(stage.id))
            raise
        else:
            await stage._close("COMMIT")
            _active.reset(token)
            if keep:
                async with self.unit() as db:
                    await db.execute("DELETE FROM _undo_log WHERE stage = ?", (stage.id,))
            else:
                await self.undo(stage.id)

    async def undo(self, stage: str) -> None:
        """Revert everything a stage wrote, in one transaction."""
        async with self.unit() as db:
            # vectors already made for notes that are about to go are deleted by the indexer
            await db.execute(
                "INSERT OR REPLACE INTO vector_outbox (note_id, owner, op) SELECT n.id, n.owner, 'delete'"
                " FROM notes n WHERE n.id IN (SELECT row_id FROM _undo_log WHERE stage = ? AND tbl = 'notes'"
                " AND op = 'i')", (stage,))
            for table in reversed(JOURNALED):
                cols = await _columns(db, table)
                sets = ", ".join(f"{c} = json_extract(u.old, '$.{c}')" for c in cols)
                await db.execute(
                    f"UPDATE {table} SET {sets} FROM (SELECT row_id, old FROM _undo_log WHERE seq IN"
                    f" (SELECT min(seq) FROM _undo_log WHERE stage = ? AND tbl = '{table}' AND op = 'u'"
                    f" GROUP BY row_id)) AS u WHERE {table}.rowid = u.row_id", (stage,))
                await db.execute(
                    f"DELETE FROM {table} WHERE rowid IN (SELECT row_id FROM _undo_log WHERE stage = ?"
                    f" AND tbl = '{table}' AND op = 'i')", (stage,))
            await db.execute("DELETE FROM _undo_log WHERE stage = ?", (stage,))
            self.touch("*")

    async def recover(self) -> list[str]:
        """Undo the stages a crash left unfinished; returns their ids."""
        stages = [r[0] for r in await self.conn.execute_fetchall("SELECT DISTINCT stage FROM _undo_log")]
        for stage in stages:
            await self.undo(stage)
        if stages:
            logger.warning("undid %s unfinished import(s) left by a crash", len(stages))
        return stages


class Stage:
    """A long unit of work: writes go into the current step; `checkpoint()` commits the step,
    lets waiting writers in, and opens the next. Undone as a whole if the stage fails."""

    def __init__(self, writer: Writer, stage_id: str) -> None:
        self.writer = writer
        self.id = stage_id
        self._open_step = False
        self._records = 0

    async def checkpoint(self) -> None:
        """Give way: if another unit of work is waiting for the writer, commit this step (still
        undoable), let the waiting units run, and open the next step; otherwise do nothing.
        Call it often (after each record): it costs nothing when nobody waits. A step also ends
        after STEP_RECORDS records, for writers in other processes (`memoro import` next to a
        running bot), which wait on SQLite's busy timeout and cannot be seen here."""
        self._records += 1
        if self.writer.waiting or self._records >= STEP_RECORDS:
            await self._close("COMMIT")
            await self._open()

    async def _open(self) -> None:
        await self.writer.lock.acquire()
        try:
            await self.writer._begin()
            try:
                await self.writer.conn.execute("INSERT INTO temp._staging (stage) VALUES (?)", (self.id,))
            except BaseException:
                await asyncio.shield(self.writer._rollback_if_open())
                raise
        except BaseException:
            self.writer.lock.release()
            raise
        self._open_step = True
        self._records = 0

    async def _close(self, how: str) -> None:
        if not self._open_step:
            return
        self._open_step = False
        try:
            if how == "COMMIT":
                await self.writer.conn.execute("DELETE FROM temp._staging")
            await self.writer._end(how)
        finally:
            self.writer.lock.release()


async def _columns(db: aiosqlite.Connection, table: str) -> list[str]:
    return [r[1] for r in await db.execute_fetchall(f"PRAGMA table_info({table})")]


async def install_journal(db: aiosqlite.Connection) -> None:
    """The temporary triggers that journal staged steps, on the writer connection only."""
    await db.execute("CREATE TEMP TABLE IF NOT EXISTS _staging (stage TEXT NOT NULL)")
    for table in JOURNALED:
        cols = await _columns(db, table)
        old = "json_object(" + ", ".join(f"'{c}', old.{c}" for c in cols) + ")"
        new_owner = "json_object('owner', new.owner)" if "owner" in cols else "NULL"
        staged = "EXISTS (SELECT 1 FROM temp._staging)"
        await db.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS _undo_{table}_i AFTER INSERT ON main.{table} WHEN {staged} BEGIN"
            f" INSERT INTO _undo_log (stage, tbl, op, row_id, old) SELECT stage, '{table}', 'i', new.rowid,"
            f" {new_owner} FROM temp._staging; END")
        await db.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS _undo_{table}_u AFTER UPDATE ON main.{table} WHEN {staged} BEGIN"
            f" INSERT INTO _undo_log (stage, tbl, op, row_id, old) SELECT stage, '{table}', 'u', old.rowid,"
            f" {old} FROM temp._staging; END")
        await db.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS _undo_{table}_d BEFORE DELETE ON main.{table} WHEN {staged} BEGIN"
            f" SELECT RAISE(ABORT, 'a staged import may not delete rows ({table})'); END")
