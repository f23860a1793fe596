"""Birthdays said without the usual words: elliptical lists and an age on a relative day.

`statements.birthday` reads a clause that says "birthday / bday / born / dob / turns"; this
module reads the two shapes that leave the word out, once a message is about birthdays:

1. A name and a date and nothing more ("farah 2 feb", "ama's is 15 march", "daichi's on new
   year's day", "and meena's 21 march"). Said right after a possessive with "is / was / = /
   :" it is a birthday on its own ("leo's is june 9"); otherwise ("farah 2 feb", "meena's 21
   march", "daichi's on new year's day": "'s on" may be "is on") only when the message already speaks of birthdays: an earlier clause gave one, or
   the sentence says "bday(s) / birthday(s) / born / dob" ("birthdays: farah 2 feb, omar 19 oct").
2. An age said as an ordinal after a possessive on a day the clause names ("tmrw is
   bat-erdene's 40th!!", "saturday was ikaika's 21st"): the birthday is that day, and the
   year is counted back from the age.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from core.understand.dates import MonthDay, find_day, find_month_day

logger = logging.getLogger(__name__)

# the birthday words that make a list of bare dates a list of birthdays
CONTEXT = re.compile(r"\b(?:birthdays?|bdays?|b-days?|born|dob|d\.o\.b|turns|turning)\b", re.I)
# after the name: a possessive, then is / was / = / : / on, or nothing (only with CONTEXT)
_AFTER_NAME = re.compile(r"(?P<poss>'s|’s|s)?\s*(?P<link>(?:(?<=\s)(?:is|was)\s+|\s*=\s*|\s*:\s*|\s*-\s*)?(?:on\s+)?)(?=\S)",
                         re.I)
# what may follow the date: nothing but punctuation, emoji, or a word of hedging
_ONLY_TAIL = re.compile(r"[\W_]*(?:(?:i\s+think|iirc|i\s+believe|btw|too|lol|right)[\W_]*)?$", re.I)
# "bat-erdene's 40th": an age, said after a possessive, followed by no noun ("40th time")
_NTH_AGE = re.compile(r"(?:'s|’s)\s+(?P<n>\d{1,3})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?[A-Za-z]{3})", re.I)


def elliptic(text: str, name_end: int, sentence: str, earlier_birthday: bool) -> MonthDay | None:
    """The birthday a clause says right after the name ending at `name_end`, with no birthday
    word (the module's first shape), or None.

    Args:
        sentence: the sentence of the clause (a birthday word there makes bare dates birthdays).
        earlier_birthday: whether an earlier clause of the message gave a birthday.
    """
    m = _AFTER_NAME.match(text, name_end)
    if m is None:
        return None
    rest = text[m.end():]
    md = find_month_day(rest)
    if md is None or md.span[0] != 0 or not _ONLY_TAIL.match(rest[md.span[1]:]):
        return None
    linked = bool(m["poss"]) and bool(re.search(r"\b(?:is|was)\b|[=:-]", m["link"]))  # "leo's is june 9" ("'s on" is "is on")
    if linked or earlier_birthday or CONTEXT.search(sentence):
        return MonthDay(md.month, md.day, md.year, (m.end() + md.span[0], m.end() + md.span[1]))
    return None


def nth_on_day(text: str, today: date) -> tuple[int, int, int] | None:
    """(month, day, year of birth) for "tmrw is X's 40th" (the module's second shape), or None."""
    m = _NTH_AGE.search(text)
    if m is None:
        return None
    rest = text[:m.start()] + " " + text[m.end():]
    found = find_day(rest, today, future=None)
    if found is None:
        return None
    day = found[0]
    return day.month, day.day, day.year - int(m["n"])
