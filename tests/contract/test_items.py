"""Open items and gift ideas, groups (tags) of people (ItemsRepo), and the reads behind the
brief and looking back (RecallRepo)."""

from __future__ import annotations

from tests.contract.common import NOW, TODAY, A, B, day, days, owners


async def test_open_items_stay_open_until_done_once(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    gift = await store.add_item(A, sam.id, "gift", "a good chef's knife", NOW, 1)
    owed = await store.add_item(A, ana.id, "owes_me", "20 euros for the tickets", NOW, 2)
    lent = await store.add_item(A, sam.id, "lent", "my tent", NOW, 3, done_at=NOW.isoformat())
    got = await store.items(A)
    assert [(i["id"], i["contact_id"], i["name"], i["kind"], i["text"], i["done_at"]) for i in got] == [
        (owed, ana.id, "Ana Ruiz", "owes_me", "20 euros for the tickets", None),
        (gift, sam.id, "Sam Lee", "gift", "a good chef's knife", None)]
    assert [i["id"] for i in await store.items(A, sam.id)] == [gift]
    assert [i["id"] for i in await store.items(A, kinds=("owes_me", "lent"))] == [owed]
    assert [i["id"] for i in await store.items(A, sam.id, done=True)] == [gift, lent]
    assert not await store.finish_item(B, gift, NOW)  # not theirs
    assert await store.finish_item(A, gift, NOW + days(1))
    assert not await store.finish_item(A, gift, NOW + days(2))  # done already
    assert [i["id"] for i in await store.items(A)] == [owed]
    assert await store.items(B) == []


async def test_a_group_is_a_tag_on_people(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    assert await store.add_tag(A, sam.id, "climbing", NOW, 1)
    assert not await store.add_tag(A, sam.id, "climbing", NOW, 2)
    assert await store.add_tag(A, ana.id, "climbing", NOW, 2)
    assert await store.add_tag(A, ana.id, "book club", NOW, 3)
    assert await store.tagged(A, "climbing") == [ana, sam]
    assert await store.tags(A) == {"book club": 1, "climbing": 2}
    assert await store.tags(A, ana.id) == {"book club": 1, "climbing": 1}
    assert [(t["contact_id"], t["tag"]) for t in await store.all_tags(A)] == [
        (sam.id, "climbing"), (ana.id, "climbing"), (ana.id, "book club")]
    assert await store.remove_tag(A, sam.id, "climbing")
    assert not await store.remove_tag(A, sam.id, "climbing")
    assert await store.tagged(A, "climbing") == [ana]
    await store.undo(A, 3)  # the message that made the tag, taken back
    assert await store.tags(A) == {"climbing": 1}
    assert await store.tagged(B, "climbing") == [] and await store.tags(B) == {}
    await store.delete_contact(A, ana.id)
    assert await store.tags(A) == {} and await store.all_tags(A) == []


async def test_relations_said_both_ways_with_the_day_they_were_said(store):
    await owners(store)
    said, _ = await store.log_incoming(A, "Maria is Sam's wife", NOW + days(3), platform="test", external_id="1")
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    maria = await store.add_contact(A, "Maria Lee", NOW, said)
    leo = await store.add_contact(A, "Leo Lee", NOW, 1)
    await store.add_relationship(A, sam.id, "wife", maria.id, said)
    await store.add_relationship(A, leo.id, "dad", sam.id, None)
    assert await store.relations_said(A, sam.id) == [("wife", maria, True, (NOW + days(3)).date()),
                                                      ("dad", leo, False, NOW.date())]
    assert await store.relations_said(B, sam.id) == []


async def test_notes_from_imported_files_and_the_days_people_were_seen(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, None)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, None)
    file_msg, _ = await store.log_incoming(A, "[file: phone.vcf]", NOW, platform="test", external_id="f")
    text_msg, _ = await store.log_incoming(A, "Sam is vegetarian", NOW, platform="test", external_id="t")
    imported = await store.add_note(A, sam.id, "met at the 2019 conference", day("2026-01-01"), "fact", NOW, file_msg)
    cli = await store.add_note(A, sam.id, "old colleague", day("2026-02-01"), "fact", NOW, None)  # `memoro import`
    await store.add_note(A, sam.id, "Sam is vegetarian", TODAY, "fact", NOW, text_msg)
    await store.add_note(A, sam.id, "Sam got a dog", TODAY, "news", NOW, None)
    assert [n.id for n in await store.imported_notes(A, sam.id)] == [cli, imported]
    assert [n.id for n in await store.imported_notes(A, sam.id, limit=1)] == [cli]
    await store.add_interaction(A, [sam.id, ana.id], day("2026-02-03"), None, "dinner", NOW, None)
    await store.add_interaction(A, [sam.id], day("2026-02-03"), None, "drinks after", NOW, None)
    await store.add_interaction(A, [ana.id], day("2026-01-15"), None, "call", NOW, None, kind="call")
    assert await store.contact_days(A) == [(ana, day("2026-01-15")), (sam, day("2026-02-03")),
                                           (ana, day("2026-02-03"))]
    assert await store.contact_days(B) == []


async def test_gift_ideas_of_many_people_in_one_read(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    bo = await store.add_contact(B, "Bo Chen", NOW, 1)
    knife = await store.add_item(A, sam.id, "gift", "a good chef's knife", NOW, 1)
    await store.add_item(A, sam.id, "gift", "a pour-over kettle", NOW, 2)
    await store.add_item(A, sam.id, "gift", "socks", NOW, 3, done_at=NOW.isoformat())  # given already
    await store.add_item(A, ana.id, "owes_me", "20 euros", NOW, 4)  # not a gift idea
    await store.add_item(B, bo.id, "gift", "a kite", NOW, 5)
    assert await store.gift_ideas([]) == {}
    assert await store.gift_ideas([(A, sam.id), (A, ana.id), (A, bo.id), (B, bo.id), (A, sam.id)]) == {
        (A, sam.id): ["a good chef's knife", "a pour-over kettle"], (B, bo.id): ["a kite"]}
    assert await store.finish_item(A, knife, NOW)
    assert await store.gift_ideas([(A, sam.id)]) == {(A, sam.id): ["a pour-over kettle"]}
