"""The running scheduler after downtime and crashes: missed birthdays arrive as one catch-up
message, and a crash around the send call is retried at the first tick after the restart (at
least once: a crash after the platform accepted a nudge delivers it twice, never zero times).

A "process" is a SqliteStore on a real file, an engine and a NudgeScheduler; a crash is an
exception no handler catches (like SIGKILL, nothing after it runs), then the store is closed
and a new process opens the same file. Nothing sleeps: the clock is injected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.scheduler import NudgeScheduler
from core.clock import FixedClock
from core.engine import Engine
from core.messages import OutgoingMessage
from storage.sqlite import SqliteStore
from tests.conftest import Harness, at, make_message


class Crash(BaseException):
    """The process dies here: not an Exception, so no error boundary catches it."""


class Chat:
    """A platform: `accepted` is every message it took, in order; it can crash the sender
    just before or just after accepting one."""

    def __init__(self, crash: str | None = None):
        self.accepted: list[OutgoingMessage] = []
        self.crash = crash

    async def send(self, msg: OutgoingMessage) -> None:
        if self.crash == "before":
            raise Crash()
        self.accepted.append(msg)
        if self.crash == "after":
            raise Crash()


async def _process(path: Path, when: str) -> tuple[SqliteStore, Engine]:
    store = await SqliteStore.open(path)
    return store, Engine(store=store, index=None, clock=FixedClock(at(when)))


async def _owner_with_birthdays(path: Path, *texts: str) -> None:
    store, engine = await _process(path, "2026-04-01T10:00:00+00:00")
    for text in ("hi", *texts):
        await engine.handle(make_message(text, owner="telegram:5", platform="telegram", chat_id="5",
                                         at=at("2026-04-01T10:00:00+00:00")))
    await store.close()


async def test_two_days_down_then_one_catch_up_message(tmp_path: Path):
    path = tmp_path / "memoro.sqlite3"
    await _owner_with_birthdays(path, "Olga Petrova's birthday is May 2.", "Yusuf Demir's birthday is May 3.",
                                "Sunny Park was born on May 4, 1980.", "Tara Singh's birthday is May 5.",
                                "Vera Ito's birthday is May 20.", "Ines Duarte's birthday is March 20.")
    store, engine = await _process(path, "2026-05-02T08:00:00+00:00")
    chat = Chat()
    assert await NudgeScheduler(engine, chat.send).run_once(at("2026-05-02T08:00:00+00:00")) == 0
    await store.close()  # down from here: Olga's (May 2), Yusuf's (May 3) and Sunny's (May 4) mornings pass
    store, engine = await _process(path, "2026-05-05T10:00:00+00:00")
    scheduler = NudgeScheduler(engine, chat.send)
    assert await scheduler.run_once(at("2026-05-05T10:00:00+00:00")) == 2
    today, missed = [m.text for m in chat.accepted]
    assert today == "🎂 It's Tara Singh's birthday today!"
    head, *lines = missed.split("\n")  # oldest first
    assert head == "While I was away, I missed telling you:"
    assert lines[:2] == ["• 🎂 Olga Petrova's birthday was on Saturday, May 2 (3 days ago).",
                         "• 🎂 Yusuf Demir's birthday was on Sunday, May 3 (2 days ago)."]
    assert lines[2].startswith("• 🎂 Sunny Park turned 46 yesterday (May 4).") and len(lines) == 3
    assert {(m.platform, m.chat_id) for m in chat.accepted} == {("telegram", "5")}
    assert await scheduler.run_once(at("2026-05-05T10:01:00+00:00")) == 0  # told once
    assert await scheduler.run_once(at("2026-05-06T10:00:00+00:00")) == 0
    assert len(chat.accepted) == 2
    await store.close()


async def test_one_missed_birthday_reads_as_one_sentence_and_a_month_back_is_the_limit(tmp_path: Path):
    path = tmp_path / "memoro.sqlite3"
    await _owner_with_birthdays(path, "Ana Lopez's birthday is July 9.", "Ben Okafor's birthday is June 1.")
    store, engine = await _process(path, "2026-05-30T12:00:00+00:00")
    chat = Chat()
    await NudgeScheduler(engine, chat.send).run_once(at("2026-05-30T12:00:00+00:00"))
    await store.close()  # down for 41 days
    store, engine = await _process(path, "2026-07-10T12:00:00+00:00")
    assert await NudgeScheduler(engine, chat.send).run_once(at("2026-07-10T12:00:00+00:00")) == 1
    assert [m.text for m in chat.accepted] == [
        "While I was away, I missed telling you: 🎂 Ana Lopez's birthday was yesterday (Jul 9)."]  # Ben's: too old
    await store.close()


async def test_a_first_start_does_not_catch_up_on_imported_birthdays(tmp_path: Path):
    path = tmp_path / "memoro.sqlite3"
    await _owner_with_birthdays(path, "Ana Lopez's birthday is April 20.", "Ben Okafor's birthday is April 29.")
    store, engine = await _process(path, "2026-04-30T12:00:00+00:00")  # no tick was ever recorded
    chat = Chat()
    assert await NudgeScheduler(engine, chat.send).run_once(at("2026-04-30T12:00:00+00:00")) == 1
    assert [m.text for m in chat.accepted] == [  # yesterday's is still due; ten days ago is not
        "While I was away, I missed telling you: 🎂 Ben Okafor's birthday was yesterday (Apr 29)."]
    await store.close()


@pytest.mark.parametrize("crash", ["before", "after"])
async def test_a_crash_inside_the_send_call_is_retried_at_the_first_tick_after_the_restart(tmp_path: Path,
                                                                                            crash: str):
    path = tmp_path / "memoro.sqlite3"
    await _owner_with_birthdays(path, "Ana Lopez's birthday is May 5.")
    store, engine = await _process(path, "2026-05-05T09:00:00+00:00")
    chat = Chat(crash=crash)
    with pytest.raises(Crash):
        await NudgeScheduler(engine, chat.send).run_once(at("2026-05-05T09:00:00+00:00"))
    await store.close()
    assert len(chat.accepted) == (1 if crash == "after" else 0)
    chat.crash = None
    store, engine = await _process(path, "2026-05-05T09:01:00+00:00")  # back a minute later
    scheduler = NudgeScheduler(engine, chat.send)
    assert await scheduler.run_once(at("2026-05-05T09:01:00+00:00")) == 1  # not 10 minutes later
    assert await scheduler.run_once(at("2026-05-05T09:30:00+00:00")) == 0
    # before the platform accepted it: delivered once; after: twice (at least once, never zero)
    assert [m.text for m in chat.accepted] == ["🎂 It's Ana Lopez's birthday today!"] * (2 if crash == "after" else 1)
    (contact,) = await store.contacts("telegram:5")
    assert await store.nudge_status("telegram:5", contact.id, "birthday", "2026-05-05") == "sent"
    await store.close()


async def test_a_crash_before_the_send_call_leaves_nothing_to_repeat(tmp_path: Path):
    path = tmp_path / "memoro.sqlite3"
    await _owner_with_birthdays(path, "Ana Lopez's birthday is May 5.")
    store, engine = await _process(path, "2026-05-05T09:00:00+00:00")
    (claimed,) = await engine.due(at("2026-05-05T09:00:00+00:00"))  # claimed, then the process dies
    await store.close()
    chat = Chat()
    store, engine = await _process(path, "2026-05-05T09:01:00+00:00")
    assert await NudgeScheduler(engine, chat.send).run_once(at("2026-05-05T09:01:00+00:00")) == 1
    assert [m.text for m in chat.accepted] == [claimed.text]
    await store.close()


async def test_a_console_tick_catches_up_too(bot_no_vectors: Harness):
    from core.nudges import DOWNTIME_DAYS

    b = bot_no_vectors
    await b.say("Olga Petrova's birthday is May 2.", "2026-04-01T10:00:00+00:00")
    assert await b.engine.tick(at("2026-05-01T10:00:00+00:00"), catch_up_days=DOWNTIME_DAYS) == []
    (msg,) = await b.engine.tick(at("2026-05-05T10:00:00+00:00"), catch_up_days=DOWNTIME_DAYS)
    assert msg.text.startswith("While I was away, I missed telling you: 🎂 Olga Petrova's birthday was on")


@pytest.mark.parametrize("crash", ["before", "after"])
async def test_memoro_run_killed_inside_the_send_call_sends_at_least_once_after_the_restart(
        tmp_path: Path, monkeypatch, crash: str):
    """The real process on the fake Bot API: SIGKILL while sendMessage is in flight, either before
    the server accepted the nudge or after (it recorded it but never answered)."""
    import asyncio
    import os
    import sys
    from datetime import UTC, datetime, timedelta

    from tests import fake_telegram
    from tests.fake_telegram import TOKEN, FakeTelegram

    fake, held, release = FakeTelegram(), asyncio.Event(), asyncio.Event()
    hold = {"on": True}
    original = fake_telegram._BotApi.post

    async def post(handler, token: str, method: str):
        if method == "sendMessage" and hold["on"]:
            fake.requests.append((method, {}))
            if crash == "after":  # accepted: the message reached the chat, the answer never leaves
                fake.messages.append((str(handler.get_body_argument("chat_id", None) or "555"), "held"))
            held.set()
            await release.wait()  # the process is killed meanwhile: nobody reads the answer
            return handler.set_status(503)
        return await original(handler, token, method)

    monkeypatch.setattr(fake_telegram._BotApi, "post", post)
    now = datetime.now(UTC)
    offset = 12 - now.hour  # the owner's local time is about noon: today's 09:00 nudge is due
    local = now + timedelta(hours=offset)
    path = tmp_path / "memoro.sqlite3"
    store, engine = await _process(path, now.isoformat())
    for text in (f"/tz {'+' if offset >= 0 else '-'}{abs(offset):02d}:00",
                 f"Ana Lopez's birthday is {local:%B} {local.day}."):
        await engine.handle(make_message(text, owner="telegram:555", platform="telegram", chat_id="555", at=now))
    await store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "MEMORO_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, MEMORO_DATA_DIR=str(tmp_path),
               HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONPATH=str(Path(__file__).parent.parent))

    async def start():
        return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=env,
                                                    stdin=asyncio.subprocess.DEVNULL,
                                                    stdout=asyncio.subprocess.DEVNULL,
                                                    stderr=asyncio.subprocess.PIPE)
    try:
        proc = await start()
        await asyncio.wait_for(held.wait(), 120)  # the nudge's sendMessage is in flight
        proc.kill()  # SIGKILL: nothing after this runs
        await proc.wait()
        hold["on"] = False
        proc = await start()
        await fake.wait_for_messages(2 if crash == "after" else 1, timeout=120)
        proc.terminate()
        _, err = await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 0, err.decode()
    finally:
        if proc.returncode is None:
            proc.kill()
        release.set()
        await fake.close()
    nudges = [text for chat, text in fake.messages if text == "held" or "Ana Lopez" in text]
    assert len(nudges) == (2 if crash == "after" else 1)  # twice rather than never; once if not yet accepted
    store = await SqliteStore.open(path)
    try:
        (contact,) = await store.contacts("telegram:555")
        assert await store.nudge_status("telegram:555", contact.id, "birthday", local.date().isoformat()) == "sent"
    finally:
        await store.close()
