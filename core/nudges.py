"""What is due: birthday and keep-in-touch nudges, each claimed exactly once.

The due work lives in SQLite. Each tick covers a window of time, from the last tick the
store recorded to `now`. Owners are grouped by schedule (time zone, nudge hour and minute,
lead days); for each group this module works out in Python the local days whose nudge moment
(09:00 local by default, computed with zoneinfo, so DST days and half-hour zones are exact)
falls inside the window, and one indexed query returns the birthdays of those groups on those
days (Feb 29 birthdays fall on Feb 28 in common years). A usual one-minute tick touches only
the groups whose nudge minute it is. Keep-in-touch reminders are checked for the same groups,
due once the cadence has passed since the last interaction, the reminder's start or the last
nudge.

Downtime: a nudge whose local day is still today when the bot comes back is sent as usual.
After a longer outage, one that ran past the end of the birthday's local day, the missed
birthdays of the last CATCH_UP_DAYS local days (yesterday) go together into one catch-up
section of the owner's digest ("While I was offline..."); older ones are stale and skipped,
and missed heads-ups are dropped (the day's own nudge still comes). A tick, the first one
of a fresh database included, looks back at most CATCH_UP_DAYS + 1 days.

Claims are keyed (owner, person, kind, occurrence) and a claimed-but-unfinished nudge is
re-claimed after CLAIM_TIMEOUT_S, so a restart, two ticks in one minute or a crash between
claim and send neither drops nor repeats one. Several nudges for one owner make one digest.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from core import format as fmt
from core.clock import zone
from core.errors import UnknownTimeZone
from core.messages import OutgoingMessage

logger = logging.getLogger(__name__)

CATCH_UP_DAYS = 1  # a missed birthday is still told the next local day, not later
CLAIM_TIMEOUT_S = 600
EXPIRE_S = 20 * 3600  # a nudge not delivered within this is abandoned: "today" would be wrong


@dataclass
class Nudge:
    owner: str
    contact_id: int
    kind: str  # birthday | birthday_soon | keep_in_touch
    occurrence: str
    text: str
    attempts: int = 1
    late: bool = False


@dataclass
class Digest:
    owner: str
    nudges: list[Nudge] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return max((n.attempts for n in self.nudges), default=0)

    @property
    def text(self) -> str:
        now = [n.text for n in self.nudges if not n.late]
        late = [n.text for n in self.nudges if n.late]
        parts = []
        if len(now) == 1:
            parts.append(now[0])
        elif now:
            parts.append("Good morning! Here's who to think of today:\n" + "\n".join(f"• {t}" for t in now))
        if late:
            parts.append("While I was offline, I missed telling you:\n" + "\n".join(f"• {t}" for t in late))
        return "\n\n".join(parts)


def observed(day: date) -> list[str]:
    """The 'MM-DD' birthdays celebrated on `day`: Feb 29 ones on Feb 28 in common years."""
    mds = [f"{day.month:02d}-{day.day:02d}"]
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        mds.append("02-29")
    return mds


def slot_days(tz: str, hour: int, minute: int, since: datetime, now: datetime) -> list[date]:
    """Local days whose nudge moment hour:minute in `tz` falls in (since, now]."""
    z = zone(tz)
    day, last = since.astimezone(z).date(), now.astimezone(z).date()
    out = []
    while day <= last:
        # UTC on both sides: aware datetimes sharing a tzinfo compare by wall time otherwise
        at = datetime.combine(day, time(hour, minute), z).astimezone(UTC)
        if since < at <= now:
            out.append(day)
        day += timedelta(days=1)
    return out


async def window(store, now: datetime, catch_up_days: int = CATCH_UP_DAYS) -> datetime:
    """The start of the tick ending at `now`: the last tick, at most `catch_up_days` + 1 back."""
    earliest = now - timedelta(days=catch_up_days + 1)
    last = await store.last_tick()
    return min(now, max(last or earliest, earliest))


async def find(store, now: datetime, since: datetime) -> tuple[list[tuple], set[tuple]]:
    """The nudges due in (since, now] and not yet claimed: (owner, contact id, kind,
    occurrence, text) rows, and the keys of the late (catch-up) ones. Reads only."""
    slots, groups, meta, gmeta = [], [], {}, {}
    for tz, hour, minute, leads in await store.nudge_groups():
        try:
            days = slot_days(tz, hour, minute, since, now)
        except UnknownTimeZone:
            logger.warning("owners with unknown time zone %r are not nudged", tz)
            continue
        if not days:
            continue
        today = now.astimezone(zone(tz)).date()
        lead_days = [int(d) for d in leads.split(",") if d]
        gmeta[len(groups)] = today
        groups.append((len(groups), tz, hour, minute, leads, max(days).isoformat()))
        for day in days:
            late = day < today
            if (today - day).days > CATCH_UP_DAYS:
                continue
            for lead in ([0] if 0 in lead_days else []) if late else lead_days:
                target = day + timedelta(days=lead)
                kind, occ = ("birthday", target.isoformat()) if lead == 0 else \
                    ("birthday_soon", f"{target.isoformat()}/{lead}d")
                spec = len(meta)
                meta[spec] = (target, lead, late, today)
                slots.extend((spec, tz, hour, minute, leads, md, kind, occ) for md in observed(target))
    births = await store.due_birthdays(slots)
    seen = await store.last_news([(r[1], r[2]) for r in births if meta[r[0]][1] == 0])
    rows, late = [], set()
    for i, owner, cid, name, value in births:
        target, lead, is_late, today = meta[i]
        text = _birthday_text(name, value, target, lead, is_late, today, seen.get((owner, cid)))
        row = (owner, cid, "birthday" if lead == 0 else "birthday_soon",
               target.isoformat() if lead == 0 else f"{target.isoformat()}/{lead}d", text)
        rows.append(row)
        if is_late:
            late.add(row[:4])
    for i, owner, cid, name, every, anchor, due in await store.due_keep_in_touch(groups):
        since_days = (gmeta[i] - date.fromisoformat(anchor)).days
        text = f"⏰ Time to check in with {name}: it's been {since_days} days (since {fmt.day(date.fromisoformat(anchor))})."
        rows.append((owner, cid, "keep_in_touch", due, text))
    return rows, late


async def collect(store, now: datetime) -> list[Digest]:
    """Claim every nudge due by `now` (and every one due for a retry), one digest per owner."""
    now = now.astimezone(UTC)
    since = await window(store, now)
    rows, late = await find(store, now, since)
    claimed = await store.claim_nudges(rows, now, timeout_s=CLAIM_TIMEOUT_S, expire_s=EXPIRE_S)
    digests: dict[str, Digest] = {}
    for owner, cid, kind, occ, text, attempts in claimed:
        nudge = Nudge(owner, cid, kind, occ, text, attempts, (owner, cid, kind, occ) in late)
        digests.setdefault(owner, Digest(owner)).nudges.append(nudge)
    if claimed:
        logger.info("claimed %s nudges for %s owners", len(claimed), len(digests))
    return list(digests.values())


def _birthday_text(name: str, value: str, target: date, lead: int, late: bool, today: date,
                   seen: tuple[date, str] | None) -> str:
    age = target.year - int(value[:4]) if len(value) == 10 else None
    when = fmt.day(target)
    if late:
        text = f"🎂 {fmt.possessive(name)} birthday was on {when}" + (f" (turned {age})." if age else ".")
    elif lead:
        soon = "tomorrow" if lead == 1 else f"in {lead} days"
        text = f"🎈 {fmt.possessive(name)} birthday is {soon} ({when})" + (f": turning {age}." if age else ".")
    elif age:
        text = f"🎂 {name} turns {age} today!"
    else:
        text = f"🎂 It's {fmt.possessive(name)} birthday today!"
    if seen:
        text += f" Last time ({fmt.day(seen[0])}): {seen[1]}"
    return text


async def finish(store, digest: Digest, now: datetime, ok: bool, error: str | None = None, *,
                 retry_at: datetime | None = None, permanent: bool = False) -> None:
    """Mark a digest's nudges sent; or failed, retried from `retry_at` (default: after the claim
    timeout); or, when `permanent`, dead: never retried."""
    keys = [(n.owner, n.contact_id, n.kind, n.occurrence) for n in digest.nudges]
    if ok:
        await store.finish_nudges(keys, "sent", now)
    elif permanent:
        await store.finish_nudges(keys, "dead", now, error=error)
    else:
        await store.finish_nudges(keys, "failed", now, error=error,
                                  retry_at=retry_at or now + timedelta(seconds=CLAIM_TIMEOUT_S))


def to_message(digest: Digest, platform: str = "", chat_id: str = "") -> OutgoingMessage:
    return OutgoingMessage(owner=digest.owner, text=digest.text, platform=platform, chat_id=chat_id)
