"""Owners, people and what is known about them: versioned facts, relationships, keep-in-touch
reminders, and undo by the message that said it (OwnerRepo, PeopleRepo)."""

from __future__ import annotations

import asyncio

import pytest

from core.records import Contact
from tests.contract.common import NOW, A, B, at, days, owners


async def test_an_owner_is_made_once_and_keeps_its_settings(store):
    assert await store.owner(A) is None
    made = await store.create_owner(A, "Europe/Berlin", NOW)
    assert made.key == A and made.tz == "Europe/Berlin" and made.nudge_hour == 9
    again = await store.create_owner(A, "Asia/Tokyo", NOW + days(1))  # a second first message
    assert again.tz == "Europe/Berlin"
    await store.update_owner(A, tz="America/Lima", persona="coach", last_platform="telegram", last_chat_id="42")
    got = await store.owner(A)
    assert (got.tz, got.persona, got.last_platform, got.last_chat_id) == ("America/Lima", "coach", "telegram", "42")
    await store.update_owner(A, persona=None)
    assert (await store.owner(A)).persona is None
    with pytest.raises(ValueError):
        await store.update_owner(A, no_such_field=1)


async def test_two_workers_making_one_owner_at_once_both_get_it(backend, store):
    other = await backend.open()
    made = await asyncio.gather(*(s.create_owner(f"test:new{n}", "UTC", NOW) for n in range(10) for s in (store, other)))
    assert [o.key for o in made] == [f"test:new{n}" for n in range(10) for _ in (1, 2)]
    assert len(await store.owner_keys()) == 10


async def test_people_are_listed_by_name_renamed_and_found_by_id(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 2)
    assert sam == Contact(sam.id, "Sam Lee") and sam.id != ana.id
    assert await store.contacts(A) == [ana, sam]
    await store.rename_contact(A, sam.id, "Samuel Lee")
    assert await store.contact(A, sam.id) == Contact(sam.id, "Samuel Lee")
    assert [c.name for c in await store.contacts(A)] == ["Ana Ruiz", "Samuel Lee"]
    assert await store.contact(A, 10**9) is None


