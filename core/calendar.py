"""Answers from the calendar: birthdays coming up, whom the owner met in a range of days
("who did I see last week?", newest first), and whom they have not seen for longest ("who
haven't I seen in a while?"), read from the meeting log."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from core import contact_kinds
from core import format as fmt
from core.intents import QuestionIntent
from core.repositories import Store
from core.understand.names import fold
from core.understand.ranges import date_range

logger = logging.getLogger(__name__)


async def upcoming(store: Store, k: str, today: date, days: int = 30, start: date | None = None,
                   end: date | None = None) -> str:
    """The owner's birthdays in the next `days` days (or from `start` to `end`: "next month"),
    soonest first, with the age they turn."""
    start, end = (start, end) if start and end else (today, today + timedelta(days=days))
    span = f"in the next {fmt.plural(days, 'day')}" if start == today and end == today + timedelta(days=days) else (
        f"from {fmt.day(start)} to {fmt.day(end)}")
    soon = []
    for c, value in await store.birthdays(k):
        nxt = next_birthday(value, start)
        if nxt <= end:
            soon.append((nxt, c, value))
    if not soon:
        return f"No birthdays {span}."
    soon.sort(key=lambda t: (t[0], t[1].name))
    lines = [f"Birthdays {span}:"]
    for nxt, c, value in soon:
        age = f", turns {nxt.year - int(value[:4])}" if len(value) == 10 else ""
        ahead = (nxt - today).days
        when = "today" if not ahead else "tomorrow" if ahead == 1 else f"in {ahead} days"
        lines.append(f"• {fmt.day(nxt)}: {c.name} ({when}{age})")
    return "\n".join(lines)


async def seen_between(store: Store, k: str, q: QuestionIntent, today: date) -> str:
    """Who the owner met in the days `q` asks about, from the meeting log (a model's question may
    leave the days out: then they are read from its words, else the past week)."""
    start, end = (q.start, q.end) if q.start and q.end else date_range(fold(q.query), today) or (
        today - timedelta(days=7), today)
    span = fmt.day(start) if start == end else f"{fmt.day(start)} – {fmt.day(end)}"
    logged = await store.interactions_between(k, start, end)
    kinds = contact_kinds.asked(q.query)  # "who did I see": meetings; "who did I talk to": calls too
    met = [(i, cs) for i, cs in logged if i.kind in kinds]
    if not met:
        other = list(dict.fromkeys(c.name for _, cs in logged for c in cs))
        also = f" (you were in touch with {fmt.join(other)} by phone or text)" if other else ""
        return f"I have no {'meetings' if kinds == contact_kinds.MET else 'contact'} on record for {span}{also}."
    people = list(dict.fromkeys(c.name for _, cs in met for c in cs))
    verb = "saw" if kinds == contact_kinds.MET else "talked to" if kinds == contact_kinds.ANY else (
        "called" if "call" in kinds else "texted")
    lines = [f"You {verb} {fmt.join(people)} ({span}):"]
    for i, cs in met[:12]:
        where = f" at {i.place}" if i.place else ""
        lines.append(f"• {fmt.day(i.on, today)}: {fmt.join([c.name for c in cs])}{where} — {i.note}")
    return "\n".join(lines)


def next_birthday(value: str, today: date) -> date:
    month, day = int(value[-5:-3]), int(value[-2:])
    for year in (today.year, today.year + 1, today.year + 2):
        try:
            d = date(year, month, day)
        except ValueError:
            d = date(year, 2, 28)  # Feb 29 in a common year
        if d >= today:
            return d
    return today
