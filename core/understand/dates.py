"""Dates as people text them, resolved in the owner's time zone.

Two questions are answered here: "which day does this clause talk about?" (`find_day`,
relative words like "yesterday", "last Tuesday", "next Friday", resolved against `today`)
and "which day of the year is this birthday?" (`find_month_day`, "March 3", "3rd of March",
"1991-07-22", "9/27", "Dec 8th", "twenty-first of june", "christmas day", "the day after
new year's"). Written forms with a month name or digits are matched by small patterns (they
must keep Feb 29 without a year); ordinals in words are turned into digits first, and
fixed-date holidays are a small table of month-days; counted spans ("2 wks ago", "a couple
of months back", "in 3 days", "last wk") are counted from the owner's today.

Weekday convention (one rule, used everywhere):
- "last <day>" is the most recent such day before today; "next <day>" the first one after
  today ("next tues" said on a Tuesday is a week ahead);
- "this <day>" is that day of the current week (Monday to Sunday), so "this sat" said on a
  Wednesday is in three days; but a clause in the past tense never looks ahead ("saw her this
  friday" said on a Wednesday is last Friday) and one about the future never looks back ("bbq
  this saturday" said on a Sunday is in six days), today included either way;
- a bare "<day>" / "on <day>" follows the tense of its clause: past ("saw him on friday")
  is the most recent one, otherwise the next one.
A bare ordinal ("the 22nd", "on the 15th") is the nearest such day of a month, in the past
for a past clause and ahead otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter

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
# "plays football every sunday": a habit, no one day
_HABIT = re.compile(r"\b(?:every|each|most|on\s+alternate)\s+(?:other\s+|single\s+|second\s+)?$", re.I)
_N = r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple(?:\s+of)?|a\s+couple(?:\s+of)?|(?:a\s+)?few)"
_UNIT = r"(?P<unit>days?|d|weeks?|wks?|w|fortnights?|months?|mos?|mths?|mnths?|years?|yrs?|y)"
# "2 wks ago", "a couple weeks back", "in 3 days", "last wk", "next month": counted here, not guessed
_AGO = re.compile(rf"\b{_N}\s*{_UNIT}\.?\s+(?:ago|back|before)\b", re.I)
_IN = re.compile(rf"\bin\s+{_N}\s*{_UNIT}\b", re.I)
_LAST_NEXT = re.compile(r"\b(?P<dir>last|next|past|this past)\s+(?P<unit>week|wk|month|mo|mth)\b", re.I)
_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "few": 3}

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
    "new year's day": (1, 1), "new years day": (1, 1), "new year's": (1, 1), "new years": (1, 1), "new year": (1, 1),
    "valentine's day": (2, 14), "valentines day": (2, 14), "valentine's": (2, 14), "valentines": (2, 14),
    "halloween": (10, 31), "st patrick's day": (3, 17), "st paddy's day": (3, 17), "april fools": (4, 1),
    "april fool's day": (4, 1), "bastille day": (7, 14), "guy fawkes night": (11, 5), "bonfire night": (11, 5),
}
_HOLIDAY = re.compile(
    r"\b(?:the\s+)?(?:(?P<n>\d|a|one|two|three)\s+)?(?:(?P<off>days?)\s+(?P<dir>after|before)\s+)?(?:on\s+)?(?P<h>"
    + "|".join(sorted((re.escape(h).replace("'", "'?").replace("\\ ", "\\s*") for h in HOLIDAYS), key=len, reverse=True))
    + r")\b", re.I)

_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
# counted from a day other than today: "2 weeks from today", "a week from saturday", "a week on sunday",
# "3 days after tmrw"; and back: "a week ago sunday", "two weeks before last friday"
_FROM_DAY = re.compile(
    rf"\b{_N}\s*{_UNIT}\.?\s+(?P<dir>from|after|on|ago|before)\s+(?:(?:on|this|next|last|coming|past)\s+)?"
    rf"(?P<base>today|tonight|now|{'|'.join(TOMORROW_WORDS)}|{'|'.join(YESTERDAY_WORDS)}|{_WD})\b", re.I)
# "the weekend before last", "the week after next": a week further than "last / next"
_BEFORE_LAST = re.compile(r"\b(?:the\s+)?(?P<unit>weekend|week)\s+(?P<dir>before\s+last|after\s+next)\b", re.I)
# days whose date moves from year to year, counted from Easter (dateutil's) or a rule of the calendar
_MOVABLE = {"easter sunday": 0, "easter day": 0, "easter": 0, "good friday": -2, "holy saturday": -1,
            "easter saturday": -1, "easter monday": 1, "palm sunday": -7, "ash wednesday": -46,
            "pentecost": 49, "whit sunday": 49, "whitsun": 49, "whit monday": 50, "ascension day": 39,
            "shrove tuesday": -47, "pancake day": -47, "mardi gras": -47, "thanksgiving": None}
_MOVABLE_DAY = re.compile(
    r"\b(?:the\s+)?(?:(?P<n>\d|a|one|two|three)\s+)?(?:(?P<off>days?)\s+(?P<dir>after|before)\s+)?(?:on\s+)?(?P<h>"
    + "|".join(sorted((re.escape(h).replace("\\ ", "\\s+") for h in _MOVABLE), key=len, reverse=True)) + r")\b", re.I)

_TODAY = re.compile(r"\b(today|tonight|tonite|tdy|2day|this (?:morning|afternoon|evening)|earlier today|just now)\b", re.I)
# the texting spellings of the three relative days are one pattern each
_YESTERDAY = re.compile(rf"\b({'|'.join(YESTERDAY_WORDS)}|last (?:night|nite))\b", re.I)
_TOMORROW = re.compile(rf"\b({'|'.join(TOMORROW_WORDS)})\b", re.I)
_DAY_BEFORE_YESTERDAY = re.compile(rf"\bday before (?:{'|'.join(YESTERDAY_WORDS)})\b", re.I)
_DAY_AFTER_TOMORROW = re.compile(rf"\bday after (?:{'|'.join(TOMORROW_WORDS)})\b", re.I)
_LAST_WEEKEND = re.compile(r"\b(last|this past|over the) weekend\b", re.I)
_PAST_TENSE = re.compile(r"\b(?:was|were|had|did|met|saw|went|came|got|took|made|ran|ate|[a-z]{3,}ed)\b", re.I)
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


def holiday_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` names a fixed-date holiday ("st patrick's day", "guy fawkes night"): words
    that are part of a date, never a person."""
    return [m.span("h") for m in _HOLIDAY.finditer(text)]


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
    guessed = future is None
    if future is None:
        future = bool(_FUTURE_TENSE.search(text))
    if m := _FROM_DAY.search(text):  # before "today" / "tmrw" alone: "2 weeks from today"
        return _from_day(m, today), m.span()
    if m := _DAY_BEFORE_YESTERDAY.search(text):
        return today - timedelta(days=2), m.span()
    if m := _DAY_AFTER_TOMORROW.search(text):
        return today + timedelta(days=2), m.span()
    if m := _YESTERDAY.search(text):
        return today - timedelta(days=1), m.span()
    if m := _TOMORROW.search(text):
        return today + timedelta(days=1), m.span()
    if m := _TODAY.search(text):
        return today, m.span()
    if m := _BEFORE_LAST.search(text):
        back = m["dir"].lower().startswith("before")
        if m["unit"].lower() == "weekend":
            sat = today - timedelta(days=(today.weekday() - 5) % 7 or 7) if back else \
                today + timedelta(days=(5 - today.weekday()) % 7 or 7)
            return sat + timedelta(days=-7 if back else 7), m.span()
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(days=-14 if back else 14), m.span()
    if m := _MOVABLE_DAY.search(text):
        return _movable(m, today, future), m.span()
    if m := _LAST_WEEKEND.search(text):
        back = (today.weekday() - 5) % 7 or 7
        return today - timedelta(days=back), m.span()
    if m := next((w for w in _WEEKDAY.finditer(text) if not _HABIT.search(text[:w.start()])), None):
        rel = (m["rel"] or "").lower()
        if rel == "this":
            tense = "past" if _PAST_TENSE.search(text) else "future" if future or guessed else "week"
            return _this_weekday(WEEKDAYS[m["wd"].lower()], today, tense), m.span()
        return _weekday(WEEKDAYS[m["wd"].lower()], rel, today, future), m.span()
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
    if m := _AGO.search(text) or _IN.search(text):
        n = _count(m["n"]) * (-1 if m.re is _AGO else 1)
        return _moved(today, n, m["unit"]), m.span()
    if m := _LAST_NEXT.search(text):
        return _moved(today, 1 if m["dir"].lower() == "next" else -1, m["unit"]), m.span()
    return None


