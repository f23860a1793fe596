"""People by what happened in their lives: "who's expecting?", "anyone get engaged lately?", "who's
in hospital", "who lost someone this year", "who's been travelling".

A question about a life event names it in words a note about the person rarely shares ("expecting"
against "she's pregnant w twins"), and the sentence embeddings (MiniLM) rate such short questions
close to every note (a drinks night scores nearly as high as the pregnancy for "who's expecting").
So a table says, for each event, how a question asks about it and how news of it is told; a
person is found when the part of a note about them (`about_them`) tells it, newest first.

One entry an event; general knowledge about lives, not fitted to any conversation. Words are
matched whole with their usual endings (`core.fields.said`). A question that names no event, or
an event nobody's notes tell, is left to the usual search (`core.people_search`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from core.fields import any_of, said, split_words
from core.notes_about import about_them
from core.people_search import MAX_PEOPLE, Person
from core.repositories import Store

logger = logging.getLogger(__name__)

POOL = 200  # notes from the full-text index


@dataclass(frozen=True)
class Event:
    name: str
    asked: tuple[str, ...]  # how a question names it
    told: tuple[str, ...]  # how news of it is told in a note


def _e(name: str, asked: str, told: str) -> Event:
    return Event(name, split_words(asked), split_words(asked) + split_words(told))


EVENTS = [
    _e("pregnancy", "pregnant, expecting, having a baby, baby on the way, mum to be, mom to be, dad to be",
       "pregnancy, trimester, baby shower, due date, due in, bump, weeks along, months along"),
    _e("new baby", "had a baby, new baby, newborn, new parent, new parents, became a dad, became a mum, became a mom, "
       "became a father, became a mother, gave birth", "baby girl, baby boy, was born, welcomed, birth"),
    _e("engagement", "engaged, engagement, proposed, popped the question", "fiance, fiancee, fiancé, fiancée"),
    _e("wedding", "married, getting married, wedding, tied the knot, newlywed, newlyweds, eloped",
       "honeymoon, wed"),
    _e("breakup", "broke up, broken up, split up, breakup, break up, divorced, divorce, separated, single again",
       "dumped"),
    _e("new job", "new job, got a job, got hired, hired, job offer, started a job, changed jobs, switched jobs",
       "landed a job, started at, first day at"),
    _e("promotion", "promoted, promotion, got a raise", "made partner, made head"),
    _e("job loss", "laid off, fired, lost his job, lost her job, lost their job, unemployed, redundant, "
       "made redundant, between jobs, job hunting, looking for work", "layoffs, let go"),
    _e("move", "moved, moving, relocated, relocating, new place, new flat, new apartment, new house, bought a house",
       "moving to, moved to, moved into, moved back"),
    _e("illness", "sick, ill, unwell, in hospital, in the hospital, hospitalised, hospitalized, hurt, injured, "
       "injury, surgery, recovering, not well, poorly",
       "broke his, broke her, broken leg, broken arm, broken wrist, broken ankle, covid, flu, cancer, chemo, "
       "concussion, diagnosed, a&e, er visit, stitches"),
    _e("bereavement", "lost someone, passed away, died, death, grieving, funeral, bereavement, condolences, "
       "loss in the family", "lost his mum, lost her mum, lost his mom, lost her mom, lost his dad, "
       "lost her dad, lost his father, lost her father, lost his mother, lost her mother, memorial"),
    _e("graduation", "graduated, graduating, graduation, got a degree, finished uni, finished school, "
       "finished university, defended", "diploma, commencement, thesis defense, thesis defence"),
    _e("retirement", "retired, retiring, retirement", "last day at work"),
    _e("travel", "travelling, traveling, travelled, traveled, on a trip, abroad, on holiday, on vacation, "
       "backpacking", "trip, holiday, vacation, flew to, flying to, touring"),
]


def asked(question: str) -> list[Event]:
    """The events `question` asks about, the longest wording first: "had a baby" is a new baby
    even though "baby" alone might be a pregnancy."""
    found = [(max((len(w) for w in said(e.asked, question)), default=0), e) for e in EVENTS]
    best = max((n for n, _ in found), default=0)
    return [e for n, e in found if n and n == best]


async def find(store: Store, owner: str, question: str) -> list[Person] | None:
    """The people whose notes tell of the events `question` asks about, the newest news first;
    None when it asks about no event or no note tells of one (the usual search answers then)."""
    events = asked(question)
    if not events:
        return None
    hits = await store.full_text(owner, any_of(w for e in events for w in e.told), POOL)
    notes = await store.notes_by_id(owner, [i for i, _ in hits])
    contacts = await store.contacts(owner)
    by_id = {c.id: c for c in contacts}
    people: dict[int, Person] = {}
    words = tuple(w for e in events for w in e.told)
    for n in notes:
        c = by_id.get(n.contact_id) if n.contact_id is not None else None
        if c is None:
            continue
        mine = about_them(n.text, c, contacts)
        if not mine or not said(words, mine):
            continue  # the news is about someone else in the same note
        p = people.setdefault(c.id, Person(c))
        p.notes.append((n.on.toordinal(), replace(n, text=mine)))
    for p in people.values():
        p.notes.sort(key=lambda sn: sn[0], reverse=True)
        p.score = p.notes[0][0]
    ranked = sorted(people.values(), key=lambda p: p.score, reverse=True)[:MAX_PEOPLE]
    logger.debug("life event question: %s, %d people", [e.name for e in events], len(ranked))
    return ranked or None
