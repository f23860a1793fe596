"""Units of work: a failed import leaves nothing behind while other users carry on; migrations
are all-or-nothing; a crash in the middle of either is undone on the next start.

Real SQLite files and the real engine throughout. Failures are injected where they happen in
life: a disk error on one write (a store subclass whose write raises), a cancelled task, and a
process killed with SIGKILL. Nothing here measures time: "not held up" is asserted as the order
in which things happened.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from core import importer
from core.clock import FixedClock
from core.engine import Engine
from core.messages import Attachment
from storage import migrations
from storage.sqlite import SqliteStore
from tests.conftest import Harness, at, make_message

ROOT = Path(__file__).resolve().parent.parent
IMPORTER, OTHER, BIRTHDAY = "test:importer", "test:other", "test:birthday"
NOON = "2026-05-05T09:00:00+00:00"


def vcards(n: int, last: str = "Zed Last") -> bytes:
    cards = [f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {i:05d}\nBDAY:1990-01-{i % 28 + 1:02d}\n"
             f"NOTE:met at conference {i}\nEND:VCARD\n" for i in range(n - 2)]
    cards.append("BEGIN:VCARD\nVERSION:3.0\nFN:Sam Lee\nADR;TYPE=HOME:;;;Berlin;;;\nEND:VCARD\n")
    cards.append(f"BEGIN:VCARD\nVERSION:3.0\nFN:{last}\nNOTE:the last one\nEND:VCARD\n")
    return "".join(cards).encode()


def export_doc(n: int, last: str = "Zed Last") -> dict:
    people = [{"id": i, "name": f"Person {i:05d}", "created_at": "2026-01-01T00:00:00+00:00",
               "facts": [{"id": i, "kind": "city", "value": "Lyon", "valid_from": "2026-01-01T00:00:00+00:00"}]}
              for i in range(1, n)]
    people.append({"id": n, "name": last, "created_at": "2026-01-01T00:00:00+00:00", "facts": []})
    notes = [{"person": i, "text": f"plays chess {i}", "noted_on": "2026-01-02", "kind": "fact"} for i in range(1, n)]
    return {"format": "memoro", "version": 1, "settings": {"tz": "Asia/Tokyo", "nudge_hour": 7},
            "people": people, "notes": notes, "interactions": [], "relationships": [], "reminders": []}


class DiskFailsOn(SqliteStore):
    """The real store, whose disk fails when the contact named `fail_on` is written; it records
    the order of import writes and other events in `events`."""

    fail_on = "Zed Last"
    events: list[str]

    async def add_contact(self, owner, name, now, source):
        if owner == IMPORTER:
            self.events.append("import write")
            if name == self.fail_on:
                raise sqlite3.OperationalError("disk I/O error")
        return await super().add_contact(owner, name, now, source)


@pytest.fixture
async def world(tmp_path: Path):
    store = await DiskFailsOn.open(tmp_path / "memoro.sqlite3")
    store.events = []
    clock = FixedClock(at(NOON))
    h = Harness(Engine(store=store, index=None, clock=clock, default_tz="UTC"), store, clock, owner=IMPORTER)
    await h.say("Sam Lee lives in Austin", "2026-05-01T10:00:00+00:00")
    await h.say("Ana Ruiz's birthday is March 3", "2026-05-01T10:01:00+00:00")
    await h.say("/tz Europe/Paris", "2026-05-01T10:02:00+00:00")
    await h.say("Bea Nord's birthday is May 5", "2026-05-01T10:00:00+00:00", owner=BIRTHDAY)
    clock.set(at(NOON))
    yield h
    await store.close()


async def snapshot(store: SqliteStore, owner: str) -> dict:
    out = {}
    for table in ("contacts", "facts", "notes", "interactions", "relationships", "reminders"):
        out[table] = [tuple(r) for r in await store._rows(f"SELECT * FROM {table} WHERE owner = ? ORDER BY id", (owner,))]
    out["owner"] = tuple((await store._rows("SELECT tz, nudge_hour FROM owners WHERE key = ?", (owner,)))[0])
    return out


async def import_file(h: Harness, name: str, data: bytes) -> str:
    out = await h.engine.handle(make_message(owner=IMPORTER, at=h.clock.now(), text="",
                                             attachment=Attachment(name=name, data=data)))
    return out[0].text


@pytest.mark.parametrize("name,data", [("phone.vcf", vcards(3000)),
                                       ("memoro.json", json.dumps(export_doc(3000)).encode())])
async def test_failing_import_during_other_users_and_a_nudge_tick(world: Harness, name, data):
    """The disk fails on the import's last record: everything it wrote is undone, the other
    user's message and the nudge tick, which ran in the middle of it, keep their writes, and
    their replies came while the import was still writing."""
    h, store = world, world.store
    before = await snapshot(store, IMPORTER)
    task = asyncio.create_task(import_file(h, name, data))
    while "import write" not in store.events:  # the import is in its write phase
        await asyncio.sleep(0)
    reply = await h.say("Dana Cho's birthday is June 9", owner=OTHER)
    store.events.append("other user's reply")
    nudged = await h.engine.tick(at(NOON))
    store.events.append("nudge tick")
    answer = await task

    assert "Saved" in reply and "Dana Cho" in reply
    assert [m.owner for m in nudged] == [BIRTHDAY] and "Bea Nord" in nudged[0].text
    # not held up: both finished between two of the import's writes
    first, last = store.events.index("other user's reply"), store.events.index("nudge tick")
    assert "import write" in store.events[:first] and "import write" in store.events[last:]
    # the import left nothing behind and said so
    assert "undid it" in answer and "nothing from that file was saved" in answer
    assert await snapshot(store, IMPORTER) == before
    assert "Austin" in await h.say("where does Sam Lee live?")
    assert await store._rows("SELECT * FROM _undo_log") == []
    # their writes survived
    assert [c.name for c in await store.contacts(OTHER)] == ["Dana Cho"]
    assert "Jun 9" in await h.say("when is Dana's birthday?", owner=OTHER)
    assert await store.nudge_status(BIRTHDAY, (await store.contacts(BIRTHDAY))[0].id, "birthday",
                                    "2026-05-05") == "sent"


async def test_a_malformed_last_record_is_found_before_anything_is_written(world: Harness):
    """The last record of a large export cannot be stored (a lone surrogate): it is reported,
    and the rest imports; a truncated export imports nothing and says why."""
    h, store = world, world.store
    store.fail_on = None
    doc = export_doc(2000)
    doc["notes"].append({"person": 1, "text": "bad \ud800 text", "noted_on": "2026-01-02", "kind": "fact"})
    answer = await import_file(h, "big.json", json.dumps(doc).encode())
    assert f"1 skipped:\n  notes[{len(doc['notes']) - 1}]: text " in answer
    assert len(await store.contacts(IMPORTER)) == 2 + 2000
    before = await snapshot(store, IMPORTER)
    cut = json.dumps(export_doc(2000)).encode()[:-40]
    answer = await import_file(h, "cut.json", cut)
    assert "is not valid JSON" in answer
    assert await snapshot(store, IMPORTER) == before


async def test_other_users_are_answered_while_a_file_is_parsed(world: Harness, monkeypatch):
    """Parsing runs off the event loop: the other user's reply comes while the parser is still
    busy (the parser waits for that reply; parsing on the loop would never see it)."""
    h = world
    h.store.fail_on = None
    replied = threading.Event()
    seen: list[bool] = []
    real = importer.vcard.parse

    def slow_parse(text):
        seen.append(replied.wait(timeout=60))
        return real(text)

    monkeypatch.setattr(importer.vcard, "parse", slow_parse)
    task = asyncio.create_task(import_file(h, "phone.vcf", vcards(50)))
    assert "Dana Cho" in await h.say("Had lunch with Dana Cho", owner=OTHER)
    replied.set()
    assert "49 new" in await task
    assert seen == [True]


async def test_a_cancelled_import_is_undone(world: Harness):
    h, store = world, world.store
    before = await snapshot(store, IMPORTER)
    task = asyncio.create_task(importer.import_bytes(store, IMPORTER, "phone.vcf", vcards(2000), h.clock.now(), None))
    while store.events.count("import write") < 500:
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0)  # the shielded undo finishes
    async with store.transaction():
        pass  # waits for it
    assert await snapshot(store, IMPORTER) == before


async def test_a_dry_run_reports_and_leaves_nothing(world: Harness):
    h, store = world, world.store
    before = await snapshot(store, IMPORTER)
    report = await importer.import_bytes(store, IMPORTER, "phone.vcf", vcards(600, last="Zoe Fine"),
                                         h.clock.now(), None, dry_run=True)
    assert len(report.created) == 599 and report.merged[0][0] == "Sam Lee"
    assert await snapshot(store, IMPORTER) == before


CRASHING_IMPORT = """
import asyncio, os, signal, sys
from datetime import datetime, UTC
sys.path.insert(0, {root!r})
from core.importer import import_bytes
from storage.sqlite import SqliteStore
from tests.test_unit_of_work import vcards