async def test_a_fact_is_superseded_not_overwritten_and_its_history_kept(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    assert await store.add_fact(A, sam.id, "city", "Austin", NOW, 1) is None
    assert await store.add_fact(A, sam.id, "job", "nurse", NOW, 1) is None
    old = await store.add_fact(A, sam.id, "city", "Denver", NOW + days(30), 2)
    assert (old.kind, old.value, old.contact_id) == ("city", "Austin", sam.id)
    assert await store.add_fact(A, sam.id, "city", "Denver", NOW + days(31), 3) is None  # said again: no version
    await store.add_fact(A, sam.id, "city", "Lisbon", NOW + days(60), 4)
    current = await store.current_facts(A, sam.id)
    assert {k: f.value for k, f in current.items()} == {"city": "Lisbon", "job": "nurse"}
    assert at(current["city"].valid_from) == NOW + days(60)
    assert [(f.kind, f.value) for f in await store.past_facts(A, sam.id)] == [("city", "Denver"), ("city", "Austin")]


async def test_two_writers_correcting_one_fact_at_once_leave_one_current_value(backend, store):
    """The bot handles a correction while `memoro import` (or a second worker, the CardDAV sync)
    writes the same person's fact: each new value supersedes the one before, none is lost and
    exactly one is current."""
    await owners(store)
    other = await backend.open()
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    await store.add_fact(A, sam.id, "city", "Austin", NOW, 1)
    for n in range(10):
        await asyncio.gather(store.add_fact(A, sam.id, "city", f"Denver {n}", NOW + days(n + 1), 2),
                             other.add_fact(A, sam.id, "city", f"Lima {n}", NOW + days(n + 1), 3))
    rows = [f for f in (await store.dump(A))["facts"] if f["kind"] == "city"]
    assert len(rows) == 21 and sum(f["valid_to"] is None for f in rows) == 1
    assert len(await store.past_facts(A, sam.id)) == 20


async def test_undo_takes_back_what_one_message_saved_and_brings_back_what_it_superseded(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    await store.add_fact(A, sam.id, "city", "Austin", NOW, 1)
    await store.add_fact(A, sam.id, "city", "Denver", NOW + days(1), 2)
    ana = await store.add_contact(A, "Ana Ruiz", NOW + days(1), 2)
    note = await store.add_note(A, ana.id, "Ana got a puppy", (NOW + days(1)).date(), "news", NOW + days(1), 2)
    await store.add_relationship(A, sam.id, "sister", ana.id, 2)
    assert await store.last_change_source(A) == 2
    assert await store.undo(A, 2) == [note]
    assert await store.contacts(A) == [sam]
    assert (await store.current_facts(A, sam.id))["city"].value == "Austin"
    assert await store.past_facts(A, sam.id) == []
    assert await store.relatives(A, sam.id) == []
    assert await store.last_change_source(A) == 1
    assert await store.last_change_source(B) is None


async def test_people_by_a_fact_and_birthdays_read_current_values_only(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    zoe = await store.add_contact(A, "Zoë Laurent", NOW, 1)
    await store.add_fact(A, sam.id, "city", "Berlin", NOW, 1)
    await store.add_fact(A, sam.id, "city", "Austin", NOW + days(1), 2)
    await store.add_fact(A, zoe.id, "city", "São Paulo, Brazil", NOW, 1)
    assert await store.people_with_fact(A, "city", "sao paulo") == [zoe]  # case and accents do not matter
    assert await store.people_with_fact(A, "city", "berlin") == []  # Sam moved away
    await store.add_fact(A, zoe.id, "birthday", "1990-03-03", NOW, 1)
    await store.add_fact(A, sam.id, "birthday", "04-12", NOW, 1)
    await store.add_fact(A, sam.id, "birthday", "05-12", NOW, 3)
    assert sorted(await store.birthdays(A), key=lambda b: b[0].name) == [(sam, "05-12"), (zoe, "1990-03-03")]


async def test_relationships_both_ways_once(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    priya = await store.add_contact(A, "Priya Nair", NOW, 1)
    omar = await store.add_contact(A, "Omar Haddad", NOW, 1)
    assert await store.add_relationship(A, sam.id, "fiancee", priya.id, 1)
    assert not await store.add_relationship(A, sam.id, "fiancee", priya.id, 2)  # already related
    assert await store.add_relationship(A, sam.id, "brother", omar.id, 2)
    assert [(r.relation, r.contact) for r in await store.relatives(A, sam.id)] == [("fiancee", priya), ("brother", omar)]
    assert [(r.relation, r.contact) for r in await store.relative_of(A, priya.id)] == [("fiancee", sam)]
    assert await store.relatives(A, priya.id) == []


async def test_keep_in_touch_reminders_are_set_reset_and_stopped(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    await store.set_reminder(A, sam.id, 30, NOW, 1)
    await store.set_reminder(A, ana.id, 14, NOW, 1)
    await store.set_reminder(A, sam.id, 7, NOW + days(2), 2)  # a new cadence replaces the old
    got = await store.reminders(A)
    assert [(r.contact, r.every_days) for r in got] == [(ana, 14), (sam, 7)]
    assert got[1].since.startswith((NOW + days(2)).date().isoformat())
    assert await store.stop_reminder(A, ana.id)
    assert not await store.stop_reminder(A, ana.id)
    assert [r.contact for r in await store.reminders(A)] == [sam]


async def test_forgetting_a_person_removes_everything_about_them_and_nothing_else(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    await store.add_fact(A, sam.id, "city", "Austin", NOW, 1)
    mine = await store.add_note(A, sam.id, "Sam runs marathons", NOW.date(), "news", NOW, 1)
    await store.add_note(A, ana.id, "Ana paints", NOW.date(), "news", NOW, 1)
    alone = await store.add_interaction(A, [sam.id], NOW.date(), None, "coffee", NOW, 1)
    shared = await store.add_interaction(A, [sam.id, ana.id], NOW.date(), "park", "picnic", NOW, 1)
    await store.set_reminder(A, sam.id, 30, NOW, 1)
    assert await store.delete_contact(A, sam.id) == [mine]
    assert await store.contacts(A) == [ana] and await store.contact(A, sam.id) is None
    assert await store.current_facts(A, sam.id) == {} and await store.reminders(A) == []
    assert await store.notes_by_id(A, [mine]) == []
    assert [i.id for i in await store.interactions(A, ana.id)] == [shared]
    assert alone not in [i.id for i, _ in await store.interactions_between(A, NOW.date(), NOW.date())]
    assert [n.text for n in await store.notes(A, ana.id)] == ["Ana paints"]
