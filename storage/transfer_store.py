"""The queries behind import and export (`core/importer.py`, `core/exporter.py`).

Export reads an owner's rows as they are (history, hidden notes and stopped reminders
included). Restoring a Memoro JSON export writes rows with the times they carry, which the
conversation API cannot (it stamps `now`); everything else an import writes goes through the
same methods as the conversation (`add_contact`, `add_fact`, `add_note`), so imported facts
are versioned and imported notes reach the vector outbox the same way.
"""

from __future__ import annotations

import itertools

from core import yearly
from core.records import FactKey, InteractionKey, MessageKey, NoteKey, Record, ReminderKey
from storage.unit_of_work import Repo, inserted_id, writes

_TABLES = ("contacts", "facts", "notes", "relationships", "reminders", "followups", "messages")


class TransferRepo(Repo):
    """Mixed into SqliteStore."""


    async def _dicts(self, sql: str, args: tuple[object, ...] = ()) -> list[Record]:
        return [dict(r) for r in await self._rows(sql, args)]

    async def owner_keys(self) -> list[str]:
        return [r[0] for r in await self._rows("SELECT key FROM owners ORDER BY key")]

    async def owner_row(self, owner: str) -> Record | None:
        rows = await self._dicts("SELECT * FROM owners WHERE key = ?", (owner,))
        return rows[0] if rows else None

    async def dump(self, owner: str) -> dict[str, list[Record]]:
        """Every row of `owner` in each table, oldest first; interactions carry `people` (ids)."""
        out = {t: await self._dicts(f"SELECT * FROM {t} WHERE owner = ? ORDER BY id", (owner,)) for t in _TABLES}
        out["interactions"] = await self._dicts("SELECT * FROM interactions WHERE owner = ? ORDER BY id", (owner,))
        people = await self._dicts(
            "SELECT p.interaction_id, p.contact_id FROM interaction_people p JOIN interactions i"
            " ON i.id = p.interaction_id WHERE i.owner = ? ORDER BY p.interaction_id, p.contact_id", (owner,))
        by_id: dict[int, list[int]] = {}
        for p in people:
            by_id.setdefault(p["interaction_id"], []).append(p["contact_id"])
        for i in out["interactions"]:
            i["people"] = by_id.get(i["id"], [])
        return out

    async def note_keys(self, owner: str) -> set[NoteKey]:
        """(contact id, text, day, kind) of every note of `owner`: what an import must not repeat."""
        rows = await self._rows(
            "SELECT contact_id, text, noted_on, kind FROM notes WHERE owner = ?", (owner,))
        return {(r[0], r[1], r[2], r[3]) for r in rows}

    async def fact_keys(self, owner: str) -> set[FactKey]:
        rows = await self._rows(
            "SELECT contact_id, kind, value, valid_from FROM facts WHERE owner = ?", (owner,))
        return {(r[0], r[1], r[2], r[3]) for r in rows}

    async def interaction_keys(self, owner: str) -> set[InteractionKey]:
        """(day, place, note, sorted contact ids) of every interaction of `owner`."""
        rows = await self.dump_interactions(owner)
        return {(i["occurred_on"], i["place"], i["note"], tuple(sorted(i["people"]))) for i in rows}

    async def dump_interactions(self, owner: str) -> list[Record]:
        return (await self.dump(owner))["interactions"]

    async def reminder_keys(self, owner: str) -> set[ReminderKey]:
        rows = await self._rows(
            "SELECT contact_id, every_days, since, active FROM reminders WHERE owner = ?", (owner,))
        return {(r[0], r[1], r[2], bool(r[3])) for r in rows}

    async def message_ids(self, owner: str) -> dict[MessageKey, int]:
        rows = await self._rows("SELECT role, at, text, id FROM messages WHERE owner = ?", (owner,))
        return {(r[0], r[1], r[2]): r[3] for r in rows}

    @writes
    async def restore_message(self, owner: str, m: Record) -> int | None:
        cur = await self.db.execute(
            "INSERT OR IGNORE INTO messages (owner, thread, role, text, at, platform, external_id, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (owner, m.get("thread", ""), m["role"], m["text"], m["at"],
                                                 m.get("platform", ""), m.get("external_id"),
                                                 m.get("status", "processed")))
        return cur.lastrowid if cur.rowcount else None

    @writes
    async def restore_fact(self, owner: str, contact_id: int, f: Record, source: int | None) -> int:
        value = f["value"]
        cur = await self.db.execute(
            "INSERT INTO facts (owner, contact_id, kind, value, bday_md, valid_from, valid_to, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (owner, contact_id, f["kind"], value, yearly.month_day(value) if f["kind"] in yearly.KINDS else None,
             f["valid_from"], f.get("valid_to"), source))
        return inserted_id(cur)

    @writes
    async def link_superseded(self, fact_id: int, by: int) -> None:
        await self.db.execute("UPDATE facts SET superseded_by = ? WHERE id = ?", (by, fact_id))

    @writes
    async def settle_current(self, owner: str, contact_id: int) -> None:
        """One current fact per kind: when a restore left two, the newer supersedes the older."""
        rows = await self._rows(
            "SELECT id, kind, valid_from FROM facts WHERE owner = ? AND contact_id = ? AND valid_to IS NULL"
            " ORDER BY kind, valid_from, id", (owner, contact_id))
        for older, newer in itertools.pairwise(rows):
            if older[1] == newer[1]:
                await self.db.execute("UPDATE facts SET valid_to = ?, superseded_by = ? WHERE id = ?",
                                      (newer[2], newer[0], older[0]))

    @writes
    async def restore_note(self, owner: str, contact_id: int | None, n: Record, source: int | None) -> int:
        cur = await self.db.execute(
            "INSERT INTO notes (owner, contact_id, text, noted_on, kind, hidden, created_at, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (owner, contact_id, n["text"], n["noted_on"], n["kind"],
                                                 int(n.get("hidden", 0)), n["created_at"], source))
        if not n.get("hidden"):
            await self.db.execute("INSERT OR REPLACE INTO vector_outbox (note_id, owner, op) VALUES (?, ?, 'upsert')",
                                  (inserted_id(cur), owner))
        return inserted_id(cur)

    @writes
    async def restore_interaction(self, owner: str, i: Record, people: list[int], source: int | None) -> int:
        cur = await self.db.execute(
            "INSERT INTO interactions (owner, occurred_on, place, note, created_at, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?)", (owner, i["occurred_on"], i.get("place"), i["note"], i["created_at"], source))
        await self.db.executemany("INSERT OR IGNORE INTO interaction_people VALUES (?, ?)",
                                  [(inserted_id(cur), c) for c in people])
        return inserted_id(cur)

    @writes
    async def restore_reminder(self, owner: str, contact_id: int, r: Record, source: int | None) -> None:
        await self.db.execute(
            "INSERT INTO reminders (owner, contact_id, every_days, since, active, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner, contact_id) DO UPDATE SET"
            " every_days = excluded.every_days, since = excluded.since, active = excluded.active",
            (owner, contact_id, r["every_days"], r["since"], r.get("active", 1), source))

    @writes
    async def restore_settings(self, owner: str, o: Record) -> None:
        await self.db.execute(
            "UPDATE owners SET tz = ?, nudge_hour = ?, nudge_minute = ?, lead_days = ?, persona = ? WHERE key = ?",
            (o["tz"], o.get("nudge_hour", 9), o.get("nudge_minute", 0), o.get("lead_days", "0"), o.get("persona"),
             owner))
