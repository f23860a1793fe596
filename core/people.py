"""People resolution: the same person across messages, by full name, first name or last
name, case- and accent-insensitively. Two people with one first name are ambiguous."""

from __future__ import annotations

from core.records import Contact
from core.understand.names import fold


def matches(name: str, contacts: list[Contact]) -> list[Contact]:
    """Contacts that `name` may refer to, best match first."""
    f = fold(name).strip()
    if not f:
        return []
    exact = [c for c in contacts if fold(c.name) == f]
    if exact:
        return exact
    parts = f.split()
    if len(parts) == 1:
        first = [c for c in contacts if fold(c.name).split()[0] == f]
        if first:
            return first
        last = [c for c in contacts if len(c.name.split()) > 1 and fold(c.name).split()[-1] == f]
        # "jiwoo" or "seoyeon" for Ji-woo Park or Seo-yeon Kim: the same name without its hyphen
        return last or [c for c in contacts if "-" in c.name and _unhyphened(fold(c.name).split()[0]) == _unhyphened(f)]
    # "José María" for José María Alonso: the words given are the start of a longer name.
    longer = [c for c in contacts if fold(c.name).split()[: len(parts)] == parts]
    if longer:
        return longer
    # "Sam Lee" when only "Sam" is known: the same person, now with a surname.
    return [c for c in contacts if len(fold(c.name).split()) == 1 and fold(c.name) == parts[0]]


def _unhyphened(word: str) -> str:
    return word.replace("-", "")
