"""The follow-up and digest tables: one-off reminders and who gets the Monday digest.

A follow-up row is open until it is cancelled; whether it was delivered is the nudge claim's
business (kind 'followup', occurrence the row id), so "sent once" rests on the same unique key
as every nudge. `due_followups` finds the open ones whose moment has come and that no claim
covers yet (the partial index `followups_due` keeps it to the open rows), within a look-back
that the caller sets (the downtime catch-up). Times are UTC ISO strings, so they compare as text.
"""

from __future__ import annotations

import logging
from datetime import datetime

import aiosqlite

from core.records import DueFollowUp, NudgeGroup, OneOff, Record
from storage.nudge_store import utc
from storage.unit_of_work import Repo, inserted_id, writes

logger = logging.getLogger(__name__)

_SELECT = ("SELECT f.id, f.contact_id, c.name, f.text, f.due_at, f.status,"
           " (SELECT n.status FROM nudges n WHERE n.owner = f.owner AND n.kind = 'followup'"
           "  AND n.occurrence = CAST(f.id AS TEXT)) AS sent"
           " FROM followups f LEFT JOIN contacts c ON c.id = f.contact_id")


def _row(r: aiosqlite.Row) -> OneOff:
    return OneOff(r["id"], r["contact_id"], r["name"], r["text"], datetime.fromisoformat(r["due_at"]),
                    r["status"], r["sent"] == "sent")


class FollowUpRepo(Repo):
    """Mixed into SqliteStore."""


    @writes
    async def add_followup(self, owner: str, contact_id: int | None, text: str, due_at: datetime,
                           now: datetime, source: int | None) -> int:
        cur = await self.db.execute(
            "INSERT INTO followups (owner, contact_id, text, due_at, created_at, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?)", (owner, contact_id, text, utc(due_at), utc(now), source))
        return inserted_id(cur)

    async def followups(self, owner: str, contact_id: int | None = None) -> list[OneOff]:
        """An owner's open follow-ups (or one person's), soonest first, delivered ones included."""
        where, args = "f.owner = ? AND f.status = 'open'", list[object]([owner])
        if contact_id is not None:
            where, args = where + " AND f.contact_id = ?", [*args, contact_id]
        rows = await self._rows(f"{_SELECT} WHERE {where} ORDER BY f.due_at, f.id", tuple(args))
        return [_row(r) for r in rows]

    @writes
    async def cancel_followup(self, owner: str, followup_id: int) -> bool:
        """Cancel an open follow-up; False when there is no such open one."""
        cur = await self.db.execute("UPDATE followups SET status = 'cancelled' WHERE owner = ? AND id = ?"
                                    " AND status = 'open'", (owner, followup_id))
        return cur.rowcount > 0

    async def due_followups(self, now: datetime, since: datetime) -> list[DueFollowUp]:
        """Open follow-ups due in (since, now] with no claim yet, of owners who can be reached:
        (owner, contact id, follow-up id, text, due_at, owner's time zone)."""
        rows = await self._rows(
            "SELECT f.owner, f.contact_id, f.id, f.text, f.due_at, o.tz FROM followups f INDEXED BY followups_due"
            " JOIN owners o ON o.key = f.owner"
            " WHERE f.status = 'open' AND f.due_at > ? AND f.due_at <= ? AND o.blocked_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM nudges n WHERE n.owner = f.owner AND n.kind = 'followup'"
            " AND n.occurrence = CAST(f.id AS TEXT))", (utc(since), utc(now)))
        return [tuple(r) for r in rows]

    async def digest_on(self, owner: str) -> bool:
        return bool(await self._rows("SELECT 1 FROM digests WHERE owner = ?", (owner,)))

    @writes
    async def set_digest(self, owner: str, on: bool, now: datetime) -> None:
        """Turn the Monday digest on or off."""
        if on:
            await self.db.execute("INSERT OR IGNORE INTO digests VALUES (?, ?)", (owner, utc(now)))
        else:
            await self.db.execute("DELETE FROM digests WHERE owner = ?", (owner,))

    async def digest_owners(self, groups: list[NudgeGroup]) -> list[tuple[int, str]]:
        """The owners with the digest on in each group (i, tz, hour, minute, leads, 'YYYY-MM-DD'),
        not yet claimed for that day: (group index, owner)."""
        if not groups:
            return []
        marks = ",".join(["(?, ?, ?, ?, ?, ?)"] * len(groups))
        rows = await self._rows(
            f"WITH g (i, tz, h, m, leads, day) AS (VALUES {marks})"
            " SELECT g.i, o.key FROM g CROSS JOIN owners o INDEXED BY owners_nudge_slot JOIN digests d ON d.owner = o.key"
            " WHERE o.tz = g.tz AND o.nudge_hour = g.h AND o.nudge_minute = g.m AND o.lead_days = g.leads"
            " AND o.blocked_at IS NULL AND NOT EXISTS (SELECT 1 FROM nudges n WHERE n.owner = o.key"
            " AND n.contact_id = 0 AND n.kind = 'digest' AND n.occurrence = g.day)",
            tuple(v for g in groups for v in g))
        return [tuple(r) for r in rows]

    async def yearly_between(self, owner: str) -> list[tuple[int, str, str, str]]:
        """Every current yearly date of `owner`: (contact id, name, kind, value)."""
        rows = await self._rows(
            "SELECT c.id, c.name, f.kind, f.value FROM facts f JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.owner = ? AND f.valid_to IS NULL AND f.kind IN ('birthday', 'anniversary', 'death', 'nameday')"
            " ORDER BY c.name", (owner,))
        return [tuple(r) for r in rows]

    @writes
    async def restore_followup(self, owner: str, contact_id: int | None, f: Record, source: int | None) -> None:
        """A follow-up from a Memoro JSON export, as it was (one already delivered stays delivered)."""
        await self.db.execute(
            "INSERT INTO followups (owner, contact_id, text, due_at, status, created_at, source_message_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (owner, contact_id, f["text"], f["due_at"], "sent" if f.get("sent") else f.get("status", "open"),
             f.get("created_at") or f["due_at"], source))
