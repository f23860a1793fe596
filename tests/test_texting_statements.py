"""Statements the way people text them: texting spellings of relative days, a month then an
ordinal, a second person sharing a known first name, a partner's baby, an activity shared
"w" people, the name of a thing just told, spellings corrected, and calls and texts kept apart
from meetings. Sentences and names of our own."""

from datetime import date

from core.understand.dates import find_day, find_month_day
from tests.test_statements import NOW, facts, log, rels

TODAY = NOW.date()  # Wednesday, May 6 2026


def test_texting_spellings_of_yesterday_and_tomorrow_date_their_clause():
    assert find_day("yday i had pho w Lan", TODAY)[0] == date(2026, 5, 5)
    assert find_day("tmrw is the big day", TODAY)[0] == date(2026, 5, 7)
    meet = log("yday had suya w Tunde Bakare in Yaba", known=["Tunde Bakare"]).interactions[0]
    assert meet.on == date(2026, 5, 5)


def test_tmrw_is_a_day_not_a_person_and_dates_the_birthday():
    intent = log("tmrw is Mereana's bday!!")
    assert intent.people == ["Mereana"]
    assert facts(intent)[("Mereana", "birthday")] == "05-07"


def test_a_month_then_a_bare_ordinal_is_one_day():
    md = find_month_day("birthday is in feb, the 2nd")
    assert (md.month, md.day) == (2, 2)
    assert find_month_day("in march, 3 of us went hiking") is None


def test_a_known_first_name_with_another_surname_is_someone_new():
    intent = log("minh pham lives in da lat", known=["Minh Nguyen"])
    assert facts(intent) == {("Minh Pham", "city"): "da lat"}
    assert log("minh nguyen lives in hanoi", known=["Minh Nguyen"]).people[0] == "minh nguyen"  # the known one
    assert log("Kofi himself is a nurse", known=["Kofi Mensah"]).people == ["Kofi"]  # a pronoun is no surname


def test_a_partners_baby_is_the_child_of_both():
    intent = log("brunch w Rangi Parata, his wife Aroha just had a baby boy named Nikau")
    assert {("Rangi Parata", "wife", "Aroha"), ("Aroha", "son", "Nikau"), ("Rangi Parata", "son", "Nikau")} <= rels(intent)


def test_an_activity_with_people_is_a_meeting_and_the_host_was_there():
    meet = log("board games at Dorota's place w Piotr").interactions[0]
    assert meet.people == ["Dorota", "Piotr"]
    assert log("karaoke w Ngozi and Chidi last night").interactions[0].people == ["Ngozi", "Chidi"]
    assert not log("so annoyed w Tomasz tbh").interactions  # a feeling, not time together
    assert not log("Efrat is obsessed w pottery lately").interactions


def test_the_name_of_a_thing_just_told_stays_with_its_owner():
    intent = log("Halima's salon finally opened 💇 its called nuru beauty", known=["Halima"])
    assert any(n.person == "Halima" and "nuru beauty" in n.text for n in intent.notes)


def test_a_call_and_a_text_are_not_meetings():
    assert log("called Hina Desai yesterday").interactions[0].kind == "call"
    assert log("Ifeoma Eze texted me about the wedding").interactions[0].kind == "text"
    assert log("met Ifeoma Eze for coffee").interactions[0].kind == "met"


def test_a_respelled_name_is_read_before_the_name_finder():
    intent = log("oops its Wiremu not Wiremo", known=["Wiremo Tane"])
    (c,) = intent.corrections
    assert (c.person, c.old, c.new) == ("Wiremo Tane", "Wiremo", "Wiremu")
    (c,) = log("sorry its kowalski not kowalsky", known=["Agnieszka Kowalsky"]).corrections
    assert (c.old, c.new) == ("kowalsky", "Kowalski")


