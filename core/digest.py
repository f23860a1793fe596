"""The Monday digest: this week's dates, who is overdue for a check-in, the open follow-ups.

An owner turns it on with `/digest on`; the nudge tick (core/nudges.py) claims it once per
Monday at the owner's nudge time in their zone (kind 'digest', occurrence the Monday) and
this module words it from what the store holds at that moment. A digest missed during
downtime is not sent late: by then the week it describes has moved on.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from core import followups, yearly
from core import format as fmt
from core.repositories import Store

logger = logging.getLogger(__name__)

WEEK = 7


async def weekly(store: Store, owner_key: str, monday: date, now: datetime) -> str:
    """The digest text for the week starting `monday` (the owner's local date)."""
    owner = await store.owner(owner_key)
    tz = owner.tz if owner else "UTC"
    lines = ["🗓️ Your week ahead:"]
    dates = _this_week(await store.yearly_between(owner_key), monday)
    if dates:
        lines.append("Dates:")
        lines += [f"• {day:%a} {fmt.day(day)}: {text}" for day, text in dates]
    overdue = []
    for r in await store.reminders(owner_key):
        seen = await store.interactions(owner_key, r.contact.id, limit=1)
        anchor = max([date.fromisoformat(r.since[:10])] + [i.on for i in seen])
        if anchor + timedelta(days=r.every_days) <= monday:
            overdue.append(f"• {r.contact.name} (last {fmt.day(anchor, monday)}, every {fmt.plural(r.every_days, 'day')})")
    if overdue:
        lines.append("Time to check in:")
        lines += overdue
    items = [f for f in await store.followups(owner_key) if not f.sent]
    if items:
        lines.append("Open follow-ups:")
        lines += [f"• {followups.when(f.due_at, tz, now)}: {f.text}" for f in items[:10]]
    if len(lines) == 1:
        return "🗓️ Your week ahead: no dates, no one overdue, no open follow-ups. Enjoy it!"
    return "\n".join(lines)


def _this_week(rows: list[tuple[int, str, str, str]], monday: date) -> list[tuple[date, str]]:
    """The yearly dates falling Monday to Sunday, worded; a shared anniversary once."""
    out: dict[tuple[object, ...], tuple[date, list[str], str, str]] = {}
    for _cid, name, kind, value in rows:
        md = yearly.month_day(value)
        if md is None:
            continue
        for offset in range(WEEK):
            day = monday + timedelta(days=offset)
            if f"{day.month:02d}-{day.day:02d}" == md:
                key = (day, kind, value) if kind != "birthday" else (day, kind, value, name)
                out.setdefault(key, (day, [], kind, value))[1].append(name)
    worded = []
    for day, names, kind, value in sorted(out.values(), key=lambda t: (t[0], t[1])):
        if kind == "birthday":
            y = yearly.year(value)
            text = f"{fmt.possessive(names[0])} birthday" + (f" (turns {day.year - y})" if y else "")
        else:
            y = yearly.year(value)
            n = day.year - y if y and day.year > y else None
            label = {"anniversary": "anniversary", "nameday": "name day"}.get(kind)
            text = (f"{yearly.together(names)} {yearly.ordinal(n) + ' ' if n else ''}{label}" if label
                    else f"the day {fmt.join(names)} died" + (f" ({fmt.plural(n, 'year')})" if n else ""))
        worded.append((day, text))
    return worded
