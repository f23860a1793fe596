"""The whole engine on each backend: what a person texts is saved, answered, corrected, undone,
searched by its words, nudged once and handled once when redelivered, with nothing but the store
under it changing. (No vector index: the words half of search must answer on its own.)"""

from __future__ import annotations

import pytest

from core.clock import FixedClock
from core.engine import Engine
from tests.conftest import Harness, at, make_message


@pytest.fixture
def bot(store) -> Harness:
    clock = FixedClock(at("2026-03-02T10:00:00+00:00"))
    return Harness(Engine(store=store, index=None, clock=clock, default_tz="UTC"), store, clock)


async def test_saved_answered_corrected_and_undone(bot: Harness):
    assert "Saved" in await bot.say("Kwame Asante lives in Kumasi, his birthday is august 9")
    assert "Kumasi" in await bot.say("where does kwame live?")
    await bot.say("actually kwame moved to Accra", "2026-03-03T10:00:00+00:00")
    assert "Accra" in await bot.say("where does kwame live?")
    await bot.say("/undo")
    assert "Kumasi" in await bot.say("where does kwame live?")
    assert "Aug 9" in await bot.say("when is kwames bday")
    assert "Kwame" not in await bot.say("/people", owner="test:someone-else")


async def test_an_open_question_is_answered_from_the_words_of_the_notes(bot: Harness):
    await bot.say("had lunch w hana sato today, she just started training for a marathon")
    await bot.say("Kenji Ito is learning the cello")
    reply = await bot.say("who is training for a marathon?")
    assert "Hana" in reply and "Kenji" not in reply


async def test_a_birthday_is_nudged_once_at_nine(bot: Harness):
    await bot.say("Omar Haddad's birthday is May 5")
    assert await bot.tick("2026-05-05T08:59:00+00:00") == []
    (nudge,) = await bot.tick("2026-05-05T09:00:00+00:00")
    assert "Omar Haddad" in nudge.text
    assert await bot.tick("2026-05-05T09:01:00+00:00") == []


async def test_a_redelivered_message_is_handled_once(bot: Harness):
    msg = make_message("Had lunch with Maya Berg today.", owner="test:u1", message_id="m1",
                       at=at("2026-03-02T12:00:00+00:00"))
    first, again = await bot.engine.receive(msg), await bot.engine.receive(msg)
    assert first.mid == again.mid and first.pending
    (reply,) = await bot.engine.process(msg, first.mid)
    assert "Maya Berg" in reply.text
    assert await bot.engine.process(msg, again.mid) == [] and not (await bot.engine.receive(msg)).pending
    maya = (await bot.store.contacts("test:u1"))[0]
    assert len(await bot.store.interactions("test:u1", maya.id)) == 1
