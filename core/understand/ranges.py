"""Ranges of days a question asks about: "last week", "this month", "last weekend", "the past
10 days", "in march", "on monday", "recently".

One convention, the one a person means when asking about what already happened: a range ends
today at the latest. Weeks start on Monday. "this weekend" is the weekend of the current week
(Saturday and Sunday); "last weekend" is the latest one that is over, or the one before it when
asked on a weekend. "recently" and "lately" are the past two weeks; "the weekend" is "this weekend"; "2 weeks ago" is
that week, "since friday" (or "since the 5th", "since oct 5") runs from that day to today. A month named alone is its
latest occurrence that has begun ("in march", asked in February, is March of last year).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from core.understand.dates import find_day
from core.understand.lexicon import MONTHS, WEEKDAYS, span_days

RECENT_DAYS = 14
_N = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple of|few)"
_PAST_N = re.compile(rf"\b(?:past|last|previous)\s+{_N}\s+(?P<unit>day|week|month|year)s?\b")
_THIS_LAST = re.compile(r"\b(?P<which>this|last|past|previous)\s+(?P<unit>week|weekend|month|year)\b")
_AGO = re.compile(rf"\b{_N}\s+(?P<unit>day|week|month)s?\s+ago\b")
_SINCE = re.compile(r"\bsince\s+(?P<what>(?:last\s+)?\w+)")
_MONTH = re.compile(r"\b(?:in|during|back in)\s+(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")
_WEEKDAY = re.compile(r"\b(?P<last>last\s+|on\s+|this\s+past\s+)?(?P<d>" + "|".join(
    sorted(WEEKDAYS, key=len, reverse=True)) + r")\b")


def _month_end(d: date) -> date:
    nxt = d.replace(day=28) + timedelta(days=4)
    return nxt - timedelta(days=nxt.day)


def date_range(low: str, today: date) -> tuple[date, date] | None:
    """(first day, last day) of the range a lower-cased question names, or None."""
    if m := _PAST_N.search(low):
        return today - timedelta(days=span_days(m["n"], m["unit"])), today
    if m := _SINCE.search(low):
        rest = low[m.start("what"):]
        said = find_day(rest, today, future=False) if re.search(r"\d", rest[:24]) else None
        # "since the 5th", "since oct 5", "since 3/10": that day; "since monday", "since march": its first day
        start = (said[0], said[0]) if said and said[1][0] <= 4 else date_range(f"in {m['what']}", today)
        if start is None and (said := find_day(rest, today, future=False)):
            start = (said[0], said[0])  # "since easter"
        return (start[0], today) if start and start[0] <= today else None
    if m := _THIS_LAST.search(low):
        return _named(m["which"], m["unit"], today)
    if re.search(r"\b(?:the|over the|on the)\s+weekend\b", low):
        return _named("this", "weekend", today)
    if m := _AGO.search(low):
        return _ago(span_days(m["n"], m["unit"]), m["unit"], today)
    if re.search(r"\b(?:yesterday|yday|yest|last night)\b", low):
        return today - timedelta(days=1), today - timedelta(days=1)
    if re.search(r"\b(?:today|tonight|this morning|this afternoon|this evening)\b", low):
        return today, today
    if re.search(r"\b(?:recently|lately|these days)\b", low):
        return today - timedelta(days=RECENT_DAYS), today
    if m := _MONTH.search(low):
        month = MONTHS[m["m"]]
        year = today.year if month <= today.month else today.year - 1
        first = date(year, month, 1)
        return first, min(_month_end(first), today)
    if m := _WEEKDAY.search(low):
        back = (today.weekday() - WEEKDAYS[m["d"]]) % 7
        if back == 0 and m["last"] and m["last"].strip() == "last":
            back = 7
        day = today - timedelta(days=back)
        return day, day
    return None


def _ago(days: int, unit: str, today: date) -> tuple[date, date]:
    """"3 days ago" is that day; "2 weeks ago" that Monday-to-Sunday week; "a month ago" that month."""
    day = today - timedelta(days=days)
    if unit == "day":
        return day, day
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, min(monday + timedelta(days=6), today)
    first = day.replace(day=1)
    return first, min(_month_end(first), today)


def _named(which: str, unit: str, today: date) -> tuple[date, date]:
    last = which != "this"
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        if which == "past":
            return today - timedelta(days=7), today
        return (monday - timedelta(days=7), monday - timedelta(days=1)) if last else (monday, today)
    if unit == "weekend":
        saturday = today - timedelta(days=(today.weekday() - 5) % 7)  # the latest Saturday, today included
        if last and today.weekday() >= 5:
            saturday -= timedelta(days=7)
        if not last and today.weekday() < 5:
            return saturday, saturday + timedelta(days=1)  # the one just past: the weekend of "this" week is ahead
        return saturday, min(saturday + timedelta(days=1), today)
    if unit == "month":
        first = today.replace(day=1)
        if which == "past":
            return today - timedelta(days=30), today
        if last:
            prev = first - timedelta(days=1)
            return prev.replace(day=1), prev
        return first, today
    first = today.replace(month=1, day=1)
    if which == "past":
        return today - timedelta(days=365), today
    return (first.replace(year=first.year - 1), first - timedelta(days=1)) if last else (first, today)


_AHEAD = re.compile(r"(?<!the )\b(?P<which>this|next)\s+(?P<unit>week|month)\b")  # "in the next month" rolls
_IN_MONTH = re.compile(r"\b(?:in|during|for)\s+(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")


def ahead(low: str, today: date) -> tuple[date, date] | None:
    """A calendar range ahead, for "birthdays this month / next week / in june": from today at the
    earliest; a month named alone is its next occurrence (this one while it lasts). "In the next
    month" is no calendar month but the coming 30 days (None here)."""
    if m := _AHEAD.search(low):
        if m["unit"] == "week":
            monday = today - timedelta(days=today.weekday())
            if m["which"] == "next":
                return monday + timedelta(days=7), monday + timedelta(days=13)
            return None  # "this week": the coming seven days, as "upcoming" says
        first = today.replace(day=1)
        if m["which"] == "next":
            first = _month_end(first) + timedelta(days=1)
            return first, _month_end(first)
        return today, _month_end(first)
    if m := _IN_MONTH.search(low):
        month = MONTHS[m["m"]]
        year = today.year if month >= today.month else today.year + 1
        first = date(year, month, 1)
        return max(first, today), _month_end(first)
    return None
