"""The host of a gathering said as "at X's": "bbq at amara's, her twins are so big now",
"playdate at yuki's w her son ren".

"at X's" names a place, and the place is sometimes a shop ("lunch at nando's"); the tagger
reads both as places. What tells a host apart is what follows: a "his/her" (or "he/she")
later in the message with nobody named in between can only mean the owner of that home, so
X is a person, and an activity at a person's home is time spent with them. A home said with
its noun ("at kofi's place") is already a person's (`slots.owner_slot`).
"""

from __future__ import annotations

import logging
import re

from core.understand.names import Mention, fold
from core.understand.names import _is_name_word as is_name_word

logger = logging.getLogger(__name__)

_AT_HOME = re.compile(
    r"\b(?:at|@)\s+(?P<name>[^\W\d_][\w-]*?)(?:'s|’s|'|’)(?=\s*(?:$|[,.;:!?)]|(?:w|w/|with|for|on|last|yesterday|yday|"
    r"tonight|today|this|and|&|\+|then|was|were|til|until|after|before|lol|haha)\b))", re.I)
_ACTIVITY = re.compile(r"\W*(?:[^\W\d_][\w'’-]*\s+){1,2}", re.I)
_PRONOUN = re.compile(r"\b(?:his|her|he|she|hes|shes|he's|she's|he’s|she’s|him)\b", re.I)


def hosts(text: str, mentions: list[Mention], end: int | None = None) -> list[Mention]:
    """`mentions` with the hosts of "at X's" before `end` added, where a later "his/her" (up to
    the end of `text`) can only mean them."""
    out = list(mentions)
    for m in _AT_HOME.finditer(text, 0, len(text) if end is None else end):
        s, e = m.span("name")
        if any(x.start <= s < x.end for x in out) or not is_name_word(m["name"]):
            continue
        pronoun = _PRONOUN.search(text, m.end())
        if pronoun is None or any(m.end() <= x.start < pronoun.start() for x in out):
            continue
        word = m["name"]
        out.append(Mention(s, e, word if any(c.isupper() for c in word) else word[:1].upper() + word[1:]))
        # "braai at thandi's": the words before "at" said what was done there, not who
        out = [x for x in out if x.known or not _ACTIVITY.fullmatch(text[:m.start()]) or not x.end <= m.start()]
        logger.debug("host at %s", fold(word))
    return sorted(out, key=lambda x: x.start)


def host_of(text: str, people: list[Mention]) -> Mention | None:
    """The person whose home an activity opening `text` took place at ("bbq at amara's"), if any."""
    m = re.match(r"^\W*(?!(?:i|we|he|she|they|it|its|my|our)\b)(?:[^\W\d_][\w'’-]*\s+){1,4}?(?:at|@)\s+", text, re.I)
    if not m:
        return None
    found = next((p for p in people if p.start == m.end()), None)
    return found if found and re.match(r"(?:'s|’s|'|’)", text[found.end:]) else None
