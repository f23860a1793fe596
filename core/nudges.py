"""What is due: birthday, yearly-date, follow-up, keep-in-touch and digest nudges, each
claimed exactly once.

The due work lives in SQLite. Each tick covers a window of time, from the last tick the
store recorded to `now`. Owners are grouped by schedule (time zone, nudge hour and minute,
lead days); for each group this module works out in Python the local days whose nudge moment
(09:00 local by default, computed with zoneinfo, so DST days and half-hour zones are exact)
falls inside the window, and one indexed query returns the birthdays of those groups on those
days (Feb 29 birthdays fall on Feb 28 in common years). A usual one-minute tick touches only
the groups whose nudge minute it is. Keep-in-touch reminders are checked for the same groups,
due once the cadence has passed since the last interaction, the reminder's start or the last
nudge.

Late and missed birthdays: a birthday is due from its nudge moment until the end of the next
local day (CATCH_UP_DAYS), which is all a tick of `memoro replay` or the console looks back.
The running scheduler (`bot/scheduler.py`) looks back as far as its last recorded tick, up to
DOWNTIME_DAYS: the birthdays whose moment passed while it was down arrive as ONE catch-up
message per owner ("While I was away, I missed telling you: 🎂 Ana's birthday was yesterday
(Mar 3)."), sent apart from that morning's own nudges; older ones are skipped, and missed
heads-ups are dropped (the day's own nudge still comes). A fresh database (no tick recorded)
looks back CATCH_UP_DAYS + 1 days only, so contacts imported before the first start do not
make a catch-up.

The other yearly dates (anniversaries, death days, name days, `core.yearly`) come from the
same query and the same lead days as birthdays (nudge kind = fact kind, `_soon` ahead); a date
shared by several people (a wedding anniversary stored on both) is worded once, naming them
all (`nudge_text` is the one place a yearly nudge is worded). One-off follow-ups
(`core.followups`) are due at their own moment, not the nudge time, and stay due until sent
(up to DOWNTIME_DAYS back); one sent more than LATE_FOLLOWUP after its moment goes in the
catch-up. The Monday digest (`core.digest`) is claimed at the owner's Monday nudge moment.
Person-less rows (follow-ups about no one, digests) use contact id 0, so that the unique key
still holds.

Claims are keyed (owner, person, kind, occurrence) and a claimed-but-unfinished nudge is
re-claimed after CLAIM_TIMEOUT_S, or at once by the first tick after a restart (`recover`), so
a restart, two ticks in one minute or a crash between claim and send neither drops nor
repeats one. A crash inside the send call itself (the platform accepted the message but the
process died before `finish` recorded it) sends it again after the restart: twice rather than
never. Notices (`queue_notice`, e.g. "an account linked to your address book") ride the same
claims and delivery. An owner's due nudges make one message per part: notices, today's nudges,
the catch-up.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from core import digest, followups, open_items, yearly
from core import format as fmt
from core.clock import zone
from core.errors import UnknownTimeZone
from core.messages import OutgoingMessage
from core.records import NudgeGroup, NudgeKey, NudgeRow, NudgeSlot
from core.repositories import Store

logger = logging.getLogger(__name__)

CATCH_UP_DAYS = 1  # a birthday is due until the end of the next local day (replay, console)
DOWNTIME_DAYS = 30  # the scheduler after downtime: missed birthdays up to this many days back
CLAIM_TIMEOUT_S = 600
EXPIRE_S = 20 * 3600  # a nudge not delivered within this is abandoned: "today" would be wrong
LATE_FOLLOWUP = timedelta(minutes=10)  # a follow-up sent later than this (downtime) goes in the catch-up


@dataclass
class Nudge:
    owner: str
    contact_id: int | None  # None for a notice (`queue_notice`)
    kind: str  # birthday | birthday_soon | keep_in_touch
    occurrence: str
    text: str
    attempts: int = 1
    late: bool = False


PARTS = ("notice", "today", "weekly", "missed")  # an owner's messages of one tick, in this order
MISSED = "While I was away, I missed telling you:"


@dataclass
class Digest:
    """One message to one owner: their notices, today's nudges, or the catch-up of missed ones."""

    owner: str
    nudges: list[Nudge] = field(default_factory=list)
    part: str = "today"

    @property
    def attempts(self) -> int:
        return max((n.attempts for n in self.nudges), default=0)

    @property
    def text(self) -> str:
        texts = [n.text for n in self.nudges if n.text]  # a shared anniversary is worded once
        if self.part in ("notice", "weekly"):
            return "\n\n".join(texts)
        if self.part == "missed":  # oldest first
            texts = [n.text for n in sorted(self.nudges, key=lambda n: (n.occurrence, n.text)) if n.text]
            return f"{MISSED} {texts[0]}" if len(texts) == 1 else MISSED + "\n" + "\n".join(f"• {t}" for t in texts)
        if len(texts) == 1:
            return texts[0]
        return "Good morning! Here's who to think of today:\n" + "\n".join(f"• {t}" for t in texts)


