"""Answers for recall questions: a brief (`core.brief`), looking back (`core.lookback`) and losing
touch (`core.losing_touch`). `core.answers.Answerer.answer` hands these kinds here.

People are resolved as every other answer resolves them (`core.notes_about.resolve`): a name
nobody knows gets an honest "I don't have anyone called X" (with the notes that name them, never
anyone else's), and a first name two contacts share is asked about. A brief may name several
people ("prep me for dinner w sam and priya"): each known one gets their brief.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from core import brief, lookback, losing_touch
from core import format as fmt
from core.intents import QuestionIntent
from core.notes_about import mentions, resolve
from core.persona import CharacterCard
from core.records import Contact, Owner
from core.understand.names import find_people, fold

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.answers import Answerer

logger = logging.getLogger(__name__)

KINDS = ("brief", "lookback", "not_seen")
MAX_BRIEFS = 3


async def answer(answerer: Answerer, owner: Owner, q: QuestionIntent, today: date, persona: CharacterCard | None = None) -> tuple[str, int | None]:
    """(reply, id of the person now in focus) for a recall question."""
    store, k = answerer.store, owner.key
    if q.kind == "not_seen":
        return await losing_touch.answer(store, k, today), None
    if q.kind == "lookback" and not q.person:
        return await lookback.answer_without_person(store, k, q, today), None
    if not q.person:  # a model's brief that names no one
        return "Who should I brief you on? e.g. \"prep me for lunch w Sam\".", None
    contacts = await store.contacts(k)
    found = resolve(q.person, contacts)
    if not found:
        unknown = f"I don't have anyone called {q.person} in your contacts yet"
        if said := await mentions(store, k, q.person):
            return f"{unknown}, but your notes mention {q.person}:\n{said}", None
        return unknown + ".", None
    if len(found) > 1:
        return f"You know {len(found)} people called {q.person}: {fmt.join([c.name for c in found])}. Which one do you mean?", None
    c = found[0]
    if q.kind == "lookback":
        return await lookback.with_person(store, k, q, c, today), c.id
    people = [c] + [o for o in _also_named(q.query, contacts, q.person) if o.id != c.id]
    texts = [await brief.brief(store, k, p, today, answerer.briefer, persona) for p in people[:MAX_BRIEFS]]
    return "\n\n".join(texts), c.id


def _also_named(query: str, contacts: list[Contact], first: str | None) -> list[Contact]:
    """Other contacts a brief request names, each only when the name means one of them."""
    out = []
    for m in find_people(query, [c.name for c in contacts]):
        if not m.known or (first and fold(m.name) == fold(first)):
            continue
        hit = resolve(m.name, contacts)
        if len(hit) == 1 and hit[0] not in out:
            out.append(hit[0])
    return out
