"""What is due and the exactly-once claims of nudges (NudgeRepo), also across stores.

`core.nudges.collect` is the whole proactive path up to sending (due scan, claim, digests); two
stores on one database calling it at the same moment are two workers ticking together, and every
due nudge must be claimed by exactly one of them. The claim rules below it (a crash between
claim and send is retried after the timeout, or at once after a restart; a failed send from its
retry time; a delivered one never again) are asserted on the store methods themselves.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from core import nudges
from tests.contract.common import NOW, A, B, at, days, owners

MAY5 = at("2026-05-05T09:00:00+00:00")  # 09:00 UTC: the default nudge time of a UTC owner


def _seconds(n: int) -> timedelta:
    return timedelta(seconds=n)


async def _birthdays(store, n: int) -> list[tuple[str, int]]:
    """`n` owners with one birthday each on May 5: (owner, contact id)."""
    out = []
    for i in range(n):
        owner = f"test:owner{i:02d}"
        await store.create_owner(owner, "UTC", NOW)
        c = await store.add_contact(owner, f"Friend {i}", NOW, None)
        await store.add_fact(owner, c.id, "birthday", "1990-05-05", NOW, None)
        out.append((owner, c.id))
    return out


async def test_two_workers_ticking_together_claim_each_due_nudge_once(backend, store):
    due = await _birthdays(store, 12)
    workers = [store, await backend.open(), await backend.open()]
    for minute in range(3):  # the same minute ticked again, and the next ones: nothing twice
        now = MAY5 + _seconds(60 * minute)
        rounds = await asyncio.gather(*(nudges.collect(w, now) for w in workers))
        claimed = [(n.owner, n.contact_id, n.kind, n.occurrence) for digests in rounds for d in digests
                   for n in d.nudges]
        if minute == 0:
            assert Counter(claimed) == Counter((o, c, "birthday", "2026-05-05") for o, c in due)
        else:
            assert claimed == []
    assert await store.last_tick() == MAY5 + _seconds(120)


async def test_two_claimers_of_the_same_rows_each_get_a_share_and_none_twice(backend, store):
    other = await backend.open()
    rows = [(f"test:o{i}", i, "birthday", "2026-05-05", f"🎂 {i}") for i in range(40)]
    a, b = await asyncio.gather(store.claim_nudges(rows, MAY5, timeout_s=600, expire_s=3600),
                                other.claim_nudges(rows, MAY5, timeout_s=600, expire_s=3600))
    keys = [r[:4] for r in a + b]
    assert sorted(keys) == sorted(r[:4] for r in rows)
    assert all(r[5] == 1 and r[4].startswith("🎂") for r in a + b)  # first attempt, with its text


async def test_a_nudge_about_no_person_is_claimed_once_across_workers(backend, store):
    other = await backend.open()
    rows = [(f"test:o{i}", None, "notice", "2026-05-05T09:00:00+00:00/ab12", f"note {i}") for i in range(10)]
    a, b = await asyncio.gather(store.claim_nudges(rows, MAY5, timeout_s=600, expire_s=3600),
                                other.claim_nudges(rows, MAY5, timeout_s=600, expire_s=3600))
    assert sorted(r[:4] for r in a + b) == sorted(r[:4] for r in rows)  # each once, though its person is NULL
    assert await store.claim_nudges(rows, MAY5 + _seconds(60), timeout_s=600, expire_s=3600) == []


async def test_a_claim_not_finished_is_retried_after_the_timeout_and_a_sent_one_never(store):
    rows = [(A, 1, "birthday", "2026-05-05", "🎂 Sam"), (A, 2, "birthday", "2026-05-05", "🎂 Ana")]
    assert [r[:2] for r in await store.claim_nudges(rows, MAY5, timeout_s=600, expire_s=3600)] == [(A, 1), (A, 2)]
    assert await store.claim_nudges(rows, MAY5 + _seconds(60), timeout_s=600, expire_s=3600) == []
    await store.finish_nudges([(A, 1, "birthday", "2026-05-05")], "sent", MAY5 + _seconds(5))
    assert await store.nudge_status(A, 1, "birthday", "2026-05-05") == "sent"
    assert await store.nudge_status(A, 2, "birthday", "2026-05-05") == "claimed"
    again = await store.claim_nudges([], MAY5 + _seconds(601), timeout_s=600, expire_s=3600)
    assert again == [(A, 2, "birthday", "2026-05-05", "🎂 Ana", 2)]  # the claimer died: retried, once


async def test_a_failed_send_is_retried_from_its_time_and_an_old_one_given_up(store):
    row = (A, 1, "birthday", "2026-05-05", "🎂 Sam")
    await store.claim_nudges([row], MAY5, timeout_s=600, expire_s=3600)
    await store.finish_nudges([row[:4]], "failed", MAY5, retry_at=MAY5 + _seconds(120), error="timed out")
    assert await store.nudge_status(*row[:4]) == "failed"
    assert await store.claim_nudges([], MAY5 + _seconds(60), timeout_s=600, expire_s=3600) == []
    assert [r[5] for r in await store.claim_nudges([], MAY5 + _seconds(120), timeout_s=600, expire_s=3600)] == [2]
    await store.finish_nudges([row[:4]], "failed", MAY5, retry_at=MAY5 + _seconds(7200))
    assert await store.claim_nudges([], MAY5 + _seconds(7200), timeout_s=600, expire_s=3600) == []
    assert await store.nudge_status(*row[:4]) == "dead"  # not delivered within the hour: given up
    await store.finish_nudges([row[:4]], "dead", MAY5)
    assert await store.nudge_status(A, 1, "birthday", "2026-05-06") is None


async def test_after_a_restart_unfinished_claims_are_due_at_once(store):
    await store.claim_nudges([(A, 1, "birthday", "2026-05-05", "🎂")], MAY5, timeout_s=600, expire_s=3600)
    assert await store.release_nudge_claims(MAY5 + _seconds(30)) == 1
    assert await store.release_nudge_claims(MAY5 + _seconds(30)) == 0
    assert [r[:2] for r in await store.claim_nudges([], MAY5 + _seconds(30), timeout_s=600,
                                                    expire_s=3600)] == [(A, 1)]


async def test_a_notice_is_delivered_by_the_next_claim_like_a_nudge(store):
    await owners(store)
    await store.queue_notice(A, "Your account telegram:2 is now linked.", MAY5)
    (got,) = await store.claim_nudges([], MAY5, timeout_s=600, expire_s=3600, tick=False)
    assert (got[0], got[1], got[2], got[4], got[5]) == (A, None, "notice", "Your account telegram:2 is now linked.", 1)
    await store.finish_nudges([got[:4]], "sent", MAY5)
    assert await store.nudge_status(A, None, "notice", got[3]) == "sent"
    assert await store.claim_nudges([], MAY5 + _seconds(900), timeout_s=600, expire_s=3600) == []
    assert await store.last_tick() == MAY5 + _seconds(900)
    await store.claim_nudges([], MAY5, timeout_s=600, expire_s=3600)  # an older tick never moves it back
    assert await store.last_tick() == MAY5 + _seconds(900)


async def test_schedules_group_the_owners_who_can_be_nudged(store):
    assert await store.last_tick() is None
    assert await store.nudge_schedule(A) == (9, 0, [0])
    await owners(store, A, B, "test:carol", tz="Europe/Berlin")
    await store.set_nudge_schedule(A, 7, 30, [0, 7, 3])
    await store.set_nudge_schedule(B, 7, 30, [3, 7, 0, 7])
    assert await store.nudge_schedule(A) == (7, 30, [7, 3, 0])
    await store.set_nudge_schedule(A, 8, 15)  # the lead days stay
    assert await store.nudge_schedule(A) == (8, 15, [7, 3, 0])
    assert sorted(await store.nudge_groups()) == [("Europe/Berlin", 7, 30, "7,3,0"), ("Europe/Berlin", 8, 15, "7,3,0"),
                                                  ("Europe/Berlin", 9, 0, "0")]
    await store.update_owner("test:carol", blocked_at=NOW.isoformat())  # blocked the bot: never nudged
    assert ("Europe/Berlin", 9, 0, "0") not in await store.nudge_groups()


async def test_due_dates_and_keep_in_touch_for_the_groups_that_fire(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    await store.add_fact(A, sam.id, "birthday", "1990-05-05", NOW, 1)
    await store.add_fact(A, ana.id, "anniversary", "05-05", NOW, 1)
    await store.add_fact(B, (await store.add_contact(B, "Bo", NOW, 1)).id, "birthday", "05-05", NOW, 1)
    slot = (0, "UTC", 9, 0, "0", "05-05", "", "2026-05-05")
    bo = (await store.contacts(B))[0]
    assert sorted(await store.due_birthdays([slot])) == [(0, A, sam.id, "Sam Lee", "1990-05-05", "birthday"),
                                                         (0, A, ana.id, "Ana Ruiz", "05-05", "anniversary"),
                                                         (0, B, bo.id, "Bo", "05-05", "birthday")]
    await store.claim_nudges([(A, sam.id, "birthday", "2026-05-05", "🎂")], MAY5, timeout_s=600, expire_s=3600)
    left = {(r[1], r[2]) for r in await store.due_birthdays([slot])}
    assert (A, sam.id) not in left and (A, ana.id) in left  # claimed: no longer due
    assert await store.due_birthdays([]) == []
    await store.set_reminder(A, ana.id, 30, NOW, 1)
    await store.add_interaction(A, [ana.id], NOW.date() + days(10), None, "lunch", NOW, 2)
    group = (0, "UTC", 9, 0, "0", (NOW + days(39)).date().isoformat())
    assert await store.due_keep_in_touch([group]) == []  # 30 days after the lunch is day 40
    group = (0, "UTC", 9, 0, "0", (NOW + days(40)).date().isoformat())
    ((i, owner, cid, name, every, anchor, due),) = await store.due_keep_in_touch([group])
    assert (owner, cid, name, every) == (A, ana.id, "Ana Ruiz", 30)
    assert anchor.startswith((NOW + days(10)).date().isoformat()) and due == (NOW + days(40)).date().isoformat()


async def test_a_reminders_due_day_follows_every_write_that_moves_it(store):
    """The due day is kept with the reminder (migration m020): a meeting, its new date, its undo,
    a keep-in-touch nudge sent (not one only claimed), a merge and a reset all move it."""
    await owners(store)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    other = await store.add_contact(A, "Ana R", NOW, 1)

    async def due(day_after: int) -> list[tuple[int, str, str]]:
        group = (0, "UTC", 9, 0, "0", (NOW + days(day_after)).date().isoformat())
        return [(r[2], r[5][:10], r[6]) for r in await store.due_keep_in_touch([group])]

    def on(n: int) -> str:
        return (NOW + days(n)).date().isoformat()

    await store.set_reminder(A, ana.id, 30, NOW, 1)
    assert await due(29) == [] and await due(30) == [(ana.id, on(0), on(30))]
    met = await store.add_interaction(A, [ana.id], NOW.date() + days(10), None, "lunch", NOW, 2)
    assert await due(39) == [] and await due(40) == [(ana.id, on(10), on(40))]
    await store.redate_interaction(A, met, NOW.date() + days(5))
    assert await due(35) == [(ana.id, on(5), on(35))]
    await store.undo(A, 2)  # the lunch is taken back: the reminder's start is the anchor again
    assert await due(30) == [(ana.id, on(0), on(30))]
    key = (A, ana.id, "keep_in_touch", on(30))
    await store.claim_nudges([(*key, "⏰")], NOW + days(30), timeout_s=600, expire_s=3600, tick=False)
    assert await due(30) == []  # claimed: not due again, and not moved until it is sent
    await store.finish_nudges([key], "sent", NOW + days(30))
    assert await due(59) == [] and await due(60) == [(ana.id, on(30), on(60))]
    await store.add_interaction(A, [other.id], NOW.date() + days(50), None, "call", NOW, 3)
    await store.merge_contacts(A, ana.id, other.id, "Ana Ruiz", NOW, 4)  # her meetings come along
    assert await due(79) == [] and await due(80) == [(ana.id, on(50), on(80))]
    await store.set_reminder(A, ana.id, 7, NOW + days(70), 5)  # a new cadence from a new start
    assert await due(76) == [] and await due(77) == [(ana.id, on(70), on(77))]


async def test_the_latest_news_of_each_person_in_one_call(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    await store.add_note(A, sam.id, "Sam got engaged", NOW.date() - days(20), "news", NOW, 1)
    await store.add_interaction(A, [sam.id], NOW.date() - days(5), None, "dinner at Noma", NOW, 1)
    await store.add_note(A, ana.id, "Ana is allergic to nuts", NOW.date(), "fact", NOW, 1)  # not news
    news = await store.last_news([(A, sam.id), (A, ana.id), (B, sam.id)])
    assert news == {(A, sam.id): (NOW.date() - days(5), "dinner at Noma")}
    assert await store.last_news([]) == {}
