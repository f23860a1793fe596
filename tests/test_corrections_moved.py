"""Corrections that only make sense after earlier messages: a fact moved to the person it was
really about (kept as history on the wrong one), a value corrected later, an update that
supersedes, and short follow-up questions. Whole conversations through the real engine, with
sentences and names of our own."""

from datetime import datetime

import pytest

from core.intents import LogIntent, QuestionIntent
from core.last_asked import about_that
from core.understand.corrections import uncleft
from core.understand.rules import Context, understand

NOW = datetime.fromisoformat("2026-05-06T12:00:00+02:00")


def log(text: str, known: list[str] | None = None, focus: str | None = None) -> LogIntent:
    intent = understand(text, Context(now=NOW, known=known or [], focus=focus))
    assert isinstance(intent, LogIntent), intent
    return intent


@pytest.mark.parametrize("text, plain", [
    ("sorry its priya whos moving not leela", "sorry priya is moving not leela"),
    ("no wait, it was kofi who got the job, not ama", "no wait, kofi got the job, not ama"),
    ("i mixed them up - tunde is the one in lagos", "i mixed them up - tunde is in lagos"),
    ("wait ishani's the one getting married", "wait ishani is getting married"),
    ("it was ama that got promoted", "ama got promoted"),
    ("thats the one i told u about", "thats the one i told u about"),
])
def test_a_cleft_is_said_plainly(text, plain):
    assert uncleft(text)[0] == plain


@pytest.mark.parametrize("text, known, old, new, swap", [
    ("sorry its priya whos moving not leela", ["Leela", "Priya"], "Leela", "Priya", False),
    ("no wait, it was Kofi who got the job at MTN, not Ama", ["Ama", "Kofi"], "Ama", "Kofi", False),
    ("my bad that's femi's birthday not olu's", ["Olu", "Femi"], "Olu", "Femi", False),
    ("oops i mixed them up, giulia's the one in rome", ["Giulia", "Marco"], None, "Giulia", True),
    ("ugh got them backwards - luca works at ferrari", ["Luca", "Dario"], None, "Luca", True),
])
def test_a_fact_said_of_the_wrong_person_is_a_move(text, known, old, new, swap):
    moved = [c for c in log(text, known).corrections if c.moved_to]
    low = [(c.person and c.person.lower(), c.moved_to and c.moved_to.lower(), c.swap) for c in moved]
    assert low == [(old and old.lower(), new.lower(), swap)]


@pytest.mark.parametrize("text", ["actually raj lives in berkeley not oakland", "sorry its aisha not aysha",
                                  "oops she's in porto not lisbon"])
def test_a_value_corrected_is_not_a_move(text):
    assert not any(c.moved_to for c in log(text, ["Raj", "Aysha", "Ines"], focus="Ines").corrections)


@pytest.mark.parametrize("text, month", [("actually her bday is in june not july", 6),
                                          ("no wait her birthday's in march", 3),
                                          ("sorry not august, her bday is in september", 9)])
def test_a_birthday_month_corrected(text, month):
    said = log(text, ["Sofia"], focus="Sofia").corrections
    assert [(c.person and c.person.lower(), c.month, c.day) for c in said] == [("sofia", month, None)]


@pytest.mark.parametrize("text, kind", [("where was that?", "where_last_seen"), ("what did we do", "last_seen"),
                                        ("and what did we talk about", "last_seen"), ("when was that", "last_seen"),
                                        ("what is that", None), ("where does ana live", None)])
def test_a_question_back_about_the_meeting_just_asked_of(text, kind):
    asked = about_that(text, QuestionIntent(kind="last_seen", person="Tomás"))
    assert (asked.kind if asked else None) == kind and (asked is None or asked.person == "Tomás")


