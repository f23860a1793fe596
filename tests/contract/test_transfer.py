"""Export and import (TransferRepo, through core/exporter.py and core/importer.py): an export read
back into another owner gives the same address book, importing it again adds nothing, and an
import is one staged unit of work: when it fails partway everything it wrote is undone, while
another owner's writes made between its steps stay."""

from __future__ import annotations

import asyncio
import json

import pytest

from core import exporter, importer
from tests.contract.common import NOW, TODAY, A, B, at, day, days, owners

CAROL = "test:carol"


async def _fill(store) -> None:
    """One owner's address book with a bit of everything an export carries."""
    await owners(store, A, B, CAROL)
    await store.update_owner(A, tz="Europe/Lisbon", persona="coach")
    mid, _ = await store.log_incoming(A, "Sam moved to Denver", NOW, platform="telegram", external_id="1")
    await store.set_message_status(mid, "processed")
    sam = await store.add_contact(A, "Sam Lee", NOW, mid)
    zoe = await store.add_contact(A, "Zoë Laurent", NOW, None)
    await store.add_fact(A, sam.id, "city", "Austin", NOW - days(30), None)
    await store.add_fact(A, sam.id, "city", "Denver", NOW, mid)
    await store.add_fact(A, zoe.id, "birthday", "1991-03-29", NOW, None)
    await store.add_note(A, sam.id, "Sam got engaged to Priya", TODAY, "news", NOW, mid)
    hidden = await store.add_note(A, zoe.id, "Zoë lives in Austin", TODAY, "news", NOW, None)
    await store.hide_notes_mentioning(A, zoe.id, "Austin")
    assert await store.notes_by_id(A, [hidden]) == []
    await store.add_interaction(A, [sam.id, zoe.id], day("2026-02-20"), "Blue Bottle", "coffee", NOW, None)
    await store.add_relationship(A, sam.id, "friend", zoe.id, None)
    await store.set_reminder(A, zoe.id, 21, NOW, None)
    await store.add_followup(A, sam.id, "ask about the wedding date", at("2026-03-09T09:00:00+00:00"), NOW, None)
    await store.add_item(A, zoe.id, "gift", "a sourdough starter", NOW, None)
    await store.add_tag(A, zoe.id, "book club", NOW, None)


def _portable(doc: dict) -> dict:
    """An export with ids replaced by names, so two owners' exports compare."""
    name = {p["id"]: p["name"] for p in doc["people"]}
    return {
        "settings": {k: v for k, v in doc["settings"].items() if k != "created_at"},
        "people": sorted((p["name"], sorted((f["kind"], f["value"], f["valid_from"], f["valid_to"]) for f in p["facts"]))
                         for p in doc["people"]),
        "notes": sorted((name.get(n["person"]), n["text"], n["noted_on"], n["kind"], n["hidden"]) for n in doc["notes"]),
        "interactions": sorted((i["occurred_on"], i["place"], i["note"], sorted(name[p] for p in i["people"]))
                               for i in doc["interactions"]),
        "relationships": sorted((name[r["person"]], r["relation"], name[r["relative"]]) for r in doc["relationships"]),
        "reminders": sorted((name[r["person"]], r["every_days"], r["since"], r["active"]) for r in doc["reminders"]),
        "followups": sorted((name.get(f["person"]), f["text"], f["due_at"], f["status"]) for f in doc["followups"]),
        "messages": sorted((m["role"], m["text"], m["at"], m["status"]) for m in doc["messages"]),
        "items": sorted((name[i["person"]], i["kind"], i["text"], i["done_at"]) for i in doc["items"]),
        "tags": sorted((name[t["person"]], t["tag"]) for t in doc["tags"]),
    }


async def test_an_export_read_back_gives_the_same_address_book_and_twice_adds_nothing(store):
    await _fill(store)
    data = json.dumps(await exporter.to_dict(store, A, NOW)).encode()  # whatever the backend, plain JSON
    report = await importer.import_bytes(store, CAROL, "memoro.json", data, NOW, None)
    assert sorted(report.created) == ["Sam Lee", "Zoë Laurent"]
    mine, theirs = _portable(json.loads(data)), _portable(await exporter.to_dict(store, CAROL, NOW))
    assert theirs == mine and len(mine["people"][0][1]) == 2  # Sam's history came along
    again = await importer.import_bytes(store, CAROL, "memoro.json", data, NOW, None)
    assert again.created == [] and _portable(await exporter.to_dict(store, CAROL, NOW)) == mine
    assert (await exporter.to_dict(store, B, NOW))["people"] == []


