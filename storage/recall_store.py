"""Reads for recall (the brief, looking back, losing touch): relations with the day they were
said, and every day the owner was in touch with each contact.

A relation row carries the message that said it; its day is that message's (or, for one that
came from an import or a restore with no message, the day the person was added). The contact
days are one indexed join over the meeting log, oldest first, so losing touch reads the whole
log in one query rather than one per person.
"""

from __future__ import annotations

from datetime import date

from core.records import Contact, Note
from storage.unit_of_work import Repo


class RecallRepo(Repo):
    """Mixed into SqliteStore (needs `self.db`)."""

    async def relations_said(self, owner: str, contact_id: int) -> list[tuple[str, Contact, bool, date | None]]:
        """(relation, other person, True when the other is the contact's relative, day said), both ways:
        "Maria is Sam's wife" is ("wife", Maria, True, day); "Sam is Leo's dad" is ("dad", Leo, False, day)."""
        rows = await self._rows(
            "SELECT r.relation, r.contact_id = ? AS mine, o.id, o.name, coalesce(m.at, o.created_at) AS said"
            " FROM relationships r JOIN contacts o ON o.id = CASE WHEN r.contact_id = ? THEN r.relative_id"
            " ELSE r.contact_id END LEFT JOIN messages m ON m.id = r.source_message_id"
            " WHERE r.owner = ? AND (r.contact_id = ? OR r.relative_id = ?) ORDER BY r.id",
            (contact_id, contact_id, owner, contact_id, contact_id))
        return [(r[0], Contact(r[2], r[3]), bool(r[1]), _day(r[4])) for r in rows]

    async def imported_notes(self, owner: str, contact_id: int, limit: int = 20) -> list[Note]:
        """The contact's notes that came with an imported file (a vCard's NOTE, a CSV's notes column),
        newest first: kind 'fact' notes written by a file sent in the chat or by no message at all
        (`memoro import`), not the ones a text wrote beside the facts it restates."""
        rows = await self._rows(
            "SELECT n.id, n.contact_id, n.text, n.noted_on, n.kind FROM notes n LEFT JOIN messages m"
            " ON m.id = n.source_message_id WHERE n.owner = ? AND n.contact_id = ? AND n.hidden = 0"
            " AND n.kind = 'fact' AND (m.id IS NULL OR m.text LIKE '[file: %')"
            " ORDER BY n.noted_on DESC, n.id DESC LIMIT ?", (owner, contact_id, limit))
        return [Note(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4]) for r in rows]

    async def contact_days(self, owner: str) -> list[tuple[Contact, date]]:
        """Every (contact, day) the owner met, called or texted someone, oldest first, once a day each."""
        rows = await self._rows(
            "SELECT DISTINCT c.id, c.name, i.occurred_on FROM interactions i JOIN interaction_people p"
            " ON p.interaction_id = i.id JOIN contacts c ON c.id = p.contact_id WHERE i.owner = ?"
            " ORDER BY i.occurred_on, c.id", (owner,))
        return [(Contact(r[0], r[1]), date.fromisoformat(r[2])) for r in rows]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
