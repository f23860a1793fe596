"""vCard 3.0 / 4.0 in and out, through vobject.

A file is cut into its BEGIN:VCARD ... END:VCARD blocks first (by line, which also gives each
card the line it starts on) and each block is parsed on its own, so one malformed card is
reported with its line and skipped instead of ending the whole file.
"""

from __future__ import annotations

import re

import vobject

from core.entries import Entry, Problem, full_name, parse_birthday

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)


def blocks(text: str) -> list[tuple[int, str]]:
    """(line the card starts on, the card's text) for each card; an unclosed card runs to the end."""
    out: list[tuple[int, str]] = []
    start, lines = 0, []
    for n, line in enumerate(text.splitlines(), 1):
        if _BEGIN.match(line):
            if lines:
                out.append((start, "\n".join(lines) + "\n"))
            start, lines = n, [line]
        elif lines:
            lines.append(line)
            if _END.match(line):
                out.append((start, "\n".join(lines) + "\n"))
                lines = []
    if lines:
        out.append((start, "\n".join(lines) + "\n"))
    return out


def parse(text: str) -> tuple[list[Entry], list[Problem], list[Problem]]:
    """(entries, skipped cards, warnings about single fields) of a vCard file."""
    entries, skipped, warnings = [], [], []
    for line, block in blocks(text):
        try:
            card = vobject.readOne(block)
        except Exception as err:  # noqa: BLE001 -- vobject raises ParseError, and ValueError etc. on odd input
            skipped.append(Problem(line, f"not a readable vCard ({_short(err)})"))
            continue
        entry = _entry(card, line, warnings)
        if entry is None:
            skipped.append(Problem(line, "a card without a name"))
        else:
            entries.append(entry)
    return entries, skipped, warnings


def _values(card, key: str) -> list:
    return [c for c in card.contents.get(key, [])]


def _text(value) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    return " ".join(str(value or "").split())


def _entry(card, line: int, warnings: list[Problem]) -> Entry | None:
    name = next((_text(c.value) for c in _values(card, "fn") if _text(c.value)), "")
    if not name and (n := next(iter(_values(card, "n")), None)) is not None:
        v = n.value
        name = full_name(*(_text(p) for p in (v.prefix, v.given, v.additional, v.family, v.suffix)))
    if not name:
        return None
    entry = Entry(name=name, line=line)
    nick = [_text(c.value) for c in _values(card, "nickname") if _text(c.value)]
    if nick:
        entry.facts["nickname"] = ", ".join(nick)
    for c in _values(card, "bday")[:1]:
        omit = (c.params.get("X-APPLE-OMIT-YEAR") or [None])[0]
        value = parse_birthday(_text(c.value), omit)
        if value:
            entry.facts["birthday"] = value
        else:
            warnings.append(Problem(line, f"{name}: birthday {_text(c.value)!r} not understood, left out"))
    if city := _city(_values(card, "adr")):
        entry.facts["city"] = city
    if org := next((_text(c.value[0] if isinstance(c.value, list) else c.value)
                    for c in _values(card, "org")), ""):
        entry.facts["employer"] = org
    for kind, key in (("title", "title"), ("email", "email"), ("phone", "tel")):
        if value := next((_text(c.value) for c in _values(card, key) if _text(c.value)), ""):
            entry.facts[kind] = value
    entry.notes = [c.value.strip() for c in _values(card, "note") if str(c.value).strip()]
    return entry


def _city(adrs: list) -> str:
    """The home address's city (else the first address's; region or country when no city)."""
    home = [a for a in adrs if "HOME" in [t.upper() for t in a.params.get("TYPE", [])]]
    for a in home + adrs:
        v = a.value
        for part in (v.city, v.region, v.country):
            if _text(part):
                return _text(part)
    return ""


def _short(err: Exception) -> str:
    text = " ".join(str(err).split())
    return re.sub(r"^At line \d+: ", "", text)[:120]  # vobject counts lines its own way


def write(people: list[dict]) -> str:
    """vCard 3.0 text for people given as {"name", "facts": {kind: value}, "notes": [text]}.

    A birthday without a year is written '--MM-DD' (what Google Contacts writes and reads).
    """
    out = []
    for p in people:
        card = vobject.vCard()
        card.add("fn").value = p["name"]
        parts = p["name"].split()
        card.add("n").value = vobject.vcard.Name(family=parts[-1] if len(parts) > 1 else "",
                                                 given=" ".join(parts[:-1]) if len(parts) > 1 else p["name"])
        facts = p.get("facts", {})
        if "nickname" in facts:
            card.add("nickname").value = facts["nickname"]
        if "birthday" in facts:
            b = facts["birthday"]
            card.add("bday").value = b if len(b) == 10 else f"--{b}"
        if "city" in facts:
            card.add("adr").value = vobject.vcard.Address(city=facts["city"])
        if "employer" in facts:
            card.add("org").value = [facts["employer"]]
        for kind, key in (("title", "title"), ("email", "email"), ("phone", "tel")):
            if kind in facts:
                card.add(key).value = facts[kind]
        if p.get("notes"):
            card.add("note").value = "\n".join(p["notes"])
        out.append(card.serialize())
    return "".join(out)