def _from_day(m: re.Match[str], today: date) -> date:
    """The day a count from another day names ("a week from saturday", "a week ago sunday")."""
    base_word = m["base"].lower()
    back = m["dir"].lower() in ("ago", "before")
    if base_word in TOMORROW_WORDS:
        base = today + timedelta(days=1)
    elif base_word in YESTERDAY_WORDS:
        base = today - timedelta(days=1)
    elif base_word in WEEKDAYS:
        base = _weekday(WEEKDAYS[base_word], "last" if back else "next", today, not back)
    else:
        base = today
    return _moved(base, _count(m["n"]) * (-1 if back else 1), m["unit"])


def _movable(m: re.Match[str], today: date, future: bool) -> date:
    """Easter and the days counted from it, or US Thanksgiving: the nearest one, ahead for a clause
    about the future and behind otherwise (today either way)."""
    offset = _MOVABLE[re.sub(r"\s+", " ", m["h"].lower())]
    shift = 0
    if m["off"]:
        n = {"a": 1, "one": 1, "two": 2, "three": 3}.get((m["n"] or "a").lower()) or int(m["n"])
        shift = n if m["dir"].lower() == "after" else -n

    def on(year: int) -> date:
        if offset is None:  # the fourth Thursday of November
            first = date(year, 11, 1)
            day = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
        else:
            day = easter(year) + timedelta(days=offset)
        return day + timedelta(days=shift)
    day = on(today.year)
    if future and day < today:
        return on(today.year + 1)
    if not future and day > today:
        return on(today.year - 1)
    return day


