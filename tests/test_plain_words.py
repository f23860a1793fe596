"""Commands said in plain words: help, forget, stop reminding, "same for X"."""

import pytest

from core.clock import canonical
from core.command_words import in_words, same_for
from tests.conftest import Harness


@pytest.mark.parametrize("text", ["what can u do?", "What could this app do??", "how do I use u", "halp pls",
                                  "help me 🙏", "ok so how does this thing work", "list your commands pls",
                                  "can you show me the options"])
def test_help_in_words(text):
    assert in_words(text) == "/help"


@pytest.mark.parametrize(("text", "name"), [
    ("plz forget everything you know about ravi", "ravi"),
    ("could you delete all my notes on Ines Duarte", "ines duarte"),
    ("wipe kofi from my contacts", "kofi"),
    ("remove the info about zhang wei pls", "zhang wei"),
])
def test_forget_in_words(text, name):
    assert in_words(text) == f"/forget {name}"


@pytest.mark.parametrize("text", ["forget it", "thanks", "ok", "how do i know ravi?", "what do you know about kofi",
                                  "can you tell me about ines", "forget about it"])
def test_not_a_command(text):
    assert in_words(text) is None


@pytest.mark.parametrize("text", ["undo", "undo that pls", "oops, forget what i just said", "can u delete my last message",
                                  "take that back", "revert it"])
def test_undo_in_words(text):
    assert in_words(text) == "/undo"


def test_time_zone_in_words():
    assert in_words("set my timezone to America/Sao_Paulo") == "/tz America/Sao_Paulo"
    assert in_words("my time zone is Pacific/Honolulu.") == "/tz Pacific/Honolulu"
    # a city for a zone, and the request at the end of a longer message
    assert in_words("im living in lima now, can u switch my timezone to lima pls") == "/tz lima"
    assert in_words("set my tz to new york") == "/tz new york"
    assert in_words("the timezone thing confuses me") is None


def test_a_city_names_its_zone():
    assert canonical("lima") == "America/Lima"
    assert canonical("New York") == "America/New_York"
    assert canonical("europe/berlin") == "Europe/Berlin"
    assert canonical("atlantis") == "atlantis"  # unknown: /tz answers that it doesn't know it


def test_stop_reminding_in_words():
    assert in_words("pls turn off the reminders for tavita") == "/keepintouch stop tavita"


def test_same_for_finds_the_name():
    assert same_for("and the same for Oyelaran too") == "oyelaran"
    assert same_for("ditto for ngozi pls") == "ngozi"
    assert same_for("same here") is None


async def test_help_asked_in_words(bot_no_vectors: Harness):
    reply = await bot_no_vectors.say("hey what can u do??")
    assert "birthday" in reply and "keep-in-touch" in reply


async def test_forget_in_words_asks_then_forgets(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ravi Menon lives in Pune and teaches chemistry")
    assert "Forget Ravi Menon" in await b.say("pls forget everything about ravi")
    assert "forgotten Ravi Menon" in await b.say("yep")


@pytest.mark.parametrize("text", ["what commands r there", "any features?", "which options do i have?"])
def test_a_short_question_about_commands_is_help(text):
    assert in_words(text) == "/help"


@pytest.mark.parametrize("text", ["he showed me the menu at his new place", "what are the options for dinner w kemi"])
def test_a_menu_in_a_message_is_no_help(text):
    assert in_words(text) is None


@pytest.mark.parametrize("text", ["hola 👋", "merhaba!", "kia ora", "salut :)"])
async def test_a_greeting_in_another_language_is_answered_as_one(bot_no_vectors: Harness, text):
    reply = await bot_no_vectors.say(text)
    assert "not sure what to do" not in reply
    assert await bot_no_vectors.store.contacts("test:u1") == []


async def test_a_confirmation_in_a_few_words(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Marisol Quispe runs a bakery in Cusco")
    await b.say("delete marisol")
    assert "kept Marisol" in await b.say("nah keep her")
    await b.say("delete marisol")
    assert "forgotten Marisol Quispe" in await b.say("yes get rid of her")
    assert "Marisol" not in await b.say("who runs a bakery?")
    assert await b.store.contacts("test:u1") == []


async def test_same_for_another_person_copies_the_reminder(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Dinner with Ayodele and Chidi at a buka")
    await b.say("remind me to check in with Ayodele every 3 weeks")
    reply = await b.say("same for chidi")
    assert "Chidi" in reply and "3 weeks" in reply
    rows = {r.contact.name: r.every_days for r in await b.store.reminders("test:u1")}
    assert rows == {"Ayodele": 21, "Chidi": 21}


async def test_same_for_without_anything_before_is_not_a_command(bot_no_vectors: Harness):
    assert "Forget" not in await bot_no_vectors.say("same for chidi")


@pytest.mark.parametrize(("text", "days"), [
    ("could u remind me every 2 weeks to call Ngozi?", 14),
    ("remind me about ngozi every month", 30),
    ("nudge me monthly about ngozi", 30),
    ("remind me to check in on ngozi every couple weeks", 14),
    ("dont let me forget to call ngozi every week", 7),
])
async def test_keep_in_touch_in_casual_words(bot_no_vectors: Harness, text, days):
    b = bot_no_vectors
    await b.say("Coffee with Ngozi Eze at the market")
    await b.say(text)
    assert [(r.contact.name, r.every_days) for r in await b.store.reminders("test:u1")] == [("Ngozi Eze", days)]
