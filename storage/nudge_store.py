"""The nudge tables: which owners fire now, what is due for them, and exactly-once claims.

Owners are grouped by schedule, (time zone, nudge hour, nudge minute, lead days); the engine
works out in Python which groups have a nudge moment inside the tick's window (usually none),
and asks one indexed query for the birthdays of exactly those groups on exactly those days:
`owners_nudge_slot` finds the group's owners and `facts_birthdays (bday_md, owner)` their
birthdays. Work is proportional to what is due, not to the number of contacts.

A nudge row is keyed (owner, person, kind, occurrence). New nudges are inserted with
`ON CONFLICT DO NOTHING` under a fresh batch token, and nudges whose retry time has come
(`claimed` and never finished, i.e. a crash between claim and send, or `failed` transiently)
are re-claimed into the same batch; the batch is then read back, so whatever this tick
returns nobody else has. The tick's end time is recorded in the same transaction, so a
restart resumes the window where the last tick left it. After a restart,
`release_nudge_claims` makes the claims the dead process left due at once; a notice is queued
as a claim that is due at once. Times are stored as UTC ISO strings so that they compare as
text.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.format import plural
from core.records import Claimed, NudgeGroup, NudgeKey, NudgeRow, NudgeSlot
from storage.unit_of_work import Repo, writes

logger = logging.getLogger(__name__)

_LAST_TICK = "last_tick"


def utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def _values(rows: Sequence[tuple[object, ...]], width: int) -> tuple[str, tuple[object, ...]]:
    marks = ",".join(["(" + ",".join("?" * width) + ")"] * len(rows))
    return marks, tuple(v for row in rows for v in row)



def latest_news(rows: Iterable[Sequence[Any]]) -> dict[tuple[str, int], tuple[date, str]]:
    """(owner, contact id, latest news 'day\x1ftext', latest meeting 'day\x1ftext') rows: the later
    of the two for each person (both backends' `last_news`)."""
    out: dict[tuple[str, int], tuple[date, str]] = {}
    for owner, cid, note, seen in rows:
        found = [v.split("\x1f", 1) for v in (note, seen) if v]
        if found:
            on, text = max(found)
            out[(owner, cid)] = (date.fromisoformat(on), text)
    return out


def by_pair(rows: Iterable[Sequence[Any]]) -> dict[tuple[str, int], list[str]]:
    """(owner, contact id, text) rows grouped by person, in row order (both backends' `gift_ideas`)."""
    out: dict[tuple[str, int], list[str]] = {}
    for owner, cid, text in rows:
        out.setdefault((owner, cid), []).append(text)
    return out

class NudgeRepo(Repo):
    """Mixed into SqliteStore: the queries behind `core.nudges`."""


    async def nudge_groups(self) -> list[tuple[str, int, int, str]]:
        """Distinct schedules of the owners who can be nudged (an index-only scan)."""
        rows = await self._rows(
            "SELECT DISTINCT tz, nudge_hour, nudge_minute, lead_days FROM owners INDEXED BY owners_nudge_slot"
            " WHERE blocked_at IS NULL")
        return [tuple(r) for r in rows]

    async def last_tick(self) -> datetime | None:
        rows = await self._rows("SELECT value FROM nudge_state WHERE name = ?", (_LAST_TICK,))
        return datetime.fromisoformat(rows[0][0]) if rows else None

    async def due_birthdays(self, slots: list[NudgeSlot]) -> list[tuple[int, str, int, str, str, str]]:
        """Yearly dates (birthdays, anniversaries, death days, name days) for slots (i, tz, hour,
        minute, leads, 'MM-DD', kind suffix ('' on the day, '_soon' ahead), occurrence) not yet
        claimed; the nudge kind is the fact kind plus the suffix.

        Returns (slot index, owner, contact id, contact name, value, fact kind).
        """
        if not slots:
            return []
        marks, args = _values(slots, 8)
        # CROSS JOIN fixes the join order: slots -> owners (by schedule) -> facts (by day, owner).
        rows = await self._rows(
            f"WITH s (i, tz, h, m, leads, md, sfx, occ) AS (VALUES {marks})"
            " SELECT s.i, o.key, c.id, c.name, f.value, f.kind FROM s"
            " CROSS JOIN owners o INDEXED BY owners_nudge_slot"
            " CROSS JOIN facts f INDEXED BY facts_yearly CROSS JOIN contacts c"
            " WHERE o.tz = s.tz AND o.nudge_hour = s.h AND o.nudge_minute = s.m AND o.lead_days = s.leads"
            " AND o.blocked_at IS NULL AND f.bday_md = s.md AND f.owner = o.key"
            " AND f.kind IN ('birthday', 'anniversary', 'death', 'nameday')"
            " AND f.valid_to IS NULL AND c.id = f.contact_id AND NOT EXISTS (SELECT 1 FROM nudges n"
            " WHERE n.owner = o.key AND n.contact_id = c.id AND n.kind = f.kind || s.sfx AND n.occurrence = s.occ)"
            " ORDER BY s.i, o.key, c.id", args)
        return [tuple(r) for r in rows]

    async def due_keep_in_touch(self, groups: list[NudgeGroup]) -> list[tuple[int, str, int, str, int, str, str]]:
        """Keep-in-touch reminders due by each group's day: groups are (i, tz, hour, minute, leads,
        'YYYY-MM-DD'). The anchor is the latest of the reminder's start, the last interaction with
        the person and the last nudge about it; due = anchor + cadence (both kept in the row).

        Returns (group index, owner, contact id, contact name, every_days, anchor, due).
        """
        if not groups:
            return []
        marks, args = _values(groups, 6)
        # the anchor and due day are kept in each reminder's row (migration m020): only the due
        # reminders of the firing owners are read, from reminders_due
        rows = await self._rows(
            f"WITH g (i, tz, h, m, leads, day) AS (VALUES {marks})"
            " SELECT g.i, o.key, c.id, c.name, r.every_days, r.anchor, r.due_on FROM g"
            " CROSS JOIN owners o INDEXED BY owners_nudge_slot CROSS JOIN reminders r INDEXED BY reminders_due"
            " CROSS JOIN contacts c"
            " WHERE o.tz = g.tz AND o.nudge_hour = g.h AND o.nudge_minute = g.m AND o.lead_days = g.leads"
            " AND o.blocked_at IS NULL AND r.owner = o.key AND r.active = 1 AND r.due_on <= g.day"
            " AND c.id = r.contact_id AND NOT EXISTS (SELECT 1 FROM nudges n"
            " WHERE n.owner = o.key AND n.contact_id = r.contact_id AND n.kind = 'keep_in_touch'"
            " AND n.occurrence = r.due_on)", args)
        return [tuple(r) for r in rows]

    async def last_news(self, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[date, str]]:
        """The latest news note or interaction for each (owner, contact id), in one query."""
        if not pairs:
            return {}
        rows = await self._rows(
            "WITH p (owner, cid) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
            " SELECT p.owner, p.cid,"
            " (SELECT noted_on || char(31) || text FROM notes WHERE owner = p.owner AND contact_id = p.cid AND hidden = 0"
            "  AND kind = 'news' ORDER BY noted_on DESC, id DESC LIMIT 1),"
            " (SELECT i.occurred_on || char(31) || i.note FROM interaction_people ip JOIN interactions i"
            "  ON i.id = ip.interaction_id WHERE ip.contact_id = p.cid AND i.owner = p.owner"
            "  ORDER BY i.occurred_on DESC, i.id DESC LIMIT 1) FROM p", (json.dumps(pairs),))
        return latest_news(rows)

    async def gift_ideas(self, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], list[str]]:
        """The open gift ideas of each (owner, contact id), oldest first, in one query (the birthday
        nudges' "Gift ideas: ..." line)."""
        if not pairs:
            return {}
        rows = await self._rows(
            "WITH p (owner, cid) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
            " SELECT i.owner, i.contact_id, i.text FROM p JOIN open_items i ON i.owner = p.owner AND i.contact_id = p.cid"
            " WHERE i.kind = 'gift' AND i.done_at IS NULL ORDER BY i.id", (json.dumps(sorted(set(pairs))),))
        return by_pair(rows)

    @writes
    async def claim_nudges(self, new: list[NudgeRow], now: datetime, *,
                           timeout_s: float, expire_s: float, tick: bool = True) -> list[Claimed]:
        """Claim new nudges (owner, contact id, kind, occurrence, text) and every nudge whose retry
        time has come, in one transaction; record `now` as the last tick.

        Returns (owner, contact id, kind, occurrence, text, attempts) for what this call claimed.
        """
        batch, at = uuid.uuid4().hex, utc(now)
        retry_at = utc(now + timedelta(seconds=timeout_s))
        expired = utc(now - timedelta(seconds=expire_s))
        await self.db.executemany(
            "INSERT INTO nudges (owner, contact_id, kind, occurrence, status, text, claimed_at, next_at,"
            " attempts, batch) VALUES (?, ?, ?, ?, 'claimed', ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING",
            [(*n, at, retry_at, batch) for n in new])
        cur = await self.db.execute(
            "UPDATE nudges SET status = 'dead', error = coalesce(error, 'expired') WHERE status IN ('claimed', 'failed')"
            " AND next_at <= ? AND claimed_at < ?", (at, expired))
        if cur.rowcount:
            logger.warning("gave up on %s not delivered within %ss", plural(cur.rowcount, "nudge"), expire_s)
        await self.db.execute(
            "UPDATE nudges SET status = 'claimed', batch = ?, next_at = ?, attempts = attempts + 1"
            " WHERE status IN ('claimed', 'failed') AND next_at <= ? AND batch IS NOT ?"
            " AND NOT EXISTS (SELECT 1 FROM owners o WHERE o.key = nudges.owner AND o.blocked_at IS NOT NULL)",
            (batch, retry_at, at, batch))
        if tick:
            await self.db.execute("INSERT INTO nudge_state VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                                  " SET value = excluded.value WHERE excluded.value > nudge_state.value", (_LAST_TICK, at))
        rows = await self._rows(
            "SELECT owner, contact_id, kind, occurrence, text, attempts FROM nudges WHERE batch = ?"
            " AND status = 'claimed' ORDER BY owner, id", (batch,))
        return [tuple(r) for r in rows]

    @writes
    async def finish_nudges(self, keys: list[NudgeKey], status: str, now: datetime, *,
                            retry_at: datetime | None = None, error: str | None = None) -> None:
        """Mark nudges (owner, contact id, kind, occurrence) 'sent', 'failed' (retried from
        `retry_at`) or 'dead' (never retried)."""
        await self.db.executemany(
            "UPDATE nudges SET status = ?, sent_at = ?, next_at = ?, error = ?"
            " WHERE owner = ? AND contact_id IS ? AND kind = ? AND occurrence = ?",
            [(status, utc(now) if status == "sent" else None, utc(retry_at) if retry_at else None, error, *k)
             for k in keys])

    @writes
    async def release_nudge_claims(self, now: datetime) -> int:
        """Make every unfinished claim due at `now` (a restart: their claimer is gone); returns
        how many."""
        cur = await self.db.execute("UPDATE nudges SET next_at = ? WHERE status = 'claimed' AND next_at > ?",
                                    (utc(now), utc(now)))
        return cur.rowcount

    @writes
    async def queue_notice(self, owner: str, text: str, now: datetime) -> None:
        """A one-off message for `owner`: an unclaimed 'notice' row that the next tick claims
        and delivers like a nudge (attempts start at 0, the claim makes them 1)."""
        at = utc(now)
        await self.db.execute(
            "INSERT INTO nudges (owner, contact_id, kind, occurrence, status, text, claimed_at, next_at, attempts)"
            " VALUES (?, NULL, 'notice', ?, 'claimed', ?, ?, ?, 0)", (owner, f"{at}/{uuid.uuid4().hex[:8]}", text, at, at))

    async def nudge_status(self, owner: str, contact_id: int | None, kind: str, occurrence: str) -> str | None:
        rows = await self._rows(
            "SELECT status FROM nudges WHERE owner = ? AND contact_id IS ? AND kind = ? AND occurrence = ?",
            (owner, contact_id, kind, occurrence))
        return rows[0][0] if rows else None

    async def nudge_schedule(self, owner: str) -> tuple[int, int, list[int]]:
        """(hour, minute, lead days) of an owner's nudges; (9, 0, [0]) for an unknown owner."""
        rows = await self._rows(
            "SELECT nudge_hour, nudge_minute, lead_days FROM owners WHERE key = ?", (owner,))
        if not rows:
            return 9, 0, [0]
        return rows[0][0], rows[0][1], [int(d) for d in rows[0][2].split(",") if d]

    @writes
    async def set_nudge_schedule(self, owner: str, hour: int, minute: int, leads: list[int] | None = None) -> None:
        """Set the nudge time and, when given, the lead days (stored sorted, descending)."""
        await self.db.execute("UPDATE owners SET nudge_hour = ?, nudge_minute = ? WHERE key = ?", (hour, minute, owner))
        if leads is not None:
            text = ",".join(str(d) for d in sorted(set(leads), reverse=True))
            await self.db.execute("UPDATE owners SET lead_days = ? WHERE key = ?", (text, owner))
