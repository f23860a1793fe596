"""Meetings, dated notes, the words half of hybrid search, and the vector outbox (NotesRepo).

Search is asked the way core asks it: `core.retrieval.fts_query` turns the question into the
query string (quoted, folded words OR-ed), and `core.search.hybrid` with no vector index is
exactly the words half of hybrid search. Every backend must find notes by their words whatever
the case, the accents or the word form ("runs" finds "running"), rank a note with more of the
words first, and never return a hidden note or another owner's.
"""

from __future__ import annotations

from core.records import Contact
from core.retrieval import fts_query
from core.search import hybrid
from tests.contract.common import NOW, TODAY, A, B, day, days, owners


async def _people(store):
    await owners(store)
    return (await store.add_contact(A, "Sam Lee", NOW, 1), await store.add_contact(A, "Zoë Laurent", NOW, 1),
            await store.add_contact(A, "Omar Haddad", NOW, 1))


async def test_meetings_newest_first_with_who_was_there(store):
    sam, zoe, omar = await _people(store)
    first = await store.add_interaction(A, [sam.id], day("2026-02-01"), "Blue Bottle", "coffee", NOW, 1)
    call = await store.add_interaction(A, [sam.id], day("2026-02-10"), None, "long call", NOW, 2, kind="call")
    group = await store.add_interaction(A, [sam.id, zoe.id, omar.id], day("2026-02-20"), "park", "picnic", NOW, 3)
    got = await store.interactions(A, sam.id)
    assert [i.id for i in got] == [group, call, first]
    assert (got[1].on, got[1].place, got[1].note, got[1].kind) == (day("2026-02-10"), None, "long call", "call")
    assert (got[2].place, got[2].kind) == ("Blue Bottle", "met")
    assert [i.id for i in await store.interactions(A, sam.id, newest_first=False, limit=2)] == [first, call]
    assert [i.id for i in await store.interactions(A, zoe.id)] == [group]
    between = await store.interactions_between(A, day("2026-02-10"), day("2026-02-20"))
    assert [(i.id, people) for i, people in between] == [(group, [omar, sam, zoe]), (call, [sam])]
    await store.redate_interaction(A, first, day("2026-02-15"))  # "sorry, that was on the 15th"
    assert [i.id for i, _ in await store.interactions_between(A, day("2026-02-11"), day("2026-02-19"))] == [first]


async def test_notes_by_person_kind_and_day(store):
    sam, zoe, _ = await _people(store)
    old = await store.add_note(A, sam.id, "Sam moved to Denver", day("2026-01-05"), "news", NOW, 1)
    new = await store.add_note(A, sam.id, "Sam got engaged to Priya", day("2026-02-05"), "news", NOW, 2)
    fact = await store.add_note(A, sam.id, "Sam is allergic to nuts", day("2026-01-20"), "fact", NOW, 3)
    loose = await store.add_note(A, None, "the book club meets on Thursdays", TODAY, "news", NOW, 4)
    assert [n.id for n in await store.notes(A, sam.id)] == [new, old]
    assert [n.id for n in await store.notes(A, sam.id, ("news", "fact"), limit=2)] == [new, fact]
    got = await store.notes_by_id(A, [loose, fact])
    assert sorted((n.id, n.contact_id, n.text, n.on, n.kind) for n in got) == sorted(
        [(loose, None, "the book club meets on Thursdays", TODAY, "news"),
         (fact, sam.id, "Sam is allergic to nuts", day("2026-01-20"), "fact")])
    assert await store.notes(A, zoe.id) == [] and await store.notes_by_id(A, []) == []
    assert await store.has_notes(A) and not await store.has_notes(B)
    assert await store.count_notes(A) == 4 and await store.count_notes(B) == 0


async def test_a_corrected_fact_hides_the_notes_that_said_the_old_value(store):
    sam, _, _ = await _people(store)
    said = await store.add_note(A, sam.id, "Sam lives in DENVER now", TODAY, "news", NOW, 1)
    other = await store.add_note(A, sam.id, "Sam adopted a cat", TODAY, "news", NOW, 1)
    await store.hide_notes_mentioning(A, sam.id, "Denver")
    assert [n.id for n in await store.notes(A, sam.id)] == [other]
    assert await store.notes_by_id(A, [said, other]) == await store.notes_by_id(A, [other])
    assert await store.full_text(A, fts_query("denver")) == []


async def test_notes_are_found_by_their_words_whatever_the_case_or_word_form(store):
    sam, zoe, omar = await _people(store)
    runs = await store.add_note(A, sam.id, "Sam has been Running marathons since May", TODAY, "news", NOW, 1)
    both = await store.add_note(A, omar.id, "Omar runs a marathon club and coaches runners", TODAY, "news", NOW, 1)
    await store.add_note(A, omar.id, "Omar plays chess", TODAY, "news", NOW, 1)
    assert {i for i, _ in await store.full_text(A, fts_query("who runs?"))} == {runs, both}
    assert {i for i, _ in await store.full_text(A, fts_query("RUNNING"))} == {runs, both}
    hits = await store.full_text(A, fts_query("marathon club"))
    assert hits[0][0] == both and {i for i, _ in hits} == {runs, both}  # more of the words: first
    assert all(score > 0 for _, score in hits) and hits[0][1] >= hits[1][1]
    assert len(await store.full_text(A, fts_query("marathon"), 1)) == 1
    assert await store.full_text(A, fts_query("sailing")) == [] and await store.full_text(A, "") == []


