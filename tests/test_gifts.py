"""Gift ideas and open items per person (core/open_items.py, core/understand/gifts.py): kept in
words, listed, shown in /person and in the birthday nudge, marked done in words or by
`mark_done`; a real engine on real SQLite."""

from __future__ import annotations

import pytest

from core import open_items
from core.understand.gifts import parse, peel
from tests.conftest import Harness


@pytest.mark.parametrize("text, action, kind, people, what", [
    ("gift idea for noor: a pour-over kettle", "add", "gift", ["noor"], "a pour-over kettle"),
    ("bday present idea for Kwame - noise cancelling headphones", "add", "gift", ["Kwame"],
     "noise cancelling headphones"),
    ("gift idea: a cast iron pan for ines", "add", "gift", ["ines"], "a cast iron pan"),
    ("should get tomasz a chess clock for his birthday", "add", "gift", ["tomasz"], "a chess clock"),
    ("owe rhea 20 quid", "add", "owe", ["rhea"], "20 quid"),
    ("i still owe Bo Chen a coffee", "add", "owe", ["Bo Chen"], "a coffee"),
    ("rhea owes me a tenner", "add", "owed", ["rhea"], "a tenner"),
    ("lend mateo my tent", "add", "lend", ["mateo"], "my tent"),
    ("need to lend mateo the big cooler", "add", "lend", ["mateo"], "the big cooler"),
    ("yuki borrowed my drill", "add", "lent", ["yuki"], "my drill"),
    ("borrowed femi's ladder", "add", "borrowed", ["femi"], "ladder"),
    ("borrowed a bike pump from femi", "add", "borrowed", ["femi"], "a bike pump"),
])
def test_the_shapes_of_an_item(text, action, kind, people, what):
    said = parse(text, [])
    assert (said.action, said.kind, said.people, said.what) == (action, kind, people, what)


@pytest.mark.parametrize("text, kinds, people", [
    ("gift ideas for noor?", ("gift",), ["noor"]),
    ("any gift ideas", ("gift",), []),
    ("what should i get noor for her bday", ("gift",), ["noor"]),
    ("what do i owe people", ("owe", "borrowed"), []),
    ("who do i owe", ("owe", "borrowed"), []),
    ("what do i owe rhea?", ("owe", "borrowed"), ["rhea"]),
    ("who owes me money", ("owed", "lent"), []),
    ("/gifts noor", ("gift",), ["noor"]),
])
def test_the_shapes_of_a_list(text, kinds, people):
    said = parse(text, ["Noor", "Rhea"])
    assert (said.action, said.kinds, said.people) == ("list", kinds, people)


def test_a_known_name_is_taken_whole_and_a_new_one_by_its_words():
    assert peel("sam lee a coffee", ["Sam Lee"]) == ("sam lee", "a coffee")
    assert peel("sam a coffee", ["Sam Lee"]) == ("sam", "a coffee")
    assert peel("jo's drill", []) == ("jo", "drill")
    assert peel("Ana Sousa 5 euros", []) == ("Ana Sousa", "5 euros")
    assert peel("the electric bill", []) == (None, "the electric bill")


@pytest.mark.parametrize("text", [
    "had lunch w maya today", "paid the electric bill finally", "sam's birthday is march 3",
    "Caught up with Aisha at the fair. Her kids are both in the chess club.", "who's in berlin?",
])
def test_what_is_not_an_item_goes_on_to_the_usual_understanding(text):
    said = parse(text, ["Maya", "Sam"])
    assert said is None or said.action in ("done", "group")  # the actor checks these against what is stored


async def test_a_gift_idea_is_kept_listed_shown_and_marked_done(bot_no_vectors: Harness):
    b = bot_no_vectors
    assert "Noor" in await b.say("noor's birthday is march 5")
    saved = await b.say("gift idea for noor: a pour-over kettle")
    assert "gift idea for Noor: a pour-over kettle" in saved
    await b.say("gift idea for noor - that ceramics class")
    listed = await b.say("gift ideas for noor?")
    assert "pour-over kettle" in listed and "ceramics class" in listed
    person = await b.say("/person noor")
    assert "Gift ideas:\n• Mar 2: a pour-over kettle\n• Mar 2: that ceramics class" in person
    done = await b.say("gave noor the kettle")
    assert done.startswith("✓ Done") and "kettle" in done
    after = await b.say("gift ideas for noor")
    assert "kettle" not in after and "ceramics" in after
    assert "Done" in await b.say("done with the ceramics idea")
    assert "No gift ideas for Noor yet" in await b.say("gift ideas for noor?")


async def test_the_birthday_nudge_carries_the_gift_ideas(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("kwame's birthday is march 4")
    await b.say("gift idea for kwame: a chess clock")
    sent = await b.tick("2026-03-04T09:05:00+01:00")
    (nudge,) = [m.text for m in sent]
    assert "Kwame" in nudge and "birthday" in nudge and "Gift ideas: a chess clock." in nudge


async def test_money_and_things_open_both_ways(bot_no_vectors: Harness):
    b = bot_no_vectors
    assert "you owe Rhea 20 quid" in await b.say("owe rhea 20 quid")
    assert "Bo owes you a tenner" in await b.say("bo owes me a tenner")
    assert "lend Mateo your tent" in await b.say("lend mateo my tent")
    owing = await b.say("what do i owe people?")
    assert "you owe Rhea 20 quid" in owing and "tenner" not in owing
    assert "Bo owes you a tenner" in await b.say("who owes me?")
    assert "Done: you owe Rhea 20 quid" in await b.say("paid rhea back")
    assert "You don't owe Rhea anything" in await b.say("paid rhea back")
    assert "Done" in await b.say("bo paid me back")
    lent = await b.say("lent mateo the tent")
    assert "Done: lend Mateo your tent" in lent and "Mateo has the tent" in lent
    assert "Done" in await b.say("got my tent back from mateo")
    assert await b.say("/owe") == "Nothing open."


async def test_mark_done_is_a_plain_function_for_a_button(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("gift idea for ines: a cast iron pan")
    (item,) = await b.store.items(b.owner)
    assert await open_items.mark_done(b.store, b.owner, item["id"], b.clock.now()) == \
        "gift idea for Ines: a cast iron pan"
    assert await open_items.mark_done(b.store, b.owner, item["id"], b.clock.now()) is None  # pressed twice
    assert await open_items.mark_done(b.store, "test:someone-else", item["id"], b.clock.now()) is None


async def test_undo_takes_a_gift_idea_back_and_other_owners_never_see_it(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("gift idea for yuki: a bonsai kit")
    assert "No gift ideas" in await b.say("any gift ideas?", owner="test:u2")
    assert "Undone" in await b.say("/undo")
    assert "No gift ideas" in await b.say("any gift ideas?")


async def test_a_done_that_matches_nothing_is_understood_as_usual(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("gift idea for sam: a pour-over kettle")
    reply = await b.say("gave sam a lift to the airport")
    assert "Done" not in reply
    assert "pour-over kettle" in await b.say("gift ideas for sam")
    assert "Done" not in await b.say("paid the electric bill finally")
