"""What the conversation remembers between an owner's messages, kept in the database.

One row per owner in `last_asked`: the last statement, question about someone or command
naming someone (as core/last_asked.py writes it, JSON), which "same for X" repeats for another
person. It lives in the database rather than in a process, since with several workers the next
message may reach another worker. Written with an upsert; read by key.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from storage.unit_of_work import Repo, writes

logger = logging.getLogger(__name__)


class ConversationRepo(Repo):
    """Mixed into SqliteStore (and so PostgresStore)."""

    async def last_asked(self, owner: str) -> str | None:
        """What `owner` last asked, said or ran about someone, as stored; None if nothing yet."""
        rows = await self._rows("SELECT what FROM last_asked WHERE owner = ?", (owner,))
        what: str | None = rows[0][0] if rows else None
        return what

    @writes
    async def set_last_asked(self, owner: str, what: str, now: datetime) -> None:
        """Remember `what` (replacing the previous one) for `owner`."""
        await self.db.execute(
            "INSERT INTO last_asked (owner, what, at) VALUES (?, ?, ?) ON CONFLICT (owner) DO UPDATE"
            " SET what = excluded.what, at = excluded.at", (owner, what, now.astimezone(UTC).isoformat()))
