"""Which kinds of contact a question asks about: seeing someone is meeting them, talking is
any contact.

"when did I last see Ana?" and "who did I see last week?" are about meetings ("met"): a
phone call is not a meeting, so a later call must not answer them. "when did I last talk to
Ana?", "who did I call this week?", "last time I heard from Ana" are about any contact
(a meeting is talking too); "who did I text?" is about texts. `asked` maps a question's
words to the interaction kinds that answer it (`core.records.Interaction.kind`).
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

MET = frozenset({"met"})
ANY = frozenset({"met", "call", "text"})

_CALL = re.compile(r"(?i)\b(?:call(?:ed|s)?|phoned?|ring|rang|facetimed?|video ?call(?:ed)?|zoom(?:ed)?)\b")
_TEXT = re.compile(r"(?i)\b(?:text(?:ed|s)?|messag(?:e|ed)|dm(?:ed|'?d)?|whatsapp(?:ed)?|email(?:ed)?|wrote)\b")
_TALK = re.compile(r"(?i)\b(?:talk(?:ed)?|spoke|speak|spoken|chat(?:ted)?|hear[d]?|in touch|contact(?:ed)?|"
                   r"catch up|caught up)\b")


def asked(question: str) -> frozenset[str]:
    """The interaction kinds that answer `question`: any contact for talking, calls or texts
    when those are named, meetings otherwise."""
    calls, texts = bool(_CALL.search(question)), bool(_TEXT.search(question))
    if _TALK.search(question) or (calls and texts):
        return ANY
    if calls:
        return frozenset({"call"})
    if texts:
        return frozenset({"text"})
    return MET
