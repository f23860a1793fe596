"""Several `memoro run` workers sharing the load: one database, one Chroma server, N processes.

    Telegram --webhook, spread by a load balancer--> any worker: store (unique external id) -> 200
             (or one poller that stores)                 |
                                                         v kick(owner)
    worker: claim the owner's lease (a row: who, until when) -> handle the owner's pending
            messages oldest first, one at a time -> send each reply -> release the lease

Every worker runs the same code (`MEMORO_WORKER_ID` names it and switches this on); nothing
that must agree lives in a process's memory:

* Storing: an update is written to the message log before Telegram is answered 200; the log's
  unique (owner, platform, external id) makes a redelivery, to any worker, the same row.
* Order and once: an owner's messages are handled by the worker holding the owner's lease, oldest
  first, one at a time, so "he" and a "yes" keep their context whichever worker stored them. The
  lease is taken with one conditional upsert (storage/lease_store.py), taken afresh before each
  message and renewed every third of its length while held, and released when the owner has
  nothing left; a worker that stores a
  message for an owner another worker holds leaves it to that worker (or, if it has just let
  go, to the next scan). The engine re-reads a message's status before handling it, and its
  "handled" mark and stored reply are one unit of work.
* A worker that dies (kill -9) stops renewing; its leases expire after `MEMORO_LEASE_SECONDS`
  and the next scan (every `scan_s`) of any worker finds its owners: pending messages are handled
  (a half-done one has its writes undone first, core/engine.py), and replies it owed are sent
  from the stored reply (`reply_states`: `handling` -> `sending` -> `sent`). A reply whose send
  had begun when the worker died (`sending`) is sent again: at least once, so a reply caught in
  that window can arrive twice; one whose send had not begun arrives once.
* Nudges: claims are rows with a unique key claimed in a transaction (storage/nudge_store.py),
  which holds across processes; a worker does not release claims at start (they may be a live
  worker's), so a dead worker's claims are retried after the claim timeout.
* Links and rate limits: links are rows already; the rate limit counts in the database
  (`SharedGuard`), so N workers allow one owner `MEMORO_RATE_LIMIT_PER_MINUTE`, not N times it.
* Caches: a worker drops what it cached of an owner (the contact list) when it takes the lease.
  What "same for X" repeats (the last statement, question or command) is in the database
  (core/last_asked.py), so it works whichever worker gets the next message.

* Fencing: each lease has an epoch, one more each time it is taken afresh; a worker records
  every reply state under the epoch it holds, and the store refuses the write (LeaseLost) once
  another worker has taken the owner over. So a worker whose event loop stopped for longer than
  its lease (a frozen VM, a blocking call) neither sends a reply its successor now owns (the
  `sending` mark comes before the platform call) nor overwrites its states; it drops the owner.
  A round that finds its own lease taken afresh reads what is owed again.

Limits: the fencing covers the reply states (and so the sends), not the engine's own writes: a
stalled worker that resumes inside the engine may still commit what the message said a second
time. Each lease is taken afresh before each message, a worker loads what the first message
would load before it takes anyone (`warm_up`), and a message that took longer than a lease is
logged. Discord keeps one gateway connection, so run Discord in one worker only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from core.clock import Clock, SystemClock
from core.errors import LeaseLost
from core.format import plural
from core.guard import WINDOW_S, Guard

logger = logging.getLogger(__name__)
SCAN_EVERY_S = 2.0
MAX_OWNERS = 32  # owners handled at once by one worker (each one's messages one at a time)
MAX_SENDS = 3  # sends begun for one reply before it is given up


class Handler(Protocol):
    """What the dispatcher needs from an adapter (bot/telegram_bot.py)."""

    platform: str

    async def stored(self, owner: str) -> list[tuple[Any, int, str | None]]:
        """The owner's pending messages on this platform, oldest first: (message, id, raw)."""

    async def handle_stored(self, msg: Any, mid: int, raw: str | None,
                            before_send: Callable[[], Awaitable[None]]) -> None:
        """Handle one stored message and send its replies (`before_send` awaited first)."""

    async def resend(self, thread: str, text: str) -> None:
        """Send a stored reply again."""


