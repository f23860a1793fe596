"""A fact said by naming its kind: "wanjiru's employer is kcb bank", "her hometown is gyumri",
"his job: sous chef", "correction: tomas's company is now acme".

The nouns come from the table of kinds (`core.facts.Kind.nouns`), so a kind with nouns is
said this way with no pattern of its own. Whose fact it is: the name right before "'s", or,
after "his/her/their", the clause's subject. A value said as "at X" for a job is where they
work. Kinds with their own parser (birthdays, read with their many date forms) are left to it.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from core.facts import KINDS
from core.intents import FactStatement
from core.understand.phrases import phrase_after

if TYPE_CHECKING:  # clauses reads `in_value_slot` from here
    from core.understand.clauses import Clause

logger = logging.getLogger(__name__)

_OWN_PARSER = {"birthday"}
_NOUNS = {noun: kind for kind, k in KINDS.items() if k.said and kind not in _OWN_PARSER for noun in k.nouns}
_NOUN = "|".join(sorted((re.escape(n).replace(r"\ ", r"\s+") for n in _NOUNS), key=len, reverse=True))
_NAMED = re.compile(
    rf"(?:(?P<named>'s|’s)|\b(?P<poss>his|her|their))\s+(?:new\s+|current\s+|real\s+|actual\s+|proper\s+)?"
    rf"(?P<noun>{_NOUN})\s*(?:\s(?:is|was|'s|’s)(?:\s+(?:now|actually|really|still))?|:|=|\s-)\s+", re.I)


def named_facts(clause: Clause, subject: str, correction: bool) -> list[FactStatement]:
    """The facts `clause` states by the name of their kind."""
    out: list[FactStatement] = []
    for m in _NAMED.finditer(clause.text):
        person = subject
        if m["named"]:
            before = [p for p in clause.people if p.end == m.start()]
            if not before:
                continue
            person = before[0].name
        kind = _NOUNS[re.sub(r"\s+", " ", m["noun"].lower())]
        rest = clause.text[m.end():]
        if at := re.match(r"(?:at|with|for)\s+", rest, re.I):
            if kind != "title":
                continue
            kind, rest = "employer", rest[at.end():]  # "her job is at the port"
        elif kind == "title":
            rest = re.sub(r"^(?:an?|the)\s+", "", rest, flags=re.I)
        value = phrase_after(rest, 0, max_words=5)
        if value and not any(f.person == person and f.kind == kind for f in out):
            out.append(FactStatement(person=person, kind=kind, value=value, correction=correction))
    return out


def in_value_slot(text: str, start: int) -> bool:
    """Is `start` where the value of a named kind begins ("her hometown is kisumu"): no person."""
    return any(m.end() == start for m in _NAMED.finditer(text[:start + 1] if start < len(text) else text))
