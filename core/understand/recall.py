"""Question shapes for recall: a brief, looking back over the meeting log, losing touch.

`parse` runs before the other question shapes (`core.understand.questions`) and claims only
what it recognises, by construction rather than by sentence:

- a brief: a request verb for everything about someone ("tell me everything about sam",
  "give me the rundown on ana", "prep me for lunch w sam", "brief me on tomás", "refresh my
  memory on jo", "everything i know about ike?");
- looking back: how often ("how often did i see maya this year", "how many times have i met
  ravi"), what happened with someone in a range of days ("what did i do with sam in march",
  "when did we hang out in 2025"; a yes/no "did i see omar last week?" stays the last-seen
  question, whose answer is the last meeting), or when someone from a group
  was last seen ("when did i last see anyone from work", "last time i saw my cousins"); and
  "what did i do last weekend" or "who did i see in 2025", which list the meeting log;
- losing touch: "who am i losing touch with", "who haven't i talked to in ages", "anyone i'm
  drifting away from" (the `not_seen` kind, answered by `core.losing_touch`).

Ranges are those of `core.understand.ranges`, plus a year ("in 2025") and a month of a year
("in march 2025"). "recently" and "lately" are left to the last-seen question ("have i seen
maya lately?" asks for the last meeting, not a list).
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

from core.intents import QuestionIntent
from core.understand.lexicon import MONTHS, WEEKDAYS
from core.understand.names import find_people, fold
from core.understand.ranges import date_range

logger = logging.getLogger(__name__)

_ASK = r"^(?:(?:hey|ok|okay|so|pls|please|yo)\W+)*(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?)?"
_BRIEF = re.compile(
    _ASK + r"(?:(?:tell|show|give|send)\s+me\s+(?:\w+\s+){0,2}?(?:everything|all|the\s+(?:full\s+)?(?:story|rundown|"
    r"lowdown|brief|run\s*down|details)|a\s+(?:full\s+)?(?:rundown|brief|briefing|refresher|recap|summary|run\s*down))\b"
    r"|(?:prep|prepare|brief|ready|get)\s+me\b(?!\s+(?:a|an|some)\b)"
    r"|refresh\s+my\s+memory\b|(?:fill|catch)\s+me\s+in\b|catch\s+me\s+up\b|(?:get|bring)\s+me\s+up\s+to\s+speed\b"
    r"|everything\s+(?:i|you|u)\s+(?:know|have|got|remember)\b"
    r"|(?:brief|briefing|rundown|dossier|profile|cheat\s*sheet|lowdown)\s+(?:on|for|about|abt|of)\b)")
_BRIEF_TALK = {"prep", "prepare", "brief", "briefing", "ready", "lunch", "dinner", "coffee", "drinks", "breakfast",
               "brunch", "meeting", "call", "date", "tomorrow", "tmrw", "tmr", "tonight", "today", "later", "soon",
               "everything", "rundown", "memory", "speed", "know", "about", "abt", "with", "w", "on", "for", "me",
               "tell", "give", "show", "the", "a", "my", "i", "you", "u", "all", "pls", "please", "catch", "fill",
               "in", "up", "to", "get", "refresh", "dossier", "profile", "lowdown", "story", "full", "details", "what",
               "before", "our", "we", "re", "of", "at", "next", "this", "week", "and", "have", "got"}

_VERB = (r"(?:see|saw|seen|meet|met|meeting|hang|hung|hangout|catch|caught|talk|talked|speak|spoke|spoken|call|called|"
         r"visit|visited|do|did|done|get up to|got up to|have|had|grab|grabbed|go|went|been|text|texted|chat|chatted)")
HOW_OFTEN = re.compile(r"^(?:(?:so|and|hey|ok)\s+)?how\s+(?:often|many\s+times|frequently|regularly)\b.*\b"
                        + _VERB + r"\b")
# "what did i do with sam", "when did we hang out", "what did maya and i get up to": the owner did it
_LOOKING_BACK = re.compile(r"^(?:what|when|where|which\s+\w+)\s+(?:did|have|had)\s+(?:i|we|u|you|.*\band\s+i)\b.*\b"
                           + _VERB + r"\b")
_QUESTION = re.compile(r"^(?:when|who|whom|how|what|which|last\s+time|any|(?:did|have|had)\s+(?:i|we))\b|\?\s*$")
_DID_WHAT = re.compile(r"^(?:so\s+)?what\s+(?:did|have|had)\s+(?:i|we)\s+(?:do|done|get up to|been up to|been doing)\b")
_YES_NO = re.compile(r"^(?:have|did|had)\s+(?:i|we)\b")  # "did i see olu this week?": the last meeting says
_BIRTHDAY = re.compile(r"\b(?:birthdays?|bdays?|b-days?|born|anniversary)\b")
_VAGUE = re.compile(r"\b(?:recently|lately|these days)\b")

_GROUP = re.compile(
    r"\b(?:anyone|anybody|someone|somebody|people|folks|friends|any\s+of\s+(?:my|the)\s+\w+|who)\s+(?:i\s+know\s+)?"
    r"(?:from|at)\s+(?:the\s+|my\s+|our\s+)?(?P<g>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?)"
    r"|\bmy\s+(?P<plural>co-?workers|colleagues|teammates|classmates|neighbou?rs|cousins|family|roommates|flatmates|"
    r"work\s+friends|in-?laws)\b")
_LAST = re.compile(r"\b(?:last|latest|most recent(?:ly)?|when)\b")

_YEAR = re.compile(r"\b(?:in|during|back in|of|for)?\s*(?P<y>(?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(r"\b(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b")

_LOSING = re.compile(
    r"^(?:who|whom|anyone|anybody|which\s+(?:friends?|people|contacts))\b.*(?:"
    r"\b(?:losing|lost|lose|fall(?:en|ing)?\s+out\s+of|fell\s+out\s+of|out\s+of)\s+touch\b"
    r"|\bdrift(?:ing|ed)?\s+(?:apart|away)\b|\bgrow(?:ing|n)?\s+apart\b"
    r"|\b(?:haven'?t|havent|have\s+not|not|didn'?t)\b.*\b(?:in|for)\s+(?:a\s+while|ages|forever|a\s+long\s+time|too\s+long|"
    r"a\s+bit|some\s+time|months)\b"
    r"|\b(?:should|could|ought to)\s+i\s+(?:reach\s+out\s+to|get\s+back\s+in\s+touch|reconnect|ping)\b"
    r"|\b(?:overdue|neglect(?:ed|ing)?|ignoring|ghost(?:ed|ing)?)\b)")


def low_of(text: str) -> str:
    """Folded, with texting's "w/ maya" / "lunch w maya" read as "with"."""
    return re.sub(r"\bw/?\s+(?=[^\W\d_])", "with ", fold(text))


