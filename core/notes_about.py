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
"""

from __future__ import annotations

import difflib
import logging
import re

from core.people import matches
from core.records import Contact
from core.understand.names import fold

logger = logging.getLogger(__name__)

TYPO_RATIO = 0.8  # difflib ratio: one edit in a five-letter name passes, two do not
_PRONOUN = re.compile(r"(?i)\b(?:he|she|they|his|her|hers|their|him|them)\b")
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


def _names(part: str, contacts: list[Contact]) -> set[int]:
    """Ids of the contacts a part of a note names: by full name, or by a first name no full
    name in the part explains."""
    folded = fold(part)
    words = set(re.findall(r"[^\W_]+", folded))
    full = {c.id for c in contacts if " " in c.name.strip() and fold(c.name) in folded  # substring before regex
            and re.search(rf"\b{re.escape(fold(c.name))}\b", folded)}
    named_firsts = {fold(c.name).split()[0] for c in contacts if c.id in full}
    first = {c.id for c in contacts if c.name.strip() and fold(c.name).split()[0] in words
             and fold(c.name).split()[0] not in named_firsts}
    return full | first


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
        if subject is None or person.id in subject:
            kept.append(part.strip().rstrip(".;,"))
    if not kept:
        return None
    return ", ".join(kept)
