"""Which people an answer is about, and which parts of a note are about them.

`resolve` finds the contacts a name in a question means: the exact and first-name matches of
`core.people.matches`, else one contact whose name is a small typo away ("karolna" for
Karolina; at most one edit in five letters), never a guess between several.

`about_them` trims a note to the parts about one person before an answer repeats it. A note
is stored on everyone a message named, so "lunch w Maya and Raj, Raj got promoted" sits on
Maya too; in an answer about Maya only "lunch w Maya and Raj" belongs. The note is cut into
parts at sentence ends, commas, semicolons and "but"; a part naming the person is kept, a part
naming only other contacts is dropped (unless a pronoun ties it to the person: "her husband
is Paulo"), and a part naming no one ("got promoted") goes with the last part that named someone. A full name settles a shared first name: "Ana
Costa moved to Porto" is not about Ana Silva.

For a name that is no contact: `mentions` gives the notes that name it word for word (never
anyone else's notes), and `is_state` tells a "who is pregnant?" (a word the notes use, or a
verb form) from a "who is Sven?".
"""

from __future__ import annotations

import difflib
import logging
import re

from core import format as fmt
from core.intents import QuestionIntent
from core.people import matches
from core.records import Contact
from core.repositories import Store
from core.retrieval import fts_query
from core.understand.names import find_people, fold

logger = logging.getLogger(__name__)

TYPO_RATIO = 0.8  # difflib ratio: one edit in a five-letter name passes, two do not
_PRONOUN = re.compile(r"(?i)\b(?:he|she|they|his|her|hers|their|him|them)\b")
_NOT_THEM = re.compile(r"(?i)\s+(?:and\s+)?not\s+[^\W\d_]+\s*$")  # "ishani's the one getting married not devansh"
_PARTS = re.compile(r"(?<=[.!?;])\s+|,\s+|\s+but\s+|\s+-\s+|\n+", re.I)


def resolve(name: str, contacts: list[Contact]) -> list[Contact]:
    """The contacts `name` may mean, best first; a unique near spelling when nothing matches."""
    found = matches(name, contacts)
    if found or not name.strip():
        return found
    f = fold(name).strip()
    keys: dict[str, set[int]] = {}
    for c in contacts:
        full = fold(c.name)
        keys.setdefault(full, set()).add(c.id)
        keys.setdefault(full.split()[0], set()).add(c.id)
    close = difflib.get_close_matches(f, list(keys), n=3, cutoff=TYPO_RATIO)
    ids = {i for k in close for i in keys[k]}
    if len(ids) != 1:
        return []
    return [c for c in contacts if c.id in ids]


def without_old(text: str, old: list[str], current: list[str]) -> str | None:
    """`text` without the parts that name a superseded value ("lives in Kumasi" after a move to
    Accra) and not a current one; None when nothing is left."""
    def stale(part: str) -> bool:
        folded = fold(part)
        named = [v for v in old if re.search(rf"\b{re.escape(fold(v))}\b", folded)]
        return bool(named) and not any(re.search(rf"\b{re.escape(fold(v))}\b", folded) for v in current)

    if not old:
        return text
    parts = [p.strip().rstrip(".;,") for p in _PARTS.split(text) if p and p.strip()]
    kept = [p for p in parts if not stale(p)]
    if not kept:
        return None
    return ", ".join(kept) if len(kept) < len(parts) else text


_INDEXES: list[tuple[list[Contact], dict[str, list[tuple[int, str]]]]] = []  # the last few address books


def _by_first_word(contacts: list[Contact]) -> dict[str, list[tuple[int, str]]]:
    """Folded first word -> (id, folded full name) of the contacts, built once per address book
    (the store hands out one list per owner until it changes, so identity is the key)."""
    for listed, index in _INDEXES:
        if listed is contacts:
            return index
    index = {}
    for c in contacts:
        if full := fold(c.name).strip():
            index.setdefault(full.split()[0], []).append((c.id, full))
    _INDEXES.insert(0, (contacts, index))
    del _INDEXES[4:]
    return index


