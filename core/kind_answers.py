"""Answers to a question that asks one fact kind ("where is dami from?", "what does yasmin
study?"), from the kind's own entry in the table of kinds (`core.facts`): its `answer` when
the fact is known (with the kind it is told `beside`, when that is known too: what someone
studies and where), else its `unknown`, and never a nearby kind's value (where someone lives
does not answer where they are from). When neither is stored, notes that use the kind's own
words ("got into dental school in enugu") are shown as what the notes say.
"""

from __future__ import annotations

import logging
import re

from core import format as fmt
from core.facts import KINDS
from core.records import Fact

logger = logging.getLogger(__name__)


def answerable(kind: str) -> bool:
    """Is `kind` a fact kind a question may ask by name?"""
    entry = KINDS.get(kind)
    return bool(entry and entry.answer)


def answer(kind: str, name: str, values: dict[str, str], notes: list[str]) -> str:
    """The reply for `name`'s `kind`, from their current fact `values`; `notes` are lines from
    their notes, newest first, for when neither the kind nor the one beside it is known."""
    entry = KINDS[kind]
    value, other = values.get(kind), values.get(entry.beside) if entry.beside else None
    if value and other:
        return entry.answer_beside.format(name=name, value=entry.shown(value), other=other)
    if value:
        return entry.answer.format(name=name, value=entry.shown(value), possessive=fmt.possessive(name))
    if other and entry.beside:
        return KINDS[entry.beside].answer.format(name=name, value=other)
    said = re.compile(entry.noted or entry.asked, re.I)
    lines = [n for n in notes if said.search(n)][:3]
    unknown = entry.unknown.format(name=name, possessive=fmt.possessive(name))
    if lines:
        return unknown.rstrip(".") + ", but your notes say:\n" + "\n".join(lines)
    return unknown


def planned_move(city: Fact | None, moving: Fact | None) -> str | None:
    """"where does X live" when a move is planned and not yet done (said no earlier than the
    city): the city and the move when the move's time was said ("next month"), else the move
    alone, "{name}" left to fill in; None when there is no such move."""
    if moving is None or city is not None and city.valid_from > moving.valid_from:
        return None
    if city is None or city.value.casefold() == moving.value.split(" (")[0].casefold() or " (" not in moving.value:
        return f"{{name}} is moving to {moving.value}."  # no time said ("loaded the van, she's moving to X"): under way
    return f"{{name}} lives in {city.value}, and is moving to {moving.value}."
