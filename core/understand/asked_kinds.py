"""Questions that ask one fact kind by its own words: "where is dami from again", "where did
lars grow up", "what does yasmin study", "where does kemal go to uni".

The words are each kind's `asked` entry in the table of kinds (`core.facts`), so a kind that
people ask about is asked here with no pattern of its own, and a question about one kind is
never answered with a nearby one (where someone is from is not where they live). Only a
question about a person reaches this; "who is from lagos" asks for people, not a fact.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from core.facts import KINDS

logger = logging.getLogger(__name__)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(k.asked, re.I)) for name, k in KINDS.items() if k.asked)


# a question that asks about people or meetings, not about one fact of the person named
_NOT_A_FACT = re.compile(r"^\s*(?:who|whom|anyone|anybody)\b|\b(?:did|have|had) (?:i|we)\b|\bwhen\b|"
                         r"\b(?:new|news|up to|latest)\b|^\s*how\b", re.I)


def asked_kind(question: str) -> str | None:
    """The fact kind `question` (folded, lowercase) asks about a person, or None."""
    if _NOT_A_FACT.search(question):
        return None
    for name, pattern in _patterns():
        if pattern.search(question):
            return name
    return None
