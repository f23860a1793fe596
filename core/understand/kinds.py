"""The words that say a kind of fact: kinship (in both directions) and pets.

Kept apart from the patterns in `statements` so clause splitting (whose subject is "Dan" in
"met maya's boyfriend dan") and fact extraction read the same words. Kinship words extend
`lexicon.RELATIONS` with in-laws, step- and half- relatives, grand- relatives and the words
for a newborn; each maps to the relation stored. `GENDER` says which pronoun a relation word
implies, so "met maya's boyfriend dan, he's a chef" is about Dan.
"""

from __future__ import annotations

import logging
import re

from core.understand.lexicon import RELATIONS as _BASE_RELATIONS

logger = logging.getLogger(__name__)

_IN_LAWS = {f"{r}{sep}in{sep}law": f"{r}-in-law" for r in ("mother", "father", "sister", "brother", "son", "daughter")
            for sep in ("-", " ")} | {f"{r}s{sep}in{sep}law": f"{r}-in-law" for r in ("sister", "brother")
                                      for sep in ("-", " ")} | {"in-laws": "parent-in-law", "in laws": "parent-in-law"}
_STEP_HALF = {f"{p}{sep}{r}": f"{p}{r}" if p == "step" else f"half-{r}"
              for p in ("step", "half") for sep in ("", "-", " ")
              for r in ("mom", "mum", "dad", "mother", "father", "brother", "sister", "son", "daughter")
              if not (p == "half" and r in ("mom", "mum", "dad", "mother", "father", "son", "daughter"))}
_MORE = {
    "nan": "grandmother", "nana": "grandmother", "granny": "grandmother", "gran": "grandmother",
    "grandad": "grandfather", "granddad": "grandfather", "gramps": "grandfather",
    "grandson": "grandson", "granddaughter": "granddaughter", "grandkid": "grandkid", "grandkids": "grandkid",
    "twins": "kid", "triplets": "kid", "newborn": "kid", "baby": "kid", "toddler": "kid", "babies": "kid", "little one": "kid",
    "hubby": "husband", "missus": "wife", "bro": "brother", "sis": "sister", "bestie": "best friend", "bff": "best friend",
    "auntie": "aunt", "aunty": "aunt", "stepkid": "stepkid", "stepkids": "stepkid",
    "boys": "son", "girls": "daughter", "little ones": "kid", "kiddos": "kid", "kiddo": "kid",
}
RELATIONS: dict[str, str] = {**_BASE_RELATIONS, **_IN_LAWS, **_STEP_HALF, **_MORE}
REL_WORDS = "|".join(sorted((re.escape(r).replace(r"\ ", r"\s+") for r in RELATIONS), key=len, reverse=True))
ADJ = r"(?:(?:new|little|lil|older|younger|big|baby|eldest|oldest|youngest|twin|lovely|late|ex|newborn)[- ]?)?"

# relations between two partners: a child one of them has is the other's too
PARTNERS = {"wife", "husband", "spouse", "partner", "fiancé", "fiancée", "girlfriend", "boyfriend"}

_MALE = re.compile(r"(?:husband|boyfriend|bf|son|brother|father|dad|uncle|nephew|grandfather|grandson|fianc[eé]$|"
                   r"hubby|stepson|gramps|grandad)")
_FEMALE = re.compile(r"(?:wife|girlfriend|gf|daughter|sister|mother|mom|mum|aunt|niece|grandmother|granddaughter|"
                     r"fianc[eé]e|missus|stepdaughter|nan|gran)")


def relation(word: str) -> str:
    """The relation stored for a kinship word as written ("sister in law" -> "sister-in-law")."""
    key = re.sub(r"\s+", " ", word.strip().lower())
    return RELATIONS.get(key, key)


def gender(rel: str) -> str | None:
    """'he' / 'she' for a relation word that implies one, else None."""
    if _FEMALE.search(rel):
        return "she"
    if _MALE.search(rel):
        return "he"
    return None


# Pets: the words, and what follows them ("his dog zaatar", "a cat named Miso", "got a puppy").
PETS = ("dog", "dogs", "cat", "cats", "puppy", "pup", "kitten", "kitty", "parrot", "rabbit", "bunny", "hamster",
        "horse", "pony", "guinea pig", "tortoise", "turtle", "ferret", "goldfish", "lizard", "gecko", "snake",
        "budgie", "cockatiel", "chickens", "goat")
PET_WORDS = "|".join(sorted((re.escape(p).replace(r"\ ", r"\s+") for p in PETS), key=len, reverse=True))
# right before a pet's name: "dog ", "cat called ", "puppy named "
PET_BEFORE_NAME = re.compile(rf"\b(?:{PET_WORDS})\s*,?\s+(?:(?:is\s+)?(?:called|named)\s+)?$", re.I)
# an animal no list names, said by what it is and then its name: "has a beagle named waffle", "adopted a
# rescue greyhound called pip"; `statements.pets` keeps it when the name is no person's and the word no thing
ANIMAL_NAMED = re.compile(r"\b(?:has|have|got|adopted|rescued|welcomed|bought|getting)\s+(?:(?:a|an|another|new|little|tiny|"
                          r"rescue|baby|cute|young|old|second|\d)\s+)+(?P<pet>[^\W\d_]+(?:[- ][^\W\d_]+)?)\s*,?\s+"
                          r"(?:(?:who'?s|which is|that'?s)\s+)?(?:called|named)\s+(?P<name>[^\W\d_][\w'’-]*)", re.I)

# another name the people around someone use, said of "him/her": "we call him big mike", "everyone calls her zizi"
CALLS_THEM = re.compile(r"\b(?:we|everyone|everybody|they|people|friends|i|the\s+\w+)\s+(?:all\s+|just\s+|always\s+)?"
                        r"(?:call|calls|called)\s+(?:him|her|them)\s+(?!(?:up|back|out|every|each|later|again|sometimes|"
                        r"often|once|twice|on|at|in|when|if|that|this|a|an|the|so|too|now|tomorrow|tonight|today|soon)\b)"
                        r"(?=[^\W\d_])", re.I)
