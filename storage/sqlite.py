"""The SQLite store: the source of truth for every owner's address book.

Two aiosqlite connections per process, WAL mode, foreign keys on, migrations applied on open:
one writer, behind a lock, on which every write is a unit of work (`async with
store.transaction():`, see storage/unit_of_work.py; a method marked `@writes` is its own unit,
or part of the caller's), and one read-only connection that reads outside units see only
committed data through. Nothing outside storage commits or rolls back. Every query takes the
owner key and filters on it. Each write carries the id of the message that caused it
(`source_message_id`), which is what makes `/undo` a query.
"""

from __future__ import annotations

import contextlib
import logging
from collections import OrderedDict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, overload

import aiosqlite

from core import yearly
from core.records import Contact, Fact, Interaction, Note, Owner, Relative, Reminder
from core.text import fold
from storage import migrations
from storage.calendar_store import CalendarRepo
from storage.choice_store import ChoiceRepo
from storage.conversation_store import ConversationRepo
from storage.followup_store import FollowUpRepo
from storage.identity_store import IdentityRepo
from storage.items_store import ItemsRepo
from storage.lease_store import LeaseRepo
from storage.merge_store import MergeRepo
from storage.nudge_store import NudgeRepo
from storage.recall_store import RecallRepo
from storage.sync_store import CardSyncRepo
from storage.transfer_store import TransferRepo
from storage.unit_of_work import Stage, Writer, inserted_id, install_journal, writes

logger = logging.getLogger(__name__)
CONTACT_CACHE_OWNERS = 512  # owners whose contact lists stay in memory (the most recently active)

# the tables whose rows record the message that wrote them (undo, has_effects); contacts last
_SOURCED = ("notes", "facts", "interactions", "relationships", "reminders", "open_items", "contact_tags", "followups",
            "contacts")
_OWNER_FIELDS = ("tz", "nudge_hour", "nudge_minute", "persona", "focus_contact_id", "pending",
                 "last_platform", "last_chat_id", "blocked_at")


