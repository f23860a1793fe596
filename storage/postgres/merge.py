"""Merging two contacts on PostgreSQL: storage/merge_store.py's journal, with rows found by key.

The SQLite merge finds and journals rows by `rowid`, reads the tables from `sqlite_master` and
`PRAGMA table_info`, and lets an UPDATE that would break a unique key fail on its own. Here a row
is found by its primary key (`id`, or the whole key where a table has no `id`: the people of a
meeting, the owner row), the tables with a `contact_id` column come from the catalogue, and the
UPDATE that may hit a unique key runs in a savepoint, since a failed statement otherwise aborts
the whole transaction on PostgreSQL. What moves, what is deleted instead and how undo replays the
journal (rows put back first, then the old values) are as on SQLite; a journal written by one
engine is read by the same engine only.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import asyncpg

from core.text import fold

logger = logging.getLogger(__name__)

_SKIP = {"contacts", "merges", "choices", "_undo_log", "_migrations"}


class PgMergeRepo:
    """Mixed into PostgresStore (needs `self.db`, `self._writer`, `_drop_contacts`, `_requeue_notes`)."""

    db: Any
    _writer: Any

    async def _keys(self, table: str) -> list[str]:
        """The columns that find one row of `table`: `id`, else its primary key."""
        cols = await _cols(self.db, table)
        if "id" in cols:
            return ["id"]
        rows = await self.db.fetch(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
            " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum",
            table)
        return [r[0] for r in rows]

    async def merge_contacts(self, owner: str, keep_id: int, gone_id: int, name: str, now: datetime,
                             source: int | None) -> int:
        """Move everything of `gone_id` to `keep_id` (named `name` afterwards, the other name kept
        as a nickname if they have none); the merge's id. One unit of work (or part of the caller's)."""
        async with self._writer.unit():
            return await self._merge(owner, keep_id, gone_id, name, now, source)

    async def _merge(self, owner: str, keep_id: int, gone_id: int, name: str, now: datetime,
                     source: int | None) -> int:
        db = self.db
        updates: list[list[Any]] = []
        deleted: list[list[Any]] = []

        async def find(table: str, key: dict[str, Any]) -> tuple[str, list[Any]]:
            where = " AND ".join(f"{k} = ${n + 1}" for n, k in enumerate(key))
            return where, list(key.values())

        async def change(table: str, key: dict[str, Any], col: str, value: Any) -> bool:
            where, args = await find(table, key)
            old = (await db.fetch(f"SELECT {col} FROM {table} WHERE {where}", *args))[0][0]
            try:
                async with self._writer.unit():  # a savepoint: a broken unique key undoes only this
                    await db.fetch(f"UPDATE {table} SET {col} = ${len(args) + 1} WHERE {where}", *args, value)
            except asyncpg.UniqueViolationError:  # the kept person has this row already
                return False
            after = {k: (value if k == col else v) for k, v in key.items()}
            updates.append([table, after, col, old])
            return True

        async def delete(table: str, key: dict[str, Any]) -> None:
            where, args = await find(table, key)
            row = (await db.fetch(f"SELECT * FROM {table} WHERE {where}", *args))[0]
            deleted.append([table, dict(row)])
            await db.fetch(f"DELETE FROM {table} WHERE {where}", *args)

        async def rows_of(table: str, where: str, *args: Any) -> list[dict[str, Any]]:
            keys = await self._keys(table)
            return [dict(r) for r in await db.fetch(f"SELECT {', '.join(keys)} FROM {table} WHERE {where}", *args)]

        self._drop_contacts(owner)  # type: ignore[attr-defined]
        gone = (await db.fetch("SELECT name FROM contacts WHERE owner = $1 AND id = $2", owner, gone_id))[0]
        kept = (await db.fetch("SELECT name FROM contacts WHERE owner = $1 AND id = $2", owner, keep_id))[0]
        both = await db.fetch(
            "SELECT g.id, k.id, g.valid_from >= k.valid_from FROM facts g JOIN facts k ON k.kind = g.kind"
            " AND k.owner = g.owner AND k.contact_id = $1 AND k.valid_to IS NULL"
            " WHERE g.owner = $2 AND g.contact_id = $3 AND g.valid_to IS NULL", keep_id, owner, gone_id)
        for g, k, gone_newer in both:
            old, new = (k, g) if gone_newer else (g, k)
            since = (await db.fetch("SELECT valid_from FROM facts WHERE id = $1", new))[0][0]
            await change("facts", {"id": old}, "valid_to", since)
            await change("facts", {"id": old}, "superseded_by", new)
        for table in await _tables_with(db, "contact_id"):
            if "owner" in await _cols(db, table):
                found = await rows_of(table, "contact_id = $1 AND owner = $2", gone_id, owner)
            else:
                found = await rows_of(table, "contact_id = $1", gone_id)
            for key in found:
                if table == "relationships" and await _self_link(db, key, keep_id, "relative_id"):
                    await delete(table, key)
                elif not await change(table, key, "contact_id", keep_id):
                    await delete(table, key)
        for key in await rows_of("relationships", "owner = $1 AND relative_id = $2", owner, gone_id):
            if await _self_link(db, key, keep_id, "contact_id") or not await change(
                    "relationships", key, "relative_id", keep_id):
                await delete("relationships", key)
        for key in await rows_of("owners", "key = $1 AND focus_contact_id = $2", owner, gone_id):
            await change("owners", key, "focus_contact_id", keep_id)
        folded = fold(name)
        for col, value in (("name", name), ("folded", folded), ("first_folded", folded.split()[0])):
            await change("contacts", {"id": keep_id}, col, value)
        await delete("contacts", {"id": gone_id})
        inserted = []
        alias = gone["name"] if fold(gone["name"]) != folded else kept["name"]
        if fold(alias) != folded and not await db.fetch(
                "SELECT 1 FROM facts WHERE owner = $1 AND contact_id = $2 AND kind = 'nickname' AND valid_to IS NULL",
                owner, keep_id):
            fid = await db.fetchval("INSERT INTO facts (owner, contact_id, kind, value, valid_from)"
                                    " VALUES ($1, $2, 'nickname', $3, $4) RETURNING id", owner, keep_id, alias,
                                    now.isoformat())
            inserted.append(["facts", {"id": fid}])
        await self._requeue_notes(owner, keep_id)  # type: ignore[attr-defined]
        journal = json.dumps({"updates": updates, "deleted": deleted, "inserted": inserted})
        return int(await db.fetchval(
            "INSERT INTO merges (owner, kept_id, gone_id, gone_name, journal, source_message_id, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            owner, keep_id, gone_id, gone["name"], journal, source, now.astimezone(UTC).isoformat()))

    async def undo_merge(self, owner: str, merge_id: int, now: datetime) -> bool:
        """Put both people back as they were before merge `merge_id`; False if it was undone
        already or the kept person is gone. One unit of work (or part of the caller's)."""
        async with self._writer.unit():
            return await self._undo_merge(owner, merge_id, now)

    async def _undo_merge(self, owner: str, merge_id: int, now: datetime) -> bool:
        db = self.db
        rows = await db.fetch("SELECT * FROM merges WHERE owner = $1 AND id = $2 AND undone_at IS NULL", owner, merge_id)
        if not rows or not await db.fetch("SELECT 1 FROM contacts WHERE owner = $1 AND id = $2", owner, rows[0]["kept_id"]):
            return False
        journal = json.loads(rows[0]["journal"])
        self._drop_contacts(owner)  # type: ignore[attr-defined]
        for table, key in journal.get("inserted", []):
            await db.fetch(f"DELETE FROM {table} WHERE {_where(key)}", *key.values())
        for table, row in reversed(journal["deleted"]):
            cols = ", ".join(row)
            marks = ", ".join(f"${n + 1}" for n in range(len(row)))
            await db.fetch(f"INSERT INTO {table} ({cols}) VALUES ({marks})", *row.values())
        for table, key, col, old in reversed(journal["updates"]):
            await db.fetch(f"UPDATE {table} SET {col} = ${len(key) + 1} WHERE {_where(key)}", *key.values(), old)
        await db.fetch("UPDATE merges SET undone_at = $1 WHERE id = $2", now.astimezone(UTC).isoformat(), merge_id)
        for contact in (rows[0]["kept_id"], rows[0]["gone_id"]):
            await self._requeue_notes(owner, contact)  # type: ignore[attr-defined]
        return True


def _where(key: dict[str, Any]) -> str:
    return " AND ".join(f"{k} = ${n + 1}" for n, k in enumerate(key))


async def _cols(db: Any, table: str) -> list[str]:
    rows = await db.fetch("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                          " AND table_name = $1 ORDER BY ordinal_position", table)
    return [r[0] for r in rows]


async def _tables_with(db: Any, column: str) -> list[str]:
    rows = await db.fetch("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
                          " AND column_name = $1 ORDER BY table_name", column)
    return [r[0] for r in rows if r[0] not in _SKIP]


async def _self_link(db: Any, key: dict[str, Any], keep_id: int, other: str) -> bool:
    """Would this relationship, moved to `keep_id`, link the person to themselves?"""
    rows = await db.fetch(f"SELECT {other} FROM relationships WHERE {_where(key)}", *key.values())
    return bool(rows) and rows[0][0] == keep_id
