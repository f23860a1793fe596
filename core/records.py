"""Rows as the engine sees them. Storage returns these; the engine never sees SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


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
    server: dict | None = None
    memoro: dict | None = None


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
