"""Owner isolation: one owner never sees, changes or removes another's rows, whatever id they
pass. Alice has one of everything; Bob, with her ids in hand, reads through every read of the
contract and tries every write that takes an id, and Alice's address book is as it was."""

from __future__ import annotations

from core import exporter
from core.records import CardLink
from core.retrieval import fts_query
from tests.contract.common import NOW, TODAY, A, B, at, day, days, owners


async def _alice(store) -> dict:
    await owners(store)
    mid, _ = await store.log_incoming(A, "Sam runs marathons", NOW, platform="test", external_id="1")
    sam = await store.add_contact(A, "Sam Lee", NOW, mid)
    zoe = await store.add_contact(A, "Zoë Laurent", NOW, mid)
    await store.add_fact(A, sam.id, "city", "Austin", NOW - days(9), mid)
    await store.add_fact(A, sam.id, "city", "Denver", NOW, mid)
    await store.add_fact(A, sam.id, "birthday", "1990-05-05", NOW, mid)
    note = await store.add_note(A, sam.id, "Sam runs marathons in Denver", TODAY, "news", NOW, mid)
    await store.add_note(A, sam.id, "imported: old colleague", TODAY, "fact", NOW, None)
    meeting = await store.add_interaction(A, [sam.id, zoe.id], TODAY, "park", "picnic", NOW, mid)
    await store.add_relationship(A, sam.id, "friend", zoe.id, mid)
    await store.set_reminder(A, sam.id, 30, NOW, mid)
    followup = await store.add_followup(A, sam.id, "ask about the race", NOW + days(3), NOW, mid)
    item = await store.add_item(A, sam.id, "gift", "running socks", NOW, mid)
    await store.add_tag(A, sam.id, "running", NOW, mid)
    await store.add_choices(A, mid, "set-1", [("tok-a", "Undo", "undo", {"source": mid})], NOW, NOW + days(1))
    await store.set_digest(A, True, NOW)
    await store.set_calendar_token(A, "cal-a", NOW)
    await store.save_card_links(A, "book", [CardLink("/a.vcf", "u", "e", sam.id)], NOW)
    merge = await store.merge_contacts(A, sam.id, (await store.add_contact(A, "Sammy", NOW, None)).id, "Sam Lee",
                                       NOW, None)
    return {"mid": mid, "sam": sam.id, "zoe": zoe.id, "note": note, "meeting": meeting, "followup": followup,
            "item": item, "merge": merge}


async def test_bob_reads_nothing_of_alices(store):
    ids = await _alice(store)
    sam, mid = ids["sam"], ids["mid"]
    empty = [
        await store.contacts(B), await store.current_facts(B, sam), await store.past_facts(B, sam),
        await store.people_with_fact(B, "city", "denver"), await store.birthdays(B), await store.relatives(B, sam),
        await store.relative_of(B, ids["zoe"]), await store.reminders(B), await store.interactions(B, sam),
        await store.notes(B, sam, ("news", "fact")), await store.notes_by_id(B, [ids["note"]]),
        await store.full_text(B, fts_query("marathons")), await store.interactions_between(B, TODAY, TODAY),
        await store.outbox(owner=B), await store.unprocessed_messages(B), await store.followups(B),
        await store.followups(B, sam), await store.yearly_between(B), await store.items(B, done=True),
        await store.items(B, sam), await store.tagged(B, "running"), await store.tags(B), await store.tags(B, sam),
        await store.all_tags(B), await store.relations_said(B, sam), await store.imported_notes(B, sam),
        await store.contact_days(B), await store.card_links(B, "book"), await store.note_keys(B),
        await store.fact_keys(B), await store.interaction_keys(B), await store.reminder_keys(B),
        await store.message_ids(B), await store.last_news([(B, sam)]),
    ]
    assert all(not x for x in empty), [x for x in empty if x]
    assert await store.contact(B, sam) is None and await store.last_change_source(B) is None
    assert not await store.has_notes(B) and await store.count_notes(B) == 0
    assert not await store.has_effects(B, mid) and not await store.digest_on(B)
    assert await store.choice(B, "tok-a") is None and await store.last_merge(B) is None
    assert await store.calendar_token(B) is None and await store.calendar_owner("cal-a") == A
    assert not any((await store.dump(B)).values())
    assert (await exporter.to_dict(store, B, NOW))["people"] == []


async def test_bob_changes_nothing_of_alices_with_her_ids(store):
    ids = await _alice(store)
    sam = ids["sam"]
    before = await exporter.to_dict(store, A, NOW)
    await store.rename_contact(B, sam, "Mallory")
    await store.hide_notes_mentioning(B, sam, "Denver")
    await store.redate_interaction(B, ids["meeting"], day("2020-01-01"))
    assert await store.delete_contact(B, sam) == []
    assert await store.undo(B, ids["mid"]) == []
    assert not await store.stop_reminder(B, sam)
    assert not await store.cancel_followup(B, ids["followup"])
    assert not await store.finish_item(B, ids["item"], NOW)
    assert not await store.remove_tag(B, sam, "running")
    assert not await store.press_choice(B, "tok-a", NOW)
    assert not await store.undo_merge(B, ids["merge"], NOW)
    assert not await store.drop_calendar_token(B)
    await store.set_digest(B, False, NOW)
    await store.update_owner(B, tz="Asia/Tokyo")
    assert await exporter.to_dict(store, A, NOW) == before
    assert (await store.owner(A)).tz == "UTC" and await store.digest_on(A)
    assert not (await store.choice(A, "tok-a"))["pressed_at"]
    assert (await store.last_merge(A))["id"] == ids["merge"]
    assert at((await store.followups(A))[0].due_at.isoformat()) == NOW + days(3)
