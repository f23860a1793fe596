"""Corrections that do not say what they correct: "ugh sorry not monzo, its revolut", "my bad,
dario's in turin not milan", "i meant priyanka got promoted not leela", "wait no its the 21st".

A correction is marked by its words ("actually", "wait", "sorry", "my bad", "i meant", "not
X"). When a fact pattern already recognised the new value in the same clause ("actually raj
lives in berkeley not oakland") the fact itself carries `correction=True`. Otherwise the
rules cannot know which fact held the old value, so they say what they can
(`CorrectionStatement`: old and new as written, or a corrected date) and the engine, which
sees the stored facts, finds what was meant: a current fact whose value is `old`, a person
named `old`, or the birthday or meeting just told.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from difflib import SequenceMatcher

from core.asked_when import MONTHS
from core.intents import CorrectionStatement, LogIntent
from core.understand.clauses import Clause
from core.understand.dates import find_day, find_month_day
from core.understand.names import fold

logger = logging.getLogger(__name__)

_MARK = re.compile(r"^\s*\*|^\W*(?:(?:ugh|oh|oops|hmm|ah|argh|omg|lol)\W+)*(?:actually|correction|no wait|wait|sorry|oops|"
                   r"my bad|i was wrong|i got that wrong|scratch that|i meant|i mean|no no|nope|not quite|typo)\b"
                   r"|\b(?:i meant|my bad|my mistake|sorry)\b|\bactually\W*$"
                   r"|^\W*(?:(?:oh|ah|ok|wait)\W+)*(?:that|it|this)\s+was\s+(?:actually\s+)?(?:on\s+)?(?=(?:last|mon|tue|wed|thu|"
                   r"fri|sat|sun|yday|yesterday|the day before))", re.I)  # "oh that was last tuesday actually"
_FILLER = r"(?:(?:no|wait|sorry|ugh|oops|my bad|actually|i meant|lol|haha|the|it's|its|it is|it was|that's|thats|was)\W+)*"
_NOT_OLD_NEW = re.compile(rf"\bnot\s+(?P<old>[^,;.!?]+?)\s*(?:[,;.!?]|\s-)+\s*{_FILLER}(?P<new>[^,;.!?]+)", re.I)
_NEW_NOT_OLD = re.compile(r"(?:\b(?:in|at|for|to|with|is|was|it's|its|'s|’s|meant|from)\s+)(?P<new>[^,;.!?]+?)\s*,?\s+"
                          r"(?:and\s+)?not\s+(?P<old>[^,;.!?]+)", re.I)
_TRAIL = re.compile(r"\s+(?:lol|haha|sorry|oops|tho|though|actually|now|anyway|\W+)$", re.I)


# "i mixed them up", "other way round": two people's values were swapped
_MIXED = re.compile(r"\bmix(?:ed)?\s*(?:(?:them|em|'em|those|the two|the names|their \w+|it|that)\s+)?up\b|\bmix-?up\b"
                    r"|\bother way (?:a?round)\b|\b(?:swapped|switched) (?:them|their|the)\b|\bbackwards\b"
                    r"|\bconfused (?:them|the two)\b", re.I)
_WHO = r"(?:\s+(?:who|that)(?P<is>'s|’s|s\b|\s+is\b|\s+was\b)?)"
_NOT_PRONOUN = r"(?!(?:that|this|it|he|she|they|which|what|who|there|here|i|you|u|we)\b)"
# "it's priya who's moving", "it was kofi who got the job": the cleft said plainly ("priya is moving")
_CLEFT = re.compile(rf"\b(?:it'?s|it’s|it is|it was|twas|that'?s|that’s|that was)\s+{_NOT_PRONOUN}"
                    rf"(?P<name>[^\W\d_][\w’'-]*?)(?:'s|’s)?{_WHO}\s*", re.I)
# "tunde is the one in lagos", "ishani's the one getting married", "levan's the one who moved"
_THE_ONE = re.compile(rf"\b{_NOT_PRONOUN}(?P<name>[^\W\d_][\w-]*?)(?:\s+(?:is|was)|'s|’s)\s+the\s+(?:one|person|guy|girl)"
                      rf"{_WHO}?\s*", re.I)


def uncleft(text: str) -> tuple[str, list[str]]:
    """`text` with its clefts said plainly ("it's priya who's moving" -> "priya is moving"), and
    the names they put first (the people a fact really belongs to)."""
    names: list[str] = []

    def plain(m: re.Match[str]) -> str:
        names.append(m["name"])
        one = m.re is _THE_ONE and "who" not in m.group(0).lower() and "that" not in m.group(0).lower()[len(m["name"]):]
        return f"{m['name']} is " if m["is"] or one else f"{m['name']} "
    said = _THE_ONE.sub(plain, _CLEFT.sub(plain, text))
    return said, names


def _unsaid(text: str, old: str) -> str:
    """A note of the right person without the correction's own words ("not devansh, sorry")."""
    text = re.sub(rf"(?i)\s*[,;-]?\s*(?:and\s+)?not\s+(?:to\s+|for\s+|with\s+|about\s+)?{re.escape(old)}(?:'s|’s)?\b", "", text)
    text = re.sub(r"(?i)^\W*(?:(?:sorry|wait|no|oops|ugh|actually|my bad|i meant|i mixed (?:them|it) up|lol)\b\W*)+", "", text)
    return _clean(re.sub(r"(?i)[,\s]+(?:sorry|my bad|lol|oops)\W*$", "", text))


