"""The nudge loop: every minute, claim what is due and deliver it to each owner's chat.

APScheduler (3.x, `AsyncIOScheduler`) only drives the clock: one interval job, coalesced, one
instance at a time, that calls `run_once`. The due work itself lives in SQLite (see
`core.nudges`), so the scheduler keeps no job store and a restart loses nothing: the first
tick after start-up covers the time the bot was down.

`run_once` claims the due digests through `Engine.due`, sends each to the chat the owner last
used (`owner.last_platform` / `last_chat_id`) through the injected `send`, and marks it sent
or failed. Owners are delivered to concurrently (bounded), each behind its own error
boundary, so one owner's failure or slow chat never holds up another's; an owner's digests
(notices, today's nudges, the catch-up of what was missed while the bot was down, looked back
up to `nudges.DOWNTIME_DAYS`) go one after the other.

Crashes: each digest is marked sent right after its own send call returns, with nothing in
between, so the only window in which a crash loses track of a delivery is the send call
itself. The choice for that window is at least once: the first tick after a restart
(`nudges.recover`) sends every claim the dead process left unfinished, so a crash before the
platform accepted a nudge delays it only by the downtime, and a crash after it accepted (before
the mark) delivers it twice. Twice rather than never: a forgotten birthday is worse than a
repeated reminder. A transient
`DeliveryError` is retried by a later tick after an exponential backoff (or the platform's
`retry_after`), up to `max_attempts`; a permanent one (the user blocked the bot) marks the
owner blocked, which stops their nudges, and is logged at WARNING. Nothing here sleeps: the
retry times are rows in SQLite and the clock is injected.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core import nudges
from core.errors import DeliveryError
from core.format import plural
from core.messages import OutgoingMessage

logger = logging.getLogger(__name__)

Send = Callable[[OutgoingMessage], Awaitable[None]]


class NudgeScheduler:
    """`start()` inside a running event loop, `await stop()` on the way out."""

    def __init__(self, engine, send: Send, *, clock=None, interval_s: float = 60, retry_base_s: float = 60,
                 max_attempts: int = 6, send_timeout_s: float = 60, concurrency: int = 8, recover: bool = True):
        self.engine = engine
        self.send = send
        self.clock = clock or engine.clock
        self.interval_s = interval_s
        self.retry_base_s = retry_base_s
        self.max_attempts = max_attempts
        self.send_timeout_s = send_timeout_s
        self.concurrency = concurrency
        self._lock = asyncio.Lock()
        self._scheduler: AsyncIOScheduler | None = None
        self._recovered = not recover  # one of several workers: others' claims may be live, not left over

    async def run_once(self, now: datetime | None = None) -> int:
        """One tick: claim the due digests, deliver them; returns how many were delivered. The
        first tick of this scheduler first releases what an earlier process left claimed."""
        async with self._lock:
            now = now or self.clock.now()
            if not self._recovered:
                await nudges.recover(self.engine.store, now)
                self._recovered = True
            digests = await self.engine.due(now, catch_up_days=nudges.DOWNTIME_DAYS)
            if not digests:
                return 0
            gate = asyncio.Semaphore(self.concurrency)
            by_owner: dict[str, list[nudges.Digest]] = {}
            for d in digests:
                by_owner.setdefault(d.owner, []).append(d)
            delivered = sum(await asyncio.gather(*(self._deliver_all(ds, now, gate) for ds in by_owner.values())))
            logger.info("nudge tick: %s of %s delivered", delivered, plural(len(digests), "digest"))
            return delivered

    async def _deliver_all(self, digests: list[nudges.Digest], now: datetime, gate: asyncio.Semaphore) -> int:
        """One owner's digests, in order."""
        return sum([await self._deliver(d, now, gate) for d in digests])

    async def _deliver(self, digest: nudges.Digest, now: datetime, gate: asyncio.Semaphore) -> int:
        store = self.engine.store
        owner = await store.owner(digest.owner)
        if owner is None:
            await nudges.finish(store, digest, now, ok=False, error="no such owner", permanent=True)
            return 0
        msg = nudges.to_message(digest, owner.last_platform or "", owner.last_chat_id or "")
        async with gate:
            try:
                await asyncio.wait_for(self.send(msg), self.send_timeout_s)
            except DeliveryError as err:
                return await self._failed(digest, now, err)
            except Exception as err:  # broad on purpose: the per-owner boundary; retried like a transient error
                logger.exception("sending nudges to %s failed", digest.owner)
                return await self._failed(digest, now, DeliveryError(type(err).__name__))
        await nudges.finish(store, digest, now, ok=True)
        return 1

    async def _failed(self, digest: nudges.Digest, now: datetime, err: DeliveryError) -> int:
        store = self.engine.store
        if err.permanent and digest.part == "notice":  # e.g. the owner's own account is a console one
            await nudges.finish(store, digest, now, ok=False, error=str(err), permanent=True)
            logger.warning("a notice for %s cannot be delivered (%s)", digest.owner, err)
        elif err.permanent:
            await nudges.finish(store, digest, now, ok=False, error=str(err), permanent=True)
            await store.update_owner(digest.owner, blocked_at=now.isoformat())
            logger.warning("owner %s cannot be reached (%s): their nudges are stopped", digest.owner, err)
        elif digest.attempts >= self.max_attempts:
            await nudges.finish(store, digest, now, ok=False, error=str(err), permanent=True)
            logger.warning("gave up on %s for %s after %s (%s)", plural(len(digest.nudges), "nudge"),
                           digest.owner, plural(digest.attempts, "attempt"), err)
        else:
            delay = max(err.retry_after or 0, self.retry_base_s * 2 ** (digest.attempts - 1))
            await nudges.finish(store, digest, now, ok=False, error=str(err),
                                retry_at=now + timedelta(seconds=delay))
            logger.info("nudges for %s not delivered (%s); retry in %ss", digest.owner, err, delay)
        return 0

    async def _job(self) -> None:
        try:
            await self.run_once()
        except Exception:  # broad on purpose: the per-tick boundary; the next tick starts over from SQLite
            logger.exception("nudge tick failed")

    def start(self) -> None:
        """Start the one-minute tick in the running event loop; the first tick runs at once."""
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._scheduler.add_job(self._job, "interval", seconds=self.interval_s, id="memoro-nudges",
                                coalesce=True, max_instances=1, misfire_grace_time=int(self.interval_s),
                                next_run_time=datetime.now(UTC))
        self._scheduler.start()
        logger.info("nudge scheduler started (every %ss)", self.interval_s)

    @property
    def job(self):
        """The APScheduler job while started, else None."""
        return self._scheduler.get_job("memoro-nudges") if self._scheduler else None

    async def stop(self) -> None:
        """Let a tick in progress finish, then stop ticking. (APScheduler's asyncio executor
        cancels running jobs on shutdown: a tick cancelled between a send and its mark would
        send that nudge again after the restart.)"""
        async with self._lock:
            if self._scheduler is not None and self._scheduler.running:
                self._scheduler.shutdown(wait=False)
            self._scheduler = None
