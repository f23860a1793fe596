"""The rule understander, one construction at a time, with sentences of our own."""

from datetime import datetime

import pytest

from core.intents import ChatIntent, LogIntent, QuestionIntent
from core.understand.rules import Context, understand

NOW = datetime.fromisoformat("2026-05-06T12:00:00+02:00")  # a Wednesday


def log(text: str, known: list[str] | None = None, focus: str | None = None) -> LogIntent:
    intent = understand(text, Context(now=NOW, known=known or [], focus=focus))
    assert isinstance(intent, LogIntent), intent
    return intent


def facts(intent: LogIntent) -> dict[tuple[str, str], str]:
    return {(f.person, f.kind): f.value for f in intent.facts}


@pytest.mark.parametrize("text, person, value", [
    ("Grace Kim's birthday is March 14.", "Grace Kim", "03-14"),
    ("diego's bday is 12th of Oct", "Diego", "10-12"),
    ("Lars Eriksen was born 1991-07-22", "Lars Eriksen", "1991-07-22"),
    ("Ravi Menon's bday: 9/27", "Ravi Menon", "09-27"),
    ("Chloe Martin - her birthday's on Dec 8th", "Chloe Martin", "12-08"),
    ("Mei Lin was born on the 5th of August 1988.", "Mei Lin", "1988-08-05"),
    ("Fatima Zahra turns 40 next Friday!", "Fatima Zahra", "1986-05-08"),
    ("Zara turned 30 yesterday", "Zara", "1996-05-05"),
    ("Hannah's birthday is tomorrow", "Hannah", "05-07"),
    ("Leila was born on February 29, 1996.", "Leila", "1996-02-29"),
    ("Kim's birthday is the 3rd of March", "Kim", "03-03"),
])
def test_birthday_forms(text, person, value):
    assert facts(log(text))[(person, "birthday")] == value


def test_birthday_in_passing_uses_age_and_today():
    intent = log("Lunch with Yusuf Demir at Çiya in Kadıköy, it was his 35th birthday today!")
    assert facts(intent)[("Yusuf Demir", "birthday")] == "1991-05-06"
    assert intent.interactions[0].place == "Çiya in Kadıköy"


@pytest.mark.parametrize("text, day", [
    ("Yesterday I had lunch with Omar Haddad at Sahadi's.", "2026-05-05"),
    ("Dinner with Jonas Weber last night", "2026-05-05"),
    ("Saw Leo last Tuesday at the park", "2026-05-05"),
    ("Coffee with Mira on Monday", "2026-05-04"),
    ("Met Ana today", "2026-05-06"),
    ("Grabbed drinks with marco 3 days ago", "2026-05-03"),
])
def test_interaction_dates_are_resolved_in_the_past(text, day):
    assert log(text).interactions[0].on.isoformat() == day


def test_several_people_and_pronouns():
    intent = log("Coffee with Freya and Mikkel this morning. Freya is pregnant with twins and Mikkel just bought "
                 "a sailboat.")
    assert intent.interactions[0].people == ["Freya", "Mikkel"]
    notes = {n.person: n.text for n in intent.notes}
    assert "sailboat" in notes["Mikkel"] and "twins" in notes["Freya"]


def test_pronoun_refers_to_person_just_named():
    intent = log("Met Sam Whitaker at the surf shop in Venice, he just got engaged to Priya.")
    assert [(r.person, r.relation, r.relative) for r in intent.relations] == [("Sam Whitaker", "fiancé", "Priya")]
    assert intent.interactions[0].place == "the surf shop in Venice"


def test_pronoun_across_messages_uses_focus():
    intent = log("she just adopted a beagle", known=["Kavya Iyer"], focus="Kavya Iyer")
    assert intent.notes[0].person == "Kavya Iyer"


@pytest.mark.parametrize("text, expected", [
    ("His wife Maria is a cardiologist.", [("Tomás", "wife", "Maria")]),
    ("Her kids Leo and Mia are in the chess club.", [("Tomás", "kid", "Leo"), ("Tomás", "kid", "Mia")]),
    ("Tom Nakamura's brother Dan just opened a ramen shop.", [("Tom Nakamura", "brother", "Dan")]),
    ("Emily's husband is called Jack", [("Emily", "husband", "Jack")]),
])
def test_family(text, expected):
    intent = log(text, known=["Tomás"], focus="Tomás")
    assert [(r.person, r.relation, r.relative) for r in intent.relations] == expected


