"""What the model is asked to return, and how that maps onto the engine's intents.

The engine's intents (`core.intents`) have defaults and a discriminated union, which strict
structured outputs (OpenAI's `strict: true`, llama.cpp and vLLM grammars) handle badly. So
the model fills a flat "wire" form with every field present (null or empty where unused),
whose JSON schema the `openai` client generates from these pydantic models; pydantic then
validates the answer, and `to_intent` turns it into the same typed intents the rules
produce. Anything the schema cannot say (a birthday that is no date, a question without its
question) is a validation error too, which sends the message to the rules.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.facts import wire_description
from core.intents import (
    Birthday,
    ChatIntent,
    CorrectionStatement,
    FactKind,
    FactStatement,
    Intent,
    InteractionStatement,
    KeepInTouchStatement,
    LogIntent,
    NoteStatement,
    QuestionIntent,
    QuestionKind,
    RelationStatement,
)
from core.understand.lexicon import RELATIONS

_BIRTHDAY = re.compile(r"^(?:(\d{4})-)?(\d{2})-(\d{2})$")


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class WireFact(_Wire):
    person: str = Field(min_length=1)
    kind: FactKind
    value: str = Field(min_length=1, description=wire_description())
    correction: bool = Field(description="true when the text corrects an earlier value")

    @model_validator(mode="after")
    def _birthday_is_a_date(self) -> WireFact:
        if self.kind == "birthday":
            m = _BIRTHDAY.match(self.value)
            if not m:
                raise ValueError("a birthday must be YYYY-MM-DD or MM-DD")
            date(int(m[1] or 2000), int(m[2]), int(m[3]))  # 2000: a leap year, so 02-29 is valid
        return self


class WireRelation(_Wire):
    person: str = Field(min_length=1, description="whose relative it is")
    relation: str = Field(min_length=1, description="one word: wife, husband, partner, fiancé, "
                          "son, daughter, kid, brother, sister, mother, father, ...")
    relative: str = Field(min_length=1, description="the relative's name")


class WireMeeting(_Wire):
    people: list[str] = Field(min_length=1)
    on: date
    place: str | None
    text: str = Field(min_length=1, description="the owner's words about this meeting")
    kind: Literal["met", "call", "text"] = Field(description="in person, a call (phone or video) or messages")


class WireNote(_Wire):
    person: str = Field(min_length=1)
    text: str = Field(min_length=1, description="the owner's words, news about this person")
    on: date


class WireReminder(_Wire):
    person: str = Field(min_length=1)
    every_days: int = Field(ge=1, le=3660)


class WireCorrection(_Wire):
    person: str | None = Field(description="whose record is corrected, or null for the person talked about last")
    old: str = Field(description="the wrong value or person as written, or empty for a date")
    new: str = Field(description="the right value or person as written, or empty for a date")
    month: int | None = Field(ge=1, le=12, description="a corrected date's month, or null")
    day: int | None = Field(ge=1, le=31, description="a corrected date's day of the month, or null")
    on: date | None = Field(description="a corrected meeting date, or null")


class WireLog(_Wire):
    people: list[str] = Field(description="everyone the text is about, as named")
    facts: list[WireFact]
    relations: list[WireRelation]
    meetings: list[WireMeeting]
    notes: list[WireNote]
    reminders: list[WireReminder]
    corrections: list[WireCorrection] = Field(description="a correction that does not say which fact it "
                                              "corrects: 'not monzo, it's revolut', 'i meant sam not tom', "
                                              "'wait no it's the 14th'")


class WireQuestion(_Wire):
    kind: QuestionKind
    person: str | None
    relation: str | None
    query: str = Field(description="the question, or for who_in_city the city")
    days: int | None = Field(description="upcoming_birthdays: how many days ahead")

    @field_validator("days")
    @classmethod
    def _days_in_range(cls, v: int | None) -> int | None:
        if v is not None and not 1 <= v <= 366:
            raise ValueError("days must be 1 to 366")
        return v


class WireUnderstanding(_Wire):
    """One message: a log (the owner tells), a question (asks) or chat."""

    type: Literal["log", "ask", "chat"]
    log: WireLog | None = Field(description="when type is log, else null")
    question: WireQuestion | None = Field(description="when type is ask, else null")
    chat: Literal["greeting", "thanks", "unclear"] | None = Field(description="when type is chat, else null")

    @model_validator(mode="after")
    def _part_matches_type(self) -> WireUnderstanding:
        wanted = {"log": self.log, "ask": self.question, "chat": self.chat}[self.type]
        if wanted is None:
            raise ValueError(f"type is {self.type} but its part is null")
        if self.type == "log" and self.log is not None and not any((self.log.facts, self.log.relations, self.log.meetings, self.log.notes,
                                           self.log.reminders, self.log.corrections)):
            raise ValueError("a log that says nothing")  # the rules at least keep it as a note
        return self


def _relation(word: str) -> str:
    w = word.strip().lower()
    return RELATIONS.get(w, w)


def _fact(f: WireFact) -> FactStatement:
    birthday = None
    if f.kind == "birthday":
        m = _BIRTHDAY.match(f.value)
        assert m is not None  # WireFact's validator checked the format
        birthday = Birthday(month=int(m[2]), day=int(m[3]), year=int(m[1]) if m[1] else None)
    return FactStatement(person=f.person.strip(), kind=f.kind, value=f.value.strip(), birthday=birthday,
                         correction=f.correction)


def to_intent(wire: WireUnderstanding, today: date) -> Intent:
    """The engine's intent for a validated wire answer. Meetings are never in the future (a
    plan is not a meeting yet), as with the rules."""
    if wire.type == "chat":
        return ChatIntent(kind=wire.chat)
    if wire.type == "ask":
        q = wire.question
        assert q is not None  # validated: an "ask" has its question
        return QuestionIntent(kind=q.kind, person=(q.person or "").strip() or None,
                              relation=_relation(q.relation) if q.relation else None,
                              query=q.query, days=q.days or 30)
    log = wire.log
    assert log is not None  # validated: a "log" has its log
    out = LogIntent(
        facts=[_fact(f) for f in log.facts],
        relations=[RelationStatement(person=r.person.strip(), relation=_relation(r.relation),
                                     relative=r.relative.strip()) for r in log.relations],
        interactions=[InteractionStatement(people=[p.strip() for p in m.people], on=min(m.on, today),
                                           place=(m.place or "").strip() or None, text=m.text, kind=m.kind)
                      for m in log.meetings],
        notes=[NoteStatement(person=n.person.strip(), text=n.text, on=min(n.on, today)) for n in log.notes],
        reminders=[KeepInTouchStatement(person=r.person.strip(), every_days=r.every_days) for r in log.reminders],
        corrections=[CorrectionStatement(person=(c.person or "").strip() or None, old=c.old, new=c.new, month=c.month,
                                         day=c.day, on=min(c.on, today) if c.on else None) for c in log.corrections],
    )
    out.people = names(out, [p.strip() for p in log.people if p.strip()])
    return out


def names(intent: LogIntent, named: list[str] | None = None) -> list[str]:
    """Everyone a log intent is about, in order, once each."""
    out = list(named or [])
    for p in ([f.person for f in intent.facts] + [r.person for r in intent.relations]
              + [r.relative for r in intent.relations] + [p for m in intent.interactions for p in m.people]
              + [n.person for n in intent.notes] + [r.person for r in intent.reminders]
              + [c.person for c in intent.corrections if c.person]):
        if p not in out:
            out.append(p)
    return out
