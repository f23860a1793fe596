"""Acting on a log intent: resolve the people it names and write what it says.

SQLite first (facts, interactions, relations, notes, reminders, each carrying the source
message id for /undo), vectors later through the outbox. Returns the short confirmation the
owner sees: "Saved: Sam Lee — met today at Blue Bottle; fiancé(e) Priya; birthday Mar 3".
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core import choices, moved_facts, yearly
from core import format as fmt
from core.facts import KINDS, confirmation, merged
from core.intents import CorrectionStatement, FactStatement, LogIntent
from core.merge import propose_merge
from core.people import matches
from core.records import Contact, Owner, Record
from core.repositories import Store
from core.understand.corrections import similar
from core.understand.names import fold
from core.understand.wordkind import is_small_word

_REL_LABEL = {"fiancé": "engaged to", "spouse": "married to", "partner": "partner of"}


@dataclass
class Resolver:
    """Maps names in one message to contacts, creating new ones as needed."""

    store: Store
    owner: Owner
    now: datetime
    source: int | None
    contacts: list[Contact]
    cache: dict[str, Contact] = field(default_factory=dict)
    assumed: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    chosen: dict[str, int | None] = field(default_factory=dict)  # name -> person picked by a button (None: new)

    async def __call__(self, name: str) -> Contact:
        key = fold(name)
        if key in self.cache:
            return self.cache[key]
        found = matches(name, self.contacts)
        if key in self.chosen:  # "Which Sam?" answered by a button (core/choice_actions.py)
            found = [c for c in self.contacts if c.id == self.chosen[key]] or \
                [Contact(0, " ".join(w[:1].upper() + w[1:] for w in name.split()))]
            if not found[0].id:
                found, name = [], found[0].name
        if len(found) > 1:
            focus = [c for c in found if c.id == self.owner.focus_contact_id]
            contact = focus[0] if focus else max(found, key=lambda c: c.id)
            self.assumed.append(f"I took {name} to be {contact.name}")
            choices.offer(which_choices(name, found, self.chosen, self.source), f"Which {name} did you mean?")
        elif found:
            contact = found[0]
            if len(name.split()) > len(contact.name.split()):
                await self.store.rename_contact(self.owner.key, contact.id, name)
                contact = Contact(contact.id, name)
                self.contacts = [contact if c.id == contact.id else c for c in self.contacts]
        else:
            contact = await self.store.add_contact(self.owner.key, name, self.now, self.source)
            if key not in self.chosen:  # "Is Samuel Lee the same person as Sam Lee?"
                propose_merge(contact, self.contacts)
            self.contacts.append(contact)
            self.created.append(name)
        self.cache[key] = contact
        return contact


def which_choices(name: str, found: list[Contact], chosen: Record, source: int | None) -> list[choices.Choice]:
    """The buttons of "Which Sam?" (run by core/choice_actions.py): each person called so, or someone new."""
    base = {"name": name, "source": source, "chosen": chosen}
    return [choices.Choice(c.name, "which", {**base, "contact": c.id}) for c in found] + \
        [choices.Choice("someone new", "which", {**base, "contact": None})]


async def apply_log(store: Store, owner: Owner, intent: LogIntent, now: datetime, source: int | None,
                    saved: str = "Saved", *, chosen: dict[str, int | None] | None = None) -> tuple[str, int | None]:
    """Write `intent` for `owner` as one unit of work (all of it or, on an error, none of it);
    return (confirmation, id of the person now in focus). `chosen` settles ambiguous names."""
    async with store.transaction():
        return await _write_log(store, owner, intent, now, source, saved, chosen or {})


async def _write_log(store: Store, owner: Owner, intent: LogIntent, now: datetime, source: int | None,
                     saved: str, chosen: dict[str, int | None]) -> tuple[str, int | None]:
    resolve = Resolver(store, owner, now, source, await store.contacts(owner.key), chosen=chosen)
    said: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    focus: int | None = None
    today = now.date()

    def note(contact: Contact, text: str) -> None:
        nonlocal focus
        names[contact.id] = contact.name
        said.setdefault(contact.id, [])
        if text and text not in said[contact.id]:
            said[contact.id].append(text)
        focus = contact.id

    for meet in intent.interactions:
        people = [await resolve(n) for n in meet.people]
        await store.add_interaction(owner.key, [c.id for c in people], meet.on, meet.place, meet.text, now, source,
                                    kind=meet.kind)
        for c in people:
            await store.add_note(owner.key, c.id, meet.text, meet.on, "interaction", now, source)
            verb = {"call": "talked", "text": "texted"}.get(meet.kind, "met")  # a call is not a meeting
            note(c, f"{verb} {fmt.day(meet.on, today).split(' (')[0]}" + (f" at {meet.place}" if meet.place else ""))
    for rel in intent.relations:
        person, relative = await resolve(rel.person), await resolve(rel.relative)
        await store.add_relationship(owner.key, person.id, rel.relation, relative.id, source)
        label = _REL_LABEL.get(rel.relation)
        note(person, f"{label} {relative.name}" if label else f"{rel.relation} {relative.name}")
    for fact in intent.facts:
        person = await resolve(fact.person)
        value = fact.value
        if KINDS[fact.kind].merge and not fact.correction:  # a second pet joins the first
            current = (await store.current_facts(owner.key, person.id)).get(fact.kind)
            value = merged(fact.kind, current.value if current else None, value)
        if fact.kind in yearly.OTHER and not fact.correction:  # "married in 2015" and "anniversary june 4": both
            current = (await store.current_facts(owner.key, person.id)).get(fact.kind)
            value = yearly.combined(fact.kind, current.value if current else None, value)
        old = await store.add_fact(owner.key, person.id, fact.kind, value, now, source)
        if old and fact.correction and fact.kind != "birthday":
            await store.hide_notes_mentioning(owner.key, person.id, old.value)
        told = confirmation(fact.kind, fact.value, replaced=old is not None and not fact.correction)
        if old and fact.correction and fold(old.value) != fold(value):  # "lives in Porto (not Lisbon)": set right
            told += f" (not {KINDS[fact.kind].shown(old.value)})"
        note(person, told)
    for corr in intent.corrections:
        await _correct(store, owner, resolve, corr, now, source, note, intent.facts)
    for n in intent.notes:
        person = await resolve(n.person)
        await store.add_note(owner.key, person.id, n.text, n.on, "news" if n.news else "fact", now, source)
        note(person, f"noted: {_short(n.text)}" if n.news else "")
    for r in intent.reminders:
        person = await resolve(r.person)
        await store.set_reminder(owner.key, person.id, r.every_days, now, source)
        note(person, f"I'll nudge you to check in every {_cadence(r.every_days)}")
    if last := _last_subject(intent):  # who "he/she" means next: the subject of the last clause
        focus = (await resolve(last)).id
    if not said:
        return "Noted. (I didn't find a person in that — tell me who it's about, e.g. \"Sam Lee moved to Berlin\".)", None
    parts = [f"{names[cid]} — {'; '.join(_unrepeated(texts, names[cid])) or 'noted'}" for cid, texts in said.items()]
    reply = f"{saved}: " + " | ".join(parts)
    if resolve.assumed:
        reply += "\n(" + "; ".join(resolve.assumed) + " — say /undo if that's wrong.)"
    return reply, focus


def _last_subject(intent: LogIntent) -> str | None:
    """The person the message ended on: its last clause's subject (not a relative's owner)."""
    if intent.notes:
        last = intent.notes[-1].text
        about = [n.person for n in intent.notes if n.text == last]
        if re.match(r"\W*(?:and\s+|also\s+)?(?:his|her|their)\b", last, re.I):  # "his daughter dolma just started uni":
            owners = [r.person for r in intent.relations if r.relative == about[0] and r.person in about]
            if owners:  # the one talked about goes on being talked about, not the relative told in passing
                return owners[0]
        return about[0]
    if intent.interactions:
        return intent.interactions[-1].people[0]
    return None


async def _correct(store: Store, owner: Owner, resolve: Resolver, c: CorrectionStatement, now: datetime,
                   source: int | None, note: Callable[[Contact, str], None], told: list[FactStatement]) -> None:
    """Find what an unspecific correction meant, in what is stored, and correct it (`told`: the
    facts the same message said)."""
    if c.moved_to:  # "sorry its priya whos moving not leela", "tunde is the one in lagos"
        await moved_facts.move(store, owner, resolve, c, c.moved_to, now, source, note, told)
        return
    if c.person:
        person = await resolve(c.person)
    elif owner.focus_contact_id is not None and (found := await store.contact(owner.key, owner.focus_contact_id)):
        person = found
    else:
        return
    words = person.name.split()
    named = [fold(w) for w in words]
    if c.old and (fold(c.old) in (fold(person.name), fold(c.person or "")) or fold(c.old) in named) and c.new and not [
            x for x in matches(c.new, resolve.contacts) if x.id != person.id] and (
            similar(c.new, c.old) or re.search(r"(?i)\bspel(?:led|t|ling)\b", c.text)):  # "it's Katarzyna not Katarzina"
        at = named.index(fold(c.old)) if fold(c.old) in named else 0  # the word respelled: a first name or a surname
        renamed = " ".join(words[:at] + [c.new] + words[at + 1:]) if len(c.new.split()) == 1 else c.new
        await store.rename_contact(owner.key, person.id, renamed)
        note(Contact(person.id, renamed), f"name spelled {renamed}")
        return
    if c.old and fold(c.old) in (fold(person.name), fold(c.person or "")) and c.new:  # "i meant priyanka, not leela"
        await moved_facts.move(store, owner, resolve, c, c.new, now, source, note, told)
        return
    facts = await store.current_facts(owner.key, person.id)
    if c.old and c.new:  # "not monzo, it's revolut": the fact that held the old value
        for kind, fact in facts.items():
            if kind != "birthday" and (fold(c.old) in fold(fact.value) or fold(fact.value) in fold(c.old)):
                await store.add_fact(owner.key, person.id, kind, c.new, now, source)
                await store.hide_notes_mentioning(owner.key, person.id, fact.value)
                note(person, confirmation(kind, c.new))
                return
        note(person, "")
        return
    bday = facts.get("birthday")
    if c.month and c.day is None and c.on is None and bday is not None:  # "her bday is in june not july": the day stays
        value = bday.value[:-5] + f"{c.month:02d}" + bday.value[-3:]
        with contextlib.suppress(ValueError):
            date(2000, c.month, int(value[-2:]))
            await store.add_fact(owner.key, person.id, "birthday", value, now, source)
            note(person, confirmation("birthday", value))
        return
    if c.day is None and c.on is None:
        return
    recent = bday is not None and datetime.fromisoformat(bday.valid_from) >= now - timedelta(hours=6)
    met = await store.interactions(owner.key, person.id, limit=1)
    if c.day is not None and (recent or (not met and c.month)):  # "wait no its the 21st" after a birthday: that day
        # (a day said relative to today, "that was last tuesday", has no `day`: it dates a meeting)
        if c.month:
            month = c.month
        else:  # recent: the birthday said just now
            assert bday is not None
            month = int(bday.value[-5:-3])
        year = int(bday.value[:4]) if bday and len(bday.value) == 10 and not c.month else None
        value = f"{year:04d}-{month:02d}-{c.day:02d}" if year else f"{month:02d}-{c.day:02d}"
        try:
            date(year or 2000, month, c.day)
        except ValueError:
            return
        await store.add_fact(owner.key, person.id, "birthday", value, now, source)
        note(person, confirmation("birthday", value))
    elif met and c.on:  # after a meeting: the meeting was on that day
        await store.redate_interaction(owner.key, met[0].id, c.on)
        note(person, f"met {fmt.day(c.on, now.date()).split(' (')[0]}")


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cadence(days: int) -> str:
    if days % 30 == 0:
        n = days // 30
        return "month" if n == 1 else f"{n} months"
    if days % 7 == 0:
        n = days // 7
        return "week" if n == 1 else f"{n} weeks"
    return "day" if days == 1 else f"{days} days"


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", text.lower()) if not is_small_word(w)}


def _unrepeated(texts: list[str], name: str) -> list[str]:
    """The parts of a confirmation, without a "noted: ..." that only repeats the other parts
    ("engaged to Priya; noted: He just got engaged to Priya!")."""
    kept = [t for t in texts if t]
    said = _words(" ".join(t for t in kept if not t.startswith("noted: ")) + " " + name)
    return [t for t in kept if not (t.startswith("noted: ") and said and _words(t[7:]) <= said)]
