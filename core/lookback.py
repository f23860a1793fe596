"""Looking back over the meeting log: what the owner did with someone in a range of days, how
often they saw them, and when they last saw anyone from a group ("from work", "my cousins").

Every answer is read from the log of interactions (meetings, calls, texts), each line dated.
A range comes with the question (`QuestionIntent.start`/`end`), or from its words when a model
understood it (`core.understand.recall.span`); with no range the whole log counts. How often
is said as a count, the first and last time in the range and the usual gap between them.

A group is who the notes tie to its words: "work" is colleagues ("my coworker dev", "lunch w
ana from the office"), an employer or school of that name ("anyone from google"), or a
relation ("my cousins"). Who is in it is found by SQL full-text over the owner's notes and by
facts, never by a guess: a group nobody is tied to gets "I don't know who is from work".
"""

from __future__ import annotations

import logging
import re
import statistics
from datetime import date

from core import contact_kinds
from core import format as fmt
from core.intents import QuestionIntent
from core.notes_about import about_them
from core.records import Contact, Interaction
from core.repositories import Store
from core.retrieval import fts_query
from core.understand.names import fold
from core.understand.recall import HOW_OFTEN, group_of, low_of, span

logger = logging.getLogger(__name__)

SHOWN = 6  # meetings listed
# the words a group is also called by ("from work" is a coworker too)
GROUP_WORDS = {
    "work": ("work", "coworker", "coworkers", "co-worker", "colleague", "colleagues", "office", "boss", "team", "job"),
    "school": ("school", "classmate", "classmates", "class"),
    "uni": ("uni", "university", "college", "classmate", "classmates"),
    "college": ("college", "uni", "university", "classmate", "classmates"),
    "family": ("family", "cousin", "aunt", "uncle", "sister", "brother", "mom", "dad", "mum", "grandma", "grandpa"),
    "coworkers": ("coworker", "coworkers", "co-worker", "colleague", "colleagues", "work", "office"),
    "colleagues": ("coworker", "coworkers", "co-worker", "colleague", "colleagues", "work", "office"),
    "neighbours": ("neighbour", "neighbours", "neighbor", "neighbors"),
    "neighbors": ("neighbour", "neighbours", "neighbor", "neighbors"),
}
_FACT_KINDS = ("employer", "school", "title", "work_city", "city", "hometown")


def _range(q: QuestionIntent, today: date) -> tuple[date, date] | None:
    if q.start and q.end:
        return q.start, q.end
    return span(low_of(q.query), today)


def _span_text(days: tuple[date, date] | None, today: date) -> str:
    if days is None:
        return "in all"
    start, end = days
    if start == end:
        return f"on {fmt.day(start, year=start.year != today.year)}"
    return f"from {fmt.day(start, year=start.year != today.year)} to {fmt.day(end, year=end.year != today.year)}"


def _line(i: Interaction, c: Contact | None, contacts: list[Contact], today: date, names: str = "") -> str:
    note = (about_them(i.note, c, contacts) if c else None) or i.note
    head = " ".join(x for x in (names, f"at {i.place}" if i.place else "") if x)
    return f"• {fmt.day(i.on, today)}: " + (f"{head} — " if head else "") + " ".join(note.split())


def _rhythm(days: list[date]) -> str:
    """ "about every 3 weeks" from the gaps between the days (oldest first), or ""."""
    gaps = [(b - a).days for a, b in zip(days, days[1:]) if b > a]
    if not gaps:
        return ""
    return f"about every {cadence(round(statistics.median(gaps)))}"


def cadence(days: int) -> str:
    """How a gap reads: "5 days", "3 weeks", "2 months"."""
    if days < 14:
        return fmt.plural(max(days, 1), "day")
    if days < 60:
        return fmt.plural(round(days / 7), "week")
    return fmt.plural(round(days / 30), "month")


_VERBS = {contact_kinds.MET: "saw", frozenset({"call"}): "called", frozenset({"text"}): "texted"}


