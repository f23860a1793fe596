"""What core needs from storage, as `typing.Protocol`s: one per aggregate, and the unit of work.

core imports no storage module; it is handed an object that has these methods (the SQLite store
today, `storage/sqlite.py`; a PostgreSQL one for several workers would implement the same).
Every method takes the owner key and reads or writes only that owner's rows. A method that
writes is a unit of work of its own, or part of the caller's (`async with store.transaction():`);
nothing in core commits or rolls back. tests/test_repositories.py checks that the SQLite store
has every method with these parameters.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from core.records import (
    CardLink,
    Claimed,
    Contact,
    DueFollowUp,
    Fact,
    FactKey,
    Interaction,
    InteractionKey,
    Item,
    MessageKey,
    Note,
    NoteKey,
    NudgeGroup,
    NudgeKey,
    NudgeRow,
    NudgeSlot,
    OneOff,
    Owner,
    Record,
    Relative,
    Reminder,
    ReminderKey,
)


class Stage(Protocol):
    """A long unit of work (an import) written in steps."""

    async def checkpoint(self) -> None:
        """Let other writers in if any wait; the work stays one unit, undone as a whole on failure."""


class UnitOfWork(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[Any]:
        """`async with store.transaction():` commit everything inside, or on an exception nothing."""

    def staged(self, *, keep: bool = True) -> AbstractAsyncContextManager[Stage]:
        """A long unit of work in steps, undone as a whole if it fails (or if not `keep`)."""

class OwnerRepo(Protocol):
    """The people who text Memoro (`platform:user_id`), with their settings."""

    async def owner(self, key: str) -> Owner | None:
        ...

    async def create_owner(self, key: str, tz: str, now: datetime) -> Owner:
        ...

    async def update_owner(self, /, key: str, **fields: str | int | None) -> None:
        ...

    async def last_asked(self, owner: str) -> str | None:
        """What `owner` last asked, said or ran about someone (core/last_asked.py's JSON); None if nothing."""

    async def set_last_asked(self, owner: str, what: str, now: datetime) -> None:
        """Remember `what` for `owner`, replacing the previous one (for "same for X", across workers)."""


class PeopleRepo(Protocol):
    """People and what is known about them: versioned facts, relations, keep-in-touch reminders, undo."""

    async def contacts(self, owner: str) -> list[Contact]:
        """The owner's contacts by name. Every message needs them, so they are cached per owner"""

    async def contact(self, owner: str, contact_id: int) -> Contact | None:
        ...

    async def add_contact(self, owner: str, name: str, now: datetime, source: int | None) -> Contact:
        ...

    async def rename_contact(self, owner: str, contact_id: int, name: str) -> None:
        ...

    async def delete_contact(self, owner: str, contact_id: int) -> list[int]:
        """Delete a person and everything about them; returns the deleted note ids."""

    async def current_facts(self, owner: str, contact_id: int) -> dict[str, Fact]:
        ...

    async def add_fact(self, owner: str, contact_id: int, kind: str, value: str, now: datetime,
                       source: int | None) -> Fact | None:
        """Record a fact; the current value of the same kind is superseded, not overwritten."""

    async def end_fact(self, owner: str, fact_id: int, now: datetime, by: int | None) -> None:
        """A current fact ended without a new value of its own (it was someone else's); `by`:
        the fact that took its place, so that undoing `by` restores it."""

    async def people_with_fact(self, owner: str, kind: str, value: str) -> list[Contact]:
        ...

    async def birthdays(self, owner: str) -> list[tuple[Contact, str]]:
        ...

    async def add_relationship(self, owner: str, contact_id: int, relation: str, relative_id: int,
                               source: int | None) -> bool:
        """Relate two people; False when they already were."""

    async def relatives(self, owner: str, contact_id: int) -> list[Relative]:
        ...

    async def relative_of(self, owner: str, contact_id: int) -> list[Relative]:
        """Whose relative this contact is: Relative(relation, the other person)."""

    async def set_reminder(self, owner: str, contact_id: int, every_days: int, since: datetime,
                           source: int | None) -> None:
        ...

    async def stop_reminder(self, owner: str, contact_id: int) -> bool:
        ...

    async def reminders(self, owner: str) -> list[Reminder]:
        ...

    async def last_change_source(self, owner: str) -> int | None:
        ...

    async def undo(self, owner: str, source: int) -> list[int]:
        """Revert everything message `source` saved; returns the note ids removed."""


class NotesRepo(Protocol):
    """Interactions and dated notes, full-text search over them, and the vector outbox."""

    async def add_interaction(self, owner: str, contact_ids: list[int], on: date, place: str | None,
                              note: str, now: datetime, source: int | None, *, kind: str = "met") -> int:
        """A meeting ("met"), a call ("call") or messages ("text") with these contacts on `on`."""

    async def interactions(self, owner: str, contact_id: int, *, newest_first: bool = True,
                           limit: int = 20) -> list[Interaction]:
        ...

    async def add_note(self, owner: str, contact_id: int | None, text: str, on: date, kind: str,
                       now: datetime, source: int | None) -> int:
        ...

    async def notes(self, owner: str, contact_id: int, kinds: tuple[str, ...] = ("news",),
                    limit: int = 10) -> list[Note]:
        ...

    async def notes_by_id(self, owner: str, ids: list[int]) -> list[Note]:
        ...

    async def hide_notes_mentioning(self, owner: str, contact_id: int, value: str) -> None:
        """A corrected fact: hide the notes that stated the old value."""

    async def full_text(self, owner: str, query: str, limit: int = 20) -> list[tuple[int, float]]:
        """BM25 over the owner's notes: (note id, score), best first. `query` is an FTS5 query."""

    async def has_notes(self, owner: str) -> bool:
        ...

    async def count_notes(self, owner: str | None = None) -> int:
        ...

    async def all_notes(self, after_id: int = 0, limit: int = 500) -> list[tuple[int, str, int | None, str]]:
        """Every visible note as (id, owner, contact id, text to embed), for a reindex."""

    async def outbox(self, limit: int = 256, owner: str | None = None) -> list[tuple[int, str, str, int | None, str | None]]:
        """Pending vector work: (note id, owner, op, contact id, text to embed)."""

    async def clear_outbox(self, note_ids: list[int]) -> None:
        ...

    async def redate_interaction(self, owner: str, interaction_id: int, on: date) -> None:
        """A meeting's date corrected."""

    async def past_facts(self, owner: str, contact_id: int) -> list[Fact]:
        """The superseded values of a contact's facts, newest first."""

    async def interactions_between(self, owner: str, start: date, end: date,
                                   limit: int = 200) -> list[tuple[Interaction, list[Contact]]]:
        """The owner's meetings from `start` to `end` (inclusive), newest first, with who was there."""


class MessageLog(Protocol):
    """Every message in and out, stored before anything can fail."""

    async def add_message(self, owner: str, role: str, text: str, at: datetime, *, platform: str = "",
                          thread: str = "", external_id: str | None = None, reply_to: int | None = None) -> int | None:
        """Store a message; None when this external id was already stored (a redelivery).
        A reply names the message it answers (`reply_to`)."""

    async def set_message_status(self, message_id: int, status: str) -> None:
        ...

    async def log_incoming(self, owner: str, text: str, at: datetime, *, platform: str = "", thread: str = "",
                           external_id: str | None = None, raw: str | None = None) -> tuple[int, str]:
        """Store an incoming message as pending; a redelivery returns the stored row's (id, status)."""

    async def clear_raw(self, message_id: int) -> None:
        """Forget a message's raw form."""

    async def message(self, message_id: int) -> Any | None:
        ...

    async def unprocessed_messages(self, owner: str | None = None, *, platform: str | None = None,
                                   limit: int = 10_000) -> list[Any]:
        """Incoming messages stored but not handled yet, oldest first."""

    async def has_effects(self, owner: str, message_id: int) -> bool:
        """Did message `message_id` already write anything?"""


class NudgeRepo(Protocol):
    """What is due and exactly-once claims of nudges."""

    async def nudge_groups(self) -> list[tuple[str, int, int, str]]:
        """Distinct schedules of the owners who can be nudged (an index-only scan)."""

    async def last_tick(self) -> datetime | None:
        ...

    async def due_birthdays(self, slots: list[NudgeSlot]) -> list[tuple[int, str, int, str, str, str]]:
        """Yearly dates for slots (i, tz, hour, minute, leads, 'MM-DD', kind suffix, occurrence) not yet claimed."""

    async def due_keep_in_touch(self, groups: list[NudgeGroup]) -> list[tuple[int, str, int, str, int, str, str]]:
        """Keep-in-touch reminders due by each group's day: groups are (i, tz, hour, minute, leads,"""

    async def last_news(self, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[date, str]]:
        """The latest news note or interaction for each (owner, contact id), in one query."""

    async def gift_ideas(self, pairs: list[tuple[str, int]]) -> dict[tuple[str, int], list[str]]:
        """The open gift ideas of each (owner, contact id), oldest first, in one query."""

    async def claim_nudges(self, new: list[NudgeRow], now: datetime, *,
                           timeout_s: float, expire_s: float, tick: bool = True) -> list[Claimed]:
        """Claim new nudges (owner, contact id, kind, occurrence, text) and every nudge whose retry"""

    async def finish_nudges(self, keys: list[NudgeKey], status: str, now: datetime, *,
                            retry_at: datetime | None = None, error: str | None = None) -> None:
        """Mark nudges (owner, contact id, kind, occurrence) 'sent', 'failed' (retried from"""

    async def nudge_status(self, owner: str, contact_id: int | None, kind: str, occurrence: str) -> str | None:
        ...

    async def nudge_schedule(self, owner: str) -> tuple[int, int, list[int]]:
        """(hour, minute, lead days) of an owner's nudges; (9, 0, [0]) for an unknown owner."""

    async def set_nudge_schedule(self, owner: str, hour: int, minute: int, leads: list[int] | None = None) -> None:
        """Set the nudge time and, when given, the lead days (stored sorted, descending)."""

    async def release_nudge_claims(self, now: datetime) -> int:
        """Make every unfinished claim due at `now` (a restart: their claimer is gone); returns how many."""

    async def queue_notice(self, owner: str, text: str, now: datetime) -> None:
        """A one-off message for `owner`, delivered by the next tick like a nudge."""


class FollowUpRepo(Protocol):
    """One-off follow-ups and the Monday digest (storage/followup_store.py)."""

    async def add_followup(self, owner: str, contact_id: int | None, text: str, due_at: datetime,
                           now: datetime, source: int | None) -> int:
        ...

    async def followups(self, owner: str, contact_id: int | None = None) -> list[OneOff]:
        """An owner's open follow-ups (or one person's), soonest first, delivered ones included."""

    async def cancel_followup(self, owner: str, followup_id: int) -> bool:
        """Cancel an open follow-up; False when there is no such open one."""

    async def due_followups(self, now: datetime, since: datetime) -> list[DueFollowUp]:
        """Open follow-ups due in (since, now] with no claim yet."""

    async def digest_on(self, owner: str) -> bool:
        ...

    async def set_digest(self, owner: str, on: bool, now: datetime) -> None:
        ...

    async def digest_owners(self, groups: list[NudgeGroup]) -> list[tuple[int, str]]:
        """The owners with the digest on in each group, not yet claimed for that day."""

    async def yearly_between(self, owner: str) -> list[tuple[int, str, str, str]]:
        """Every current yearly date of `owner`: (contact id, name, kind, value)."""

    async def restore_followup(self, owner: str, contact_id: int | None, f: Record, source: int | None) -> None:
        ...


class IdentityRepo(Protocol):
    """Linked accounts sharing one address book."""

    async def resolve_owner(self, key: str) -> str:
        """The owner key whose address book `key` uses (itself unless linked)."""

    async def add_link_code(self, owner: str, code: str, expires: datetime, *, now: datetime) -> None:
        """`code` for `owner` until `expires` (replacing its older code); codes expired by `now` go."""

    async def take_link_code(self, code: str, now: datetime) -> str | None:
        """The owner who made `code`, if it exists and has not expired; the code is used up."""

    async def link(self, alias: str, owner: str, now: datetime) -> None:
        """`alias` (and any account already linked to it) now uses `owner`'s address book."""

    async def unlink(self, key: str) -> list[str]:
        """Undo links of `key`: its own alias, or, for an owner, every account linked to it."""

    async def link_failures(self, account: str, now: datetime, window: timedelta) -> tuple[int, datetime | None]:
        """(wrong codes `account` sent in the current window, when that window ends)."""

    async def add_link_failure(self, account: str, now: datetime, window: timedelta) -> int:
        """Count one wrong code from `account`; returns the count in the window."""

    async def clear_link_failures(self, account: str) -> None:
        ...


class CalendarRepo(Protocol):
    """The secret token of each owner's calendar feed."""

    async def calendar_token(self, owner: str) -> str | None:
        ...

    async def set_calendar_token(self, owner: str, token: str, now: datetime) -> None:
        """`token` is now the owner's feed token; any earlier one stops working."""

    async def drop_calendar_token(self, owner: str) -> bool:
        ...

    async def calendar_owner(self, token: str) -> str | None:
        ...


class CardSyncRepo(Protocol):
    """What `memoro sync carddav` remembers of each card of an owner's CardDAV address book."""

    async def card_links(self, owner: str, book: str) -> list[CardLink]:
        ...

    async def save_card_links(self, owner: str, book: str, links: list[CardLink], now: datetime) -> None:
        """Insert or update each link (by href)."""
class ItemsRepo(Protocol):
    """Gift ideas and open items per person, and tags (groups) of people."""

    async def add_item(self, owner: str, contact_id: int, kind: str, text: str, now: datetime,
                       source: int | None, done_at: str | None = None) -> int:
        ...

    async def items(self, owner: str, contact_id: int | None = None, *, kinds: tuple[str, ...] = (),
                    done: bool = False) -> list[Item]:
        """Open items (or, with `done`, all) as dicts: id, contact_id, name, kind, text, created_at, done_at."""

    async def finish_item(self, owner: str, item_id: int, now: datetime) -> bool:
        """Mark an open item done; False if it is not the owner's or was done already."""

    async def add_tag(self, owner: str, contact_id: int, tag: str, now: datetime, source: int | None) -> bool:
        ...

    async def remove_tag(self, owner: str, contact_id: int, tag: str) -> bool:
        ...

    async def tagged(self, owner: str, tag: str) -> list[Contact]:
        ...

    async def tags(self, owner: str, contact_id: int | None = None) -> dict[str, int]:
        """{tag: how many people}, or one person's tags."""

    async def all_tags(self, owner: str) -> list[Record]:
        ...


class TransferRepo(Protocol):
    """Rows as they are, for export and for restoring an export."""

    async def owner_keys(self) -> list[str]:
        ...

    async def owner_row(self, owner: str) -> Record | None:
        ...

    async def dump(self, owner: str) -> dict[str, list[Record]]:
        """Every row of `owner` in each table, oldest first; interactions carry `people` (ids)."""

    async def note_keys(self, owner: str) -> set[NoteKey]:
        """(contact id, text, day, kind) of every note of `owner`: what an import must not repeat."""

    async def fact_keys(self, owner: str) -> set[FactKey]:
        ...

    async def interaction_keys(self, owner: str) -> set[InteractionKey]:
        """(day, place, note, sorted contact ids) of every interaction of `owner`."""

    async def dump_interactions(self, owner: str) -> list[Record]:
        ...

    async def reminder_keys(self, owner: str) -> set[ReminderKey]:
        ...

    async def message_ids(self, owner: str) -> dict[MessageKey, int]:
        ...

    async def restore_message(self, owner: str, m: Record) -> int | None:
        ...

    async def restore_fact(self, owner: str, contact_id: int, f: Record, source: int | None) -> int:
        ...

    async def link_superseded(self, fact_id: int, by: int) -> None:
        ...

    async def settle_current(self, owner: str, contact_id: int) -> None:
        """One current fact per kind: when a restore left two, the newer supersedes the older."""

    async def restore_note(self, owner: str, contact_id: int | None, n: Record, source: int | None) -> int:
        ...

    async def restore_interaction(self, owner: str, i: Record, people: list[int], source: int | None) -> int:
        ...

    async def restore_reminder(self, owner: str, contact_id: int, r: Record, source: int | None) -> None:
        ...

    async def restore_settings(self, owner: str, o: Record) -> None:
        ...


class RecallRepo(Protocol):
    """Reads for the brief, looking back and losing touch (storage/recall_store.py)."""

    async def relations_said(self, owner: str, contact_id: int) -> list[tuple[str, Contact, bool, date | None]]:
        """(relation, other person, True when the other is the contact's relative, day said), both ways."""

    async def imported_notes(self, owner: str, contact_id: int, limit: int = 20) -> list[Note]:
        """The contact's notes that came with an imported file, newest first."""

    async def contact_days(self, owner: str) -> list[tuple[Contact, date]]:
        """Every (contact, day) the owner met, called or texted someone, oldest first, once a day each."""


class ChoiceRepo(Protocol):
    """Buttons offered under replies (core/choices.py), each pressed once."""

    async def add_choices(self, owner: str, source: int | None, set_key: str,
                          rows: list[tuple[str, str, str, Record]], now: datetime, expires: datetime) -> None:
        """Store one set of buttons, rows of (token, label, action, args)."""

    async def choice(self, owner: str, token: str) -> Record | None:
        """The owner's choice with `token` (token, label, action, args, expires_at, pressed_at,
        pressed_label), or None: another owner's token finds nothing."""

    async def press_choice(self, owner: str, token: str, now: datetime) -> bool:
        """Claim the set of `token`; False when it was pressed already."""


class MergeRepo(Protocol):
    """Two people made one, and taken apart again (core/merge.py)."""

    async def merge_contacts(self, owner: str, keep_id: int, gone_id: int, name: str, now: datetime,
                             source: int | None) -> int:
        """Move everything of `gone_id` to `keep_id`, named `name`; returns the merge id."""

    async def undo_merge(self, owner: str, merge_id: int, now: datetime) -> bool:
        """Put both back; False if already undone or the kept person is gone."""

    async def last_merge(self, owner: str) -> Record | None:
        """The latest merge not undone (id, kept_id, gone_id, gone_name, source_message_id)."""


class WorkerRepo(Protocol):
    """What several workers on one database share (bot/workers.py): a lease per owner whose
    messages one worker handles, the state of each reply, and the rate limit's counts."""

    async def claim_owner(self, owner: str, worker: str, now: datetime, ttl_s: float) -> int | None:
        """Take or extend the lease on `owner`'s messages: its epoch (the fencing token, >= 1, new
        whenever the lease is taken afresh), or None if another worker holds a live one."""

    async def renew_leases(self, worker: str, now: datetime, ttl_s: float) -> list[str]:
        """Extend `worker`'s live leases; the owners it still holds."""

    async def release_owner(self, owner: str, worker: str) -> None:
        """Let go of `owner` (only if `worker` holds the lease)."""

    async def owners_waiting(self, platform: str, now: datetime, limit: int = 100) -> list[str]:
        """Owners with pending messages or unsent replies whom no worker holds, longest waiting first."""

    async def open_replies(self, owner: str) -> list[tuple[int, str, int]]:
        """(message id, state, sends begun) of replies not known to be sent, oldest first."""

    async def set_reply_state(self, message_id: int, owner: str, state: str, worker: str, now: datetime, *,
                              epoch: int | None = None) -> int:
        """Record `handling`, `sending`, `sent` or `dropped` for a reply; returns the sends begun.
        With `epoch`, only while `worker` holds that epoch of the lease (else LeaseLost)."""

    async def reply_to(self, message_id: int) -> tuple[str, str, str] | None:
        """(text, platform, thread) of the stored reply to a message."""

    async def take_rate_slot(self, owner: str, now: datetime, window_s: float,
                             per_window: int) -> tuple[bool, datetime | None, bool]:
        """Count one message if under the limit: (allowed, when room frees up, told already)."""


class Store(UnitOfWork, OwnerRepo, PeopleRepo, NotesRepo, MessageLog, NudgeRepo, FollowUpRepo, IdentityRepo,
            CalendarRepo, TransferRepo, CardSyncRepo, RecallRepo, ItemsRepo, ChoiceRepo, MergeRepo, WorkerRepo,
            Protocol):
    """Everything the engine needs from storage."""

    async def close(self) -> None: ...
