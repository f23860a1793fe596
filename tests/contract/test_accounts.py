"""Linked accounts, link codes and their rate limit (IdentityRepo), calendar feed tokens
(CalendarRepo) and what a CardDAV sync remembers (CardSyncRepo)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from core.records import CardLink
from tests.contract.common import NOW, A, B, owners

PHONE, LAPTOP = "discord:77", "telegram:2"
WINDOW = timedelta(minutes=15)


async def test_a_link_code_works_once_and_not_after_it_expires(store):
    await store.add_link_code(A, "482913", NOW + timedelta(minutes=10), now=NOW)
    assert await store.take_link_code("482913", NOW) == A
    assert await store.take_link_code("482913", NOW) is None  # used up
    await store.add_link_code(A, "111111", NOW + timedelta(minutes=10), now=NOW)
    await store.add_link_code(A, "222222", NOW + timedelta(minutes=10), now=NOW)  # a new code replaces the old one
    assert await store.take_link_code("111111", NOW) is None
    assert await store.take_link_code("222222", NOW + timedelta(minutes=11)) is None  # expired
    assert await store.take_link_code("nothing", NOW) is None


async def test_a_new_code_drops_the_codes_expired_by_the_clock_passed_in_not_the_wall_clock(store):
    long_ago = NOW.replace(year=2001)
    await store.add_link_code(A, "300001", long_ago + timedelta(minutes=10), now=long_ago)
    await store.add_link_code(B, "300002", long_ago + timedelta(minutes=1), now=long_ago)  # A's code stays
    assert await store.take_link_code("300001", long_ago + timedelta(minutes=5)) == A
    await store.add_link_code(A, "300003", long_ago + timedelta(minutes=30), now=long_ago + timedelta(minutes=2))
    assert await store.take_link_code("300002", long_ago) is None  # expired by the clock passed in: dropped


async def test_two_workers_taking_one_code_at_once_link_one_account(backend, store):
    other = await backend.open()
    for n in range(10):
        await store.add_link_code(f"test:owner{n}", f"code{n}", NOW + timedelta(minutes=10), now=NOW)
    got = await asyncio.gather(*(s.take_link_code(f"code{n}", NOW) for n in range(10) for s in (store, other)))
    assert sorted(o for o in got if o) == [f"test:owner{n}" for n in range(10)]


async def test_linked_accounts_share_one_address_book_until_unlinked(store):
    assert await store.resolve_owner(LAPTOP) == LAPTOP
    await store.link(PHONE, B, NOW)
    await store.link(B, A, NOW)  # B and what was linked to B now use A's book
    await store.link(LAPTOP, A, NOW)
    assert [await store.resolve_owner(k) for k in (PHONE, B, LAPTOP, A)] == [A, A, A, A]
    assert await store.unlink(LAPTOP) == [LAPTOP]
    assert await store.resolve_owner(LAPTOP) == LAPTOP
    assert await store.unlink(A) == sorted([B, PHONE])
    assert await store.resolve_owner(PHONE) == PHONE and await store.unlink(A) == []


async def test_wrong_codes_are_counted_per_account_within_a_window(store):
    assert await store.link_failures(LAPTOP, NOW, WINDOW) == (0, None)
    assert [await store.add_link_failure(LAPTOP, NOW + timedelta(minutes=m), WINDOW) for m in (0, 1, 2)] == [1, 2, 3]
    assert await store.add_link_failure(PHONE, NOW, WINDOW) == 1
    assert await store.link_failures(LAPTOP, NOW + timedelta(minutes=5), WINDOW) == (3, NOW + WINDOW)
    later = NOW + WINDOW + timedelta(minutes=1)
    assert await store.link_failures(LAPTOP, later, WINDOW) == (0, None)
    assert await store.add_link_failure(LAPTOP, later, WINDOW) == 1  # a new window
    await store.clear_link_failures(LAPTOP)
    assert await store.link_failures(LAPTOP, later, WINDOW) == (0, None)
    assert (await store.link_failures(PHONE, NOW, WINDOW))[0] == 1


async def test_wrong_codes_sent_to_two_workers_at_once_are_all_counted(backend, store):
    other = await backend.open()
    counts = await asyncio.gather(*(s.add_link_failure(LAPTOP, NOW, WINDOW) for _ in range(5) for s in (store, other)))
    assert sorted(counts) == list(range(1, 11))
    assert (await other.link_failures(LAPTOP, NOW, WINDOW))[0] == 10


async def test_a_calendar_feed_token_opens_one_owners_feed_until_replaced(store):
    assert await store.calendar_token(A) is None and await store.calendar_owner("") is None
    await store.set_calendar_token(A, "tok-1", NOW)
    await store.set_calendar_token(B, "tok-b", NOW)
    assert await store.calendar_owner("tok-1") == A and await store.calendar_token(A) == "tok-1"
    await store.set_calendar_token(A, "tok-2", NOW)
    assert await store.calendar_owner("tok-1") is None and await store.calendar_owner("tok-2") == A
    assert await store.drop_calendar_token(A)
    assert not await store.drop_calendar_token(A)
    assert await store.calendar_owner("tok-2") is None and await store.calendar_owner("tok-b") == B


async def test_card_links_are_saved_per_book_and_updated_by_href(store):
    book, other_book = "https://dav.example/books/1/", "https://dav.example/books/2/"
    await owners(store)
    ana = (await store.add_contact(A, "Ana", NOW, None)).id
    zed = (await store.add_contact(A, "Zed", NOW, None)).id
    first = [CardLink("/1/a.vcf", "uid-a", '"e1"', ana, server={"name": "Ana", "facts": {"city": "Lima"}},
                      memoro={"name": "Ana", "notes": ["likes jazz"]}),
             CardLink("/1/group.vcf", None, '"e2"', None, state="skipped")]
    await store.save_card_links(A, book, first, NOW)
    await store.save_card_links(A, other_book, [CardLink("/2/z.vcf", "uid-z", '"e9"', zed)], NOW)
    got = await store.card_links(A, book)
    assert [(k.href, k.uid, k.etag, k.contact_id, k.state) for k in got] == [
        ("/1/a.vcf", "uid-a", '"e1"', ana, "linked"), ("/1/group.vcf", None, '"e2"', None, "skipped")]
    assert got[0].server == {"name": "Ana", "facts": {"city": "Lima"}} and got[0].memoro["notes"] == ["likes jazz"]
    await store.save_card_links(A, book, [CardLink("/1/a.vcf", "uid-a", '"e3"', None, server={"name": "Ana R"})],
                                NOW)
    got = await store.card_links(A, book)
    assert [(k.href, k.etag, k.contact_id) for k in got] == [("/1/a.vcf", '"e3"', None), ("/1/group.vcf", '"e2"', None)]
    assert got[0].server == {"name": "Ana R"}
    assert [(k.href, k.contact_id) for k in await store.card_links(A, other_book)] == [("/2/z.vcf", zed)]
    await store.delete_contact(A, zed)  # forgotten in Memoro: the card stays, linked to no one
    assert [(k.href, k.contact_id) for k in await store.card_links(A, other_book)] == [("/2/z.vcf", None)]
    assert await store.card_links(B, book) == []
