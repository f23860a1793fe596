"""What several workers on one database share (bot/workers.py): owner leases, reply states, the
rate limit.

A lease row (owner, worker, expires_at, epoch) says which worker handles an owner's messages
until when; its epoch, one more each time the lease is taken afresh, is the fencing token that
reply-state writes are checked against. Taking one is a single upsert that succeeds only if the row is free, expired or already
this worker's, so two workers can never both hold it; renewing extends only live leases (one
that expired may already be someone else's); releasing deletes only the caller's own row. A
worker killed with its leases loses them when they expire, and `owners_waiting` then shows its
owners (pending messages, or replies not known to be sent) to whoever looks next.

A reply state row per handled message (`handling` -> `sending` -> `sent`) is what lets a
worker taking over an owner finish a dead worker's answers: a message already handled whose
reply is not marked sent has its stored reply (the bot row whose `reply_to` is that message)
sent again; `attempts` counts the sends begun, so a reply that may have gone out twice (the
worker died during the platform call) is known.

The rate limit: every message an owner sends (linked accounts share one owner key) is a row in
`rate_hits`; the slot is counted and taken in one unit of work, so workers agree on the count.
`rate_owners` remembers when an owner was last told to slow down; its row is taken first, which
on PostgreSQL locks it, so two workers counting for one owner take turns. Times are UTC ISO strings, which
compare as text.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from core.errors import LeaseLost
from storage.unit_of_work import Repo, writes

logger = logging.getLogger(__name__)


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


class LeaseRepo(Repo):
    """Mixed into SqliteStore (needs `self.db`; drops `self._contacts[owner]` where there is that cache)."""

    @writes
    async def claim_owner(self, owner: str, worker: str, now: datetime, ttl_s: float) -> int | None:
        """Take (or extend) the lease on `owner`'s messages for `ttl_s`: its epoch (the fencing
        token, 1 or more: the same while `worker` keeps a live lease, one more whenever it is
        taken afresh), or None if another worker holds a live one. A new holder drops what it
        cached of the owner (another worker may have changed it meanwhile)."""
        now_s = _utc(now)
        rows = await self._rows(
            "INSERT INTO owner_leases (owner, worker, expires_at, epoch) VALUES (?, ?, ?, 1) ON CONFLICT (owner)"
            " DO UPDATE SET worker = excluded.worker, expires_at = excluded.expires_at, epoch = CASE"
            " WHEN owner_leases.worker = excluded.worker AND owner_leases.expires_at > ? THEN owner_leases.epoch"
            " ELSE owner_leases.epoch + 1 END"
            " WHERE owner_leases.worker = excluded.worker OR owner_leases.expires_at <= ? RETURNING epoch",
            (owner, worker, _utc(now + timedelta(seconds=ttl_s)), now_s, now_s))
        if rows and (cache := getattr(self, "_contacts", None)) is not None:
            cache.pop(owner, None)
        return int(rows[0][0]) if rows else None

    @writes
    async def renew_leases(self, worker: str, now: datetime, ttl_s: float) -> list[str]:
        """Extend every live lease of `worker`; returns the owners it still holds."""
        rows = await self._rows(
            "UPDATE owner_leases SET expires_at = ? WHERE worker = ? AND expires_at > ? RETURNING owner",
            (_utc(now + timedelta(seconds=ttl_s)), worker, _utc(now)))
        return sorted(r[0] for r in rows)

    @writes
    async def release_owner(self, owner: str, worker: str) -> None:
        """Let go of `owner` if `worker` holds it: the row stays, expired, so the epoch goes on."""
        await self.db.execute("UPDATE owner_leases SET expires_at = '' WHERE owner = ? AND worker = ?", (owner, worker))

    async def owners_waiting(self, platform: str, now: datetime, limit: int = 100) -> list[str]:
        """Owners with messages on `platform` pending or answers not known to be sent, whom no
        worker holds a live lease on; the longest waiting first."""
        rows = await self._rows(
            "WITH w (owner, first) AS ("
            "  SELECT owner, min(id) FROM messages WHERE role = 'user' AND status = 'received' AND platform = ?"
            "  GROUP BY owner"
            "  UNION ALL SELECT owner, min(message_id) FROM reply_states WHERE state IN ('handling', 'sending') GROUP BY owner)"
            " SELECT owner FROM w WHERE NOT EXISTS (SELECT 1 FROM owner_leases l WHERE l.owner = w.owner"
            " AND l.expires_at > ?) GROUP BY owner ORDER BY min(first) LIMIT ?", (platform, _utc(now), limit))
        return [r[0] for r in rows]

    async def open_replies(self, owner: str) -> list[tuple[int, str, int]]:
        """(message id, state, sends begun) of `owner`'s replies not known to be sent, oldest first."""
        rows = await self._rows(
            "SELECT message_id, state, attempts FROM reply_states WHERE owner = ? AND state IN ('handling', 'sending')"
            " ORDER BY message_id", (owner,))
        return [(r[0], r[1], r[2]) for r in rows]

    @writes
    async def set_reply_state(self, message_id: int, owner: str, state: str, worker: str, now: datetime, *,
                              epoch: int | None = None) -> int:
        """Record where the reply to `message_id` is (`handling`, `sending`, `sent`); entering
        `sending` counts one more send begun. Returns the sends begun.

        With `epoch` (the fencing token `claim_owner` gave), the write is made only if `worker`
        still holds that epoch of the owner's lease, else LeaseLost is raised: a worker that
        stalled past its lease cannot mark a reply another worker has taken over. The lease row
        is updated (to itself) first, which on PostgreSQL locks it until this unit of work ends,
        so a takeover waits for this write or this write sees the takeover, never both.
        """
        if epoch is not None:
            held = await self._rows(
                "UPDATE owner_leases SET epoch = epoch WHERE owner = ? AND worker = ? AND epoch = ? RETURNING epoch",
                (owner, worker, epoch))
            if not held:
                raise LeaseLost(owner)
        more = 1 if state == "sending" else 0
        rows = await self._rows(
            "INSERT INTO reply_states (message_id, owner, state, attempts, worker, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET state = excluded.state,"
            " attempts = reply_states.attempts + ?, worker = excluded.worker, updated_at = excluded.updated_at"
            " RETURNING attempts", (message_id, owner, state, more, worker, _utc(now), more))
        return int(rows[0][0])

    async def reply_to(self, message_id: int) -> tuple[str, str, str] | None:
        """(text, platform, thread) of the stored reply to message `message_id`, if there is one."""
        rows = await self._rows(
            "SELECT text, platform, thread FROM messages WHERE reply_to = ? AND role = 'bot' ORDER BY id LIMIT 1",
            (message_id,))
        return (rows[0][0], rows[0][1], rows[0][2]) if rows else None

    @writes
    async def take_rate_slot(self, owner: str, now: datetime, window_s: float,
                             per_window: int) -> tuple[bool, datetime | None, bool]:
        """Count one message from `owner` if fewer than `per_window` came in the last `window_s`.

        Returns (allowed, when the oldest counted message leaves the window, whether the owner was
        already told to slow down in this window); a refusal records that they are being told."""
        start = _utc(now - timedelta(seconds=window_s))
        # the owner's row first: on PostgreSQL its row lock queues other workers counting for this owner
        rows = await self._rows(
            "INSERT INTO rate_owners (owner) VALUES (?) ON CONFLICT (owner) DO UPDATE SET owner = excluded.owner"
            " RETURNING told_at", (owner,))
        told = rows[0][0] is not None and rows[0][0] > start
        await self.db.execute("DELETE FROM rate_hits WHERE owner = ? AND at <= ?", (owner, start))
        rows = await self._rows("SELECT count(*), min(at) FROM rate_hits WHERE owner = ?", (owner,))
        count, oldest = rows[0][0], rows[0][1]
        if count < per_window:
            await self.db.execute("INSERT INTO rate_hits (owner, at) VALUES (?, ?)", (owner, _utc(now)))
            if told:
                await self.db.execute("UPDATE rate_owners SET told_at = NULL WHERE owner = ?", (owner,))
            return True, None, False
        if not told:
            await self.db.execute("UPDATE rate_owners SET told_at = ? WHERE owner = ?", (_utc(now), owner))
        frees = datetime.fromisoformat(oldest) + timedelta(seconds=window_s) if oldest else None
        return False, frees, told
