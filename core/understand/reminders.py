"""One-off follow-ups in words: set ("remind me fri to call sam"), list, cancel.

`parse(text, now, known)` returns a `FollowUpAsk` or None when the text is none of these.
A request is an ask to be reminded ("remind / ping / nudge me", "don't let me forget") that
says no cadence ("every 2 weeks" is a keep-in-touch reminder, `statements.keep_in_touch`) and
no lapse ("if I haven't seen ..."). Its moment is a day and a time of day, each optional:
- the day: "in 2 weeks" / "in 3 hours" (dateutil's relativedelta from now), or whatever
  `dates.find_day` reads ("tmrw", "fri", "next monday", "june 4", "the 22nd"), always ahead;
- the time: "at 6pm", "18:30", "at 7" (1 to 7 read as the evening), or a part of the day
  ("morning", "tonight") from a small table; none said means 09:00 local.
A moment already past moves on a day (a time alone) or, for today said without a time, to the
next hour. What is left once the trigger and the moment are taken out is what to do; the
first person named in it (known contacts first) is who it is about.

A cancel names a reminder by its number in the list (`/reminders`) or by its words ("cancel
the reminder about priya's visa"); the words are matched by `core.followups`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from core.understand.dates import find_day
from core.understand.kinds import RELATIONS
from core.understand.lexicon import STOP
from core.understand.names import find_people

logger = logging.getLogger(__name__)

_ASK = re.compile(
    r"^\W*(?:(?:hey|hi|ok|okay|pls|plz|please|oh|and|also|can you|could you|would you|will you|u)\W+)*"
    r"(?:(?P<verb>remind|ping|nudge|poke|bug|text|message|tell|alert)\s+me\b|don'?t\s+let\s+me\s+forget\b|"
    r"set\s+(?:a\s+)?reminder\b|reminder\s*:)", re.I)
_WEAK = re.compile(r"(?:tell|text|message|alert|bug|poke)$", re.I)  # "tell me ..." asks for a reminder only with a moment
_CADENCE = re.compile(r"\bevery\b|\b(?:daily|weekly|fortnightly|biweekly|monthly|quarterly|yearly|regularly)\b|"
                      r"\b(?:once|twice|one time|each|per)\s+(?:a\s+|per\s+|each\s+)?(?:day|week|fortnight|month|year)\b", re.I)
_LAPSE = re.compile(r"\b(?:haven'?t|have not|hadn'?t|didn'?t|don'?t|not)\b(?![^.!?]*\bforget\b)", re.I)
_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "couple of": 2, "couple": 2, "few": 3, "half an": 0.5, "half a": 0.5}
_UNITS = {"min": "minutes", "minute": "minutes", "mins": "minutes", "hour": "hours", "hr": "hours",
          "hrs": "hours", "day": "days", "week": "weeks", "wk": "weeks", "fortnight": "fortnight",
          "month": "months", "mo": "months", "year": "years", "yr": "years"}
_IN = re.compile(r"\b(?:in|after)\s+(?:(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
                 r"couple(?: of)?|few|half an|half a)\s+)(?P<unit>min(?:ute)?s?|hours?|hrs?|days?|weeks?|wks?|"
                 r"fortnights?|months?|mos?|years?|yrs?)\b", re.I)
_CLOCK = re.compile(r"\b(?:at|@|by|around|for)?\s*(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)"
                    r"|\b(?:at|@|by|around)\s+(?P<h2>[01]?\d|2[0-3])(?:[:.](?P<m2>[0-5]\d))?\b(?!\s*(?:st|nd|rd|th)\b)"
                    r"|\b(?P<h3>[01]?\d|2[0-3])[:h](?P<m3>[0-5]\d)\b", re.I)
# parts of a day and the time they stand for (data: one line each)
PARTS_OF_DAY = {"first thing": time(8), "morning": time(9), "noon": time(12), "midday": time(12), "lunch": time(12),
                "lunchtime": time(12), "afternoon": time(15), "evening": time(18), "after work": time(18),
                "tonight": time(20), "night": time(20), "eod": time(17), "end of day": time(17),
                "midnight": time(23, 59)}
_PART = re.compile(r"\b(?:in\s+the\s+|this\s+|tomorrow\s+|tmrw\s+|at\s+|by\s+)?(?P<part>"
                   + "|".join(sorted(map(re.escape, PARTS_OF_DAY), key=len, reverse=True)) + r")\b", re.I)
DEFAULT_TIME = time(9)

_CANCEL = re.compile(
    r"^\W*(?:(?:pls|plz|please|ok|okay|oh|and|actually)\W+)*(?:cancel|delete|remove|drop|scrap|forget|clear|kill|"
    r"nvm|never\s*mind|no\s+need\s+for|don'?t\s+need)\s+(?:about\s+)?(?:the\s+|my\s+|that\s+|this\s+)?"
    r"(?:one-off\s+)?(?:reminder|follow[- ]?up|ping)s?\b(?P<rest>.*)$", re.I)
_CANCEL_NUMBER = re.compile(r"^\W*(?:number|no\.?|nr\.?|#)?\s*(?P<n>\d{1,3})\W*$", re.I)
_LIST = re.compile(
    r"^\W*(?:(?:pls|plz|please|ok|and)\W+)*(?:(?:show|list|see|give|tell)\s+(?:me\s+)?(?:all\s+)?(?:my\s+|the\s+)?|"
    r"what\s+(?:are\s+)?(?:my\s+|the\s+)?|what'?s\s+(?:on\s+)?(?:my\s+)?|any\s+|my\s+)"
    r"(?:reminders|follow[- ]?ups)\b(?:\s+(?:do\s+i\s+have|are\s+there|set|coming\s+up|pending))?\W*$", re.I)
_ASKS = re.compile(r"^\W*(?:what|when|where|who|whom|whose|which|how|if|whether|of)\b", re.I)
_LEAD = re.compile(r"^\W*(?:(?:to|about|that|abt|re|regarding|for)\b:?\s*)?", re.I)


@dataclass
class FollowUpAsk:
    """What the owner asked: `action` set (what, due, person), list, or cancel (number or words)."""

    action: str  # set | list | cancel
    what: str = ""
    due: datetime | None = None
    person: str | None = None
    number: int | None = None
    about: str = ""
    time_said: bool = False


def parse(text: str, now: datetime, known: list[str]) -> FollowUpAsk | None:
    """A follow-up request in `text` (the owner's local `now`), or None."""
    if _LIST.match(text):
        return FollowUpAsk("list")
    if m := _CANCEL.match(text):
        rest = m["rest"].strip(" .!?")
        if n := _CANCEL_NUMBER.match(rest):
            return FollowUpAsk("cancel", number=int(n["n"]))
        return FollowUpAsk("cancel", about=_LEAD.sub("", rest).strip(" .!?"))
    ask = _ASK.match(text)
    if not ask or _CADENCE.search(text) or _LAPSE.search(text):
        return None
    rest = text[ask.end():]
    if _ASKS.match(rest):
        return None  # "remind me what sam's kid is called": a question
    due, time_said, when_cut = moment(rest, now)
    if when_cut == rest and _WEAK.match(ask["verb"] or ""):
        return None  # "tell me about sam", "text me the list": a reminder only when a moment is said
    what = _tidy(when_cut)
    if not what:
        return None
    return FollowUpAsk("set", what=what, due=due, person=person_in(what, known), time_said=time_said)


_VERB_SLOT = re.compile(r"\b(?:call|ring|text|txt|email|e-mail|message|msg|dm|ping|ask|tell|thank|congratulate|visit|"
                        r"see|meet|invite|pay|pay back|write to|check (?:on|in with)|follow up (?:with|w/?)|"
                        r"catch up (?:with|w/?)|reply to|get back to|wish)\s+(?P<name>[^\W\d_][\w'’-]*)", re.I)
_NOT_A_NAME = {"me", "i", "you", "him", "her", "them", "us", "the", "a", "an", "my", "his", "their", "back", "about",
               "everyone", "someone", "people", "home", "work", "out", "up", "in", "on", "to"}


def person_in(what: str, known: list[str]) -> str | None:
    """Who a follow-up is about: the first person named (known contacts and the name finder
    first, then the word after a verb of contact: "text jo"), not a bare kinship word."""
    people = [p.name for p in find_people(what, known)
              if p.name.lower() not in _NOT_A_NAME and p.name.lower() not in RELATIONS]
    if people:
        return people[0]
    for m in _VERB_SLOT.finditer(what):
        name = re.sub(r"(?:'s|’s)$", "", m["name"])
        if name.lower() not in _NOT_A_NAME and name.lower() not in RELATIONS and name.lower() not in STOP:
            return name[:1].upper() + name[1:]
    return None


def moment(text: str, now: datetime) -> tuple[datetime, bool, str]:
    """(when, whether a time of day was said, the text without the words that said it)."""
    day, at, cut = None, None, []
    if m := _IN.search(text):
        n = int(m["n"]) if m["n"].isdigit() else _NUM[m["n"].lower()]
        unit = _UNITS[m["unit"].lower().rstrip("s")]
        delta: timedelta | relativedelta
        if unit == "fortnight":
            delta = timedelta(weeks=2 * n)
        elif unit in ("minutes", "hours", "days", "weeks"):
            delta = timedelta(**{unit: n})
        else:  # months and years by the calendar
            count = max(1, int(n))
            delta = relativedelta(months=count) if unit == "months" else relativedelta(years=count)
        when = now + delta
        cut.append(m.span())
        if unit in ("minutes", "hours"):
            return when.replace(second=0, microsecond=0), True, _without(text, cut)
        day = when.date()
    if m := _CLOCK.search(text):
        h = int(m["h"] or m["h2"] or m["h3"])
        minute = int(m["m"] or m["m2"] or m["m3"] or 0)
        ap = (m["ap"] or "").lower().replace(".", "")
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        elif m["h2"] and 1 <= h <= 7:  # "at 6": the evening, not dawn
            h += 12
        at = time(h, minute)
        cut.append(m.span())
    elif m := _PART.search(text):
        at = PARTS_OF_DAY[m["part"].lower()]
        cut.append(m.span("part"))
    if day is None and (found := find_day(_without(text, cut), now.date(), future=True)):
        day, span = found
        if day < now.date():
            day = now.date()
        # find_day read the text with earlier spans blanked out: the offsets still hold
        cut.append(span)
    if day is None:
        day = now.date()
        if at is not None and datetime.combine(day, at, now.tzinfo) <= now:
            day += timedelta(days=1)  # "at 6pm" said at 7pm: tomorrow
        elif at is None:
            day += timedelta(days=1)  # no moment at all: tomorrow morning
    when = datetime.combine(day, at or DEFAULT_TIME, now.tzinfo)
    if when <= now:  # "today" after 09:00: within the hour
        when = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return when, at is not None, _without(text, cut)


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the spans blanked (kept the same length, so later offsets still hold)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _tidy(text: str) -> str:
    """What to do, once the moment is out: no dangling 'on' / 'at', no leading 'to'."""
    words = re.sub(r"\s+", " ", text).strip(" ,.;:!?-")
    words = re.sub(r"(?i)\b(?:on|at|by|this|next|the|in|around)\s*(?=,|$)", "", words).strip(" ,.;:!?-")
    words = re.sub(r"(?i)^(?:(?:on|at|by|this|next|in|around|,)\s+)+", "", words)
    words = re.sub(r"(?i)\s+(?:on|at|by|in|around)\s+(?=(?:to|about|that)\b)", " ", words)
    words = re.sub(r"(?i)^(?:abt|re:?|regarding|concerning)(?=\s)", "about", words)  # "abt the bill"
    about = re.match(r"(?i)about\b", words)
    words = _LEAD.sub("", words) if not about else words
    return words.strip(" ,.;:!?-")
