"""Merging two contacts, and taking a merge back, from a journal (see core/merge.py).

A merge moves every row that points at the person who goes (`gone`) to the person kept, in
one unit of work, and writes what it did to `merges.journal`: for each changed cell its old
value, for each deleted row the whole row. Undo replays the journal backwards (rows put back
first, then the old values), so both people come back exactly, ids included.

Which rows: every table with a `contact_id` column (facts, notes, meetings' people, reminders,
nudges, and whatever later tables are keyed so), plus `relationships.relative_id` and the
owner's person in focus. Where the kept person already has the row the other would become (the
same meeting, a keep-in-touch reminder, a nudge already sent for that birthday, the same family
link), the moved one is deleted instead. For a fact kind both have, the newer value stays
current and the older one becomes its history. Moved notes are queued for re-indexing, since
their vectors carry the person's name.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import aiosqlite

from core.records import Record
from core.text import fold
from storage.unit_of_work import Repo, inserted_id, writes

_SKIP = {"contacts", "merges", "choices", "_undo_log"}


class MergeRepo(Repo):
    """Mixed into SqliteStore (needs `self.db`, `_drop_contacts`)."""

    @writes
    async def merge_contacts(self, owner: str, keep_id: int, gone_id: int, name: str, now: datetime,
                             source: int | None) -> int:
        """Move everything of `gone_id` to `keep_id` (named `name` afterwards, the other name kept
        as a nickname if they have none); the merge's id."""
        db = self.db
        updates: list[tuple[str, int, str, object]] = []  # (table, rowid, column, old value)
        deleted: list[tuple[str, Record]] = []  # (table, the row as it was)

        async def change(table: str, rowid: int, col: str, value: object) -> bool:
            old = (await self._rows(f"SELECT {col} FROM {table} WHERE rowid = ?", (rowid,)))[0][0]
            try:
                await db.execute(f"UPDATE {table} SET {col} = ? WHERE rowid = ?", (value, rowid))
            except sqlite3.IntegrityError:  # the kept person has this row already
                return False
            updates.append((table, rowid, col, old))
            return True

        async def delete(table: str, rowid: int) -> None:
            row = (await self._rows(f"SELECT rowid AS _rowid, * FROM {table} WHERE rowid = ?", (rowid,)))[0]
            deleted.append((table, dict(row)))
            await db.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))

        self._drop_contacts(owner)
        gone = (await self._rows("SELECT name FROM contacts WHERE owner = ? AND id = ?", (owner, gone_id)))[0]
        kept = (await self._rows("SELECT name FROM contacts WHERE owner = ? AND id = ?", (owner, keep_id)))[0]
        # a kind both have: the newer value is current, the older its history
        both = await self._rows(
            "SELECT g.id, k.id, g.valid_from >= k.valid_from FROM facts g JOIN facts k ON k.kind = g.kind"
            " AND k.owner = g.owner AND k.contact_id = ? AND k.valid_to IS NULL"
            " WHERE g.owner = ? AND g.contact_id = ? AND g.valid_to IS NULL", (keep_id, owner, gone_id))
        for g, k, gone_newer in both:
            old, new = (k, g) if gone_newer else (g, k)
            since = (await self._rows("SELECT valid_from FROM facts WHERE id = ?", (new,)))[0][0]
            await change("facts", old, "valid_to", since)
            await change("facts", old, "superseded_by", new)
        for table in await _tables_with(db, "contact_id"):
            where = "contact_id = ?" + (" AND owner = ?" if "owner" in await _cols(db, table) else "")
            args = (gone_id, owner) if "owner" in await _cols(db, table) else (gone_id,)
            for (rowid,) in await self._rows(f"SELECT rowid FROM {table} WHERE {where}", args):
                if table == "relationships" and await _self_link(db, rowid, keep_id, "relative_id"):
                    await delete(table, rowid)
                elif not await change(table, rowid, "contact_id", keep_id):
                    await delete(table, rowid)
        for (rowid,) in await self._rows(
                "SELECT rowid FROM relationships WHERE owner = ? AND relative_id = ?", (owner, gone_id)):
            if await _self_link(db, rowid, keep_id, "contact_id") or not await change(
                    "relationships", rowid, "relative_id", keep_id):
                await delete("relationships", rowid)
        for (rowid,) in await self._rows(
                "SELECT rowid FROM owners WHERE key = ? AND focus_contact_id = ?", (owner, gone_id)):
            await change("owners", rowid, "focus_contact_id", keep_id)
        folded = fold(name)
        for col, value in (("name", name), ("folded", folded), ("first_folded", folded.split()[0])):
            await change("contacts", keep_id, col, value)
        await delete("contacts", gone_id)
        inserted: list[tuple[str, int]] = []  # (table, rowid)
        alias = gone["name"] if fold(gone["name"]) != folded else kept["name"]
        if fold(alias) != folded and not await self._rows(
                "SELECT 1 FROM facts WHERE owner = ? AND contact_id = ? AND kind = 'nickname' AND valid_to IS NULL",
                (owner, keep_id)):
            cur = await db.execute("INSERT INTO facts (owner, contact_id, kind, value, valid_from) VALUES (?, ?, ?, ?, ?)",
                                   (owner, keep_id, "nickname", alias, now.isoformat()))
            inserted.append(("facts", inserted_id(cur)))
        await self._requeue_notes(owner, keep_id)
        journal = json.dumps({"updates": updates, "deleted": deleted, "inserted": inserted})
        cur = await db.execute(
            "INSERT INTO merges (owner, kept_id, gone_id, gone_name, journal, source_message_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (owner, keep_id, gone_id, gone["name"], journal, source, now.astimezone(UTC).isoformat()))
        return inserted_id(cur)

    @writes
    async def undo_merge(self, owner: str, merge_id: int, now: datetime) -> bool:
        """Put both people back as they were before merge `merge_id`; False if it was undone
        already or the kept person is gone."""
        db = self.db
        rows = await self._rows(
            "SELECT * FROM merges WHERE owner = ? AND id = ? AND undone_at IS NULL", (owner, merge_id))
        if not rows or not await self._rows(
                "SELECT 1 FROM contacts WHERE owner = ? AND id = ?", (owner, rows[0]["kept_id"])):
            return False
        journal = json.loads(rows[0]["journal"])
        self._drop_contacts(owner)
        for table, rowid in journal.get("inserted", []):
            await db.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
        for table, row in reversed(journal["deleted"]):
            rowid = row.pop("_rowid")
            cols = ", ".join(["rowid", *row])
            marks = ", ".join("?" * (len(row) + 1))
            await db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", (rowid, *row.values()))
        for table, rowid, col, old in reversed(journal["updates"]):
            await db.execute(f"UPDATE {table} SET {col} = ? WHERE rowid = ?", (old, rowid))
        await db.execute("UPDATE merges SET undone_at = ? WHERE id = ?", (now.astimezone(UTC).isoformat(), merge_id))
        for contact in (rows[0]["kept_id"], rows[0]["gone_id"]):
            await self._requeue_notes(owner, contact)
        return True

    async def last_merge(self, owner: str) -> Record | None:
        """The owner's latest merge not taken back (id, kept_id, gone_id, gone_name, source_message_id)."""
        rows = await self._rows(
            "SELECT * FROM merges WHERE owner = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1", (owner,))
        return dict(rows[0]) if rows else None

    async def _requeue_notes(self, owner: str, contact_id: int) -> None:
        await self.db.execute(
            "INSERT OR REPLACE INTO vector_outbox (note_id, owner, op) SELECT id, owner, 'upsert' FROM notes"
            " WHERE owner = ? AND contact_id = ?", (owner, contact_id))


async def _cols(db: aiosqlite.Connection, table: str) -> list[str]:
    return [r[1] for r in await db.execute_fetchall(f"PRAGMA table_info({table})")]


async def _tables_with(db: aiosqlite.Connection, column: str) -> list[str]:
    names = [r[0] for r in await db.execute_fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'")]
    return [t for t in names if t not in _SKIP and column in await _cols(db, t)]


async def _self_link(db: aiosqlite.Connection, rowid: int, keep_id: int, other: str) -> bool:
    """Would this relationship, moved to `keep_id`, link the person to themselves?"""
    rows = list(await db.execute_fetchall(f"SELECT {other} FROM relationships WHERE rowid = ?", (rowid,)))
    return bool(rows) and rows[0][0] == keep_id
