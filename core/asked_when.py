"""The days a search question asks about, when it names them ("in March 2023", "on 3 June",
"on May 25, 2023", "during 2022", "last June").

Hybrid search gives a small bonus to notes dated inside that window (`core.retrieval`): "what
did Sam say about the move in March 2023?" is about notes of March 2023, whatever words they
use. A named day reaches a week past it, since people tell of a day in the days after it; a
month reaches a week into the next one for the same reason. A month without a year matches
that month in any year. Plain regular expressions over month names: this runs on every
search question, so no date parser (dateparser costs tens of milliseconds a call). Relative
ranges ("last week", "this month") are the meeting log's business (`core.calendar`), not
this module's.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

logger = logging.getLogger(__name__)

AFTER = timedelta(days=7)  # a day or a month is told about up to a week later

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"((?:19|20)\d\d)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?({_MON})\b\.?(?:,?\s+{_YEAR})?", re.I)
_MONTH_DAY = re.compile(rf"\b({_MON})\.?\s+{_DAY}\b(?:,?\s+{_YEAR})?", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MON})\.?,?\s+{_YEAR}\b", re.I)
_MONTH = re.compile(rf"\b(?:in|during|since|of|last|this|early|late|mid)[\s-]+({_MON})\b", re.I)
_ONLY_YEAR = re.compile(rf"\b(?:in|during|of|since)\s+{_YEAR}\b", re.I)


@dataclass(frozen=True)
class Window:
    """Days from `first` to `last`; with no year, `month` in any year."""

    first: date | None = None
    last: date | None = None
    month: int | None = None

    def holds(self, on: date) -> bool:
        if self.month is not None:
            return on.month == self.month
        assert self.first is not None and self.last is not None  # a window without a month has both
        return self.first <= on <= self.last


def _day(year: str | None, month: str, day: str) -> Window | None:
    m, d = MONTHS[month.lower()], int(day)
    if year is None:
        return Window(month=m) if 1 <= d <= 31 else None
    try:
        on = date(int(year), m, d)
    except ValueError:  # "February 30, 2023"
        return None
    return Window(on, on + AFTER)


def window(query: str) -> Window | None:
    """The window the question names, or None."""
    if m := _DAY_MONTH.search(query):
        return _day(m[3], m[2], m[1])
    if m := _MONTH_DAY.search(query):
        return _day(m[3], m[1], m[2])
    if m := _MONTH_YEAR.search(query):
        y, mo = int(m[2]), MONTHS[m[1].lower()]
        return Window(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]) + AFTER)
    if m := _ONLY_YEAR.search(query):
        return Window(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
    if m := _MONTH.search(query):
        return Window(month=MONTHS[m[1].lower()])
    return None