def _moved(text: str, clauses: list[Clause], out: LogIntent, clefted: list[str]) -> bool:
    """"sorry its priya whos moving not leela", "i mixed them up - tunde is the one in lagos": what
    was said of one person (or of whoever holds the value now told) belongs to another."""
    mentions = [p for c in clauses for p in c.people]
    old = next((p for c in clauses for p in c.people
                if re.search(r"(?i)\bnot\s+(?:to\s+|for\s+|with\s+|about\s+)?$", c.text[:p.start])), None)
    swap = bool(_MIXED.search(text))
    told = {f.person for f in out.facts if f.correction} if swap else set()  # "got them backwards - luca works at x"
    firsts = [p for p in mentions if p.name in told or any(fold(p.name).startswith(fold(n)) for n in clefted)]
    new = next((p for p in firsts + mentions if old is None or fold(p.name) != fold(old.name)), None)
    if new is None or old is None and not firsts:
        return False
    if old is not None and not new.known and similar(new.name, old.name):
        return False  # "it's Katarzyna not Katarzina": a spelling
    if old is not None:
        for n in out.notes:
            if n.person == new.name:
                n.text = _unsaid(n.text, old.name.split()[0]) or n.text
        _drop(out, {old.name} - {f.person for f in out.facts})
    out.corrections.append(CorrectionStatement(person=old.name if old else None, old=old.name if old else "",
                                               new=new.name, moved_to=new.name, swap=swap, text=text))
    return True


_SPELLED = re.compile(r"(?:\b(?:spelled|spelt|spelling is|spelled as|written)\s+|^\s*\*\s*)(?P<new>[^\W\d_][\w'’-]+)\s*\W*$",
                      re.I)


def similar(a: str, b: str) -> bool:
    """Two spellings of one name ("Katarzina", "Katarzyna"), not two names."""
    a, b = a.split()[0].casefold(), b.split()[0].casefold()
    return a != b and SequenceMatcher(None, fold(a), fold(b)).ratio() >= 0.7


def _spelling(out: LogIntent, old: str, new: str, text: str) -> None:
    """A name's spelling corrected: a rename, not a new person."""
    out.notes = [n for n in out.notes if fold(n.person) != fold(new)]
    out.people = [p for p in out.people if fold(p) != fold(new)]
    out.facts = [f for f in out.facts if fold(f.person) != fold(new)]
    out.interactions = [i for i in out.interactions if fold(new) not in {fold(p) for p in i.people}]
    new = new[:1].upper() + new[1:]
    out.corrections.append(CorrectionStatement(person=old, old=old, new=new, text=text))


_NAME_IS = re.compile(r"\b(?:his|her|their)\s+(?:real\s+|actual\s+|full\s+|first\s+)?name\s*(?:\s+is|'s|’s|:)\s+"
                      r"(?:actually\s+|really\s+|spelled\s+|spelt\s+)?(?P<new>[^\W\d_][\w'’-]+)", re.I)


def _name_is(text: str, focus: str | None) -> LogIntent | None:
    """"ugh autocorrect, her name is niloufar": the person just told about, respelled."""
    if not focus or not (m := _NAME_IS.search(text)):
        return None
    new = m["new"]
    old = next((w for w in focus.split() if similar(new, w)), None)
    if old is None:
        return None
    out = LogIntent(people=[focus])
    _spelling(out, focus, new, text)
    out.corrections[-1].old = old
    return out


def spelling(text: str, known: list[str], focus: str | None = None) -> LogIntent | None:
    """"its Katarzyna not Katarzina": a contact's name respelled, read before the name finder
    (whose one-typo match would take the new spelling for the known contact)."""
    if said := _name_is(text, focus):
        return said
    m = _NOT_OLD_NEW.search(text) or _NEW_NOT_OLD.search(text)
    if not m or not is_correction(text):
        return None
    old, new = _clean(m["old"]), _clean(m["new"])
    spelled = re.match(r"(?i)(?:spelled|spelt|spelling is|written|with an?\s+\w+,?)\s+", new)
    new = new[spelled.end():] if spelled else new  # "its spelled aoife not eefa": said to be a spelling
    if len(old.split()) != 1 or len(new.split()) != 1 or not (spelled or similar(old, new)):
        return None
    words = {fold(w): k for k in known for w in k.split()}
    if fold(new) != fold(old) and fold(new) in words or (who := words.get(fold(old))) is None:
        return None
    out = LogIntent(people=[who])
    _spelling(out, who, new, text)
    out.corrections[-1].old = old
    return out


