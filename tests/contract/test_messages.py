"""The message log and the durable inbox (MessageLog): every message stored before anything can
fail, a redelivery stored once, pending ones found again after a crash, wherever they landed.

A stored message row is read by column name (`row["status"]`), which every backend's rows allow.
"""

from __future__ import annotations

import asyncio

from tests.contract.common import NOW, A, B, days, owners


async def test_a_redelivered_message_is_stored_once_per_platform(store):
    first = await store.add_message(A, "user", "hi", NOW, platform="telegram", external_id="42")
    assert first is not None
    assert await store.add_message(A, "user", "hi", NOW, platform="telegram", external_id="42") is None
    assert await store.add_message(A, "user", "hi", NOW, platform="discord", external_id="42") not in (None, first)
    replies = {await store.add_message(A, "bot", "hello", NOW, platform="telegram") for _ in range(2)}
    assert None not in replies and len(replies) == 2  # no external id: every reply is its own row


async def test_an_incoming_message_is_pending_until_handled_and_a_redelivery_says_which(store):
    mid, status = await store.log_incoming(A, "had lunch w maya", NOW, platform="telegram", thread="7",
                                           external_id="m1", raw='{"update_id": 1}')
    assert status == "received"
    assert await store.log_incoming(A, "had lunch w maya", NOW, platform="telegram", external_id="m1") == (
        mid, "received")
    row = await store.message(mid)
    assert (row["owner"], row["role"], row["text"], row["platform"], row["status"]) == (
        A, "user", "had lunch w maya", "telegram", "received")
    assert row["raw"] == '{"update_id": 1}'
    await store.clear_raw(mid)
    assert (await store.message(mid))["raw"] is None
    await store.set_message_status(mid, "processed")
    assert (await store.message(mid))["status"] == "processed"
    assert await store.log_incoming(A, "had lunch w maya", NOW, platform="telegram", external_id="m1") == (
        mid, "processed")
    assert await store.unprocessed_messages() == []
    assert await store.message(10**9) is None


async def test_pending_messages_oldest_first_by_owner_and_platform(store):
    ids = {}
    for n, (owner, platform) in enumerate([(A, "telegram"), (B, "telegram"), (A, "discord"), (A, "telegram")]):
        ids[n], _ = await store.log_incoming(owner, f"message {n}", NOW + days(n), platform=platform,
                                             external_id=str(n))
    await store.add_message(A, "bot", "a reply", NOW, platform="telegram")  # not incoming: never pending
    done, _ = await store.log_incoming(A, "handled", NOW, platform="telegram", external_id="h")
    await store.set_message_status(done, "processed")

    def of(rows):
        return [r["id"] for r in rows]

    assert of(await store.unprocessed_messages()) == [ids[0], ids[1], ids[2], ids[3]]
    assert of(await store.unprocessed_messages(A)) == [ids[0], ids[2], ids[3]]
    assert of(await store.unprocessed_messages(platform="telegram")) == [ids[0], ids[1], ids[3]]
    assert of(await store.unprocessed_messages(A, platform="discord")) == [ids[2]]
    assert of(await store.unprocessed_messages(limit=2)) == [ids[0], ids[1]]


async def test_a_message_cut_short_by_a_crash_is_found_again_by_the_next_process(backend, store):
    await owners(store)
    mid, _ = await store.log_incoming(A, "Sam's birthday is May 5", NOW, platform="telegram", external_id="u9")
    sam = await store.add_contact(A, "Sam", NOW, mid)  # one of its writes, committed; then the process died
    await backend.shut(store)
    again = await backend.open()
    assert [r["id"] for r in await again.unprocessed_messages(platform="telegram")] == [mid]
    assert await again.log_incoming(A, "Sam's birthday is May 5", NOW, platform="telegram", external_id="u9") == (
        mid, "received")  # the platform delivers it again: the same row, still pending
    assert await again.has_effects(A, mid)  # so its writes are undone before it is handled again
    await again.undo(A, mid)
    assert not await again.has_effects(A, mid) and await again.contact(A, sam.id) is None
    assert not await again.has_effects(B, mid)


async def test_two_workers_receiving_the_same_update_store_it_once(backend, store):
    other = await backend.open()
    results = await asyncio.gather(*(s.log_incoming(A, f"hello {n}", NOW, platform="telegram", external_id=str(n))
                                     for n in range(20) for s in (store, other)))
    pairs = [results[i:i + 2] for i in range(0, len(results), 2)]
    assert all(a == b for a, b in pairs)  # both saw the one stored row
    assert len({mid for (mid, _), _ in pairs}) == 20
    assert len(await other.unprocessed_messages()) == 20
