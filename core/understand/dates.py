"""Dates as people text them, resolved in the owner's time zone.

Two questions are answered here: "which day does this clause talk about?" (`find_day`,
relative words like "yesterday", "last Tuesday", "next Friday", resolved against `today`)
and "which day of the year is this birthday?" (`find_month_day`, "March 3", "3rd of March",
"1991-07-22", "9/27", "Dec 8th", "twenty-first of june", "christmas day", "the day after
new year's"). Written forms with a month name or digits are matched by small patterns (they
must keep Feb 29 without a year); ordinals in words are turned into digits first, and
fixed-date holidays are a small table of month-days; every other relative phrase goes to
dateparser with RELATIVE_BASE set to the owner's "now".

Weekday convention (one rule, used everywhere):
- "last <day>" is the most recent such day before today; "next <day>" the first one after
  today ("next tues" said on a Tuesday is a week ahead);
- "this <day>" is that day of the current week (Monday to Sunday), so "this sat" said on a
  Wednesday is in three days and "this monday" said on a Wednesday was two days ago;
- a bare "<day>" / "on <day>" follows the tense of its clause: past ("saw him on friday")
  is the most recent one, otherwise the next one.
A bare ordinal ("the 22nd", "on the 15th") is the nearest such day of a month, in the past
for a past clause and ahead otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.understand.lexicon import MONTHS, TOMORROW_WORDS, WEEKDAYS, YESTERDAY_WORDS

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d\d))?"
# "march 3", "march the 3rd", "in feb, the 2nd" (a comma only before "the": "in march, 3 of us")
_MONTH_FIRST = re.compile(rf"\b{_MONTH}(?:\s+(?:the\s+)?|\s*,\s*(?:on\s+)?the\s+){_DAY}\b{_YEAR}", re.I)
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

_BARE_ORDINAL = re.compile(  # "the 22nd", "on the 15th", not "the 5th time"
    r"\b(?:on\s+)?the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?=\s*(?:$|[^\w\s]|(?:of\s+(?:this|next|the)\s+month|"
    r"and|but|so|not|lol|haha|i|we|btw|too|then|now|instead|actually|this|next|right|at|in|with|for|to|from|when|"
    r"because|bc|after|before|by|near|over|if|or|he|she|they|it|was|is|right|tho|though|as|around|ok)\b))", re.I)
_ORDINAL_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9}
_ORDINAL_TEENS = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
                  "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "thirtieth": 30}
_ORDINAL_WORDS = re.compile(
    r"\b(?:(?P<tens>twenty|thirty)[- ]?(?P<unit>" + "|".join(_ORDINAL_UNITS) + r")|(?P<whole>"
    + "|".join(list(_ORDINAL_TEENS) + list(_ORDINAL_UNITS)) + r"))\b(?=\s+(?:of\s+)?[A-Za-z]{3})", re.I)
# Fixed-date days people date birthdays by: data, one line each.
HOLIDAYS = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25), "xmas": (12, 25),
    "boxing day": (12, 26), "new year's eve": (12, 31), "new years eve": (12, 31), "nye": (12, 31),
    "new year's day": (1, 1), "new years day": (1, 1), "new year's": (1, 1), "new years": (1, 1),
    "valentine's day": (2, 14), "valentines day": (2, 14), "valentine's": (2, 14), "valentines": (2, 14),
    "halloween": (10, 31), "st patrick's day": (3, 17), "st paddy's day": (3, 17), "april fools": (4, 1),
    "april fool's day": (4, 1), "bastille day": (7, 14), "guy fawkes night": (11, 5), "bonfire night": (11, 5),
}
_HOLIDAY = re.compile(
    r"\b(?:the\s+)?(?:(?P<n>\d|a|one|two|three)\s+)?(?:(?P<off>days?)\s+(?P<dir>after|before)\s+)?(?:on\s+)?(?P<h>"
    + "|".join(sorted((re.escape(h).replace("'", "'?").replace("\\ ", "\\s*") for h in HOLIDAYS), key=len, reverse=True))
    + r")\b", re.I)

_TODAY = re.compile(r"\b(today|tonight|tonite|tdy|2day|this (?:morning|afternoon|evening)|earlier today|just now)\b", re.I)
# the texting spellings of the three relative days are one pattern each
_YESTERDAY = re.compile(rf"\b({'|'.join(YESTERDAY_WORDS)}|last night)\b", re.I)
_TOMORROW = re.compile(rf"\b({'|'.join(TOMORROW_WORDS)})\b", re.I)
_DAY_BEFORE_YESTERDAY = re.compile(rf"\bday before (?:{'|'.join(YESTERDAY_WORDS)})\b", re.I)
_LAST_WEEKEND = re.compile(r"\b(last|this past|over the) weekend\b", re.I)
_FUTURE_TENSE = re.compile(r"\b(will|turns|is turning|'s turning|going to|gonna|next|upcoming|coming|"
                           rf"{'|'.join(TOMORROW_WORDS)})\b", re.I)


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


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def ordinals_as_digits(text: str) -> str:
    """'twenty-first of june' -> '21st         of june' (same length, so spans still fit)."""
    def digits(m: re.Match[str]) -> str:
        if m["whole"]:
            n = _ORDINAL_TEENS.get(m["whole"].lower()) or _ORDINAL_UNITS[m["whole"].lower()]
        else:
            n = (20 if m["tens"].lower() == "twenty" else 30) + _ORDINAL_UNITS[m["unit"].lower()]
        return f"{n}{_suffix(n)}".ljust(len(m.group(0)))
    return _ORDINAL_WORDS.sub(digits, text)


def _holiday(m: re.Match[str]) -> tuple[int, int]:
    month, day = HOLIDAYS[_holiday_key(m["h"])]
    if m["off"]:
        n = {"a": 1, "one": 1, "two": 2, "three": 3}.get((m["n"] or "a").lower()) or int(m["n"])
        moved = date(2001, month, day) + timedelta(days=n if m["dir"].lower() == "after" else -n)
        month, day = moved.month, moved.day
    return month, day


def _holiday_key(said: str) -> str:
    plain = re.sub(r"[\s'’]+", "", said.lower())
    return next(h for h in HOLIDAYS if re.sub(r"[\s']+", "", h) == plain)


def find_month_day(text: str) -> MonthDay | None:
    """The first written calendar day in `text` (month and day, year if given)."""
    found: list[MonthDay] = []
    text = ordinals_as_digits(text)
    for m in _HOLIDAY.finditer(text):
        month, day = _holiday(m)
        found.append(MonthDay(month, day, None, m.span()))
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
        return _weekday(WEEKDAYS[m["wd"].lower()], (m["rel"] or "").lower(), today, future), m.span()
    if md := find_month_day(text):
        year = md.year or today.year
        if md.year is None and not _valid(md.month, md.day, year):
            return None
        day = date(year, md.month, md.day)
        if md.year is None and not future and day > today + timedelta(days=1):
            day = date(year - 1, md.month, md.day) if _valid(md.month, md.day, year - 1) else day
        return day, md.span
    if m := _BARE_ORDINAL.search(text):
        return _nearest_day_of_month(int(m["day"]), today, future), m.span()
    if m := _RELATIVE_FALLBACK.search(text):
        return _dateparser_day(m.group(0), today), m.span()
    return None


def _weekday(wd: int, rel: str, today: date, future: bool) -> date:
    """The weekday convention of this module's docstring."""
    if rel == "this":
        return today + timedelta(days=wd - today.weekday())
    if rel in ("last", "past") or (not future and rel not in ("next", "coming")):
        return today - timedelta(days=(today.weekday() - wd) % 7 or 7)
    return today + timedelta(days=(wd - today.weekday()) % 7 or 7)


def _nearest_day_of_month(day: int, today: date, future: bool) -> date:
    """The 22nd nearest to `today`: this month's or the one before (past) / after (ahead)."""
    year, month = today.year, today.month
    for _ in range(13):
        if _valid(month, day, year):
            candidate = date(year, month, day)
            if (candidate <= today) if not future else (candidate >= today):
                return candidate
        if future:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        else:
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return today


def _dateparser_day(phrase: str, today: date) -> date:
    import dateparser  # imported lazily: it takes a moment to load its language data

    base = datetime(today.year, today.month, today.day, 12, 0)
    parsed = dateparser.parse(
        phrase.replace("couple of", "2"),
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period"},
    )
    return parsed.date() if parsed else today
