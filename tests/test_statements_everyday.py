"""Statements in everyday texting: what kind of contact a message tells of (met, call, text, a
plan), dates counted from another day, birthdays in lists, a cadence said in passing or changed,
and a job taken. Sentences of our own, names from many places."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.intents import LogIntent
from core.understand.dates import find_day
from core.understand.keep_in_touch import changed_cadence
from core.understand.ranges import date_range
from core.understand.rules import Context, understand

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday
TODAY = NOW.date()


def log(text: str, known: list[str] | None = None) -> LogIntent:
    intent = understand(text, Context(now=NOW, known=known or [], focus=None))
    assert isinstance(intent, LogIntent), intent
    return intent


@pytest.mark.parametrize("text, person, kind", [
    ("met a little girl called maya at the park", "Maya", "met"),
    ("met this guy called oluwaseun at a conference, really smart", "Oluwaseun", "met"),
    ("chiamaka called me yesterday", "Chiamaka", "call"),
    ("i called ravi after work", "Ravi", "call"),
    ("facetimed w tomasz last night", "Tomasz", "call"),
    ("bumped into fatima at the mall", "Fatima", "met"),
    ("helped jelena load the van today", "Jelena", "met"),
    ("texted siobhan happy bday", "Siobhan", "text"),
])
def test_met_called_or_texted(text, person, kind):
    intent = log(text)
    assert [(i.people, i.kind) for i in intent.interactions] == [([person], kind)]


@pytest.mark.parametrize("text, person", [
    ("dinner w sven 2 weeks from today", "Sven"),
    ("lunch w amara in 3 days", "Amara"),
    ("drinks w kofi next fri", "Kofi"),
    ("seeing grace tmrw for brunch", "Grace"),
    ("bbq at tunde's this sat", "Tunde"),
])
def test_a_meeting_ahead_is_a_plan_not_time_spent_together(text, person):
    intent = log(text)
    assert not intent.interactions
    assert [n.person for n in intent.notes] == [person]


@pytest.mark.parametrize("text, future, day", [
    ("2 weeks from today", True, date(2026, 6, 24)),
    ("a week from saturday", True, date(2026, 6, 20)),
    ("3 days after tmrw", True, date(2026, 6, 14)),
    ("a week ago sunday", False, date(2026, 5, 31)),
    ("the weekend before last", False, date(2026, 5, 30)),
    ("easter sunday", False, date(2026, 4, 5)),
    ("good friday", False, date(2026, 4, 3)),
    ("the day after easter", True, date(2027, 3, 29)),
    ("thanksgiving", True, date(2026, 11, 26)),
])
def test_days_counted_from_another_day_and_movable_feasts(text, future, day):
    found = find_day(text, TODAY, future=future)
    assert found is not None and found[0] == day


def test_a_meeting_is_dated_by_a_count_from_a_weekday():
    intent = log("went climbing w björn a week ago sunday")
    assert [i.on for i in intent.interactions] == [date(2026, 5, 31)]


@pytest.mark.parametrize("text, expected", [
    ("two bdays coming up: einar is 3 feb and sigrun 5 feb", {"Einar": "02-03", "Sigrun": "02-05"}),
    ("birthdays: ewa is 12 may, tomek 3 june", {"Ewa": "05-12", "Tomek": "06-03"}),
    ("ngozi turns 40 a week from saturday", {"Ngozi": "1986-06-20"}),
])
def test_birthdays_in_lists_and_counted_days(text, expected):
    assert {f.person: f.value for f in log(text).facts if f.kind == "birthday"} == expected


def test_a_name_is_a_date_only_among_birthdays():
    assert not [f for f in log("mehmet is 3 feb").facts if f.kind == "birthday"]


@pytest.mark.parametrize("text, person, days", [
    ("i should call mum more, like every sunday", "Mum", 7),
    ("i really need to see ikenna more, maybe once a month", "Ikenna", 30),
    ("i gotta ring abuela every 2 weeks", "Abuela", 14),
])
def test_a_cadence_said_as_an_intention(text, person, days):
    assert [(r.person, r.every_days) for r in log(text).reminders] == [(person, days)]


@pytest.mark.parametrize("text, days", [
    ("make that every 2 weeks", 14),
    ("actually monthly", 30),
    ("change it to every 10 days pls", 10),
    ("once a month then", 30),
    ("dinner w sam every 2 weeks", None),
    ("lunch monthly w kofi", None),
])
def test_a_new_cadence_alone(text, days):
    assert changed_cadence(text) == days


@pytest.mark.parametrize("text, person, org", [
    ("devansh quit!! he's joining zomato next month", "Devansh", "zomato"),
    ("thabo started at nubank last month", "Thabo", "nubank"),
    ("min-ji got hired at coupang, starts in june", "Min-ji", "coupang"),
    ("marisol is starting at mckinsey on monday", "Marisol", "mckinsey"),
])
def test_a_job_taken(text, person, org):
    assert [(f.person, f.value) for f in log(text).facts if f.kind == "employer"] == [(person, org)]


@pytest.mark.parametrize("text", ["sibusiso joined a choir", "lwazi joined us for dinner"])
def test_joining_something_else_is_no_job(text):
    assert not [f for f in log(text).facts if f.kind == "employer"]


def test_a_place_ends_before_a_texting_time_word():
    intent = log("bumped into minjae at hongdae station yday lol")
    assert [(i.place, i.on) for i in intent.interactions] == [("hongdae station", date(2026, 6, 9))]


@pytest.mark.parametrize("text, kind, value", [
    ("helped jelena load the van, she's moving to subotica for good", "city", "subotica"),
    ("hamza is moving to leeds today", "city", "leeds"),
    ("olga is moving to tallinn next month", "moving_to", "tallinn (next month)"),
    ("bayo will move to lagos for good next year", "moving_to", "lagos"),
])
def test_a_move_under_way_is_where_they_live(text, kind, value):
    assert [(f.kind, f.value) for f in log(text).facts if f.kind in ("city", "moving_to")] == [(kind, value)]


@pytest.mark.parametrize("text, start", [
    ("and who have i seen since the 5th", date(2026, 6, 5)),
    ("who have i seen since easter", date(2026, 4, 5)),
])
def test_since_a_day_is_a_range_to_today(text, start):
    assert date_range(text, TODAY) == (start, TODAY)


@pytest.mark.parametrize("text, person, days", [
    ("i keep meaning to text oyelaran, maybe monthly?", "Oyelaran", 30),
    ("tell me to ring auntie folake once a fortnight", "Folake", 14),
])
def test_a_request_is_no_question_however_it_ends(text, person, days):
    assert [(r.person, r.every_days) for r in log(text).reminders] == [(person, days)]
