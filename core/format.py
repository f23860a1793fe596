"""How dates and lists read in replies: short, dated ("Mar 2"), relative where it helps."""

from __future__ import annotations

from datetime import date


def day(d: date, today: date | None = None, *, year: bool = False) -> str:
    text = f"{d:%b} {d.day}"
    if year or (today and d.year != today.year):
        text += f", {d.year}"
    if today is None:
        return text
    delta = (today - d).days
    if delta == 0:
        return f"today ({text})"
    if delta == 1:
        return f"yesterday ({text})"
    if 1 < delta <= 6:
        return f"{d:%A}, {text} ({delta} days ago)"
    if 6 < delta < 60:
        return f"{text} ({delta} days ago)"
    return text


def month_day(value: str) -> str:
    """'03-03' or '1991-07-22' -> 'Mar 3' / 'Jul 22, 1991'."""
    parts = [int(p) for p in value.split("-")]
    month, dd = parts[-2], parts[-1]
    text = f"{date(2000, month, dd):%b} {dd}"
    return text + (f", {parts[0]}" if len(parts) == 3 else "")


_PLURALS = {"person": "people", "child": "children"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 note', '2 notes', '0 notes', '1 person', '3 people': a count with its noun agreeing."""
    return f"{n} {word if n == 1 else many or _PLURALS.get(word) or word + 's'}"


def join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")
