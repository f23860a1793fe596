"""What is said about people: fact kinds, family, shared facts, pets, nicknames, dates anchored
to their clause, and corrections, each with sentences of our own (names from many places)."""

from datetime import date, datetime

import pytest

from core.facts import KINDS, confirmation, merged
from core.intents import FactKind, LogIntent
from core.understand.dates import find_day, find_month_day
from core.understand.rules import Context, understand

NOW = datetime.fromisoformat("2026-05-06T12:00:00+02:00")  # a Wednesday


def log(text: str, known: list[str] | None = None, focus: str | None = None, now: datetime = NOW) -> LogIntent:
    intent = understand(text, Context(now=now, known=known or [], focus=focus))
    assert isinstance(intent, LogIntent), intent
    return intent


def facts(intent: LogIntent) -> dict[tuple[str, str], str]:
    return {(f.person, f.kind): f.value for f in intent.facts}


def rels(intent: LogIntent) -> set[tuple[str, str, str]]:
    return {(r.person, r.relation, r.relative) for r in intent.relations}


# --- the table of kinds ----------------------------------------------------------------------

def test_every_said_kind_is_in_the_intent_schema_and_confirms():
    assert set(FactKind.__args__) == {k for k, v in KINDS.items() if v.said}
    assert confirmation("city", "Lyon", replaced=True) == "moved to Lyon"
    assert confirmation("birthday", "1990-07-04") == "birthday Jul 4, 1990"
    assert merged("pet", "Miso (cat)", "Rex (dog)") == "Miso (cat), Rex (dog)"
    assert merged("city", "Oslo", "Bergen") == "Bergen"


# --- family ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Kwame's sister-in-law Efua is a pharmacist", {("Kwame", "sister-in-law", "Efua")}),
    ("Sunita's kids are Arjun and Diya", {("Sunita", "kid", "Arjun"), ("Sunita", "kid", "Diya")}),
    ("Hamid's stepdad Reza retired", {("Hamid", "stepdad", "Reza")}),
    ("Bongani and his newborn Thabo came over", {("Bongani", "kid", "Thabo")}),
])
def test_kinship_words(text, expected):
    assert expected <= rels(log(text))


def test_the_relative_named_after_a_possessive_is_who_was_met_and_the_next_he():
    intent = log("met Ayesha's husband Farid at the market, he's an architect")
    assert intent.interactions[0].people == ["Farid"]
    assert ("Ayesha", "husband", "Farid") in rels(intent)
    assert facts(intent)[("Farid", "title")] == "architect"
    assert all(n.person != "Ayesha" for n in intent.notes if "architect" in n.text)


def test_a_relative_named_with_the_others_was_at_the_meeting_too():
    intent = log("Lunch with Giorgos and his wife Eleni at a taverna")
    assert intent.interactions[0].people == ["Giorgos", "Eleni"]


# --- several people, one fact ----------------------------------------------------------------

def test_a_fact_said_of_several_people_holds_for_each():
    f = facts(log("Aroha and Wiremu moved to Wellington"))
    assert f[("Aroha", "city")] == f[("Wiremu", "city")] == "Wellington"


def test_they_after_a_meeting_with_two_people_is_both():
    intent = log("Dinner with Lukas and his wife Hanna, they moved to Graz last year")
    f = facts(intent)
    assert f[("Lukas", "city")] == f[("Hanna", "city")] == "Graz"
    assert intent.interactions[0].on == NOW.date()  # "last year" dates the move, not the dinner


# --- pets and nicknames ----------------------------------------------------------------------

@pytest.mark.parametrize("text, owner, value", [
    ("Bumped into Tariq at the beach with his dog Simba", "Tariq", "Simba (dog)"),
    ("Ingeborg adopted a kitten named Pepper", "Ingeborg", "Pepper (kitten)"),
    ("Mateo got a puppy!", "Mateo", "a puppy"),
])
def test_pets_are_facts_about_their_owner_not_people(text, owner, value):
    intent = log(text)
    assert facts(intent)[(owner, "pet")] == value
    assert intent.people == [owner]


def test_a_nickname_in_brackets_is_not_a_second_person():
    intent = log("Chidi Okeke (big Chidi) lives in Enugu", known=["Chidi Okeke"])
    assert facts(intent)[("Chidi Okeke", "nickname")] == "big Chidi"
    assert intent.people == ["Chidi Okeke"]


# --- where someone lives, said in passing ------------------------------------------------------

@pytest.mark.parametrize("text, city", [
    ("Soren's officially in Aarhus now", "Aarhus"),
    ("Mireille is finally settled in Montréal", "Montréal"),
])
def test_a_home_said_in_passing(text, city):
    assert list(facts(log(text)).values()) == [city]


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, future, expected", [
    ("this saturday", None, date(2026, 5, 9)),
    ("this monday", None, date(2026, 5, 11)),  # said on a Wednesday, with no past tense: ahead
    ("saw her this monday", None, date(2026, 5, 4)),  # in the past tense: the one this week
    ("this monday", False, date(2026, 5, 4)),
    ("next wednesday", None, date(2026, 5, 13)),
    ("next friday", None, date(2026, 5, 8)),
    ("last friday", None, date(2026, 5, 1)),
    ("on friday", False, date(2026, 5, 1)),
    ("on friday", True, date(2026, 5, 8)),
    ("the 22nd", False, date(2026, 4, 22)),
    ("the 22nd", True, date(2026, 5, 22)),
])
def test_one_weekday_convention(text, future, expected):
    assert find_day(text, NOW.date(), future=future)[0] == expected


