"""Names in a sentence that are not someone new: another name for a person just named, and a
pet's name in a list.

- "eleni aka leni", "Robert, who goes by Bob": the name after "aka / known as / goes by" is
  the person's nickname (a fact about them, `statements.nicknames`), not a second person.
- "Robert (Bobby) Okonkwo": a nickname in brackets inside a full name; the name around it is
  one person, "Robert Okonkwo".
- "has 2 cats, tama and miro": every name listed after a pet word names a pet.
"""

from __future__ import annotations

import logging
import re

from core.understand.kinds import PET_WORDS
from core.understand.names import Mention

logger = logging.getLogger(__name__)

_AKA_BEFORE = re.compile(r"(?:\baka|\ba\.k\.a\.?|\bknown as|\bgoes by|\bnicknamed)\s*$", re.I)
_PET_LIST_BEFORE = re.compile(rf"\b(?:{PET_WORDS})\s*,?\s+(?:(?:is\s+|are\s+)?(?:called|named)\s+)?"
                              r"(?:[^\W\d_][\w'’-]*\s*(?:,|and|&|\+|n)\s*)+$", re.I)
_NICK_INSIDE = re.compile(r"\s*\([^()]{1,30}\)\s+")


def not_people(sent: str, mentions: list[Mention]) -> list[Mention]:
    """`mentions` without nicknames and listed pet names, a name split by a bracketed nickname joined."""
    out: list[Mention] = []
    for m in mentions:
        before = sent[max(0, m.start - 80):m.start]
        if not m.known and (_AKA_BEFORE.search(before) and out and out[-1].end <= m.start
                            and re.search(r"\S", sent[out[-1].end:m.start]) and len(sent[out[-1].end:m.start]) < 16
                            or _PET_LIST_BEFORE.search(before)):
            continue
        if out and not m.known and " " not in m.name and _NICK_INSIDE.fullmatch(sent[out[-1].end:m.start]) \
                and " " not in out[-1].name:  # "Robert (Bobby) Okonkwo"
            first = out.pop()
            m = Mention(first.start, m.end, f"{first.name} {m.name[:1].upper()}{m.name[1:]}", first.known)
        out.append(m)
    return out