def _month_end(d: date) -> date:
    nxt = d.replace(day=28) + timedelta(days=4)
    return nxt - timedelta(days=nxt.day)


def span(low: str, today: date) -> tuple[date, date] | None:
    """The days a look-back names: "in march 2025", "in 2025", then the ranges of
    `core.understand.ranges` ("last month", "in june", "this year"); None when it names none."""
    if m := _MONTH_YEAR.search(low):
        start = date(int(m["y"]), MONTHS[m["m"]], 1)
        return (start, min(_month_end(start), today)) if start <= today else None
    if (m := _YEAR.search(low)) and not re.search(r"\b\d{1,2}[/.-]" + m["y"], low):
        year = int(m["y"])
        return (date(year, 1, 1), min(date(year, 12, 31), today)) if year <= today.year else None
    return date_range(low, today)


def group_of(low: str) -> str | None:
    """The group a look-back asks about: "anyone from work" -> "work", "my cousins" -> "cousins"."""
    if m := _GROUP.search(low):
        words = []
        for w in (m["g"] or m["plural"]).split():
            if w in _GROUP_END:
                break
            words.append(w)
        return " ".join(words) or None
    return None


_NOT_A_NAME = {*MONTHS, *WEEKDAYS, "work", "today", "tonight", "tomorrow", "tmrw", "yesterday", "weekend", "year", "month",
               "week", "anyone", "anybody", "someone", "everyone", "people", "lately", "recently", "he", "she", "they", "him",
               "her", "them", "his", "their", "me", "i", "we", "us"}
_GROUP_END = {"did", "do", "does", "have", "has", "had", "i", "we", "last", "this", "in", "on", "at", "lately", "recently",
              "was", "were", "is", "are", "and", "or", "that", "who", "when", "since", "before", "after", "most", "yet"}


def _people(t: str, known: list[str]) -> list[str]:
    """The names a question mentions, known contacts first; "june" or "friday" only as a contact."""
    found = [m for m in find_people(t, known) if m.known or fold(m.name) not in _NOT_A_NAME]
    return [m.name for m in sorted(found, key=lambda m: (not m.known, m.start))]


def _brief_person(t: str, low: str, known: list[str], focus: str | None) -> str | None:
    names = _people(t, known)
    if names:
        return names[0]
    # a name nobody knows, after the last "about / on / with / for": "brief me on zed" (said honestly)
    m = list(re.finditer(r"\b(?:about|abt|on|with|for|re)\s+(?P<w>[^\W\d_][\w'-]*)", low))
    for hit in reversed(m):
        word = hit["w"]
        if word not in _BRIEF_TALK and word not in _NOT_A_NAME and len(word) > 1:
            return word.capitalize()
    if focus and re.search(r"\b(?:him|her|them|he|she|they)\b", low):
        return focus
    return None


def parse(text: str, known: list[str], focus: str | None, today: date | None) -> QuestionIntent | None:
    """A brief, look-back or losing-touch question, or None for every other text."""
    t = text.strip()
    low = low_of(t)
    if _BRIEF.search(low) and not _BIRTHDAY.search(low) and not re.search(r"\bremind\b", low):
        if person := _brief_person(t, low, known, focus):
            return QuestionIntent(kind="brief", person=person, query=t)
        return None
    if _LOSING.search(low) and not _people(t, known):
        return QuestionIntent(kind="not_seen", query=t)
    if today is None or _BIRTHDAY.search(low):
        return None
    days = None if _VAGUE.search(low) else span(low, today)
    start, end = days or (None, None)
    if HOW_OFTEN.search(low) or (group_of(low) and _LAST.search(low) and _QUESTION.search(low)
                                  and re.search(r"\b" + _VERB + r"\b", low)):
        names = _people(t, known)
        person = names[0] if names else (focus if re.search(r"\b(?:him|her|them)\b", low) else None)
        return QuestionIntent(kind="lookback", person=person, query=t, start=start, end=end)
    if days is None:
        return None
    names = _people(t, known)
    if names and _LOOKING_BACK.search(low) and not _YES_NO.search(low):
        return QuestionIntent(kind="lookback", person=names[0], query=t, start=start, end=end)
    if not names and (_DID_WHAT.search(low) or re.match(r"^(?:who|whom)\b.*\b" + _VERB + r"\b", low)) and (
            _YEAR.search(low) or _DID_WHAT.search(low)):
        return QuestionIntent(kind="seen_between", query=t, start=start, end=end)
    if not names and focus and re.search(r"\bwe\b", low) and _LOOKING_BACK.search(low):
        return QuestionIntent(kind="lookback", person=focus, query=t, start=start, end=end)
    return None
