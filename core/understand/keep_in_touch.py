"""Keep-in-touch requests: who, and how often, each person with their own cadence.

A request is a sentence that asks to be reminded ("remind / nudge / ping / bug me", "keep in
touch w", "check in with", "don't let me ...") and says how often, in one of two ways:

- a cadence: "every 10 days", "every couple of weeks", "monthly", "once a month", "twice a
  month", "every sunday" (a week);
- a lapse: "if I haven't talked to X in a month", "never let me go over a fortnight without
  ringing him", "if i go a month without seeing chen", "when it's been 2 weeks since i saw
  marta".

A sentence may name several people, each with their own cadence ("remind me to check on ayesha
every 10 days, and bruno every 3 weeks"; "ping me every fortnight about leila, and every month
about arjun"). The clause splitter has already cut the sentence at the new subject, so each
clause is read on its own: the cadence said in the clause, else the next one said later in the
sentence ("text olu and ifeoma every 2 weeks"), else the last one said before it ("..., and
ifeoma too"). A clause that names no one but says "her / him / them" is about the person in
focus. `cadence_days` is also how `/keepintouch NAME 2w` reads its words.
"""

from __future__ import annotations

import logging
import re

from core.intents import KeepInTouchStatement
from core.understand.clauses import Clause
from core.understand.lexicon import MEETING_WORDS, UNIT_DAYS, WEEKDAYS
from core.understand.wordkind import is_small_word

logger = logging.getLogger(__name__)

_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "couple of": 2, "a couple of": 2,
           "a couple": 2, "few": 3, "a few": 3, "several": 4, "other": 2}
_N = r"(?P<n>\d{1,3}|a couple of|a couple|couple of|couple|a few|few|several|an?|one|two|three|four|five|six|seven|" \
     r"eight|nine|ten|eleven|twelve|other)"
_UNIT = r"(?P<unit>days?|weeks?|wks?|fortnights?|months?|mos?|mths?|years?|yrs?)\b"
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_ADVERBS = {"daily": 1, "weekly": 7, "fortnightly": 14, "biweekly": 14, "monthly": 30, "quarterly": 91, "yearly": 365}
_CADENCE = re.compile(
    rf"\bevery\s+(?:{_N}\s+)?{_UNIT}|\bevery\s+(?P<wd>{_WEEKDAY}|weekend)\b"
    rf"|\b(?P<adv>{'|'.join(_ADVERBS)})\b", re.I)
# "once a month", "each week", "once every two weeks": said as "every ..."; "twice a month": every 2 weeks
_ONCE = re.compile(r"\b(?:(?:once|one time)\s+(?:a|per|each|every)|each|once every|per)\s+"
                   r"(?=(?:\w+\s+)?(?:day|week|fortnight|month|year)s?\b)", re.I)
_TWICE = re.compile(r"\btwice\s+(?:a|per|each)\s+month\b", re.I)
# what makes a sentence a request to be reminded
TRIGGER = re.compile(
    r"\b(?:remind|nudge|ping|bug|poke|tell|alert|prompt|text|message)\s+me\b|\blet\s+me\s+know\b|\blmk\b"
    r"|\bdon'?t\s+let\s+me\b|\bdo\s+not\s+let\s+me\b|\bnever\s+let\s+me\b|\bmake\s+sure\s+i\b"
    r"|\b(?:keep|stay)\s+in\s+touch\b|\bcheck\s+in\b|\bcatch\s+up\b|\bi\s+(?:really\s+)?(?:want\s+to|wanna|'d\s+like\s+to|would\s+like\s+to|should|shd|must|gotta|"
    r"ought\s+to|need\s+to|have\s+to|mean\s+to|keep\s+meaning\s+to|promised\s+(?:myself\s+)?to|try\s+to)\b"
    r"|\bhelp\s+me\b|\bkeep\s+(?:up|tabs)\b|\breach\s+out\b", re.I)
# a lapse: how long may pass without contact
_LAPSES = (
    re.compile(rf"\b(?:haven'?t|have\s+not|hadn'?t|didn'?t|don'?t|not|no)\b[^.!?]*?\b(?:in|for|after|within|over)\s+"
               rf"(?:(?:the\s+)?(?:last|past)\s+)?(?:more\s+than\s+|over\s+)?(?:{_N}\s+)?{_UNIT}", re.I),
    re.compile(rf"\b(?:go|going|gone|went|pass|passes)\s+(?:(?:more|longer)\s+than\s+|over\s+|beyond\s+|past\s+)?"
               rf"(?:{_N}\s+)?{_UNIT}[^.!?]*?\bwithout\b", re.I),
    re.compile(rf"\b(?:it'?s|it\s+is|it\s+has|has|have)\s+(?:been\s+)?(?:(?:more|longer)\s+than\s+|over\s+)?(?:{_N}\s+)?"
               rf"{_UNIT}\s+since\b", re.I),
)
# a comma or a semicolon, then a meeting: another statement than the request
_AFTER_A_BREAK = re.compile(rf"[,;][^,;]*?\b(?:{MEETING_WORDS})\b", re.I)
_PRONOUN = re.compile(r"\b(?:her|him|them|she|he|they)\b", re.I)


