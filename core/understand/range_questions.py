"""A question that names only a stretch of time: "anything else this month?", "and next week?",
"any in june?", "what about last weekend?". Said after a list of birthdays or of meetings, it asks
for the same list over another range; with no other word to go on, a range ahead asks for the
birthdays in it (the calendar Memoro keeps) and a range behind for the people seen in it.

Only a short message of range words and the words of a follow-up ("and", "what about",
"anything", "else", "any") is read this way; a message with a name or any other content word
goes on to the rest of the question reader.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from core.intents import QuestionIntent
from core.understand.ranges import ahead, date_range

logger = logging.getLogger(__name__)

# the words of a follow-up that only changes the range
_FOLLOW = frozenset("""
and n so ok what how about abt bout anything anyone anybody any else more other others whos who's whose what's whats
or then for in during over the a this next last coming upcoming weekend week month year fortnight today tomorrow
yesterday tonight is are there there's theres
""".split())  # noqa: SIM905
_MONTHS = frozenset("""
january february march april may june july august september october november december jan feb mar apr jun jul aug sep
sept oct nov dec
""".split())  # noqa: SIM905
_MAX_WORDS = 6
_ASKING = frozenset("and n what how about abt bout anything anyone anybody any else more whos who's whose".split())


def range_only(low: str, today: date) -> QuestionIntent | None:
    """The question a message made only of a range and follow-up words asks, or None."""
    words = re.findall(r"[a-z']+", low)
    if not words or len(words) > _MAX_WORDS or any(w not in _FOLLOW and w not in _MONTHS for w in words):
        return None
    if "?" not in low and not set(words) & _ASKING:
        return None  # "next month" alone says nothing
    if not set(words) & (_MONTHS | {"week", "weekend", "month", "year", "fortnight", "today", "tomorrow", "yesterday",
                                    "tonight"}):
        return None
    if re.search(r"\blast\b|\byesterday\b", low):
        if span := date_range(low, today):
            return QuestionIntent(kind="seen_between", query=low, start=span[0], end=span[1])
        return None
    if span := ahead(low, today):
        return QuestionIntent(kind="upcoming_birthdays", query=low, days=(span[1] - today).days,
                              start=span[0], end=span[1])
    if re.search(r"\b(?:this|next|coming)\s+(?:week|fortnight)\b", low):
        return QuestionIntent(kind="upcoming_birthdays", query=low, days=14 if "next" in low or "fortnight" in low else 7)
    return None
