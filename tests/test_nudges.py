"""What is due when: core.nudges on a real SQLite file with an injected clock (nothing sleeps)."""

from __future__ import annotations

from pathlib import Path

from core.clock import FixedClock
from core.engine import Engine
from storage.sqlite import SqliteStore
from tests.conftest import Harness, at


async def _texts(b: Harness, when: str) -> list[str]:
    return [m.text for m in await b.tick(when)]


async def test_on_time_on_the_spring_forward_day_in_berlin(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("/tz Europe/Berlin", "2026-03-20T10:00:00+01:00")
    await b.say("Sam Lee was born on March 29, 1991.")
    await b.say("Sam just got engaged to Priya.")
    assert await _texts(b, "2026-03-29T06:59:00+00:00") == []  # 08:59 CEST
    (text,) = await _texts(b, "2026-03-29T07:00:00+00:00")  # 09:00 CEST, not 10:00
    assert text.startswith("🎂 Sam Lee turns 35 today!") and "engaged to Priya" in text


async def test_on_time_on_the_fall_back_day_in_new_york(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("/tz America/New_York", "2026-10-20T10:00:00-04:00")
    await b.say("Omar's birthday is November 1.")
    assert await _texts(b, "2026-11-01T13:59:00+00:00") == []  # 08:59 EST
    assert len(await _texts(b, "2026-11-01T14:00:00+00:00")) == 1  # 09:00 EST


async def test_half_hour_zone(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("/tz Asia/Kolkata", "2026-08-01T10:00:00+05:30")
    await b.say("Priya's birthday is August 12.")
    assert await _texts(b, "2026-08-12T03:29:00+00:00") == []
    assert len(await _texts(b, "2026-08-12T03:30:00+00:00")) == 1  # 09:00 IST


async def test_leap_day_birthday_is_on_feb_29_in_leap_years(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Leila was born on February 29, 1996.", "2027-11-10T12:00:00+00:00")
    assert await _texts(b, "2028-02-28T09:05:00+00:00") == []
    (text,) = await _texts(b, "2028-02-29T09:05:00+00:00")
    assert "Leila turns 32" in text


async def test_two_owners_in_different_zones_each_at_their_nine(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("/tz Europe/Berlin", "2026-05-01T10:00:00+02:00")
    await b.say("Ana's birthday is May 5.")
    await b.say("/tz America/New_York", owner="test:u2")
    await b.say("Ben's birthday is May 5.", owner="test:u2")
    sent = await b.tick("2026-05-05T07:00:00+00:00")
    assert [(m.owner, "Ana" in m.text) for m in sent] == [("test:u1", True)]
    assert await b.tick("2026-05-05T12:59:00+00:00") == []
    sent = await b.tick("2026-05-05T13:00:00+00:00")
    assert [(m.owner, "Ben" in m.text) for m in sent] == [("test:u2", True)]


async def test_two_ticks_in_the_same_minute_send_once(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ana's birthday is May 5.", "2026-04-01T10:00:00+00:00")
    assert len(await b.engine.tick(at("2026-05-05T09:00:10+00:00"))) == 1
    assert await b.engine.tick(at("2026-05-05T09:00:40+00:00")) == []
    assert await b.engine.tick(at("2026-05-05T09:00:10+00:00")) == []  # a clock that steps back


async def _reopen(path: Path, when: str) -> tuple[SqliteStore, Engine]:
    store = await SqliteStore.open(path)
    return store, Engine(store=store, index=None, clock=FixedClock(at(when)))


async def test_no_duplicate_across_a_restart(tmp_path: Path):
    path = tmp_path / "memoro.sqlite3"
    store, engine = await _reopen(path, "2026-04-01T10:00:00+00:00")
    h = Harness(engine, store, engine.clock)
    await h.say("Ana's birthday is May 5.")
    assert len(await h.tick("2026-05-05T09:01:00+00:00")) == 1
    await store.close()
    store, engine = await _reopen(path, "2026-05-05T09:01:00+00:00")
    assert await engine.tick(at("2026-05-05T09:01:30+00:00")) == []
    assert await engine.tick(at("2026-05-05T18:00:00+00:00")) == []
    assert await engine.tick(at("2026-05-06T09:01:00+00:00")) == []
    await store.close()


async def test_crash_between_claim_and_send_is_retried_once_after_the_timeout(tmp_path: Path):
    path = tmp_path / "memoro.sqlite3"
    store, engine = await _reopen(path, "2026-04-01T10:00:00+00:00")
    await Harness(engine, store, engine.clock).say("Ana's birthday is May 5.")
    (claimed,) = await engine.due(at("2026-05-05T09:00:00+00:00"))
    await store.close()  # the process dies before sending
    store, engine = await _reopen(path, "2026-05-05T09:01:00+00:00")
    assert await engine.due(at("2026-05-05T09:01:00+00:00")) == []  # still claimed, not yet timed out
    (again,) = await engine.due(at("2026-05-05T09:10:00+00:00"))
    assert again.text == claimed.text and again.attempts == 2
    from core import nudges

    await nudges.finish(store, again, at("2026-05-05T09:10:00+00:00"), ok=True)
    assert await engine.due(at("2026-05-05T09:30:00+00:00")) == []
    (n,) = again.nudges
    assert await store.nudge_status(n.owner, n.contact_id, "birthday", "2026-05-05") == "sent"
    await store.close()


async def test_down_at_nine_back_the_same_day_sends_the_usual_nudge(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ana was born on May 5, 1990.", "2026-04-01T10:00:00+00:00")
    assert await b.tick("2026-05-04T20:00:00+00:00") == []  # last tick before the outage
    (text,) = await _texts(b, "2026-05-05T17:00:00+00:00")
    assert text.startswith("🎂 Ana turns 36 today!")


async def test_a_tick_tells_yesterdays_missed_birthdays_in_one_catch_up_message(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Olga Petrova's birthday is May 2.", "2026-04-01T10:00:00+00:00")
    await b.say("Yusuf Demir's birthday is May 4.")
    await b.say("Tara Singh's birthday is May 5.")
    await b.say("Sunny Park was born on May 4, 1980.")
    assert await b.tick("2026-05-01T20:00:00+00:00") == []  # no tick after this one
    today, missed = await _texts(b, "2026-05-05T10:00:00+00:00")
    assert today == "🎂 It's Tara Singh's birthday today!"
    head, sunny, yusuf = missed.split("\n")
    assert head == "While I was away, I missed telling you:"
    assert sunny.startswith("• 🎂 Sunny Park turned 46 yesterday (May 4).")
    assert yusuf == "• 🎂 Yusuf Demir's birthday was yesterday (May 4)."
    assert "Olga" not in today + missed  # past its due window: a replay or console tick does not send it
    assert await b.tick("2026-05-05T10:01:00+00:00") == []


async def test_several_due_make_one_digest_with_keep_in_touch(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Had lunch with Chiara Bianchi.", "2026-03-02T13:30:00+00:00")
    await b.say("Remind me to check in with Chiara every 2 weeks.")
    await b.say("Ana's birthday is March 16.")
    (digest,) = await b.tick("2026-03-16T09:00:00+00:00")
    lines = digest.text.splitlines()
    assert lines[0] == "Good morning! Here's who to think of today:"
    assert lines[1] == "• 🎂 It's Ana's birthday today!"
    assert lines[2].startswith("• ⏰ Time to check in with Chiara Bianchi: it's been 14 days")
    assert await b.tick("2026-03-17T09:00:00+00:00") == []


async def test_heads_up_days_before_at_the_chosen_time(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Sam Lee was born on March 29, 1991.", "2026-03-01T10:00:00+00:00")
    reply = await b.say("/nudges 8:30 7 1 0")
    assert "08:30" in reply and "7 days before, the day before and on the day" in reply
    assert await _texts(b, "2026-03-22T08:29:00+00:00") == []
    assert await _texts(b, "2026-03-22T08:30:00+00:00") == ["🎈 Sam Lee's birthday is in 7 days (Mar 29): turning 35."]
    assert await _texts(b, "2026-03-28T08:30:00+00:00") == ["🎈 Sam Lee's birthday is tomorrow (Mar 29): turning 35."]
    (text,) = await _texts(b, "2026-03-29T08:30:00+00:00")
    assert text.startswith("🎂 Sam Lee turns 35 today!")


async def test_nudges_command_rejects_bad_input_and_keeps_the_schedule(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("/nudges 8:30 7 1 0", "2026-03-01T10:00:00+00:00")
    for bad in ("25:00", "8:75", "soon", "8:30 7 x", "8:30 90"):
        reply = await b.say(f"/nudges {bad}")
        assert "/nudges 8:30 7 1 0" in reply and "will arrive" not in reply
    assert await b.store.nudge_schedule(b.owner) == (8, 30, [7, 1, 0])
    assert "08:30" in await b.say("/nudges")
    await b.say("/nudges 7")  # the time alone keeps the lead days
    assert await b.store.nudge_schedule(b.owner) == (7, 0, [7, 1, 0])


async def test_a_blocked_owner_is_not_nudged(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ana's birthday is May 5.", "2026-04-01T10:00:00+00:00")
    await b.store.update_owner(b.owner, blocked_at="2026-04-02T10:00:00+00:00")
    assert await b.tick("2026-05-05T09:00:00+00:00") == []