def _count(said: str | None) -> int:
    if not said:
        return 1
    said = said.lower()
    return int(said) if said.isdigit() else _COUNTS.get(said, 1)


def _unit_days(unit: str) -> int:
    u = unit.lower()
    key = "day" if u.startswith("d") else "week" if u.startswith("w") else "fortnight" if u.startswith("f") else (
        "month" if u.startswith("m") else "year")
    return UNIT_DAYS[key]


def cadence_days(text: str) -> int | None:
    """Days between reminders a text asks for ("every 10 days", "monthly", "twice a month"), or None."""
    m = _find(text)
    return m[0] if m else None


# "every 10 days & sigrid every 20": a count whose unit was said before
_BARE_EVERY = re.compile(r"\bevery\s+(?P<n>\d{1,3})\b(?!\s*(?:\w+\s+)?(?:days?|weeks?|wks?|fortnights?|months?|mos?|mths?|"
                         r"years?|yrs?)\b)", re.I)
# "..., same for haruto after a month": once a lapse is said, a span alone says another
_SPAN_AFTER = re.compile(rf"\b(?:after|in|within|for)\s+(?:(?:more|longer)\s+than\s+|over\s+)?(?:{_N}\s+)?{_UNIT}", re.I)


def _find(text: str, pos: int = 0, unit: int | None = None, lapse: bool = False) -> tuple[int, int] | None:
    """(days, where) of the first cadence or lapse at or after `pos`; `unit` (days) for a bare
    "every 20", and `lapse` when the sentence said one ("same for X after a month")."""
    found: list[tuple[int, int]] = []
    if unit and (b := _BARE_EVERY.search(text, pos)):
        found.append((int(b["n"]) * unit, b.start()))
    if lapse and (s := _SPAN_AFTER.search(text, pos)):
        found.append((_count(s["n"]) * _unit_days(s["unit"]), s.start()))
    for m in _CADENCE.finditer(text, pos):
        if m["adv"]:
            found.append((_ADVERBS[m["adv"].lower()], m.start()))
        elif m["wd"]:
            found.append((7, m.start()))
        else:
            found.append((_count(m["n"]) * _unit_days(m["unit"]), m.start()))
        break
    for m in _ONCE.finditer(text, pos):
        after = _CADENCE.match("every " + text[m.end():])
        if after and not after["adv"] and not after["wd"]:
            found.append((_count(after["n"]) * _unit_days(after["unit"]), m.start()))
            break
    if m2 := _TWICE.search(text, pos):
        found.append((14, m2.start()))
    for said in _LAPSES:
        if m3 := said.search(text, pos):
            found.append((_count(m3["n"]) * _unit_days(m3["unit"]), m3.start()))
    if not found:
        return None
    days, at = min(found, key=lambda f: f[1])
    return max(1, min(days, 3660)), at


def _last_before(text: str, end: int) -> int | None:
    """The last cadence said before `end`."""
    last = None
    pos = 0
    while (f := _find(text[:end], pos)) is not None:
        last = f[0]
        pos = f[1] + 1
    return last


def _each(text: str, spans: list[tuple[int, int]]) -> list[int | None]:
    """The cadence of each person named at `spans` in `text`: the one said in that person's
    stretch (from the separator before the name to the separator before the next name), else
    the next one said, else the last one before."""
    starts = [0]
    for (_, prev_end), (start, _) in zip(spans, spans[1:]):
        seps = list(re.finditer(r"[,;]|\band\b|&|\+", text[prev_end:start]))
        starts.append(prev_end + seps[-1].start() if seps else start)
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    first = _CADENCE.search(text)
    unit = _unit_days(first["unit"]) if first and first["unit"] else None
    lapse = any(rx.search(text) for rx in _LAPSES)
    own = [_find(text[a:b], 0, unit, lapse) for a, b in bounds]
    vetoed = [f is not None and bool(_AFTER_A_BREAK.search(text[min(end, a + f[1]):max(start, a + f[1])]))
              for (a, _), f, (start, end) in zip(bounds, own, spans)]
    out: list[int | None] = []
    for i, f in enumerate(own):
        if vetoed[i]:  # "remind me to water the plants every 3 days, also lunch w kemi": a meeting, not a request
            out.append(None)
            continue
        if f is None:
            later = next((g for g in own[i + 1:] if g is not None), None)
            earlier = next((g for g in reversed(own[:i]) if g is not None), None)
            f = later or earlier
        out.append(f[0] if f else None)
    return out