def test_host_of_a_place_is_a_person_and_their_child_belongs_to_both():
    intent = log("Dinner at Olu Adeyemi's place, met his wife Chioma and their son Tobi")
    assert "Olu Adeyemi" in intent.people
    assert [(r.person, r.relation, r.relative) for r in intent.relations] == [
        ("Olu Adeyemi", "wife", "Chioma"), ("Olu Adeyemi", "son", "Tobi"), ("Chioma", "son", "Tobi")]


def test_sentence_initial_verb_is_not_a_name_and_staying_over_is_a_meeting():
    intent = log("Stayed over at Kemi's flat last night")
    assert intent.people == ["Kemi"]
    assert intent.interactions[0].people == ["Kemi"] and str(intent.interactions[0].on) == "2026-05-05"


@pytest.mark.parametrize("text, expected", [
    ("Nadia and Karim have twin boys, Adam and Rayan", [("Nadia", "son", "Adam"), ("Karim", "son", "Adam"),
                                                          ("Nadia", "son", "Rayan"), ("Karim", "son", "Rayan")]),
    ("Lena has a daughter named Ava", [("Lena", "daughter", "Ava")]),
    ("He has two kids: Max and Ida", [("Tomás", "kid", "Max"), ("Tomás", "kid", "Ida")]),
])
def test_has_children(text, expected):
    intent = log(text, known=["Tomás"], focus="Tomás")
    assert [(r.person, r.relation, r.relative) for r in intent.relations] == expected


@pytest.mark.parametrize("text, people", [
    ("remind me to call Grandma Rose every week", ["Rose"]),
    ("Had lunch with Uncle Joe and Aunt May", ["Joe", "May"]),
    ("Met Jun Park at a conference", ["Jun Park"]),
    ("April Jones is a nurse", ["April Jones"]),
    ("In March Sam moved to Berlin", ["Sam"]),
    ("Called Grandma today", ["Grandma"]),
])
def test_titles_and_month_first_names(text, people):
    assert log(text).people == people


@pytest.mark.parametrize("text, person, city", [
    ("Ahmed's in Dubai now", "Ahmed", "Dubai"),
    ("Lucy moved from Leeds to Bristol last year", "Lucy", "Bristol"),
    ("Mia is back in New York for good", "Mia", "New York"),
    ("Omar is living in Oslo these days", "Omar", "Oslo"),
])
def test_where_someone_lives_now(text, person, city):
    assert facts(log(text))[(person, "city")] == city


def test_a_trip_is_not_a_move():
    assert not log("Tom is in Paris for a conference").facts


def test_title_after_employer():
    intent = log("Jun Park works for Samsung as an engineer")
    assert facts(intent)[("Jun Park", "employer")] == "Samsung"
    assert facts(intent)[("Jun Park", "title")] == "engineer"


def test_birth_date_does_not_date_the_meeting():
    intent = log("Facetimed with my cousin Bea Ortiz, her daughter Sol was born last week!")
    assert str(intent.interactions[0].on) == "2026-05-06"
    assert facts(intent)[("Sol", "birthday")] == "04-29"


def test_relative_becomes_subject_of_the_rest_of_the_clause():
    intent = log("His wife Maria is a cardiologist.", known=["Tomás"], focus="Tomás")
    assert facts(intent)[("Maria", "title")] == "cardiologist"


@pytest.mark.parametrize("text, kind, value", [
    ("Rafael Costa lives in Austin.", "city", "Austin"),
    ("Rafael moved to Denver last week.", "city", "Denver"),
    ("Ines just relocated to Lyon for work.", "city", "Lyon"),
    ("Priya is now based in Toronto", "city", "Toronto"),
    ("Elif Yilmaz works at Spotify in Stockholm.", "employer", "Spotify"),
    ("Ben got a new job at Google", "employer", "Google"),
    ("Kenji just joined Nintendo", "employer", "Nintendo"),
    ("Olu is a product manager at Monzo.", "title", "product manager"),
    ("Ingrid Solberg works as a pediatric nurse.", "title", "pediatric nurse"),
])
def test_home_and_work(text, kind, value):
    (f,) = [f for f in log(text).facts if f.kind == kind]
    assert f.value == value


def test_future_move_is_news_not_home():
    intent = log("Sam Okafor is moving to Lagos in June.")
    assert not [f for f in intent.facts if f.kind == "city"]
    assert "Lagos" in intent.notes[0].text