class Dispatcher:
    """`start()` / `await stop()`; `kick(owner)` when a message for `owner` was stored here."""

    def __init__(self, store: Any, handler: Handler, *, worker: str, lease_s: float = 30.0,
                 scan_s: float = SCAN_EVERY_S, limit: int = MAX_OWNERS, clock: Clock | None = None):
        self.store, self.handler, self.worker = store, handler, worker
        self.lease_s, self.scan_s = lease_s, scan_s
        self.clock = clock or SystemClock()
        self._slots = asyncio.Semaphore(limit)
        self._held: dict[str, float] = {}  # owner -> loop time its lease was taken
        self._epochs: dict[str, int] = {}  # owner -> the epoch of the lease held (the fencing token)
        self._draining: dict[str, asyncio.Task[None]] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def _now(self) -> datetime:
        return self.clock.now().astimezone(UTC)

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._scan_forever(), name="workers-scan"),
                       asyncio.create_task(self._renew_forever(), name="workers-renew")]
        logger.info("worker %s: sharing the load (leases of %ss)", self.worker, self.lease_s)

    async def stop(self, grace_s: float = 10) -> None:
        """Stop looking for work, let the owners being handled finish (up to `grace_s`), then
        release every lease so that other workers take over at once."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._draining:
            _, late = await asyncio.wait(set(self._draining.values()), timeout=grace_s)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        for owner in list(self._held):
            await self._release(owner)
        self._held.clear()

    def kick(self, sender: str) -> None:
        """A message from `sender` was stored: handle it here unless its owner is busy elsewhere."""
        task = asyncio.create_task(self._kicked(sender), name=f"kick-{sender}")
        self._tasks.append(task)
        task.add_done_callback(self._forget_task)

    def _forget_task(self, task: asyncio.Task[None]) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    async def _kicked(self, sender: str) -> None:
        try:
            self.take(await self.store.resolve_owner(sender))
        except Exception:  # broad on purpose: the next scan finds the message
            logger.exception("looking up the owner of a stored message failed")

    def take(self, owner: str) -> None:
        """Handle `owner`'s waiting work in a task of its own (unless one is running)."""
        if owner in self._draining:
            return
        task = asyncio.create_task(self._drain(owner), name=f"owner-{owner}")
        self._draining[owner] = task
        task.add_done_callback(lambda _: self._draining.pop(owner, None))

    async def scan(self) -> int:
        """Take the owners with waiting work that no worker holds; returns how many."""
        found = 0
        for owner in await self.store.owners_waiting(self.handler.platform, self._now()):
            if owner not in self._draining:
                self.take(owner)
                found += 1
        return found

    async def idle(self) -> None:
        """Wait until the owners taken so far are done (tests)."""
        while self._draining:
            await asyncio.wait(set(self._draining.values()))

    async def _scan_forever(self) -> None:
        while True:
            try:
                if found := await self.scan():
                    logger.debug("worker %s took %s", self.worker, plural(found, "waiting owner"))
            except Exception:  # broad on purpose: retried next round
                logger.exception("looking for waiting messages failed")
            await asyncio.sleep(self.scan_s)

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(self.lease_s / 3)
            started = asyncio.get_running_loop().time()
            try:
                kept = set(await self.store.renew_leases(self.worker, self._now(), self.lease_s))
            except Exception:  # broad on purpose: retried next round; a lease that lapses is taken over
                logger.exception("renewing leases failed")
                continue
            for owner, since in list(self._held.items()):
                if owner not in kept and since < started:
                    logger.warning("worker %s lost the lease on %s: another worker handles them now",
                                   self.worker, owner)
                    self._held.pop(owner, None)

    async def _claim(self, owner: str) -> bool:
        epoch = await self.store.claim_owner(owner, self.worker, self._now(), self.lease_s)
        if epoch is None:
            return False
        self._held[owner] = asyncio.get_running_loop().time()
        self._epochs[owner] = epoch
        return True

    async def _drain(self, owner: str) -> None:
        """Hold `owner`'s lease while they have waiting work; handle it in order."""
        async with self._slots:
            try:
                if not await self._claim(owner):
                    return  # another worker has them
                tried: set[int] = set()
                while True:
                    while await self._round(owner, tried):
                        pass
                    if owner not in self._held:
                        return
                    await self.store.release_owner(owner, self.worker)
                    self._held.pop(owner, None)
                    # stored between our last look and the release, while others saw us holding it
                    if not await self._waiting(owner, tried) or not await self._claim(owner):
                        return
            except Exception:  # broad on purpose: the owner's boundary; the next scan retries
                logger.exception("worker %s: handling %s's messages failed", self.worker, owner)
            finally:
                if self._held.pop(owner, None) is not None:
                    await asyncio.shield(self._release(owner))

    async def _release(self, owner: str) -> None:
        try:
            await self.store.release_owner(owner, self.worker)
        except Exception:  # broad on purpose: the lease expires anyway
            logger.exception("releasing the lease on %s failed", owner)

    async def _waiting(self, owner: str, tried: set[int]) -> bool:
        pending = [mid for _, mid, _ in await self.handler.stored(owner)]
        opened = [mid for mid, _, _ in await self.store.open_replies(owner)]
        return any(mid not in tried for mid in pending + opened)

    async def _round(self, owner: str, tried: set[int]) -> bool:
        """Owed replies and pending messages of `owner`, oldest first; True if any was done."""
        epoch = self._epochs.get(owner)
        owed = {mid: (state, sends) for mid, state, sends in await self.store.open_replies(owner)}
        pending = {mid: (msg, raw) for msg, mid, raw in await self.handler.stored(owner)}
        did = False
        for mid in sorted(set(owed) | set(pending)):
            if mid in tried:
                continue
            if owner not in self._held or not await self._claim(owner):  # a full lease for each message
                self._held.pop(owner, None)
                return False  # the lease lapsed: whoever holds it now carries on
            if self._epochs[owner] != epoch:
                return True  # taken afresh: what was owed and pending may have changed meanwhile, read again
            tried.add(mid)
            did = True
            try:
                if mid in pending:
                    await self._handle(owner, mid, *pending[mid])
                else:
                    await self._owed(owner, mid, *owed[mid])
            except LeaseLost:
                logger.warning("worker %s: the lease on %s was taken over while message %s was handled: "
                               "its state is left to the new holder", self.worker, owner, mid)
                self._held.pop(owner, None)
                return False
            except Exception:  # broad on purpose: one message's failure; it stays waiting for a later round
                logger.exception("worker %s: message %s of %s failed", self.worker, mid, owner)
        return did

    async def _state(self, owner: str, mid: int, state: str) -> int:
        """Record the reply's state under the lease's epoch: LeaseLost if another worker took over."""
        return int(await self.store.set_reply_state(mid, owner, state, self.worker, self._now(),
                                                    epoch=self._epochs[owner]))

    async def _handle(self, owner: str, mid: int, msg: Any, raw: str | None) -> None:
        await self._state(owner, mid, "handling")

        async def sending() -> None:
            await self._state(owner, mid, "sending")

        started = asyncio.get_running_loop().time()
        await self.handler.handle_stored(msg, mid, raw, sending)
        await self._state(owner, mid, "sent")
        if (took := asyncio.get_running_loop().time() - started) > self.lease_s:
            logger.warning("worker %s: message %s took %.0f s, longer than a lease: another worker may have "
                           "taken %s over meanwhile (raise MEMORO_LEASE_SECONDS)", self.worker, mid, took, owner)

    async def _owed(self, owner: str, mid: int, state: str, sends: int) -> None:
        """A reply a worker owed when it stopped: `mid` was handled, its reply is stored."""
        reply = await self.store.reply_to(mid)
        if reply is None or sends >= MAX_SENDS:
            logger.warning("the reply to message %s of %s cannot be sent (%s): given up", mid, owner,
                           "not stored" if reply is None else plural(sends, "attempt"))
            await self._state(owner, mid, "dropped")
            return
        text, _, thread = reply
        if state == "sending":
            logger.warning("the reply to message %s of %s may have been sent before its worker stopped: "
                           "sending it again", mid, owner)
        await self._state(owner, mid, "sending")
        await self.handler.resend(thread, text)
        await self._state(owner, mid, "sent")


