"""Losing touch: who the owner is drifting from, ranked by the time since the last contact
against the usual rhythm with that person, and a keep-in-touch offer.

The rhythm is learned from the log: the median gap between the distinct days the owner met,
called or texted someone (a median, so one long trip does not set it). Someone seen only once
gets `DEFAULT_RHYTHM` days, and no rhythm is shorter than `MIN_RHYTHM` (two lunches on
consecutive days are no weekly habit). A keep-in-touch reminder the owner set is their rhythm
instead: they said how often they want it. Someone is drifting once the days since the last
contact pass their rhythm; the list is ordered by how many rhythms have passed (a weekly friend
unseen for a month comes before a yearly one unseen for two months), then by days.

The offer is text ("say 'keep in touch with Maya every 3 weeks'"), a sentence the understanding
already reads as a reminder; `keep_in_touch` is the same as one plain function, for a button.
"""

from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass
from datetime import date, datetime

from core import choices
from core import format as fmt
from core.records import Contact
from core.repositories import Store
from core.understand.names import fold

logger = logging.getLogger(__name__)

DEFAULT_RHYTHM = 60  # days: the usual rhythm assumed for someone met once
MIN_RHYTHM = 14  # days: no learned rhythm is shorter
SHOWN = 5


@dataclass(frozen=True)
class Drift:
    contact: Contact
    last: date
    times: int  # distinct days in touch
    rhythm: int  # days
    learned: bool  # from the log (False: the default, or the owner's own reminder)
    reminder: int | None  # the owner's keep-in-touch cadence, if set
    since: int  # days since `last`

    @property
    def overdue(self) -> float:
        return self.since / self.rhythm


def rhythm_of(days: list[date]) -> int | None:
    """The median gap in days between distinct days (oldest first); None for fewer than two."""
    gaps = [(b - a).days for a, b in zip(days, days[1:]) if b > a]
    return max(MIN_RHYTHM, round(statistics.median(gaps))) if gaps else None


def every(days: int) -> tuple[int, str]:
    """A rhythm as a person says it: (3, "weeks"), (2, "months")."""
    if days < 14:
        return max(days, 1), "days"
    if days < 56:
        return round(days / 7), "weeks"
    return round(days / 30), "months"


def every_text(days: int) -> str:
    n, unit = every(days)
    return f"{n} {unit[:-1]}" if n == 1 else f"{n} {unit}"


async def drifts(store: Store, k: str, today: date) -> list[Drift]:
    """Everyone the owner has been in touch with, most overdue first."""
    days: dict[int, list[date]] = {}
    people: dict[int, Contact] = {}
    for c, on in await store.contact_days(k):
        if on <= today:
            days.setdefault(c.id, []).append(on)
            people[c.id] = c
    reminders = {r.contact.id: r.every_days for r in await store.reminders(k)}
    out = []
    for cid, seen in days.items():
        learned = rhythm_of(seen)
        rhythm = reminders.get(cid) or learned or DEFAULT_RHYTHM
        out.append(Drift(people[cid], seen[-1], len(seen), rhythm, learned is not None and cid not in reminders,
                         reminders.get(cid), (today - seen[-1]).days))
    out.sort(key=lambda d: (-d.overdue, -d.since, d.contact.name))
    return out


def _short_names(contacts: list[Contact]) -> dict[int, str]:
    """The name to say in an offer: the first name when no other contact shares it."""
    firsts: dict[str, int] = {}
    for c in contacts:
        firsts[fold(c.name).split()[0]] = firsts.get(fold(c.name).split()[0], 0) + 1
    return {c.id: c.name.split()[0] if firsts[fold(c.name).split()[0]] == 1 else c.name for c in contacts}


def offer(name: str, rhythm: int) -> str:
    """The sentence that sets a keep-in-touch reminder at this rhythm."""
    return f"keep in touch with {name} every {every_text(rhythm)}"


async def answer(store: Store, k: str, today: date) -> str:
    """ "who am I losing touch with?": the overdue people, with how long and their usual rhythm."""
    found = await drifts(store, k, today)
    if not found:
        return "I have no meetings on record yet — tell me when you see someone, and I'll learn your rhythm with them."
    late = [d for d in found if d.since > d.rhythm]
    if not late:
        d = max(found, key=lambda d: d.overdue)
        return (f"No one is overdue: you've been in touch with everyone within your usual rhythm. Closest to due: "
                f"{d.contact.name} (last {fmt.day(d.last, today)}, usually every {every_text(d.rhythm)}).")
    names = _short_names(await store.contacts(k))
    lines = ["Drifting, longest overdue first:"]
    for d in late[:SHOWN]:
        usual = ("your reminder: every " if d.reminder else "usually every " if d.learned else "seen once; I'd say every ")
        lines.append(f"• {d.contact.name} — last {fmt.day(d.last, year=d.last.year != today.year)}, "
                     f"{fmt.plural(d.since, 'day')} ago "
                     f"({usual}{every_text(d.rhythm)})")
    if len(late) > SHOWN:
        lines.append(f"  (+{len(late) - SHOWN} more)")
    top = next((d for d in late if d.reminder is None), None)
    if top is not None:
        lines.append(f"Want a nudge? Say \"{offer(names.get(top.contact.id, top.contact.name), top.rhythm)}\", or tap.")
        choices.offer([choices.Choice(f"Keep in touch with {names.get(top.contact.id, top.contact.name)}",
                                      "keep_in_touch", {"contact": top.contact.id, "every": top.rhythm})])
    return "\n".join(lines)


async def keep_in_touch(store: Store, k: str, contact_id: int, every_days: int, now: datetime,
                        source: int | None = None) -> str:
    """Set (or change) a keep-in-touch reminder, as one unit of work; returns the confirmation.
    For a button under the answer above: `every_days` is the `Drift.rhythm` it showed."""
    c = await store.contact(k, contact_id)
    if c is None:
        return "I don't have that person any more."
    every_days = max(1, min(3660, int(every_days)))
    async with store.transaction():
        await store.set_reminder(k, contact_id, every_days, now, source)
    return f"I'll nudge you to check in with {c.name} every {every_text(every_days)}."