class SqliteStore(NudgeRepo, TransferRepo, IdentityRepo, CalendarRepo, CardSyncRepo, RecallRepo, ItemsRepo, FollowUpRepo,
                  ChoiceRepo, MergeRepo, LeaseRepo, ConversationRepo):
    """Repositories over one SQLite file. Use `async with SqliteStore.open(path) as store`."""

    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self._writer = Writer(writer, on_end=self._forget_contacts)
        self._reader = reader
        self._contacts: OrderedDict[str, list[Contact]] = OrderedDict()  # owner -> contacts, most recent last

    @classmethod
    async def open(cls, path: str | Path) -> "SqliteStore":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        writer = await aiosqlite.connect(str(path), isolation_level=None)  # transactions are explicit
        try:
            writer.row_factory = aiosqlite.Row
            await writer.execute("PRAGMA journal_mode=WAL")
            await writer.execute("PRAGMA foreign_keys=ON")
            await writer.execute("PRAGMA busy_timeout=5000")
            applied = await migrations.apply(writer)
            if applied:
                logger.info("applied migrations: %s", ", ".join(applied))
            await install_journal(writer)
            reader = await aiosqlite.connect(str(path))
        except BaseException:
            await writer.close()
            raise
        reader.row_factory = aiosqlite.Row
        await reader.execute("PRAGMA query_only=ON")  # a write that skipped its unit of work fails loudly
        await reader.execute("PRAGMA busy_timeout=5000")
        store = cls(writer, reader)
        await store._writer.recover()
        return store

    @property
    def db(self) -> aiosqlite.Connection:
        """The connection for the caller: the writer inside a unit of work, else the reader."""
        return self._writer.conn if self._writer.active() else self._reader

    def transaction(self) -> contextlib.AbstractAsyncContextManager[aiosqlite.Connection]:
        """`async with store.transaction():` one unit of work, committed or rolled back as a whole."""
        return self._writer.unit()

    def staged(self, *, keep: bool = True) -> "contextlib.AbstractAsyncContextManager[Stage]":
        """`async with store.staged() as stage:` a long unit of work in short steps
        (`await stage.checkpoint()` between them), undone as a whole if it fails (or if not `keep`)."""
        return self._writer.staged(keep=keep)

    def _drop_contacts(self, owner: str) -> None:
        """Forget the cached contacts of `owner` now and again when the current unit ends."""
        self._contacts.pop(owner, None)
        self._writer.touch(owner)

    def _forget_contacts(self, owners: set[str]) -> None:
        if "*" in owners:
            self._contacts.clear()
        for owner in owners:
            self._contacts.pop(owner, None)

    async def close(self) -> None:
        await self._reader.close()
        await self._writer.conn.close()

    async def __aenter__(self) -> "SqliteStore":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # owners -----------------------------------------------------------------------------
    async def owner(self, key: str) -> Owner | None:
        rows = await self._rows("SELECT * FROM owners WHERE key = ?", (key,))
        return Owner(key=key, **{f: rows[0][f] for f in _OWNER_FIELDS}) if rows else None

    @writes
    async def create_owner(self, key: str, tz: str, now: datetime) -> Owner:
        await self.db.execute("INSERT OR IGNORE INTO owners (key, tz, created_at) VALUES (?, ?, ?)",
                              (key, tz, now.isoformat()))
        owner = await self.owner(key)
        assert owner is not None  # inserted just now, or there already
        return owner

    @writes
    async def update_owner(self, /, key: str, **fields: str | int | None) -> None:
        unknown = set(fields) - set(_OWNER_FIELDS)
        if unknown:
            raise ValueError(f"unknown owner fields {unknown}")
        sets = ", ".join(f"{f} = ?" for f in fields)
        await self.db.execute(f"UPDATE owners SET {sets} WHERE key = ?", (*fields.values(), key))

    # messages ---------------------------------------------------------------------------
    @writes
    async def add_message(self, owner: str, role: str, text: str, at: datetime, *, platform: str = "",
                          thread: str = "", external_id: str | None = None, reply_to: int | None = None) -> int | None:
        """Store a message; None when this external id was already stored (a redelivery).
        A reply names the message it answers (`reply_to`)."""
        cur = await self.db.execute(
            "INSERT OR IGNORE INTO messages (owner, thread, role, text, at, platform, external_id, reply_to)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (owner, thread, role, text, at.isoformat(), platform, external_id, reply_to))
        return cur.lastrowid if cur.rowcount else None

    @writes
    async def log_incoming(self, owner: str, text: str, at: datetime, *, platform: str = "", thread: str = "",
                           external_id: str | None = None, raw: str | None = None) -> tuple[int, str]:
        """Store an incoming message as pending (status `received`) before anything handles it.

        Returns (id, status); a redelivery (same owner, platform and external id) returns the row
        already stored, so its status says whether it is still pending or was handled."""
        cur = await self.db.execute(
            "INSERT OR IGNORE INTO messages (owner, thread, role, text, at, platform, external_id, raw)"
            " VALUES (?, ?, 'user', ?, ?, ?, ?, ?)", (owner, thread, text, at.isoformat(), platform, external_id, raw))
        if cur.rowcount:
            return inserted_id(cur), "received"
        row = (await self._rows("SELECT id, status FROM messages WHERE owner = ? AND platform = ? AND external_id = ?",
                                (owner, platform, external_id)))[0]
        return row["id"], row["status"]

    @writes
    async def clear_raw(self, message_id: int) -> None:
        """Forget a message's raw form (the console's "still in the pipe" mark, once it is taken)."""
        await self.db.execute("UPDATE messages SET raw = NULL WHERE id = ?", (message_id,))

    async def message(self, message_id: int) -> aiosqlite.Row | None:
        rows = await self._rows("SELECT * FROM messages WHERE id = ?", (message_id,))
        return rows[0] if rows else None

    @writes
    async def set_message_status(self, message_id: int, status: str) -> None:
        await self.db.execute("UPDATE messages SET status = ? WHERE id = ?", (status, message_id))

    async def unprocessed_messages(self, owner: str | None = None, *, platform: str | None = None,
                                   limit: int = 10_000) -> list[aiosqlite.Row]:
        """Incoming messages stored but not handled yet (pending), oldest first."""
        where, args = "role = 'user' AND status = 'received'", []
        if platform is not None:
            where, args = where + " AND platform = ?", [platform]
        if owner:
            where, args = where + " AND owner = ?", [*args, owner]
        return await self._rows(f"SELECT * FROM messages WHERE {where} ORDER BY id LIMIT ?", (*args, limit))

    async def has_effects(self, owner: str, message_id: int) -> bool:
        """Did message `message_id` already write anything? (A pending one that did was cut short
        by a crash: its writes are undone before it is handled again.)"""
        parts = " UNION ALL ".join(f"SELECT 1 FROM {t} WHERE owner = ? AND source_message_id = ?"
                                   for t in _SOURCED)
        return bool(await self._rows(f"SELECT 1 FROM ({parts}) LIMIT 1", (owner, message_id) * len(_SOURCED)))

    # contacts ---------------------------------------------------------------------------
    async def contacts(self, owner: str) -> list[Contact]:
        """The owner's contacts by name. Every message needs them, so they are cached per owner
        and dropped by each write to the owner's contacts (add, rename, delete, undo, rollback)."""
        if (cached := self._contacts.get(owner)) is None:
            rows = await self._rows("SELECT id, name FROM contacts WHERE owner = ? ORDER BY name", (owner,))
            cached = self._contacts[owner] = [Contact(r["id"], r["name"]) for r in rows]
            if len(self._contacts) > CONTACT_CACHE_OWNERS:
                self._contacts.popitem(last=False)
        self._contacts.move_to_end(owner)
        return list(cached)

    async def contact(self, owner: str, contact_id: int) -> Contact | None:
        rows = await self._rows("SELECT id, name FROM contacts WHERE owner = ? AND id = ?", (owner, contact_id))
        return Contact(rows[0]["id"], rows[0]["name"]) if rows else None

    @writes
    async def add_contact(self, owner: str, name: str, now: datetime, source: int | None) -> Contact:
        self._drop_contacts(owner)
        folded = fold(name)
        cur = await self.db.execute(
            "INSERT INTO contacts (owner, name, folded, first_folded, created_at, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?)", (owner, name, folded, folded.split()[0], now.isoformat(), source))
        return Contact(inserted_id(cur), name)

    @writes
    async def rename_contact(self, owner: str, contact_id: int, name: str) -> None:
        self._drop_contacts(owner)
        folded = fold(name)
        await self.db.execute("UPDATE contacts SET name = ?, folded = ?, first_folded = ? WHERE owner = ? AND id = ?",
                              (name, folded, folded.split()[0], owner, contact_id))

    @writes
    async def delete_contact(self, owner: str, contact_id: int) -> list[int]:
        """Delete a person and everything about them; returns the deleted note ids."""
        self._drop_contacts(owner)
        notes = [r[0] for r in await self._rows("SELECT id FROM notes WHERE owner = ? AND contact_id = ?", (owner, contact_id))]
        await self.db.execute(
            "DELETE FROM interactions WHERE owner = ? AND id IN (SELECT interaction_id FROM interaction_people"
            " WHERE contact_id = ?) AND id NOT IN (SELECT interaction_id FROM interaction_people WHERE contact_id != ?)",
            (owner, contact_id, contact_id))
        await self.db.execute("DELETE FROM nudges WHERE owner = ? AND contact_id = ?", (owner, contact_id))
        await self.db.execute("DELETE FROM contacts WHERE owner = ? AND id = ?", (owner, contact_id))
        await self._queue_vectors(owner, notes, "delete")
        return notes

    # facts ------------------------------------------------------------------------------
    async def current_facts(self, owner: str, contact_id: int) -> dict[str, Fact]:
        rows = await self._rows(
            "SELECT * FROM facts WHERE owner = ? AND contact_id = ? AND valid_to IS NULL", (owner, contact_id))
        return {r["kind"]: Fact(r["id"], r["contact_id"], r["kind"], r["value"], r["valid_from"]) for r in rows}

    @writes
    async def add_fact(self, owner: str, contact_id: int, kind: str, value: str, now: datetime,
                       source: int | None) -> Fact | None:
        """Record a fact; the current value of the same kind is superseded, not overwritten.

        Returns the superseded fact, if any.
        """
        old = (await self.current_facts(owner, contact_id)).get(kind)
        if old and old.value == value:
            return None
        bday_md = yearly.month_day(value) if kind in yearly.KINDS else None
        cur = await self.db.execute(
            "INSERT INTO facts (owner, contact_id, kind, value, bday_md, valid_from, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (owner, contact_id, kind, value, bday_md, now.isoformat(), source))
        if old:
            await self.db.execute("UPDATE facts SET valid_to = ?, superseded_by = ? WHERE id = ?",
                                  (now.isoformat(), inserted_id(cur), old.id))
        return old

    async def past_facts(self, owner: str, contact_id: int) -> list[Fact]:
        """The superseded values of a contact's facts (an old city, a former employer), newest first."""
        rows = await self._rows(
            "SELECT * FROM facts WHERE owner = ? AND contact_id = ? AND valid_to IS NOT NULL ORDER BY valid_to DESC",
            (owner, contact_id))
        return [Fact(r["id"], r["contact_id"], r["kind"], r["value"], r["valid_from"]) for r in rows]

    @writes
    async def end_fact(self, owner: str, fact_id: int, now: datetime, by: int | None) -> None:
        """A current fact that was never true of its person (it was someone else's): no longer
        current, kept as history; `by` is the fact that took its place (/undo brings it back)."""
        await self.db.execute("UPDATE facts SET valid_to = ?, superseded_by = ? WHERE owner = ? AND id = ?"
                              " AND valid_to IS NULL", (now.isoformat(), by, owner, fact_id))

    async def people_with_fact(self, owner: str, kind: str, value: str) -> list[Contact]:
        rows = await self._rows(
            "SELECT c.id, c.name, f.value FROM facts f JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.owner = ? AND f.kind = ? AND f.valid_to IS NULL", (owner, kind))
        return [Contact(r["id"], r["name"]) for r in rows if fold(value) in fold(r["value"])]

    async def birthdays(self, owner: str) -> list[tuple[Contact, str]]:
        rows = await self._rows(
            "SELECT c.id, c.name, f.value FROM facts f JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.owner = ? AND f.kind = 'birthday' AND f.valid_to IS NULL", (owner,))
        return [(Contact(r["id"], r["name"]), r["value"]) for r in rows]

    # interactions -----------------------------------------------------------------------
    @writes
    async def add_interaction(self, owner: str, contact_ids: list[int], on: date, place: str | None,
                              note: str, now: datetime, source: int | None, *, kind: str = "met") -> int:
        cur = await self.db.execute(
            "INSERT INTO interactions (owner, occurred_on, place, note, created_at, source_message_id, kind)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (owner, on.isoformat(), place, note, now.isoformat(), source, kind))
        await self.db.executemany("INSERT OR IGNORE INTO interaction_people VALUES (?, ?)",
                                  [(inserted_id(cur), c) for c in contact_ids])
        return inserted_id(cur)

    @writes
    async def redate_interaction(self, owner: str, interaction_id: int, on: date) -> None:
        """A corrected meeting date ("sorry, that was on monday")."""
        await self.db.execute("UPDATE interactions SET occurred_on = ? WHERE owner = ? AND id = ?",
                              (on.isoformat(), owner, interaction_id))

    async def interactions(self, owner: str, contact_id: int, *, newest_first: bool = True,
                           limit: int = 20) -> list[Interaction]:
        order = "DESC" if newest_first else "ASC"
        rows = await self._rows(
            "SELECT i.* FROM interactions i JOIN interaction_people p ON p.interaction_id = i.id"
            f" WHERE i.owner = ? AND p.contact_id = ? ORDER BY i.occurred_on {order}, i.id {order} LIMIT ?",
            (owner, contact_id, limit))
        return [Interaction(r["id"], date.fromisoformat(r["occurred_on"]), r["place"], r["note"], kind=r["kind"])
                for r in rows]

    async def interactions_between(self, owner: str, start: date, end: date,
                                   limit: int = 200) -> list[tuple[Interaction, list[Contact]]]:
        """The owner's meetings from `start` to `end` (inclusive), newest first, with who was there."""
        rows = await self._rows(
            "SELECT i.*, c.id AS cid, c.name FROM interactions i JOIN interaction_people p ON p.interaction_id = i.id"
            " JOIN contacts c ON c.id = p.contact_id WHERE i.owner = ? AND i.occurred_on BETWEEN ? AND ?"
            " ORDER BY i.occurred_on DESC, i.id DESC, c.name LIMIT ?", (owner, start.isoformat(), end.isoformat(), limit))
        out: dict[int, tuple[Interaction, list[Contact]]] = {}
        for r in rows:
            seen = out.setdefault(r["id"], (Interaction(r["id"], date.fromisoformat(r["occurred_on"]), r["place"],
                                                        r["note"], kind=r["kind"]), []))
            seen[1].append(Contact(r["cid"], r["name"]))
        return list(out.values())

    # notes ------------------------------------------------------------------------------
    @writes
    async def add_note(self, owner: str, contact_id: int | None, text: str, on: date, kind: str,
                       now: datetime, source: int | None) -> int:
        cur = await self.db.execute(
            "INSERT INTO notes (owner, contact_id, text, noted_on, kind, created_at, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (owner, contact_id, text, on.isoformat(), kind, now.isoformat(), source))
        await self._queue_vectors(owner, [inserted_id(cur)], "upsert")
        return inserted_id(cur)

    async def notes(self, owner: str, contact_id: int, kinds: tuple[str, ...] = ("news",),
                    limit: int = 10) -> list[Note]:
        marks = ",".join("?" * len(kinds))
        rows = await self._rows(
            f"SELECT * FROM notes WHERE owner = ? AND contact_id = ? AND hidden = 0 AND kind IN ({marks})"
            " ORDER BY noted_on DESC, id DESC LIMIT ?", (owner, contact_id, *kinds, limit))
        return [_note(r) for r in rows]

    async def notes_by_id(self, owner: str, ids: list[int]) -> list[Note]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        # `+owner`: look the ids up by primary key, then check the owner; the planner would otherwise
        # walk the owner's whole index (20 ms at 100k notes instead of 1)
        rows = await self._rows(f"SELECT * FROM notes WHERE id IN ({marks}) AND +owner = ? AND hidden = 0", (*ids, owner))
        return [_note(r) for r in rows]

    @writes
    async def hide_notes_mentioning(self, owner: str, contact_id: int, value: str) -> None:
        """A corrected fact: hide the notes that stated the old value."""
        rows = await self._rows("SELECT id, text FROM notes WHERE owner = ? AND contact_id = ? AND hidden = 0",
                                (owner, contact_id))
        ids = [r["id"] for r in rows if fold(value) in fold(r["text"])]
        if ids:
            await self.db.executemany("UPDATE notes SET hidden = 1 WHERE id = ?", [(i,) for i in ids])

    async def full_text(self, owner: str, query: str, limit: int = 20) -> list[tuple[int, float]]:
        """BM25 over the owner's notes: (note id, score), best first. `query` is an FTS5 query."""
        if not query:
            return []
        rows = await self._rows(
            "SELECT n.id, bm25(notes_fts) AS score FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid"
            " WHERE notes_fts MATCH ? AND n.owner = ? AND n.hidden = 0 ORDER BY score LIMIT ?",
            (query, owner, limit))
        return [(r["id"], -r["score"]) for r in rows]

    async def has_notes(self, owner: str) -> bool:
        return bool(await self._rows("SELECT 1 FROM notes WHERE owner = ? LIMIT 1", (owner,)))

    async def count_notes(self, owner: str | None = None) -> int:
        sql, args = ("SELECT count(*) FROM notes", ()) if owner is None else ("SELECT count(*) FROM notes WHERE owner = ?", (owner,))
        count: int = (await self._rows(sql, args))[0][0]
        return count

    async def all_notes(self, after_id: int = 0, limit: int = 500) -> list[tuple[int, str, int | None, str]]:
        """Every visible note as (id, owner, contact id, text to embed), for a reindex."""
        rows = await self._rows(
            "SELECT n.id, n.owner, n.contact_id, n.text, c.name FROM notes n LEFT JOIN contacts c"
            " ON c.id = n.contact_id WHERE n.id > ? AND n.hidden = 0 ORDER BY n.id LIMIT ?", (after_id, limit))
        return [(r["id"], r["owner"], r["contact_id"], _indexed_text(r["name"], r["text"])) for r in rows]

    # vector outbox ----------------------------------------------------------------------
    async def _queue_vectors(self, owner: str, note_ids: list[int], op: str) -> None:
        await self.db.executemany("INSERT OR REPLACE INTO vector_outbox (note_id, owner, op) VALUES (?, ?, ?)",
                                  [(i, owner, op) for i in note_ids])

    async def outbox(self, limit: int = 256, owner: str | None = None) -> list[tuple[int, str, str, int | None, str | None]]:
        """Pending vector work: (note id, owner, op, contact id, text to embed)."""
        where, args = ("WHERE o.owner = ?", (owner, limit)) if owner else ("", (limit,))
        rows = await self._rows(
            "SELECT o.note_id, o.owner, o.op, n.contact_id, n.text, n.hidden, c.name FROM vector_outbox o"
            " LEFT JOIN notes n ON n.id = o.note_id LEFT JOIN contacts c ON c.id = n.contact_id"
            f" {where} ORDER BY o.note_id LIMIT ?", args)
        return [(r["note_id"], r["owner"], "delete" if r["text"] is None or r["hidden"] else r["op"],
                 r["contact_id"], _indexed_text(r["name"], r["text"])) for r in rows]

    @writes
    async def clear_outbox(self, note_ids: list[int]) -> None:
        await self.db.executemany("DELETE FROM vector_outbox WHERE note_id = ?", [(i,) for i in note_ids])

    # relationships ----------------------------------------------------------------------
    @writes
    async def add_relationship(self, owner: str, contact_id: int, relation: str, relative_id: int,
                               source: int | None) -> bool:
        """Relate two people; False when they already were."""
        cur = await self.db.execute(
            "INSERT OR IGNORE INTO relationships (owner, contact_id, relation, relative_id, source_message_id)"
            " VALUES (?, ?, ?, ?, ?)", (owner, contact_id, relation, relative_id, source))
        return cur.rowcount > 0

    async def relatives(self, owner: str, contact_id: int) -> list[Relative]:
        rows = await self._rows(
            "SELECT r.relation, c.id, c.name FROM relationships r JOIN contacts c ON c.id = r.relative_id"
            " WHERE r.owner = ? AND r.contact_id = ? ORDER BY r.id", (owner, contact_id))
        return [Relative(r["relation"], Contact(r["id"], r["name"])) for r in rows]

    async def relative_of(self, owner: str, contact_id: int) -> list[Relative]:
        """Whose relative this contact is: Relative(relation, the other person)."""
        rows = await self._rows(
            "SELECT r.relation, c.id, c.name FROM relationships r JOIN contacts c ON c.id = r.contact_id"
            " WHERE r.owner = ? AND r.relative_id = ? ORDER BY r.id", (owner, contact_id))
        return [Relative(r["relation"], Contact(r["id"], r["name"])) for r in rows]

    # reminders --------------------------------------------------------------------------
    @writes
    async def set_reminder(self, owner: str, contact_id: int, every_days: int, since: datetime,
                           source: int | None) -> None:
        await self.db.execute(
            "INSERT INTO reminders (owner, contact_id, every_days, since, source_message_id) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (owner, contact_id) DO UPDATE SET every_days = excluded.every_days,"
            " since = excluded.since, active = 1, source_message_id = excluded.source_message_id",
            (owner, contact_id, every_days, since.date().isoformat(), source))

    @writes
    async def stop_reminder(self, owner: str, contact_id: int) -> bool:
        cur = await self.db.execute("UPDATE reminders SET active = 0 WHERE owner = ? AND contact_id = ? AND active = 1",
                                    (owner, contact_id))
        return cur.rowcount > 0

    async def reminders(self, owner: str) -> list[Reminder]:
        rows = await self._rows(
            "SELECT r.id, r.every_days, r.since, c.id AS cid, c.name FROM reminders r JOIN contacts c"
            " ON c.id = r.contact_id WHERE r.owner = ? AND r.active = 1 ORDER BY c.name", (owner,))
        return [Reminder(r["id"], Contact(r["cid"], r["name"]), r["every_days"], r["since"]) for r in rows]

    # nudges: see storage/nudge_store.py ------------------------------------------------

    # undo -------------------------------------------------------------------------------
    async def last_change_source(self, owner: str) -> int | None:
        parts = " UNION ALL ".join(f"SELECT max(source_message_id) s FROM {t} WHERE owner = ?" for t in _SOURCED)
        rows = await self._rows(f"SELECT max(s) FROM ({parts})", (owner,) * len(_SOURCED))
        source: int | None = rows[0][0]
        return source

    @writes
    async def undo(self, owner: str, source: int) -> list[int]:
        """Revert everything message `source` saved; returns the note ids removed."""
        self._drop_contacts(owner)
        notes = [r[0] for r in await self._rows("SELECT id FROM notes WHERE owner = ? AND source_message_id = ?", (owner, source))]
        undone = [r[0] for r in await self._rows("SELECT id FROM facts WHERE owner = ? AND source_message_id = ?", (owner, source))]
        for fid in undone:
            await self.db.execute("UPDATE facts SET valid_to = NULL, superseded_by = NULL WHERE superseded_by = ?", (fid,))
        for table in _SOURCED:
            await self.db.execute(f"DELETE FROM {table} WHERE owner = ? AND source_message_id = ?", (owner, source))
        await self._queue_vectors(owner, notes, "delete")
        return notes


@overload
def _indexed_text(name: str | None, text: str) -> str: ...


@overload
def _indexed_text(name: str | None, text: str | None) -> str | None: ...


def _indexed_text(name: str | None, text: str | None) -> str | None:
    """Notes are indexed with who they are about: 'Zoë Laurent: she's a sommelier'."""
    if text is None or not name or fold(name) in fold(text):
        return text
    return f"{name}: {text}"


def _note(r: aiosqlite.Row) -> Note:
    return Note(r["id"], r["contact_id"], r["text"], date.fromisoformat(r["noted_on"]), r["kind"])


if TYPE_CHECKING:
    from core.repositories import Store

    def _keeps_the_contract(store: SqliteStore) -> Store:
        """The type checker checks here that the store has every method of core's Protocols,
        with their types (tests/test_repositories.py checks the names and parameters at run time)."""
        return store
