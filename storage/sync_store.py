"""What `memoro sync carddav` remembers of each card of an owner's CardDAV address book.

One row per card (owner, address book URL, href): its UID and ETag, the person it is linked to,
and the fields each side had at the last sync, as JSON (core/carddav_sync.py compares them with
both sides now to tell who edited what). The person is a foreign key with ON DELETE SET NULL: a
person forgotten in Memoro (or an import undone) leaves the link with no person, which the sync
reads as "leave this card alone". These rows are sync state, not the owner's data: they are not
exported, and they are written outside the journaled import, after it has committed.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from core.records import CardLink
from storage.unit_of_work import Repo, writes

logger = logging.getLogger(__name__)


class CardSyncRepo(Repo):
    """Mixed into SqliteStore (needs `self.db`)."""

    async def card_links(self, owner: str, book: str) -> list[CardLink]:
        rows = await self._rows(
            "SELECT href, uid, etag, contact_id, state, server, memoro FROM carddav_cards"
            " WHERE owner = ? AND book = ? ORDER BY id", (owner, book))
        return [CardLink(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6])) for r in rows]

    @writes
    async def save_card_links(self, owner: str, book: str, links: list[CardLink], now: datetime) -> None:
        """Insert or update each link (by href)."""
        at = now.astimezone(UTC).isoformat()
        await self.db.executemany(
            "INSERT INTO carddav_cards (owner, book, href, uid, etag, contact_id, state, server, memoro, synced_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, book, href) DO UPDATE SET"
            " uid = excluded.uid, etag = excluded.etag, contact_id = excluded.contact_id, state = excluded.state,"
            " server = excluded.server, memoro = excluded.memoro, synced_at = excluded.synced_at",
            [(owner, book, k.href, k.uid, k.etag, k.contact_id, k.state, json.dumps(k.server or {}),
              json.dumps(k.memoro or {}), at) for k in links])
