"""Rows as the engine sees them. Storage returns these; the engine never sees SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict

# one row as exported and restored: column -> value, JSON-shaped (the columns vary by table)
Record = dict[str, Any]
# what an import compares to skip what is there already
NoteKey = tuple[int | None, str, str, str]  # contact id, text, day, kind
FactKey = tuple[int, str, str, str]  # contact id, kind, value, valid from
InteractionKey = tuple[str, str | None, str | None, tuple[int, ...]]  # day, place, note, contact ids
ReminderKey = tuple[int, int, str, bool]  # contact id, every days, since, active
MessageKey = tuple[str, str, str]  # role, at, text
# the nudge tick's rows (core/nudges.py and the store)
NudgeSlot = tuple[int, str, int, int, str, str, str, str]  # spec, tz, hour, minute, leads, 'MM-DD', kind suffix, occurrence
NudgeGroup = tuple[int, str, int, int, str, str]  # group, tz, hour, minute, leads, 'YYYY-MM-DD'
NudgeRow = tuple[str, int | None, str, str, str]  # owner, contact id, kind, occurrence, text
NudgeKey = tuple[str, int | None, str, str]  # owner, contact id, kind, occurrence
Claimed = tuple[str, int | None, str, str, str, int]  # owner, contact id, kind, occurrence, text, attempts
DueFollowUp = tuple[str, int | None, int, str, str, str]  # owner, contact id, id, text, due at, tz


@dataclass(frozen=True)
class Owner:
    key: str
    tz: str
    nudge_hour: int = 9
    nudge_minute: int = 0
    persona: str | None = None
    focus_contact_id: int | None = None
    pending: str | None = None
    last_platform: str | None = None
    last_chat_id: str | None = None
    blocked_at: str | None = None


@dataclass(frozen=True)
class Contact:
    id: int
    name: str


@dataclass(frozen=True)
class Fact:
    id: int
    contact_id: int
    kind: str
    value: str
    valid_from: str


@dataclass(frozen=True)
class Interaction:
    id: int
    on: date
    place: str | None
    note: str
    people: tuple[str, ...] = ()
    kind: str = "met"  # "met" in person, "call" (phone, video) or "text" (messages)


@dataclass(frozen=True)
class Note:
    id: int
    contact_id: int | None
    text: str
    on: date
    kind: str


@dataclass(frozen=True)
class Relative:
    relation: str
    contact: Contact


@dataclass(frozen=True)
class Reminder:
    id: int
    contact: Contact
    every_days: int
    since: str


@dataclass
class CardLink:
    """A card of a CardDAV address book and the person it is synced with (core/carddav_sync.py).

    `server` and `memoro` are the fields ({"name", "facts", "notes"}) each side had at the last
    sync; `contact_id` None with state 'linked' is a person forgotten in Memoro; state 'skipped'
    is a card that is not a person (a group, no name)."""

    href: str
    uid: str | None
    etag: str | None
    contact_id: int | None
    state: str = "linked"
    server: CardView | None = None
    memoro: CardView | None = None


@dataclass(frozen=True)
class OneOff:
    """An open follow-up as stored: `due_at` aware (UTC); `sent` once its nudge went out."""

    id: int
    contact_id: int | None
    name: str | None
    text: str
    due_at: datetime
    status: str = "open"
    sent: bool = False


class Item(TypedDict):
    """An open item (a gift idea, a thing to ask about, ...) of one person, as stored."""

    id: int
    contact_id: int
    name: str
    kind: str
    text: str
    created_at: str
    done_at: str | None
    source_message_id: int | None


class AddressCard(TypedDict):
    """One person as vCard and CSV files carry them: the current facts, visible notes, tags."""

    name: str
    facts: dict[str, str]
    notes: NotRequired[list[str]]
    tags: NotRequired[list[str]]


class CardView(TypedDict, total=False):
    """What the CardDAV sync compares of a card (empty for a card it could not read)."""

    name: str
    facts: dict[str, str]
    notes: list[str]
