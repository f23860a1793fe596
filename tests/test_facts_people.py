"""Facts said about several people at once, couples, work with its place, businesses, planned
moves, where someone is from and studies, a newborn, and corrections, with sentences of our own."""

from datetime import datetime

import pytest

from core.intents import LogIntent, QuestionIntent
from core.understand.asked_kinds import asked_kind
from core.understand.questions import parse
from core.understand.rules import Context, understand

NOW = datetime.fromisoformat("2026-05-06T12:00:00+02:00")


def log(text: str, known: list[str] | None = None, focus: str | None = None) -> LogIntent:
    intent = understand(text, Context(now=NOW, known=known or [], focus=focus))
    assert isinstance(intent, LogIntent), intent
    return intent


def facts(intent: LogIntent) -> dict[tuple[str, str], str]:
    return {(f.person, f.kind): f.value.lower() for f in intent.facts}


def rels(intent: LogIntent) -> set[tuple[str, str, str]]:
    return {(r.person, r.relation, r.relative) for r in intent.relations}


@pytest.mark.parametrize("text, expected, met", [
    ("kwabena, esi and yaw came over, esi got into med school and yaw's bday is on the 18th",
     {("Esi", "school"): "med school", ("Yaw", "birthday"): "05-18"}, {"Kwabena", "Esi", "Yaw"}),
    ("lunch w leilani, kainoa n malia, kainoa moved to hilo and malia started at hawaiian airlines",
     {("Kainoa", "city"): "hilo", ("Malia", "employer"): "hawaiian airlines"}, {"Leilani", "Kainoa", "Malia"}),
    ("saw bogdan and irina yday, irina just started at ozon and bogdan moved to kazan",
     {("Irina", "employer"): "ozon", ("Bogdan", "city"): "kazan"}, {"Bogdan", "Irina"}),
])
def test_each_clause_of_a_group_message_goes_to_its_own_subject(text, expected, met):
    intent = log(text)
    assert expected.items() <= facts(intent).items()
    assert set(intent.interactions[0].people) == met


@pytest.mark.parametrize("text, parents, child, rel", [
    ("bumped into saoirse, her husband cian drives for dhl and their daughter aoibhe just started school",
     ("Saoirse", "Cian"), "Aoibhe", "daughter"),
    ("met ravi at the temple, his wife deepa teaches at a primary school and their son kabir turned 7",
     ("Ravi", "Deepa"), "Kabir", "son"),
])
def test_their_after_a_partner_in_the_clause_before_is_both_partners(text, parents, child, rel):
    got = rels(log(text))
    assert {(p, rel, child) for p in parents} <= got


@pytest.mark.parametrize("text, who, title, city", [
    ("mereana is a midwife in rotorua", "Mereana", "midwife", "rotorua"),
    ("my cousin farhan is an architect in karachi", "Farhan", "architect", "karachi"),
    ("dinner w ilse, she's a vet in utrecht", "Ilse", "vet", "utrecht"),
    ("kwame works as a chef in kumasi", "Kwame", "chef", "kumasi"),
])
def test_a_job_in_a_place_says_where_they_live(text, who, title, city):
    got = facts(log(text))
    assert got[(who, "title")] == title and got[(who, "city")] == city


@pytest.mark.parametrize("text", ["nomvula is a nurse in training", "pedro's a manager in sales"])
def test_in_after_a_job_is_not_always_a_place(text):
    assert not any(f.kind == "city" for f in log(text).facts)


@pytest.mark.parametrize("text, who, title, city", [
    ("min-jung runs a tiny bakery in busan", "Min-jung", "owner of a tiny bakery", "busan"),
    ("oyelaran owns a small farm outside ibadan", "Oyelaran", "owner of a small farm", None),
    ("marisol is opening a coffee roastery in medellin", "Marisol", "owner of a coffee roastery", "medellin"),
])
def test_a_business_someone_runs_is_their_work(text, who, title, city):
    got = facts(log(text))
    assert got[(who, "title")] == title and got.get((who, "city")) == city


@pytest.mark.parametrize("text, who, org", [
    ("jae-won left samsung ages ago, hes at naver now", "Jae-won", "naver"),
    ("tomoko quit her job at sony, she's with nintendo now", "Tomoko", "nintendo"),
    ("priyanka's at infosys now", "Priyanka", "infosys"),
    ("amara flies for kenya airways", "Amara", "kenya airways"),
])
def test_where_someone_works_now(text, who, org):
    assert facts(log(text))[(who, "employer")] == org


@pytest.mark.parametrize("text, who, move", [
    ("thandi got a job at absa in cape town, she moves there next month", "Thandi", "cape town (next month)"),
    ("chidi is moving to leeds in the spring", "Chidi", "leeds (in the spring)"),
    ("luca will move to turin", "Luca", "turin"),
])
def test_a_planned_move_is_not_yet_where_they_live(text, who, move):
    got = facts(log(text))
    assert got[(who, "moving_to")] == move and (who, "city") not in got


