"""What is due: birthday and keep-in-touch nudges, each claimed exactly once.

The due work lives in SQLite. One indexed query finds the current birthdays on the few
calendar days that can be "today" or "yesterday" somewhere on Earth; each is then checked in
its owner's time zone (due from the nudge hour, 09:00 by default, on the day, until the end
of the next local day; Feb 29 birthdays fall on Feb 28 in common years). Keep-in-touch nudges
are due once the cadence has passed since the last interaction (or the reminder, or the last
nudge). A nudge is claimed with a unique key (owner, person, kind, occurrence) before it is
composed; several due for one owner are sent as one digest.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from core import format as fmt
from core.clock import zone
from core.messages import OutgoingMessage


@dataclass
class Nudge:
    owner: str
    contact_id: int
    kind: str
    occurrence: str
    text: str


@dataclass
class Digest:
    owner: str
    nudges: list[Nudge] = field(default_factory=list)

    @property
    def text(self) -> str:
        if len(self.nudges) == 1:
            return self.nudges[0].text
        return "Good morning! Here's who to think of today:\n" + "\n".join(n.text for n in self.nudges)


def birthday_on(value: str, day: date) -> bool:
    month, dd = int(value[-5:-3]), int(value[-2:])
    if (month, dd) == (day.month, day.day):
        return True
    return (month, dd) == (2, 29) and not calendar.isleap(day.year) and (day.month, day.day) == (2, 28)


def _candidate_days(now: datetime) -> list[str]:
    utc = now.astimezone(zone("+00:00")).date()
    days = [utc + timedelta(days=d) for d in (-2, -1, 0, 1)]
    mds = {f"{d.month:02d}-{d.day:02d}" for d in days}
    if any((d.month, d.day) == (2, 28) and not calendar.isleap(d.year) for d in days):
        mds.add("02-29")
    return sorted(mds)


async def collect(store, now: datetime) -> list[Digest]:
    """Claim every nudge due by `now` and group them per owner."""
    digests: dict[str, Digest] = {}
    for b in await store.birthdays_on(_candidate_days(now)):
        local = now.astimezone(zone(b.tz))
        due_at = time(b.nudge_hour, b.nudge_minute)
        for day in (local.date(), local.date() - timedelta(days=1)):
            if not birthday_on(b.value, day) or (day == local.date() and local.time() < due_at):
                continue
            if await store.claim_nudge(b.owner, b.contact.id, "birthday", day.isoformat(), now):
                text = await _birthday_text(store, b.owner, b.contact, b.value, day)
                digests.setdefault(b.owner, Digest(b.owner)).nudges.append(
                    Nudge(b.owner, b.contact.id, "birthday", day.isoformat(), text))
    latest_local = (now + timedelta(hours=14)).date()
    for r in await store.keep_in_touch_candidates(latest_local):
        local = now.astimezone(zone(r.tz))
        due = r.anchor + timedelta(days=r.every_days)
        if due > local.date() or local.time() < time(9, 0) and due == local.date():
            continue
        if await store.claim_nudge(r.owner, r.contact.id, "keep_in_touch", due.isoformat(), now):
            since = (local.date() - r.anchor).days
            text = f"⏰ Time to check in with {r.contact.name}: it's been {since} days (since {fmt.day(r.anchor)})."
            digests.setdefault(r.owner, Digest(r.owner)).nudges.append(
                Nudge(r.owner, r.contact.id, "keep_in_touch", due.isoformat(), text))
    return list(digests.values())


async def _birthday_text(store, owner: str, contact, value: str, day: date) -> str:
    if len(value) == 10:
        text = f"🎂 {contact.name} turns {day.year - int(value[:4])} today!"
    else:
        text = f"🎂 It's {fmt.possessive(contact.name)} birthday today!"
    notes = await store.notes(owner, contact.id, ("news",), 1)
    seen = await store.interactions(owner, contact.id, limit=1)
    last = max([(n.on, n.text) for n in notes] + [(i.on, i.note) for i in seen], default=None)
    if last:
        text += f" Last time ({fmt.day(last[0])}): {last[1]}"
    return text


async def finish(store, digest: Digest, now: datetime, ok: bool, error: str | None = None) -> None:
    """Mark a digest's nudges sent, or failed (retried after the claim timeout)."""
    for n in digest.nudges:
        await store.finish_nudge(n.owner, n.contact_id, n.kind, n.occurrence, "sent" if ok else "failed",
                                 now, n.text, error)


def to_message(digest: Digest, platform: str = "", chat_id: str = "") -> OutgoingMessage:
    return OutgoingMessage(owner=digest.owner, text=digest.text, platform=platform, chat_id=chat_id)
