"""Who a name nobody is called means, when it is someone's nickname: "seun" for Oluwaseun
Adeyemi ("everyone calls him seun"), "kasia" for Katarzyna ("she goes by kasia").

A question names people the way the owner speaks of them, and that is often not the name
stored. Before an answer says "I don't know anyone called Kasia", `known_as` looks for one
contact who has that nickname: a stored nickname fact, else one of their own notes that
gives it ("goes by", "calls him", "aka", "X for short", "(X)"). Only a single contact counts:
two people with the same nickname stay unknown rather than a guess.
"""

from __future__ import annotations

import logging
import re

from core.records import Contact
from core.repositories import Store
from core.retrieval import fts_query
from core.text import fold

logger = logging.getLogger(__name__)

_GIVEN = (r"(?:goes by|go by|going by|(?:every(?:one|body)|people|we|they|i|friends)\s+calls?\s+(?:him|her|them)|"
          r"calls? (?:him|her|them)self|known as|aka|a\.k\.a\.?|nicknamed?|nick(?:name)? is|short for)")


def _says_nickname(text: str, name: str) -> bool:
    n = re.escape(fold(name))
    t = fold(text)
    return bool(re.search(rf"\b{_GIVEN}\s+['\"“]?{n}\b", t) or re.search(rf"\(\s*{n}\s*\)", t)
                or re.search(rf"\b{n}\s+for short\b", t))


async def known_as(store: Store, k: str, name: str, contacts: list[Contact]) -> Contact | None:
    """The one contact whose nickname `name` is, or None."""
    if not name.strip() or len(name.split()) > 2:
        return None
    by_fact = {c.id: c for c in await store.people_with_fact(k, "nickname", name)}
    by_fact = {i: c for i, c in by_fact.items() if any(fold(v) == fold(name) for v in await _nicknames(store, k, c))}
    if by_fact:
        return next(iter(by_fact.values())) if len(by_fact) == 1 else None
    if not (query := fts_query(name)):
        return None
    ids = [i for i, _ in await store.full_text(k, query, 20)]
    people = {c.id: c for c in contacts}
    found = {n.contact_id for n in await store.notes_by_id(k, ids)
             if n.contact_id in people and _says_nickname(n.text, name)}
    return people[found.pop()] if len(found) == 1 else None


async def _nicknames(store: Store, k: str, c: Contact) -> list[str]:
    facts = await store.current_facts(k, c.id)
    value = facts["nickname"].value if "nickname" in facts else ""
    return [v.strip() for v in re.split(r"[,/;]|\bor\b", value) if v.strip()]
