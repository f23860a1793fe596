"""Dates as people text them, resolved in the owner's time zone.

Two questions are answered here: "which day does this clause talk about?" (`find_day`,
relative words like "yesterday", "last Tuesday", "next Friday", resolved against `today`)
and "which day of the year is this birthday?" (`find_month_day`, "March 3", "3rd of March",
"1991-07-22", "9/27", "Dec 8th"). Written forms with a month name or digits are matched by
small patterns (they must keep Feb 29 without a year); every other relative phrase goes to
dateparser with RELATIVE_BASE set to the owner's "now".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.understand.lexicon import MONTHS, WEEKDAYS

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d\d))?"
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}\b{_YEAR}", re.I)
_DAY_FIRST = re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b")
_NUMERIC = re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)(?:[/.](?P<y>(?:19|20)?\d\d))?(?![\d/])")
_WEEKDAY = re.compile(
    r"\b(?:(?P<rel>next|this|last|on|coming|past)\s+)?(?P<wd>"
    + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b", re.I)
_RELATIVE_FALLBACK = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|couple of)\s+(?:days?|weeks?|months?|years?)"
    r"\s+ago\b|\bin\s+(?:\d+|a|an|one|two|three)\s+(?:days?|weeks?)\b|\blast\s+(?:week|month)\b"
    r"|\bnext\s+(?:week|month)\b", re.I)

_TODAY = re.compile(r"\b(today|tonight|this (?:morning|afternoon|evening)|earlier today|just now)\b", re.I)
_YESTERDAY = re.compile(r"\b(yesterday|last night)\b", re.I)
_TOMORROW = re.compile(r"\b(tomorrow|tmrw|tmr)\b", re.I)
_DAY_BEFORE_YESTERDAY = re.compile(r"\bday before yesterday\b", re.I)
_LAST_WEEKEND = re.compile(r"\b(last|this past|over the) weekend\b", re.I)
_FUTURE_TENSE = re.compile(r"\b(will|turns|is turning|'s turning|going to|next|upcoming|coming|tomorrow)\b", re.I)


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int
    year: int | None
    span: tuple[int, int]


def _valid(month: int, day: int, year: int | None) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 without a year is valid
        return True
    except ValueError:
        return False


def find_month_day(text: str) -> MonthDay | None:
    """The first written calendar day in `text` (month and day, year if given)."""
    found: list[MonthDay] = []
    for rx in (_MONTH_FIRST, _DAY_FIRST):
        for m in rx.finditer(text):
            month, day = MONTHS[m["mon"].lower()], int(m["day"])
            if m["mon"].lower() == "may" and not re.match(r"\s", text[m.end("mon"):m.end("mon") + 1] or " "):
                continue
            year = int(m["year"]) if m["year"] else None
            if _valid(month, day, year):
                found.append(MonthDay(month, day, year, m.span()))
    for m in _ISO.finditer(text):
        y, mo, d = int(m["year"]), int(m["m"]), int(m["d"])
        if _valid(mo, d, y):
            found.append(MonthDay(mo, d, y, m.span()))
    for m in _NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        year = int(m["y"]) if m["y"] else None
        if year is not None and year < 100:
            year += 1900 if year > 30 else 2000
        month, day = (a, b) if a <= 12 and (b > 12 or "/" in m.group(0)) else (b, a)
        if _valid(month, day, year):
            found.append(MonthDay(month, day, year, m.span()))
    return min(found, key=lambda f: f.span[0]) if found else None


def find_day(text: str, today: date, *, future: bool | None = None) -> tuple[date, tuple[int, int]] | None:
    """The day a clause talks about, relative to `today` (the owner's local date).

    Args:
        future: whether the clause is about the future; None guesses from its tense.
    """
    if future is None:
        future = bool(_FUTURE_TENSE.search(text))
    if m := _DAY_BEFORE_YESTERDAY.search(text):
        return today - timedelta(days=2), m.span()
    if m := _YESTERDAY.search(text):
        return today - timedelta(days=1), m.span()
    if m := _TOMORROW.search(text):
        return today + timedelta(days=1), m.span()
    if m := _TODAY.search(text):
        return today, m.span()
    if m := _LAST_WEEKEND.search(text):
        back = (today.weekday() - 5) % 7 or 7
        return today - timedelta(days=back), m.span()
    if m := _WEEKDAY.search(text):
        wd, rel = WEEKDAYS[m["wd"].lower()], (m["rel"] or "").lower()
        if rel in ("last", "past") or (not future and rel not in ("next", "coming")):
            back = (today.weekday() - wd) % 7 or 7
            return today - timedelta(days=back), m.span()
        ahead = (wd - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead), m.span()
    if md := find_month_day(text):
        year = md.year or today.year
        if md.year is None and not _valid(md.month, md.day, year):
            return None
        day = date(year, md.month, md.day)
        if md.year is None and not future and day > today + timedelta(days=1):
            day = date(year - 1, md.month, md.day) if _valid(md.month, md.day, year - 1) else day
        return day, md.span
    if m := _RELATIVE_FALLBACK.search(text):
        return _dateparser_day(m.group(0), today), m.span()
    return None


def _dateparser_day(phrase: str, today: date) -> date:
    import dateparser  # imported lazily: it takes a moment to load its language data

    base = datetime(today.year, today.month, today.day, 12, 0)
    parsed = dateparser.parse(
        phrase.replace("couple of", "2"),
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period"},
    )
    return parsed.date() if parsed else today
