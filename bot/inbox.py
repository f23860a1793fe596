"""Handling stored messages concurrently across people, in order for each person, bounded.

    adapter: store (Engine.receive) -> Inbox.submit(sender, message id, job) -> a worker per
    busy sender runs its jobs one after another; at most `limit` jobs run at once

The adapters store a message before they tell the platform it arrived, then hand the job here:
one slow message (a model that hangs) holds up only its sender's later messages. A message id
already queued or running is not queued again (a redelivery while the first is still waiting).
`backlog` bounds what is queued in memory: `room()` waits until there is space, so a polling
loop fetches no more than can be held; nothing is lost by waiting, since what is not fetched
is still on the platform and what is fetched is stored. `sweep()` (on start and on a timer)
queues whatever the message log still holds as pending: what a crash left behind.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)
SWEEP_EVERY_S = 60.0


class Inbox:
    """`submit` jobs per sender; `close()` lets running jobs finish (up to a grace period)."""

    def __init__(self, run: Callable[..., Awaitable[None]], *, limit: int = 32, backlog: int = 1000):
        self.run = run  # awaited with each job's arguments
        self.limit, self.backlog = limit, backlog
        self._queues: dict[str, deque] = {}
        self._known: set = set()  # message ids queued or running
        self._slots = asyncio.Semaphore(limit)
        self._workers: set[asyncio.Task] = set()
        self._changed = asyncio.Event()

    def __len__(self) -> int:
        """Jobs queued or running."""
        return len(self._known)

    def submit(self, sender: str, mid, *args) -> bool:
        """Queue `run(*args)` after `sender`'s earlier jobs; False if `mid` is already in."""
        if mid in self._known:
            return False
        self._known.add(mid)
        queue = self._queues.get(sender)
        if queue is not None:
            queue.append((mid, args))
            return True
        self._queues[sender] = deque([(mid, args)])
        worker = asyncio.create_task(self._work(sender), name=f"inbox-{sender}")
        self._workers.add(worker)
        worker.add_done_callback(self._workers.discard)
        return True

    async def room(self) -> None:
        """Wait until fewer than `backlog` jobs are queued or running."""
        while len(self._known) >= self.backlog:
            self._changed.clear()
            await self._changed.wait()

    async def idle(self) -> None:
        """Wait until every job submitted so far has run (tests, shutdown)."""
        while self._workers:
            await asyncio.wait(set(self._workers))

    async def close(self, grace_s: float = 10) -> None:
        """Let running jobs finish for up to `grace_s`, then cancel the rest: they stay pending in
        the message log and are handled after the next start."""
        if self._workers:
            _, late = await asyncio.wait(set(self._workers), timeout=grace_s)
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
                logger.warning("stopped with %d people's messages unhandled: handled after the next start", len(late))

    async def _work(self, sender: str) -> None:
        queue = self._queues[sender]
        try:
            while queue:
                mid, args = queue[0]
                try:
                    async with self._slots:
                        await self.run(*args)
                except Exception:  # broad on purpose: one job's failure must not stop this sender's next ones
                    logger.exception("handling message %s failed", mid)
                finally:
                    queue.popleft()
                    self._known.discard(mid)
                    self._changed.set()
        finally:
            del self._queues[sender]


async def sweep_forever(sweep: Callable[[], Awaitable[int]], every_s: float = SWEEP_EVERY_S) -> None:
    """Call `sweep` (queue what the log holds as pending) every `every_s` seconds."""
    while True:
        await asyncio.sleep(every_s)
        try:
            if found := await sweep():
                logger.info("found %d stored messages not handled yet: handling them", found)
        except Exception:  # broad on purpose: retried next round
            logger.exception("looking for pending messages failed")
