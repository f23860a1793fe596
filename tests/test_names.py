"""The name finder on sentences of its own: people in any case and from many cultures; verbs,
venues, pets and companies never taken for people; known contacts in any case, "toms" for
Tom's, small typos. The real tagger runs (its weights are in the package)."""

import pytest

from core.understand import tagger
from core.understand.names import find_people


def names(text, known=None):
    return [m.name for m in find_people(text, known or [])]


@pytest.mark.parametrize("text, people", [
    ("had lunch w maya today", ["Maya"]),
    ("grabbed coffee with oluwaseun and priya", ["Oluwaseun", "Priya"]),
    ("caught up with Siobhan over drinks", ["Siobhan"]),
    ("texted kwame about the trip", ["Kwame"]),
    ("bumped into Ana de Souza at the market", ["Ana de Souza"]),
    ("talked to ngozi for an hour", ["Ngozi"]),
    ("dinner with Tom Berger and his wife Maria", ["Tom Berger", "Maria"]),
    ("jess and tom are moving to portland", ["Jess", "Tom"]),
    ("went hiking with mateus, aroha and li wei", ["Mateus", "Aroha", "Li Wei"]),
    ("xiaoming's wife just had a baby", ["Xiaoming"]),
    ("saw dmitri yesterday, he looks great", ["Dmitri"]),
    ("played chess with Rahul", ["Rahul"]),
])
def test_people_in_any_case_and_culture(text, people):
    assert names(text) == people
    assert names(text.lower()) == [p for p in people] or [n.lower() for n in names(text.lower())] == [
        p.lower() for p in people]


@pytest.mark.parametrize("text, people", [
    ("Kayaked with Sam Lee today", ["Sam Lee"]),
    ("coffee with Sam at the Savoy", ["Sam"]),
    ("she works at spotify now", []),
    ("our dog rex chewed my shoes", []),
    ("we adopted a kitten called Mochi", []),
    ("moved to lisbon last month", []),
    ("Went to the gym, then lunch", []),
])
def test_verbs_venues_pets_and_companies_are_not_people(text, people):
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("lunch with will on friday", ["Will"]),
    ("i will call you tomorrow", []),
    ("met grace at the climbing gym", ["Grace"]),
    ("called mark last night", ["Mark"]),
    ("in june we flew to osaka", []),
])
def test_the_slot_settles_words_that_are_also_names(text, people):
    assert names(text) == people


def test_family_words_and_titles():
    assert names("called mom this morning") == ["Mom"]
    assert names("Aunt May is visiting next week") == ["May"]


def test_known_people_in_any_case_without_apostrophe_and_with_a_typo():
    known = ["Tom Berger", "Priya Nair", "Zoë Adams", "Will Turner"]
    assert [m.known for m in find_people("toms bday is on the 3rd", known)] == [True]
    assert names("toms bday is on the 3rd", known) == ["tom"]
    assert names("had tea with ZOE", known) == ["ZOE"]
    assert names("saw priyah at the station", known) == ["Priya"]
    assert names("it will rain", known) == []
    assert names("drinks with will", known) == ["will"]
    assert [m.known for m in find_people("bumped into minjae yday", ["Min-jae Park"])] == [True]


def test_spans_are_character_offsets_into_the_text():
    text = "dinner w/ fatima and joão at the pier"
    spans = [(m.start, m.end, text[m.start:m.end]) for m in find_people(text)]
    assert [s[2].lower() for s in spans] == ["fatima", "joão"]


def test_tagger_labels_words_and_joins_spans():
    words = tagger.tag("Had lunch with Maya Patel at Google in London")
    kinds = {w.text: w.kind for w in words}
    assert kinds["Maya"] == "person" and kinds["with"] is None
    spans = {(e.kind, "x") for e in tagger.entities(list(words))}
    assert ("person", "x") in spans
    assert tagger.tag("Had lunch with Maya Patel") == tagger.tag("Had lunch with Maya Patel")


# Names from many cultures, typed in lowercase, in the places texting mentions people.
@pytest.mark.parametrize("text, people", [
    # Yoruba / Igbo
    ("met adebayo at the market today", ["Adebayo"]),
    ("had coffee w oluwadamilare and funmilayo", ["Oluwadamilare", "Funmilayo"]),
    ("texted chukwuemeka about the game", ["Chukwuemeka"]),
    # Vietnamese
    ("called nguyen van minh last night", ["Nguyen Van Minh"]),
    # Polish
    ("caught up with wojciech over beers", ["Wojciech"]),
    ("grabbed dinner with malgorzata and piotr", ["Malgorzata", "Piotr"]),
    ("zuzanna's bday is next week", ["Zuzanna"]),
    # Quechua
    ("hung out w kusi and yupanqui", ["Kusi", "Yupanqui"]),
    ("met illari at the gym", ["Illari"]),
    # Maori
    ("chatted with wiremu for ages", ["Wiremu"]),
    ("tui and hemi came over", ["Tui", "Hemi"]),
    # Gujarati
    ("talked to harshad about the wedding", ["Harshad"]),
    ("dinner w dhruvi, she just got engaged", ["Dhruvi"]),
    ("jigneshs bday is in june", ["Jignesh"]),
    # Korean
    ("met ji-hoon at the climbing wall", ["Ji-hoon"]),
    ("texted hye-jin and min-jun", ["Hye-jin", "Min-jun"]),
    # Arabic
    ("had tea w abdulrahman", ["Abdulrahman"]),
    ("saw fatima and her brother yousef", ["Fatima", "Yousef"]),
    ("called khadija, she moved to dubai", ["Khadija"]),
])
def test_lowercase_names_from_many_cultures(text, people):
    assert [n.lower() for n in names(text)] == [p.lower() for p in people]


@pytest.mark.parametrize("text, people", [
    ("her husband will is retiring in may", ["Will"]),
    ("her husband will be there", []),
    ("his daughter may turned 5", ["May"]),
    ("we may go to the lake", []),
    ("Bongani and his newborn Thabo came over", ["Bongani", "Thabo"]),
    ("toms bday is tmrw", ["Tom"]),
    ("james bday is tmrw", ["James"]),
])
def test_modals_kinship_nouns_and_possessives_without_apostrophe(text, people):
    assert names(text) == people