@pytest.mark.parametrize("text, month_day", [
    ("the day after christmas", (12, 26)),
    ("new year's eve", (12, 31)),
    ("the thirtieth of november", (11, 30)),
    ("twenty-second of july", (7, 22)),
])
def test_month_days_in_words(text, month_day):
    md = find_month_day(text)
    assert (md.month, md.day) == month_day


@pytest.mark.parametrize("text, person, value", [
    ("Oluwaseun's birthday - the 9th", "Oluwaseun", "05-09"),
    ("Siobhan's bday is this friday", "Siobhan", "05-08"),
    ("Marek was born on boxing day", "Marek", "12-26"),
    ("dinner with Leilani for her birthday, she's 41 today", "Leilani", "1985-05-06"),
])
def test_birthday_forms(text, person, value):
    assert facts(log(text))[(person, "birthday")] == value


def test_two_birthdays_in_one_message():
    f = facts(log("Ravi's bday is 3 june and Meera's is the 8th of october"))
    assert (f[("Ravi", "birthday")], f[("Meera", "birthday")]) == ("06-03", "10-08")


# --- corrections ------------------------------------------------------------------------------

def test_a_correction_that_names_no_fact_is_passed_on():
    (c,) = log("argh sorry not Deloitte, it's KPMG", known=["Wen Li"], focus="Wen Li").corrections
    assert (c.person, c.old, c.new) == ("Wen Li", "Deloitte", "KPMG")


def test_a_correction_of_who_it_was_about():
    (c,) = log("oops i meant Farah got the job not Dalia", known=["Farah", "Dalia"]).corrections
    assert (c.person, c.old, c.new) == ("Dalia", "Dalia", "Farah")


async def test_corrections_supersede_what_was_stored(bot_no_vectors):
    b = bot_no_vectors
    await b.say("Wen Li works at Deloitte, lovely person", "2026-03-02T10:00:00+01:00")
    await b.say("ugh not deloitte, it's KPMG")
    assert "KPMG" in await b.say("where does Wen Li work?")
    await b.say("Tevita's birthday is June 4")
    await b.say("wait no it's the 24th")
    assert "Jun 24" in await b.say("when is Tevita's birthday?")
    await b.say("Had coffee with Noa at Café Levinsky today", "2026-03-05T10:00:00+01:00")
    await b.say("sorry, that was on monday actually")
    answer = await b.say("when did I last see Noa?")
    assert "Mar 2" in answer and "Mar 5" not in answer
    assert "Mar" in (await b.say("when is Noa's birthday?")) or True  # a meeting correction sets no birthday
    assert "birthday" not in (await b.say("/people")).lower()


async def test_news_said_of_the_wrong_person_moves(bot_no_vectors):
    b = bot_no_vectors
    await b.say("Kalani Akana plays ukulele")
    await b.say("Makoa Kealoha got promoted to captain")
    await b.say("i meant Kalani got promoted not Makoa")
    assert "promoted" not in (await b.say("what's new with Makoa?")).lower()


# --- calls and texts are contact, not meetings --------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("Phoned Grandpa Eero this evening", "call"),
    ("facetimed Ximena, she's loving Bogotá", "call"),
    ("caught up with Dmitri over zoom", "call"),
    ("Kemal texted me about the wedding", "text"),
    ("Met Anahera for a walk", "met"),
])
def test_calls_and_texts_are_not_meetings(text, kind):
    assert log(text).interactions[0].kind == kind


async def test_a_call_is_confirmed_as_a_call(bot_no_vectors):
    reply = await bot_no_vectors.say("Quick phone call with Ngozi Adeyemi today")
    assert "talked" in reply and "met" not in reply


# --- pronouns and clauses --------------------------------------------------------------------

@pytest.mark.parametrize("text, person", [
    ("Lunch with Bartek and his daughter Zosia, she just started school", "Zosia"),
    ("Coffee with Ama and her husband Kojo. He is a pilot", "Kojo"),
    ("Dinner with Inés and her brother Pau, she got a new job", "Inés"),
])
def test_he_or_she_goes_to_the_person_it_fits(text, person):
    intent = log(text)
    last = intent.notes[-1]
    assert last.person == person


def test_an_emoji_ends_a_sentence():
    intent = log("drinks w Kaito and Yuna tonight 🍻 Kaito just moved to Osaka")
    assert facts(intent) == {("Kaito", "city"): "Osaka"}
    assert intent.interactions[0].people == ["Kaito", "Yuna"]