def _names(part: str, contacts: list[Contact]) -> set[int]:
    """Ids of the contacts a part of a note names: by full name, or by a first name no full
    name in the part explains."""
    folded = fold(part)
    index = _by_first_word(contacts)
    candidates = [c for w in dict.fromkeys(re.findall(r"[^\W_]+", folded)) for c in index.get(w, ())]
    full = {i for i, name in candidates if " " in name and re.search(rf"\b{re.escape(name)}\b", folded)}
    named_firsts = {name.split()[0] for i, name in candidates if i in full}
    return full | {i for i, name in candidates if name.split()[0] not in named_firsts}


def named_in(text: str, contacts: list[Contact]) -> set[int]:
    """Ids of the contacts `text` names (by full name, or by a first name no full name explains)."""
    return _names(text, contacts)


def about_them(text: str, person: Contact, contacts: list[Contact]) -> str | None:
    """The parts of `text` about `person`; None when no part is."""
    parts = [p for p in _PARTS.split(text) if p and p.strip()]
    if len(parts) < 2 and not _names(text, contacts) - {person.id}:
        return text
    kept, subject = [], None
    for part in parts:
        named = _names(part, contacts)
        if named and person.id not in named and subject in (None, {person.id}) and _PRONOUN.search(part):
            named = named | {person.id}  # "her husband is Paulo": about her too
        if named:
            subject = named
        if (no := _NOT_THEM.search(part)) and _names(no.group(0), contacts):  # "..., not devansh": a correction's
            if person.id in _names(no.group(0), contacts):
                subject = named - {person.id}
                continue  # the one it is not about
            part = part[:no.start()]
        if subject is None or person.id in subject:
            kept.append(part.strip().rstrip(".;,"))
    if not kept:
        return None
    return ", ".join(kept)


async def is_state(store: Store, k: str, q: QuestionIntent) -> bool:
    """Is the unknown "who is X?" a state the notes speak of ("pregnant", "getting married"),
    rather than a name? Lower-case words the notes contain (then the notes that say them are
    the answer, also to "who is paulo" when a note says "her husband is paulo"), or verb forms."""
    assert q.person is not None  # "who is X?" names X
    words = q.person.lower().split()
    if not re.match(r"(?i)\s*who\b", q.query) or not all(re.search(rf"\b{re.escape(w)}\b", q.query) for w in words):
        return False  # "who is Sven?": a name written as a name
    if all(re.search(r"(?:ing|ed)$", w) and len(w) > 4 for w in words):
        return True
    query = fts_query(" ".join(words))
    return bool(query) and bool(await store.full_text(k, query, 1))

async def mentions(store: Store, k: str, name: str) -> str:
    """Lines for the notes that name `name` as a person (the name finder decides: "this summer"
    is no one), each cut to the parts about them."""
    if not (query := fts_query(name)):
        return ""
    ids = [i for i, _ in await store.full_text(k, query, 20)]
    wanted = fold(name).split()
    notes = [n for n in await store.notes_by_id(k, ids)
             if any(fold(m.name).split()[:len(wanted)] == wanted for m in find_people(n.text))]
    notes.sort(key=lambda n: (n.on, n.id), reverse=True)
    them = Contact(0, name)  # not stored: a stand-in, so the parts about them can be told apart
    contacts = [them, *await store.contacts(k)]
    lines = [f"• {fmt.day(n.on)}: {text if _says_more(text, contacts) else n.text}" for n in notes
             if (text := about_them(n.text, them, contacts))]
    return "\n".join(lines[:3])


def _says_more(part: str, contacts: list[Contact]) -> bool:
    """Does `part` say more than names ("rohan and kabir" says nothing alone: the whole note is shown)?"""
    names = set(_by_first_word(contacts))
    return any(w not in names and w not in ("and", "n", "or", "with", "w") for w in re.findall(r"[^\W\d_]+", fold(part)))
