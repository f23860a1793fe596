"""Dates as people text them: birthday shorthand and holidays, several birthdays in one message,
upcoming-birthday windows in words, visits as meetings, keep-in-touch requests with a cadence
each. Sentences of our own, many cultures, lowercase and typos; each test one construction."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.intents import LogIntent, QuestionIntent
from core.understand.keep_in_touch import cadence_days
from core.understand.questions import parse
from core.understand.rules import Context, understand
from core.understand.upcoming import window

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday
TODAY = NOW.date()


def log(text: str, known: list[str] | None = None, focus: str | None = None) -> LogIntent:
    intent = understand(text, Context(now=NOW, known=known or [], focus=focus))
    assert isinstance(intent, LogIntent), intent
    return intent


def birthdays(text: str) -> dict[str, str]:
    return {f.person: f.value for f in log(text).facts if f.kind == "birthday"}


@pytest.mark.parametrize("text, person, value", [
    ("anjali dob 12.03.1990", "Anjali", "1990-03-12"),
    ("Tariq DOB 02.10.1988", "Tariq", "1988-10-02"),
    ("kofi d.o.b. 4/5/88", "Kofi", "1988-04-05"),
    ("marta's d.o.b: 21/04/1970", "Marta", "1970-04-21"),
    ("yusuf, dob 19/7/2000", "Yusuf", "2000-07-19"),
    ("dob for amara is 5 jan 1993", "Amara", "1993-01-05"),
    ("chiamaka born 22.11.1994", "Chiamaka", "1994-11-22"),
])
def test_dob_and_born_with_dots_slashes_and_words(text, person, value):
    intent = log(text)
    assert birthdays(text) == {person: value}
    assert intent.people == [person]  # "Dob" is never part of the name


@pytest.mark.parametrize("text, person, value", [
    ("ngozi born on christmas eve", "Ngozi", "12-24"),
    ("fatima's bday is boxing day lol", "Fatima", "12-26"),
    ("siobhan born on st patrick's day obviously", "Siobhan", "03-17"),
    ("lukas bday new year's eve 🎉", "Lukas", "12-31"),
    ("jin-woo born on halloween 🎃", "Jin-woo", "10-31"),
    ("pierre born bastille day", "Pierre", "07-14"),
    ("remy's bday is guy fawkes night", "Remy", "11-05"),
    ("aisha bday valentines day", "Aisha", "02-14"),
])
def test_a_fixed_date_holiday_is_the_birthday_and_no_one_in_it_is_a_person(text, person, value):
    intent = log(text)
    assert birthdays(text) == {person: value}
    assert intent.people == [person]  # not "Patrick", not "Guy Fawkes"


@pytest.mark.parametrize("text, expected", [
    ("li wei bday 28 nov, tomas born 5 april", {"Li Wei": "11-28", "Tomas": "04-05"}),
    ("kwame bday christmas eve, ama's is 15 march", {"Kwame": "12-24", "Ama": "03-15"}),
    ("ines b-day 3/9, joao's is 12 jan, and rita's on the 30th of june",
     {"Ines": "03-09", "Joao": "01-12", "Rita": "06-30"}),
    ("birthdays: farah 2 feb, omar 19 oct", {"Farah": "02-02", "Omar": "10-19"}),
    ("sakura bday 11 nov, daichi's on new year's day", {"Sakura": "11-11", "Daichi": "01-01"}),
    ("bday for ravi is 14 feb, and meena's 21 march", {"Ravi": "02-14", "Meena": "03-21"}),
    ("noa's birthday 7 july; eitan's 22 aug", {"Noa": "07-07", "Eitan": "08-22"}),
    ("eun-ji's bday = christmas eve, min-jun's = boxing day", {"Eun-ji": "12-24", "Min-jun": "12-26"}),
    ("aroha bday is valentines lol, wiremu's is 2 sept", {"Aroha": "02-14", "Wiremu": "09-02"}),
    ("sven born 01.12.1990, his wife ingrid born 7.4.1992", {"Sven": "1990-12-01", "Ingrid": "1992-04-07"}),
])
def test_several_birthdays_in_one_message_each_their_own(text, expected):
    assert birthdays(text) == expected


def test_a_bare_date_after_a_possessive_is_no_birthday_without_birthday_words():
    assert birthdays("Becca's on the 14th of March") == {}
    assert birthdays("saw sam 9 feb") == {}


@pytest.mark.parametrize("text, value", [
    ("tmrw is bat-erdene's 40th!!", "1986-06-11"),
    ("saturday was leilani's 30th", "1996-06-06"),
])
def test_an_age_on_a_relative_day_is_the_birthday_and_the_year(text, value):
    assert list(birthdays(text).values()) == [value]


@pytest.mark.parametrize("text, first, last", [
    ("anyone's bday within the next couple weeks?", TODAY, date(2026, 6, 24)),
    ("birthdays next few days?", TODAY, date(2026, 6, 13)),
    ("birthdays in the next couple of days", TODAY, date(2026, 6, 12)),
    ("whose bday is coming up in the next month or so", TODAY, date(2026, 7, 11)),
    ("any birthdays before christmas", TODAY, date(2026, 12, 24)),
    ("any birthdays before new year", TODAY, date(2026, 12, 31)),
    ("any bdays before the end of the month", TODAY, date(2026, 6, 30)),
    ("bdays this month?", TODAY, date(2026, 6, 30)),
    ("birthdays next month", date(2026, 7, 1), date(2026, 7, 31)),
    ("any birthdays this weekend", date(2026, 6, 13), date(2026, 6, 14)),
    ("whose birthday is next week", date(2026, 6, 15), date(2026, 6, 21)),
    ("who's got a bday this week", TODAY, date(2026, 6, 17)),
    ("anyone's birthday coming up in the next few weeks?", TODAY, date(2026, 7, 1)),
    ("any birthdays coming up soon?", TODAY, date(2026, 7, 10)),
])
def test_upcoming_birthdays_in_words(text, first, last):
    q = parse(text, [], None, TODAY)
    assert isinstance(q, QuestionIntent) and q.kind == "upcoming_birthdays", q
    assert (q.start, q.end) == (first, last)


def test_a_window_asked_on_a_sunday_is_that_weekend():
    sunday = date(2026, 6, 14)
    assert window("any bdays this weekend", sunday) == (sunday, sunday)


@pytest.mark.parametrize("text, people, day", [
    ("tendai came by yesterday w samosas", ["Tendai"], "2026-06-09"),
    ("amara, chidi and ngozi came over for jollof on saturday", ["Amara", "Chidi", "Ngozi"], "2026-06-06"),
    ("siobhan popped round last night with a bottle of wine", ["Siobhan"], "2026-06-09"),
    ("marisol swung by after work", ["Marisol"], "2026-06-10"),
    ("my cousin ana came to visit yesterday", ["Ana"], "2026-06-09"),
    ("lerato hosted me for dinner on friday", ["Lerato"], "2026-06-05"),
    ("nadia and her husband omar had us over for iftar last night", ["Nadia", "Omar"], "2026-06-09"),
    ("chen swung by w dumplings tues 🥟", ["Chen"], "2026-06-09"),
    ("kirra helped us paint the fence on sunday", ["Kirra"], "2026-06-07"),
])
def test_visits_are_meetings_dated_by_their_clause(text, people, day):
    intent = log(text)
    assert [(i.people, i.on.isoformat(), i.kind) for i in intent.interactions] == [(people, day, "met")]
    assert set(intent.people) == set(people)  # what was brought is no one


@pytest.mark.parametrize("text, expected", [
    ("remind me to check on ayesha every 10 days, and bruno every 3 weeks", {"Ayesha": 10, "Bruno": 21}),
    ("keep in touch w priya every 2 weeks and with kwabena monthly", {"Priya": 14, "Kwabena": 30}),
    ("ping me every fortnight about leila, and every month about arjun", {"Leila": 14, "Arjun": 30}),
    ("remind me to text olu every couple weeks and ifeoma every few days", {"Olu": 14, "Ifeoma": 3}),
    ("nudge me to message kofi and ama every 2 weeks", {"Kofi": 14, "Ama": 14}),
    ("pls remind me abt björn every 10 days & sigrid every 20", {"Björn": 10, "Sigrid": 20}),
    ("remind me to see obi weekly, chioma biweekly, and emeka every other month", {"Obi": 7, "Chioma": 14, "Emeka": 60}),
    ("nudge me if i havent talked to tomasz in a month", {"Tomasz": 30}),
    ("if i haven't spoken to diego in 3 weeks remind me", {"Diego": 21}),
    ("nudge me when it's been 2 weeks since i saw marta", {"Marta": 14}),
    ("bug me if i go a month without seeing chen", {"Chen": 30}),
    ("lmk if i haven't talked to oscar in a month", {"Oscar": 30}),
    ("if i havent seen aiko in 2 weeks pls nudge me, same for haruto after a month", {"Aiko": 14, "Haruto": 30}),
    ("check in on fatou every 5 days", {"Fatou": 5}),
    ("keep tabs on rustam for me, every month or so", {"Rustam": 30}),
])
def test_keep_in_touch_each_person_their_own_cadence(text, expected):
    intent = log(text)
    assert {r.person: r.every_days for r in intent.reminders} == expected
    assert not intent.interactions  # "since i saw marta" is no meeting


def test_a_meeting_after_a_request_in_the_same_sentence_is_no_request():
    assert log("remind me to water the plants every 3 days, also lunch w kemi today").reminders == []


def test_a_lapse_about_the_person_in_focus():
    intent = log("never let me go over 12 days without texting her", known=["Nilufar"], focus="Nilufar")
    assert [(r.person, r.every_days) for r in intent.reminders] == [("Nilufar", 12)]


@pytest.mark.parametrize("words, days", [
    ("every 10 days", 10), ("monthly", 30), ("twice a month", 14), ("once a week", 7), ("every sunday", 7),
    ("every couple of weeks", 14), ("every few days", 3), ("every other week", 14), ("2w", None),
])
def test_cadence_in_words(words, days):
    assert cadence_days(words) == days


@pytest.mark.parametrize("text, person", [
    ("noa bday", "Noa Peretz"), ("noas birthday!", "Noa Peretz"), ("ikaika's bday", "Ikaika"),
    ("Noa Peretz birthday", "Noa Peretz"),
])
def test_a_known_name_and_a_kind_alone_asks_for_it(text, person):
    q = parse(text, ["Noa Peretz", "Ikaika"], None, TODAY)
    assert isinstance(q, QuestionIntent) and q.kind == "birthday"
    assert q.person is not None and person.lower().startswith(q.person.lower())  # the answerer resolves the name


def test_a_name_and_a_kind_with_a_date_is_no_question():
    assert parse("noa bday 3 june", ["Noa Peretz"], None, TODAY) is None


def test_an_unknown_name_and_a_kind_alone_asks_too():
    q = parse("bheki bday", ["Noa Peretz"], None, TODAY)  # answered "I don't have anyone called Bheki"
    assert isinstance(q, QuestionIntent) and (q.kind, q.person) == ("birthday", "Bheki")


def test_last_nite_is_yesterday():
    [met] = log("grabbed drinks w ikaika last nite").interactions
    assert met.on == date(2026, 6, 9)
