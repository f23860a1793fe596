"""Follow-ups and yearly dates keep the nudge guarantees: sent once, at the local time asked,
after a real SIGKILL between claim and send, across a day of downtime, and through the real
python-telegram-bot client on the loopback fake."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

from bot.scheduler import NudgeScheduler
from bot.telegram_bot import TelegramAdapter
from core import followups
from core.clock import FixedClock
from core.engine import Engine
from core.messages import OutgoingMessage
from core.understand.reminders import parse
from storage.sqlite import SqliteStore
from tests.conftest import Harness, at, make_message
from tests.fake_telegram import TOKEN, FakeTelegram, text_update

OWNER = "telegram:5"


class Chat:
    def __init__(self):
        self.accepted: list[OutgoingMessage] = []

    async def send(self, msg: OutgoingMessage) -> None:
        self.accepted.append(msg)


async def _say(path: Path, when: str, *texts: str) -> list[str]:
    store = await SqliteStore.open(path)
    engine = Engine(store=store, index=None, clock=FixedClock(at(when)))
    out = []
    for text in texts:
        replies = await engine.handle(make_message(text, owner=OWNER, platform="telegram", chat_id="5", at=at(when)))
        out += [r.text for r in replies]
    await store.close()
    return out


def test_the_moment_is_read_in_the_owners_zone_and_defaults_to_nine():
    now = at("2026-12-03T10:15:00+01:00")  # a Thursday
    assert parse("remind me friday to call sam about the job", now, []).due == at("2026-12-04T09:00:00+01:00")
    assert parse("ping me in 2 weeks about priya's visa", now, []).due == at("2026-12-17T09:00:00+01:00")
    assert parse("remind me tmrw at 6pm to text jo", now, []).due == at("2026-12-04T18:00:00+01:00")
    assert parse("nudge me in 3 hours to ring mum", now, []).due == at("2026-12-03T13:15:00+01:00")
    assert parse("remind me at 7 to call dad", now, []).due == at("2026-12-03T19:00:00+01:00")
    assert parse("remind me to check in with sam every 2 weeks", now, []) is None  # keep in touch
    assert parse("ping me if i haven't seen carmen in a month", now, []) is None
    # "tell/text me" asks for a reminder only when it says when; otherwise it is a question or a chat
    assert parse("tell me everything u know about tomás", now, ["Tomás Ruiz"]) is None
    assert parse("text me the list", now, []) is None
    assert parse("pls text me friday to book the table", now, []).due == at("2026-12-04T09:00:00+01:00")
    ask = parse("remind me tmrw at 6pm to text jo", now, [])
    assert (ask.what, ask.person) == ("text jo", "Jo")
    assert parse("cancel reminder 2", now, []).number == 2
    assert parse("cancel the reminder about priya's visa", now, []).about == "priya's visa"


def test_nudges_lead_days_in_the_short_form():
    assert followups.lead_days("3d") == [3, 0]
    assert followups.lead_days("1w 1d") == [7, 1, 0]
    assert followups.lead_days("8:30 7 1 0") is None


_VICTIM = textwrap.dedent("""
    import asyncio, os, signal, sys
    from bot.scheduler import NudgeScheduler
    from core.clock import FixedClock
    from core.engine import Engine
    from storage.sqlite import SqliteStore
    from tests.conftest import at

    async def main():
        store = await SqliteStore.open(sys.argv[1])
        engine = Engine(store=store, index=None, clock=FixedClock(at(sys.argv[2])))

        async def send(msg):  # claimed and committed; the process dies before the platform sees it
            os.kill(os.getpid(), signal.SIGKILL)

        await NudgeScheduler(engine, send).run_once(at(sys.argv[2]))

    asyncio.run(main())
