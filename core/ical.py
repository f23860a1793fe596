"""An owner's dates as an iCalendar file (RFC 5545): `memoro export --format ics`, `/export ics`
and the subscription feed (bot/calendar_feed.py) all come from `ics` below.

What goes in is what the data model holds: birthdays (the current `birthday` fact, `YYYY-MM-DD`
or `MM-DD`), the other yearly dates (anniversaries, death days, name days: the same all-day
yearly events; an anniversary known only by its year is left out), keep-in-touch reminders and
the open one-off follow-ups (a short event at their moment, UTC). A birthday is an all-day event recurring yearly. All-day
dates are floating (the same day in every time zone, as a birthday is), starting on the birth
date when the year is known and in 2000 otherwise (a leap year, so every date exists). Feb 29
recurs as the last day of February (`BYMONTH=2;BYMONTHDAY=-1`): Feb 29 in leap years, Feb 28 in
common years, the day Memoro's own answers and nudges use; a plain yearly rule on Feb 29 would
skip three years in four (RFC 5545 3.3.10). A keep-in-touch reminder is a short event at the
owner's nudge time in the owner's zone (with its VTIMEZONE; a bare UTC offset is written in UTC),
recurring every N days from when it is next due: the later of when it was set and the last
meeting, plus N. UIDs are stable (`birthday-<contact id>@memoro`), so a subscribed calendar
updates its events instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from icalendar.enums import TRANSP

from core import format as fmt
from core import yearly as years
from core.clock import zone
from core.errors import MemoroError
from core.records import Contact, OneOff
from core.repositories import Store

logger = logging.getLogger(__name__)

PRODID = "-//Memoro//Memoro birthdays and keep-in-touch//EN"
NAME = "Memoro: birthdays and keep in touch"
REFRESH = timedelta(hours=6)  # how often a subscribed calendar should fetch the feed again
FOLLOW_UP_MINUTES = 15
_UNKNOWN_YEAR = 2000  # a leap year: Feb 29 exists


@dataclass(frozen=True)
class FollowUp:
    """A keep-in-touch reminder as a series: due on `due`, then every `every_days`."""

    contact: Contact
    every_days: int
    due: date

    def next_on(self, today: date) -> date:
        """The first date of the series on or after `today`."""
        if self.due >= today:
            return self.due
        behind = (today - self.due).days
        return self.due + timedelta(days=-(-behind // self.every_days) * self.every_days)


async def follow_ups(store: Store, owner: str) -> list[FollowUp]:
    """The owner's active keep-in-touch reminders, each due N days after the later of when it
    was set and the last meeting with the person."""
    out = []
    for r in await store.reminders(owner):
        anchor = date.fromisoformat(r.since[:10])
        if seen := await store.interactions(owner, r.contact.id, limit=1):
            anchor = max(anchor, seen[0].on)
        out.append(FollowUp(r.contact, r.every_days, anchor + timedelta(days=r.every_days)))
    return out


def birthday_start(value: str) -> tuple[date, bool]:
    """(first date of the series, whether the year is the birth year) for '1990-03-03' or '03-03'."""
    parts = [int(p) for p in value.split("-") if p]
    month, day = parts[-2], parts[-1]
    if len(parts) == 3:
        try:
            return date(parts[0], month, day), True
        except ValueError:  # e.g. 1991-02-29 typed by hand: keep the day, drop the year
            pass
    return date(_UNKNOWN_YEAR, month, day), False


def birthday_event(contact: Contact, value: str, stamp: datetime) -> Event:
    start, known_year = birthday_start(value)
    ev = Event.new(uid=f"birthday-{contact.id}@memoro", summary=f"{fmt.possessive(contact.name)} birthday",
                   start=start, end=start + timedelta(days=1), stamp=stamp, transparency=TRANSP.TRANSPARENT,
                   categories=["Birthday"],
                   description=f"Born {start.year}." if known_year else "Birth year unknown.")
    rule: dict[str, str | int] = {"freq": "yearly"}
    if (start.month, start.day) == (2, 29):  # Feb 28 in common years
        rule.update(bymonth=2, bymonthday=-1)
    ev.add("rrule", rule)
    return ev


def follow_up_event(f: FollowUp, tz: str, hour: int, minute: int, stamp: datetime) -> Event:
    where = zone(tz)
    start = datetime.combine(f.due, time(hour, minute), tzinfo=where)
    if not isinstance(where, ZoneInfo):  # '+05:30': no VTIMEZONE to name, so UTC
        start = start.astimezone(UTC)
    ev = Event.new(uid=f"keep-in-touch-{f.contact.id}@memoro", summary=f"Check in with {f.contact.name}",
                   start=start, end=start + timedelta(minutes=FOLLOW_UP_MINUTES), stamp=stamp,
                   transparency=TRANSP.TRANSPARENT, categories=["Keep in touch"],
                   description=f"Keep in touch every {f.every_days} days (Memoro moves this when you meet).")
    ev.add("rrule", {"freq": "daily", "interval": f.every_days})
    return ev


def yearly_event(contact: Contact, kind: str, value: str, stamp: datetime) -> Event:
    """An anniversary, death day or name day: all-day, yearly, like a birthday."""
    start, known_year = birthday_start(value)
    label = {"anniversary": f"{fmt.possessive(contact.name)} anniversary", "death": f"{contact.name} died",
             "nameday": f"{fmt.possessive(contact.name)} name day"}[kind]
    ev = Event.new(uid=f"{kind}-{contact.id}@memoro", summary=label, start=start, end=start + timedelta(days=1),
                   stamp=stamp, transparency=TRANSP.TRANSPARENT, categories=[kind.capitalize()],
                   description=f"Since {start.year}." if known_year else "Year unknown.")
    rule: dict[str, str | int] = {"freq": "yearly"}
    if (start.month, start.day) == (2, 29):
        rule.update(bymonth=2, bymonthday=-1)
    ev.add("rrule", rule)
    return ev


def one_off_event(f: OneOff, stamp: datetime) -> Event:
    """A one-off follow-up ("remind me fri to call sam"): a short event at its moment, in UTC."""
    start = f.due_at.astimezone(UTC)
    return Event.new(uid=f"followup-{f.id}@memoro", summary=f.text[:1].upper() + f.text[1:], start=start,
                     end=start + timedelta(minutes=FOLLOW_UP_MINUTES), stamp=stamp, categories=["Follow-up"],
                     description=f"About {f.name}." if f.name else "A Memoro reminder.")


def build(birthdays: list[tuple[Contact, str]], follow: list[FollowUp], *, tz: str, hour: int, minute: int,
          stamp: datetime, uid: str = "memoro", yearly: Sequence[tuple[Contact, str, str]] = (),
          one_offs: Sequence[OneOff] = ()) -> Calendar:
    """The calendar of these birthdays and keep-in-touch series (pure: no store, no clock)."""
    cal = Calendar.new(prodid=PRODID, name=NAME, refresh_interval=REFRESH, uid=uid)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-published-ttl", "PT6H")  # REFRESH-INTERVAL as Apple and Outlook read it
    stamp = stamp.astimezone(UTC)
    for contact, value in sorted(birthdays, key=lambda t: (t[1][-5:], t[0].name)):
        try:
            cal.add_component(birthday_event(contact, value, stamp))
        except (ValueError, IndexError):  # a malformed stored value must not sink the whole calendar
            logger.warning("birthday of contact %s is not a date; left out of the calendar", contact.id)
    for f in sorted(follow, key=lambda f: (f.due, f.contact.name)):
        cal.add_component(follow_up_event(f, tz, hour, minute, stamp))
    for contact, kind, value in yearly:
        try:
            cal.add_component(yearly_event(contact, kind, value, stamp))
        except (ValueError, IndexError, KeyError):
            logger.warning("%s of contact %s is not a date; left out of the calendar", kind, contact.id)
    for one_off in one_offs:
        cal.add_component(one_off_event(one_off, stamp))
    cal.add_missing_timezones()
    return cal


async def ics(store: Store, owner: str, now: datetime) -> bytes:
    """The owner's calendar file."""
    row = await store.owner(owner)
    if row is None:
        raise MemoroError(f"no address book for {owner}")
    cal = build(await store.birthdays(owner), await follow_ups(store, owner), tz=row.tz, hour=row.nudge_hour,
                minute=row.nudge_minute, stamp=now,
                uid="memoro-" + hashlib.sha256(owner.encode()).hexdigest()[:16],  # stable, names no one
                yearly=[(Contact(cid, name), kind, value) for cid, name, kind, value in await store.yearly_between(owner)
                        if kind in years.OTHER and years.month_day(value)],
                one_offs=await store.followups(owner))
    data: bytes = cal.to_ical()
    return data
