"""The durable inbox without a transport: the engine's receive/process halves on real SQLite, and
the per-person queues of bot/inbox.py (order for each person, a bound on work in flight)."""

from __future__ import annotations

import asyncio

from bot.inbox import Inbox
from tests.conftest import Harness, make_message


async def test_a_redelivery_of_a_pending_message_is_handled_once_and_of_a_handled_one_not_at_all(
        bot_no_vectors: Harness):
    b = bot_no_vectors
    msg = make_message("Had lunch with Maya Berg today.", message_id="m1")
    first = await b.engine.receive(msg)
    again = await b.engine.receive(msg)  # redelivered before it was handled (a crash came between)
    assert first.pending and again.pending and first.mid == again.mid
    assert [p[1] for p in await b.engine.pending("test")] == [first.mid]
    (reply,) = await b.engine.process(msg, first.mid)
    assert "Maya Berg" in reply.text
    assert await b.engine.process(msg, again.mid) == []  # the second copy finds it handled
    assert not (await b.engine.receive(msg)).pending
    assert await b.engine.pending("test") == []
    meetings = await b.store._rows("SELECT count(*) FROM interactions")
    assert meetings[0][0] == 1


async def test_a_message_cut_short_by_a_crash_has_its_writes_undone_and_takes_effect_once(bot_no_vectors: Harness):
    b = bot_no_vectors
    msg = make_message("Had lunch with Maya Berg today.", message_id="m2")
    receipt = await b.engine.receive(msg)
    owner = await b.engine.owner("test:u1", b.clock.now())
    contact = await b.store.add_contact(owner.key, "Maya Berg", b.clock.now(), receipt.mid)  # half of its writes
    await b.store.add_interaction(owner.key, [contact.id], b.clock.now().date(), None, "lunch", b.clock.now(),
                                  receipt.mid)  # each committed, then the process died before it was marked handled
    await b.engine.process(msg, receipt.mid)
    assert [c.name for c in await b.store.contacts(owner.key)] == ["Maya Berg"]
    meetings = await b.store._rows("SELECT count(*) FROM interactions WHERE source_message_id = ?", (receipt.mid,))
    assert meetings[0][0] == 1


async def test_people_are_handled_concurrently_each_in_order_at_most_limit_at_once():
    running, most, done = 0, 0, []
    gates = {s: asyncio.Event() for s in "abcde"}

    async def job(sender: str, n: int):
        nonlocal running, most
        running += 1
        most = max(most, running)
        await gates[sender].wait()
        done.append((sender, n))
        running -= 1

    inbox = Inbox(job, limit=2)
    for n in range(3):
        for sender in "abcde":
            assert inbox.submit(sender, (sender, n), sender, n)
    assert not inbox.submit("a", ("a", 0), "a", 0)  # already queued: not twice
    for sender in "edcba":
        gates[sender].set()
        await asyncio.sleep(0.01)
    await inbox.idle()
    assert most == 2 and len(done) == 15 and len(inbox) == 0
    for sender in "abcde":
        assert [n for s, n in done if s == sender] == [0, 1, 2]
