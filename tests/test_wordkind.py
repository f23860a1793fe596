"""The one decider of what a word is (core/understand/wordkind.py), on sentences of its own:
verb forms from the dictionary and from regular morphology, pets and things by their slot,
places and companies by the tagger, and the three constructions the name finder used to get
wrong (an activity opening a message, a name before a present-tense verb, a host's home)."""

import pytest

from core.understand.names import find_people
from core.understand.wordkind import is_content_word, is_verb_form, kind_of


def names(text: str) -> list[str]:
    return [m.name for m in find_people(text, [])]


def kind(text: str, word: str) -> str:
    return kind_of(text, text.index(word))


@pytest.mark.parametrize("word", ["kayaked", "swam", "visiting", "chatted", "partied", "snorkelling", "went"])
def test_inflected_verbs_are_verbs(word: str) -> None:
    assert is_verb_form(word)


@pytest.mark.parametrize("word", ["maya", "oluwaseun", "rose", "will", "grace", "mohammed", "ted", "hike"])
def test_names_nouns_and_bare_verbs_are_not_verb_forms(word: str) -> None:
    assert not is_verb_form(word)


def test_content_words_leave_out_small_words_and_verb_forms() -> None:
    assert [w for w in "we hiked up to the glacier lake".split() if is_content_word(w)] == ["glacier", "lake"]


@pytest.mark.parametrize("text, word, expected", [
    ("Snorkelled with Tevita and Mele", "Snorkelled", "verb"),
    ("lunch w tevita", "tevita", "person"),
    ("our dog waffle ate my sock", "waffle", "pet"),
    ("her bakery called Crumbs opened", "Crumbs", "thing"),
    ("i will be late", "will", "verb"),
    ("grabbed drinks w will", "will", "person"),
    ("the weather was awful", "weather", "common"),
])
def test_kind_of_a_word_in_its_sentence(text: str, word: str, expected: str) -> None:
    assert kind(text, word) == expected


@pytest.mark.parametrize("text, people", [
    ("pho w thanh after work", ["Thanh"]),
    ("bjj with rafa tonight", ["Rafa"]),
    ("late brunch w ingrid and sol", ["Ingrid", "Sol"]),
    ("Empanadas with Lucia", ["Lucia"]),
])
def test_a_food_or_activity_opening_the_message_is_not_a_person(text: str, people: list[str]) -> None:
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("tomasz runs a bike shop now", ["Tomasz"]),
    ("adaeze teaches maths in leeds", ["Adaeze"]),
    ("Keoni works nights at the hospital", ["Keoni"]),
    ("nomvula does ceramics on sundays", ["Nomvula"]),
])
def test_a_name_opening_the_message_before_a_present_tense_verb(text: str, people: list[str]) -> None:
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("at funmi's w dayo", ["Funmi", "Dayo"]),
    ("dinner at kwabena's tonight", ["Kwabena"]),
    ("drinks at the dentist's office", []),
])
def test_at_someones_is_their_home(text: str, people: list[str]) -> None:
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("thanks tevita for the lift", ["Tevita"]),
    ("my name is oyelaran btw", ["Oyelaran"]),
    ("wanjiru's promotion party is on friday", ["Wanjiru"]),
])
def test_greetings_names_and_owners_no_dictionary_knows(text: str, people: list[str]) -> None:
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("pinged oyelaran re the trip", ["Oyelaran"]),
    ("ran into lan pham at the market", ["Lan Pham"]),
    ("msgd priyanka abt the wedding", ["Priyanka"]),
    ("whatsapped dobromir last nite", ["Dobromir"]),
    ("lunch at the ivy w ola", ["Ola"]),
    ("drinks w tariq n yasmin", ["Tariq", "Yasmin"]),
    ("had drinks w whetu and dado", ["Whetu", "Dado"]),
])
def test_a_name_no_dictionary_knows_in_a_persons_place_is_a_person(text: str, people: list[str]) -> None:
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("dinner w hubby tonight", []),
    ("lunch w the fam", []),
    ("met w hr about my contract", []),
    ("coffee w bae", []),
    ("drinks w tomasz tho", ["Tomasz"]),
    ("met w kwame asap", ["Kwame"]),
])
def test_texting_shorthand_is_an_ordinary_word_not_a_name(text: str, people: list[str]) -> None:
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("Movie night at jasmine's w Carlo & bea", ["Jasmine", "Carlo", "Bea"]),
    ("drinks at rosa's w kemal", ["Rosa", "Kemal"]),
    ("lunch at subway's w ana", ["Ana"]),
])
def test_at_x_s_is_a_hosts_home_when_x_reads_as_a_name(text: str, people: list[str]) -> None:
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("hye-jin kim got hired at coupang", ["Hye-jin Kim"]),
    ("futsal w wayan and ketut tonight, we lost lol", ["Wayan", "Ketut"]),
])
def test_lowercase_names_the_tagger_reads_as_something_else(text: str, people: list[str]) -> None:
    assert names(text) == people


@pytest.mark.parametrize("text, people", [
    ("our dog pretzel loves ana", ["Ana"]),
    ("fed waffle and walked him", []),
])
def test_a_lowercase_name_no_dictionary_knows_as_the_object_of_a_verb(text: str, people: list[str]) -> None:
    assert names(text) == people
