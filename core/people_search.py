"""Open questions answered with people: "who has a dog?", "anyone musical?", "who do i know
that runs?" ask for people, so hybrid search's notes are grouped by the person they are about
and the people are ranked.

* **Evidence.** A note counts for its person only in the part about them (`about_them`: "lunch
  w maya and raj, raj got promoted" is no evidence that Maya got promoted), and only if it
  means what was asked, not merely shares a word with it: a note whose meaning (the vectors'
  cosine) is far below the best note's is left out ("lunch at the hot dog place" is no dog).
  Without vectors (a remote embedder down) the words alone decide.
* **Rank.** A person ranks by their best note's meaning (its fused score without vectors),
  plus a share of their second best: two notes that say it (a puppy, then jogging with the
  puppy) are surer than one.
* **Cut.** People whose best note is within a margin of the best one are listed, up to
  `MAX_PEOPLE`; a fixed margin is a wide gap at low scores, so the margin is also a share of
  the best score. A word the question shares with one note can lift it far above the rest
  ("hot dog" for "who has a dog?"), so a person whose note means it nearly as well as the
  best-meaning note is listed too (the puppy, the labradors).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from core.notes_about import about_them, named_in
from core.records import Contact, Note
from core.retrieval import terms
from core.search import Hit

logger = logging.getLogger(__name__)

FLOOR = 0.15  # a best note below this answers nothing
MARGIN = 0.07  # people whose score is within this of the best one are listed too ...
RATIO = 0.8  # ... and within this share of it
MEANING_RATIO = 0.6  # a note below this share of the best note's cosine merely shares words
MEANING_KEEP = 0.85  # a person whose note means it this nearly as well as the best one is listed
SUPPORT = 0.25  # share of a person's second-best note added to their best
MAX_PEOPLE = 5
NOTES_EACH = 2


@dataclass
class Person:
    contact: Contact
    score: float = 0.0
    meaning: float = 0.0  # the best cosine among their notes
    meanings: list[float] = field(default_factory=list)
    notes: list[tuple[float, Note]] = field(default_factory=list)  # (score, note trimmed to them), best first


def rank(hits: list[Hit], notes: dict[int, Note], contacts: list[Contact], query: str) -> list[Person]:
    """The people `hits` (from `core.search.hybrid`, best first) are evidence for, best first,
    cut to those near the best one.

    Args:
        hits: search hits (note id, score, meaning), best first.
        notes: note id -> Note, for the hits (the owner's only).
        contacts: the owner's contacts.
        query: the question as asked.
    """
    by_id = {c.id: c for c in contacts}
    asked = set(terms(query))
    meant = [h.meaning for h in hits if h.meaning is not None and h.score >= FLOOR]
    meant = meant if meant and max(meant) > 0 else []  # vectors that found nothing say nothing
    least = MEANING_RATIO * max(meant) if meant else None
    people: dict[int, Person] = {}
    for h in hits:
        n = notes.get(h.note_id)
        c = by_id.get(n.contact_id) if n is not None and n.contact_id is not None else None
        if n is None or c is None or h.score < FLOOR:
            continue
        if least is not None and h.meaning is not None and h.meaning < least:
            continue  # shares a word with the question, not its meaning
        if (mine := about_them(n.text, c, contacts)) != n.text:
            if not mine or asked & set(terms(n.text)) - set(terms(mine)):
                continue  # the words asked for are in the part of the note about someone else
            n = replace(n, text=mine)
        p = people.setdefault(c.id, Person(c))
        p.notes.append((h.score, n))
        p.meanings.append(h.meaning or 0.0)
    for p in people.values():  # ranked by meaning when there is one: a shared word says less
        first, *more = sorted(p.meanings if meant else [s for s, _ in p.notes], reverse=True)
        p.meaning = max(p.meanings)
        p.score = first + SUPPORT * (more[0] if more else 0.0)
    ranked = sorted(people.values(), key=lambda p: p.score, reverse=True)
    if not ranked:
        return []
    top = max(p.notes[0][0] for p in ranked)  # the cut looks at best notes: support only orders
    cut = max(FLOOR, top - MARGIN, top * RATIO)
    sure = MEANING_KEEP * max(meant) if meant else float("inf")
    keep = [p for p in ranked if p.notes[0][0] >= cut or p.meaning >= sure][:MAX_PEOPLE]
    for p in keep:  # a person's further notes are shown only if they would have made the cut
        p.notes = [p.notes[0]] + [(s, n) for s, n in p.notes[1:NOTES_EACH] if s >= cut]
    logger.debug("open question: %d people of %d with evidence", len(keep), len(ranked))
    return keep


def named_over_implied(people: list[Person], contacts: list[Contact]) -> list[Person]:
    """`people` without the notes a person holds only through a pronoun when the same note names
    another person listed: "his sister aoi is getting married", kept on Emiko too ("his"), is
    Aoi's news. A person left with no notes is left out."""
    by_text: dict[str, set[int]] = {}
    for p in people:
        for _, n in p.notes:
            if p.contact.id in named_in(n.text, contacts):
                by_text.setdefault(n.text, set()).add(p.contact.id)
    out = []
    for p in people:
        notes = [(s, n) for s, n in p.notes if not by_text.get(n.text, set()) - {p.contact.id}
                 or p.contact.id in by_text.get(n.text, set())]
        if notes:
            out.append(replace(p, notes=notes))
    return out
