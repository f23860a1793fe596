"""Merging duplicates (core/merge.py, storage/merge_store.py) on real SQLite: everything moves,
/undo and [Undo] put both people back exactly, a lookalike new name is proposed with buttons."""

from __future__ import annotations

from core.merge import in_words, lookalikes
from core.messages import press_text
from core.records import Contact
from tests.conftest import Harness, make_message

TABLES = ("contacts", "facts", "notes", "interaction_people", "relationships", "reminders", "owners")


async def snapshot(store) -> dict:
    return {t: sorted(map(tuple, await store._rows(f"SELECT * FROM {t}"))) for t in TABLES}


async def ask(b: Harness, text: str):
    (reply,) = await b.engine.handle(make_message(text, owner=b.owner, at=b.clock.now()))
    return reply


async def test_merge_moves_everything_and_undo_puts_it_back(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Had dinner with Tomás Reyes and Ana Gil at Pizzeria Uno")
    await b.say("Tomás Reyes's birthday is May 2")
    await b.say("Tom Reyes lives in Valencia")
    await b.say("Tom Reyes's wife is Ana Gil")
    await b.say("remind me to check in with Tom Reyes every 3 weeks")
    before = await snapshot(b.store)
    reply = await b.say("/merge tomás reyes, tom reyes")
    assert "Merged" in reply and "Tomás Reyes" in reply
    (tomas,) = [c for c in await b.store.contacts(b.owner) if c.name.startswith("Tom")]
    facts = await b.store.current_facts(b.owner, tomas.id)
    assert facts["birthday"].value and facts["city"].value == "Valencia" and facts["nickname"].value == "Tom Reyes"
    assert [r.contact.name for r in await b.store.reminders(b.owner)] == ["Tomás Reyes"]
    assert any(r.contact.name == "Ana Gil" for r in await b.store.relatives(b.owner, tomas.id))
    assert "Valencia" in await b.say("where does tomas live?")
    assert "Undone" in await b.say("/undo")
    assert await snapshot(b.store) == before


async def test_the_newer_value_of_a_fact_both_have_is_current_and_the_older_history(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Lena Vogt lives in Bonn", "2026-03-01T10:00:00+01:00")
    await b.say("Helena Vogt lives in Köln", "2026-03-02T10:00:00+01:00")
    await b.say("lena vogt and helena vogt are the same person")
    (lena,) = await b.store.contacts(b.owner)
    assert lena.name == "Helena Vogt"  # the fuller name is kept
    assert (await b.store.current_facts(b.owner, lena.id))["city"].value == "Köln"
    assert [f.value for f in await b.store.past_facts(b.owner, lena.id) if f.kind == "city"] == ["Bonn"]


async def test_merge_answers_plainly_when_it_cannot(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Kofi Mensah plays drums")
    assert "comma" in await b.say("/merge kofi")
    assert "don't have anyone called yaw" in await b.say("/merge kofi, yaw")
    assert "already one person" in await b.say("/merge kofi, kofi mensah")


async def test_a_new_lookalike_is_proposed_and_the_button_merges_once(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Robert Marsh plays golf")
    reply = await ask(b, "had coffee w bob marsh")
    assert "Is Bob Marsh the same person as Robert Marsh?" in reply.text
    same = next(c.token for c in reply.choices if c.label == "Same person")
    merged = await b.say(press_text(same))
    assert "Merged" in merged
    assert [c.name for c in await b.store.contacts(b.owner)] == ["Robert Marsh"]
    assert "Already done" in await b.say(press_text(same))
    assert "Undone" in await b.say("/undo")
    assert sorted(c.name for c in await b.store.contacts(b.owner)) == ["Bob Marsh", "Robert Marsh"]


def test_lookalikes():
    people = [Contact(1, "Samuel Lee"), Contact(2, "Robert Marsh"), Contact(3, "Jo-Ann Park"), Contact(4, "Sam Ortiz")]
    assert [c.id for c in lookalikes("Sam Lee", people)] == [1]
    assert [c.id for c in lookalikes("S. Lee", people)] == [1]
    assert [c.id for c in lookalikes("bobby marsh", people)] == [2]
    assert [c.id for c in lookalikes("joann park", people)] == [3]
    assert lookalikes("Sam Kim", people) == [] and lookalikes("Priya", people) == []


def test_same_person_in_words():
    assert in_words("sam and samuel lee are the same person") == "/merge sam, samuel lee"
    assert in_words("Bob is the same person as Robert Marsh!") == "/merge Bob, Robert Marsh"
    assert in_words("sam and priya are the same age") is None
    assert in_words("we had the same lunch") is None
