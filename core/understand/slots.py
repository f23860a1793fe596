"""The slot a word stands in: is this the place where a person, a place or a thing is named?

People are mentioned in a few kinds of places, whatever the words themselves are: after a verb
of meeting or contacting ("met X", "texted X", "ran into X"), after "with" ("lunch w X"),
in a list of people ("X and Y"), before a possessed relation or event ("X's bday", "toms
wife"), as the subject of "X is my ..." and after a kinship noun ("her husband X", "my
friend X"). Places follow place prepositions ("at X", "moved to X"), except where a verb makes
the preposition personal ("talked to X", "heard from X"). Pets and things are named after
their kind ("a dog called Rex", "our cat luna", "her startup named Lumen"). The few words
that open a message right before "with X" or "at X's" say what was done ("pho w linh", "bjj
with marco"), not who; "at X's" with no noun after it is X's home ("at kemi's w tolu").

The rule for "at X's" (`host_slot`, decided in `wordkind.kind_of`): with a home noun after it
("at X's place") X is a person. With none, X is the host, a person met there, when X reads as a
name: a word no dictionary knows, or a dictionary word the tagger reads as a person when shown
it alone in a person's place ("at jasmine's", `wordkind.reads_as_name`); a later "his/her" makes
X a host too (`hosts`). Otherwise, or when the tagger calls X a company, "X's" is a venue: the
place of the meeting ("at subway's w ana"), and nobody new. A venue named after its founder
("at nando's") reads as a host: nothing in the words sets the two apart.

A word no dictionary knows ("oyelaran", "lan", "whetu") in a person's place is a person whatever
the tagger's confidence (`wordkind.unknown_word`); texting shorthand ("fam", "hubby", "msgd")
is read as the word it stands for (`tagger.SHORTHAND`), so it is neither a name nor hides a verb.

Each test looks only at the few words around the span; none names a particular sentence.
"""

from __future__ import annotations

import re

from core.understand.kinds import PET_WORDS, REL_WORDS
from core.understand.lexicon import (
    MEET_VERBS,
    NEVER_NAMES,
    PERSONAL_PREPOSITION_VERBS,
    PLACE_PREPOSITIONS,
    POSSESSED,
    THING_KINDS,
    TIME_PREPOSITIONS,
)
from core.understand.tagger import SHORTHAND

_LIST_GAP = re.compile(r"(?:'s|’s)?\s*(?:,|,?\s*(?:and|n\s)|&|\+|/)\s*", re.I)
_WORDS = re.compile(r"[\w'’/&]+")
_KIN_BEFORE = re.compile(
    rf"\b(?:my|his|her|their|our|your|[\w]+'s|[\w]+s)\s+(?:new\s+|little\s+|older\s+|younger\s+|baby\s+|"
    rf"big\s+|best\s+|old\s+|twin\s+)?(?:{REL_WORDS}|friend|mate|buddy|pal|neighbou?r|colleague|"
    rf"boss|classmate|roommate)\s+(?:(?:is\s+)?(?:named|called)\s+)?$", re.I)
_SUBJECT_OF = re.compile(
    r"\s*(?:,\s*)?(?:is|was|'s|’s)\s+(?:my|our|a|an|his|her|their)\s+|"
    r"\s+(?:just|finally|recently)\s+[a-z]+ed\b|"
    r"\s+(?:just\s+|finally\s+|recently\s+)?(?:got|moved|moves|lives|works|started|quit|left|joined|turned|"
    r"turns|retired|said|says|told|texted|called|is\s+(?:moving|pregnant|getting|engaged|married|expecting|"
    r"retiring|starting|visiting|coming|back)|had\s+a\s+baby|has\s+a\s+new)\b", re.I)
# the word after a sentence's first name: an auxiliary, an adverb of news, a past or present verb
_VERB_NEXT = re.compile(
    r"(?:\s+[A-Z][\w'’-]*)*\s+(?:just|finally|recently|also|is|was|has|had|will|got|and\s+i|&\s+i|"
    r"[a-z]+ed|[a-z]{3,}[^s\W]s)\b")
