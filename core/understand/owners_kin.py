"""What a person is to the owner: "call w my cousin tariq", "my sister-in-law ngozi", "lupe
(my aunt)", "hailu (my plumber)", "nkechi is my stepsister".

The owner is no contact, so a relative of the owner is not a relation between two contacts:
it is a fact about the person (kind `kin` in `core.facts`, value the relation as stored,
"cousin", "sister-in-law"), answered as "your cousin". Three shapes say it, whatever the
rest of the clause is: a kinship word after "my/our" right before a name, the same in
brackets (any role: "(my landlord)") or between commas right after the name, and "X is my <kin>". A kinship word that
owns someone else ("my cousin's wife Ada") says nothing about Ada and the owner.
"""

from __future__ import annotations

import logging
import re

from core.intents import FactStatement
from core.understand.clauses import Clause
from core.understand.kinds import ADJ, REL_WORDS, relation

logger = logging.getLogger(__name__)

# besides family: the people the owner names by what they are to them
_TIES = r"best\s+friend|friend|bestie|neighbou?r|boss|manager|colleague|co-?worker|roommate|flatmate|classmate|mentor"
_KIN = rf"(?:my|our)\s+{ADJ}(?P<rel>{_TIES}|{REL_WORDS})"
_BEFORE = re.compile(rf"(?:^|\W){_KIN}\s*,?\s*(?:(?:is\s+)?(?:named|called)\s+)?$", re.I)
_AFTER = [re.compile(r"\s*\(\s*(?:my|our)\s+(?P<rel>[^\W\d_][\w'’ -]{1,30}?)\s*\)", re.I),  # "lupe (my aunt)", "(my landlord)"
          re.compile(rf"\s*,\s*{_KIN}\s*(?=,|$|\s+(?:and|who|is|was|has|had|just)\b)", re.I),  # "kai, my stepbrother, ..."
          re.compile(rf"\s+(?:is|was|'s|’s)\s+(?:also\s+|actually\s+)?{_KIN}\b(?!'s|’s)", re.I)]  # "nkechi is my stepsister"


def owners_kin(clause: Clause, correction: bool = False) -> list[FactStatement]:
    """The people of `clause` the owner names as their own relatives, friends or colleagues."""
    out: list[FactStatement] = []
    listed: str | None = None  # "my cousins nilufar and farrukh": the kin word of a list, for each in it
    prev = None
    for p in clause.people:
        m = _BEFORE.search(clause.text[max(0, p.start - 40):p.start]) or next(
            (a for rx in _AFTER if (a := rx.match(clause.text, p.end))), None)
        if not m:
            if listed and prev is not None and _LIST_GAP.fullmatch(clause.text[prev.end:p.start]):
                out.append(FactStatement(person=p.name, kind="kin", value=listed, correction=correction))
                prev = p
            else:
                listed = None
            continue
        prev = p
        listed = relation(m["rel"]) if re.search(r"s\s*$", m["rel"]) and m.re is _BEFORE else None
        value = relation(m["rel"])
        if value in ("bestie", "bff"):
            value = "best friend"
        value = re.sub(r"\s+", " ", value.replace("co-worker", "colleague").replace("coworker", "colleague"))
        out.append(FactStatement(person=p.name, kind="kin", value=value, correction=correction))
    return out


_LIST_GAP = re.compile(r"\s*(?:,|and|&|\+|n)\s*(?:and\s+)?", re.I)
_PHRASE = re.compile(rf"\(?\s*\b{_KIN}\b\s*\)?", re.I)


def is_kin_phrase(text: str) -> bool:
    """'my boss', 'our landlord': what someone is to the owner, not another name for them."""
    return bool(re.match(r"\s*(?:my|our)\s", text, re.I))


def without_kin(text: str) -> str:
    """`text` without the words that say what someone is to the owner ("my stepbrother kai got
    married" -> "kai got married"), to tell whether the rest is news."""
    return _PHRASE.sub(" ", text)
