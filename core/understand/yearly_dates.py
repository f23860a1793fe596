"""Yearly dates said in words: anniversaries, weddings, the day someone died, name days.

One table (`SAID`) maps each way of saying one to its fact kind; the date is read from the
clause by `dates.find_month_day` (a day of the year, with its year if said), else a day
`dates.find_day` resolves ("got married last saturday", "passed away on monday"), else a
year alone ("married in 2015", value 'YYYY', kept until the day is known). "their 10th
anniversary is on june 4" gives the year by counting back. A clause naming none of these, or
no date, gives nothing, and a clause that gives one is not also read as a birthday.
`asked(text)` is the kind a question asks about ("when is sam's anniversary?").
"""

from __future__ import annotations

import logging
import re
from datetime import date

from core.intents import FactStatement
from core.understand.dates import find_day, find_month_day
from core.understand.kinds import REL_WORDS

logger = logging.getLogger(__name__)

# how each kind is said (data: one line each); a wedding said in the future is still its date
SAID = (
    ("nameday", re.compile(r"\bname[- ]?days?\b", re.I)),
    ("anniversary", re.compile(r"\b(?:wedding\s+)?anniversary\b|\banniv\b|\b(?:got|get|getting)\s+married\b|"
                               r"\bmarried\s+(?:on|in|since)\b|\bwedding\s+(?:day\s+)?(?:was|is)\b|\btied\s+the\s+knot\b|"
                               r"\b(?:were|was)\s+married\b", re.I)),
    ("death", re.compile(r"\b(?:died|passed\s+away|passed\s+on|death\s+anniversary)\b", re.I)),
)
_ASKED = (
    ("nameday", re.compile(r"\bname[- ]?days?\b", re.I)),
    ("anniversary", re.compile(r"\banniversary\b|\banniv\b|\bwhen\b.*\b(?:get|got)\s+married\b|"
                               r"\bwedding\s+(?:day|date)\b|\bwhen\b.*\bmarried\b", re.I)),
    ("death", re.compile(r"\bwhen\b.*\b(?:die|died|pass\s+away|passed\s+away|pass|passed)\b", re.I)),
)
_EVENT = re.compile(r"\b(?:got|get|getting)\s+married\b|\btied\s+the\s+knot\b|\bwedding\s+(?:was|is)\b", re.I)
_SOMEONE_ELSES = re.compile(rf"(?:'s|’s|\bmy|\bhis|\bher|\btheir|\bour)\s+(?:\w+\s+)?(?:{REL_WORDS})\b(?!\s+[A-Z])", re.I)
_YEAR = re.compile(r"\b(?:in|since|back\s+in|of)?\s*((?:19|20)\d\d)\b")
_NTH = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:wedding\s+)?anniv", re.I)


def kind_said(text: str) -> str | None:
    return next((kind for kind, pattern in SAID if pattern.search(text)), None)


def asked(text: str) -> str | None:
    """The yearly kind a question asks about, or None."""
    return next((kind for kind, pattern in _ASKED if pattern.search(text)), None)


def yearly_facts(text: str, people: list[str], today: date, correction: bool) -> list[FactStatement]:
    """The yearly date a clause says, for each of `people` (everyone it belongs to)."""
    kind = kind_said(text)
    if kind is None or not people or kind == "death" and _SOMEONE_ELSES.search(text):
        return []  # "omar's dad died": not Omar (a relative with a name is the clause's subject)
    if kind == "death" and not _dies(text, people[0]):
        return []  # "sam's phone died": not Sam
    value = _value(kind, text, today)
    if value is None:
        return []
    return [FactStatement(person=p, kind=kind, value=value, correction=correction) for p in dict.fromkeys(people)]


def _dies(text: str, person: str) -> bool:
    """Whether the person (or he/she/they) is who died: at most two words between them and the verb."""
    who = "|".join(re.escape(w) for w in person.split()[:1] + ["he", "she", "they"])
    return bool(re.search(rf"\b(?:{who})\b(?:\s+[\w’']+){{0,2}}?\s+(?:died|passed\s+away|passed\s+on)\b", text, re.I)
                or re.search(r"\bdeath\s+anniversary\b", text, re.I))


def _value(kind: str, text: str, today: date) -> str | None:
    if md := find_month_day(text):
        year = md.year
        if year is None and (nth := _NTH.search(text)):  # "their 10th anniversary is on june 4"
            nxt = date(today.year, md.month, md.day) if (md.month, md.day) != (2, 29) else today
            year = (nxt.year if nxt >= today else nxt.year + 1) - int(nth["n"])
        if year is None and (y := _YEAR.search(text[:md.span[0]] + " " + text[md.span[1]:])):
            year = int(y.group(1))  # "married in 2015 on june 4"
        return f"{year:04d}-{md.month:02d}-{md.day:02d}" if year else f"{md.month:02d}-{md.day:02d}"
    if kind != "nameday" and (y := _YEAR.search(text)):
        return y.group(1)
    if kind != "nameday" and (found := find_day(text, today, future=None)):
        if kind == "death" or _EVENT.search(text):  # "passed away on monday", "got married last weekend"
            return found[0].isoformat()
        return f"{found[0].month:02d}-{found[0].day:02d}"  # "their anniversary is next friday": the day only
    return None