async def test_notes_are_found_whatever_the_accents(store):
    """core folds the question's accents away (`fts_query("crème")` asks for "creme"), so a note
    that has them is found only if the backend folds them too."""
    sam, zoe, _ = await _people(store)
    cream = await store.add_note(A, zoe.id, "Zoë makes the best crème brûlée", TODAY, "news", NOW, 1)
    await store.add_note(A, sam.id, "Sam makes cream cheese", TODAY, "news", NOW, 1)
    assert [i for i, _ in await store.full_text(A, fts_query("creme brulee"))] == [cream]
    assert [i for i, _ in await store.full_text(A, fts_query("CRÈME"))] == [cream]
    assert [i for i, _ in await store.full_text(A, fts_query("zoe"))] == [cream]


async def test_what_people_write_comes_back_exactly_and_is_found_by_its_words(store):
    sam, _, _ = await _people(store)
    text = "Sam's 🎂 \"party\" — 100% at Zoë's; DROP TABLE notes;-- \\o/ 'é' ü\nsecond line\ttab"
    note = await store.add_note(A, sam.id, text, TODAY, "news", NOW, 1)
    sam2 = await store.add_contact(A, "O'Brien \"Bo\" Nuñez 李", NOW, 1)
    assert [n.text for n in await store.notes_by_id(A, [note])] == [text]
    assert await store.contact(A, sam2.id) == sam2 and sam2 in await store.contacts(A)
    assert [i for i, _ in await store.full_text(A, fts_query("a party at the table?"))] == [note]
    assert [i for i, _ in await store.full_text(A, fts_query("100% o/"))] == [note]


async def test_the_words_half_of_hybrid_search_answers_an_open_question(store):
    sam, zoe, omar = await _people(store)
    sails = await store.add_note(A, zoe.id, "Zoë sails every weekend on the lake", TODAY, "news", NOW, 1)
    await store.add_note(A, sam.id, "Sam started a pottery class", TODAY, "news", NOW, 1)
    await store.add_note(A, omar.id, "Omar bought a new sailboat", TODAY - days(3), "news", NOW, 1)
    hits = await hybrid(store, None, A, "who goes sailing?")
    assert hits and hits[0].note_id == sails
    assert await hybrid(store, None, B, "who goes sailing?") == []


async def test_search_never_returns_another_owners_notes(store):
    await owners(store)
    sam = await store.add_contact(A, "Sam", NOW, None)
    bob_sam = await store.add_contact(B, "Sam", NOW, None)
    mine = await store.add_note(A, sam.id, "plays tennis on Sundays", TODAY, "news", NOW, None)
    theirs = await store.add_note(B, bob_sam.id, "plays tennis badly", TODAY, "news", NOW, None)
    assert [i for i, _ in await store.full_text(A, fts_query("tennis"))] == [mine]
    assert [i for i, _ in await store.full_text(B, fts_query("tennis"))] == [theirs]
    assert await store.notes_by_id(B, [mine]) == [] and await store.notes(B, sam.id) == []


async def test_every_note_reaches_the_vector_outbox_and_leaves_it_once_done(store):
    sam, zoe, _ = await _people(store)
    plain = await store.add_note(A, zoe.id, "she's a sommelier", TODAY, "news", NOW, 1)
    named = await store.add_note(A, sam.id, "Sam Lee got a puppy", TODAY, "news", NOW, 1)
    loose = await store.add_note(B, None, "book club on Thursdays", TODAY, "news", NOW, 1)
    work = {row[0]: row for row in await store.outbox()}
    assert work[plain] == (plain, A, "upsert", zoe.id, "Zoë Laurent: she's a sommelier")  # indexed with who
    assert work[named] == (named, A, "upsert", sam.id, "Sam Lee got a puppy")
    assert work[loose] == (loose, B, "upsert", None, "book club on Thursdays")
    assert [row[0] for row in await store.outbox(owner=B)] == [loose]
    assert [row[0] for row in await store.outbox(limit=1)] == [plain]
    await store.clear_outbox([plain, named, loose])
    assert await store.outbox() == []
    assert {(n, o, c) for n, o, c, _ in await store.all_notes()} == {(plain, A, zoe.id), (named, A, sam.id),
                                                                      (loose, B, None)}
    assert [n for n, *_ in await store.all_notes(after_id=min(plain, named, loose), limit=1)] == [
        sorted([plain, named, loose])[1]]
    await store.delete_contact(A, sam.id)  # its note's vector must go
    assert [(n, op) for n, _, op, *_ in await store.outbox()] == [(named, "delete")]
    assert Contact(zoe.id, "Zoë Laurent") in await store.contacts(A)
