"""Family, pets and several people in one message, the way people text them: a relative named
after "is", children listed after the news of their birth, people who are something to each
other, "his/her" in the next message, and a fact shared by everyone listed. Names of our own."""

from core.intents import LogIntent
from core.understand.rules import Context, recent, understand
from tests.test_statements import NOW, facts, log, rels


def test_a_relative_named_after_is_is_a_person_but_an_adjective_is_not():
    assert ("Femi", "wife", "Yewande") in rels(log("femi's wife is yewande"))
    assert ("Devansh", "girlfriend", "Ishita") in rels(log("devansh's gf is ishita lol"))
    assert log("her mum is sick", focus="Chen").relations == []
    assert log("his wife is pregnant", focus="Pavel").relations == []


def test_children_listed_after_the_birth_are_the_childrens_of_both_partners():
    said = rels(log("gurdeep's wife manpreet just had twins!! boys, kabir and rehan"))
    assert {("Gurdeep", "son", "Rehan"), ("Manpreet", "son", "Kabir"), ("Manpreet", "son", "Rehan")} <= said
    said = rels(log("wanjiru had twins last week - girls, njeri and wambui 🎉"))
    assert said == {("Wanjiru", "daughter", "Njeri"), ("Wanjiru", "daughter", "Wambui")}


def test_people_named_together_are_something_to_each_other():
    said = log("kwabena and efia are siblings")
    assert {("Kwabena", "sibling", "Efia"), ("Efia", "sibling", "Kwabena")} == rels(said)
    assert ("Kwabena", "title") not in facts(said)  # a kinship word is no job
    assert ("Sven", "spouse", "Maja") in rels(log("sven and maja are married"))
    assert ("Rosa", "cousin", "Inés") in rels(log("rosa and inés are cousins"))


def test_his_or_her_in_the_next_message_is_whoever_the_last_one_says_fits():
    first = log("dinner at takeshi's, met his mom emiko, she's visiting from osaka")
    assert facts(first)[("Emiko", "hometown")] == "osaka"
    earlier, genders = recent(first)
    assert genders == {"Emiko": "she"}
    ctx = Context(now=NOW, known=["Takeshi", "Emiko"], focus="Emiko", earlier=earlier, genders=genders)
    intent = understand("also his sister aoi is getting engaged", ctx)
    assert isinstance(intent, LogIntent)
    assert rels(intent) == {("Takeshi", "sister", "Aoi")}


def test_an_animal_no_list_names_is_a_pet_and_no_person():
    said = log("tomasz adopted a rescue greyhound called pip")
    assert facts(said)[("Tomasz", "pet")] == "Pip (greyhound)" and said.people == ["Tomasz"]
    assert ("Ines", "pet") not in facts(log("ines has a new tutor named amaka"))  # a person's name
    assert ("Leon", "pet") not in facts(log("leon got a new car named betsy"))  # a thing


def test_a_known_pet_is_no_person():
    ctx = Context(now=NOW, known=["Chiara"], focus="Chiara", pets=["Biscotto"])
    intent = understand("facetime w chiara, biscotto ate her sandal lol", ctx)
    assert isinstance(intent, LogIntent) and [p.lower() for p in intent.people] == ["chiara"]


async def test_who_is_a_pet_names_its_owner(bot_no_vectors):
    b = bot_no_vectors
    await b.say("my friend oluwaseun has a beagle named waffle")
    await b.say("zeynep's cat pamuk is sick")
    assert "Oluwaseun's beagle" in await b.say("who is waffle")
    assert "Zeynep's cat" in await b.say("who is pamuk")


def test_what_people_call_someone_is_a_nickname_not_a_new_person():
    said = log("had coffee w babajide, everyone calls him jide")
    assert said.people == ["Babajide"] and facts(said)[("Babajide", "nickname")] == "jide"
    assert ("Mike", "nickname") in facts(log("met mike at work, we call him big mike"))
    assert ("Amaka", "nickname") not in facts(log("called amaka, i call her every sunday"))


def test_everyone_listed_shares_the_fact_and_the_first_of_a_list_is_a_name():
    said = log("ama, kojo and efua all work at mtn")
    assert {p: v for (p, k), v in facts(said).items() if k == "employer"} == {"Ama": "mtn", "Kojo": "mtn", "Efua": "mtn"}
    assert [p.lower() for p in log("coffee, kojo and efua were there").people] == ["kojo", "efua"]


def test_their_after_two_names_is_both_and_in_law_is_no_place():
    said = log("saw aroha and wiremu, their newborn baby nikau is so cute")
    assert {("Aroha", "kid", "Nikau"), ("Wiremu", "kid", "Nikau")} <= rels(said)
    meet = log("coffee w my mother in law graciela").interactions[0]
    assert meet.place is None
    assert facts(log("met ines's bf joao, hes a chef"))[("Joao", "title")] == "chef"
