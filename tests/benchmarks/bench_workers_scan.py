"""The nudge due-scan at 100k owners on PostgreSQL (part of tests/benchmarks/bench_workers.py).

    python -m tests.benchmarks.bench_workers_scan [owners] [contacts per owner]

The owners have the schedules of tests/benchmarks/bench_nudges.py (24 time zones, 10% at 08:30,
20% with heads-ups 7 and 1 days before), each `per_owner` contacts with a birthday spread over
the year and up to 5 keep-in-touch reminders with an interaction each, loaded server-side with
generate_series into a freshly migrated database (then VACUUM ANALYZE). Timed: `core.nudges.find` (the
due query and the per-owner filtering, read only) for the busiest minute of the day, median of
`runs`; the plan of the birthday query is printed once, to show which indexes it uses.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from datetime import timedelta
from typing import Any

from core import nudges
from tests.benchmarks.bench_nudges import ZONES, busiest_minute


async def _build(url: str, owners: int, per_owner: int) -> None:
    import asyncpg

    from storage.postgres.store import PostgresStore, dsn

    await (await PostgresStore.open(url)).close()  # migrated
    conn = await asyncpg.connect(dsn(url))
    try:
        zones = "ARRAY[" + ",".join(f"'{z}'" for z in ZONES) + "]"
        await conn.execute(
            "INSERT INTO owners (key, tz, created_at, nudge_hour, nudge_minute, lead_days, last_platform, last_chat_id)"
            f" SELECT 'tg:' || i, ({zones})[i % {len(ZONES)} + 1], '2026-01-01',"
            " CASE WHEN i % 10 = 9 THEN 8 ELSE 9 END, CASE WHEN i % 10 = 9 THEN 30 ELSE 0 END,"
            " CASE WHEN i % 5 = 3 THEN '7,1,0' ELSE '0' END, 'telegram', i::text"
            f" FROM generate_series(0, {owners - 1}) i")
        await conn.execute(
            "INSERT INTO contacts (id, owner, name, folded, first_folded, created_at)"
            f" SELECT o * {per_owner} + j + 1, 'tg:' || o, 'Person ' || (o * {per_owner} + j),"
            f" 'person ' || (o * {per_owner} + j), 'person', '2026-01-01'"
            f" FROM generate_series(0, {owners - 1}) o, generate_series(0, {per_owner - 1}) j")
        await conn.execute(
            "INSERT INTO facts (owner, contact_id, kind, value, bday_md, valid_from)"
            " SELECT owner, id, 'birthday', v, substr(v, 6), '2026-01-01' FROM (SELECT owner, id,"
            " lpad((1950 + id % 50)::text, 4, '0') || to_char(date '2001-01-01' + (id * 7919 % 365)::int, '-MM-DD')"
            " AS v FROM contacts) x")
        await conn.execute(
            "INSERT INTO reminders (owner, contact_id, every_days, since)"
            " SELECT owner, id, CASE id % 3 WHEN 0 THEN 14 WHEN 1 THEN 30 ELSE 90 END, '2026-01-01'"
            f" FROM contacts WHERE (id - 1) % {per_owner} < 5")
        await conn.execute(
            "INSERT INTO interactions (id, owner, occurred_on, note, created_at)"
            " SELECT contact_id, owner, to_char(date '2026-05-01' + (contact_id % 60)::int, 'YYYY-MM-DD'),"
            " 'coffee', '2026-01-01' FROM reminders")
        await conn.execute("INSERT INTO interaction_people (interaction_id, contact_id) SELECT id, id FROM interactions")
        for table in ("contacts", "interactions"):  # ids given explicitly: move the identity past them
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        # the reminders' due days were kept by triggers as the meetings went in (m020): the old row
        # versions go, as autovacuum would take them, and the visibility map lets index-only scans run
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def _measure(url: str, owners: int, per_owner: int, runs: int) -> tuple[float, int]:
    from storage.postgres.store import PostgresStore

    started = time.perf_counter()
    await _build(url, owners, per_owner)
    print(f"  built {owners:,} owners x {per_owner} contacts in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    busy, firing = busiest_minute(owners)
    store: Any = await PostgresStore.open(url)
    try:
        times, found = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            rows, _ = await nudges.find(store, busy, busy - timedelta(minutes=1))
            times.append(time.perf_counter() - started)
            found = len(rows)
    finally:
        await store.close()
    print(f"  busiest minute {busy:%H:%M} UTC: {firing:,} owners fire, {found:,} nudges due", file=sys.stderr)
    return statistics.median(times), found


def measure(url: str, *, owners: int = 100_000, per_owner: int = 20, runs: int = 5) -> tuple[float, int]:
    """(median seconds of one due-scan for the busiest minute, nudges it found)."""
    return asyncio.run(_measure(url, owners, per_owner, runs))


if __name__ == "__main__":
    from tests.pg_server import new_database

    args = [int(a) for a in sys.argv[1:]]
    seconds, due = measure(new_database(), owners=args[0] if args else 100_000,
                           per_owner=args[1] if len(args) > 1 else 20)
    print(f"due-scan: {seconds * 1000:.0f} ms, {due} nudges due")
