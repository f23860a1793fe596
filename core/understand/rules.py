"""The rule-based understander: no model, no network.

`understand(text, context)` returns one typed intent: a question (see `questions`), a log of
facts about people (clauses from `clauses`, facts from `statements`), or chat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from core.command_words import asks_to_repeat
from core.intents import ChatIntent, Intent, LogIntent, QuestionIntent
from core.understand import keep_in_touch, questions
from core.understand.clauses import split
from core.understand.corrections import corrections, is_correction, spelling, uncleft
from core.understand.kinds import gender
from core.understand.names import find_people, fold
from core.understand.question_words import question_after_opening
from core.understand.statements import extract

# a greeting alone, in the languages people greet in, with whatever punctuation or emoji follows
_GREETING = re.compile(r"^\s*(hi+|hello|hey+|heya|hiya|yo|sup|howdy|good (morning|evening|afternoon|day)|morning|"
                       r"hola|ol[aá]|oi|salut|bonjour|ciao|hallo|hej|hei|moin|servus|namaste|salaam|salam|as-?salaam? alaikum|"
                       r"merhaba|selam|jambo|habari|sawubona|kia ora|talofa|bula|aloha|shalom|konnichiwa|annyeong|"
                       r"ni ?hao|xin chao|sawasdee|kumusta|privet|ahoj|czesc|cześć|zdravo|sveiki|tere|dia dhuit)\b[\W_]*$",
                       re.I)
_THANKS = re.compile(r"^\s*(thanks|thank you|thx|ty|cheers|great|cool|ok|okay|nice|perfect)\b[\s!.]*$", re.I)


@dataclass
class Context:
    """What the understander may know about the owner: their clock and their people."""

    now: datetime  # aware, in the owner's time zone
    known: list[str] = field(default_factory=list)
    focus: str | None = None  # the person talked about last
    earlier: list[str] = field(default_factory=list)  # the people the last message named, in order
    genders: dict[str, str] = field(default_factory=dict)  # who of them the last message said is "he" or "she"
    pets: list[str] = field(default_factory=list)  # the names of their pets, which are no people


def recent(last: LogIntent) -> tuple[list[str], dict[str, str]]:
    """The people a logged message named and who of them its relations say is he or she
    ("his mom emiko": she), for "his"/"her" in the next message."""
    genders = {r.relative: g for r in last.relations if (g := gender(r.relation))}
    return list(last.people), genders


def unshouted(text: str) -> str:
    """A message typed in capitals, read as if it were not: capitals mark nothing in it, and
    the name finder would otherwise take the first capitalised words for a name."""
    cased = [ch for ch in text if ch.isupper() or ch.islower()]
    if len(cased) < 8 or sum(ch.isupper() for ch in cased) < 0.8 * len(cased):
        return text
    low = text.lower()
    return low if len(low) == len(text) else text  # spans index the text as typed


def understand(text: str, ctx: Context) -> Intent:
    text = unshouted(text)
    if not re.search(r"[^\W_]", text):
        return ChatIntent(kind="empty")
    if _GREETING.match(text):
        return ChatIntent(kind="greeting")
    if _THANKS.match(text):
        return ChatIntent(kind="thanks")
    if not keep_in_touch.is_request(text) and (q := questions.parse(text, ctx.known, ctx.focus, ctx.now.date())):
        return _asked_of_each(q, text, ctx.known)
    if asked := question_after_opening(text, ctx.known):  # "hey memoro wat does tunde do", "tunde, where's he from"
        named = [m.name for m in find_people(asked[0], ctx.known)]
        if q := questions.parse(asked[1], ctx.known, named[0] if len(named) == 1 else ctx.focus, ctx.now.date()):
            return q
    if asks_to_repeat(text):
        return ChatIntent(kind="unclear")  # "same for her": a follow-up whose person is not said
    if respelled := spelling(text, ctx.known, ctx.focus):  # before the name finder reads the new spelling as the old
        return respelled
    today = ctx.now.date()
    clefted: list[str] = []
    if is_correction(text):  # "it's priya who's moving, not leela": "priya is moving"
        text, clefted = uncleft(text)
    out = LogIntent()
    clauses = split(text, ctx.known, ctx.focus, ctx.earlier, ctx.genders, ctx.pets)
    for clause in clauses:
        extract(clause, today, is_correction(clause.sentence), out)
    seen: list[str] = []
    for c in clauses:
        for p in c.people:
            if p.name not in seen:
                seen.append(p.name)
    out.people = seen
    corrections(text, clauses, out, ctx.focus, today, clefted)  # "not monzo, its revolut", "wait no its the 21st"
    for corr in out.corrections:
        if corr.person and corr.person not in out.people:
            out.people.append(corr.person)
    if out.is_empty() and not seen:
        return ChatIntent(kind="unclear")
    return out


class RuleUnderstander:
    """The default understander, behind the same async interface as the LLM one."""

    name = "rules"

    async def understand(self, text: str, ctx: Context) -> Intent:
        return understand(text, ctx)


_LISTED = re.compile(r"(?:'s|’s|s)?\s*(?:,\s*(?:and\s+|n\s+|&\s*)?|\s(?:and|n|&|\+)\s)\s*", re.I)


def _asked_of_each(q: QuestionIntent, text: str, known: list[str]) -> QuestionIntent:
    """"where do omar and farida live", "when are kofi n ama's bdays": the same question of each
    person listed with the one it was read as about."""
    if not q.person or q.relation:
        return q
    people = find_people(text, known)
    first = next((i for i, m in enumerate(people) if fold(m.name) == fold(q.person)), None)
    if first is None:
        return q
    also: list[str] = []
    for before, m in zip(people[first:], people[first + 1:]):
        if not _LISTED.fullmatch(text[before.end:m.start]):
            break
        also.append(m.name)
    return q.model_copy(update={"also": also}) if also else q