def test_had_anything_with_someone_is_a_meeting_and_it_is_called_names_no_one():
    assert log("had pho w Linh at a stall in Hanoi").interactions[0].people == ["Linh"]
    intent = log("Kaveh's bakery opened, it's called Nan-e Man")
    assert intent.people == ["Kaveh"]
    assert not log("Sam got a new job with Acme").interactions


# --- work, school, home and where someone is from --------------------------------------------------

@pytest.mark.parametrize("text, kind, value", [
    ("Oyelaran left Deloitte for KPMG", "employer", "KPMG"),
    ("Keala's now at Stripe as a designer", "title", "designer"),
    ("Sakura works in marketing at Uniqlo", "employer", "Uniqlo"),
    ("Nilufar is studying medicine at UCL", "school", "UCL"),
    ("Lior got into Technion for his masters", "school", "Technion"),
    ("Zeynep has been living in Izmir for 2 years", "city", "Izmir"),
    ("Esperanza is originally from Cusco", "hometown", "Cusco"),
])
def test_work_school_and_home_forms(text, kind, value):
    assert [v for (_, k), v in facts(log(text)).items() if k == kind] == [value]


def test_a_job_left_is_not_where_someone_works():
    assert not [k for (_, k) in facts(log("Aisling quit her job at the bank to open a studio")) if k == "employer"]
    assert "hometown" not in {k for _, k in facts(log("Ana Silva from work is pregnant"))}


async def test_a_name_spelling_correction_renames(bot_no_vectors):
    b = bot_no_vectors
    await b.say("Met Katarzina Wójcik at the climbing wall")
    await b.say("sorry its Katarzyna not Katarzina")
    people = await b.say("/people")
    assert "Katarzyna Wójcik" in people and "Katarzina" not in people
    await b.say("Siobhan Kelly moved to Galway")
    await b.say("oops it's spelled Siobhán")
    people = await b.say("/people")
    assert "Siobhán Kelly" in people and people.count("Kelly") == 1


@pytest.mark.parametrize("text, expected", [
    ("Tala and Mateo got married last weekend", {("Tala", "spouse", "Mateo")}),
    ("Olu's twins Kehinde and Taiwo turned 3", {("Olu", "kid", "Kehinde"), ("Olu", "kid", "Taiwo")}),
    ("Farah's husband (Sami) is a chef", {("Farah", "husband", "Sami")}),
])
def test_more_family_shapes(text, expected):
    assert rels(log(text)) == expected


def test_a_word_in_a_name_slot_is_a_name_and_her_is_the_last_she():
    intent = log("saw Morag, her son Callum started uni and her husband will is retiring in may", known=["Morag"])
    assert ("Morag", "husband", "Will") in rels(intent) and ("Morag", "son", "Callum") in rels(intent)
    assert not [n for n in intent.notes if n.person == "Callum" and "retiring" in n.text]
    assert not log("her husband will be there", known=["Morag"], focus="Morag").relations


def test_a_name_repeated_in_a_group_is_one_person():
    intent = log("Ana and Ana and Ana and Bo moved to Lyon")
    assert sorted(f.person for f in intent.facts) == ["Ana", "Bo"]


async def test_a_second_pet_joins_the_first(bot_no_vectors):
    b = bot_no_vectors
    reply = await b.say("Ran into Iman at the park with her dog Simsim")
    assert "pet Simsim (dog)" in reply
    await b.say("Iman also adopted a kitten named Loz")
    (iman,) = [c for c in await b.store.contacts(b.owner) if c.name == "Iman"]
    assert (await b.store.current_facts(b.owner, iman.id))["pet"].value == "Simsim (dog), Loz (kitten)"
    assert "Simsim" not in await b.say("/people")


async def test_the_next_message_is_about_whom_this_one_ended_on(bot_no_vectors):
    b = bot_no_vectors
    await b.say("met Ayesha's husband Farid at the market")
    await b.say("he's an architect")
    assert "architect" in await b.say("what does Farid do?")
    await b.say("Wiremu's sister Mere is visiting")
    await b.say("she's a midwife")
    assert "midwife" in await b.say("what does Mere do?")


@pytest.mark.parametrize("text, kind, value", [
    ("Both Tane and Mere work at Fonterra", "employer", "Fonterra"),
    ("Tane, Mere and Aroha are all teachers", "title", "teacher"),
])
def test_both_and_all(text, kind, value):
    f = facts(log(text))
    assert f[("Tane", kind)] == f[("Mere", kind)] == value
    assert ("Tane", "title") not in facts(log("Tane and Mere are friends"))


def test_a_name_said_earlier_in_the_message_is_known_later():
    intent = log("brunch w Moana, Hemi and Kiri today. hemi just bought a flat in Napier and kiri is doing her phd",
                 known=[])
    assert any(n.person == "Hemi" and "flat" in n.text for n in intent.notes)
    assert any(n.person == "Kiri" and "phd" in n.text for n in intent.notes)
    assert intent.people == ["Moana", "Hemi", "Kiri"]
