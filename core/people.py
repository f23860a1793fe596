"""People resolution: the same person across messages, by full name, first name or last
name, case- and accent-insensitively, with or without a hyphen ("jiwoo" is Ji-woo). Two people
with one first name are ambiguous."""

from __future__ import annotations

from core.records import Contact
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