async def test_the_rows_as_they_are_for_each_owner(store):
    await _fill(store)
    assert await store.owner_keys() == sorted([A, B, CAROL])
    assert (await store.owner_row(A))["tz"] == "Europe/Lisbon" and await store.owner_row("test:nobody") is None
    rows = await store.dump(A)
    assert {t: len(rows[t]) for t in ("contacts", "facts", "notes", "interactions", "relationships", "reminders",
                                      "followups", "messages")} == {
        "contacts": 2, "facts": 3, "notes": 2, "interactions": 1, "relationships": 1, "reminders": 1, "followups": 1,
        "messages": 1}
    assert len(rows["interactions"][0]["people"]) == 2
    assert not any((await store.dump(B)).values())
    ids = {c["name"]: c["id"] for c in rows["contacts"]}
    assert (ids["Sam Lee"], "Sam got engaged to Priya", TODAY.isoformat(), "news") in {
        (c, t, str(d), k) for c, t, d, k in await store.note_keys(A)}
    assert len(await store.fact_keys(A)) == 3 and len(await store.reminder_keys(A)) == 1
    assert {k[:3] for k in await store.interaction_keys(A)} == {("2026-02-20", "Blue Bottle", "coffee")}
    assert len(await store.message_ids(A)) == 1 and await store.message_ids(B) == {}


def _vcards(n: int) -> bytes:
    return "".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {i:04d}\nBDAY:1990-01-{i % 28 + 1:02d}\n"
                   f"NOTE:met at conference {i}\nCATEGORIES:conference\nEND:VCARD\n" for i in range(n)).encode()


async def test_an_address_book_file_imports_people_with_facts_notes_and_groups(store):
    await owners(store)
    report = await importer.import_bytes(store, A, "phone.vcf", _vcards(3), NOW, None)
    assert sorted(report.created) == ["Person 0000", "Person 0001", "Person 0002"]
    first = (await store.contacts(A))[0]
    assert (await store.current_facts(A, first.id))["birthday"].value == "1990-01-01"
    assert [n.text for n in await store.notes(A, first.id, ("fact",))] == ["met at conference 0"]
    assert await store.tags(A) == {"conference": 3}
    dry = await importer.import_bytes(store, A, "more.vcf", _vcards(5), NOW, None, dry_run=True)
    assert len(dry.created) == 2 and len(await store.contacts(A)) == 3  # a dry run tells, and keeps nothing


async def test_an_import_that_fails_partway_is_undone_whole_while_another_owner_writes(store):
    await owners(store)
    await store.add_contact(A, "Already There", NOW, None)
    before = await exporter.to_dict(store, A, NOW)
    writing = asyncio.Event()

    def progress(n: int, total: int) -> None:
        if n == 2:
            writing.set()
        if n == 650:  # well past the first committed steps
            raise RuntimeError("the disk failed")

    async def other_owner() -> None:
        await writing.wait()
        for n in range(5):
            await store.add_contact(B, f"Friend {n}", NOW, None)
            await store.add_message(B, "user", f"hi {n}", NOW)

    results = await asyncio.gather(importer.import_bytes(store, A, "phone.vcf", _vcards(700), NOW, None,
                                                         progress=progress),
                                   other_owner(), return_exceptions=True)
    assert isinstance(results[0], importer.ImportUndone) and results[1] is None
    assert await exporter.to_dict(store, A, NOW) == before
    assert await store.tags(A) == {} and await store.count_notes(A) == 0
    assert len(await store.contacts(B)) == 5


async def test_a_damaged_export_changes_nothing(store):
    await _fill(store)
    before = await exporter.to_dict(store, CAROL, NOW)
    data = json.dumps(await exporter.to_dict(store, A, NOW)).encode()[:-40]
    with pytest.raises(importer.ImportFileError):
        await importer.import_bytes(store, CAROL, "memoro.json", data, NOW, None)
    assert await exporter.to_dict(store, CAROL, NOW) == before
