"""Asking as people type it: misspelt question words, help in plain words, follow-ups that lean on
the last answer, kinds of fact with no question of their own, and a range said alone."""

from datetime import UTC, date, datetime

import pytest

from core.command_words import asks_to_repeat, in_words, same_for, what_about
from core.help_words import asks_for_help
from core.kind_answers import answer
from core.understand.question_words import (
    looks_like_question,
    normalise,
    question_after_opening,
    question_word,
)
from core.understand.questions import parse
from core.understand.rules import Context, understand
from core.understand.wordkind import never_a_name
from tests.conftest import Harness

KNOWN = ["Oluwaseun Adebayo", "Mei Lin Chen", "Tamar Levi", "Rangi Parata"]
TODAY = date(2026, 9, 14)


@pytest.mark.parametrize(("word", "following", "meant"), [
    ("wat", "does", "what"), ("wut", "is", "what"), ("wht", "does", "what"), ("wot", "r", "what"),
    ("waht", "is", "what"), ("wen", "is", "when"), ("whn", "did", "when"), ("whr", "does", "where"),
    ("wher", "is", "where"), ("were", "does", "where"), ("hw", "old", "how"), ("wy", "is", "why"),
    ("whoo", "is", "who"), ("wats", "up", "what's"), ("wheres", None, "where's")])
def test_a_misspelt_question_word_is_the_word_meant(word, following, meant):
    assert question_word(word, following) == meant


@pytest.mark.parametrize(("word", "following"), [("were", "at"), ("win", "the"), ("hao", "started"), ("was", "it"),
                                                 ("wear", "a"), ("hes", "doing")])
def test_a_word_or_a_name_is_not_taken_for_a_question_word(word, following):
    assert question_word(word, following) is None


@pytest.mark.parametrize(("text", "kind", "person"), [
    ("wat does seun do", "work", "seun"), ("wut does tamar do 4 work", "work", "tamar"),
    ("whr does rangi live", "lives", "rangi"), ("were does tamar live?", "lives", "tamar"),
    ("wen is rangis bday", "birthday", "rangi"), ("hw old is tamar", "birthday", "tamar"),
    ("waht's new w tamar", "whats_new", "tamar"), ("hows rangi doin", "whats_new", "rangi"),
    ("when is tamars birthdy", "birthday", "tamar"), ("ok so wen did i last see rangi", "last_seen", "rangi")])
def test_questions_with_misspelt_question_words(text, kind, person):
    q = parse(text, KNOWN, None, TODAY)
    assert q is not None and (q.kind, (q.person or "").lower()) == (kind, person)


def test_a_known_name_that_looks_like_a_question_word_stays_a_name():
    assert normalise("wen is moving to taipei", [*KNOWN, "Wen"]) == "wen is moving to taipei"
    assert looks_like_question("wat does rangi do") and looks_like_question("rangi moved?")
    assert not looks_like_question("rangi moved to wellington")


@pytest.mark.parametrize("text", ["hey memoro wat does rangi do", "quick one, whr does tamar live",
                                  "rangi wat does he do", "yo bot, wen is tamars bday"])
def test_a_question_after_words_of_address_is_asked(text):
    intent = understand(text, Context(now=datetime(2026, 9, 14, 9, tzinfo=UTC), known=KNOWN))
    assert intent.type == "ask" and intent.person


@pytest.mark.parametrize("text", ["she asked when is the party", "tamar the one who does pottery"])
def test_a_reported_question_is_no_question(text):
    assert question_after_opening(text, KNOWN) is None


@pytest.mark.parametrize("text", [
    "um how does this even work", "ok so what do i do here", "what is this", "how do i start", "explain pls",
    "i'm lost", "im so confused lol", "wait what's this thing", "how do u use this", "idk what to do",
    "what am i meant to type", "hmm where do i begin", "no clue how this works", "what's this bot for 🤔"])
def test_help_in_plain_words(text):
    assert asks_for_help(text) and in_words(text) == "/help"


@pytest.mark.parametrize("text", [
    "how are you", "whats up", "how's it going", "what does tamar do", "what are you up to", "thanks", "ok",
    "did i tell you about it", "what should i get her", "who do i know in auckland", "how was your day"])
def test_not_help(text):
    assert not asks_for_help(text)


@pytest.mark.parametrize(("text", "name"), [
    ("same 4 rangi", "rangi"), ("ditto tamar levi", "tamar levi"), ("same question for mei lin", "mei lin"),
    ("same q for seun pls", "seun"), ("ask the same for tamar", "tamar"), ("same for rangi too", "rangi")])
def test_same_for_in_its_shapes(text, name):
    assert same_for(text) == name


