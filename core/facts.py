"""The one table of fact kinds: what a kind is called, how it is confirmed, described to a
model, imported and exported.

A fact is one current value per person and kind (a birthday, a city, an employer, ...);
storage keeps older values as history when a new one supersedes them. Every module that
needs to know the kinds reads this table: the intent schema (`core.intents.FactKind`), the
LLM wire schema and its prompt, the confirmation the owner sees (`core.actions`), and the
CSV/vCard maps. How a kind is *said* lives with the patterns that recognise it
(`core.understand.statements`), keyed by the same name. Adding a kind is adding an entry here
(and, if people say it in words, a pattern there).

`merge`: a kind that holds several values at once (pets): a new value is added to the
current ones instead of replacing them, unless the message is a correction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from core import format as fmt
from core import yearly

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    name: str
    confirm: str  # the confirmation, "{value}" filled in
    wire: str  # what the model is told the value looks like
    moved: str | None = None  # the confirmation when it replaces an older value
    merge: bool = False  # several values at once ("Zaatar (dog), Feta (cat)")
    said: bool = True  # recognised in what the owner texts (else only imported)
    summed_up: bool = True  # answers show it with the person, so a note that only says it is no news
    csv: tuple[str, ...] = ()  # CSV column names it is imported from
    line: int = 0  # its place in the one line that sums a person up in answers (0: not there)
    nouns: tuple[str, ...] = ()  # what it is called when said as "X's <noun> is V", "her <noun>: V"
    shown: Callable[[str], str] = str  # how a stored value reads ('03-14' -> 'Mar 14')
    asked: str = ""  # a question about a person that asks this kind, as a regex on the folded question
    answer: str = ""  # the answer, "{name}" and "{value}" filled in
    unknown: str = ""  # the answer when the kind is not known, "{name}" filled in
    beside: str = ""  # another kind the answer also tells, when known ("medicine" beside "UCL")
    answer_beside: str = ""  # the answer with both, "{other}" filled in with the other kind's value
    noted: str = ""  # how a note says it, for an answer with only notes to go on (else `asked`)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("birthday", "birthday {value}", "YYYY-MM-DD, or MM-DD when the year is unknown", shown=fmt.month_day, line=6,
         nouns=("birthday", "bday", "b-day", "date of birth", "dob"),
         csv=("birthday", "birthdate", "birth date", "date of birth", "dob", "born")),
    Kind("city", "lives in {value}", "the city they live in now", moved="moved to {value}", line=5,
         nouns=("city", "home", "home city", "town", "address", "location", "base"),
         csv=("address 1 city", "home city", "city", "address city", "home address city", "location")),
    Kind("moving_to", "moving to {value}", "where they are going to move (a planned move, not yet done), with "
         "when if said: 'Leeds (next month)'", summed_up=False),
    Kind("employer", "works at {value}", "the organisation they work for", line=3,
         nouns=("employer", "company", "workplace", "firm", "office", "work place"),
         csv=("organization 1 name", "organization name", "organization", "company", "employer",
              "company name", "organisation")),
    Kind("title", "{value}", "their job or role, as written ('sous chef')", line=2,
         nouns=("job", "job title", "title", "role", "position", "profession", "occupation"),
         csv=("organization 1 title", "organization title", "job title", "title", "position", "job")),
    Kind("school", "studies at {value}", "the school or university they attend", summed_up=False, line=7,
         nouns=("school", "uni", "university", "college"),
         asked=r"\b(?:stud(?:y|ies|ying)|school|uni|university|college|degree|major(?:ing)?|masters|phd|course|"
               r"class(?:es)?|student)\b",
         answer="{name} studies at {value}.", unknown="I don't know where or what {name} studies yet.",
         beside="subject", answer_beside="{name} studies {other} at {value}."),
    Kind("subject", "studies {value}", "what they study ('medicine', 'a masters in economics')", summed_up=False,
         nouns=("major", "degree", "course", "subject"), asked=r"\bwhat\b.*\bstud(?:y|ies|ying)\b|\bmajor",
         answer="{name} studies {value}.", unknown="I don't know what {name} studies yet.",
         beside="school", answer_beside="{name} studies {value} at {other}."),
    Kind("hometown", "from {value}", "where they are from originally (not where they live now)", summed_up=False,
         line=8, nouns=("hometown", "home town"),
         asked=r"\bwhere(?:'?s)?\b.*\b(?:from|grow up|grew up|raised|born)\b|\bhome ?town\b|\boriginally\b|\bwhat country\b",
         answer="{name} is from {value}.", unknown="I don't know where {name} is from yet.",
         noted=r"\b(?:from|grew up in|raised in|born in|home ?town)\s+(?!work\b|school\b|uni\b|the\s+office\b)[^\W\d_]"),
    Kind("nickname", "also called {value}", "another name the owner uses for them", summed_up=False,
         nouns=("nickname", "nick name", "nick"),
         asked=r"\bnick ?names?\b|\bwhat do (?:i|we|people|they|you|u|ppl|everyone) call\b|\bgo(?:es)? by\b|\bcalled by\b",
         answer="{name} is also called {value}.", unknown="I don't know another name for {name}.",
         csv=("nickname", "nick name", "nicknames", "short name")),
    Kind("kin", "your {value}", "what the person is to the owner, when the owner says so ('my cousin X', "
         "'X is my boss'): the relation word, 'cousin', 'sister-in-law', 'boss'", line=1),
    Kind("pet", "pet {value}", "a pet's name and kind, 'Zaatar (dog)'", summed_up=False, merge=True, line=9,
         asked=r"\b(?:pets?|dogs?|cats?|pupp(?:y|ies)|kittens?|hamsters?|rabbits?|parrots?|bunn(?:y|ies)|tortoises?)\b",
         answer="{possessive} pets: {value}.", unknown="I don't know of any pets {name} has."),
    Kind("work_city", "works in {value}", "the city they work in", said=False, line=4),
    Kind("anniversary", "anniversary {value}", "a wedding or other anniversary: YYYY-MM-DD, MM-DD, or YYYY when "
         "only the year is known", shown=yearly.shown),
    Kind("death", "died {value}", "the day they died: YYYY-MM-DD, MM-DD or YYYY", shown=yearly.shown, summed_up=False),
    Kind("nameday", "name day {value}", "their name day, MM-DD", shown=yearly.shown, summed_up=False),
    Kind("email", "email {value}", "an email address", said=False,
         csv=("e mail 1 value", "email 1 value", "email", "e mail", "email address", "primary email")),
    Kind("phone", "phone {value}", "a phone number", said=False,
         csv=("phone 1 value", "phone", "mobile", "phone number", "mobile phone", "primary phone")),
)}

SAID = tuple(k for k, v in KINDS.items() if v.said)


def confirmation(kind: str, value: str, *, replaced: bool = False) -> str:
    """How a saved fact is confirmed to the owner: 'lives in Lyon', 'moved to Lyon'."""
    entry = KINDS.get(kind)
    if entry is None:
        return value
    template = entry.moved if replaced and entry.moved else entry.confirm
    return template.format(value=entry.shown(value))


def merged(kind: str, old: str | None, new: str) -> str:
    """The value to store for a kind that holds several values (`merge`): old ones kept."""
    if not KINDS.get(kind, Kind(kind, "", "")).merge or not old:
        return new
    parts = [p.strip() for p in old.split(",") if p.strip()]
    head = new.split(" (")[0].casefold()
    parts = [p for p in parts if p.split(" (")[0].casefold() != head]
    return ", ".join(parts + [new])


def wire_description() -> str:
    """The kinds a model may fill, with what each value looks like (for the LLM schema)."""
    return "; ".join(f"{k}: {v.wire}" for k, v in KINDS.items() if v.said)


def described(values: dict[str, str]) -> list[str]:
    """A person's current facts as the owner reads them, in the table's order:
    {"city": "Lyon", "pet": "Rex (dog)"} -> ["lives in Lyon", "pet Rex (dog)"]."""
    return [confirmation(kind, values[kind]) for kind in KINDS if values.get(kind)]


def summary(values: dict[str, str]) -> list[str]:
    """The facts that sum a person up in answers, in the order of `Kind.line`:
    ["your cousin", "sous chef", "works at Nopa", "lives in Lyon", "birthday Mar 3"]."""
    shown = sorted((v.line, k) for k, v in KINDS.items() if v.line and values.get(k))
    return [confirmation(kind, values[kind]) for _, kind in shown]
