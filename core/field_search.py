"""People by field or need: "who here works in healthcare?", "anyone in tech?", "my cat is sick, who
could help?", "need someone who knows taxes".

`core.fields` says which fields a question asks for. A person is in one when a note about them
(the part about them, `about_them`) says an occupation or workplace of the field ("she's a
pharmacist" is healthcare), found by SQLite full-text (FTS5, porter stems) and checked word by
word; or when the vectors (MiniLM) find a note that means the field nearly as well as a field's
own words do ("works nights on a cardiology ward"), above a floor that refuses near-misses: a
saxophonist is not in healthcare, however much closer he is than anyone else. With no one in
the field the answer says so, rather than offering the nearest unrelated note.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from core.errors import EmbeddingUnavailable
from core.fields import Field, any_of, in_field, is_need, wanted
from core.notes_about import about_them
from core.people_search import MAX_PEOPLE, Person
from core.repositories import Store
from core.search import VectorIndex

logger = logging.getLogger(__name__)

POOL = 200  # notes from each ranker
VECTOR_FLOOR = 0.45  # a note this close to "works in <field>" is in it (MiniLM: a cardiology ward 0.50,
# the hospital 0.49; the nearest wrong ones 0.34-0.41: a data analyst for education, a mural for the arts)


def nobody(query: str) -> str:
    """The answer when no one is in the fields asked for."""
    fields = wanted(query)
    if fields and fields[0].said and not is_need(query):
        return f"I don't know anyone in {fields[0].said[0]} yet."
    return "I don't know anyone for that yet."


def _probe(fields: list[Field]) -> str:
    """What a note about someone in these fields means: a bag of occupations embeds poorly."""
    return " or ".join(f"works in {f.said[0]}" if f.said else f"is a {f.people[0]}" for f in fields)


async def find(store: Store, index: VectorIndex | None, owner: str, query: str) -> list[Person] | None:
    """The people in the fields `query` asks for, best first (an empty list when no one is);
    None when it asks for no field (then the usual search answers)."""
    fields = wanted(query)
    if not fields:
        return None
    lexical = await store.full_text(owner, any_of(w for f in fields for w in f.people), POOL)
    meaning: list[tuple[int, float]] = []
    if index is not None:
        try:
            meaning = [(i, s) for i, s in await index.query(owner, _probe(fields), POOL) if s >= VECTOR_FLOOR]
        except EmbeddingUnavailable as err:
            logger.warning("vector search skipped: %s", err)
    ids = dict.fromkeys([i for i, _ in lexical] + [i for i, _ in meaning])
    notes = {n.id: n for n in await store.notes_by_id(owner, list(ids))}
    contacts = await store.contacts(owner)
    by_id = {c.id: c for c in contacts}
    cosine = dict(meaning)
    people: dict[int, Person] = {}
    for i in ids:
        n = notes.get(i)
        c = by_id.get(n.contact_id) if n is not None and n.contact_id is not None else None
        if n is None or c is None:
            continue
        mine = about_them(n.text, c, contacts) or n.text
        words = in_field(fields, mine)
        if not words and i not in cosine:
            continue  # the field's word is in the part of the note about someone else
        score = len(set(words)) + cosine.get(i, 0.0)
        p = people.setdefault(c.id, Person(c))
        p.notes.append((score, replace(n, text=mine)))
    for p in people.values():
        p.notes.sort(key=lambda sn: (sn[0], sn[1].on), reverse=True)
        p.score = p.notes[0][0]
    ranked = sorted(people.values(), key=lambda p: p.score, reverse=True)[:MAX_PEOPLE]
    logger.debug("field question: %s, %d people", [f.name for f in fields], len(ranked))
    return ranked