async def test_calls_texts_and_respelled_surnames_in_answers(bot_no_vectors):
    b = bot_no_vectors
    await b.say("called Hina Desai yesterday")
    assert "talked" in await b.say("when did i last talk to hina")
    await b.say("lunch w Agnieszka Kowalsky at a milk bar")
    await b.say("sorry its kowalski not kowalsky")
    people = await b.say("/people")
    assert "Agnieszka Kowalski" in people and "Kowalsky" not in people
    await b.say("Yash Mehta is from Surat, he studies at Nirma and has a dog named Sheru")
    profile = (await b.say("/person yash")).lower()
    assert "surat" in profile and "nirma" in profile and "sheru" in profile


def test_the_owners_own_pet_is_not_a_person():
    from core.intents import LogIntent
    from core.understand.rules import Context, understand

    for text in ("took Mochi to the groomer again 😩 (my dog)", "Pipa is our kitten, so tiny"):
        intent = understand(text, Context(now=NOW))
        assert not isinstance(intent, LogIntent) or not intent.people, text
    assert log("walked Bolt w Tavita this morning (my dog)").interactions[0].people == ["Tavita"]


def test_a_relative_named_with_the_subject_shares_the_news():
    intent = log("wiremu and his wife aroha moved to tauranga")
    assert facts(intent)[("Wiremu", "city")] == facts(intent)[("Aroha", "city")] == "tauranga"
    assert ("Wiremu", "wife", "Aroha") in rels(intent)
    future = log("ngaio and her partner rangi are moving to nelson in june")
    assert {n.person for n in future.notes} == {"Ngaio", "Rangi"}
    alone = log("ngaio and tama went to the beach, her partner rangi stayed home")
    assert "Rangi" not in {n.person for n in alone.notes if "beach" in n.text}


def test_a_call_w_someone_and_w_my_relative_is_logged_as_a_call():
    for text in ("long call w my cousin farida tonight", "quick call w/ farida", "call w farida"):
        (meet,) = log(text).interactions
        assert meet.people == ["Farida"] and meet.kind == "call", text
    assert not log("so annoyed w my brother idris").interactions  # a feeling, not time together


def test_bro_and_sis_are_kinship_words():
    assert ("Wanjiku", "brother", "Kamande") in rels(log("saw wanjiku, her lil bro kamande just got into med school"))
    assert ("Brooke", "sister", "Tayla") in rels(log("brooke's sis tayla is visiting"))


def test_a_message_in_capitals_names_the_person_not_the_first_capitalised_words():
    out = log("TEMITOPE FINALLY GOT HER VISA")
    assert out.people == ["Temitope"]
    assert out.notes and out.notes[0].person == "Temitope"


def test_the_place_of_a_meeting_stops_at_its_day_and_a_person_may_follow_it():
    meet = log("bumped into Minjae at hongdae station yday lol").interactions[0]
    assert (meet.place, meet.on) == ("hongdae station", date(2026, 5, 5))
    meet = log("had lunch at nandos with kofi").interactions[0]  # the place before misleads the tagger
    assert (meet.people, meet.place) == (["Kofi"], "nandos")
    assert log("lunch at the new thai place on tuesday w wanjiru").interactions[0].people == ["Wanjiru"]


async def test_the_last_meeting_with_a_hyphenated_name_written_either_way(bot_no_vectors):
    b = bot_no_vectors
    await b.say("coffee w min-jae park this morning", "2026-05-04T10:00:00+09:00")
    await b.say("bumped into minjae at hongdae station yday", "2026-05-20T21:00:00+09:00")
    assert "(1)" in await b.say("/people")  # one person, not Min-jae and Minjae
    answer = await b.say("last time i saw min-jae?", "2026-05-22T12:00:00+09:00")
    assert "May 19" in answer and "hongdae station" in answer and "May 4" not in answer


def test_a_habit_and_a_birthday_date_no_note():
    [note] = log("leila plays football every sunday").notes
    assert note.on == TODAY  # every sunday is no one sunday
    notes = log("Meera's bday is sept 17, she has a beagle named waffle").notes
    assert all(n.on == TODAY for n in notes)  # the birthday is no day the beagle note describes
    assert log("met ana last sunday").interactions[0].on == date(2026, 5, 3)
