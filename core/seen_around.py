"""When someone was never logged as met, but came up at a meeting: "braai at kwame's flat, his
cousin efua just moved back" logs a meeting with Kwame and a note on Efua. Asked "where did i
see efua" or "when did i last see efua", the honest answer is that no meeting with Efua is on
record, and the meeting she came up at: one on the day a note on her was written, with one of
her relatives, or whose own note names her.
"""

from __future__ import annotations

import logging
from datetime import date

from core import format as fmt
from core.records import Contact
from core.repositories import Store
from core.text import fold

logger = logging.getLogger(__name__)

MAX_NOTES = 10


async def came_up_at(store: Store, owner: str, c: Contact, today: date | None = None) -> str | None:
    """A line naming the meeting `c` came up at, or None."""
    notes = await store.notes(owner, c.id, ("news", "fact"), MAX_NOTES)
    if not notes:
        return None
    kin = {r.contact.id for r in await store.relatives(owner, c.id)}
    kin |= {r.contact.id for r in await store.relative_of(owner, c.id)}
    first = fold(c.name).split()[0]
    for day in sorted({n.on for n in notes}, reverse=True):
        for meeting, people in await store.interactions_between(owner, day, day):
            others = [p for p in people if p.id != c.id]
            if others and (any(p.id in kin for p in others) or first in fold(meeting.note).split()):
                where = f" at {meeting.place}" if meeting.place else ""
                return (f"I don't have a meeting with {c.name} on record, but {c.name} came up when you saw "
                        f"{fmt.join([p.name for p in others])} {fmt.day(meeting.on, today)}{where}. ({meeting.note})")
    return None
