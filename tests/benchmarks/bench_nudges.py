"""Benchmark: finding the due nudges for one tick, at 10k, 30k and 100k owners.

Each owner has 200 contacts, every one with a birthday spread over the year (the worst case
for the birthday query), and 5 keep-in-touch reminders with an interaction each. Owners are
spread over 24 time zones (half-hour and 45-minute ones included); 10% get their nudges at
08:30 and 20% have heads-ups 7 and 1 days before. The databases are built once with SQL
bulk inserts (secondary indexes dropped during the load, then rebuilt: the same schema the
app migrates to) and cached in $MEMORO_BENCH_DIR (default: the system temp dir).

Timed, median of several runs: `core.nudges.find` (the query and the per-owner filtering,
read-only) for the busiest minute of the day (09:00 in the most crowded UTC offset) and for
a quiet minute; and the full `Engine.due` claim of the busiest minute (find + claim in one
transaction + digests), whose rows are deleted after each run. Sending is not timed.

    make bench-nudges            # or: .venv/bin/python -m tests.benchmarks.bench_nudges [sizes...]
"""

from __future__ import annotations

import asyncio
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from core import nudges
from core.clock import zone
from core.engine import Engine
from storage.sqlite import SqliteStore

SIZES = (10_000, 30_000, 100_000)
CONTACTS = 200
REMINDERS = 5
RUNS = 5
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "America/Chicago", "America/Los_Angeles",
         "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo", "Asia/Shanghai", "Australia/Sydney",
         "Africa/Lagos", "Africa/Nairobi", "Europe/Moscow", "Asia/Dubai", "Asia/Kathmandu", "Asia/Jakarta",
         "Pacific/Auckland", "America/Mexico_City", "America/Bogota", "Europe/Paris", "Europe/Madrid",
         "Asia/Singapore", "Asia/Seoul", "America/Denver"]
DAY = date(2026, 6, 15)
RESULTS = Path(__file__).parent / "results" / "nudges.md"


def owner_schedule(i: int) -> tuple[str, int, int, str]:
    return ZONES[i % len(ZONES)], 8 if i % 10 == 9 else 9, 30 if i % 10 == 9 else 0, "7,1,0" if i % 5 == 3 else "0"


def build(path: Path, owners: int) -> None:
    """Bulk-load `owners` owners into a fresh, migrated database at `path`."""
    async def migrate():
        await (await SqliteStore.open(path)).close()

    asyncio.run(migrate())
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    tables = ("contacts", "facts", "reminders", "interactions", "interaction_people")
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                         f" AND tbl_name IN ({','.join('?' * len(tables))})", tables).fetchall()
    for name, _ in indexes:
        db.execute(f"DROP INDEX {name}")
    db.executemany("INSERT INTO owners (key, tz, created_at, nudge_hour, nudge_minute, lead_days, last_platform,"
                   " last_chat_id) VALUES (?, ?, '2026-01-01', ?, ?, ?, 'telegram', ?)",
                   ((f"tg:{i}", *owner_schedule(i), str(i)) for i in range(owners)))
    db.execute(f"""
        WITH RECURSIVE o(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM o WHERE i < {owners - 1}),
             n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j < {CONTACTS - 1})
        INSERT INTO contacts (id, owner, name, folded, first_folded, created_at)
        SELECT o.i * {CONTACTS} + n.j + 1, 'tg:' || o.i, 'Person ' || (o.i * {CONTACTS} + n.j),
               'person ' || (o.i * {CONTACTS} + n.j), 'person', '2026-01-01' FROM o, n""")
    db.execute("""
        INSERT INTO facts (owner, contact_id, kind, value, bday_md, valid_from)
        SELECT owner, id, 'birthday', v, substr(v, 6), '2026-01-01' FROM (
            SELECT owner, id, printf('%04d', 1950 + id % 50) || strftime('-%m-%d', '2001-01-01',
                   '+' || (id * 7919 % 365) || ' days') AS v FROM contacts)""")
    db.execute(f"""
        INSERT INTO reminders (owner, contact_id, every_days, since)
        SELECT owner, id, CASE id % 3 WHEN 0 THEN 14 WHEN 1 THEN 30 ELSE 90 END, '2026-01-01'
        FROM contacts WHERE (id - 1) % {CONTACTS} < {REMINDERS}""")
    db.execute("""
        INSERT INTO interactions (id, owner, occurred_on, note, created_at)
        SELECT contact_id, owner, date('2026-05-01', '+' || (contact_id % 60) || ' days'), 'coffee', '2026-01-01'
        FROM reminders""")
    db.execute("INSERT INTO interaction_people SELECT id, id FROM interactions")
    for _, sql in indexes:
        db.execute(sql)
    db.execute("CREATE TABLE bench_meta (owners INTEGER)")
    db.execute("INSERT INTO bench_meta VALUES (?)", (owners,))
    db.commit()
    db.execute("PRAGMA journal_mode=WAL")
    db.close()


