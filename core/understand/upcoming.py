"""How far ahead a question about upcoming birthdays looks: one window of days.

`window(low, today)` reads a lower-cased question and gives (first day, last day), from today
at the earliest. The conventions, first match wins:

- "today", "tomorrow": that day;
- "the next couple of weeks", "next few days", "over the next fortnight", "within 10 days",
  "the next month or so", "coming 2 months": counted from today ("couple" is 2, "few" 3,
  "several" 4; a month is 30 days a time, "the next month" alone 31; years by the calendar);
- "before / by / until <a day>": up to the day before "before" and the day itself for the
  others; the day is a fixed-date holiday ("before christmas"), a month and day ("by june 3"),
  a weekday, "the end of the week / month / year", or "next week / month" (the end of this one);
- "this weekend" is the coming Saturday and Sunday (today, if it is one of them, to Sunday);
  "next weekend" the weekend of next week;
- "this week" is the coming seven days; "next week" Monday to Sunday of next week;
- "this month" is today to the month's end; "next month" the next calendar month (but "the
  next month" is counted: a month from today);
- "in june": that month's next occurrence (this one while it lasts);
- "this year", "the rest of the year": to December 31;
- anything else ("soon", "coming up", "upcoming"): the next `DEFAULT_DAYS` days.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from core.understand.dates import find_month_day
from core.understand.lexicon import WEEKDAYS
from core.understand.ranges import ahead

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 30
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "few": 3, "several": 4}
_N = r"(?:(?:a\s+)?(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple|few|several)" \
     r"(?:\s+of)?\s+)?"
_COUNTED = re.compile(rf"\b(?:next|coming|within|over|following|in)\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+)?{_N}"
                      r"(?P<unit>days?|weeks?|wks?|fortnights?|months?|mos?|years?)\b")
_BEFORE = re.compile(r"\b(?P<how>before|by|until|till|til|up\s+to|through)\s+(?P<what>.+)$")
_END_OF = re.compile(r"^(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<unit>week|month|year)\b")
_NEXT_UNIT = re.compile(r"^(?:next|the\s+next)\s+(?P<unit>week|month|year)\b")
_WEEKDAY = re.compile(r"^(?:next\s+|this\s+|the\s+)?(?P<d>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b")
_WEEKEND = re.compile(r"\b(?P<which>this|next|the|coming)\s+weekend\b")
_THIS_WEEK = re.compile(r"\b(?:this|the\s+rest\s+of\s+the)\s+week\b(?!end)")
_THIS_YEAR = re.compile(r"\b(?:this\s+year|rest\s+of\s+(?:the|this)\s+year|(?:before|by)\s+(?:the\s+)?end\s+of\s+(?:the|this)\s+year)\b")


def _count(said: str | None) -> int:
    said = (said or "a").lower()
    return int(said) if said.isdigit() else _COUNTS.get(said, 1)


def _end_of(unit: str, today: date) -> date:
    if unit == "week":
        return today + timedelta(days=6 - today.weekday())
    if unit == "month":
        return today + relativedelta(day=31)
    return date(today.year, 12, 31)


def _counted(m: re.Match[str], today: date) -> tuple[date, date]:
    n, unit = _count(m["n"]), m["unit"]
    if unit.startswith("d"):
        return today, today + timedelta(days=n)
    if unit.startswith("f"):
        return today, today + timedelta(days=14 * n)
    if unit.startswith("w"):
        return today, today + timedelta(weeks=n)
    if unit.startswith("m"):  # a month is 30 days a time, "the next month" alone a little over
        return today, today + timedelta(days=30 * n if m["n"] else 31)
    return today, today + relativedelta(years=n)


def _until(how: str, what: str, today: date) -> date | None:
    """The last day of "before / by / until <what>"."""
    day: date | None = None
    if m := _END_OF.match(what):
        return _end_of(m["unit"], today)
    if m := _NEXT_UNIT.match(what):
        return _end_of(m["unit"], today)  # "before next month": the rest of this one
    if m := _WEEKDAY.match(what):
        day = today + timedelta(days=(WEEKDAYS[m["d"]] - today.weekday()) % 7 or 7)
    elif (md := find_month_day(what)) is not None and md.span[0] <= 4:
        try:
            day = date(today.year, md.month, md.day)
        except ValueError:  # Feb 29 in a common year
            day = date(today.year, 3, 1)
        if day < today:
            day = day.replace(year=today.year + 1) if (md.month, md.day) != (2, 29) else date(today.year + 1, 3, 1)
    if day is None:
        return None
    return day - timedelta(days=1) if how == "before" else day


def window(low: str, today: date) -> tuple[date, date]:
    """(first day, last day) an upcoming-birthday question asks about (the module's conventions)."""
    if re.search(r"\btoday\b|\btonight\b", low):
        return today, today
    if re.search(r"\b(?:tomorrow|tmrw|tmr|tomoz)\b", low):
        return today + timedelta(days=1), today + timedelta(days=1)
    if m := _COUNTED.search(low):
        calendar = (m["n"] is None and m.group(0).startswith("next") and m["unit"].rstrip("s") in ("week", "month", "year")
                    and not re.search(r"\bthe\s*$", low[:m.start()]))
        if not calendar:
            return _counted(m, today)  # "the next month or so" is counted; "next month" is the calendar's
    if (m := _BEFORE.search(low)) and (last := _until(m["how"].split()[0], m["what"], today)) is not None:
        return today, max(today, last)
    if m := _WEEKEND.search(low):
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:
            saturday = today - timedelta(days=1)
        if m["which"] == "next" and today.weekday() < 5:
            saturday += timedelta(days=7)
        return max(today, saturday), saturday + timedelta(days=1)
    if _THIS_WEEK.search(low):
        return today, today + timedelta(days=7)
    if _THIS_YEAR.search(low):
        return today, _end_of("year", today)
    if span := ahead(low, today):
        return span
    return today, today + timedelta(days=DEFAULT_DAYS)
