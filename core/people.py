"""People resolution: the same person across messages, by full name, first name or last
name, case- and accent-insensitively, with or without a hyphen ("minjae" is Min-jae). Two people
with one first name are ambiguous. The pets of the owner's people are facts about them, found
here by name ("who is waffle?")."""

from __future__ import annotations

import re

from core.records import Contact
from core.repositories import PeopleRepo
from core.understand.names import fold


def _key(name: str) -> str:
    return fold(name).replace("-", "")


def matches(name: str, contacts: list[Contact]) -> list[Contact]:
    """Contacts that `name` may refer to, best match first."""
    f = _key(name).strip()
    if not f:
        return []
    exact = [c for c in contacts if _key(c.name) == f]
    if exact:
        return exact
    parts = f.split()
    if len(parts) == 1:
        first = [c for c in contacts if _key(c.name).split()[0] == f]
        if first:
            return first
        return [c for c in contacts if len(c.name.split()) > 1 and _key(c.name).split()[-1] == f]
    # "José María" for José María Alonso: the words given are the start of a longer name.
    longer = [c for c in contacts if _key(c.name).split()[: len(parts)] == parts]
    if longer:
        return longer
    # "Sam Lee" when only "Sam" is known: the same person, now with a surname.
    return [c for c in contacts if len(_key(c.name).split()) == 1 and _key(c.name) == parts[0]]


# "Zaatar (dog), Feta (cat)", "Waffle"
_PET_NAME = re.compile(r"(?:^|,)\s*([^\W\d_][\w'’ -]*?)\s*(?:\((?P<kind>[^()]+)\))?\s*(?=,|$)")


def pets_in(value: str) -> list[tuple[str, str]]:
    """(name, kind) of each named pet in a pet fact's value ("pet" when the kind wasn't said)."""
    return [(m.group(1), m["kind"] or "pet") for m in _PET_NAME.finditer(value)]


async def pets(store: PeopleRepo, owner: str) -> list[tuple[Contact, str, str]]:
    """Every named pet of the owner's people: (its owner, its name, what it is). A pet is a fact
    about its owner, never a contact: "waffle chewed her charger" names no one new."""
    out = []
    for c in await store.people_with_fact(owner, "pet", ""):
        if fact := (await store.current_facts(owner, c.id)).get("pet"):
            out += [(c, name, kind) for name, kind in pets_in(fact.value)]
    return out