async def main():
    store = await SqliteStore.open({db!r})
    now = datetime(2026, 5, 5, tzinfo=UTC)
    await store.create_owner("test:importer", "UTC", now)
    async def other_user():  # another owner keeps writing, so the import commits step after step
        n = 0
        while True:
            n += 1
            await store.add_message("test:other", "user", f"hi {{n}}", now)
    def progress(n, total):
        if n == 700:  # many steps are committed (and journaled); the last is half written
            os.kill(os.getpid(), signal.SIGKILL)
    talker = asyncio.create_task(other_user())
    await import_bytes(store, "test:importer", "phone.vcf", vcards(2000), now, None, progress=progress)

asyncio.run(main())
"""


async def test_an_import_cut_short_by_a_crash_is_undone_on_the_next_start(tmp_path: Path):
    db = tmp_path / "memoro.sqlite3"
    proc = subprocess.run([sys.executable, "-c", CRASHING_IMPORT.format(root=str(ROOT), db=str(db))],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT count(*) FROM contacts").fetchone()[0] >= 500  # committed steps, journaled
    assert raw.execute("SELECT count(*) FROM messages").fetchone()[0] >= 100  # the other owner's writes
    raw.close()
    store = await SqliteStore.open(db)
    try:
        assert await store.contacts("test:importer") == []
        assert await store._rows("SELECT * FROM notes") == [] and await store._rows("SELECT * FROM facts") == []
        assert await store._rows("SELECT * FROM _undo_log") == []
        assert len(await store._rows("SELECT * FROM messages WHERE owner = 'test:other'")) >= 100  # kept
    finally:
        await store.close()


def schema(db: Path) -> list[tuple]:
    raw = sqlite3.connect(db)
    try:
        rows = raw.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        return rows + raw.execute("SELECT name FROM _migrations ORDER BY name").fetchall()
    finally:
        raw.close()


async def test_a_migration_failing_midway_leaves_the_schema_as_before(tmp_path: Path, monkeypatch):
    db = tmp_path / "memoro.sqlite3"
    await (await SqliteStore.open(db)).close()
    before = schema(db)

    async def m999_broken(conn):
        await conn.executescript("""
            CREATE TABLE gifts (id INTEGER PRIMARY KEY, what TEXT);
            ALTER TABLE contacts ADD COLUMN gift_id INTEGER;
            CREATE TRIGGER gifts_ai AFTER INSERT ON gifts BEGIN UPDATE contacts SET gift_id = new.id; END;
            CREATE INDEX gifts_by_what ON no_such_table (what);
        """)

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("m999_broken", m999_broken)])
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        await SqliteStore.open(db)
    assert schema(db) == before
    monkeypatch.undo()
    store = await SqliteStore.open(db)  # the next start passes
    await store.close()
    assert schema(db) == before


HALF_MIGRATION = """
import asyncio, os, signal, sys
sys.path.insert(0, {root!r})
from storage import migrations
from storage.sqlite import SqliteStore

