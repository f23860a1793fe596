"""Two people made one and taken apart again (MergeRepo): everything of the one who goes moves to
the one kept, a fact both had keeps the newer value current, and undo puts both back exactly."""

from __future__ import annotations

from core.records import Contact
from tests.contract.common import NOW, TODAY, A, B, days, owners


async def _everything(store, cid: int) -> dict:
    return {"contact": await store.contact(A, cid),
            "facts": {k: f.value for k, f in (await store.current_facts(A, cid)).items()},
            "past": [f.value for f in await store.past_facts(A, cid)],
            "notes": [n.text for n in await store.notes(A, cid, ("news", "fact"))],
            "met": [i.note for i in await store.interactions(A, cid)],
            "relatives": [(r.relation, r.contact.id) for r in await store.relatives(A, cid)],
            "relative_of": [(r.relation, r.contact.id) for r in await store.relative_of(A, cid)],
            "items": [i["text"] for i in await store.items(A, cid)],
            "tags": await store.tags(A, cid)}


async def test_a_merge_moves_everything_and_undo_puts_both_back(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam", NOW, 1)
    full = await store.add_contact(A, "Samuel Lee", NOW, 2)
    priya = await store.add_contact(A, "Priya", NOW, 3)
    await store.add_fact(A, sam.id, "city", "Austin", NOW + days(5), 1)  # newer than the other's
    await store.add_fact(A, full.id, "city", "Denver", NOW, 2)
    await store.add_fact(A, full.id, "job", "nurse", NOW, 2)
    await store.add_note(A, sam.id, "Sam runs marathons", TODAY, "news", NOW, 1)
    await store.add_note(A, full.id, "Samuel got engaged", TODAY, "news", NOW, 2)
    await store.add_interaction(A, [sam.id, priya.id], TODAY, None, "dinner", NOW, 1)
    await store.add_relationship(A, sam.id, "fiancee", priya.id, 1)
    await store.add_item(A, sam.id, "gift", "a chef's knife", NOW, 1)
    await store.add_tag(A, sam.id, "running", NOW, 1)
    await store.set_reminder(A, sam.id, 30, NOW, 1)
    before = {c: await _everything(store, c) for c in (sam.id, full.id, priya.id)}

    merge = await store.merge_contacts(A, full.id, sam.id, "Samuel Lee", NOW + days(6), 9)
    assert [c.name for c in await store.contacts(A)] == ["Priya", "Samuel Lee"]
    kept = await _everything(store, full.id)
    assert kept["facts"] == {"city": "Austin", "job": "nurse", "nickname": "Sam"}
    assert kept["past"] == ["Denver"]
    assert sorted(kept["notes"]) == ["Sam runs marathons", "Samuel got engaged"]
    assert kept["met"] == ["dinner"] and kept["relatives"] == [("fiancee", priya.id)]
    assert kept["items"] == ["a chef's knife"] and kept["tags"] == {"running": 1}
    assert [r.contact.id for r in await store.reminders(A)] == [full.id]
    assert [(r.relation, r.contact) for r in await store.relative_of(A, priya.id)] == [
        ("fiancee", Contact(full.id, "Samuel Lee"))]
    last = await store.last_merge(A)
    assert (last["id"], last["kept_id"], last["gone_id"], last["gone_name"]) == (merge, full.id, sam.id, "Sam")
    assert await store.last_merge(B) is None
    assert not await store.undo_merge(B, merge, NOW)  # not theirs

    assert await store.undo_merge(A, merge, NOW + days(7))
    assert {c: await _everything(store, c) for c in (sam.id, full.id, priya.id)} == before
    assert [c.name for c in await store.contacts(A)] == ["Priya", "Sam", "Samuel Lee"]
    assert not await store.undo_merge(A, merge, NOW + days(8))  # once
    assert await store.last_merge(A) is None