async def warm_up(engine: Any) -> None:
    """Load what the first message would load on the event loop (the tagger, dates, the vector
    index), off it, before this worker takes anyone: a loop blocked for longer than a lease lets
    another worker take over people whose messages this one is still handling."""
    from core.understand.rules import Context, RuleUnderstander

    def understand_once() -> None:
        ctx = Context(now=datetime.now(UTC), known=[], focus=None)
        asyncio.run(RuleUnderstander().understand("had lunch with maya at the park yesterday", ctx))

    await asyncio.to_thread(understand_once)
    if ready := getattr(engine.index, "ready", None):
        try:
            await ready()
        except Exception:  # broad on purpose: search opens it later, and says so if it fails
            logger.exception("opening the vector index failed")


class SharedGuard(Guard):
    """The allow-list and rate limit of `Guard`, the limit counted in the shared database."""

    def __init__(self, store: Any, *, allowed_users: str = "", per_minute: int = 0):
        super().__init__(allowed_users=allowed_users, per_minute=per_minute)
        self.store = store

    @classmethod
    def shared(cls, settings: Any, store: Any) -> SharedGuard:
        return cls(store, allowed_users=settings.allowed_users, per_minute=settings.rate_limit_per_minute)

    async def check(self, owner: str) -> str | None:
        if self.per_minute <= 0:
            return None
        now = datetime.now(UTC)
        allowed, frees, told = await self.store.take_rate_slot(owner, now, WINDOW_S, self.per_minute)
        if allowed:
            return None
        if told:
            return ""
        return self.slow_down(((frees or now) - now).total_seconds())