def part_of(nudge: Nudge) -> str:
    if nudge.kind in ("notice", "digest"):
        return "notice" if nudge.kind == "notice" else "weekly"
    return "missed" if nudge.late else "today"


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


async def window(store: Store, now: datetime, catch_up_days: int = CATCH_UP_DAYS) -> datetime:
    """The start of the tick ending at `now`: the last tick, at most `catch_up_days` + 1 back
    (CATCH_UP_DAYS + 1 when no tick was ever recorded)."""
    last = await store.last_tick()
    earliest = now - timedelta(days=(catch_up_days if last else CATCH_UP_DAYS) + 1)
    return min(now, max(last or earliest, earliest))


async def find(store: Store, now: datetime, since: datetime,
               catch_up_days: int = CATCH_UP_DAYS) -> tuple[list[NudgeRow], set[NudgeKey]]:
    """The nudges due in (since, now] and not yet claimed: (owner, contact id, kind,
    occurrence, text) rows, and the keys of the late (catch-up) ones. Reads only."""
    slots: list[NudgeSlot] = []
    groups: list[NudgeGroup] = []
    meta: dict[int, tuple[date, int, bool, date]] = {}  # spec -> (day, lead days, late, today)
    gmeta: dict[int, date] = {}  # group -> its today
    weekly: list[NudgeGroup] = []
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
            missed = day < today
            if (today - day).days > catch_up_days:
                continue
            for lead in ([0] if 0 in lead_days else []) if missed else lead_days:
                target = day + timedelta(days=lead)
                sfx, occ = ("", target.isoformat()) if lead == 0 else ("_soon", f"{target.isoformat()}/{lead}d")
                spec = len(meta)
                meta[spec] = (target, lead, missed, today)
                slots.extend((spec, tz, hour, minute, leads, md, sfx, occ) for md in observed(target))
            if day == today and day.weekday() == 0:  # Monday: the weekly digest of who asked for it
                weekly.append((len(groups) - 1, tz, hour, minute, leads, day.isoformat()))
    dates = await store.due_birthdays(slots)
    seen = await store.last_news([(r[1], r[2]) for r in dates if meta[r[0]][1] == 0 and r[5] == "birthday"])
    gifts = await store.gift_ideas([(r[1], r[2]) for r in dates if r[5] == "birthday"])  # one query, not one per birthday
    rows: list[NudgeRow] = []
    late: set[NudgeKey] = set()
    shared: dict[tuple[int, str, str, str], list[int]] = {}  # one anniversary of several people: worded once, naming them all
    cid: int | None  # a person's id below; a follow-up's may be None
    for n, (i, owner, cid, name, value, kind) in enumerate(dates):
        if kind != "birthday":
            shared.setdefault((i, owner, kind, value), []).append(n)
    for n, (i, owner, cid, name, value, kind) in enumerate(dates):
        target, lead, is_late, today = meta[i]
        group = shared.get((i, owner, kind, value), [n])
        names = [dates[g][3] for g in group]
        text = nudge_text(kind, names, value, target, lead, is_late, today, seen.get((owner, cid))) \
            if group[0] == n else ""
        if kind == "birthday":
            text += open_items.gift_line(gifts.get((owner, cid), []))  # "Gift ideas: ..."
        row = (owner, cid, kind if lead == 0 else f"{kind}_soon",
               target.isoformat() if lead == 0 else f"{target.isoformat()}/{lead}d", text)
        rows.append(row)
        if is_late:
            late.add(row[:4])
    # a follow-up stays due until it is sent (up to DOWNTIME_DAYS back), like a keep-in-touch reminder
    for owner, cid, fid, what, due_at, tz in await store.due_followups(now, now - timedelta(days=DOWNTIME_DAYS)):
        due = datetime.fromisoformat(due_at)
        is_late = now - due > LATE_FOLLOWUP
        row = (owner, cid or 0, "followup", str(fid), followups.nudge_text(what, due if is_late else None, tz))
        rows.append(row)
        if is_late:
            late.add(row[:4])
    for i, owner in await store.digest_owners(weekly):
        text = await digest.weekly(store, owner, gmeta[i], now)
        rows.append((owner, 0, "digest", gmeta[i].isoformat(), text))
    for i, owner, cid, name, every, anchor, due_on in await store.due_keep_in_touch(groups):
        since_days = (gmeta[i] - date.fromisoformat(anchor)).days
        text = f"⏰ Time to check in with {name}: it's been {fmt.plural(since_days, 'day')} (since {fmt.day(date.fromisoformat(anchor))})."
        rows.append((owner, cid, "keep_in_touch", due_on, text))
    return rows, late


