"""vCard 2.1, 3.0 and 4.0 in, vCard 3.0 out, through vobject.

`core/vcard_read.py` cuts the file into cards (by line, which gives each card the line it
starts on) and cleans each one into vCard 3.0 (2.1's quoted-printable and charsets, odd line
ends, photos dropped); vobject then parses each card on its own, so one malformed card is
reported with its line and skipped instead of ending the whole file. A card vobject still
refuses is read again property by property, keeping what can be read.

Mapping: the name a person goes by comes from FN and N (`entries.person_name`: "Mr. John
Richter, James Doe Sr." is John Doe, with the prefix, middle names and suffix kept as facts);
a card with no name is named from what it has (nickname, organisation, e-mail, phone) and
reported. A home address gives `city`, a work address `work_city`, never the other way round;
every e-mail address and phone number is kept, in the file's order.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import vobject
from vobject.base import Component, ContentLine

from core import vcard_read
from core.entries import MULTI, Entry, Problem, labels, parse_birthday, person_name
from core.records import AddressCard

logger = logging.getLogger(__name__)


def parse(data: bytes | str) -> tuple[list[Entry], list[Problem], list[Problem]]:
    """(entries, skipped cards, warnings about single fields) of a vCard file (its bytes or text)."""
    entries, skipped, warnings = [], [], []
    for c in vcard_read.cards(data):
        warnings += [Problem(c.line, f"{what}, left out") for what in dict.fromkeys(c.dropped)]
        try:
            card = _read(c, warnings)
        except Exception as err:  # noqa: BLE001 -- vobject raises ParseError, and ValueError etc. on odd input
            skipped.append(Problem(c.line, f"not a readable vCard ({_short(err)})"))
            continue
        kinds = {_text(k.value).lower() for key in ("kind", "x-addressbookserver-kind") for k in _values(card, key)}
        if "group" in kinds:  # vCard 4.0 and Apple's contact groups: a list of people, not a person
            label = next((_text(f.value) for f in _values(card, "fn")), "")
            skipped.append(Problem(c.line, (f"{label}: " if label else "") + "a group of contacts, not a person"))
            continue
        entry = _entry(card, c.line, warnings)
        if entry is None:
            skipped.append(Problem(c.line, "a card with no name, e-mail or phone to know it by"))
        else:
            entries.append(entry)
    return entries, skipped, warnings


def _read(c: vcard_read.Card, warnings: list[Problem]) -> Component:
    try:
        card: Component = vobject.readOne(c.text)
        return card
    except Exception:  # noqa: BLE001 -- see parse(); retried property by property below
        lines = c.text.split("\r\n")[2:-2]
    good = []
    for line in lines:
        try:
            vobject.readOne(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{line}\r\nEND:VCARD\r\n")
            good.append(line)
        except Exception:  # noqa: BLE001 -- see parse()
            warnings.append(Problem(c.line, f"a {line.split(':')[0].split(';')[0]} field could not be read, "
                                            "left out"))
    card = vobject.readOne("BEGIN:VCARD\r\nVERSION:3.0\r\n" + "".join(g + "\r\n" for g in good)
                           + "END:VCARD\r\n")
    return card


def _values(card: Component, key: str) -> list[ContentLine]:
    return [c for c in card.contents.get(key, []) if isinstance(c, ContentLine)]


def _text(value: object) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    return " ".join(str(value or "").split())


def _types(c: ContentLine) -> set[str]:
    return {t.upper() for t in c.params.get("TYPE", [])}


def _entry(card: Component, line: int, warnings: list[Problem]) -> Entry | None:
    written = next((_text(c.value) for c in _values(card, "fn") if _text(c.value)), "")
    parts = {}
    if (n := next(iter(_values(card, "n")), None)) is not None and isinstance(n.value, vobject.vcard.Name):
        v = n.value
        parts = {k: _text(getattr(v, k)) for k in ("prefix", "given", "additional", "family", "suffix")}
        parts["middle"] = parts.pop("additional")
    name, name_facts = person_name(written, **parts)
    facts: dict[str, str] = {}
    nick = [_text(c.value) for c in _values(card, "nickname") if _text(c.value)]
    if nick:
        facts["nickname"] = ", ".join(nick)
    org = next((_text(c.value[0] if isinstance(c.value, list) else c.value) for c in _values(card, "org")), "")
    emails = _all(card, "email")
    phones = [_phone(p) for p in _all(card, "tel")]
    if not name:
        for what, value in (("nickname", facts.get("nickname", "").split(",")[0]), ("organisation", org),
                            ("e-mail", emails[0] if emails else ""), ("phone number", phones[0] if phones else "")):
            if value.strip():
                name = value.strip()
                warnings.append(Problem(line, f"a card without a name: saved as {name!r}, from its {what}"))
                break
        else:
            return None
    entry = Entry(name=name, line=line)
    entry.facts.update(name_facts)
    entry.facts.update(facts)
    for c in _values(card, "bday")[:1]:
        omit = (c.params.get("X-APPLE-OMIT-YEAR") or [None])[0]
        birthday = parse_birthday(_text(c.value), omit)
        if birthday:
            entry.facts["birthday"] = birthday
        else:
            warnings.append(Problem(line, f"{name}: birthday {_text(c.value)!r} not understood, left out"))
    home, work = _cities(_values(card, "adr"))
    if home:
        entry.facts["city"] = home
    if work:
        entry.facts["work_city"] = work
    if org:
        entry.facts["employer"] = org
    if title := next((_text(c.value) for c in _values(card, "title") if _text(c.value)), ""):
        entry.facts["title"] = title
    if emails:
        entry.facts["email"] = MULTI.join(emails)
    if phones:
        entry.facts["phone"] = MULTI.join(dict.fromkeys(phones))
    entry.notes = [c.value.strip() for c in _values(card, "note") if str(c.value).strip()]
    entry.tags = labels(v for c in _values(card, "categories")
                        for v in (c.value if isinstance(c.value, list) else str(c.value).split(",")))
    return entry


def _all(card: Component, key: str) -> list[str]:
    """Every value of a property, the preferred one first, each once."""
    found = [c for c in _values(card, key) if _text(c.value)]
    found.sort(key=lambda c: "PREF" not in _types(c) and "pref" not in c.params)
    return list(dict.fromkeys(_text(c.value) for c in found))


def _phone(value: str) -> str:
    """vCard 4.0 writes 'tel:+1-418-656-9254;ext=102'; people write '+1-418-656-9254 ext. 102'."""
    value = re.sub(r"^tel:", "", value, flags=re.IGNORECASE)
    number, _, ext = value.partition(";ext=")
    return f"{number} ext. {ext}" if ext else number


def _cities(adrs: list[ContentLine]) -> tuple[str, str]:
    """(where they live, where they work): the city (else region, else country) of the home and
    the work address; an address of no type is taken as home (address books mean home by it)."""
    def city(a: ContentLine) -> str:
        v: Any = a.value  # an ADR's value is a vobject Address (the stubs say str for every value)
        return next((_text(p) for p in (v.city, v.region, v.country) if _text(p)), "") if hasattr(v, "city") else ""

    work = [a for a in adrs if "WORK" in _types(a)]
    home = [a for a in adrs if "HOME" in _types(a)] + [a for a in adrs if not _types(a) & {"WORK", "HOME"}]
    return next((c for a in home if (c := city(a))), ""), next((c for a in work if (c := city(a))), "")


def _short(err: Exception) -> str:
    text = " ".join(str(err).split())
    return re.sub(r"^At line \d+: ", "", text)[:120]  # vobject counts lines its own way


def write(people: list[AddressCard]) -> str:
    """vCard 3.0 text for people given as {"name", "facts": {kind: value}, "notes": [text]}.

    A birthday without a year is written '--MM-DD' (what Google Contacts writes and reads).
    """
    out = []
    for p in people:
        card = vobject.vCard()
        facts = p.get("facts", {})
        card.add("fn").value = p["name"]
        parts = p["name"].split()
        card.add("n").value = vobject.vcard.Name(family=parts[-1] if len(parts) > 1 else "",
                                                 given=" ".join(parts[:-1]) if len(parts) > 1 else p["name"],
                                                 additional=facts.get("middle_name", ""),
                                                 prefix=facts.get("name_prefix", ""),
                                                 suffix=facts.get("name_suffix", ""))
        if "nickname" in facts:
            card.add("nickname").value = facts["nickname"]
        if "birthday" in facts:
            b = facts["birthday"]
            card.add("bday").value = b if len(b) == 10 else f"--{b}"
        for kind, where in (("city", "HOME"), ("work_city", "WORK")):
            if kind in facts:
                adr = card.add("adr")
                adr.value = vobject.vcard.Address(city=facts[kind])
                adr.type_param = where
        if "employer" in facts:
            card.add("org").value = [facts["employer"]]
        if "title" in facts:
            card.add("title").value = facts["title"]
        for kind, key in (("email", "email"), ("phone", "tel")):
            for value in facts[kind].split(MULTI) if kind in facts else []:
                card.add(key).value = value
        if p.get("notes"):
            card.add("note").value = "\n".join(p["notes"])
        if p.get("tags"):
            card.add("categories").value = list(p["tags"])
        out.append(card.serialize())
    return "".join(out)
