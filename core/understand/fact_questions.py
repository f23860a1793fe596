"""Questions about the fact kinds that have no question of their own: where someone is from,
where they study, their pets, their nickname ("where's lerato from again", "where did kenji
go to uni", "whats amaru's dog called", "what do people call siobhan").

One entry per kind of `core.facts.KINDS` (keyed by its name): how it is asked, how it is
answered, and what to say when the fact is not known. A kind asked that is not known is said to
be unknown, never answered with a nearby kind ("where is X from" is not where X lives). The
question reader (`questions.parse`) asks `asked` which kind a question is about; the answerer
asks `answer` for the reply. Adding a kind's question is adding an entry here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from core import format as fmt

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asked:
    kind: str  # the name of a kind in core.facts.KINDS
    pattern: re.Pattern[str]  # how it is asked (on the folded, lowercased question)
    known: str  # the answer, "{name}" and "{value}" filled in
    unknown: str  # the answer when the fact is not known
    told: re.Pattern[str]  # how a note says it, when it is not a fact yet


ASKED: tuple[Asked, ...] = (
    Asked("hometown", re.compile(r"\bwhere\b.*\b(?:from|grow up|grew up|raised|brought up|born)\b|\bhome ?town\b|"
                                 r"\boriginally\b|\bwhat (?:country|city|town|place)\b.*\bfrom\b"),
          "{name} is from {value}.", "I don't know where {name} is from yet.",
          re.compile(r"(?i)\b(?:originally from|grew up|raised in|born in|hometown|home town)\b")),
    Asked("school", re.compile(r"\bwhere\b.*\b(?:study|studied|studies|studying|graduated?)\b|"
                               r"\b(?:school|uni|university|college|alma mater)\b"),
          "{name} studies (or studied) at {value}.", "I don't know where {name} studies or studied yet.",
          re.compile(r"(?i)\b(?:stud(?:y|ies|ied|ying)|school|uni|university|college|degree|graduated?)\b")),
    Asked("nickname", re.compile(r"\bnick ?names?\b|\bwhat do (?:i|we|people|they|you|u|ppl|everyone) call\b|"
                                 r"\bgo(?:es)? by\b|\bcalled by\b"),
          "{name} is also called {value}.", "I don't know another name for {name}.",
          re.compile(r"(?i)\b(?:nick ?name|goes by|call (?:him|her|them))\b")),
    Asked("pet", re.compile(r"\b(?:pets?|dogs?|cats?|pupp(?:y|ies)|kittens?|hamsters?|rabbits?|parrots?|"
                            r"bunn(?:y|ies)|tortoises?|fish)\b"),
          "{possessive} pets: {value}.", "I don't know of any pets {name} has.",
          re.compile(r"(?i)\b(?:pets?|dogs?|cats?|pupp(?:y|ies)|kittens?|hamsters?|rabbits?|parrots?)\b")),
)
_BY_KIND = {a.kind: a for a in ASKED}


def asked(low: str) -> str | None:
    """The fact kind a question (folded, lowercased) is about, of those in `ASKED`, or None."""
    return next((a.kind for a in ASKED if a.pattern.search(low)), None)


def told_by(kind: str) -> re.Pattern[str]:
    """How a note says a fact of `kind` that is not stored as one ("she studied at knust")."""
    return _BY_KIND[kind].told


def answer(kind: str, name: str, value: str | None) -> str:
    """The reply to a question about `kind` of `name`, whose current value is `value` (None: unknown)."""
    entry = _BY_KIND[kind]
    template = entry.known if value else entry.unknown
    return template.format(name=name, value=value or "", possessive=fmt.possessive(name))
