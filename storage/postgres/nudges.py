"""The nudge due-scans on PostgreSQL: the same queries as storage/nudge_store.py, on typed arrays.

The SQLite scans bind their slots as a `VALUES` list and their pairs as JSON (`json_each`), fix
the join order with CROSS JOIN and INDEXED BY, and add days with `date(x, '+n days')`. Here the
slots arrive as one array per column (`unnest($1::bigint[], $2::text[] COLLATE "C", ...)`: typed,
in the columns' collation so that equalities use the indexes, one parameter per column however
many slots, one prepared plan), and dates are added as dates. unnest's row estimate is useless
to the planner, so the join order is fixed by the query's shape instead: every CTE MATERIALIZED
(inlined, the keep-in-touch anchor's subqueries ran once per use), the owners of each slot found
by owners_nudge_slot in a LATERAL probe, a day's yearly dates read once by facts_yearly and
hash-joined to them (not facts_current probed per owner), the anchor's last meeting and last
nudge as LATERAL joins, and `nudge_groups` a loose index scan (PostgreSQL has no skip scan).
tests/benchmarks/bench_workers_scan.py, 100k owners: 1.84 s before, 1.13 s after (load ~3.5 on 2
cores); what is left is the keep-in-touch anchor, two index probes per reminder of a firing owner.
The claims themselves (`claim_nudges`,
`finish_nudges`, ...) are the SQLite store's SQL, translated: an INSERT ... ON CONFLICT DO
NOTHING and an UPDATE whose WHERE is re-checked against a row another worker just claimed, so a
nudge is claimed once across workers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from storage.nudge_store import by_pair, latest_news

logger = logging.getLogger(__name__)


def _columns(rows: Sequence[Sequence[Any]], kinds: str) -> list[list[Any]]:
    """Rows as one list per column, each value made the column's type ('i' int, 't' text)."""
    cols: list[list[Any]] = [[] for _ in kinds]
    for row in rows:
        for col, kind, value in zip(cols, kinds, row, strict=True):
            col.append(int(value) if kind == "i" else str(value))
    return cols


def _unnest(kinds: str, names: str) -> str:
    # text arrays in the columns' "C" collation: in the default one an equality with an indexed
    # column (owners_nudge_slot, facts_yearly) cannot use the index
    text = 'text[] COLLATE "C"'
    types = ", ".join(f"${n + 1}::{'bigint[]' if k == 'i' else text}" for n, k in enumerate(kinds))
    return f"unnest({types}) AS s ({names})"


_YEARLY = "('birthday', 'anniversary', 'death', 'nameday')"
_SLOT = "tz, nudge_hour, nudge_minute, lead_days"
# The owners of each slot or group `s`, by owners_nudge_slot: a LATERAL subquery (OFFSET 0 keeps
# it one) probed once per slot, where a plain join hashed all the owners (unnest's estimate).
_OWNERS = ("JOIN LATERAL (SELECT o.key FROM owners o WHERE o.tz = s.tz AND o.nudge_hour = s.h"
           " AND o.nudge_minute = s.m AND o.lead_days = s.leads AND o.blocked_at IS NULL OFFSET 0) o ON true")


