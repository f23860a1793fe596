"""Open questions about one person: "what's X learning?", "what are X's plans?", "how's X's
health?" ask for one thing about X, so the answer is the notes on X that say it, not the whole
profile.

What is asked is the question's meaningful words once the name and the asking ("what's", "up
to", "lately") are taken out. A note on X answers when the part about X (`about_them`) says one
of those words (with its endings) or a word of the same aspect of a life (`ASPECTS`: a plan is
said as "wants to", "is going to", "next year"; learning as "studying", "lessons"), or when the
vectors find it close in meaning. Nothing found: None, and the caller answers as before (the
profile), so a question this cannot read loses nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from core import format as fmt
from core.errors import EmbeddingUnavailable
from core.fields import said
from core.notes_about import about_them
from core.records import Contact
from core.repositories import Store
from core.retrieval import terms
from core.search import VectorIndex
from core.text import fold
from core.understand.lexicon import RELATIONS

logger = logging.getLogger(__name__)

MAX_NOTES = 3
VECTOR_FLOOR = 0.4  # a note of theirs this close to what is asked answers it
KINDS = ("news", "fact", "interaction")

# the asking, not what is asked: "what's X been up to lately", "tell me about X"
_FRAME = frozenset("""
whats what's whos who's hows how's new news up doing going been lately recently latest happening happened with w tell
know about anything something everything much stuff things thing going on now these days today how hows
current currently right at moment deal story update updates info say said
""".split())  # noqa: SIM905

# an aspect of a life: the words a question asks it by -> the words a note says it with
ASPECTS = [
    (("plan", "plans", "planning", "future", "next", "goals", "goal", "dream", "dreams", "hoping", "intend"),
     ("plan", "planning", "wants to", "want to", "wanna", "going to", "gonna", "hopes to", "hoping to", "thinking of",
      "thinking about", "considering", "dream", "goal", "next year", "next yr", "next month", "next summer",
      "someday", "one day", "intends", "aims to", "saving up", "saving for", "will", "about to", "soon")),
    (("learning", "learn", "studying", "study", "studies", "taking", "training", "practicing", "practising"),
     ("learning", "learn", "studying", "study", "course", "class", "lesson", "training", "degree", "school", "uni",
      "university", "college", "practicing", "practising", "teaching himself", "teaching herself",
      "teaching themselves", "bootcamp", "masters", "phd", "certificate", "tutor")),
    (("health", "healthy", "feeling", "sick", "ill", "recovery", "recovering", "injury"),
     ("sick", "ill", "hospital", "surgery", "operation", "injur", "recover", "broke", "broken", "diagnos", "flu",
      "covid", "pain", "doctor", "therapy", "pregnant", "health")),
    (("hobby", "hobbies", "fun", "into", "free", "weekends", "spare"),
     ("into", "loves", "hobby", "plays", "weekends", "free time", "spare time", "obsessed", "fan of", "enjoys")),
    (("dating", "love", "relationship", "seeing", "single", "partner"),
     ("dating", "girlfriend", "boyfriend", "partner", "engaged", "married", "single", "broke up", "breakup",
      "seeing someone", "wedding", "wife", "husband")),
    (("trip", "travel", "travelling", "traveling", "vacation", "holiday", "holidays", "visiting"),
     ("trip", "travel", "vacation", "holiday", "visiting", "flying", "flight", "abroad", "backpacking")),
]


def asked(query: str, c: Contact, person: str | None = None) -> list[str]:
    """What a question about `c` (called `person` in it) asks, beyond the name, the asking and a
    kinship word ("what's tom's brother up to" asks what's new with the brother)."""
    name = set(fold(f"{c.name} {person or ''}").split())
    return [w for w in terms(query) if w not in name and w.rstrip("s") not in name and w not in _FRAME
            and w not in RELATIONS and w.rstrip("s") not in RELATIONS]


def _words(wanted: list[str]) -> tuple[str, ...]:
    """The words a note may say what is asked with: the asked words and their aspects' words."""
    out = dict.fromkeys(wanted)
    for asks, says in ASPECTS:
        if any(w in asks for w in wanted):
            out.update(dict.fromkeys(says))
    return tuple(out)


async def answer(store: Store, index: VectorIndex | None, owner: str, query: str, c: Contact, person: str | None = None) -> str | None:
    """Lines for the notes on `c` that answer `query`, or None when nothing specific is asked or found."""
    wanted = asked(query, c, person)
    if not wanted or re.match(r"(?i)\s*(?:who|whos|who's|who’s)\b", query):  # "who is X": the profile
        return None
    contacts = await store.contacts(owner)
    notes = []
    for n in await store.notes(owner, c.id, KINDS, 50):
        if (text := about_them(n.text, c, contacts)) is not None:
            notes.append(replace(n, text=re.sub(r"^\([^)]*\)\s*", "", text)))
    if not notes:
        return None
    words = _words(wanted)
    found = {n.id: 1.0 + len(said(words, n.text)) for n in notes if said(words, n.text)}
    if index is not None:
        try:
            near = dict(await index.query(owner, " ".join(wanted), 100))
        except EmbeddingUnavailable as err:
            logger.warning("vector search skipped: %s", err)
            near = {}
        for n in notes:
            if near.get(n.id, 0.0) >= VECTOR_FLOOR:
                found[n.id] = found.get(n.id, 0.0) + near[n.id]
    best = sorted((n for n in notes if n.id in found), key=lambda n: (found[n.id], n.on, n.id), reverse=True)
    if not best:
        return None
    logger.debug("question about one person: %d notes answer it", len(best))
    return f"From your notes on {c.name}:\n" + "\n".join(f"• {fmt.day(n.on)}: {n.text}" for n in best[:MAX_NOTES])
