"""One-off follow-ups, the Monday digest and yearly dates (FollowUpRepo): due once, sent once."""

from __future__ import annotations

from tests.contract.common import NOW, A, B, at, days, owners

DUE = at("2026-03-05T17:00:00+00:00")


async def test_follow_ups_soonest_first_until_cancelled(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    later = await store.add_followup(A, sam.id, "ask Sam about the job", DUE + days(2), NOW, 1)
    soon = await store.add_followup(A, None, "call the dentist", DUE, NOW, 2)
    got = await store.followups(A)
    assert [(f.id, f.contact_id, f.name, f.text, f.status, f.sent) for f in got] == [
        (soon, None, None, "call the dentist", "open", False),
        (later, sam.id, "Sam Lee", "ask Sam about the job", "open", False)]
    assert got[0].due_at == DUE and got[0].due_at.utcoffset() is not None  # aware
    assert [f.id for f in await store.followups(A, sam.id)] == [later]
    assert await store.cancel_followup(A, soon)
    assert not await store.cancel_followup(A, soon) and not await store.cancel_followup(B, later)
    assert [f.id for f in await store.followups(A)] == [later] and await store.followups(B) == []


async def test_a_follow_up_is_due_in_its_window_until_a_claim_covers_it(store):
    await owners(store)
    await owners(store, "test:tokyo", tz="Asia/Tokyo")
    fid = await store.add_followup(A, None, "call the dentist", DUE, NOW, 1)
    tokyo = await store.add_followup("test:tokyo", None, "book the ryokan", DUE, NOW, 1)
    assert await store.due_followups(DUE - days(1 / 24), NOW) == []
    due = sorted(await store.due_followups(DUE, NOW))
    assert [(o, c, i, t, tz) for o, c, i, t, _, tz in due] == [(A, None, fid, "call the dentist", "UTC"),
                                                               ("test:tokyo", None, tokyo, "book the ryokan",
                                                                "Asia/Tokyo")]
    assert at(due[0][4]) == DUE
    assert await store.due_followups(DUE + days(1), DUE) == []  # due before the window
    await store.claim_nudges([(A, 0, "followup", str(fid), "⏰ call the dentist")], DUE, timeout_s=600,
                             expire_s=3600)
    assert [r[2] for r in await store.due_followups(DUE, NOW)] == [tokyo]
    await store.finish_nudges([(A, 0, "followup", str(fid))], "sent", DUE)
    assert [f.sent for f in await store.followups(A)] == [True]
    await store.update_owner("test:tokyo", blocked_at=NOW.isoformat())
    assert await store.due_followups(DUE, NOW) == []  # a blocked owner is not reached


async def test_the_digest_is_on_for_who_asked_and_claimed_once_a_day(store):
    await owners(store)
    assert not await store.digest_on(A)
    await store.set_digest(A, True, NOW)
    await store.set_digest(A, True, NOW)
    await store.set_digest(B, True, NOW)
    assert await store.digest_on(A)
    monday = "2026-03-02"
    assert sorted(await store.digest_owners([(0, "UTC", 9, 0, "0", monday)])) == [(0, A), (0, B)]
    assert await store.digest_owners([(0, "Asia/Tokyo", 9, 0, "0", monday)]) == []
    await store.claim_nudges([(A, 0, "digest", monday, "Your week")], NOW, timeout_s=600, expire_s=3600)
    assert await store.digest_owners([(0, "UTC", 9, 0, "0", monday)]) == [(0, B)]
    await store.set_digest(B, False, NOW)
    assert not await store.digest_on(B) and await store.digest_owners([(0, "UTC", 9, 0, "0", monday)]) == []
    assert await store.digest_owners([]) == []


async def test_yearly_dates_and_restored_follow_ups(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam Lee", NOW, 1)
    ana = await store.add_contact(A, "Ana Ruiz", NOW, 1)
    await store.add_fact(A, sam.id, "birthday", "1990-05-05", NOW, 1)
    await store.add_fact(A, ana.id, "anniversary", "06-20", NOW, 1)
    await store.add_fact(A, ana.id, "city", "Lima", NOW, 1)
    assert await store.yearly_between(A) == [(ana.id, "Ana Ruiz", "anniversary", "06-20"),
                                             (sam.id, "Sam Lee", "birthday", "1990-05-05")]
    assert await store.yearly_between(B) == []
    await store.restore_followup(A, sam.id, {"text": "send Sam the photos", "due_at": DUE.isoformat(),
                                             "status": "open", "created_at": NOW.isoformat()}, None)
    await store.restore_followup(A, None, {"text": "already done", "due_at": DUE.isoformat(), "sent": True}, None)
    assert [(f.contact_id, f.text, f.due_at) for f in await store.followups(A)] == [(sam.id, "send Sam the photos", DUE)]
