"""A noun phrase as people text it: the words after a preposition or "is", up to a small word
that starts something else ("lives in lyon now" -> "lyon", "works at blue bottle since may"
-> "blue bottle"). Shared by the fact patterns (`statements`, `named_facts`).
"""

from __future__ import annotations

import logging
import re

from core.understand.lexicon import MONTHS, TOMORROW_WORDS, WEEKDAYS, YESTERDAY_WORDS

logger = logging.getLogger(__name__)

BOUNDARY = set("""and but for with at in last next this since because after before when to so on by from
about who which that where today tonight yesterday tomorrow now not soon recently though while
as until till he she they his her their it its was is has had will i we you just also w w/ lol haha omg tbh rn
these nowadays lately currently permanently originally again
tonite tdy 2day ago earlier lmao
""".split()) | set(MONTHS) | set(WEEKDAYS) | set(YESTERDAY_WORDS) | set(TOMORROW_WORDS)


def phrase_after(text: str, pos: int, *, allow_in: bool = False, max_words: int = 6) -> str | None:
    """The noun phrase starting at `pos`, up to a boundary word or punctuation."""
    words: list[str] = []
    used_in = False
    for m in re.finditer(r"\S+", text[pos:]):
        raw = m.group(0)
        word = raw.strip(",.;:!?()\"")
        low = word.lower().strip("'’")
        if not word or not re.search(r"[^\W_]", word):
            break  # punctuation or an emoji ends the phrase
        if low == "in" and allow_in and words and not used_in:
            used_in = True
        elif low in BOUNDARY:
            break
        words.append(word)
        if raw.rstrip(")\"")[-1:] in ",.;:!?" or len(words) >= max_words:
            break
    while words and words[-1].lower() in ("in", "the", "a", "an"):
        words.pop()
    return " ".join(words).strip("'’\"") or None