def _day_of(phrase: str, today: date) -> tuple[date, tuple[int, int]] | None:
    """The day a corrected phrase names: "wednesday", "the 5th", "5th"."""
    bare = re.fullmatch(r"\s*(?:the\s+)?(\d{1,2}(?:st|nd|rd|th))\s*", phrase, re.I)
    return find_day(f"the {bare.group(1)}" if bare else phrase, today, future=False)


_BDAY_WORD = re.compile(r"\b(?:b-?day|birthday|bday'?s|birthday'?s|born)\b", re.I)
_MONTH = re.compile(rf"\b(?:in\s+)?({'|'.join(sorted(MONTHS, key=len, reverse=True))})\b\.?", re.I)


def _month(phrase: str) -> int | None:
    """The month a corrected phrase names ("june", "bday is in june"), when it names one only."""
    found = {MONTHS[m.lower()] for m in _MONTH.findall(phrase) if m.lower() != "may" or re.search(r"\bin\s+may\b", phrase, re.I)}
    return found.pop() if len(found) == 1 else None


def is_correction(text: str) -> bool:
    return bool(_MARK.search(text)) or bool(_MIXED.search(text)) or bool(re.search(r",?\s+not\s+|^\W*not\s+[^,;]{1,30}?\s*[,;-]+\s*\S", text, re.I))


def _clean(phrase: str) -> str:
    phrase = phrase.strip(" '\"")
    while (m := _TRAIL.search(phrase)) and m.start() > 0:
        phrase = phrase[:m.start()]
    return phrase.strip(" '\"")


def _drop(out: LogIntent, names: set[str]) -> None:
    """What was said of `names` taken back: they were the corrected values, not people."""
    out.notes = [n for n in out.notes if n.person not in names]
    out.facts = [f for f in out.facts if f.person not in names]
    out.interactions = [i for i in out.interactions if not set(i.people) & names]
    out.relations = [r for r in out.relations if not {r.person, r.relative} & names]
    out.people = [p for p in out.people if p not in names]


def corrections(text: str, clauses: list[Clause], out: LogIntent, focus: str | None, today: date,
                clefted: list[str] | None = None) -> None:
    """Add what a correction says to `out` when no fact pattern already did (`clefted`: the names
    `uncleft` put first)."""
    if not is_correction(text) or _moved(text, clauses, out, clefted or []) or any(f.correction for f in out.facts):
        return
    named = [p for c in clauses for p in c.people]
    person = named[0].name if named else focus
    m = _NOT_OLD_NEW.search(text) or _NEW_NOT_OLD.search(text)
    if m:
        old, new = _clean(m["old"]), _clean(m["new"])
        values = [p for p in named if not p.known and fold(p.name) in (fold(old), fold(new))]
        if values and len(values) == len(named) and focus:  # "sorry not allegro, its ing": values, not people
            _drop(out, {p.name for p in values})
            named, person = [], focus
        olds = [p for p in named if fold(p.name) == fold(old) or fold(old).startswith(fold(p.name) + " ")]
        if olds:  # "i meant priyanka got promoted not leela": the news was about someone else
            others = [p for p in named if p.name != olds[0].name]
            if others and not others[0].known and similar(others[0].name, olds[0].name):
                _spelling(out, olds[0].name, others[0].name, text)  # "it's Katarzyna not Katarzina"
            elif others:
                out.corrections.append(CorrectionStatement(person=olds[0].name, old=olds[0].name, new=others[0].name,
                                                           text=text))
            return
        if (when := _day_of(new, today)) and _day_of(old, today):
            md = find_month_day(new)  # "it was monday not tuesday": a date
            ordinal = re.fullmatch(r"\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s*", new, re.I)  # "the 5th": no month said
            relative = not md and not ordinal  # "not tuesday, wednesday": a day of a meeting, never a birthday
            out.corrections.append(CorrectionStatement(person=person, month=md.month if md else None,
                                                       day=None if relative else when[0].day, on=when[0], text=text))
            return
        if person and (month := _month(new)) and _month(old) and not re.search(r"\d", old + new):
            out.corrections.append(CorrectionStatement(person=person, month=month, text=text))  # "in june not july"
            return
        if old and new and person and not re.search(r"\d", old + new):
            out.corrections.append(CorrectionStatement(person=person, old=old, new=new, text=text))
            return
    if (m := _SPELLED.search(text)) and (person or focus):
        who = focus or next((p.name for p in named if p.known), None)
        if who and similar(m["new"], who.split()[0]):
            _spelling(out, who, m["new"], text)
            return
    if _MARK.search(text) and not out.facts and not out.interactions and person:
        md = find_month_day(text)
        found = find_day(text, today, future=False)
        if not md and _BDAY_WORD.search(text) and (month := _month(text)) and not re.search(r"\d", text):
            out.corrections.append(CorrectionStatement(person=person, month=month, text=text))  # "her bday's in march"
            return
        if md or found:
            day = md.day if md else found[0].day  # type: ignore[index]  # md or found is set
            month = md.month if md else None
            relative = bool(found and not md and not re.search(r"\bthe\s+\d", text))  # "that was last tuesday": a meeting
            out.corrections.append(CorrectionStatement(
                person=person, month=month, day=None if relative else day, on=found[0] if found else None, text=text))
