"""What a word is: a person, a place, an organisation, a pet, a thing, a verb or a common word.

The one decider the name finder, the statements and the questions consult, so a word is judged
by the same evidence wherever it stands. The evidence, strongest first:

1. Closed classes (`lexicon.NEVER_NAMES`: pronouns, articles, prepositions, auxiliaries,
   time words; kinship words; months and weekdays used as dates): a common word, never a name.
2. The slot the word stands in (`slots`): "a dog called Rex" names a pet, "her startup named
   Lumen" a thing; "will be there" is a modal verb; "met X", "with X", "X's bday", "X is my
   ..." are where people are named, and settle words that are also names (will, grace, mark).
3. The token tagger (`tagger`): person, location, group, corporation, product, work, in any
   case.
4. The dictionary (lemminflect's lemma tables: English words with their parts of speech, offline,
   about 1 MB, loaded on first use): a past tense, participle or -ing form of a verb ("kayaked",
   "brunched", "swam", "visiting") is a verb, not a name, unless a person's slot says otherwise
   ("met drew"). That one test replaces the list of past-tense verbs that grew one sentence at a
   time.

`kind_of` decides one word of a message; `is_verb_form`, `is_small_word` (nothing on its own:
"the", "got") and `is_content_word` (not even a verb: what a note adds beyond the meeting)
are the dictionary's part, for code that compares or counts words.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Literal

from core.text import fold
from core.understand import slots, tagger
from core.understand.lexicon import MONTHS, NEVER_NAMES, STOP, WEEKDAYS, WORDS_THAT_ARE_NAMES

logger = logging.getLogger(__name__)

Kind = Literal["person", "place", "organisation", "pet", "thing", "verb", "common"]

# the tagger's labels, as kinds
TAGGER_KINDS: dict[str, Kind] = {"person": "person", "location": "place", "group": "organisation",
                                 "corporation": "organisation", "product": "thing", "creative-work": "thing"}
# below this the slot's word is an ordinary word ("with friends")
SLOT_MIN = 0.02
# a capitalised word in a slot needs less: capitals are a hint when they are there
CAPITAL_SLOT_MIN = 0.002
# a word this likely to be a person's continues a name ("li wei") or beats another label
EXTEND_MIN = 0.15
_CJK = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,4}$")
_VERB_TAGS = ("VERB", "AUX")


@functools.lru_cache(maxsize=1)
def _lemmas_fn():  # type: ignore[no-untyped-def]
    from lemminflect import getAllLemmas

    return getAllLemmas


@functools.lru_cache(maxsize=1 << 14)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """The dictionary's readings of a lowercase word: part of speech -> lemmas ({} if unknown)."""
    try:
        return dict(_lemmas_fn()(word.lower()))
    except Exception:  # noqa: BLE001 - a dictionary failure must not stop understanding; the word is unknown
        logger.warning("the word dictionary failed on a word", exc_info=True)
        return {}


def warm_up() -> None:
    """Load the dictionary now (about half a second), not on the first message."""
    lemmas("went")


def is_verb_form(word: str) -> bool:
    """An inflected form of a verb and nothing else: "kayaked", "swam", "visiting", "brunched",
    not "rose" (also a flower), "will" (also a name and a noun) or "maya" (not a word)."""
    low = word.lower().replace("’", "'")
    readings = lemmas(low)
    if not readings:
        return _regular_form(low)
    verb = [lemma for tag in _VERB_TAGS for lemma in readings.get(tag, ())]
    if not verb or all(lemma == low for lemma in verb):
        return False
    return not any(low in readings.get(tag, ()) for tag in ("NOUN", "PROPN", "ADJ"))


def _regular_form(low: str) -> bool:
    """A word the dictionary lacks that is a regular -ed or -ing form of one it has, verbed
    "texted", "kayaking" (a verb the dictionary has, in a form it lacks)."""
    for suffix in ("ed", "ing"):
        if not low.endswith(suffix) or len(low) < len(suffix) + 3:
            continue
        stem = low[:-len(suffix)]
        stems = [stem, stem + "e"]
        if len(stem) > 3 and stem[-1] == stem[-2]:
            stems.append(stem[:-1])  # "chatted", "shopping"
        if suffix == "ed" and stem.endswith("i"):
            stems.append(stem[:-1] + "y")  # "partied"
        if any(len(s) >= 3 and any(t in lemmas(s) for t in _VERB_TAGS) for s in stems):
            return True
    return False


