"""Calendar feed tokens: one secret per owner, the only key to `/calendar/<token>.ics`.

The token is the whole credential (the URL names no owner), so it is long and random, made by
the caller with `secrets`; a new one replaces the old, which stops working at once. It is not
part of an export: it is a credential, not the owner's data.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storage.unit_of_work import Repo, writes


class CalendarRepo(Repo):
    """Mixed into SqliteStore (needs `self.db`)."""

    async def calendar_token(self, owner: str) -> str | None:
        rows = await self._rows("SELECT token FROM calendar_feeds WHERE owner = ?", (owner,))
        return rows[0][0] if rows else None

    @writes
    async def set_calendar_token(self, owner: str, token: str, now: datetime) -> None:
        """`token` is now the owner's feed token; any earlier one stops working."""
        await self.db.execute(
            "INSERT INTO calendar_feeds (owner, token, created_at) VALUES (?, ?, ?) ON CONFLICT (owner)"
            " DO UPDATE SET token = excluded.token, created_at = excluded.created_at",
            (owner, token, now.astimezone(UTC).isoformat()))

    @writes
    async def drop_calendar_token(self, owner: str) -> bool:
        cur = await self.db.execute("DELETE FROM calendar_feeds WHERE owner = ?", (owner,))
        return cur.rowcount > 0

    async def calendar_owner(self, token: str) -> str | None:
        """The owner whose feed `token` opens, or None."""
        if not token:
            return None
        rows = await self._rows("SELECT owner FROM calendar_feeds WHERE token = ?", (token,))
        return rows[0][0] if rows else None
