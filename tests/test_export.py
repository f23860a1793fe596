"""Export and the round trip: a conversation, `/export` in the chat, the file sent to a bot on
an empty data directory, and the same answers there (real SQLite and real Chroma on both)."""

from __future__ import annotations

import json

from core.clock import FixedClock
from core.engine import Engine
from core.messages import Attachment
from storage.sqlite import SqliteStore
from storage.vectors import ChromaIndex
from tests.conftest import Harness, at, make_message

STORY = [
    ("Had coffee with Sam Lee at Blue Bottle today. He just got engaged to Priya! His birthday is March 3.",
     "2026-01-05T10:00:00+01:00"),
    ("Zoë Laurent lives in Lyon. She's a sommelier and loves natural wine.", "2026-01-06T10:00:00+01:00"),
    ("Zoë moved to Paris", "2026-02-10T10:00:00+01:00"),
    ("张伟's birthday is Feb 29", "2026-02-11T10:00:00+01:00"),
    ("Lunch with Omar Haddad yesterday, he started training for the Berlin marathon", "2026-02-20T10:00:00+01:00"),
    ("Tom's wife Maria works at Spotify", "2026-02-21T10:00:00+01:00"),
    ("remind me to check in with Omar every 2 weeks", "2026-02-22T10:00:00+01:00"),
    ("/tz Europe/Paris", "2026-02-22T10:05:00+01:00"),
    ("/nudges 8:30 7 0", "2026-02-22T10:06:00+01:00"),
]
QUESTIONS = [
    "when is Sam's birthday?", "who is Sam engaged to?", "where does Zoë live?", "what's new with Zoë?",
    "when is 张伟's birthday?", "when did I last see Omar?", "who do I know that runs?", "who is Tom's wife?",
    "where does Maria work?", "/keepintouch", "/nudges", "/people", "/person Sam Lee", "whose birthday is coming up?",
]
ASKED_AT = "2026-02-25T12:00:00+01:00"


async def answers(b: Harness) -> list[str]:
    return [await b.say(q, ASKED_AT) for q in QUESTIONS]


async def export(b: Harness, fmt: str = "json") -> Attachment:
    out = await b.engine.handle(make_message(f"/export {fmt}", at=b.clock.now()))
    assert out[0].attachment is not None, out[0].text
    return out[0].attachment


async def fresh(tmp_path, embedder, name: str) -> Harness:
    """An engine on an empty data directory (without vectors when `embedder` is None)."""
    store = await SqliteStore.open(tmp_path / name / "memoro.sqlite3")
    index = ChromaIndex(embedder, path=tmp_path / name / "chroma") if embedder else None
    clock = FixedClock(at(ASKED_AT))
    return Harness(Engine(store=store, index=index, clock=clock), store, clock)


async def send(b: Harness, file: Attachment) -> str:
    return (await b.engine.handle(make_message("", at=b.clock.now(), attachment=file)))[0].text


async def table_counts(b: Harness) -> dict[str, int]:
    tables = ("contacts", "facts", "notes", "interactions", "relationships", "reminders", "messages")
    return {t: (await b.store._rows(f"SELECT count(*) FROM {t} WHERE owner = 'test:u1'"))[0][0] for t in tables}


async def test_json_round_trip_gives_the_same_answers(bot: Harness, tmp_path, embedder):
    for text, when in STORY:
        await bot.say(text, when)
    bot.clock.set(at(ASKED_AT))
    file = await export(bot)
    assert file.name.endswith(".json") and file.mime_type == "application/json"
    before = await answers(bot)
    assert "Paris" in before[2] and "Feb 29" in before[4] and "Omar Haddad" in before[6] and "Maria" in before[7]
    doc = json.loads(file.data)
    zoe = next(p for p in doc["people"] if p["name"] == "Zoë Laurent")
    assert [(f["value"], f["valid_to"] is None) for f in zoe["facts"] if f["kind"] == "city"] == [
        ("Lyon", False), ("Paris", True)]

    other = await fresh(tmp_path, embedder, "restored")
    try:
        reply = await send(other, file)
        assert "new:" in reply and "Sam Lee" in reply
        after = await answers(other)
        assert after == before
        rows = await other.store._rows(
            "SELECT value, valid_from, valid_to FROM facts WHERE kind = 'city' ORDER BY valid_from")
        assert [(r[0], r[1][:10], r[2] is None) for r in rows] == [("Lyon", "2026-01-06", False),
                                                                    ("Paris", "2026-02-10", True)]
        owner = await other.store.owner("test:u1")
        assert (owner.tz, owner.nudge_hour, owner.nudge_minute) == ("Europe/Paris", 8, 30)
        # /undo after a restore undoes the last restored change, as it would have in the original
        assert (await other.store.last_change_source("test:u1")) is not None
    finally:
        await other.store.close()


async def test_json_import_twice_adds_nothing(bot_no_vectors: Harness, tmp_path):
    b = bot_no_vectors
    for text, when in STORY:
        await b.say(text, when)
    file = await export(b)
    second = await fresh(tmp_path, None, "twice")
    try:
        await send(second, file)
        once = await table_counts(second)
        again = await send(second, file)
        assert "0 new" in again and "nothing else to add" in again
        after = await table_counts(second)
        assert after == {**once, "messages": once["messages"] + 2}  # only the file message and its reply
        # and into the original address book itself: everything is already there
        same = await table_counts(b)
        await send(b, file)
        assert await table_counts(b) == {**same, "messages": same["messages"] + 2}
    finally:
        await second.store.close()


async def test_vcf_and_csv_exports_read_back(bot_no_vectors: Harness, tmp_path):
    b = bot_no_vectors
    for text, when in STORY:
        await b.say(text, when)
    for fmt in ("vcf", "csv"):
        file = await export(b, fmt)
        other = await fresh(tmp_path, None, fmt)
        try:
            await send(other, file)
            assert [c.name for c in await other.store.contacts("test:u1")] == \
                   [c.name for c in await b.store.contacts("test:u1")]
            for q in ("when is Sam's birthday?", "where does Zoë live?", "when is 张伟's birthday?",
                      "where does Maria work?"):
                assert await other.say(q) == await b.say(q), q
        finally:
            await other.store.close()


async def test_export_command_usage(bot_no_vectors: Harness):
    out = await bot_no_vectors.engine.handle(make_message("/export pdf"))
    assert out[0].attachment is None and "json" in out[0].text and "vcf" in out[0].text


async def test_a_damaged_export_imports_what_it_can(bot_no_vectors: Harness):
    doc = {"format": "memoro", "version": 1, "settings": {"tz": "Mars/Olympus", "nudge_hour": 8},
           "people": [{"id": 1, "name": "Ada Byron", "created_at": "not a date",
                       "facts": [{"id": 1, "kind": "city", "value": "London", "valid_from": "2026-01-01T00:00:00+00:00"}]},
                      {"name": "No Id"}, "garbage"],
           "notes": [{"person": 1, "text": "writes programs", "noted_on": "2026-01-01", "kind": "fact"}, 7],
           "interactions": "nope"}
    b = bot_no_vectors
    reply = await send(b, Attachment(name="old.json", data=json.dumps(doc).encode()))
    assert "1 new: Ada Byron" in reply and "people[1]: id field required" in reply and "people[2]:" in reply
    assert "London" in await b.say("where does Ada live?")
    assert (await b.store.owner("test:u1")).tz != "Mars/Olympus"  # an unknown zone is not applied
    newer = await send(b, Attachment(name="new.json", data=b'{"format": "memoro", "version": 7}'))
    assert "version (7)" in newer
