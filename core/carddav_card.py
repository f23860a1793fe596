"""One CardDAV card as the sync sees it: its UID, its fields, a new card, and an edited one.

Reading goes through the project's vCard reader (`core/vcard.py`), so a card from a server is
understood exactly as the same card in an imported file. The sync compares *views*:
`{"name": ..., "facts": {kind: value}, "notes": [...]}` restricted to the kinds an address card
carries (`entries.FACT_KINDS`: birthday, nickname, cities, employer, title, e-mail, phone, parts
of the name). Names and values are compared case- and accent-insensitively (a texted "sam lee"
is the card's "Sam Lee").

Writing: a person Memoro learned becomes a new card written by `vcard.write` plus a UID. A card
already on the server is *edited*, never rewritten: only the properties of the fields Memoro
changed are touched, and everything else the card holds (photo, street, URLs, groups, fields
Memoro does not know) stays as it was. Nothing is taken off a card: a new e-mail address or
phone number goes first and the old ones stay; a new city goes into the address that has only
a city, or into a new address placed first (an old street is not rewritten with a new city).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import vobject
from vobject.base import Component, ContentLine

from core import vcard
from core.entries import FACT_KINDS, MULTI, Entry
from core.records import AddressCard, CardView
from core.understand.names import fold

logger = logging.getLogger(__name__)

NAME_PARTS = ("name_prefix", "middle_name", "name_suffix")


def uid_of(text: str) -> str | None:
    """The UID of a card's text, if it has one."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    for line in unfolded.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.split(";")[0].split(".")[-1].strip().upper() == "UID":
            return value.strip() or None
    return None


def read(text: str) -> tuple[str | None, Entry | None, str]:
    """(UID, the person, why not) of a card: the entry is None for a group or a card with nothing
    to know a person by, and the reason says which."""
    entries, skipped, _ = vcard.parse(text.encode("utf-8"))
    if entries:
        return uid_of(text), entries[0], ""
    return uid_of(text), None, skipped[0].text if skipped else "not a person"


def view(entry: Entry) -> CardView:
    """What the sync compares of a card: name, address-card facts, notes."""
    return CardView(name=entry.name, facts={k: v for k, v in entry.facts.items() if k in FACT_KINDS},
                    notes=list(entry.notes))


def same(a: str | None, b: str | None) -> bool:
    return fold(a or "").strip() == fold(b or "").strip()


def _written(person: CardView) -> AddressCard:
    """The person as a card should say it: a name, city or employer texted all in lowercase
    ("porto") is capitalised ("Porto"); the same to the sync's comparisons either way."""
    def cap(value: str) -> str:
        return value.title() if value.islower() else value

    facts = {k: cap(v) if k in ("city", "work_city", "employer") else v for k, v in person["facts"].items()}
    return AddressCard(name=cap(person["name"]), facts=facts)


def new_card(uid: str, person: CardView) -> str:
    """A vCard 3.0 for a person Memoro learned ({"name", "facts"}), with its UID."""
    card: Component = vobject.readOne(vcard.write([_written(person)]))
    card.add("uid").value = uid
    return card.serialize()


def edit_card(text: str, person: CardView, fields: list[str]) -> str:
    """The server's card with `fields` ("name" or fact kinds) set to the person's values."""
    card: Component = vobject.readOne(text)
    written = _written(person)
    fresh: Component = vobject.readOne(vcard.write([written]))
    facts = written["facts"]
    for field in fields:
        if field == "name" or field in NAME_PARTS:
            if field == "name":
                _replace(card, fresh, "fn")
            _replace(card, fresh, "n")
        elif field in ("nickname", "title", "birthday"):
            _replace(card, fresh, "bday" if field == "birthday" else field)
        elif field in ("city", "work_city"):
            _set_city(card, facts[field], "WORK" if field == "work_city" else "HOME")
        elif field == "employer":
            _set_org(card, facts[field])
        elif field in ("email", "phone"):
            _add_values(card, "email" if field == "email" else "tel", facts[field].split(MULTI))
    return card.serialize()


def _props(card: Component, key: str) -> list[ContentLine]:
    """The properties `key` of a card (a vCard's contents are properties, never components)."""
    return [p for p in card.contents.get(key, []) if isinstance(p, ContentLine)]


def _replace(card: Component, fresh: Component, key: str) -> None:
    new = _props(fresh, key)
    if not new:
        return
    for old in list(card.contents.get(key, [])):
        card.remove(old)
    for prop in new:
        added = card.add(key)
        added.value = prop.value
        added.params = dict(prop.params)


def _types(prop: ContentLine) -> set[str]:
    return {t.upper() for value in prop.params.get("TYPE", []) for t in value.split(",")}


def _set_city(card: Component, city: str, where: str) -> None:
    adrs = _props(card, "adr")
    mine = [a for a in adrs if where in _types(a)]
    if where == "HOME":
        mine += [a for a in adrs if not _types(a) & {"HOME", "WORK"}]
    for adr in mine:
        value: Any = adr.value  # an ADR's value is a vobject Address (the stubs say str for every value)
        if hasattr(value, "city") and not any(str(getattr(value, p) or "").strip()
                                              for p in ("box", "extended", "street", "code")):
            value.city = city
            return
    adr = card.add("adr")
    adr.value = vobject.vcard.Address(city=city)
    adr.type_param = where
    card.contents["adr"].remove(adr)
    card.contents["adr"].insert(0, adr)  # read first: the city a reader takes is this one


def _set_org(card: Component, employer: str) -> None:
    orgs = _props(card, "org")
    org: Any = orgs[0].value if orgs else None  # an ORG's value is a list (the stubs say str)
    if isinstance(org, list) and org:
        orgs[0].value = [employer, *org[1:]]  # type: ignore[assignment]  # a list, as vobject keeps it
    else:
        for old in list(orgs):
            card.remove(old)
        card.add("org").value = [employer]


def _add_values(card: Component, key: str, values: list[str]) -> None:
    """Put the values the card lacks first; keep every value it has."""
    have = {_norm(key, p.value) for p in _props(card, key)}
    missing = [v for v in values if _norm(key, v) not in have]
    for value in reversed(missing):
        prop = card.add(key)
        prop.value = value
        card.contents[key].remove(prop)
        card.contents[key].insert(0, prop)


def _norm(key: str, value: object) -> str:
    text = str(value or "").strip()
    if key == "tel":
        text = re.sub(r"^tel:", "", text, flags=re.IGNORECASE).partition(";ext=")[0]
        return re.sub(r"[^\d+]", "", text)
    return text.casefold()