def requests(clause: Clause) -> list[KeepInTouchStatement]:
    """The keep-in-touch reminders one clause sets up (the module's paragraph), or []."""
    sentence = clause.sentence or clause.text
    if not TRIGGER.search(sentence):
        return []
    people = list({p.name: p for p in clause.people}.values())
    if not people and clause.subject and (_PRONOUN.search(clause.text) or TRIGGER.search(clause.text)):
        days = _days_near(clause, sentence)
        return [KeepInTouchStatement(person=clause.subject, every_days=days)] if days else []
    if not people or _find(sentence) is None:
        return []
    each = _each(clause.text, [(p.start, p.end) for p in people])
    if all(d is None for d in each) and not any(_AFTER_A_BREAK.search(clause.text[p.start - 60 if p.start > 60 else 0:p.start])
                                                 for p in people):
        fallback = _days_near(clause, sentence)
        each = [fallback] * len(people)
    return [KeepInTouchStatement(person=p.name, every_days=d) for p, d in zip(people, each) if d]


def _bare(clause: Clause) -> bool:
    """Does the clause say nothing but who ("and ifeoma", "same for haruto")? Only such a clause, or
    one that asks to be reminded itself, borrows a cadence from the rest of its sentence: "...,
    also lunch w kemi today" is a meeting, not a request."""
    text = clause.text
    for p in sorted(clause.people, key=lambda p: -p.start):
        text = text[:p.start] + " " + text[p.end:]
    words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in _FILLER and not is_small_word(w)]
    return len(words) <= 1


_FILLER = {"same", "for", "abt", "too", "also", "pls", "plz", "please", "w", "with", "and", "her", "him", "them"}


def _days_near(clause: Clause, sentence: str) -> int | None:
    """The cadence of a clause that says none itself: the next one in its sentence, else the last before."""
    if f := _find(clause.text):
        return f[0]
    if not (_bare(clause) or TRIGGER.search(clause.text)):
        return None
    at = sentence.find(clause.text) if clause.text in sentence else -1
    if at < 0:
        return None
    after = _find(sentence, at + len(clause.text))
    return after[0] if after else _last_before(sentence, at)


# "make that every 2 weeks", "actually monthly", "change it to every 10 days pls": a new cadence for the
# reminder just set, with nothing else said
_CHANGE_WORDS = {"make", "that", "it", "them", "both", "change", "changed", "switch", "to", "actually", "instead", "rather",
                 "no", "nah", "wait", "ok", "okay", "oh", "sorry", "pls", "plz", "please", "let's", "lets", "do", "hmm",
                 "i", "mean", "meant", "then", "sry", "oops", "hm", "one", "thx", "ty", "thanks", "can", "you", "u",
                 "set", "maybe", "better", "just", "the", "reminder", "lol", "haha"}


def changed_cadence(text: str) -> int | None:
    """Days of the new cadence in a message that only changes the last reminder's ("make that every
    2 weeks", "actually monthly"), or None when it says anything more."""
    found = _find(text)
    if found is None:
        return None
    m = next((m for m in (_CADENCE.search(text), _ONCE.search(text), _TWICE.search(text)) if m and m.start() == found[1]),
             None)
    if m is None:
        return None  # a lapse ("if i haven't seen her in a month") is a request of its own
    end = m.end()
    if m.re is _ONCE and (after := _CADENCE.match("every " + text[end:])):
        end += after.end() - len("every ")
    rest = re.findall(r"[^\W\d_][\w']*", (text[:m.start()] + " " + text[end:]).lower())
    return found[0] if all(w in _CHANGE_WORDS for w in rest) else None


_ASKS = re.compile(r"^\W*(?:who|whom|whose|what|whats|what's|when|where|which|how|do|does|did|is|are|am|have|has|any)\b", re.I)


def is_request(text: str) -> bool:
    """Whether a whole message asks for keep-in-touch reminders ("tell me to ring auntie folake once a
    fortnight", "i keep meaning to text oyelaran, maybe monthly?"), however it ends: read as a
    statement, never as a question, unless it opens with a question word."""
    return bool(TRIGGER.search(text)) and _find(text) is not None and not _ASKS.match(text)
