"""Searching by field, by need and by one thing about one person, on real SQLite, Chroma and MiniLM."""

from core import fields
from core.understand.questions import parse
from tests.conftest import Harness


def _names(fs: list) -> list[str]:
    return [f.name for f in fs]


def test_a_field_is_named_in_a_frame_about_work():
    assert _names(fields.wanted("who here works in healthcare")) == ["healthcare"]
    assert _names(fields.wanted("any tech people?")) == ["tech"]
    assert _names(fields.wanted("who do i know in finance")) == ["finance"]
    assert _names(fields.wanted("who's into fitness")) == ["sports"]
    assert fields.wanted("who cares about their health") == []  # health named, but no field asked
    assert fields.wanted("who has a dog") == [] and fields.wanted("who is into running") == []


def test_a_need_picks_the_most_precise_field():
    assert _names(fields.wanted("my rabbit is sick, who could help")) == ["veterinary"]
    assert _names(fields.wanted("my back hurts, anyone who could help?")) == ["healthcare"]
    assert _names(fields.wanted("cracked a tooth lol, who should i call")) == ["dental"]
    assert _names(fields.wanted("need someone who knows about tax returns")) == ["accounting"]
    assert _names(fields.wanted("anyone good w motorbikes?")) == ["cars"]
    assert _names(fields.wanted("the bathroom pipe is leaking, who do i call")) == ["plumbing"]
    assert _names(fields.wanted("any1 know a good electrician?")) == ["electrician"]


def test_a_need_is_a_question_and_news_is_not():
    assert fields.asks_for_help("my parrot is ill who could help")
    assert fields.asks_for_help("need somebody good with spreadsheets")
    assert not fields.asks_for_help("maya needs a new laptop")
    assert not fields.asks_for_help("had lunch w tomasz, he knows a guy in warsaw")
    assert not fields.asks_for_help("priya is dating someone who knows my cousin")
    assert not fields.asks_for_help("met omar, i know a guy who fixes bikes")
    assert fields.asks_for_help("my tap is leaking who do i call")
    q = parse("my parrot is ill who could help", [])
    assert q is not None and q.kind == "search"


def test_a_field_is_no_city():
    q = parse("who works in finance", [])
    assert q is not None and q.kind == "search"
    q = parse("who do i know in lagos", [])
    assert q is not None and q.kind == "who_in_city"


def test_the_occupations_a_note_says():
    health = fields.asked("who here works in healthcare")
    assert fields.in_field(health, "she's a midwife in leeds") == ["midwife"]
    assert fields.in_field(health, "two nurses from the ward") != []
    assert fields.in_field(health, "plays sax in a jazz band") == []


async def test_a_field_finds_the_people_in_it_and_no_near_miss(bot: Harness):
    for text in ("sunita is a midwife at the royal infirmary",
                 "bongani plays trumpet in a brass band on sundays",
                 "oskar works nights on an oncology ward",
                 "farid is a backend developer at a fintech startup",
                 "carmen teaches maths at a secondary school"):
        await bot.say(text)
    health = await bot.say("who here works in healthcare?")
    assert "Sunita" in health and "Oskar" in health
    assert "Bongani" not in health and "Carmen" not in health and "Farid" not in health
    tech = await bot.say("anyone in tech")
    assert "Farid" in tech and "Sunita" not in tech
    teach = await bot.say("who do i know in education")
    assert "Carmen" in teach and "Bongani" not in teach
    law = await bot.say("who works in law?")
    assert "don't know anyone" in law and "Bongani" not in law


async def test_a_need_is_answered_with_who_could_help(bot: Harness):
    for text in ("thandiwe is a vet, she runs a small practice in durban",
                 "jakub is an accountant at a firm in krakow",
                 "ravi fixes cars at his dad's garage",
                 "lena is a pediatric nurse"):
        await bot.say(text)
    pet = await bot.say("my cat is sick, who could help")
    assert "Thandiwe" in pet and "Lena" not in pet and "Jakub" not in pet
    tax = await bot.say("need someone who knows taxes")
    assert "Jakub" in tax and "Ravi" not in tax
    car = await bot.say("anyone good w cars?")
    assert "Ravi" in car and "Thandiwe" not in car
    garden = await bot.say("who could help with my garden")
    assert "don't know anyone" in garden and "Ravi" not in garden


async def test_an_open_question_about_one_person_answers_the_thing_asked(bot: Harness):
    await bot.say("had coffee w ines yesterday, she's learning to sail on weekends")
    await bot.say("ines wants to open a bookshop in porto next year")
    await bot.say("ines just got a new job at a bank")
    learning = await bot.say("whats ines learning")
    assert "sail" in learning and "bookshop" not in learning
    plans = await bot.say("what are ines's plans?")
    assert "bookshop" in plans and "sail" not in plans
    assert "bank" in await bot.say("who is ines")  # no one thing asked: the profile as before