async def collect(store: Store, now: datetime, catch_up_days: int = CATCH_UP_DAYS) -> list[Digest]:
    """Claim every nudge due by `now` (and every one due for a retry, notices included): one
    digest per owner and part, an owner's digests together in PARTS order. Birthdays missed up
    to `catch_up_days` back (since the last tick) are claimed for the catch-up part."""
    now = now.astimezone(UTC)
    since = await window(store, now, catch_up_days)
    rows, late = await find(store, now, since, catch_up_days)
    claimed = await store.claim_nudges(rows, now, timeout_s=CLAIM_TIMEOUT_S, expire_s=EXPIRE_S)
    if silent := [c for c in claimed if not c[4]]:  # the partner's half of a shared anniversary already told
        await store.finish_nudges([c[:4] for c in silent], "sent", now)
    claimed = [c for c in claimed if c[4]]
    digests: dict[tuple[str, str], Digest] = {}
    for owner, cid, kind, occ, text, attempts in claimed:
        nudge = Nudge(owner, cid, kind, occ, text, attempts, (owner, cid, kind, occ) in late)
        part = part_of(nudge)
        digests.setdefault((owner, part), Digest(owner, part=part)).nudges.append(nudge)
    if claimed:
        logger.info("claimed %s for %s", fmt.plural(len(claimed), "nudge"),
                    fmt.plural(len({o for o, _ in digests}), "owner"))
    return [digests[k] for k in sorted(digests, key=lambda k: (k[0], PARTS.index(k[1])))]


async def recover(store: Store, now: datetime) -> int:
    """At start-up: claims an earlier process left unfinished (it crashed between claim and
    `finish`) are due at once instead of after CLAIM_TIMEOUT_S. Returns how many."""
    n = await store.release_nudge_claims(now)
    if n:
        logger.warning("%s left unfinished by the last run will be sent now (one whose send had "
                       "already reached the chat arrives twice)", fmt.plural(n, "nudge"))
    return n


async def queue_notice(store: Store, owner: str, text: str, now: datetime) -> None:
    """A one-off message for `owner`, delivered by the next tick like a nudge."""
    await store.queue_notice(owner, text, now)


def _birthday_text(name: str, value: str, target: date, lead: int, late: bool, today: date,
                   seen: tuple[date, str] | None) -> str:
    age = target.year - int(value[:4]) if len(value) == 10 else None
    when = fmt.day(target)
    if late:
        ago = fmt.day(target, today)  # "yesterday (May 4)", "Sunday, May 3 (2 days ago)"
        on = "" if ago.startswith("yesterday") else "on "
        text = f"🎂 {name} turned {age} {on}{ago}." if age else f"🎂 {fmt.possessive(name)} birthday was {on}{ago}."
    elif lead:
        soon = "tomorrow" if lead == 1 else f"in {fmt.plural(lead, 'day')}"
        text = f"🎈 {fmt.possessive(name)} birthday is {soon} ({when})" + (f": turning {age}." if age else ".")
    elif age:
        text = f"🎂 {name} turns {age} today!"
    else:
        text = f"🎂 It's {fmt.possessive(name)} birthday today!"
    if seen:
        text += f" Last time ({fmt.day(seen[0])}): {seen[1]}"
    return text


def nudge_text(kind: str, names: list[str], value: str, target: date, lead: int, late: bool, today: date,
               seen: tuple[date, str] | None = None) -> str:
    """The one place a yearly date's nudge is worded: a birthday (with the last news of the
    person) or another yearly date (an anniversary names everyone it belongs to)."""
    if kind == "birthday":
        return _birthday_text(names[0], value, target, lead, late, today, seen)
    return yearly.nudge_text(kind, names, value, target, lead, late, today)


async def finish(store: Store, digest: Digest, now: datetime, ok: bool, error: str | None = None, *,
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
    """The message for the owner's last chat; a notice goes to the owner's own account (the
    platform of the owner key, its user id as the chat), not to a linked account's chat."""
    if digest.part == "notice" and ":" in digest.owner:
        platform, chat_id = digest.owner.partition(":")[0], ""
    return OutgoingMessage(owner=digest.owner, text=digest.text, platform=platform, chat_id=chat_id)
