"""Fencing tokens on the owner leases: a worker that stalled past its lease cannot write once
another worker has taken its owner over.

The lease's epoch (storage/lease_store.py) grows each time the lease is taken afresh; reply
states are written under the epoch the writer holds. The store rules are checked on SQLite and
PostgreSQL (two stores on one database, as two processes open it); the end-to-end case runs two
real `Dispatcher`s (bot/workers.py) on a real PostgreSQL server, each with its own clock and a
small hand-written handler standing in for Telegram: the first stalls in the middle of a message,
the second takes the owner over when the lease runs out and answers, and when the first wakes
up its send is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.workers import Dispatcher
from core.clock import FixedClock
from core.errors import LeaseLost
from core.messages import IncomingMessage
from tests.conftest import two_stores
from tests.pg_server import postgres_url_or_skip

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
OWNER = "telegram:41"


async def test_the_epoch_grows_when_the_lease_changes_hands_and_a_stale_one_cannot_write(database):
    async with two_stores(database) as (a, b):
        await a.create_owner(OWNER, "UTC", NOW)
        mid, _ = await a.log_incoming(OWNER, "lunch w kofi", NOW, platform="telegram", external_id="41:1")
        assert await a.claim_owner(OWNER, "w1", NOW, 30) == 1
        assert await a.claim_owner(OWNER, "w1", NOW + timedelta(seconds=10), 30) == 1  # kept: the same epoch
        assert await a.set_reply_state(mid, OWNER, "handling", "w1", NOW, epoch=1) == 0
        later = NOW + timedelta(seconds=41)  # w1 stalled: its lease ran out, w2 takes the owner
        assert await b.claim_owner(OWNER, "w2", later, 30) == 2
        with pytest.raises(LeaseLost):
            await a.set_reply_state(mid, OWNER, "sending", "w1", later, epoch=1)
        assert await b.set_reply_state(mid, OWNER, "sending", "w2", later, epoch=2) == 1
        assert await b.open_replies(OWNER) == [(mid, "sending", 1)]  # w1's refused write left no trace
        await b.release_owner(OWNER, "w2")
        assert await a.claim_owner(OWNER, "w1", later, 30) == 3  # taken afresh after a release: never 1 again
        with pytest.raises(LeaseLost):
            await b.set_reply_state(mid, OWNER, "sent", "w2", later, epoch=2)
        assert await a.set_reply_state(mid, OWNER, "sent", "w1", later) == 1  # no epoch: not fenced (tools, tests)


class Stalling:
    """A handler (bot/workers.Handler) on one store: handling marks the message handled and stores
    a reply, then awaits `before_send` and records the send; `stall` holds it in the middle."""

    platform = "telegram"

    def __init__(self, store: Any, name: str, sent: list[tuple[str, int]], *, stall: bool = False):
        self.store, self.name, self.sent = store, name, sent
        self.entered, self.wake = asyncio.Event(), asyncio.Event()
        self.stall = stall

    async def stored(self, owner: str) -> list[tuple[Any, int, str | None]]:
        rows = await self.store.unprocessed_messages(owner, platform=self.platform)
        return [(IncomingMessage(owner=r["owner"], text=r["text"], at=NOW, platform=self.platform,
                                 chat_id=r["thread"]), r["id"], r["raw"]) for r in rows]

    async def handle_stored(self, msg: Any, mid: int, raw: str | None,
                            before_send: Callable[[], Awaitable[None]]) -> None:
        self.entered.set()
        if self.stall:
            await self.wake.wait()  # a frozen event loop, a blocking call: the lease runs out meanwhile
        async with self.store.transaction():
            await self.store.set_message_status(mid, "processed")
            await self.store.add_message(msg.owner, "bot", f"noted ({self.name})", NOW, platform=self.platform,
                                         thread=msg.chat_id, reply_to=mid)
        await before_send()
        self.sent.append((self.name, mid))

    async def resend(self, thread: str, text: str) -> None:
        self.sent.append((self.name, -1))


async def test_a_stalled_worker_on_postgres_does_not_send_what_its_successor_answered():
    url = postgres_url_or_skip()
    sent: list[tuple[str, int]] = []
    async with two_stores(url) as (a, b):
        await a.create_owner(OWNER, "UTC", NOW)
        mid, _ = await a.log_incoming(OWNER, "coffee w amara", NOW, platform="telegram", external_id="41:2")
        stalled, successor = Stalling(a, "w1", sent, stall=True), Stalling(b, "w2", sent)
        first = Dispatcher(a, stalled, worker="w1", lease_s=30, clock=FixedClock(NOW))
        second = Dispatcher(b, successor, worker="w2", lease_s=30, clock=FixedClock(NOW + timedelta(seconds=31)))
        first.take(OWNER)
        await asyncio.wait_for(stalled.entered.wait(), 30)
        assert await second.scan() == 1  # w1's lease ran out (by w2's clock): w2 takes the owner over
        await asyncio.wait_for(second.idle(), 60)
        assert sent == [("w2", mid)]
        stalled.wake.set()  # w1 wakes up and goes on where it stopped
        await asyncio.wait_for(first.idle(), 60)
        assert sent == [("w2", mid)]  # its send was refused: the reply went out once
        assert await a.open_replies(OWNER) == []  # w2's `sent` stands, not overwritten by w1
        rows = await a.db.execute_fetchall("SELECT state, attempts, worker FROM reply_states WHERE message_id = ?",
                                           (mid,))
        assert [tuple(r) for r in rows] == [("sent", 1, "w2")]