def is_word(word: str) -> bool:
    """An English word the dictionary knows (in any part of speech), or texting shorthand for
    one ("fam", "hubby", "msgd": `tagger.SHORTHAND`)."""
    low = word.lower()
    return bool(lemmas(low)) or low.replace("’", "'") in tagger.SHORTHAND




def unknown_word(word: str) -> bool:
    """A word no dictionary knows that could be a name: letters with a vowel, not shorthand
    ("oyelaran", "lan", "ngaire"; not "hr", "fam", "kayaked"). In a person's place such a word is
    a name whatever the tagger's confidence: the tagger has never seen most of the world's names."""
    low = word.lower()
    if "-" in low.strip("-"):  # "hye-jin", "min-jae": a name's parts need not be names on their own
        parts = low.split("-")
        return all(p.isalpha() for p in parts) and not is_word(low) and unknown_word(parts[0])
    return (len(low) >= 2 and low.isalpha() and bool(re.search("[aeiouy]", fold(low))) and not is_word(low)
            and low not in STOP and low not in NEVER_NAMES and not _regular_form(low))


# verbs so light that any form of them says nothing on its own ("got", "went", "made", "saw")
LIGHT_VERBS = {"be", "have", "do", "get", "go", "make", "take", "come", "give", "say", "tell", "see", "meet", "call",
               "text", "let", "put", "keep", "seem", "look"}


def is_small_word(word: str) -> bool:
    """A word that says nothing by itself: a small word (`lexicon.STOP`) or a form of a light verb."""
    low = word.lower()
    if len(low) < 2 or low in STOP:
        return True
    return is_verb_form(low) and any(lemma in LIGHT_VERBS for tag in _VERB_TAGS for lemma in lemmas(low).get(tag, ()))


def is_content_word(word: str) -> bool:
    """A word that says something beyond who and when: not a small word, not a verb form
    ("hiked", "grabbed" say what was done, which the meeting already records)."""
    low = word.lower()
    return len(low) > 1 and low not in STOP and not is_verb_form(low)


def _tagged_at(tagged: tuple[tagger.Word, ...], start: int) -> tagger.Word | None:
    return next((w for w in tagged if w.start == start), None)


def kind_of(text: str, start: int, tagged: tuple[tagger.Word, ...] | None = None,
            people: tuple[tuple[int, int], ...] = ()) -> Kind:
    """What the word of `text` that starts at `start` is. `people` are spans already known to be
    people (a word listed after one of them is in a person's place too)."""
    from core.understand.names import _is_name_word, _strip_possessive, fold

    tagged = tagged if tagged is not None else tagger.tag(text)
    w = _tagged_at(tagged, start)
    if w is None or not re.match(r"[^\W\d_]", w.text):
        return "common"
    base, poss = _strip_possessive(w.text)
    low = fold(base)
    end = start + len(base)
    if not _is_name_word(w.text):
        return "verb" if is_verb_form(low) else "common"
    if slots.names_a_thing(text, start):
        return "pet" if slots.names_a_pet(text, start) else "thing"
    if slots.modal_reading(text, start, end):
        return "verb"
    if slots.activity_opening(text, start, end):
        return "verb" if is_verb_form(low) else "common"  # "ramen w daichi": what was done, not who
    if slots.brought_slot(text, start) and w.person < slots.BROUGHT_MIN and not (base[:1].isupper() and start > 0):
        return "thing"  # "came by w samosas": what a visitor brought, not who
    if w.kind == "person":
        if (low in MONTHS or low in WEEKDAYS) and not (slots.person_slot(text, start, end)
                                                         and not slots.after_time_word(text, start)):
            return "common"  # "in june", "see you friday"
        if is_verb_form(low) and not slots.person_slot(text, start, end, people, weak=False):
            return "verb"  # "Kayaked with sam": the tagger leans on the capital, the dictionary knows better
        return "person"
    if w.kind is not None and poss and slots.owner_slot(text, end):
        return "person"  # "at Olu Adeyemi's place": only a person has a place
    if poss and not is_word(low) and slots.dated_possessive(text, end):
        return "person"  # "min-jun's = boxing day": a birthday, said of a person
    if poss and slots.host_slot(text, start, end) and w.kind not in ("corporation", "product") \
            and (not is_word(low) or w.person >= EXTEND_MIN or reads_as_name(low)):
        return "person"  # "at kemi's w tolu", "at jasmine's": the host (see `reads_as_name`)
    if poss and w.text[len(base):][:1] in "'’" and w.kind is None and not is_word(low) and w.person >= SLOT_MIN \
            and not slots.place_slot(text, start):
        return "person"  # "kapil's expression", "priya's promotion": an owner no dictionary knows
    other = TAGGER_KINDS.get(w.kind or "", "common")
    if _beats_a_weak_label(w, low, text, start, end) and not slots.place_slot(text, start):
        return "person"  # "lunch at nandos with kofi": the place before leads the tagger to another place
    if (w.kind is None or w.person >= EXTEND_MIN or _beats_a_weak_label(w, low, text, start, end)) \
            and _slot_says_person(text, w, base, people):
        return "person"
    if other != "common":
        return other
    return "verb" if is_verb_form(low) else "common"


