"""Recall: the brief and its sections, looking back over the meeting log, losing touch; each
through the real engine on a real SQLite file, and the brief's summary through the real `openai`
client against the fake server on 127.0.0.1."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.wiring import make_understander
from core import brief, losing_touch
from core.brief import Line, section
from core.clock import FixedClock
from core.engine import Engine
from core.understand.questions import parse
from core.understand.recall import group_of, span
from tests.conftest import Harness, at
from tests.fake_openai import FakeOpenAI, error, ok
from tests.test_llm import llm_settings

TODAY = date(2026, 5, 14)
KNOWN = ["Sam Okoye", "Maya Lin", "Ravi Rao", "June Park", "Dev Patel"]


# understanding ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["tell me everything about sam", "prep me for lunch w sam tmrw", "brief me on sam",
                                  "can u give me the rundown on sam", "everything i know about sam?",
                                  "get me up to speed on sam before our call", "catch me up on sam",
                                  "refresh my memory on sam okoye"])
def test_brief_requests(text):
    q = parse(text, KNOWN, None, TODAY)
    assert (q.kind, q.person.lower().split()[0]) == ("brief", "sam")  # the name as written


def test_a_brief_on_someone_unknown_keeps_the_name_and_one_on_her_uses_the_focus():
    assert parse("brief me on zed", KNOWN, None, TODAY).person == "Zed"
    assert parse("tell me everything about her", KNOWN, "Maya Lin", TODAY).person == "Maya Lin"


@pytest.mark.parametrize("text, start, end", [
    ("what did i do with maya in march", date(2026, 3, 1), date(2026, 3, 31)),
    ("how often did i see maya this year", date(2026, 1, 1), TODAY),
    ("how many times have i met maya", None, None),
    ("what did maya and i get up to in april 2025", date(2025, 4, 1), date(2025, 4, 30)),
    ("when did i hang out w maya in 2025", date(2025, 1, 1), date(2025, 12, 31)),
])
def test_looking_back_with_someone(text, start, end):
    q = parse(text, KNOWN, None, TODAY)
    assert (q.kind, q.person.lower(), q.start, q.end) == ("lookback", "maya", start, end)


def test_a_month_name_that_is_no_contact_is_no_person_but_a_contact_called_june_is():
    q = parse("what did i do in june", ["Maya Lin"], None, TODAY)
    assert (q.kind, q.person) == ("seen_between", None)
    assert parse("what did i do with june in march", KNOWN, None, TODAY).person.lower() == "june"


@pytest.mark.parametrize("text, group", [("when did i last see anyone from work", "work"),
                                         ("last time i saw someone from the climbing gym?", "climbing gym"),
                                         ("when did i last see my cousins", "cousins"),
                                         ("how often did i see people from uni this year", "uni")])
def test_looking_back_at_a_group(text, group):
    q = parse(text, KNOWN, None, TODAY)
    assert (q.kind, q.person) == ("lookback", None) and group_of(q.query.lower()) == group


def test_a_yes_no_question_or_lately_stays_the_last_meeting():
    assert parse("did i see ravi last week?", KNOWN, None, TODAY).kind == "last_seen"
    assert parse("have i seen ravi lately", KNOWN, None, TODAY).kind == "last_seen"
    assert parse("when did i last see ravi", KNOWN, None, TODAY).kind == "last_seen"


def test_who_in_a_year_lists_the_log():
    q = parse("who did i see in 2025", KNOWN, None, TODAY)
    assert (q.kind, q.start, q.end) == ("seen_between", date(2025, 1, 1), date(2025, 12, 31))
    assert span("in 2027", TODAY) is None


@pytest.mark.parametrize("text", ["who am i losing touch with", "anyone i'm drifting apart from?",
                                  "who havent i talked to in ages", "which friends have i fallen out of touch with",
                                  "who should i reach out to"])
def test_losing_touch_questions(text):
    assert parse(text, KNOWN, None, TODAY).kind == "not_seen"


@pytest.mark.parametrize("text", ["haven't talked to sam in ages, he moved to lagos", "keep in touch with maya every 3 weeks",
                                  "so i saw maya in march", "i wonder how often sam sees his mom",
                                  "had lunch and saw maya last week", "had lunch with someone from work last week",
                                  "pls forget everything about ravi"])
def test_statements_that_sound_alike_are_not_recall_questions(text):
    q = parse(text, KNOWN, None, TODAY)
    assert q is None or q.kind not in ("brief", "lookback", "not_seen", "seen_between")


# the brief -----------------------------------------------------------------------------------
@pytest.fixture
def bot(store) -> Harness:
    clock = FixedClock(at("2026-03-02T10:00:00+01:00"))
    return Harness(Engine(store=store, index=None, clock=clock), store, clock)


async def seed_sam(b: Harness) -> None:
    await b.say("had dinner w sam okoye at suya spot", "2026-01-09T20:00:00+01:00")
    await b.say("sam works at flutterwave as a product manager", "2026-01-09T20:01:00+01:00")
    await b.say("sam and his wife adaeze moved to lisbon", "2026-02-03T10:00:00+01:00")
    await b.say("sam's bday is march 20", "2026-02-10T10:00:00+01:00")
    await b.say("sam just got back from a trip to kyoto", "2026-02-25T10:00:00+01:00")


async def test_brief_is_grouped_with_each_line_dated(bot):
    await seed_sam(bot)
    reply = await bot.say("prep me for lunch w sam", "2026-03-02T10:00:00+01:00")
    lines = reply.splitlines()
    assert lines[0] == "Sam Okoye"
    assert lines.index("Who they are:") < lines.index("Latest news:") < lines.index("Recent meetings:")
    for wanted in ("wife Adaeze (said Feb 3)", "product manager · works at flutterwave (said Jan 9)",
                   "birthday Mar 20, in 18 days (said Feb 10)", "lives in lisbon (said Feb 3)",
                   "Jan 9: first met at suya spot", "Feb 25: sam just got back from a trip to kyoto",
                   "Jan 9: at suya spot — had dinner w sam okoye at suya spot"):
        assert any(wanted in line for line in lines), wanted
    bullets = [line for line in lines if line.startswith("• ")]
    assert all(re.search(r"\b(?:Jan|Feb|Mar) \d", line) for line in bullets)  # every line says when
    relative = await bot.say("/person adaeze")
    assert "Sam Okoye's wife" in relative  # the relation read the other way


async def test_a_brief_section_plugs_in_and_a_broken_one_costs_nothing(bot):
    await seed_sam(bot)

    @section("test_gifts", 50, "Gift ideas")
    async def gifts(s):
        return [Line(f"a kyoto guidebook for {s.contact.name.split()[0]}", date(2026, 2, 26), dated_first=True)]

    @section("test_broken", 55, "Broken")
    async def broken(s):
        raise RuntimeError("a bug in a plug-in")

    try:
        reply = await bot.say("/person sam")
    finally:
        brief.SECTIONS.pop("test_gifts")
        brief.SECTIONS.pop("test_broken")
    lines = reply.splitlines()
    assert lines.index("Recent meetings:") < lines.index("Gift ideas:")
    assert "• Feb 26: a kyoto guidebook for Sam" in lines and "Broken:" not in lines
    assert "Gift ideas" not in await bot.say("/person sam")


async def test_a_long_section_is_cut_short_and_counted(bot):
    for n in range(1, 9):
        await bot.say(f"had coffee w ravi rao at cafe {n}", f"2026-02-{n:02d}T09:00:00+01:00")
    reply = await bot.say("tell me everything about ravi")
    assert "at cafe 8" in reply and "at cafe 5" in reply and "at cafe 4 —" not in reply
    assert "(+4 more)" in reply


async def test_imported_notes_and_every_address_are_in_the_brief_but_remarks_are_not_repeated(bot):
    from core.messages import Attachment
    from tests.conftest import make_message

    card = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ife Bello\r\nEMAIL:ife@example.org\r\nTEL:+234 801 000 0000\r\n"
            b"NOTE:Met at the Lagos design meetup\r\nEND:VCARD\r\n")
    await bot.engine.handle(make_message("", at=bot.clock.now(), attachment=Attachment(name="ife.vcf", data=card)))
    await bot.say("ife lives in abuja now")
    reply = await bot.say("/person ife")
    assert "Imported notes:" in reply and "Met at the Lagos design meetup" in reply
    assert "E-mail: ife@example.org" in reply and "Phone: +234 801 000 0000" in reply
    assert reply.count("abuja") == 1


# looking back ----------------------------------------------------------------------------------
async def test_how_often_and_a_month_with_someone(bot):
    for when in ("2026-01-05", "2026-01-19", "2026-02-02", "2026-03-16"):
        await bot.say("played tennis w maya lin", f"{when}T18:00:00+00:00")
    reply = await bot.say("how often did i see maya this year?", "2026-04-01T09:00:00+01:00")
    assert reply.startswith("You saw Maya Lin 4 times from Jan 1 to Apr 1 (about every 2 weeks):")
    assert "Mar 16" in reply and "Jan 5" in reply
    reply = await bot.say("what did i do w maya in february")
    assert "Feb 2" in reply and "Jan" not in reply and "Mar 16" not in reply


async def test_nothing_in_the_range_says_when_it_last_was(bot):
    await bot.say("had lunch w dev patel at the canteen", "2026-01-20T12:00:00+00:00")
    reply = await bot.say("what did i do w dev in march", "2026-04-01T09:00:00+01:00")
    assert reply == "I have no meetings with Dev Patel on record from Mar 1 to Mar 31. You last saw Dev Patel Jan 20 at the canteen."


async def test_anyone_from_work_is_who_the_notes_tie_to_work(bot):
    await bot.say("lunch w my colleague ana", "2026-03-10T12:00:00+00:00")
    await bot.say("had drinks w bilal", "2026-03-20T19:00:00+00:00")
    await bot.say("grabbed coffee with my coworker dev", "2026-03-25T09:00:00+00:00")
    reply = await bot.say("when did i last see anyone from work", "2026-04-01T09:00:00+01:00")
    assert reply.startswith("You last saw someone from work Mar 25")
    assert "Dev" in reply and "Ana" in reply and "Bilal" not in reply
    assert "I don't know who is from uni" in await bot.say("when did i last see anyone from uni")


# losing touch ----------------------------------------------------------------------------------
def test_the_rhythm_is_the_median_gap_and_never_shorter_than_two_weeks():
    days = [date(2026, 1, 1) + timedelta(days=d) for d in (0, 30, 58, 200)]
    assert losing_touch.rhythm_of(days) == 30  # one long gap does not set it
    assert losing_touch.rhythm_of([date(2026, 1, 1), date(2026, 1, 2)]) == losing_touch.MIN_RHYTHM
    assert losing_touch.rhythm_of([date(2026, 1, 1)]) is None
    assert [losing_touch.every_text(d) for d in (7, 14, 21, 60, 90)] == ["7 days", "2 weeks", "3 weeks", "2 months",
                                                                        "3 months"]


async def test_ranked_against_the_usual_rhythm_with_an_offer_that_works(bot):
    for when in ("2026-01-03", "2026-01-10", "2026-01-17", "2026-01-24"):  # weekly: 4 weeks late by Feb 21
        await bot.say("called noa", f"{when}T18:00:00+00:00")
    for when in ("2025-06-01", "2025-10-01", "2026-01-28"):  # every four months: not late
        await bot.say("had lunch w bruno", f"{when}T12:00:00+00:00")
    await bot.say("had lunch w tariq", "2025-11-15T19:00:00+00:00")  # once: the default rhythm, late
    reply = await bot.say("who am i losing touch with?", "2026-02-21T10:00:00+00:00")
    assert "Bruno" not in reply
    assert reply.index("Noa") < reply.index("Tariq")  # 28 days against 14 is later than 98 against 60
    offer = re.search(r'Say "(keep in touch with Noa every 2 weeks)"', reply)
    assert offer, reply
    assert "check in every 2 weeks" in await bot.say(offer.group(1))
    assert "Noa — every 14 days" in await bot.say("/keepintouch")


async def test_a_button_can_set_the_rhythm_shown(bot, store):
    await bot.say("called noa", "2026-01-03T18:00:00+00:00")
    owner = "test:u1"
    [drift] = await losing_touch.drifts(store, owner, date(2026, 4, 1))
    assert (drift.rhythm, drift.learned, drift.times) == (losing_touch.DEFAULT_RHYTHM, False, 1)
    text = await losing_touch.keep_in_touch(store, owner, drift.contact.id, drift.rhythm, bot.clock.now())
    assert text == "I'll nudge you to check in with Noa every 2 months."
    assert [(r.contact.name, r.every_days) for r in await store.reminders(owner)] == [("Noa", 60)]
    assert "your reminder: every 2 months" in await bot.say("who havent i talked to in a while", "2026-04-01T10:00:00+00:00")


async def test_no_log_and_no_one_late(bot):
    assert "no meetings on record yet" in await bot.say("who am i losing touch with")
    await bot.say("had lunch w bruno", "2026-03-01T12:00:00+00:00")
    assert (await bot.say("who am i losing touch with", "2026-03-05T12:00:00+00:00")).startswith("No one is overdue")


# the summary on top ---------------------------------------------------------------------------
@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


async def llm_bot(store, url: str) -> Harness:
    understander, composer = make_understander(llm_settings(url, retries=0))
    clock = FixedClock(at("2026-03-02T10:00:00+01:00"))
    return Harness(Engine(store=store, index=None, understander=understander, composer=composer, clock=clock),
                   store, clock)


async def test_a_model_sums_the_brief_up_from_its_own_lines(fake, bot, store):
    await seed_sam(bot)
    llm = await llm_bot(store, fake.url)

    def model(request):
        lines = dict(re.findall(r"^\[(\d+)\] (.*)$", request["messages"][-1]["content"], re.MULTILINE))
        kyoto = [int(i) for i, line in lines.items() if "kyoto" in line]
        return ok({"summary": "Sam is back from Kyoto; his birthday is on the 20th.", "used": kyoto})

    fake.responder = model
    reply = await llm.say("/person sam")
    assert reply.splitlines()[:2] == ["Sam Okoye", "In short: Sam is back from Kyoto; his birthday is on the 20th."]
    assert "Feb 25: sam just got back from a trip to kyoto" in reply
    assert fake.kinds() == ["WireSummary"]
    sent = fake.requests[0]["messages"][-1]["content"]
    assert sent.startswith("Person: Sam Okoye") and "adaeze" in sent.lower()
    await llm.engine.answers.briefer.llm.aclose()


@pytest.mark.parametrize("bad", [ok({"summary": "Sam loves jazz.", "used": []}),
                                 ok({"summary": "Sam is a pilot.", "used": [999]}), error(500)])
async def test_an_ungrounded_or_failed_summary_leaves_the_brief_as_it_is(fake, bot, store, bad):
    await seed_sam(bot)
    plain = await bot.say("/person sam", "2026-03-02T10:00:00+01:00")
    llm = await llm_bot(store, fake.url)
    fake.enqueue(bad)
    assert await llm.say("/person sam") == plain
    await llm.engine.answers.briefer.llm.aclose()