def test_correction_is_flagged_and_old_value_ignored():
    intent = log("Actually Nikolai's birthday is March 4, not the 3rd.")
    (f,) = intent.facts
    assert (f.value, f.correction) == ("03-04", True)
    (f,) = log("Sorry, I got that wrong: Elif works at Shopify, not Spotify.").facts
    assert (f.value, f.correction) == ("Shopify", True)


@pytest.mark.parametrize("text, days", [
    ("Remind me to check in with Chiara every 2 weeks.", 14),
    ("remind me to keep in touch with Marcus Hill every month", 30),
    ("Remind me to call Mom weekly", 7),
])
def test_keep_in_touch(text, days):
    (r,) = log(text).reminders
    assert r.every_days == days


@pytest.mark.parametrize("text, name", [
    ("Met Zoë Laurent at the jazz bar", "Zoë Laurent"),
    ("met Łukasz Wiśniewski at the hackerspace", "Łukasz Wiśniewski"),
    ("My friend 张伟 just opened a dumpling restaurant", "张伟"),
    ("lunch with omar today", "Omar"),
    ("Met José María Alonso at the flamenco show", "José María Alonso"),
])
def test_unicode_and_lowercase_names(text, name):
    assert name in log(text).people


def test_known_contact_matched_without_accents_or_case():
    assert log("ran into zoe at the market", known=["Zoë Laurent"]).interactions[0].people == ["zoe"]


def test_places_are_not_people():
    intent = log("Had coffee with Tunde Bakare at Monmouth in Borough Market.")
    assert intent.people == ["Tunde Bakare"]


@pytest.mark.parametrize("text, kind, person, relation", [
    ("What's new with Sam?", "whats_new", "Sam", None),
    ("any news on marco?", "whats_new", "Marco", None),
    ("When is Priya's birthday?", "birthday", "Priya", None),
    ("where does Sam live?", "lives", "Sam", None),
    ("Who is Tom's wife?", "relation", "Tom", "wife"),
    ("What are Ana's kids called?", "relation", "Ana", "kid"),
    ("When did I last see Omar?", "last_seen", "Omar", None),
    ("Where did I last see Omar?", "where_last_seen", "Omar", None),
    ("What does Tomás's wife do?", "work", "Tomás", "wife"),
    ("Who is Mia?", "who_is", "Mia", None),
    ("Who is Emily married to?", "relation", "Emily", "spouse"),
])
def test_questions_about_a_person(text, kind, person, relation):
    q = understand(text, Context(now=NOW, known=["Sam Lee", "Marco", "Priya", "Tom", "Ana", "Omar", "Tomás", "Mia", "Emily"]))
    assert isinstance(q, QuestionIntent)
    assert (q.kind, q.person.lower() if q.person else None, q.relation) == (kind, person.lower(), relation)


@pytest.mark.parametrize("text, kind", [
    ("who do I know that plays tennis?", "search"),
    ("Anyone I know into board games?", "search"),
    ("whose birthday is coming up?", "upcoming_birthdays"),
    ("Any birthdays in the next month?", "upcoming_birthdays"),
    ("Who do I know in Lyon?", "who_in_city"),
])
def test_open_questions(text, kind):
    q = understand(text, Context(now=NOW))
    assert isinstance(q, QuestionIntent) and q.kind == kind and q.person is None


@pytest.mark.parametrize("text, kind", [(" ", "empty"), ("🎉🎉", "empty"), ("hi!", "greeting"), ("thanks", "thanks")])
def test_chat(text, kind):
    intent = understand(text, Context(now=NOW))
    assert isinstance(intent, ChatIntent) and intent.kind == kind


@pytest.mark.parametrize("text, days", [
    ("any birthdays in the next two weeks?", 14),
    ("whose birthday is coming up in the next 10 days?", 10),
    ("birthdays this week?", 7),
    ("whose birthday is coming up?", 30),
    ("any bdays in the next couple of months?", 60),
])
def test_upcoming_birthday_window(text, days):
    intent = understand(text, Context(now=NOW, known=[], focus=None))
    assert isinstance(intent, QuestionIntent) and intent.kind == "upcoming_birthdays" and intent.days == days


@pytest.mark.parametrize("text, person, days", [
    ("ping me if I haven't talked to Carmen in a month", "Carmen", 30),
    ("nudge me if I don't see Omar for 3 weeks", "Omar", 21),
])
def test_keep_in_touch_said_as_a_lapse(text, person, days):
    intent = log(text, known=["Carmen", "Omar"])
    assert [(r.person, r.every_days) for r in intent.reminders] == [(person, days)]
    assert not intent.interactions