def database(owners: int) -> Path:
    folder = Path(os.environ.get("MEMORO_BENCH_DIR", Path(tempfile.gettempdir()) / "memoro-bench-nudges"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"owners-{owners}.sqlite3"
    if path.exists():
        try:
            with sqlite3.connect(path) as db:
                if db.execute("SELECT owners FROM bench_meta").fetchone()[0] == owners:
                    return path
        except sqlite3.Error:
            pass
        for p in folder.glob(f"owners-{owners}.sqlite3*"):
            p.unlink()
    started = time.perf_counter()
    build(path, owners)
    print(f"  built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def busiest_minute(owners: int) -> tuple[datetime, int]:
    """The UTC minute of DAY at which the most owners have their nudge moment."""
    counts: Counter = Counter()
    for i in range(len(ZONES) * 10):
        tz, hour, minute, _ = owner_schedule(i)
        at = datetime.combine(DAY, dtime(hour, minute), zone(tz)).astimezone(UTC)
        counts[at] += sum(1 for k in range(i, owners, len(ZONES) * 10))
    return counts.most_common(1)[0]


async def measure(owners: int, path: Path) -> dict:
    busy, firing = busiest_minute(owners)
    quiet = busy + timedelta(minutes=7)
    store = await SqliteStore.open(path)
    try:
        found, times = {}, {"busy": [], "quiet": [], "claim": []}
        for _ in range(RUNS):
            for name, now in (("busy", busy), ("quiet", quiet)):
                started = time.perf_counter()
                rows, _ = await nudges.find(store, now, now - timedelta(minutes=1))
                times[name].append(time.perf_counter() - started)
                found[f"found_{name}"] = len(rows)
        engine = Engine(store=store, index=None)
        for _ in range(RUNS):
            async with store.transaction() as db:
                await db.execute("DELETE FROM nudge_state")
                await db.execute("INSERT INTO nudge_state VALUES ('last_tick', ?)",
                                 ((busy - timedelta(minutes=1)).isoformat(),))
            started = time.perf_counter()
            digests = await engine.due(busy)
            times["claim"].append(time.perf_counter() - started)
            found["digests"] = len(digests)
            async with store.transaction() as db:
                await db.execute("DELETE FROM nudges")
                await db.execute("DELETE FROM nudge_state")
    finally:
        await store.close()
    return {"owners": owners, "firing": firing, "busy_at": busy, **found,
            **{f"{k}_s": statistics.median(v) for k, v in times.items()}}


def machine() -> str:
    mem = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{platform.machine()}, {os.cpu_count()} CPUs{mem}, Python {platform.python_version()},"
            f" SQLite {sqlite3.sqlite_version}")


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or list(SIZES)
    head = ("| owners | contacts | owners firing | nudges found | find, busiest minute | find, quiet minute"
            " | due() with claims | digests |")
    lines = [head, "|" + "---|" * 8]
    print(head)
    for owners in sizes:
        r = asyncio.run(measure(owners, database(owners)))
        line = (f"| {owners:,} | {owners * CONTACTS:,} | {r['firing']:,} | {r['found_busy']:,} | {r['busy_s']:.3f} s"
                f" | {r['quiet_s']:.4f} s | {r['claim_s']:.3f} s | {r['digests']:,} |")
        lines.append(line)
        print(line, flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        "# Nudges benchmark\n\n"
        f"Median of {RUNS} runs per size, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on {machine()}.\n"
        f"Each owner: {CONTACTS} contacts, all with a birthday, {REMINDERS} keep-in-touch reminders. "
        f"Busiest minute: 09:00 in the most crowded UTC offset on {DAY}.\n\n" + "\n".join(lines) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
