"""The sections a brief comes with (see `core.brief`): who they are, the latest news, recent
meetings, notes (what an import or a remark said) and how to reach them.

"Who they are" is family (both ways: "wife Maria", "Leo's dad"), work, home, where they are
from, school, birthday (with the age they turn and when), pets, nicknames, and how the owner
knows them: the first meeting, and a note that says so ("my coworker", "met through Ana").
Each fact is dated by when it was said; a relation by the message that said it. Notes repeat
only their parts about this person, and not the parts that state an old city or job.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date

from core import calendar
from core import format as fmt
from core.brief import Line, Subject, section
from core.facts import KINDS, confirmation
from core.notes_about import about_them, without_old
from core.records import Note
from core.understand.names import fold

logger = logging.getLogger(__name__)

_REACH = ("email", "phone")  # in "Contact", not in "Who they are"
_CARD = ("name_prefix", "middle_name", "name_suffix")  # shown as the full name
_WORK = ("title", "employer", "work_city")
_LABELS = {"email": "E-mail: {value}", "phone": "Phone: {value}", "nickname": "Nickname: {value}",
           "work_city": "works in {value}"}
_HOW = re.compile(r"(?i)\b(?:met (?:through|via|thru|at|in)|(?:know|knew) (?:him|her|them) from|introduced|"
                  r"my (?:co-?worker|colleague|boss|manager|neighbou?r|roommate|flatmate|classmate|teammate|"
                  r"friend from|mate from|old friend|best friend|client|mentor|landlord))\b")

_CALLED = re.compile(r"(?i)\b(?:call(?:ed)?|rang|phoned?|facetimed?|video ?call(?:ed)?|zoom(?:ed)?|skyped?)\b")
_TEXTED = re.compile(r"(?i)\b(?:text(?:ed)?|messaged|dm'?d|whatsapp(?:ed)?|emailed)\b")


def _said(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _fact(kind: str, value: str) -> str:
    if kind in _LABELS or kind not in KINDS:
        return _LABELS.get(kind, kind.replace("_", " ") + " {value}").format(value=value)
    return confirmation(kind, value)


def _birthday(value: str, today: date) -> str:
    text = f"birthday {fmt.month_day(value)}"
    nxt = calendar.next_birthday(value, today)
    ahead = (nxt - today).days
    when = "today" if not ahead else "tomorrow" if ahead == 1 else f"in {ahead} days"
    if len(value) == 10:
        return f"{text}, turns {nxt.year - int(value[:4])} {when}"
    return f"{text}, {when}"


async def _notes(s: Subject, kinds: tuple[str, ...], limit: int) -> list[Note]:
    """`s`'s notes of these kinds, trimmed to the parts about them, old cities and jobs left out."""
    store, k, c = s.store, s.owner, s.contact
    current = s.facts
    old = [f for f in await store.past_facts(k, c.id) if f.kind != "birthday"
           and (f.kind not in current or fold(current[f.kind].value) != fold(f.value))]
    out = []
    for n in await store.notes(k, c.id, kinds, limit):
        text = about_them(n.text, c, s.contacts)
        if text is None or (text := without_old(text, [f.value for f in old], [f.value for f in current.values()])) is None:
            continue
        out.append(replace(n, text=" ".join(text.split())))
    return out


def _first(note: str) -> str:
    """How the first contact in the log went: met, talked (a call) or texted."""
    if _CALLED.search(note):
        return "first talked"
    return "first texted" if _TEXTED.search(note) else "first met"


@section("who", 10, "Who they are", limit=12)
async def who(s: Subject) -> list[Line]:
    store, k, c, today = s.store, s.owner, s.contact, s.today
    lines = []
    for relation, other, mine, on in await store.relations_said(k, c.id):
        text = f"{relation} {other.name}" if mine else f"{fmt.possessive(other.name)} {relation}"
        lines.append(Line(text, on))
    facts = s.facts
    work = [facts[kind] for kind in _WORK if kind in facts]
    if work:
        said = max(_said(f.valid_from) or today for f in work)
        lines.append(Line(" · ".join(_fact(f.kind, f.value) for f in work), said))
    shown = set(_WORK) | set(_REACH) | set(_CARD)
    for kind, f in facts.items():
        if kind in shown:
            continue
        text = _birthday(f.value, today) if kind == "birthday" else _fact(kind, f.value)
        lines.append(Line(text, _said(f.valid_from)))
    if card := {x: facts[x] for x in _CARD if x in facts}:
        v, parts = {x: f.value for x, f in card.items()}, c.name.split()
        full = [v.get("name_prefix", ""), *parts[:1], v.get("middle_name", ""), *parts[1:], v.get("name_suffix", "")]
        lines.append(Line("Full name: " + " ".join(p for p in full if p), _said(next(iter(card.values())).valid_from)))
    first = await store.interactions(k, c.id, newest_first=False, limit=1)
    if first:
        i = first[0]
        lines.append(Line(_first(i.note) + (f" at {i.place}" if i.place else ""), i.on, dated_first=True))
    how = [n for n in await _notes(s, ("news", "fact", "interaction"), 40) if _HOW.search(n.text)]
    if how:
        n = how[-1]  # the earliest that says it
        lines.append(Line(f"how you know them: {n.text}", n.on, dated_first=True))
    return lines


@section("news", 20, "Latest news")
async def news(s: Subject) -> list[Line]:
    return [Line(n.text, n.on, dated_first=True) for n in await _notes(s, ("news",), 20)]


@section("meetings", 30, "Recent meetings", limit=4)
async def meetings(s: Subject) -> list[Line]:
    store, k, c = s.store, s.owner, s.contact
    out = []
    for i in await store.interactions(k, c.id, limit=50):
        note = about_them(i.note, c, s.contacts) or i.note
        where = f"at {i.place} — " if i.place else ""
        out.append(Line(where + " ".join(note.split()), i.on, dated_first=True))
    return out


@section("notes", 60, "Imported notes")
async def notes(s: Subject) -> list[Line]:
    """What an imported file said of them (a vCard's NOTE, a CSV's notes)."""
    return [Line(" ".join(n.text.split()), n.on, dated_first=True)
            for n in await s.store.imported_notes(s.owner, s.contact.id, 20)]


@section("reach", 70, "Contact")
async def reach(s: Subject) -> list[Line]:
    lines = []
    for kind in _REACH:
        if f := s.facts.get(kind):
            lines.append(Line(_fact(kind, f.value), _said(f.valid_from)))
    for r in await s.store.reminders(s.owner):
        if r.contact.id == s.contact.id:
            lines.append(Line(f"keep in touch every {fmt.plural(r.every_days, 'day')}", _said(r.since)))
    return lines
