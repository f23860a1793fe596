"""People by what they have, from the facts and the family kept on them rather than from search:
"who has a dog?", "anyone got cats", "who has kids", "which friends have a sister", "who's married".

What is asked is the word after "has / have / got / owns / with": a kinship word (`RELATIONS`,
with the texting words questions know: "kiddos", "hubby") is answered from the relationships
kept, both ways round ("Tom's mum Ana" says Ana has a kid); "married" asks for a spouse; any
other word is a pet when a pet kept says it ("Rex (dog)", "Waffle (beagle)") or the pet kind's
own words name it ("pets", "puppies"). A question about anything else is no question here
(None), and search answers it. Notes still count: the answer lists these people first and the
people search finds after them (`core.answers`).
"""

from __future__ import annotations

import logging
import re
from datetime import date

from core import format as fmt
from core import people
from core.facts import KINDS
from core.people_search import Person
from core.records import Contact, Note
from core.repositories import Store
from core.retrieval import fts_query
from core.understand.lexicon import RELATION_GROUPS
from core.understand.names import fold
from core.understand.questions import ASKED_RELATIONS

logger = logging.getLogger(__name__)

KEPT = "kept"  # the kind of the stand-in note a person found here is shown with (no date: it is no note)

_WHO = r"^(?:who|whom|anyone|anybody|any\s*one|does\s+anyone|do\s+i\s+know\s+any(?:one|body)|which\s+(?:\w+\s+){0,2}?)"
_HAS = re.compile(_WHO + r"(?:'s|’s|s)?\s*(?:(?:i\s+know|do\s+i\s+know)\s+)?(?:that\s+|who\s+)?(?:'s\s+|’s\s+)?"
                  r"(?:has|have|had|got|owns?|with)\s+(?:got\s+)?(?:a|an|any|some|the|\d+|two|three)?\s*"
                  r"(?P<what>[^\W\d_]+(?:\s+[^\W\d_]+)?)\s*[?!.]*$", re.I)
_MARRIED = re.compile(_WHO + r"(?:'s|’s|s|\s+is|\s+are|\s+(?:i\s+know\s+)?(?:that|who)\s+(?:is|are|'s))\s+married\s*[?!.]*$",
                      re.I)
_PET_WORDS = re.compile(KINDS["pet"].asked, re.I)
_SPOUSE = RELATION_GROUPS["spouse"] | {"girlfriend", "boyfriend"}


def _one(word: str) -> str:
    """'puppies' -> 'puppy', 'cats' -> 'cat', 'dog' -> 'dog'."""
    return re.sub(r"ies$", "y", word) if word.endswith("ies") else re.sub(r"(?<=[^s])s$", "", word)


def asked(question: str) -> tuple[str, str] | None:
    """("relation", the relation) or ("pet", the animal, "" for any) a question asks people to
    have, or None."""
    low = fold(question).strip()
    if _MARRIED.match(low):
        return "relation", "spouse"
    if not (m := _HAS.match(low)):
        return None
    what = m["what"]
    if what in ASKED_RELATIONS:
        return "relation", ASKED_RELATIONS[what]
    if re.fullmatch(r"pets?", what):
        return "pet", ""
    if len(what.split()) > 1 or re.search(r"..ed$", what):
        return None  # "who got married", "anyone got engaged": news, not something had
    return "pet", _one(what)


async def find(store: Store, owner: str, question: str, today: date) -> list[Person] | None:
    """The people who have what `question` asks about, by what is kept on them; None when it
    asks about nothing kept this way (then only search answers)."""
    if (what := asked(question)) is None:
        return None
    kind, value = what
    contacts = await store.contacts(owner)
    people: list[Person] = []
    if kind == "pet":
        if value and not _PET_WORDS.search(value) and not await store.people_with_fact(owner, "pet", value):
            return None  # "who has a car": not a pet
        for c in await store.people_with_fact(owner, "pet", value):
            pets = (await store.current_facts(owner, c.id))["pet"].value
            said = [p.strip() for p in pets.split(",") if not value or re.search(rf"\b{re.escape(value)}", fold(p))]
            if said:
                people.append(_person(c, f"pet {', '.join(said)}", today))
        return people
    wanted = RELATION_GROUPS.get(value, {value}) | ({"girlfriend", "boyfriend"} if value == "spouse" else set())
    inverse = _INVERSE.get(value, wanted if wanted & _SPOUSE else set())
    for c in contacts:
        them = [r for r in await store.relatives(owner, c.id) if r.relation in wanted]
        of = [r for r in await store.relative_of(owner, c.id) if r.relation in inverse]
        if names := [r.contact.name for r in them + of]:
            label = "married to" if value == "spouse" else value + ("s" if value == "kid" and len(names) > 1 else "")
            people.append(_person(c, f"{label} {' and '.join(dict.fromkeys(names))}", today))
    logger.debug("having question: %s, %d people", kind, len(people))
    return people


# who has a kid: a contact who is someone's mother or father has that someone as a kid
_INVERSE = {"kid": {"mother", "father", "parent"}, "son": {"mother", "father", "parent"},
            "daughter": {"mother", "father", "parent"}, "parent": RELATION_GROUPS["kid"]}


def _person(c: Contact, said: str, today: date) -> Person:
    """A person found by what is kept on them, shown with it."""
    return Person(c, 1.0, notes=[(1.0, Note(0, c.id, said, today, KEPT))])


async def pet_named(store: Store, owner: str, name: str) -> str | None:
    """"Waffle is Meera's beagle." when a pet kept on someone is called `name`, else None."""
    wanted = fold(name).strip()
    lines = [f"{called} is {fmt.possessive(c.name)} {animal}." for c, called, animal in await people.pets(store, owner)
             if wanted and fold(called) == wanted]
    return " ".join(lines) or None


async def introduced(store: Store, owner: str, name: str, contacts: list[Contact]) -> str | None:
    """Where the notes on someone else introduce `name` ("she has a beagle named waffle",
    "his son, called kabir"): "From your notes on Meera: ..."; None when none does."""
    if not (query := fts_query(name)):
        return None
    said = re.compile(rf"\b(?:named|called|name'?s|name is)\s+{re.escape(fold(name))}\b")
    by_id = {c.id: c for c in contacts}
    lines = []
    for n in await store.notes_by_id(owner, [i for i, _ in await store.full_text(owner, query, 20)]):
        c = by_id.get(n.contact_id) if n.contact_id is not None else None
        if c is not None and fold(c.name).split()[0] != fold(name).split()[0] and said.search(fold(n.text)):
            lines.append(f"From your notes on {c.name}:\n• {fmt.day(n.on)}: {n.text}")
    return "\n".join(lines[:2]) or None
