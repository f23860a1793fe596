"""Nothing lost, nothing doubled: `memoro run` and `memoro chat` killed (SIGKILL) at random
points while several people write, then started again.

Telegram: the fake Bot API (tests/fake_telegram.py) keeps every update the bot has not
confirmed with a later getUpdates offset and delivers it again to the next process, as Telegram
does. The console: the test holds the pipe's read end open too, so what the killed process had
not read stays in the pipe for the next one. After the last restart every message must be in
the message log once, handled, and its writes made once (each message records one meeting, so
a message handled twice would leave two). The kill points come from a seeded random generator,
so a failure can be replayed.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import sys
from pathlib import Path

from tests.fake_telegram import TOKEN, FakeTelegram, text_update
from tests.test_run import _env

KILLS = 20
USERS = (501, 502, 503)
FIRST = ("Maya", "Omar", "Clara", "Felix", "Lena", "Ravi", "Nina", "Hugo", "Iris", "Theo", "Sara", "Jonas")
LAST = ("Patel", "Haddad", "Ferreira", "Lindqvist", "Berg", "Kumar", "Costa", "Moreau", "Lind", "Okafor", "Novak", "Silva")


def names():
    """Distinct full names, so every reply and every meeting can be told apart."""
    return (f"{f} {last}" for last in LAST for f in FIRST)


async def _until(check, what: str, timeout: float = 60) -> None:
    """Wait until `check()` is true (a safety timeout, not a timed assertion)."""
    async def wait():
        while not check():
            await asyncio.sleep(0.02)
    try:
        await asyncio.wait_for(wait(), timeout)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


def _log(db: Path) -> tuple[list[sqlite3.Row], dict[int, int]]:
    """(the people's messages, meetings per message id), read from the bot's database."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        rows = con.execute("SELECT id, owner, external_id, text, status FROM messages WHERE role = 'user'").fetchall()
        meetings = dict(con.execute("SELECT source_message_id, count(*) FROM interactions GROUP BY 1").fetchall())
    finally:
        con.close()
    return rows, meetings


def _handled(db: Path, total: int) -> bool:
    if not db.exists():
        return False
    try:
        rows, _ = _log(db)
    except sqlite3.OperationalError:  # the schema is being created
        return False
    return sum(r["status"] == "processed" for r in rows) >= total


async def test_memoro_run_killed_at_random_during_bursts_handles_every_telegram_message_once(tmp_path: Path):
    rng = random.Random(12)
    fake = FakeTelegram()
    env = _env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, MEMORO_DATA_DIR=str(tmp_path),
               MEMORO_RATE_LIMIT_PER_MINUTE="0", MEMORO_LOG_LEVEL="WARNING")
    sent: dict[tuple[str, str], str] = {}  # (owner, "<chat>:<message id>") -> the name it is about
    people, update_id = names(), 0

    async def spawn():
        polls = len(fake.calls("getUpdates"))
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=env,
                                                    stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                                                    stderr=asyncio.subprocess.DEVNULL)
        await _until(lambda: len(fake.calls("getUpdates")) > polls or proc.returncode is not None, "start-up")
        assert proc.returncode is None
        return proc

    try:
        for _ in range(KILLS):
            proc = await spawn()
            for _ in range(2):  # a burst: two messages from each person, interleaved
                for user in USERS:
                    update_id += 1
                    name = next(people)
                    fake.push(text_update(update_id, f"Had lunch with {name} today.", user_id=user))
                    sent[(f"telegram:{user}", f"{user}:{update_id}")] = name
            await asyncio.sleep(rng.uniform(0, 0.3))
            proc.kill()
            await proc.wait()
        proc = await spawn()
        await _until(lambda: _handled(tmp_path / "memoro.sqlite3", len(sent)), "every message handled")
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 60) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
        await fake.close()
    rows, meetings = _log(tmp_path / "memoro.sqlite3")
    assert sorted((r["owner"], r["external_id"]) for r in rows) == sorted(sent)  # each stored once, none lost
    assert {r["status"] for r in rows} == {"processed"}
    wrong = [(r["external_id"], r["text"], meetings.get(r["id"])) for r in rows if meetings.get(r["id"]) != 1]
    assert not wrong, f"meetings saved twice or not at all: {wrong}"
    for (owner, _), name in sent.items():  # a reply may be lost in a crash, never sent twice
        chat = owner.partition(":")[2]
        assert sum(chat == c and f"{name} —" in text for c, text in fake.messages) <= 1, name
    assert len(fake.messages) >= len(sent) - KILLS * len(USERS)


async def test_memoro_chat_fed_by_a_pipe_and_killed_at_random_handles_every_line_once(tmp_path: Path):
    rng = random.Random(7)
    lines = [f"Had lunch with {name} today.\n" for name, _ in zip(names(), range(60), strict=False)]
    read_end, write_end = os.pipe()
    env = _env(MEMORO_DATA_DIR=str(tmp_path), MEMORO_LOG_LEVEL="WARNING")
    db = tmp_path / "memoro.sqlite3"
    kills = 0
    try:
        os.write(write_end, "".join(lines).encode())  # 60 short lines fit in the pipe's buffer
        while not _handled(db, len(lines)):
            proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "chat", "--user", "me",
                                                        cwd=tmp_path, env=env, stdin=read_end,
                                                        stdout=asyncio.subprocess.DEVNULL,
                                                        stderr=asyncio.subprocess.DEVNULL)
            if kills < 5:
                await asyncio.sleep(rng.uniform(0.5, 2.5))
                proc.kill()
                kills += 1
                await proc.wait()
            else:
                await _until(lambda: _handled(db, len(lines)), "every line handled")
                os.close(write_end)
                write_end = None
                assert await asyncio.wait_for(proc.wait(), 60) == 0
    finally:
        os.close(read_end)
        if write_end is not None:
            os.close(write_end)
    rows, meetings = _log(db)
    assert sorted(r["text"] + "\n" for r in rows) == sorted(lines)
    assert {r["status"] for r in rows} == {"processed"}
    assert all(meetings.get(r["id"]) == 1 for r in rows)

