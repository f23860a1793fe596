"""Migrations on PostgreSQL: the SQLite list, translated, plus what PostgreSQL does its own way.

One list of migrations for both engines: each `@migration` of storage/migrations.py runs here
too, its statements translated by dialect.py (types, collation, placeholders), under the same
name in the same `_migrations` table. What has no translation is PostgreSQL's own step, run
right after the one it stands in for (EXTRAS): full-text search on a tsvector table with a GIN
index (`notes_tsv`, kept by a trigger) instead of the FTS5 table and its triggers. A new SQLite
migration that cannot be translated fails loudly here, naming itself, and then gets an entry
in OVERRIDES.

Atomic: each migration runs in one transaction with the row that records it (PostgreSQL's DDL
is transactional), so a failure or a crash halfway leaves the previous schema and the next
start applies it again. The transaction first takes an advisory lock, so workers starting
together apply each migration once (the others wait, then find it recorded).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

import asyncpg

from storage import migrations as sqlite_migrations
from storage.postgres import dialect, pg_steps
from storage.postgres.connection import PgConn, Raw, Schema

logger = logging.getLogger(__name__)

LOCK_KEY = 0x6D656D6F  # "memo": the advisory lock migrations take
Step = Callable[[PgConn], Awaitable[None]]


class MigrationConn(PgConn):
    """The connection a translated migration gets: `executescript` runs statement by statement
    inside the migration's transaction, each translated, SQLite's FTS statements skipped."""

    async def executescript(self, script: str) -> None:
        for statement in sqlite_migrations.statements(script):
            sql = dialect.ddl(statement.rstrip(";"))
            if sql is not None:
                await self.fetch(sql)

    async def execute(self, sql: str, args: Any = ()) -> Any:
        translated = dialect.ddl(sql)
        if translated is None:
            return None
        await self.fetch(translated, *args)
        return None


async def _full_text(db: PgConn) -> None:
    """The words half of search, in the place of the FTS5 table: a text search configuration
    `memoro` (English stemming with no stop words, like FTS5's porter tokenizer),
    `memoro_fold(text)` that takes accents off (Unicode NFD, combining marks dropped: "crème" is
    "creme", like FTS5's remove_diacritics, with no extension needed: `unaccent` is missing from
    many servers), and `notes_tsv`, each note's folded, stemmed words (a tsvector) under a GIN
    index, kept by a trigger and deleted with the note, as FTS5's external-content table is.
    A table of its own rather than a column of `notes` keeps the notes' rows (exports, merges)
    the same on both engines; stored rather than an index on an expression, since ranking reads
    each match's tsvector (an expression index made a 10k-note search recompute thousands)."""
    await db.fetch(
        "CREATE FUNCTION memoro_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
        " RETURN regexp_replace(normalize(value, NFD), '[\u0300-\u036f]', '', 'g')")
    await db.fetch("CREATE TEXT SEARCH DICTIONARY memoro_stem (TEMPLATE = snowball, Language = english)")
    await db.fetch("CREATE TEXT SEARCH CONFIGURATION memoro (COPY = english)")
    await db.fetch("ALTER TEXT SEARCH CONFIGURATION memoro ALTER MAPPING FOR asciiword, asciihword,"
                   " hword_asciipart, word, hword, hword_part WITH memoro_stem")
    await db.fetch("CREATE TABLE notes_tsv (note_id BIGINT PRIMARY KEY REFERENCES notes (id) ON DELETE CASCADE,"
                   " tsv tsvector NOT NULL)")
    await db.fetch("CREATE INDEX notes_tsv_words ON notes_tsv USING gin (tsv)")
    await db.fetch("""
        CREATE FUNCTION notes_tsv_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            INSERT INTO notes_tsv (note_id, tsv) VALUES (NEW.id, to_tsvector('memoro', memoro_fold(NEW.text)))
            ON CONFLICT (note_id) DO UPDATE SET tsv = EXCLUDED.tsv;
            RETURN NULL;
        END $$""")
    await db.fetch("CREATE TRIGGER notes_tsv_sync AFTER INSERT OR UPDATE OF text ON notes"
                   " FOR EACH ROW EXECUTE FUNCTION notes_tsv_sync()")


# PostgreSQL's own steps: (the migration they follow, name, step)
EXTRAS: list[tuple[str, str, Step]] = [("m001_initial", "pg001_full_text", _full_text)]
# SQLite migrations PostgreSQL runs differently: name -> step
OVERRIDES: dict[str, Step] = {"m020_reminders_due": pg_steps.reminders_due}


def steps() -> list[tuple[str, Step]]:
    """Every migration in order, SQLite's translated and PostgreSQL's own."""
    out: list[tuple[str, Step]] = []
    for name, fn in sqlite_migrations.MIGRATIONS:
        out.append((name, OVERRIDES.get(name) or cast(Step, fn)))
        out.extend((extra, step) for after, extra, step in EXTRAS if after == name)
    return out


async def apply(raw: Raw, schema: Schema) -> list[str]:
    """Apply every migration not yet recorded, each in one transaction; the names applied."""
    await raw.execute("SELECT pg_advisory_lock($1)", LOCK_KEY)  # one creator of _migrations
    try:
        await raw.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    finally:
        await raw.execute("SELECT pg_advisory_unlock($1)", LOCK_KEY)
    applied = []
    for name, step in steps():
        try:
            async with raw.transaction():
                await raw.execute("SELECT pg_advisory_xact_lock($1)", LOCK_KEY)
                if await raw.fetchval("SELECT 1 FROM _migrations WHERE name = $1", name):
                    continue
                await step(MigrationConn(raw, schema))
                await raw.execute("INSERT INTO _migrations VALUES ($1, now()::text)", name)
                applied.append(name)
        except BaseException:
            logger.error("migration %s failed; the schema is as it was before it", name)
            raise
    return applied


async def recorded(url: str) -> tuple[list[str], list[str]]:
    """(migrations the database at `url` records, migrations this version knows), for `memoro
    doctor`: reads only, applies nothing."""
    from storage.postgres.store import dsn

    conn = await asyncpg.connect(dsn(url))
    try:
        exists = await conn.fetchval("SELECT to_regclass('_migrations') IS NOT NULL")
        applied = [r[0] for r in await conn.fetch("SELECT name FROM _migrations ORDER BY name")] if exists else []
    finally:
        await conn.close()
    return applied, [name for name, _ in steps()]