# modal verbs that are also first names: "her husband will be there" vs "her husband will is retiring"
MODALS = {"will", "may", "might", "can", "must", "shall"}
# after a name the next word is a finite verb, a list or the end; after a modal it is a bare verb or an adverb
_FINITE_NEXT = re.compile(
    r"\s*(?:$|[,.;:!?()&+/-]|(?:'s|’s)\b|(?:is|was|has|had|does|did|got|and|or|says?|said)\b|"
    r"(?!\w*(?:ways|haps|times)\b)[a-z]+(?:ed|[^s\W]s)\b)", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?\n]|[^\w\s,;:'’\"-])\s*$")
_ADVERB_NEXT = re.compile(r"\s+(?:just|finally|recently|also|already|officially|actually|never|still)\b", re.I)
_THING_BEFORE = re.compile(
    rf"\b(?:{PET_WORDS}|pet|{THING_KINDS})s?\s+(?:(?:is\s+)?(?:called|named)\s+)?$", re.I)


# verbs that take "for X" of a person but "to" of a verb ("got to see", "made to wait", "thinking to go")
_INFINITIVE_BEFORE = {"got", "get", "make", "made", "buy", "bought", "cooked", "think", "thinking", "worried", "ask",
                      "asked"}
# a greeting or thanks right before a word addresses someone by name ("hi fleur", "thanks hendo")
GREETINGS = {"hi", "hey", "hello", "bye", "thanks", "thx", "congrats", "congratulations", "dear", "yo", "sup"}


def _before(text: str, pos: int, n: int) -> list[str]:
    """The last `n` words before `pos`, lowercase, texting shorthand read as what it stands for
    ("msgd" is "messaged", "n" is "and")."""
    words = (w.lower().replace("’", "'") for w in _WORDS.findall(text[max(0, pos - 60):pos])[-n:])
    return [SHORTHAND.get(w, w) for w in words]


def possessed_after(text: str, pos: int) -> bool:
    """Does a possessed relation or event follow `pos` ("'s bday", " wife")?"""
    return bool(re.match(rf"\s*(?:{POSSESSED})\b", text[pos:], re.I))


def owner_slot(text: str, end: int) -> bool:
    """Does a possessive at `end` own a home, a relative or a birthday ("Olu's place", "toms wife")?
    Only people own those, whatever the word looks like."""
    after = text[end:]
    m = re.match(r"(?:'s|’s|'|’|s)(?=\s)", after)
    return m is not None and possessed_after(text, end + m.end())


def person_slot(text: str, start: int, end: int, people: tuple[tuple[int, int], ...] = (), weak: bool = True) -> bool:
    """Is text[start:end] where a person is named? `people` are spans already found to be people:
    a word listed after one of them ("maya, tom and jess") is in a person's place too. `weak`
    counts the first word of a message before any verb ("tyler just moved", but also "beat is so
    cold"), which the caller should back with more evidence."""
    prev = _before(text, start, 3)
    last = prev[-1] if prev else ""
    if last in MEET_VERBS or last in ("with", "w", "w/") or last in GREETINGS:
        return True
    if _checks_on(prev):
        return True  # "check in on fatou", "keep tabs on rustam": a person looked in on
    if prev[-2:] in (["thank", "you"], ["name", "is"], ["name", "'s"], ["names", "are"]):
        return True  # "thank you X", "my name is X"
    if any(_LIST_GAP.fullmatch(text[e:start]) for _, e in people if e <= start):
        return True
    if _ran_into(prev):
        return True
    if len(prev) >= 2 and last in ("to", "from", "for", "about", "of") and prev[-2] in PERSONAL_PREPOSITION_VERBS \
            and not (last == "to" and prev[-2] in _INFINITIVE_BEFORE):
        return True
    if _KIN_BEFORE.search(text[max(0, start - 60):start]):
        return True
    after = text[end:]
    if re.match(r"(?:'s|’s|'|’|s)\s", after + " ") and possessed_after(text, end + (2 if after[:1] in "'’" else 1)):
        return True
    if re.match(r"(?:'|’)s\b", after) and possessed_after(text, end + 2):
        return True
    if text[end - 1:end].lower() == "s" and end - start > 3 and possessed_after(text, end):
        return True  # "toms bday": a possessive without its apostrophe
    if (_BIRTHDAY_NEXT.match(after) and _CLAUSE_OPEN.search(text[:start]) or _CADENCE_NEXT.match(after)
            or _dated_next(text, end, _BIRTHDAYS.search(text) is not None) and _CLAUSE_OPEN.search(text[:start])) \
            and text[start:start + 1].islower() and text[start:end].isalpha() and not _dictionary_word(text[start:end]):
        return True  # "kwame bday christmas eve", "check in on fatou every 5 days": a birthday or a cadence follows
    if not text[:start].strip(" ,.!-") and (_SUBJECT_OF.match(after) or weak and (_VERB_NEXT.match(after)
                                                                                  or _present_verb_next(after))):
        return True  # "priya is my cousin", "tyler just moved": a name that opens the message
    if len(prev) >= 2 and prev[-2] in ("named", "called") and last in ("her", "him", "them"):
        return True  # "named her Mai"
    if weak and _inflected_verb(last) and not _SENTENCE_START.search(text[:start]) \
            and text[start:start + 1].islower() and text[start:end].isalpha() and not _dictionary_word(text[start:end]):
        return True  # "our dog waffle loves ana": a lowercase name no dictionary knows, the object of a verb
    return False


def _inflected_verb(word: str) -> bool:
    """A finite verb ("loves", "hugged"; not "visiting", which also opens a noun phrase), not a
    closed-class word."""
    from core.understand.wordkind import lemmas

    return word not in NEVER_NAMES and not word.endswith("ing") \
        and any(lemma != word for lemma in lemmas(word).get("VERB", ()))


# "X bday 3 may", "X born 1990", "X dob 1.2.88": a name texted before its birthday, opening a clause
_BIRTHDAY_NEXT = re.compile(r"\s+(?:bday|birthday|b-day|born|dob|d\.o\.b)\b", re.I)
# "..., and ifeoma every few days": a name, then how often (a keep-in-touch request naming several)
_CADENCE_NEXT = re.compile(r"\s+(?:every|once\s+a|twice\s+a|weekly|monthly|fortnightly|daily)\b", re.I)
_CLAUSE_OPEN = re.compile(r"(?:^|[,;:.!?\n-]|\band|&)\s*$", re.I)
# "birthdays: yara 9 feb, lotte 17 march": in a message about birthdays, a name then a date
_BIRTHDAYS = re.compile(r"\b(?:birthdays?|bdays?|b-days?|born|dob)\b", re.I)


# "tendai came by yesterday w samosas", "they came over for jollof": after a visit said of its
# visitor, "with" and "for" name what was brought or shared, unless the word leans hard to a name
_BROUGHT_BEFORE = re.compile(
    r"\b(?:(?:came|come|comes|popped|swung|dropped|stopped)\s+(?:by|over|round|around|in)|hosted\s+(?:us|me)|"
    r"had\s+(?:us|me)\s+(?:over|round))\b"
    r"(?:\s+(?:yesterday|yday|today|tonight|earlier|last\s+night|this\s+(?:morning|afternoon|evening)|"
    r"on\s+\w+|last\s+\w+|again))*\s+(?P<prep>w/?|with|for)\s+$", re.I)
BROUGHT_MIN = 0.9


def brought_slot(text: str, start: int) -> bool:
    """Is the word at `start` what a visitor brought or came for ("came by w samosas", "came over
    for jollof")? After "for", any word; after "with", a plural or a noun the dictionary knows
    ("came by w tunde" is a second visitor). The caller still lets a sure name through."""
    m = _BROUGHT_BEFORE.search(text[max(0, start - 80):start])
    word = re.match(r"[^\W\d_][\w-]*(?:'s|’s)?", text[start:])
    if m is None or word is None or word.group(0).endswith(("'s", "’s")):
        return False
    low = word.group(0).lower()
    return m["prep"].lower() == "for" or low.endswith("s") or _dictionary_word(low)


_LINK = re.compile(r"(?P<poss>'s|’s)?\s*(?P<link>(?:is|was|=|:|-)\s*)?(?:on\s+)?", re.I)


def _dated_next(text: str, end: int, about_birthdays: bool) -> bool:
    """Does a day of the year follow the word ending at `end`: "wiremu's is 2 sept", "min-jun's =
    boxing day" (a possessive and "is / = / :", always a person's), or "lotte 17 march" (only in a
    message about birthdays)?"""
    from core.understand.dates import find_month_day

    m = _LINK.match(text, end)
    if m is None or not (m["link"] and m["poss"] or about_birthdays):
        return False
    md = find_month_day(text[m.end():m.end() + 40])
    return md is not None and md.span[0] == 0


def dated_possessive(text: str, end: int) -> bool:
    """"wiremu's is 2 sept", "min-jun's = boxing day": only a person's day is said so."""
    m = _LINK.match(text, end)
    return m is not None and bool(m["poss"]) and bool(m["link"]) and _dated_next(text, end, False)


def _ran_into(prev: list[str]) -> bool:
    """Do the words before end in "ran into" / "bumped into" (a person met by chance, not a place)?"""
    return len(prev) >= 2 and prev[-1] == "into" and prev[-2] in ("ran", "run", "bumped", "bumping", "running")


def _checks_on(prev: list[str]) -> bool:
    """Do the words before end in "check (in) on", "keep tabs on", "look in on"?"""
    return bool(prev) and prev[-1] == "on" and len(prev) >= 2 and (
        prev[-2] in ("check", "checking", "checked", "tabs") or prev[-2] == "in" and len(prev) >= 3
        and prev[-3] in ("check", "checking", "checked", "look", "looking", "looked"))


def _dictionary_word(word: str) -> bool:
    from core.understand.wordkind import is_word

    return is_word(word.strip("'’"))


def _present_verb_next(after: str) -> bool:
    """Is the next word a present-tense verb the dictionary knows ("does", "goes", "fixes")?"""
    from core.understand.wordkind import is_verb_form, lemmas

    m = re.match(r"\s+([a-z]+s)\b", after)
    return m is not None and is_verb_form(m.group(1)) and "VERB" in lemmas(m.group(1))


def modal_reading(text: str, start: int, end: int) -> bool:
    """Is the word at text[start:end] a modal verb here ("will be there"), not a name ("will is retiring")?"""
    if text[start:end].lower() not in MODALS or _FINITE_NEXT.match(text[end:]):
        return False
    if _SENTENCE_START.search(text[:start]) and _ADVERB_NEXT.match(text[end:]):
        return False  # "... 🥂 Will just bought a flat": a sentence opening with a modal asks ("will you"), its subject next
    prev = _before(text, start, 1)
    # a modal follows its subject; after "with", "met" or a preposition the word is an object
    return not (prev and (prev[0] in MEET_VERBS or prev[0] in ("with", "w", "w/") or prev[0] in PLACE_PREPOSITIONS))


def place_slot(text: str, start: int) -> bool:
    """Is the word at `start` where a place or an organisation is named ("at X", "moved to X")?"""
    prev = _before(text, start, 3)
    if not prev:
        return False
    if len(prev) >= 2 and prev[-1] in ("to", "from", "for", "about", "of") and prev[-2] in PERSONAL_PREPOSITION_VERBS:
        return False
    if _checks_on(prev) or _ran_into(prev):
        return False
    if prev[-1] in PLACE_PREPOSITIONS:
        return True
    return len(prev) >= 2 and prev[-1] in ("the", "a", "an") and prev[-2] in PLACE_PREPOSITIONS


_PET_BEFORE = re.compile(rf"\b(?:{PET_WORDS}|pet)s?\s+(?:(?:is\s+)?(?:called|named)\s+)?$", re.I)
# "pho w", "bjj with", "late lunch w/": the opening words of a message, right before "with"
_OPENING_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_WITH_NEXT = re.compile(r"\s+(?:(?:w/?|with|wit)\s+(?!(?:my|his|her|their|our|your|the|a|an|some|me|him|them|us)\b)"
                        r"[^\W\d_]|at\s+[^\W\d_][\w-]*(?:'s|’s))", re.I | re.UNICODE)
# after a host's possessive ("at kemi's"): the end, a comma, "w X", a time; not a possessed noun
_HOST_AFTER = re.compile(r"\s*(?:$|[,.!?;:)]|(?:w/?|with|for|on|in|last|this|tonight|today|yesterday|after|before|"
                         r"and|then|again|til|till|until|later|earlier|tmrw|tomorrow|yday|\d)\b)", re.I)


def strong_person_slot(text: str, start: int) -> bool:
    """Right after a verb of meeting or after "with" ("met X", "lunch w X"): a person's place."""
    prev = _before(text, start, 1)
    return bool(prev) and (prev[0] in MEET_VERBS or prev[0] in ("with", "w", "w/", "wit"))


def with_slot(text: str, start: int) -> bool:
    """Right after "with" ("futsal w wayan"), or in a list right after such a name ("w wayan and ketut")."""
    prev = _before(text, start, 3)
    return bool(prev) and (prev[-1] == "with" or prev[-1] == "and" and len(prev) == 3 and prev[0] == "with")


_DID = {"had", "having", "grabbed", "grabbing", "got", "getting", "did", "doing", "ate", "eating", "enjoyed"}


def activity_opening(text: str, start: int, end: int) -> bool:
    """Is the word among the few that open a message right before "with <someone>" or "at
    <someone>'s" ("pho w linh", "bjj with marco", "late lunch w ana", "asado at nico's")? That is
    what was done, not who: people write "lunch w X", never "X w Y" for a meeting."""
    words = list(_OPENING_WORD.finditer(text[:120]))[:4]
    if words and words[0].group(0).lower() in _DID and not text[:words[0].start()].strip():
        words = words[1:]  # "had merienda w paolo", "grabbed pho with linh": the verb, then what was done
    else:
        words = words[:3]
    if not words or text[:words[0].start()].strip(" ") and not re.fullmatch(
            r"\s*(?:had|having|grabbed|grabbing|got|getting|did|doing|ate|eating|enjoyed)\s+", text[:words[0].start()], re.I):
        return False
    for k, last in enumerate(words):
        if k and text[words[k - 1].end():last.start()].strip():
            return False  # punctuation between: not one opening phrase
        if last.group(0).lower() in NEVER_NAMES or re.search(r"['’]s?$", last.group(0)):
            return False  # "at bayo's place w chidi": a preposition or an owner opens it, not an activity
        if _WITH_NEXT.match(text, last.end()):
            return end <= last.end()
    return False


def host_slot(text: str, start: int, end: int) -> bool:
    """'at kemi's w tolu', 'dinner at raj's tonight': a possessive after "at" with no noun after
    it names whose home it is."""
    prev = _before(text, start, 2)
    if not prev or prev[-1] not in ("at", "to", "from") or (len(prev) == 2 and prev[0] in ("the",)):
        return False
    m = re.match(r"(?:'s|’s|'|’)", text[end:])
    return m is not None and bool(_HOST_AFTER.match(text, end + m.end()))


def names_a_pet(text: str, start: int) -> bool:
    """'a dog called Rex', 'our cat luna': a pet's name."""
    return bool(_PET_BEFORE.search(text[max(0, start - 40):start]))


def names_a_thing(text: str, start: int) -> bool:
    """'a dog called Rex', 'our cat luna', 'her startup named Lumen': a name, not a person's."""
    return bool(_THING_BEFORE.search(text[max(0, start - 40):start]))


def after_time_word(text: str, start: int) -> bool:
    """'in March Sam moved': a month after a time preposition is a month, not a first name."""
    prev = _before(text, start, 1)
    return bool(prev) and prev[0] in TIME_PREPOSITIONS
