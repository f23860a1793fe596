"""Engine.tick: birthday and keep-in-touch nudges as the engine sees them (injected clock)."""

from tests.conftest import Harness


async def test_birthday_nudge_once_at_nine_local(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Lucía Fernández's birthday is June 9.", "2026-05-20T18:00:00+02:00")
    await b.say("she just got promoted")
    assert await b.tick("2026-06-09T08:55:00+02:00") == []
    (nudge,) = await b.tick("2026-06-09T09:05:00+02:00")
    assert "Lucía Fernández" in nudge.text and "promoted" in nudge.text
    assert await b.tick("2026-06-09T15:00:00+02:00") == []
    assert await b.tick("2026-06-10T09:05:00+02:00") == []


async def test_missed_morning_is_sent_until_end_of_next_day(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Haruto's birthday is June 14.", "2026-06-01T10:00:00+09:00")
    assert len(await b.tick("2026-06-15T22:00:00+09:00")) == 1
    await b.say("Kenta's birthday is June 20.")
    assert await b.tick("2026-06-22T09:05:00+09:00") == []


async def test_leap_day_birthday_in_common_year(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Leila Farahani was born on February 29, 1996.", "2026-11-10T12:00:00+00:00")
    (nudge,) = await b.tick("2027-02-28T09:05:00+00:00")
    assert "Leila" in nudge.text and "turns 31" in nudge.text
    assert await b.tick("2027-03-01T09:05:00+00:00") == []


async def test_nudges_follow_each_owners_zone(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("/tz Asia/Kolkata", "2026-08-01T10:00:00+00:00")
    await b.say("Wanjiru's birthday is August 12.")
    await b.say("Björn's birthday is August 12.", owner="test:u2")
    sent = await b.tick("2026-08-12T03:31:00+00:00")  # 09:01 in Kolkata, 03:31 for u2 (UTC)
    assert [(m.owner, "Wanjiru" in m.text) for m in sent] == [("test:u1", True)]
    sent = await b.tick("2026-08-12T09:01:00+00:00")
    assert [(m.owner, "Björn" in m.text) for m in sent] == [("test:u2", True)]


async def test_keep_in_touch_resets_on_interaction(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Remind me to keep in touch with Marcus Hill every month.", "2026-01-05T18:00:00-05:00")
    await b.say("Grabbed a beer with Marcus at the Dubliner tonight.", "2026-01-28T21:00:00-05:00")
    assert await b.tick("2026-02-10T10:00:00-05:00") == []
    (nudge,) = await b.tick("2026-03-05T10:00:00-05:00")
    assert "Marcus Hill" in nudge.text
    assert await b.tick("2026-03-06T10:00:00-05:00") == []


async def test_several_due_at_once_make_one_digest(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ana's birthday is May 5.", "2026-04-01T10:00:00+00:00")
    await b.say("Ben's birthday is May 5.")
    (digest,) = await b.tick("2026-05-05T09:05:00+00:00")
    assert "Ana" in digest.text and "Ben" in digest.text