async def with_person(store: Store, k: str, q: QuestionIntent, c: Contact, today: date) -> str:
    """What the owner did with `c` in the range asked, or how often they saw them."""
    days = _range(q, today)
    kinds = contact_kinds.asked(q.query)  # "how often did i see X": meetings; "talk to X": calls and texts too
    seen = [i for i in await store.interactions(k, c.id, limit=1000) if i.kind in kinds]
    inside = [i for i in seen if days is None or days[0] <= i.on <= days[1]]
    contacts = await store.contacts(k)
    when = _span_text(days, today)
    if not inside:
        text = f"I have no meetings with {c.name} on record {when}."
        if seen:
            last = seen[0]
            text += f" You last saw {c.name} {fmt.day(last.on, today)}" + (f" at {last.place}" if last.place else "") + "."
        return text
    on = sorted({i.on for i in inside})
    count = fmt.plural(len(on), "time")
    if HOW_OFTEN.search(low_of(q.query)):
        rhythm = _rhythm(on)
        verb = _VERBS.get(kinds, "were in touch with")
        head = f"You {verb} {c.name} {count} {when}" + (f" ({rhythm})" if rhythm else "") + ":"
    else:
        head = f"With {c.name} {when} ({count}):"
    lines = [head]
    lines += [_line(i, c, contacts, today) for i in inside[:SHOWN]]
    if len(inside) > SHOWN:
        lines.append(f"  (+{len(inside) - SHOWN} earlier)")
    return "\n".join(lines)


async def members(store: Store, k: str, group: str) -> list[Contact]:
    """The owner's contacts tied to `group` by what their notes say of them, or by a fact."""
    words = GROUP_WORDS.get(group) or ((group, group[:-1]) if group.endswith("s") else (group,))
    wanted = {fold(w) for w in words}
    contacts = await store.contacts(k)
    by_id: dict[int | None, Contact] = {c.id: c for c in contacts}
    ids: dict[int, None] = {}
    if query := fts_query(" ".join(words)):
        hits = await store.full_text(k, query, 200)
        for n in await store.notes_by_id(k, [i for i, _ in hits]):
            c = by_id.get(n.contact_id)
            part = about_them(n.text, c, contacts) if c else None
            if c and part and wanted & set(re.findall(r"[^\W_]+(?:-[^\W_]+)?", fold(part))):
                ids[c.id] = None
    for kind in _FACT_KINDS:
        for c in await store.people_with_fact(k, kind, group):
            ids[c.id] = None
    return [by_id[i] for i in ids if i in by_id]


async def with_group(store: Store, k: str, q: QuestionIntent, group: str, today: date) -> str:
    """When the owner last saw anyone from `group` (or, for "how often", how many times)."""
    people = await members(store, k, group)
    if not people:
        return (f"I don't know who is from {group} yet — tell me, e.g. \"ana is my coworker\" or "
                f"\"lunch w ana from {group}\".")
    days = _range(q, today)
    contacts = await store.contacts(k)
    met: dict[int, tuple[Interaction, list[str]]] = {}
    for c in people:
        for i in await store.interactions(k, c.id, limit=1000):
            if days is None or days[0] <= i.on <= days[1]:
                met.setdefault(i.id, (i, []))[1].append(c.name)
    names = fmt.join([c.name for c in people[:8]]) + (f" and {len(people) - 8} more" if len(people) > 8 else "")
    if not met:
        return f"I have no meetings on record {_span_text(days, today)} with anyone from {group} ({names})."
    log = sorted(met.values(), key=lambda t: (t[0].on, t[0].id), reverse=True)
    if HOW_OFTEN.search(low_of(q.query)):
        on = sorted({i.on for i, _ in log})
        head = f"You saw people from {group} on {fmt.plural(len(on), 'day')} {_span_text(days, today)}"
        if rhythm := _rhythm(on):
            head += f", {rhythm}"
        lines = [head + ":"]
    else:
        i, who = log[0]
        lines = [f"You last saw someone from {group} {fmt.day(i.on, today)}: {fmt.join(who)}"
                 + (f" at {i.place}" if i.place else "") + "."]
        if len(log) > 1:
            lines.append("Before that:")
        log = log[1:]
    lines += [_line(i, None, contacts, today, fmt.join(who)) for i, who in log[:SHOWN - 1]]
    lines.append(f"(From {group}, as your notes say: {names}.)")
    return "\n".join(lines)


async def overall(store: Store, k: str, q: QuestionIntent, today: date) -> str:
    """ "how often did i see people this month": the meeting log's count in the range."""
    days = _range(q, today)
    start, end = days or (date(1900, 1, 1), today)
    met = await store.interactions_between(k, start, end, limit=5000)
    if not met:
        return f"I have no meetings on record {_span_text(days, today)}."
    people = list(dict.fromkeys(c.name for _, cs in met for c in cs))
    on = sorted({i.on for i, _ in met})
    return (f"You logged {fmt.plural(len(on), 'day')} with people {_span_text(days, today)}, "
            f"{fmt.plural(len(people), 'person')} in all: {fmt.join(people[:10])}"
            + (f" and {len(people) - 10} more" if len(people) > 10 else "") + ".")


async def answer_without_person(store: Store, k: str, q: QuestionIntent, today: date) -> str:
    if group := group_of(low_of(q.query)):
        return await with_group(store, k, q, group, today)
    return await overall(store, k, q, today)
