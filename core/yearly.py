"""Yearly dates: birthdays, wedding and other anniversaries, the day someone died, name days.

Each is a fact kind (core/facts.py) whose value is 'YYYY-MM-DD', 'MM-DD' (year unknown) or,
for an anniversary said only by its year ("married in 2015"), 'YYYY', which answers questions
but is not nudged until the day is known (`combined` keeps the year when the day comes later).
Storage keeps every yearly value's 'MM-DD' in `bday_md`, so one indexed query finds all the
yearly dates of a day. This module words them: `nudge_text` is the one place a nudge about a
yearly date is written (the birthday wording stays in `core.nudges`), and `answer` says when
one is. A shared anniversary ("sam and priya's anniversary") is stored on both people and
nudged once, naming both (`together`).
"""

from __future__ import annotations

import logging
import re
from datetime import date

from core import format as fmt
from core.records import Fact

logger = logging.getLogger(__name__)

KINDS = ("birthday", "anniversary", "death", "nameday")
OTHER = KINDS[1:]  # the yearly kinds beyond birthdays
WORDS = {"anniversary": "anniversary", "death": "the day {name} died", "nameday": "name day"}
EMOJI = {"anniversary": "💍", "death": "🕯️", "nameday": "🎉"}


def month_day(value: str) -> str | None:
    """'MM-DD' of a yearly value, None for a year alone."""
    return value[-5:] if re.fullmatch(r"(?:\d{4}-)?\d\d-\d\d", value or "") else None


def year(value: str) -> int | None:
    return int(value[:4]) if re.match(r"\d{4}(?:-|$)", value or "") else None


def combined(kind: str, old: str | None, new: str) -> str:
    """The value to store when `new` replaces `old`: a day said after the year alone ('2015' then
    '06-04') or a year said after the day keeps both ('2015-06-04')."""
    if kind not in OTHER or not old:
        return new
    if re.fullmatch(r"\d\d-\d\d", new) and re.fullmatch(r"\d{4}(?:-\d\d-\d\d)?", old):
        return f"{old[:4]}-{new}"
    if re.fullmatch(r"\d{4}", new) and month_day(old):
        return f"{new}-{old[-5:]}"
    return new


def shown(value: str) -> str:
    """'2015-06-04' -> 'Jun 4, 2015'; '06-04' -> 'Jun 4'; '2015' -> '2015'."""
    md = month_day(value)
    if md is None:
        return value
    y = year(value)
    return fmt.month_day(md) + (f", {y}" if y else "")


def together(names: list[str]) -> str:
    """'Sam' -> "Sam's"; ['Sam', 'Priya'] -> "Sam and Priya's"."""
    return fmt.possessive(fmt.join(names))


def nudge_text(kind: str, names: list[str], value: str, target: date, lead: int, late: bool, today: date) -> str:
    """The nudge for a yearly date other than a birthday (names: everyone it belongs to)."""
    y = year(value)
    n = target.year - y if y and target.year > y else None
    emoji, who = EMOJI[kind], together(names)
    if kind == "death":
        name = fmt.join(names)
        since = f"{fmt.plural(n, 'year')} since {name} died" if n else f"the day {name} died"
        if late:
            return f"{emoji} It was {since} {fmt.day(target, today)}."
        if lead:
            return f"{emoji} {'Tomorrow' if lead == 1 else 'In ' + fmt.plural(lead, 'day')} ({fmt.day(target)}) it's {since}."
        return f"{emoji} Today it's {since}."
    label = f"{ordinal(n)} {WORDS[kind]}" if n else WORDS[kind]
    if late:
        return f"{emoji} {who} {label} was {fmt.day(target, today)}."
    if lead:
        soon = "tomorrow" if lead == 1 else f"in {fmt.plural(lead, 'day')}"
        return f"{emoji} {who} {label} is {soon} ({fmt.day(target)})."
    their = "their" if len(names) > 1 else None
    if kind == "anniversary" and n and their:
        return f"{emoji} It's {who} anniversary today: their {ordinal(n)}!"
    return f"{emoji} It's {who} {label} today!"


def answer(kind: str, name: str, value: str | None, today: date) -> str:
    """'When is Sam's anniversary?' from the stored value."""
    label = {"anniversary": "anniversary", "death": "day they died", "nameday": "name day"}[kind]
    if not value:
        return f"I don't know {fmt.possessive(name)} {label} yet."
    md, y = month_day(value), year(value)
    if kind == "death":
        return f"{name} died on {shown(value)}." if md else f"{name} died in {y}."
    if md is None:
        return f"{fmt.possessive(name)} {label}: the year is {y}, I don't know the day yet."
    nxt = _next(md, today)
    text = f"{fmt.possessive(name)} {label} is {fmt.month_day(md)}"
    if nxt == today:
        text += ": that's today!"
    else:
        text += f" ({fmt.plural((nxt - today).days, 'day')} from now)"
        text = text + "."
    if y and nxt.year > y:
        text += f" It'll be their {ordinal(nxt.year - y)}." if nxt != today else f" Their {ordinal(nxt.year - y)}."
    return text


def ordinal(n: int) -> str:
    """1 -> '1st', 12 -> '12th', 22 -> '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _next(md: str, today: date) -> date:
    month, day = int(md[:2]), int(md[3:])
    for y in (today.year, today.year + 1, today.year + 2):
        try:
            d = date(y, month, day)
        except ValueError:  # Feb 29 in a common year
            d = date(y, 2, 28)
        if d >= today:
            return d
    return today


def card(facts: dict[str, Fact]) -> list[str]:
    """The yearly dates beyond the birthday, for /person: 'Anniversary: Jun 4, 2015'."""
    labels = {"anniversary": "Anniversary", "death": "Died", "nameday": "Name day"}
    return [f"{labels[k]}: {shown(facts[k].value)}" for k in OTHER if k in facts]