# a dictionary word the tagger reads as a person this surely, put where only a person stands, is a name
NAME_READING_MIN = 0.5


@functools.lru_cache(maxsize=1024)
def reads_as_name(word: str) -> bool:
    """Does the tagger, shown `word` alone in a person's place ("had lunch with X"), read it as a
    person? "at X's" with no noun after it is X's home when X is a name ("movie night at jasmine's",
    "drinks at rosa's w kemal": the host, met there) and a venue when X is a word ("at subway's")
    or a company the tagger knows ("at tesco's"). In "at X's" the tagger sees a place either way,
    so the word is asked about on its own. A venue named after its founder ("at nando's") reads
    as a host: nothing in the words sets them apart."""
    low = word.lower()
    tagged = tagger.tag(f"had lunch with {low}")
    return len(tagged) == 4 and tagged[-1].person >= NAME_READING_MIN


def _beats_a_weak_label(w: tagger.Word, low: str, text: str, start: int, end: int) -> bool:
    """'lunch w tolu' (tagged a product): a word no dictionary knows, right after "with" or a verb of
    meeting, is a person whatever the tagger's second guess."""
    if w.kind == "group" and unknown_word(low) and slots.with_slot(text, start):
        return True  # "futsal w wayan and ketut": the tagger saw a band in two names joined by "and"
    return w.kind in ("product", "creative-work", "location") and not is_word(low) \
        and slots.strong_person_slot(text, start)


def _slot_says_person(text: str, w: tagger.Word, base: str, people: tuple[tuple[int, int], ...]) -> bool:
    from core.understand.names import _is_cap, fold

    end = w.start + len(base)
    if not slots.person_slot(text, w.start, end, people) or slots.place_slot(text, w.start):
        return False
    low = fold(base)
    if low in MONTHS and slots.after_time_word(text, w.start):
        return False
    if len(base) > 1 and base.isupper():
        return False  # "NASA", "BBC": an acronym in a slot is an organisation
    if low in WORDS_THAT_ARE_NAMES or _CJK.match(base):
        return True  # the slot settles it: "lunch with will"
    strong = slots.person_slot(text, w.start, end, people, weak=False)
    if strong and unknown_word(base):
        return True  # "pinged oyelaran", "ran into lan": a name no dictionary knows, in a person's place
    if is_verb_form(low) and not strong:
        return False  # "hiked then ...": a verb opening the message
    capital_run = _is_cap(base) and (w.start > 0 or bool(re.match(r" [A-Z][^\W\d_]+\b", text[w.end:])))
    floor = CAPITAL_SLOT_MIN if capital_run else SLOT_MIN
    if not capital_run and not strong:
        floor = max(floor, EXTEND_MIN)  # only "opens the message before a verb": the tagger must lean to a name
    return w.person >= floor


def never_a_name(text: str, start: int) -> bool:
    """The word of `text` at `start` is no one's name here: a closed-class word ("her", "today",
    "wife"), or a word of the dictionary that `kind_of` reads as a common word or a verb in its
    place ("who is pregnant", "what about lunch"). A word no dictionary knows stays a possible
    name even where the tagger is unsure ("what about xochitl")."""
    from core.understand.names import _is_name_word

    m = re.match(r"[^\W\d_][\w'’-]*", text[start:])
    if m is None:
        return True
    if kind_of(text, start) not in ("common", "verb"):
        return False
    word = m.group(0)
    return not _is_name_word(word) or is_word(re.sub(r"(?:['’]s|['’])$", "", word))
