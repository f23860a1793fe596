"""Named, append-only migrations, recorded in `_migrations` and applied when the store opens.

Never edit a migration that has shipped; add a new one.

Each migration is all-or-nothing: it runs inside its own `BEGIN IMMEDIATE ... COMMIT`, and the
row recording it is written in the same transaction, so a failure or a crash halfway leaves the
schema as it was and the next start applies the migration again. (`executescript` would commit
on its own before running a script, so a migration's `db.executescript(...)` is split into
statements run one by one inside the transaction; SQLite's DDL is transactional.)
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, cast

import aiosqlite

logger = logging.getLogger(__name__)

Migration = Callable[[aiosqlite.Connection], Awaitable[None]]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
async def m001_initial(db: aiosqlite.Connection) -> None:
    await db.executescript(
        """
        CREATE TABLE owners (
            key TEXT PRIMARY KEY,
            tz TEXT NOT NULL,
            created_at TEXT NOT NULL,
            nudge_hour INTEGER NOT NULL DEFAULT 9,
            nudge_minute INTEGER NOT NULL DEFAULT 0,
            persona TEXT,
            focus_contact_id INTEGER,
            pending TEXT,
            last_platform TEXT,
            last_chat_id TEXT,
            blocked_at TEXT
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            thread TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL CHECK (role IN ('user', 'bot')),
            text TEXT NOT NULL,
            at TEXT NOT NULL,
            platform TEXT NOT NULL DEFAULT '',
            external_id TEXT,
            status TEXT NOT NULL DEFAULT 'received'
        );
        CREATE INDEX messages_owner ON messages (owner, id);
        CREATE UNIQUE INDEX messages_external ON messages (owner, platform, external_id)
            WHERE external_id IS NOT NULL;
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            name TEXT NOT NULL,
            folded TEXT NOT NULL,
            first_folded TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source_message_id INTEGER
        );
        CREATE INDEX contacts_owner ON contacts (owner, first_folded);
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            bday_md TEXT,
            valid_from TEXT NOT NULL,
            valid_to TEXT,
            superseded_by INTEGER,
            source_message_id INTEGER
        );
        CREATE INDEX facts_current ON facts (owner, contact_id, kind) WHERE valid_to IS NULL;
        CREATE INDEX facts_birthdays ON facts (bday_md, owner)
            WHERE kind = 'birthday' AND valid_to IS NULL;
        CREATE TABLE interactions (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            occurred_on TEXT NOT NULL,
            place TEXT,
            note TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source_message_id INTEGER
        );
        CREATE TABLE interaction_people (
            interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            PRIMARY KEY (interaction_id, contact_id)
        );
        CREATE INDEX interaction_people_contact ON interaction_people (contact_id, interaction_id);
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            noted_on TEXT NOT NULL,
            kind TEXT NOT NULL,
            hidden INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            source_message_id INTEGER
        );
        CREATE INDEX notes_owner ON notes (owner, contact_id, id);
        CREATE VIRTUAL TABLE notes_fts USING fts5 (
            text, content = 'notes', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
            INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TABLE relationships (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            relation TEXT NOT NULL,
            relative_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            source_message_id INTEGER,
            UNIQUE (contact_id, relation, relative_id)
        );
        CREATE INDEX relationships_relative ON relationships (relative_id);
        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            every_days INTEGER NOT NULL,
            since TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            source_message_id INTEGER,
            UNIQUE (owner, contact_id)
        );
        CREATE TABLE nudges (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            contact_id INTEGER,
            kind TEXT NOT NULL,
            occurrence TEXT NOT NULL,
            status TEXT NOT NULL,
            text TEXT,
            claimed_at TEXT,
            sent_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            UNIQUE (owner, contact_id, kind, occurrence)
        );
        CREATE TABLE vector_outbox (
            note_id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            op TEXT NOT NULL
        );
        """
    )


def statements(script: str) -> list[str]:
    """The SQL statements of a script (a trigger's body, with its own semicolons, stays whole)."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \t\r\n;"):
                out.append(buf.strip())
            buf = ""
    rest = buf[:-1].strip()  # the loop added a ";" the script did not end with
    if rest:
        out.append(rest)
    return out


class _InTransaction:
    """The connection a migration gets: `executescript` runs statement by statement, inside the
    migration's transaction, instead of committing first."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def executescript(self, script: str) -> None:
        for sql in statements(script):
            await self._db.execute(sql)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


async def apply(db: aiosqlite.Connection) -> list[str]:
    """Apply every migration not yet recorded, each in one transaction; return the names applied.

    `db` must be in autocommit mode (`isolation_level=None`): the transactions here are explicit.
    """
    await db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    applied = []
    for name, fn in MIGRATIONS:
        await db.execute("BEGIN IMMEDIATE")
        try:
            # read inside the transaction: another process opening the same file may have applied it
            if not await db.execute_fetchall("SELECT 1 FROM _migrations WHERE name = ?", (name,)):
                # the proxy is the connection for a migration: every attribute but executescript
                await fn(cast(aiosqlite.Connection, _InTransaction(db)))
                await db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", (name,))
                applied.append(name)
            await db.execute("COMMIT")
        except BaseException:
            await db.execute("ROLLBACK")
            logger.error("migration %s failed; the schema is as it was before it", name)
            raise
    return applied


@migration
async def m003_nudges(db: aiosqlite.Connection) -> None:
    """Nudges by schedule slot: owners grouped by (zone, hour, minute, lead days), a retry
    time and a claim batch on each nudge, and the last tick the scheduler completed."""
    await db.executescript(
        """
        ALTER TABLE owners ADD COLUMN lead_days TEXT NOT NULL DEFAULT '0';
        CREATE INDEX owners_nudge_slot ON owners (tz, nudge_hour, nudge_minute, lead_days)
            WHERE blocked_at IS NULL;
        ALTER TABLE nudges ADD COLUMN next_at TEXT;
        ALTER TABLE nudges ADD COLUMN batch TEXT;
        UPDATE nudges SET next_at = claimed_at WHERE status != 'sent';
        CREATE INDEX nudges_retry ON nudges (next_at) WHERE status IN ('claimed', 'failed');
        CREATE INDEX nudges_batch ON nudges (batch);
        CREATE INDEX reminders_active ON reminders (owner, contact_id) WHERE active = 1;
        CREATE TABLE nudge_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


@migration
async def m004_identity(db: aiosqlite.Connection) -> None:
    """Linked accounts: an alias key (`discord:42`) that resolves to the owner whose address
    book it uses, and the one-time codes that link them."""
    await db.executescript(
        """
        CREATE TABLE owner_aliases (
            alias TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            linked_at TEXT NOT NULL
        );
        CREATE INDEX owner_aliases_owner ON owner_aliases (owner);
        CREATE TABLE link_codes (
            code TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        """
    )


@migration
async def m005_link_failures(db: aiosqlite.Connection) -> None:
    """Wrong `/link` codes per account: how many since when, so guessing is cut off."""
    await db.executescript(
        """
        CREATE TABLE link_failures (
            account TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            since TEXT NOT NULL
        );
        """
    )


@migration
async def m006_calendar_feeds(db: aiosqlite.Connection) -> None:
    """The secret token of each owner's calendar feed (`/calendar`), at most one per owner."""
    await db.executescript(
        """
        CREATE TABLE calendar_feeds (
            owner TEXT PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        """
    )


@migration
async def m007_undo_log(db: aiosqlite.Connection) -> None:
    """The undo journal of long staged work (imports), see storage/unit_of_work.py: the rows a
    stage inserted (op 'i') and the old values of the rows it updated (op 'u')."""
    await db.executescript(
        """
        CREATE TABLE _undo_log (
            seq INTEGER PRIMARY KEY,
            stage TEXT NOT NULL,
            tbl TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('i', 'u')),
            row_id INTEGER NOT NULL,
            old TEXT
        );
        CREATE INDEX _undo_log_stage ON _undo_log (stage, tbl, op, row_id);
        """
    )


@migration
async def m008_message_inbox(db: aiosqlite.Connection) -> None:
    """The message log as a durable inbox: each incoming message keeps the platform's raw update
    (JSON) so it can be handled again after a crash, and the pending ones are found by index."""
    await db.executescript(
        """
        ALTER TABLE messages ADD COLUMN raw TEXT;
        CREATE INDEX messages_pending ON messages (platform, id) WHERE role = 'user' AND status = 'received';
        """
    )


@migration
async def m009_understanding(db: aiosqlite.Connection) -> None:
    """How the owner was in touch: met in person, a call, or messages ("texted me")."""
    await db.executescript(
        """
        ALTER TABLE interactions ADD COLUMN kind TEXT NOT NULL DEFAULT 'met' CHECK (kind IN ('met', 'call', 'text'));
        """
    )


@migration
async def m010_followups(db: aiosqlite.Connection) -> None:
    """One-off follow-ups ("remind me friday to call sam"): a text, a moment (UTC ISO) and, when
    it names one, the person; `status` open | cancelled. Delivery rides the nudge claims (kind
    'followup', occurrence the follow-up's id). `digests` holds the owners who asked for the
    Monday digest."""
    await db.executescript(
        """
        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            due_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            created_at TEXT NOT NULL,
            source_message_id INTEGER
        );
        CREATE INDEX followups_due ON followups (due_at) WHERE status = 'open';
        CREATE INDEX followups_owner ON followups (owner, contact_id);
        CREATE TABLE digests (
            owner TEXT PRIMARY KEY,
            since TEXT NOT NULL
        );
        """
    )


@migration
async def m011_yearly_dates(db: aiosqlite.Connection) -> None:
    """Yearly dates beyond birthdays (anniversary, death, name day) keep their 'MM-DD' in
    `bday_md` too, and one index finds every yearly date of a day."""
    await db.executescript(
        """
        UPDATE facts SET bday_md = substr(value, -5)
            WHERE kind IN ('anniversary', 'death', 'nameday') AND length(value) >= 5;
        CREATE INDEX facts_yearly ON facts (bday_md, owner)
            WHERE kind IN ('birthday', 'anniversary', 'death', 'nameday') AND valid_to IS NULL;
        """
    )



@migration
async def m012_choices(db: aiosqlite.Connection) -> None:
    """Buttons offered under a reply (core/choices.py): one row per button, a random token each,
    grouped in sets (pressing one closes its set), with the message that offered them."""
    await db.executescript(
        """
        CREATE TABLE choices (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            owner TEXT NOT NULL,
            source_message_id INTEGER,
            set_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            label TEXT NOT NULL,
            action TEXT NOT NULL,
            args TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            pressed_at TEXT,
            pressed_token TEXT
        );
        CREATE INDEX choices_set ON choices (owner, set_key);
        CREATE INDEX choices_source ON choices (owner, source_message_id);
        """
    )


@migration
async def m013_merge(db: aiosqlite.Connection) -> None:
    """Merges of two people (core/merge.py), each with the journal that undoes it: the rows it
    changed (old values) and deleted (whole rows)."""
    await db.executescript(
        """
        CREATE TABLE merges (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            kept_id INTEGER NOT NULL,
            gone_id INTEGER NOT NULL,
            gone_name TEXT NOT NULL,
            journal TEXT NOT NULL,
            source_message_id INTEGER,
            created_at TEXT NOT NULL,
            undone_at TEXT
        );
        CREATE INDEX merges_owner ON merges (owner, id);
        """
    )



@migration
async def m014_open_items(db: aiosqlite.Connection) -> None:
    """Gift ideas and open items per person (core/open_items.py): what is still to do ('gift',
    'owe', 'owed', 'lend', 'lent', 'borrowed'), marked done (`done_at`) rather than deleted."""
    await db.executescript(
        """
        CREATE TABLE open_items (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            done_at TEXT,
            source_message_id INTEGER
        );
        CREATE INDEX open_items_owner ON open_items (owner, contact_id);
        """
    )


@migration
async def m015_groups(db: aiosqlite.Connection) -> None:
    """Groups and tags of people (core/groups.py): one row per person and tag (folded, lower case)."""
    await db.executescript(
        """
        CREATE TABLE contact_tags (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source_message_id INTEGER,
            UNIQUE (contact_id, tag)
        );
        CREATE INDEX contact_tags_owner ON contact_tags (owner, tag);
        """
    )



@migration
async def m017_carddav(db: aiosqlite.Connection) -> None:
    """What `memoro sync carddav` knows of each card of an address book on a CardDAV server:
    where it is (`href`), its UID and ETag, the person it is linked to (NULL once that person is
    forgotten in Memoro: the card is then left alone), and the fields both sides had at the last
    sync (JSON), from which an edit on either side is told apart. `etag` NULL: a card pushed but
    not confirmed by the server yet."""
    await db.executescript(
        """
        CREATE TABLE carddav_cards (
            id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            book TEXT NOT NULL,
            href TEXT NOT NULL,
            uid TEXT,
            etag TEXT,
            contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
            state TEXT NOT NULL CHECK (state IN ('linked', 'skipped')),
            server TEXT NOT NULL DEFAULT '{}',
            memoro TEXT NOT NULL DEFAULT '{}',
            synced_at TEXT NOT NULL,
            UNIQUE (owner, book, href)
        );
        CREATE INDEX carddav_cards_contact ON carddav_cards (contact_id);
        """
    )


@migration
async def m018_workers(db: aiosqlite.Connection) -> None:
    """Several `memoro run` workers on one database (bot/workers.py): a lease per owner whose
    messages a worker is handling (who, until when); per handled message the state of its reply
    (`handling` before the engine runs, `sending` around the platform call, `sent` after it), so
    a worker that takes over a dead one's owner knows which answers are still owed; the reply row
    of each message points at the message it answers; the rate limit's recent messages per owner
    and when the owner was last told to slow down (its row is also what a worker locks while it
    counts), shared by every worker."""
    await db.executescript(
        """
        CREATE TABLE owner_leases (
            owner TEXT PRIMARY KEY,
            worker TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE reply_states (
            message_id INTEGER PRIMARY KEY,
            owner TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('handling', 'sending', 'sent', 'dropped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            worker TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX reply_states_open ON reply_states (owner, message_id) WHERE state IN ('handling', 'sending');
        ALTER TABLE messages ADD COLUMN reply_to INTEGER;
        CREATE INDEX messages_reply_to ON messages (reply_to) WHERE reply_to IS NOT NULL;
        CREATE TABLE rate_hits (
            owner TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX rate_hits_owner ON rate_hits (owner, at);
        CREATE TABLE rate_owners (
            owner TEXT PRIMARY KEY,
            told_at TEXT
        );
        """
    )



@migration
async def m019_nudge_claims_unique(db: aiosqlite.Connection) -> None:
    """Every nudge claim unique, those about no person too: the table's UNIQUE key lets rows
    whose contact is NULL repeat (NULLs are distinct), so a notice could be claimed twice. The
    key is (owner, person or 0, kind, occurrence); duplicates a past race left keep their first row."""
    await db.executescript(
        """
        DELETE FROM nudges WHERE coalesce(contact_id, 0) = 0 AND EXISTS (SELECT 1 FROM nudges d
            WHERE d.owner = nudges.owner AND coalesce(d.contact_id, 0) = 0 AND d.kind = nudges.kind
            AND d.occurrence = nudges.occurrence AND d.id < nudges.id);
        CREATE UNIQUE INDEX nudges_claim ON nudges (owner, coalesce(contact_id, 0), kind, occurrence);
        """
    )

# The anchor of a keep-in-touch reminder: the latest of its start, the last meeting with the
# person and the last keep-in-touch nudge sent (or given up) about them. SQL over the row
# `reminders` being updated, shared by the triggers of m020 (PostgreSQL has its own function).
_ANCHOR = (
    "max(since, coalesce((SELECT max(x.occurred_on) FROM interaction_people p JOIN interactions x"
    " ON x.id = p.interaction_id WHERE p.contact_id = reminders.contact_id), ''),"
    " coalesce((SELECT max(substr(n.occurrence, 1, 10)) FROM nudges n WHERE n.owner = reminders.owner"
    " AND n.contact_id = reminders.contact_id AND n.kind = 'keep_in_touch' AND n.status IN ('sent', 'dead')), ''))")


def _reanchor(where: str) -> str:
    return f"UPDATE reminders SET anchor = {_ANCHOR} WHERE {where};"


@migration
async def m020_reminders_due(db: aiosqlite.Connection) -> None:
    """Each keep-in-touch reminder keeps its anchor (the latest of its start, the last meeting
    and the last keep-in-touch nudge sent or given up) and its due day (anchor + cadence) in its
    own row, kept by triggers on every write that can move them (meetings, their people and
    dates, the nudges, the reminder itself), so the due-scan reads the due reminders of the
    firing owners from one index (`reminders_due`) instead of two lookups per reminder."""
    await db.executescript(
        f"""
        ALTER TABLE reminders ADD COLUMN anchor TEXT;
        ALTER TABLE reminders ADD COLUMN due_on TEXT;
        CREATE INDEX reminders_contact ON reminders (contact_id);
        CREATE INDEX reminders_due ON reminders (owner, due_on) WHERE active = 1;
        -- the row as it is now, not `new`: another trigger of the same statement may have moved it since
        CREATE TRIGGER reminders_due_on AFTER UPDATE OF anchor, every_days ON reminders BEGIN
            UPDATE reminders SET due_on = date(anchor, '+' || every_days || ' days') WHERE id = new.id;
        END;
        CREATE TRIGGER reminders_anchor_new AFTER INSERT ON reminders BEGIN
            {_reanchor("id = new.id")}
        END;
        CREATE TRIGGER reminders_anchor_moved AFTER UPDATE OF since, owner, contact_id ON reminders BEGIN
            {_reanchor("id = new.id")}
        END;
        CREATE TRIGGER reminders_met_new AFTER INSERT ON interaction_people BEGIN
            {_reanchor("contact_id = new.contact_id")}
        END;
        CREATE TRIGGER reminders_met_gone AFTER DELETE ON interaction_people BEGIN
            {_reanchor("contact_id = old.contact_id")}
        END;
        CREATE TRIGGER reminders_met_moved AFTER UPDATE ON interaction_people BEGIN
            {_reanchor("contact_id IN (old.contact_id, new.contact_id)")}
        END;
        CREATE TRIGGER reminders_met_redated AFTER UPDATE OF occurred_on ON interactions BEGIN
            {_reanchor("contact_id IN (SELECT contact_id FROM interaction_people WHERE interaction_id = new.id)")}
        END;
        CREATE TRIGGER reminders_nudge_new AFTER INSERT ON nudges
            WHEN new.kind = 'keep_in_touch' AND new.status IN ('sent', 'dead') BEGIN
            {_reanchor("contact_id = new.contact_id")}
        END;
        CREATE TRIGGER reminders_nudge_changed AFTER UPDATE OF owner, contact_id, kind, occurrence, status ON nudges
            WHEN 'keep_in_touch' IN (old.kind, new.kind) BEGIN
            {_reanchor("contact_id IN (old.contact_id, new.contact_id)")}
        END;
        CREATE TRIGGER reminders_nudge_gone AFTER DELETE ON nudges WHEN old.kind = 'keep_in_touch' BEGIN
            {_reanchor("contact_id = old.contact_id")}
        END;
        {_reanchor("1")}
        """
    )


@migration
async def m021_fencing(db: aiosqlite.Connection) -> None:
    """A fencing token on each owner lease: `epoch` grows each time the lease changes hands (or
    is taken again after it ran out or was let go), and a worker's reply-state writes name the
    epoch it holds, so a worker that stalled past its lease cannot write once another took over.
    Released leases keep their row (expired) so that the epoch never starts again from 1."""
    await db.executescript(
        """
        ALTER TABLE owner_leases ADD COLUMN epoch INTEGER NOT NULL DEFAULT 1;
        """
    )


@migration
async def m022_last_asked(db: aiosqlite.Connection) -> None:
    """What each owner last asked, said or ran about someone (core/last_asked.py), for "same for
    X" and "what about X": in the database, so the worker that gets the next message knows it."""
    await db.executescript(
        """
        CREATE TABLE last_asked (
            owner TEXT PRIMARY KEY,
            what TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """
    )
