"""Groups and tags (core/groups.py): said in words, asked for, untagged, and kept by every
export (JSON round trip; vCard CATEGORIES; CSV Labels) and read back by imports."""

from __future__ import annotations

import json

import pytest

from core import csvio, exporter, vcard
from core.importer import import_bytes
from core.understand.gifts import parse
from tests.conftest import Harness


@pytest.mark.parametrize("text, action, people, tag", [
    ("sam and priya are in my climbing group", "tag", ["sam", "priya"], "climbing"),
    ("wen, luca & dara are in the book club", "tag", ["wen", "luca", "dara"], "book club"),
    ("tag omar as work", "tag", ["omar"], "work"),
    ("tag omar #work", "tag", ["omar"], "work"),
    ("omar is a work friend", "tag", ["omar"], "work"),
    ("dana's my running buddy", "tag", ["dana"], "running"),
    ("add yusuf to my five-a-side team", "tag", ["yusuf"], "five-a-side team"),
    ("untag omar work", "untag", ["omar"], "work"),
    ("remove sam from climbing", "untag", ["sam"], "climbing"),
    ("who's in climbing?", "group", [], "climbing"),
    ("who is in my climbing group", "group", [], "climbing"),
    ("who are my work friends", "group", [], "work"),
    ("/people climbing", "group", [], "climbing"),
    ("what groups do i have", "groups", [], ""),
])
def test_the_shapes_of_a_group(text, action, people, tag):
    said = parse(text, [])
    assert (said.action, said.people, said.tag) == (action, people, tag)


@pytest.mark.parametrize("text", ["maya is my best friend", "tom is an old friend", "sam is in the hospital",
                                  "priya is in the uk"])
def test_what_is_not_a_tag(text):
    said = parse(text, [])
    assert said is None or said.action != "tag"


async def test_a_group_is_made_asked_for_and_left(bot_no_vectors: Harness):
    b = bot_no_vectors
    assert "Added Sam and Priya to climbing" in await b.say("sam and priya are in my climbing group")
    assert "Added Omar to work" in await b.say("tag omar as work")
    assert "already" in await b.say("omar is a work friend")
    who = await b.say("who's in climbing?")
    assert "Priya" in who and "Sam" in who and "Omar" not in who
    assert "Omar" in await b.say("/people work")
    assert "No group called knitting" in await b.say("/people knitting")
    assert "climbing (2 people)" in await b.say("/groups")
    assert "Groups:\n• climbing" in await b.say("/person sam")
    assert "Took Sam out of climbing" in await b.say("remove sam from climbing")
    assert "Sam" not in await b.say("who's in climbing")
    assert "Took Omar out of work" in await b.say("untag omar")


async def test_a_place_or_a_person_that_is_no_group_is_answered_as_before(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("sam lives in berlin")
    assert "Sam" in await b.say("who's in berlin?")
    forget = await b.say("remove sam from my contacts")
    assert "Forget Sam" in forget  # still the /forget question, not a group


async def test_the_json_export_round_trip_keeps_items_and_tags(bot_no_vectors: Harness, tmp_path):
    from storage.sqlite import SqliteStore

    b = bot_no_vectors
    await b.say("gift idea for noor: a pour-over kettle")
    await b.say("owe jo 20 quid")
    await b.say("paid jo back")
    await b.say("noor and jo are in my climbing group")
    name, data = await exporter.export(b.store, b.owner, "json", b.clock.now())
    doc = json.loads(data)
    assert {i["kind"] for i in doc["items"]} == {"gift", "owe"} and {t["tag"] for t in doc["tags"]} == {"climbing"}
    other = await SqliteStore.open(tmp_path / "other.sqlite3")
    try:
        report = await import_bytes(other, "test:new", name, data, b.clock.now(), None)
        assert report.added["items"] == 2 and report.added["tags"] == 2
        again = await import_bytes(other, "test:new", name, data, b.clock.now(), None)
        assert again.added["items"] == 0 and again.added["tags"] == 0  # idempotent
        assert [i["text"] for i in await other.items("test:new")] == ["a pour-over kettle"]  # the debt stays paid
        assert len(await other.items("test:new", done=True)) == 2
        assert [c.name for c in await other.tagged("test:new", "climbing")] == ["Jo", "Noor"]
    finally:
        await other.close()


async def test_vcard_and_csv_exports_keep_tags_and_imports_read_them_back(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("sam and priya are in my climbing group")
    await b.say("tag sam as work")
    _, card = await exporter.export(b.store, b.owner, "vcf", b.clock.now())
    assert "CATEGORIES:climbing,work" in card.decode()
    _, sheet = await exporter.export(b.store, b.owner, "csv", b.clock.now())
    assert "climbing ::: work" in sheet.decode() and sheet.decode().splitlines()[0].endswith("Labels")
    entries, *_ = vcard.parse(card)
    assert {e.name: e.tags for e in entries} == {"Priya": ["climbing"], "Sam": ["climbing", "work"]}
    entries, *_ = csvio.parse(sheet.decode())
    assert {e.name: e.tags for e in entries} == {"Priya": ["climbing"], "Sam": ["climbing", "work"]}
    report = await import_bytes(b.store, "test:u9", "contacts.vcf", card, b.clock.now(), None)
    assert sorted(report.created) == ["Priya", "Sam"]
    assert [c.name for c in await b.store.tagged("test:u9", "work")] == ["Sam"]


def test_google_group_membership_is_read_without_its_own_system_groups():
    sheet = ("Name,Given Name,Group Membership\n"
             "Wen Li,Wen,* myContacts ::: Book Club ::: * starred\n"
             "Dara Byrne,Dara,* Friends\n")
    entries, skipped, _, unknown = csvio.parse(sheet)
    assert not skipped and not unknown
    assert {e.name: e.tags for e in entries} == {"Wen Li": ["book club"], "Dara Byrne": ["friends"]}