@pytest.mark.parametrize("text, who, school, subject", [
    ("gulnara is studying pharmacy at kings", "Gulnara", "kings", "pharmacy"),
    ("lwazi is doing his honours in psychology at wits", "Lwazi", "wits", "psychology (honours)"),
    ("fatou's in her final year at cheikh anta diop", "Fatou", "cheikh anta diop", None),
    ("olga's daughter masha is at uni in kazan", "Masha", "uni in kazan", None),
    ("tomasz studies medicine in krakow", "Tomasz", None, "medicine in krakow"),
])
def test_where_and_what_someone_studies(text, who, school, subject):
    got = facts(log(text))
    assert got.get((who, "school")) == school and got.get((who, "subject")) == subject


@pytest.mark.parametrize("text, who, town", [
    ("ikaika's from kona originally", "Ikaika", "kona"),
    ("esperanza is from oaxaca, lives in tijuana now", "Esperanza", "oaxaca"),
    ("keala grew up in maui", "Keala", "maui"),
])
def test_where_someone_is_from_is_its_own_kind(text, who, town):
    got = facts(log(text))
    assert got[(who, "hometown")] == town and got.get((who, "city")) != town


@pytest.mark.parametrize("question, kind", [
    ("where is tane from", "hometown"), ("where's she from again", "hometown"), ("where did tane grow up", "hometown"),
    ("what does tane study", "school"), ("where does tane go to uni", "school"), ("where's tane studying", "school"),
    ("where does tane live", None), ("when did i meet tane", None), ("who is from lagos", None),
])
def test_questions_that_ask_one_kind_by_its_words(question, kind):
    assert asked_kind(question) == kind


def test_where_from_is_asked_as_hometown_not_where_they_live():
    q = parse("where is tane from again?", ["Tane"])
    assert isinstance(q, QuestionIntent) and q.kind == "hometown" and (q.person or "").lower() == "tane"


@pytest.mark.parametrize("text, parents, child, rel", [
    ("zainab gave birth to a baby girl named noor", ("Zainab",), "Noor", "daughter"),
    ("katja and jens welcomed a baby boy, finn", ("Katja", "Jens"), "Finn", "son"),
])
def test_a_newborn_is_a_child(text, parents, child, rel):
    assert {(p, rel, child) for p in parents} <= rels(log(text))


async def test_corrections_set_right_with_the_old_value_kept(bot_no_vectors):
    b = bot_no_vectors
    await b.say("mirela works at ing")
    assert "not ing" in (await b.say("scratch that, mirela works at raiffeisen")).lower()
    assert "raiffeisen" in (await b.say("where does mirela work?")).lower()
    await b.say("met siobhan at the climbing wall")
    await b.say("sorry its spelled shivaun not siobhan")
    assert "shivaun" in (await b.say("/people")).lower()


async def test_where_from_and_where_they_live_answer_apart(bot_no_vectors):
    b = bot_no_vectors
    await b.say("lars lives in oslo")
    assert "oslo" not in (await b.say("where is lars from?")).lower()
    await b.say("he grew up in bergen")
    assert "bergen" in (await b.say("where is lars from?")).lower()
    assert "oslo" in (await b.say("where does lars live?")).lower()
    await b.say("lars is moving to tromsø next month")
    answer = (await b.say("where does lars live?")).lower()
    assert "oslo" in answer and "tromsø" in answer


def test_a_plural_kin_word_before_a_list_is_each_of_them():
    got = facts(log("catchup w my cousins nilufar and farrukh, nilufar works at a bank"))
    assert got[("Nilufar", "kin")] == "cousin" and got[("Farrukh", "kin")] == "cousin"
    assert ("Ama", "kin") not in facts(log("my cousin kofi and ama came by"))


@pytest.mark.parametrize("text, met", [
    ("sipho and lindiwe were over last night, lindiwe got a job at vodacom", {"Sipho", "Lindiwe"}),
    ("had siddharth, kavya and rohit over for dinner, kavya's bday is on the 22nd", {"Siddharth", "Kavya", "Rohit"}),
])
def test_people_over_at_the_owners_are_a_meeting(text, met):
    assert set(log(text).interactions[0].people) == met


def test_a_degree_without_a_subject_still_has_its_school():
    got = facts(log("went hiking w mariam & yousef, mariam grew up in amman and yousef's doing a phd at kaust"))
    assert got[("Yousef", "school")] == "kaust" and got[("Mariam", "hometown")] == "amman"


@pytest.mark.parametrize("text, who", [
    ("had merienda w tala and mika at a cafe in cebu", ["Tala", "Mika"]),
    ("grabbed pho with linh and bao", ["Linh", "Bao"]),
])
def test_what_was_had_with_people_is_no_person(text, who):
    assert log(text).interactions[0].people == who


@pytest.mark.parametrize("text, school", [
    ("kojo starts law school in accra next week", "law school in accra"),
    ("she's starting art school in the autumn", "art school"),
    ("she started uni at kings", "kings"),
])
def test_a_school_started(text, school):
    got = {(p.lower(), k): v for (p, k), v in facts(log(text, ["Kojo"], focus="Kojo")).items()}
    assert got[("kojo", "school")] == school


def test_their_boys_are_the_couples_sons():
    got = rels(log("wiremu's wife mereana is a teacher in hamilton and their boys tama and rawiri play rugby"))
    assert {("Wiremu", "son", "Tama"), ("Mereana", "son", "Rawiri")} <= got


def test_wheres_without_an_apostrophe_asks_where_from():
    assert asked_kind("wheres tupac from") == "hometown"
