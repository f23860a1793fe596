"""Typed intents: what understanding (rules or an LLM) produces and the engine acts on.

Both understanders return one `Intent`. People are names as written ("Sam", "Sam Lee");
the engine resolves them to contacts. Dates are already resolved in the owner's time zone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from core.facts import SAID

# the kinds of core/facts.py that people say in words; built from that table, so the type
# checker cannot list them (pydantic checks them at run time)
FactKind = Literal[SAID]  # type: ignore[valid-type]


class Birthday(BaseModel):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year: int | None = None


class FactStatement(BaseModel):
    person: str
    kind: FactKind
    value: str = Field(description="the value as text; for a birthday, 'MM-DD' or 'YYYY-MM-DD'")
    birthday: Birthday | None = None
    correction: bool = False


class RelationStatement(BaseModel):
    person: str = Field(description="whose relative it is (Tom)")
    relation: str = Field(description="what the relative is to the person (brother)")
    relative: str = Field(description="the relative's name (Dan)")


class InteractionStatement(BaseModel):
    people: list[str]
    on: date
    place: str | None = None
    text: str
    kind: Literal["met", "call", "text"] = Field("met", description="in person, a call (phone, video) or messages")


class NoteStatement(BaseModel):
    person: str
    text: str
    on: date
    news: bool = Field(True, description="False when the note only restates facts")


class CorrectionStatement(BaseModel):
    """The owner corrects something said before without naming what: "not monzo, it's revolut",
    "i meant priyanka, not leela", "wait no, it's the 21st". The engine finds what `old` was
    (a current fact's value, or a person) or, for a date, the birthday or meeting just told."""

    person: str | None = Field(None, description="whose record is corrected (the person in focus if not named)")
    old: str = Field("", description="the value or person being replaced, as written")
    new: str = Field("", description="the right value or person, as written")
    month: int | None = Field(None, ge=1, le=12, description="a corrected date's month, if said")
    day: int | None = Field(None, ge=1, le=31, description="a corrected date's day of the month")
    on: date | None = Field(None, description="a corrected date resolved as a day in the past (a meeting)")
    moved_to: str | None = Field(None, description="what was said of `person` (or of whoever holds the value now "
                                 "told of moved_to) was really about moved_to")
    swap: bool = Field(False, description="the two were mixed up: each has the other's value")
    text: str = ""


class KeepInTouchStatement(BaseModel):
    person: str
    every_days: int = Field(ge=1, le=3660)


class LogIntent(BaseModel):
    """The owner tells something about people."""

    type: Literal["log"] = "log"
    people: list[str] = Field(default_factory=list)
    facts: list[FactStatement] = Field(default_factory=list)
    relations: list[RelationStatement] = Field(default_factory=list)
    interactions: list[InteractionStatement] = Field(default_factory=list)
    notes: list[NoteStatement] = Field(default_factory=list)
    reminders: list[KeepInTouchStatement] = Field(default_factory=list)
    corrections: list[CorrectionStatement] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.facts or self.relations or self.interactions or self.notes or self.reminders
                    or self.corrections)


QuestionKind = Literal[
    "whats_new", "who_is", "birthday", "lives", "work", "relation", "last_seen", "first_met",
    "where_last_seen", "where_met", "upcoming_birthdays", "yearly", "who_in_city", "search", "seen_between", "not_seen",
    "brief", "lookback", "school", "subject", "hometown", "nickname", "pet",
]


class QuestionIntent(BaseModel):
    """The owner asks something."""

    type: Literal["ask"] = "ask"
    kind: QuestionKind
    person: str | None = None
    relation: str | None = None
    query: str = ""
    days: int = 30
    start: date | None = Field(None, description="seen_between, lookback: the first day asked about")
    end: date | None = Field(None, description="seen_between, lookback: the last day asked about")
    also: list[str] = Field(default_factory=list, description="others asked the same of: 'where do omar and farida live'")


class ChatIntent(BaseModel):
    """Neither a fact nor a question: a greeting, thanks, or text the rules cannot place.

    `unreachable`: the model failed and the rules could not place the text either."""

    type: Literal["chat"] = "chat"
    kind: Literal["greeting", "thanks", "empty", "unclear", "unreachable"] = "unclear"


Intent = Annotated[LogIntent | QuestionIntent | ChatIntent, Field(discriminator="type")]


class Understanding(BaseModel):
    """Wrapper so an LLM's JSON answer validates against one schema."""

    intent: Intent
