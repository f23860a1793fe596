"""More commands said the way people text them: the people list, "scratch that", stopping every
reminder about someone, and "same for X" / "what about X" after a question or a command."""

import pytest

from core.command_words import in_words, what_about
from tests.conftest import Harness


@pytest.mark.parametrize("text", ["who are my people", "who do i know", "list everyone", "show me everybody",
                                  "all my contacts", "list my contacts pls", "who's in my contacts?",
                                  "how many people do i know", "who r my friends", "who are all the people u know",
                                  "who's in my contacts? just names pls"])
def test_people_list_in_words(text):
    assert in_words(text) == "/people"


@pytest.mark.parametrize("text", ["who do i know in nairobi", "who do i know that surfs", "who are my friends in lagos",
                                  "who is my dentist"])
def test_a_question_about_some_people_is_not_the_list(text):
    assert in_words(text) is None


@pytest.mark.parametrize("text", ["scratch that", "Scratch that pls", "forget that", "ignore that", "oops that was wrong, undo"])
def test_taking_the_last_message_back(text):
    assert in_words(text) == "/undo"


@pytest.mark.parametrize(("text", "name"), [
    ("dont remind me about wiremu anymore", "wiremu"),
    ("stop bugging me abt wiremu", "wiremu"),
    ("no more nudges for Wiremu Tane", "wiremu tane"),
    ("cancel wiremu's reminders", "wiremu"),
    ("stop keeping tabs on wiremu", "wiremu"),
])
def test_stop_reminding_shapes(text, name):
    assert in_words(text) == f"/keepintouch stop {name}"


@pytest.mark.parametrize(("text", "name"), [("and aroha?", "aroha"), ("what about Aroha Ngata", "aroha ngata"),
                                            ("how abt aroha", "aroha"), ("wbu aroha", "aroha")])
def test_what_about_someone(text, name):
    assert what_about(text) == name


@pytest.mark.parametrize("text", ["and you?", "what about that", "and kofi's wife?", "and her bday?", "what about his job",
                                  "and the kids?", "what about tomorrow"])
def test_what_about_without_a_plain_name(text):
    assert what_about(text) is None


async def test_people_list_answers_with_everyone(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("lunch w wiremu and aroha at the marae")
    reply = await b.say("who are my people")
    assert "Wiremu" in reply and "Aroha" in reply and "(2)" in reply


async def test_stop_reminding_cancels_a_one_off_reminder_too(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("met giorgi at the chess club", "2026-03-02T10:00:00+00:00")
    await b.say("remind me to call giorgi sat")
    await b.say("keep in touch w giorgi every 3 weeks")
    reply = await b.say("stop reminding me about giorgi")
    assert "Giorgi" in reply and "call giorgi" in reply
    assert await b.store.reminders("test:u1") == []
    assert [f for f in await b.store.followups("test:u1") if not f.sent] == []


async def test_same_for_repeats_a_question(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("had lunch w linh, her birthday is aug 12, she lives in hue")
    await b.say("bumped into bao at the market, his bday is nov 2, he lives in da nang")
    assert "Aug 12" in await b.say("when is linhs bday")
    assert "Nov 2" in await b.say("same for bao")
    assert "hue" in (await b.say("where does linh live")).lower()
    assert "da nang" in (await b.say("and bao?")).lower()


async def test_same_for_a_stranger_after_a_question_is_honest(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("had lunch w linh, her birthday is aug 12")
    await b.say("when is linh's birthday?")
    reply = await b.say("what about hoang")
    assert "don't have anyone called Hoang" in reply and "Aug" not in reply


async def test_same_for_repeats_a_command(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("dinner w linh and bao")
    await b.say("keep in touch with linh every 2 weeks")
    await b.say("same for bao")
    await b.say("stop reminding me about linh")
    assert "Bao" in await b.say("same for bao")
    assert await b.store.reminders("test:u1") == []


@pytest.mark.parametrize("text", ["hey im new here, what kind of things can i tell u?", "what sort of stuff can i ask you",
                                  "commands?", "first time here, what do i do"])
def test_help_asked_as_a_newcomer(text):
    assert in_words(text) == "/help"


@pytest.mark.parametrize("text", ["undo that last one, wrong person", "ugh scratch that - typo", "undo bc i mixed them up",
                                  "delete that last bit"])
def test_undo_with_a_reason_after_it(text):
    assert in_words(text) == "/undo"


def test_forget_it_with_a_reason_is_not_forgetting_someone():
    assert in_words("forget it, not important") is None
    assert in_words("pls forget everything about tamar, we fell out") == "/forget tamar"


@pytest.mark.parametrize(("text", "days"), [("nudge me to ring tamar once a month pls", 30),
                                            ("remind me to text tamar twice a month", 14),
                                            ("keep in touch w tamar once every 3 weeks", 21)])
async def test_keep_in_touch_said_as_once_a_month(bot_no_vectors: Harness, text, days):
    b = bot_no_vectors
    await b.say("long call w tamar levi, she's settling in haifa", "2026-05-04T12:00:00+00:00")
    await b.say(text)
    assert [(r.contact.name, r.every_days) for r in await b.store.reminders("test:u1")] == [("Tamar Levi", days)]
    assert [f for f in await b.store.followups("test:u1") if not f.sent] == []