@pytest.mark.parametrize(("text", "name"), [
    ("and rangi?", "rangi"), ("n tamar?", "tamar"), ("wbu seun", "seun"), ("what bout mei lin", "mei lin"),
    ("and tamar eh", "tamar"), ("wat abt rangi", "rangi"), ("and for seun", "seun"), ("what about rangi 🙏", "rangi")])
def test_what_about_in_its_shapes(text, name):
    assert what_about(text) == name


@pytest.mark.parametrize("text", ["and her husband?", "what about work?", "and tomorrow?", "what about lunch",
                                  "and u?", "what about everyone"])
def test_what_about_something_that_is_no_one(text):
    assert what_about(text) is None


def test_same_for_a_pronoun_is_unclear_never_a_note():
    assert same_for("same for her") is None and asks_to_repeat("same for her")
    intent = understand("same for her", Context(now=datetime(2026, 9, 14, 9, tzinfo=UTC), known=KNOWN))
    assert intent.type == "chat"


def test_never_a_name_asks_the_one_decider():
    assert never_a_name("who is pregnant", 7) and never_a_name("what about lunch", 11)
    assert not never_a_name("what about xochitl", 11) and not never_a_name("who is rangi", 7)


@pytest.mark.parametrize(("text", "kind"), [
    ("where's tamar from again", "hometown"), ("where did rangi grow up", "hometown"),
    ("where did seun go to uni", "school"), ("what school does mei lin go to", "school"),
    ("whats rangis dogs name", "pet"), ("does tamar have any pets", "pet"), ("what do people call seun", "nickname")])
def test_questions_about_kinds_with_no_question_of_their_own(text, kind):
    q = parse(text, KNOWN, None, TODAY)
    assert q is not None and q.kind == kind


def test_a_kind_not_known_is_said_so():
    assert answer("hometown", "Rangi Parata", {}, []) == "I don't know where Rangi Parata is from yet."
    assert answer("school", "Tamar Levi", {"school": "Technion"}, []) == "Tamar Levi studies at Technion."
    assert answer("pet", "Seun", {}, []) == "I don't know of any pets Seun has."


def test_where_someone_lives_is_not_where_they_are_from():
    assert parse("where does tamar live", KNOWN, None, TODAY).kind == "lives"
    assert parse("where is tamar from", KNOWN, None, TODAY).kind == "hometown"


@pytest.mark.parametrize(("text", "relation"), [("and her husband?", "husband"), ("what about his kids", "kid"),
                                                ("and their daughter", "daughter")])
def test_a_relation_of_the_person_in_focus(text, relation):
    q = parse(text, KNOWN, "Tamar Levi", TODAY)
    assert q is not None and (q.person, q.relation) == ("Tamar Levi", relation)


@pytest.mark.parametrize(("text", "kind", "start", "end"), [
    ("anything else this month?", "upcoming_birthdays", date(2026, 9, 14), date(2026, 9, 30)),
    ("and next month", "upcoming_birthdays", date(2026, 10, 1), date(2026, 10, 31)),
    ("what about in march?", "upcoming_birthdays", date(2027, 3, 1), date(2027, 3, 31)),
    ("and last weekend?", "seen_between", date(2026, 9, 12), date(2026, 9, 13))])
def test_a_range_said_alone(text, kind, start, end):
    q = parse(text, KNOWN, None, TODAY)
    assert q is not None and (q.kind, q.start, q.end) == (kind, start, end)


@pytest.mark.parametrize("text", ["next month", "met rangi last weekend", "lunch w tamar next week"])
def test_a_range_with_something_else_is_not_a_range_question(text):
    q = parse(text, KNOWN, None, TODAY)
    assert q is None or q.kind not in ("upcoming_birthdays", "seen_between")


def test_working_on_is_not_a_job():
    assert parse("what's mei lin working on these days", KNOWN, None, TODAY).kind == "whats_new"
    assert parse("where does mei lin work", KNOWN, None, TODAY).kind == "work"


async def test_a_misspelt_question_is_answered_and_never_saved(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("coffee w rangi parata, he's a builder in rotorua", "2026-09-10T09:00:00+12:00")
    reply = await b.say("wat does rangi do", "2026-09-14T09:00:00+12:00")
    assert "builder" in reply.lower() and "saved" not in reply.lower()
    assert "wat does" not in (await b.say("who is rangi")).lower()  # no note was made of it


async def test_someone_named_at_a_meeting_came_up_there(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("hangi at rangi's place, his sister aroha is back from sydney", "2026-09-12T19:00:00+12:00")
    reply = await b.say("where did i see aroha", "2026-09-14T09:00:00+12:00")
    assert "no meeting" not in reply.lower() and "Rangi" in reply and "Sep 12" in reply
