"""Operations: `memoro backup` during concurrent writes, `memoro doctor` on healthy and broken
data directories, and structured logs (JSON lines with owner and request id, no bodies)."""

from __future__ import annotations

import io
import json
import logging
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from bot.backup import backup
from bot.doctor import doctor
from bot.logs import setup
from core.clock import FixedClock
from core.engine import Engine
from core.settings import Settings
from storage.sqlite import SqliteStore
from storage.vectors import ChromaIndex
from tests.conftest import Harness, at, make_message


def settings_for(data_dir: Path, **env) -> Settings:
    return Settings(MEMORO_DATA_DIR=str(data_dir), **env)


async def test_backup_during_concurrent_writes_is_a_consistent_prefix(tmp_path):
    data = tmp_path / "data"
    store = await SqliteStore.open(data / "memoro.sqlite3")  # the schema, as the bot makes it
    await store.close()
    stop, progress = threading.Event(), threading.Semaphore(0)

    def writer():
        """The bot's writes: each transaction adds a person and their birthday, or nothing."""
        with closing(sqlite3.connect(data / "memoro.sqlite3", timeout=30)) as con:
            i = 0
            while not stop.is_set():
                with con:
                    cur = con.execute("INSERT INTO contacts (owner, name, folded, first_folded, created_at)"
                                      " VALUES ('o', ?, ?, ?, '2026-01-01')", (f"p{i}", f"p{i}", f"p{i}"))
                    con.execute("INSERT INTO facts (owner, contact_id, kind, value, valid_from)"
                                " VALUES ('o', ?, 'birthday', ?, '2026-01-01')", (cur.lastrowid, f"{i % 12 + 1:02d}-01"))
                i += 1
                progress.release()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for n in range(4):
            for _ in range(25):  # at least 25 more commits before each copy: the writer is busy
                assert progress.acquire(timeout=60)
            copies.append(backup(settings_for(data), tmp_path / "backups" / f"copy{n}.sqlite3"))
    finally:
        stop.set()
        thread.join()
    sizes = []
    for path in copies:
        with closing(sqlite3.connect(path)) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
            names = [r[0] for r in con.execute("SELECT name FROM contacts ORDER BY id")]
            orphans = con.execute("SELECT count(*) FROM contacts c WHERE NOT EXISTS"
                                  " (SELECT 1 FROM facts f WHERE f.contact_id = c.id)").fetchone()[0]
        assert names == [f"p{i}" for i in range(len(names))]  # a prefix of the commits
        assert orphans == 0  # every transaction whole, never half
        sizes.append(len(names))
    assert sizes == sorted(sizes) and sizes[0] >= 25
    with closing(sqlite3.connect(data / "memoro.sqlite3")) as con:
        assert con.execute("SELECT count(*) FROM contacts").fetchone()[0] >= sizes[-1]
    with pytest.raises(Exception, match="already exists"):
        backup(settings_for(data), copies[0])


async def healthy(tmp_path: Path, embedder) -> Path:
    """A data directory the way the bot leaves it: a conversation, its notes indexed."""
    data = tmp_path / "data"
    store = await SqliteStore.open(data / "memoro.sqlite3")
    engine = Engine(store=store, index=ChromaIndex(embedder, path=data / "chroma"),
                    clock=FixedClock(at("2026-03-02T10:00:00+01:00")))
    b = Harness(engine, store, engine.clock)
    await b.say("Had coffee with Sam Lee at Blue Bottle today, he just got engaged to Priya")
    await b.say("Zoë Laurent is a sommelier in Lyon", owner="test:u2")
    await engine.index_pending()
    await store.close()
    return data


def run_doctor(data: Path, **env) -> tuple[int, str]:
    out = io.StringIO()
    code = doctor(lambda: settings_for(data, **env), out=out)
    return code, out.getvalue()


async def test_doctor_on_a_healthy_data_dir(tmp_path, embedder):
    data = await healthy(tmp_path, embedder)
    secret = "123456789:AAH-not-a-real-token-but-shaped-like-one"
    code, out = run_doctor(data, TELEGRAM_BOT_TOKEN=secret, MEMORO_EMBEDDER="torch")
    assert code == 0, out
    assert "ok    database" in out and "ok    migrations" in out and "2 owners, 3 notes indexed" in out
    assert "ok    prompts: 3 valid (understand, answer, brief)" in out
    assert "TELEGRAM_BOT_TOKEN set" in out and secret not in out and "AAH" not in out


async def test_doctor_finds_what_is_broken(tmp_path, embedder):
    data = await healthy(tmp_path, embedder)
    with closing(sqlite3.connect(data / "memoro.sqlite3")) as con, con:
        # a note the index never saw (as if the process died between SQLite and the outbox)
        con.execute("INSERT INTO notes (owner, contact_id, text, noted_on, kind, created_at)"
                    " VALUES ('test:u1', NULL, 'runs marathons', '2026-03-02', 'news', '2026-03-02')")
        con.execute("DELETE FROM _migrations WHERE name = 'm003_nudges'")
    code, out = run_doctor(data, MEMORO_CHARACTER="nobody", TELEGRAM_BOT_TOKEN="oops", MEMORO_EMBEDDER="torch")
    assert code == 1
    assert "FAIL  vector index: test:u1: 3 notes, 2 indexed (1 missing, 0 extra): run `memoro reindex`" in out
    assert "FAIL  migrations: not applied: m003_nudges" in out
    assert "FAIL  character cards: MEMORO_CHARACTER='nobody'" in out
    assert "FAIL  tokens: TELEGRAM_BOT_TOKEN is set but is not shaped" in out and "oops" not in out
    # a damaged file
    db = data / "memoro.sqlite3"
    raw = bytearray(db.read_bytes())
    raw[4096 * 2: 4096 * 2 + 2048] = b"\x5a" * 2048
    db.write_bytes(bytes(raw))
    code, out = run_doctor(data)
    assert code == 1 and "FAIL  database" in out


async def test_doctor_reports_bad_settings(tmp_path):
    code, out = run_doctor(tmp_path, MEMORO_MAX_MESSAGE_CHARS="5")
    assert code == 1 and "FAIL  settings" in out and "max_message_chars" in out.lower().replace("memoro_", "")


async def test_json_logs_carry_owner_and_request_id_not_bodies(bot_no_vectors: Harness):
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup(Settings(MEMORO_LOG_FORMAT="json", MEMORO_LOG_LEVEL="INFO"), stream)
        await bot_no_vectors.engine.handle(make_message("my secret: Sam Lee's pin is 4711", owner="test:log"))
        await bot_no_vectors.engine.handle(make_message("/export", owner="test:log"))
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    received = [entry for entry in lines if "received" in entry["message"]]
    assert len(received) == 2 and {e["owner"] for e in received} == {"test:log"}
    assert len({e["request_id"] for e in received}) == 2 and all(len(e["request_id"]) == 12 for e in received)
    assert "4711" not in stream.getvalue() and "secret" not in stream.getvalue()


def test_text_logs_are_readable():
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup(Settings(MEMORO_LOG_FORMAT="text"), stream)
        logging.getLogger("memoro.test").info("hello %s", "there")
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    assert "INFO memoro.test [- -]: hello there" in stream.getvalue()
