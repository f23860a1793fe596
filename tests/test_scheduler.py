"""NudgeScheduler: delivery to each owner's last chat, retries with backoff, blocked owners,
the APScheduler job, and one nudge reaching a fake Telegram Bot API server on loopback
(tests/fake_telegram.py) through the Telegram adapter's `send`.

Real SQLite in a tmp dir, an injected clock, a hand-written `send`; nothing sleeps.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from bot.scheduler import NudgeScheduler
from bot.telegram_bot import TelegramAdapter
from core.errors import DeliveryError
from core.messages import OutgoingMessage
from tests.conftest import Harness, at, make_message
from tests.fake_telegram import TOKEN, FakeTelegram


class FakeChats:
    """A `send` that records what reached each chat; failures are scripted per owner."""

    def __init__(self):
        self.sent: list[OutgoingMessage] = []
        self.failures: dict[str, list[Exception]] = {}
        self.attempts = 0

    def fail(self, owner: str, *errors: Exception) -> None:
        self.failures.setdefault(owner, []).extend(errors)

    async def send(self, msg: OutgoingMessage) -> None:
        self.attempts += 1
        if self.failures.get(msg.owner):
            raise self.failures[msg.owner].pop(0)
        self.sent.append(msg)

    def to(self, owner: str) -> list[str]:
        return [m.text for m in self.sent if m.owner == owner]


async def _two_birthdays(b: Harness) -> None:
    await b.say("Ana Lopez's birthday is May 5.", "2026-04-01T10:00:00+00:00")
    await b.say("Ben Okafor's birthday is May 5.", owner="test:u2")


async def test_delivers_to_the_chat_the_owner_last_used(bot_no_vectors: Harness):
    b, chats = bot_no_vectors, FakeChats()
    await b.say("Ana Lopez's birthday is May 5.", "2026-04-01T10:00:00+00:00")
    await b.engine.handle(make_message("hi", platform="telegram", chat_id="555", at=at("2026-04-02T10:00:00+00:00")))
    s = NudgeScheduler(b.engine, chats.send)
    assert await s.run_once(at("2026-05-05T08:59:00+00:00")) == 0
    assert await s.run_once(at("2026-05-05T09:00:00+00:00")) == 1
    (msg,) = chats.sent
    assert (msg.platform, msg.chat_id, msg.owner) == ("telegram", "555", "test:u1") and "Ana Lopez" in msg.text
    assert await s.run_once(at("2026-05-05T09:00:30+00:00")) == 0
    contact = (await b.store.contacts("test:u1"))[0]
    assert await b.store.nudge_status("test:u1", contact.id, "birthday", "2026-05-05") == "sent"


async def test_transient_failures_back_off_without_holding_up_others(bot_no_vectors: Harness):
    b, chats = bot_no_vectors, FakeChats()
    await _two_birthdays(b)
    chats.fail("test:u1", DeliveryError("timed out"), DeliveryError("timed out"))
    s = NudgeScheduler(b.engine, chats.send, retry_base_s=60)
    assert await s.run_once(at("2026-05-05T09:00:00+00:00")) == 1
    assert len(chats.to("test:u2")) == 1 and chats.to("test:u1") == []
    assert await s.run_once(at("2026-05-05T09:00:59+00:00")) == 0 and chats.attempts == 2  # backoff: 60 s
    assert await s.run_once(at("2026-05-05T09:01:00+00:00")) == 0 and chats.attempts == 3  # fails again: 120 s
    assert await s.run_once(at("2026-05-05T09:02:59+00:00")) == 0 and chats.attempts == 3
    assert await s.run_once(at("2026-05-05T09:03:00+00:00")) == 1
    assert len(chats.to("test:u1")) == 1 and len(chats.to("test:u2")) == 1
    assert await s.run_once(at("2026-05-05T10:00:00+00:00")) == 0


async def test_retry_after_from_the_platform_is_honoured(bot_no_vectors: Harness):
    b, chats = bot_no_vectors, FakeChats()
    await _two_birthdays(b)
    chats.fail("test:u1", DeliveryError("flood control", retry_after=300))
    s = NudgeScheduler(b.engine, chats.send, retry_base_s=60)
    await s.run_once(at("2026-05-05T09:00:00+00:00"))
    assert await s.run_once(at("2026-05-05T09:04:59+00:00")) == 0
    assert await s.run_once(at("2026-05-05T09:05:00+00:00")) == 1 and len(chats.to("test:u1")) == 1


async def test_permanent_failure_stops_that_owner_only(bot_no_vectors: Harness, caplog):
    b, chats = bot_no_vectors, FakeChats()
    await _two_birthdays(b)
    await b.say("Cleo Marsh's birthday is May 6.")
    await b.say("Dev Rao's birthday is May 6.", owner="test:u2")
    chats.fail("test:u1", DeliveryError("Forbidden: bot was blocked by the user", permanent=True))
    s = NudgeScheduler(b.engine, chats.send)
    with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
        assert await s.run_once(at("2026-05-05T09:00:00+00:00")) == 1
    assert any("test:u1" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    assert (await b.store.owner("test:u1")).blocked_at is not None
    assert await s.run_once(at("2026-05-05T09:30:00+00:00")) == 0  # no retry
    assert await s.run_once(at("2026-05-06T09:00:00+00:00")) == 1
    assert chats.to("test:u1") == [] and len(chats.to("test:u2")) == 2 and chats.attempts == 3


async def test_an_unexpected_error_in_send_is_retried_and_isolated(bot_no_vectors: Harness):
    b, chats = bot_no_vectors, FakeChats()
    await _two_birthdays(b)
    chats.fail("test:u1", RuntimeError("adapter bug"))
    s = NudgeScheduler(b.engine, chats.send, retry_base_s=60)
    assert await s.run_once(at("2026-05-05T09:00:00+00:00")) == 1
    assert await s.run_once(at("2026-05-05T09:01:00+00:00")) == 1 and len(chats.to("test:u1")) == 1


async def test_gives_up_after_max_attempts(bot_no_vectors: Harness):
    b, chats = bot_no_vectors, FakeChats()
    await _two_birthdays(b)
    chats.fail("test:u1", *[DeliveryError("down")] * 5)
    s = NudgeScheduler(b.engine, chats.send, retry_base_s=60, max_attempts=2)
    await s.run_once(at("2026-05-05T09:00:00+00:00"))
    await s.run_once(at("2026-05-05T09:01:00+00:00"))
    assert chats.attempts == 3
    assert await s.run_once(at("2026-05-05T12:00:00+00:00")) == 0 and chats.attempts == 3
    contact = (await b.store.contacts("test:u1"))[0]
    assert await b.store.nudge_status("test:u1", contact.id, "birthday", "2026-05-05") == "dead"
    assert (await b.store.owner("test:u1")).blocked_at is None


async def test_start_runs_a_coalesced_one_minute_job_and_ticks_at_once(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ana Lopez's birthday is May 5.", "2026-04-01T10:00:00+00:00")
    b.clock.set(at("2026-05-05T09:00:00+00:00"))
    arrived = asyncio.Event()

    async def send(msg: OutgoingMessage) -> None:
        arrived.set()

    s = NudgeScheduler(b.engine, send)
    s.start()
    try:
        job = s.job
        assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time == 60
        assert job.trigger.interval == timedelta(seconds=60)
        await asyncio.wait_for(arrived.wait(), 10)
    finally:
        await s.stop()
    assert s.job is None


# --- end to end: the Telegram adapter's send against a fake Bot API on loopback ---

@pytest.fixture
async def fake_telegram():
    server = FakeTelegram()
    yield server
    await server.close()


async def test_a_nudge_reaches_the_fake_telegram_server(bot_no_vectors: Harness, fake_telegram: FakeTelegram):
    b = bot_no_vectors
    await b.engine.handle(make_message("Ana Lopez's birthday is May 5.", owner="telegram:555", platform="telegram",
                                       chat_id="555", at=at("2026-04-01T10:00:00+00:00")))
    await b.engine.handle(make_message("Ben Okafor's birthday is May 5.", owner="telegram:666", platform="telegram",
                                       chat_id="666", at=at("2026-04-01T10:00:00+00:00")))
    fake_telegram.blocked.add("666")
    adapter = TelegramAdapter(b.engine, token=TOKEN, base_url=fake_telegram.base_url)
    await adapter.bot.initialize()
    try:
        assert await NudgeScheduler(b.engine, adapter.send).run_once(at("2026-05-05T09:00:00+00:00")) == 1
    finally:
        await adapter.bot.shutdown()
    assert fake_telegram.messages == [("555", "🎂 It's Ana Lopez's birthday today!")]
    assert (await b.store.owner("telegram:666")).blocked_at is not None