class PgNudgeRepo:
    """Mixed into PostgresStore (needs `self.db`): the scans whose SQLite SQL does not translate."""

    db: Any

    async def nudge_groups(self) -> list[tuple[str, int, int, str]]:
        """Distinct schedules of the owners who can be nudged, in index order: a loose index scan
        of owners_nudge_slot (one descent per schedule, a recursive CTE: PostgreSQL has no skip
        scan), where SELECT DISTINCT read every owner (~50 ms at 100k owners, on every tick)."""
        rows = await self.db.fetch(
            "WITH RECURSIVE t AS ((SELECT tz, nudge_hour, nudge_minute, lead_days FROM owners"
            f"  WHERE blocked_at IS NULL ORDER BY {_SLOT} LIMIT 1)"
            " UNION ALL SELECT n.* FROM t, LATERAL (SELECT tz, nudge_hour, nudge_minute, lead_days FROM owners o"
            f"  WHERE o.blocked_at IS NULL AND ({_SLOT}) > (t.tz, t.nudge_hour, t.nudge_minute, t.lead_days)"
            f"  ORDER BY {_SLOT} LIMIT 1) n) SELECT * FROM t")
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    async def due_birthdays(self, slots: list[tuple[Any, ...]]) -> list[tuple[int, str, int, str, str, str]]:
        """Yearly dates for slots (i, tz, hour, minute, leads, 'MM-DD', kind suffix, occurrence)
        not yet claimed: (slot index, owner, contact id, contact name, value, fact kind)."""
        if not slots:
            return []
        # Owners first (owners_nudge_slot), then the few days' yearly facts (facts_yearly, by
        # bday_md only), hash-joined: the planner, misled by unnest's row estimate, probed
        # facts_current once per firing owner instead (each owner's 20 facts, filtered).
        rows = await self.db.fetch(
            f"WITH s AS MATERIALIZED (SELECT * FROM {_unnest('itiitttt', 'i, tz, h, m, leads, md, sfx, occ')}),"
            f" o AS MATERIALIZED (SELECT s.i, s.md, s.sfx, s.occ, o.key FROM s {_OWNERS}),"
            f" f AS MATERIALIZED (SELECT f.owner, f.contact_id, f.value, f.kind, f.bday_md FROM facts f"
            f"  WHERE f.bday_md = ANY (ARRAY(SELECT DISTINCT md FROM s)) AND f.kind IN {_YEARLY} AND f.valid_to IS NULL)"
            " SELECT o.i, o.key, c.id, c.name, f.value, f.kind FROM o JOIN f ON f.bday_md = o.md AND f.owner = o.key"
            " JOIN contacts c ON c.id = f.contact_id"
            " WHERE NOT EXISTS (SELECT 1 FROM nudges n WHERE n.owner = o.key AND n.contact_id = c.id"
            " AND n.kind = f.kind || o.sfx AND n.occurrence = o.occ) ORDER BY o.i, o.key, c.id",
            *_columns(slots, "itiitttt"))
        return [tuple(r) for r in rows]  # type: ignore[misc, unused-ignore]

    async def due_keep_in_touch(self, groups: list[tuple[Any, ...]]) -> list[tuple[int, str, int, str, int, str, str]]:
        """Keep-in-touch reminders due by each group's day (groups: i, tz, hour, minute, leads,
        'YYYY-MM-DD'); anchor = the latest of the start, the last meeting and the last nudge.
        Returns (group index, owner, contact id, contact name, every_days, anchor, due)."""
        if not groups:
            return []
        # The anchor and due day are kept in each reminder's row by triggers (m020, pg_steps.py):
        # the firing owners' due reminders come from reminders_due, with no lookup per reminder.
        rows = await self.db.fetch(
            f"WITH s AS MATERIALIZED (SELECT * FROM {_unnest('itiitt', 'i, tz, h, m, leads, day')})"
            " SELECT s.i, o.key, c.id, c.name, r.every_days, r.anchor, r.due_on"
            f" FROM s {_OWNERS}"
            " JOIN reminders r ON r.owner = o.key AND r.active = 1 AND r.due_on <= s.day"
            " JOIN contacts c ON c.id = r.contact_id WHERE NOT EXISTS (SELECT 1 FROM nudges n"
            " WHERE n.owner = o.key AND n.contact_id = r.contact_id AND n.kind = 'keep_in_touch'"
            " AND n.occurrence = r.due_on)", *_columns(groups, "itiitt"))
        return [tuple(r) for r in rows]  # type: ignore[misc, unused-ignore]

    async def last_news(self, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[date, str]]:
        """The latest news note or interaction for each (owner, contact id), in one query."""
        if not pairs:
            return {}
        rows = await self.db.fetch(
            f"SELECT s.owner, s.cid,"
            " (SELECT noted_on || chr(31) || text FROM notes WHERE owner = s.owner AND contact_id = s.cid"
            "  AND hidden = 0 AND kind = 'news' ORDER BY noted_on DESC, id DESC LIMIT 1),"
            " (SELECT i.occurred_on || chr(31) || i.note FROM interaction_people ip JOIN interactions i"
            "  ON i.id = ip.interaction_id WHERE ip.contact_id = s.cid AND i.owner = s.owner"
            f"  ORDER BY i.occurred_on DESC, i.id DESC LIMIT 1) FROM {_unnest('ti', 'owner, cid')}",
            *_columns(pairs, "ti"))
        return latest_news(rows)

    async def gift_ideas(self, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], list[str]]:
        """The open gift ideas of each (owner, contact id), oldest first, in one query."""
        if not pairs:
            return {}
        rows = await self.db.fetch(
            f"SELECT i.owner, i.contact_id, i.text FROM {_unnest('ti', 'owner, cid')} JOIN open_items i"
            " ON i.owner = s.owner AND i.contact_id = s.cid WHERE i.kind = 'gift' AND i.done_at IS NULL"
            " ORDER BY i.id", *_columns(sorted(set(pairs)), "ti"))
        return by_pair(rows)

    async def digest_owners(self, groups: list[tuple[Any, ...]]) -> list[tuple[int, str]]:
        """The owners with the digest on in each group (i, tz, hour, minute, leads, 'YYYY-MM-DD'),
        not yet claimed for that day: (group index, owner)."""
        if not groups:
            return []
        rows = await self.db.fetch(
            f"SELECT s.i, o.key FROM {_unnest('itiitt', 'i, tz, h, m, leads, day')}"
            " JOIN owners o ON o.tz = s.tz AND o.nudge_hour = s.h AND o.nudge_minute = s.m AND o.lead_days = s.leads"
            " JOIN digests d ON d.owner = o.key WHERE o.blocked_at IS NULL AND NOT EXISTS (SELECT 1 FROM nudges n"
            " WHERE n.owner = o.key AND n.contact_id = 0 AND n.kind = 'digest' AND n.occurrence = s.day)",
            *_columns(groups, "itiitt"))
        return [tuple(r) for r in rows]  # type: ignore[misc, unused-ignore]
