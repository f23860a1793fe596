"""Buttons in the core (core/choices.py, core/choice_actions.py): offered under a reply, pressed
once, late presses answered, another person's press changes nothing; on real SQLite."""

from __future__ import annotations

from core import choices
from core.messages import press_text
from tests.conftest import Harness, make_message


async def ask(b: Harness, text: str, owner: str | None = None):
    """Send `text`; the reply (one message) with its buttons."""
    (reply,) = await b.engine.handle(make_message(text, owner=owner or b.owner, at=b.clock.now()))
    return reply


async def press(b: Harness, reply, label: str, owner: str | None = None) -> str:
    token = next(c.token for c in reply.choices if c.label == label)
    return await b.say(press_text(token), owner=owner)


async def test_a_saved_reply_has_undo_and_pressing_it_takes_the_message_back(bot_no_vectors: Harness):
    b = bot_no_vectors
    saved = await ask(b, "Mei Tanaka lives in Osaka")
    assert [c.label for c in saved.choices] == ["Undo"]
    assert "Undone" in await press(b, saved, "Undo")
    assert await b.store.contacts(b.owner) == []
    assert "Already done" in await press(b, saved, "Undo")  # the second tap acts once


async def test_undo_pressed_after_more_was_said_has_expired(bot_no_vectors: Harness):
    b = bot_no_vectors
    first = await ask(b, "Mei Tanaka lives in Osaka")
    await b.say("Ravi Kumar plays chess")
    answer = await press(b, first, "Undo")
    assert "expired" in answer
    assert {c.name for c in await b.store.contacts(b.owner)} == {"Mei Tanaka", "Ravi Kumar"}


async def test_questions_have_no_buttons(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Mei Tanaka lives in Osaka")
    assert (await ask(b, "where does mei live?")).choices == []


async def test_which_sam_buttons_say_the_message_again_with_the_one_chosen(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Sam Lee lives in Leeds")
    await b.say("Sam Ortiz lives in Oslo")
    reply = await ask(b, "sam got a new job at the bakery")
    assert "Which sam did you mean?" in reply.text
    assert [c.label for c in reply.choices][:3] == ["Sam Lee", "Sam Ortiz", "someone new"]
    took = "Sam Lee" if "Sam Ortiz" in reply.text.split("\n")[0] else "Sam Ortiz"
    answer = await press(b, reply, took)
    assert took in answer
    notes = {c.name: await b.store.notes(b.owner, c.id, ("news", "fact", "interaction"))
             for c in await b.store.contacts(b.owner)}
    assert any("bakery" in n.text for n in notes[took])
    other = "Sam Ortiz" if took == "Sam Lee" else "Sam Lee"
    assert not any("bakery" in n.text for n in notes[other])


async def test_which_sam_someone_new(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Sam Lee lives in Leeds")
    await b.say("Sam Ortiz lives in Oslo")
    reply = await ask(b, "sam moved to porto")
    await press(b, reply, "someone new")
    names = sorted(c.name for c in await b.store.contacts(b.owner))
    assert names == ["Sam", "Sam Lee", "Sam Ortiz"]


async def test_forget_yes_and_no_buttons(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ines Duarte lives in Braga")
    asked = await ask(b, "/forget ines")
    assert [c.label for c in asked.choices] == ["Yes", "No"]
    assert "kept Ines" in await press(b, asked, "No")
    asked = await ask(b, "/forget ines")
    await b.say("what's new?")  # any other message answers the question: the buttons expire
    assert "expired" in await press(b, asked, "Yes")
    assert [c.name for c in await b.store.contacts(b.owner)] == ["Ines Duarte"]
    asked = await ask(b, "/forget ines")
    assert "forgotten Ines Duarte" in await press(b, asked, "Yes")
    assert await b.store.contacts(b.owner) == []


async def test_a_button_pressed_by_someone_else_changes_nothing(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ines Duarte lives in Braga")
    asked = await ask(b, "/forget ines")
    answer = await press(b, asked, "Yes", owner="test:intruder")
    assert answer == choices.NOT_YOURS
    assert [c.name for c in await b.store.contacts(b.owner)] == ["Ines Duarte"]
    assert "forgotten" in await press(b, asked, "Yes")  # the owner's own press still works


async def test_an_unknown_token_and_a_registered_action_of_another_module(bot_no_vectors: Harness):
    b = bot_no_vectors
    assert await b.say("/choose abcdefgh") == choices.NOT_YOURS
    seen = []

    @choices.action("test.ping")
    async def ping(p: choices.Press) -> str:
        seen.append(p.args)
        return "pong"

    collecting = choices.collect(None)
    choices.offer([choices.Choice("Ping", "test.ping", {"n": 1})], "Ping?")
    offers = collecting.done()
    owner = await b.engine.owner(b.owner, b.clock.now())
    text, buttons = await choices.finish(b.engine, owner, None, offers, "hello", b.clock.now())
    assert text == "hello\nPing?" and [x.label for x in buttons] == ["Ping"]
    assert await b.say(press_text(buttons[0].token)) == "pong" and seen == [{"n": 1}]