async def test_a_fact_moves_to_the_right_person_and_stays_as_history(bot_no_vectors):
    b = bot_no_vectors
    await b.say("giorgi moved to kutaisi last month, levan's still in poti", "2026-10-12T19:00:00+04:00")
    await b.say("sorry i mixed them up, it's levan who moved to kutaisi. giorgi is still in poti",
                "2026-10-12T19:05:00+04:00")
    assert "poti" in (await b.say("where does giorgi live", "2026-10-13T09:00:00+04:00")).lower()
    levan = (await b.say("and levan?", "2026-10-13T09:01:00+04:00")).lower()
    assert "kutaisi" in levan and "poti" not in levan


async def test_a_mix_up_swaps_and_a_named_wrong_person_loses_the_fact(bot_no_vectors):
    b = bot_no_vectors
    await b.say("tunde lives in abuja", "2026-03-12T12:00:00+00:00")
    await b.say("chidi lives in lagos", "2026-03-12T12:01:00+00:00")
    await b.say("i mixed them up - tunde is the one in lagos", "2026-03-12T12:02:00+00:00")
    assert "lagos" in (await b.say("where does tunde live", "2026-03-12T12:03:00+00:00")).lower()
    assert "abuja" in (await b.say("where does chidi live", "2026-03-12T12:04:00+00:00")).lower()
    await b.say("olu's birthday is october 2", "2026-03-12T12:05:00+00:00")
    await b.say("femi lives in ibadan", "2026-03-12T12:06:00+00:00")
    await b.say("my bad that's femi's birthday not olu's", "2026-03-12T12:07:00+00:00")
    assert "oct 2" in (await b.say("when is femi's bday", "2026-03-12T12:08:00+00:00")).lower()
    assert "oct 2" not in (await b.say("when is olu's birthday", "2026-03-12T12:09:00+00:00")).lower()
    await b.say("/undo", "2026-03-12T12:10:00+00:00")
    assert "oct 2" in (await b.say("when is olu's birthday", "2026-03-12T12:11:00+00:00")).lower()


async def test_news_told_of_the_wrong_person_moves_without_the_rest(bot_no_vectors):
    b = bot_no_vectors
    await b.say("lunch w hana and yuki at the ramen place, yuki's pregnant!!", "2026-03-12T12:00:00+00:00")
    await b.say("sorry hana is the one who's pregnant not yuki", "2026-03-12T12:01:00+00:00")
    assert "pregnant" in (await b.say("whats new with hana", "2026-03-12T12:02:00+00:00")).lower()
    assert "pregnant" not in (await b.say("whats new w yuki", "2026-03-12T12:03:00+00:00")).lower()


async def test_later_corrections_and_updates_leave_one_current_value(bot_no_vectors):
    b = bot_no_vectors
    await b.say("camille's bday is 9 july", "2026-03-12T12:00:00+00:00")
    await b.say("wait her birthday is in august not july", "2026-03-12T12:01:00+00:00")
    assert "aug 9" in (await b.say("when is camille's birthday", "2026-03-12T12:02:00+00:00")).lower()
    await b.say("rosa lives in bogota", "2026-03-12T12:03:00+00:00")
    await b.say("rosa relocated again, to medellin", "2026-03-12T12:04:00+00:00")
    rosa = (await b.say("where does rosa live", "2026-03-12T12:05:00+00:00")).lower()
    assert "medellin" in rosa and "bogota" not in rosa
    await b.say("devansh works at tcs", "2026-03-12T12:06:00+00:00")
    await b.say("devansh quit!! he's joining zomato next month", "2026-03-12T12:07:00+00:00")
    assert "zomato" in (await b.say("where's devansh working now", "2026-03-12T12:08:00+00:00")).lower()


async def test_where_was_that_after_when_did_i_last_see(bot_no_vectors):
    b = bot_no_vectors
    await b.say("had dinner w tomás at la tasca yesterday, we played pool", "2026-03-12T12:00:00+00:00")
    await b.say("when did i last see tomás", "2026-03-12T12:01:00+00:00")
    assert "tasca" in (await b.say("where was that?", "2026-03-12T12:02:00+00:00")).lower()
    assert "pool" in (await b.say("what did we do", "2026-03-12T12:03:00+00:00")).lower()