""")


async def test_killed_between_claim_and_send_then_sent_once_after_restart(tmp_path: Path):
    path = tmp_path / "memoro.sqlite3"
    await _say(path, "2026-12-03T10:00:00+00:00", "hi", "remind me tmrw at 6pm to text jo",
               "kofi and ama's anniversary is december 4, they got married in 2020")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", _VICTIM, str(path), "2026-12-04T18:00:00+00:00",
                                                cwd=Path(__file__).parent.parent)
    assert await proc.wait() == -9  # a real SIGKILL, between the claim's commit and the send
    store = await SqliteStore.open(path)
    assert await store.nudge_status(OWNER, (await store.followups(OWNER))[0].contact_id, "followup",
                                    str((await store.followups(OWNER))[0].id)) == "claimed"
    engine = Engine(store=store, index=None, clock=FixedClock(at("2026-12-04T18:02:00+00:00")))
    chat = Chat()
    scheduler = NudgeScheduler(engine, chat.send)
    await scheduler.run_once(at("2026-12-04T18:02:00+00:00"))
    texts = "\n".join(m.text for m in chat.accepted)
    assert texts.count("text jo") == 1 and texts.count("Kofi and Ama") == 1 and "their 6th" in texts
    for minute in range(3, 6):
        await scheduler.run_once(at(f"2026-12-04T18:0{minute}:00+00:00"))
    await scheduler.run_once(at("2026-12-05T09:00:00+00:00"))
    assert "\n".join(m.text for m in chat.accepted).count("text jo") == 1
    assert "\n".join(m.text for m in chat.accepted).count("anniversary") == 1
    await store.close()


async def test_a_day_down_brings_the_missed_follow_up_and_anniversary_once(tmp_path: Path):
    path = tmp_path / "memoro.sqlite3"
    await _say(path, "2026-12-03T10:00:00+00:00", "hi", "remind me tmrw at 6pm to text jo",
               "lena and omar's anniversary is dec 4 2016")
    store = await SqliteStore.open(path)
    chat = Chat()
    engine = Engine(store=store, index=None, clock=FixedClock(at("2026-12-04T08:00:00+00:00")))
    assert await NudgeScheduler(engine, chat.send).run_once(at("2026-12-04T08:00:00+00:00")) == 0
    await store.close()  # down for a day: the anniversary's 09:00 and the follow-up's 18:00 pass
    store = await SqliteStore.open(path)
    engine = Engine(store=store, index=None, clock=FixedClock(at("2026-12-05T08:30:00+00:00")))
    scheduler = NudgeScheduler(engine, chat.send)
    assert await scheduler.run_once(at("2026-12-05T08:30:00+00:00")) == 1
    (missed,) = [m.text for m in chat.accepted]
    assert missed.startswith("While I was away, I missed telling you:")
    assert "text jo" in missed and "due" in missed and "Lena and Omar" in missed and "10th anniversary" in missed
    for when in ("2026-12-05T08:31:00+00:00", "2026-12-05T09:00:00+00:00", "2026-12-06T18:00:00+00:00"):
        assert await scheduler.run_once(at(when)) == 0
    await store.close()


async def test_undo_takes_back_a_follow_up_and_cancel_by_number(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("remind me friday to call sam about the job", "2026-12-03T10:00:00+00:00")
    await b.say("ping me in 2 weeks about priya's visa")
    assert "Cancelled: call sam about the job" in await b.say("cancel reminder 1")
    await b.say("/undo")
    assert [f.text for f in await b.store.followups(b.owner)] == []
    assert "No open reminders" in await b.say("/reminders")


async def test_a_follow_up_is_delivered_through_the_real_telegram_client(bot_no_vectors: Harness):
    b, fake = bot_no_vectors, FakeTelegram()
    adapter = TelegramAdapter(b.engine, token=TOKEN, base_url=fake.base_url, poll_timeout=1)
    await adapter.start()
    try:
        fake.push(text_update(1, "remind me in 2 hours to text jo about the keys"))
        ((chat_id, reply),) = await fake.wait_for_messages(1)
        assert chat_id == "555" and "text jo about the keys" in reply
        (due,) = await b.store.followups("telegram:555")
        scheduler = NudgeScheduler(b.engine, adapter.send)
        assert await scheduler.run_once(due.due_at - timedelta(minutes=1)) == 0
        assert await scheduler.run_once(due.due_at) == 1
        assert await scheduler.run_once(due.due_at + timedelta(minutes=1)) == 0
        sent = await fake.wait_for_messages(2)
        assert sent[-1] == ("555", "⏰ Reminder: text jo about the keys.")
    finally:
        await adapter.stop()
        await fake.close()


async def test_the_json_export_round_trip_keeps_follow_ups_and_yearly_dates(bot_no_vectors: Harness, tmp_path: Path):
    from tests.test_export import export, fresh, send

    b = bot_no_vectors
    await b.say("sam and priya's anniversary is june 4, they got married in 2016", "2026-06-01T10:00:00+00:00")
    await b.say("eliska's name day is june 3")
    await b.say("remind me in 2 weeks to ask priya about the visa")
    await b.say("remind me at 6pm to text jo")
    await b.tick("2026-06-01T18:00:00+00:00")  # the one about jo is delivered: it comes back as done
    file = await export(b)
    other = await fresh(tmp_path, None, "restored")
    try:
        await send(other, file)
        (left,) = await other.store.followups("test:u1")
        assert left.text == "ask priya about the visa" and left.name == "Priya"
        assert "Jun 4" in await other.say("when is priya's anniversary?", "2026-06-01T19:00:00+00:00")
        assert "10th" in await other.say("when is sam's anniversary?")
        ics = (await export(other, "ics")).data.decode()
        assert "name day" in ics and "anniversary" in ics and "Ask priya about the visa" in ics
        sent = [m.text for m in await other.tick("2026-06-15T09:00:00+00:00")]
        assert sent == ["⏰ Reminder: ask priya about the visa."]
    finally:
        await other.store.close()