@pytest.mark.parametrize("text, expected", [
    ("Linh Tran just had a baby girl, named her Mai", [("Linh Tran", "daughter", "Mai")]),
    ("Jo and Ben welcomed a baby boy called Theo", [("Jo", "son", "Theo"), ("Ben", "son", "Theo")]),
])
def test_a_new_baby(text, expected):
    intent = log(text)
    assert [(r.person, r.relation, r.relative) for r in intent.relations] == expected
    assert not intent.interactions  # "called Theo" is a name, not a phone call


def test_a_pet_or_a_company_named_x_is_not_a_person():
    assert log("Ana got a dog called Rex").people == ["Ana"]
    assert log("Priya launched her startup named Lumen").people == ["Priya"]


def test_work_place_city_after_title_and_employer():
    intent = log("Met Aarav at the hackathon, he's a data scientist at Swiggy in Bangalore")
    assert facts(intent)[("Aarav", "employer")] == "Swiggy" and facts(intent)[("Aarav", "city")] == "Bangalore"


def test_a_bare_date_correction_is_a_correction_of_the_focus_person():
    intent = log("oops, it's actually the 18th of August", known=["Omar"], focus="Omar")
    (c,) = intent.corrections  # the engine decides: the birthday or the meeting just told
    assert (c.person, c.month, c.day) == ("Omar", 8, 18)
    (c,) = log("wait no its the 22nd", known=["Omar"], focus="Omar").corrections
    assert (c.person, c.month, c.day) == ("Omar", None, 22)
    chat = understand("it was the 18th of August", Context(now=NOW, known=["Omar"], focus="Omar"))
    assert not isinstance(chat, LogIntent) or not (chat.facts or chat.corrections)  # without "actually/oops", no guess


@pytest.mark.parametrize("text, kind", [
    ("remind me what's going on with Farah", "whats_new"),
    ("upcoming bdays", "upcoming_birthdays"),
    ("birthdays this month", "upcoming_birthdays"),
])
def test_questions_without_a_question_word(text, kind):
    intent = understand(text, Context(now=NOW, known=["Farah Ali"], focus=None))
    assert isinstance(intent, QuestionIntent) and intent.kind == kind, intent


@pytest.mark.parametrize("text, people", [
    ("talked to dad on the phone, he's retiring in september", ["Dad"]),
    ("lunch with jess and her husband mike", ["Jess", "Mike"]),
    ("tyler got a new job at netflix", ["Tyler"]),
    ("work got crazy this week", []),
    ("the dog got a new toy", []),
])
def test_lowercase_texting(text, people):
    intent = understand(text, Context(now=NOW, known=[], focus=None))
    assert (intent.people if isinstance(intent, LogIntent) else []) == people


def test_lowercase_question_words_and_family():
    intent = understand("whos jess married to", Context(now=NOW, known=["Jess"], focus=None))
    assert isinstance(intent, QuestionIntent) and intent.person.lower() == "jess" and intent.relation == "spouse"
    intent = understand("whats new with dad", Context(now=NOW, known=["Dad"], focus=None))
    assert isinstance(intent, QuestionIntent) and intent.kind == "whats_new" and intent.person == "Dad"


def test_a_job_change_said_as_being_at_the_new_place():
    intent = log("Greg left Deloitte, he's at PwC now")
    assert facts(intent)[("Greg", "employer")] == "PwC"
    assert not log("Greg is at the gym now").facts  # a whereabouts, not a job


def test_an_ordinal_birthday_without_the_word():
    intent = log("It's Becca's 30th on the 14th of March")  # now: May 6 2026, so next March
    assert facts(intent)[("Becca", "birthday")] == "1997-03-14"
    assert ("Becca", "birthday") not in facts(log("Becca's on the 14th of March"))


def test_doing_something_with_people_is_a_meeting():
    intent = log("Sipped wine with Élodie and Renée at Le Comptoir")
    assert intent.people == ["Élodie", "Renée"]
    assert intent.interactions[0].people == ["Élodie", "Renée"] and intent.interactions[0].place == "Le Comptoir"


def test_a_subjectless_sentence_is_about_the_person_before():
    intent = log("Met Pieter at a wedding in Utrecht. Really nice guy, works in renewable energy.")
    assert any(n.person == "Pieter" and "energy" in n.text for n in intent.notes)
    other = log("Met Pieter at a wedding. I was exhausted afterwards.")
    assert not any("exhausted" in n.text for n in other.notes if n.person == "Pieter")