def _this_weekday(wd: int, today: date, tense: str) -> date:
    """"this <day>" (the module's docstring): the current week's, unless the tense says otherwise."""
    day = today + timedelta(days=wd - today.weekday())
    if tense == "past" and day > today:
        return day - timedelta(days=7)
    if tense == "future" and day < today:
        return day + timedelta(days=7)
    return day


def _weekday(wd: int, rel: str, today: date, future: bool) -> date:
    """The weekday convention of this module's docstring."""
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


def _count(said: str) -> int:
    """2 for "2", "two", "a couple of"; 3 for "a few"."""
    word = said.lower().split()
    return int(word[0]) if word[0].isdigit() else _COUNT.get(word[-1] if word[-1] != "of" else word[-2],
                                                             _COUNT.get(word[0], 1))


def _moved(today: date, n: int, unit: str) -> date:
    """`today` moved by n days, weeks, fortnights, months or years (a month keeps its day where it can)."""
    u = unit.lower()
    if u.startswith("d"):
        return today + timedelta(days=n)
    if u.startswith("f"):
        return today + timedelta(days=14 * n)
    if u.startswith("w"):
        return today + timedelta(weeks=n)
    months = n * (12 if u.startswith("y") else 1)
    year, month = divmod(today.year * 12 + today.month - 1 + months, 12)
    for day in (today.day, 30, 29, 28):
        if _valid(month + 1, day, year):
            return date(year, month + 1, day)
    return today