async def m999_half(conn):
    await conn.executescript("CREATE TABLE gifts (id INTEGER PRIMARY KEY); ALTER TABLE contacts ADD COLUMN gift_id;")
    os.kill(os.getpid(), signal.SIGKILL)  # the process dies halfway through the migration

migrations.MIGRATIONS.append(("m999_half", m999_half))
asyncio.run(SqliteStore.open({db!r}))
"""


async def test_a_crash_halfway_through_a_migration_leaves_a_schema_the_next_start_passes(tmp_path: Path):
    db = tmp_path / "memoro.sqlite3"
    await (await SqliteStore.open(db)).close()
    before = schema(db)
    proc = subprocess.run([sys.executable, "-c", HALF_MIGRATION.format(root=str(ROOT), db=str(db))],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert schema(db) == before
    store = await SqliteStore.open(db)
    await store.create_owner("o", "UTC", at(NOON))
    await store.add_contact("o", "Sam", at(NOON), None)
    assert [c.name for c in await store.contacts("o")] == ["Sam"]
    await store.close()


def test_migration_scripts_split_into_whole_statements():
    script = textwrap.dedent("""
        CREATE TABLE a (x TEXT DEFAULT 'a;b');
        CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO a VALUES ('1'); DELETE FROM a; END;
        -- a comment; with a semicolon
        CREATE INDEX i ON a (x)
    """)
    parts = migrations.statements(script)
    assert len(parts) == 3 and parts[1].startswith("CREATE TRIGGER") and parts[1].endswith("END;")
    assert parts[0] == "CREATE TABLE a (x TEXT DEFAULT 'a;b');" and "CREATE INDEX i ON a (x)" in parts[2]
