"""Linked accounts: several platform keys (`telegram:1`, `discord:9`) sharing one address book.

An alias row maps a platform key to the owner key whose address book it uses; a key with no
row is its own owner. `/link` stores a one-time code for the owner, `/link CODE` on another
account consumes it (deleted in the same statement that reads it, so it works once) and adds
the alias. The aliased account's own earlier data stays under its own key, untouched, and is
its address book again after `/unlink`. Wrong codes are counted per account that sends them
(`link_failures`: how many since when); the count starts again once its window has passed
and is cleared by a right code. Times are UTC ISO strings so they compare as text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.unit_of_work import Repo, writes


class IdentityRepo(Repo):
    """Mixed into SqliteStore (needs `self.db`)."""

    async def resolve_owner(self, key: str) -> str:
        """The owner key whose address book `key` uses (itself unless linked)."""
        rows = await self._rows("SELECT owner FROM owner_aliases WHERE alias = ?", (key,))
        return rows[0][0] if rows else key

    @writes
    async def add_link_code(self, owner: str, code: str, expires: datetime, *, now: datetime) -> None:
        """`code` for `owner` until `expires`, replacing the owner's older code; codes expired by
        `now` (the caller's clock, never the wall clock) are dropped."""
        await self.db.execute("DELETE FROM link_codes WHERE owner = ? OR expires_at < ?",
                              (owner, _utc(now)))
        await self.db.execute("INSERT INTO link_codes (code, owner, expires_at) VALUES (?, ?, ?)",
                              (code, owner, _utc(expires)))

    @writes
    async def take_link_code(self, code: str, now: datetime) -> str | None:
        """The owner who made `code`, if it exists and has not expired; the code is used up."""
        rows = await self._rows(
            "DELETE FROM link_codes WHERE code = ? RETURNING owner, expires_at", (code,))
        if not rows or rows[0][1] < _utc(now):
            return None
        made_by: str = rows[0][0]
        return made_by

    async def link_failures(self, account: str, now: datetime, window: timedelta) -> tuple[int, datetime | None]:
        """(wrong codes `account` sent in the current window, when that window ends)."""
        rows = await self._rows("SELECT failures, since FROM link_failures WHERE account = ?",
                                              (account,))
        if not rows or datetime.fromisoformat(rows[0][1]) + window <= now:
            return 0, None
        return rows[0][0], datetime.fromisoformat(rows[0][1]) + window

    @writes
    async def add_link_failure(self, account: str, now: datetime, window: timedelta) -> int:
        """Count one wrong code from `account` (a new window if the last one has passed);
        returns the count in the window."""
        rows = await self._rows(
            "INSERT INTO link_failures (account, failures, since) VALUES (?, 1, ?) ON CONFLICT (account) DO UPDATE"
            " SET failures = CASE WHEN link_failures.since <= ? THEN 1 ELSE link_failures.failures + 1 END,"
            " since = CASE WHEN link_failures.since <= ? THEN excluded.since ELSE link_failures.since END"
            " RETURNING failures",
            (account, _utc(now), _utc(now - window), _utc(now - window)))
        failures: int = rows[0][0]
        return failures

    @writes
    async def clear_link_failures(self, account: str) -> None:
        await self.db.execute("DELETE FROM link_failures WHERE account = ?", (account,))

    @writes
    async def link(self, alias: str, owner: str, now: datetime) -> None:
        """`alias` (and any account already linked to it) now uses `owner`'s address book."""
        await self.db.execute("UPDATE owner_aliases SET owner = ? WHERE owner = ?", (owner, alias))
        await self.db.execute("INSERT OR REPLACE INTO owner_aliases (alias, owner, linked_at) VALUES (?, ?, ?)",
                              (alias, owner, _utc(now)))

    @writes
    async def unlink(self, key: str) -> list[str]:
        """Undo links of `key`: its own alias, or, for an owner, every account linked to it."""
        rows = await self._rows(
            "DELETE FROM owner_aliases WHERE alias = ? OR owner = ? RETURNING alias", (key, key))
        return sorted(r[0] for r in rows)


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()
