"""PostgreSQL's own forms of the migrations whose SQLite SQL (triggers) does not translate.

m020_reminders_due keeps each keep-in-touch reminder's anchor and due day in its row. On SQLite,
triggers on the tables that move them update the row (storage/migrations.py). Here one BEFORE
trigger on `reminders` computes both from the row's own columns whenever it is written, and the
other tables' triggers only touch the reminders of the people they changed (`SET anchor =
anchor`), so the anchor's SQL is written once. Those are statement triggers over transition tables: a bulk
INSERT of 500k meetings' people touches their reminders in one UPDATE (row triggers, one UPDATE
per row, took over 8 minutes for it). The nudges' triggers are row triggers whose WHEN passes
only keep-in-touch nudges, so a claim of thousands of birthdays runs no trigger at all.
"""

from __future__ import annotations

import logging

from storage.postgres.connection import PgConn

logger = logging.getLogger(__name__)


def _touch(table: str, op: str, referencing: str, people: str) -> tuple[str, str]:
    """A statement trigger on `table` after `op` that touches the reminders of `people` (a query
    over its transition tables)."""
    name = f"reminders_touch_{table}_{op.lower()}"
    return (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            f" UPDATE reminders SET anchor = anchor WHERE contact_id = ANY (ARRAY({people})); RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER {op} ON {table} REFERENCING {referencing}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()")


async def reminders_due(db: PgConn) -> None:
    """m020 on PostgreSQL: the columns and indexes as on SQLite, the anchor kept by triggers."""
    for sql in (
        'ALTER TABLE reminders ADD COLUMN anchor TEXT COLLATE "C"',
        'ALTER TABLE reminders ADD COLUMN due_on TEXT COLLATE "C"',
        "CREATE INDEX reminders_contact ON reminders (contact_id)",
        # covering: the due-scan reads a firing owner's due reminders from the index alone
        "CREATE INDEX reminders_due ON reminders (owner, due_on) INCLUDE (contact_id, every_days, anchor)"
        " WHERE active = 1",
        """CREATE FUNCTION memoro_reminder_due() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            NEW.anchor := greatest(NEW.since,
                -- each meeting by its key, not a join: planned before a bulk load's ANALYZE, a join
                -- hashed every meeting for every reminder (quadratic; 0.7 ms a reminder at 2k)
                coalesce((SELECT max((SELECT x.occurred_on FROM interactions x WHERE x.id = p.interaction_id))
                          FROM interaction_people p WHERE p.contact_id = NEW.contact_id), ''),
                coalesce((SELECT max(substr(n.occurrence, 1, 10)) FROM nudges n WHERE n.owner = NEW.owner
                          AND n.contact_id = NEW.contact_id AND n.kind = 'keep_in_touch'
                          AND n.status IN ('sent', 'dead')), ''));
            NEW.due_on := to_char(NEW.anchor::date + NEW.every_days::int, 'YYYY-MM-DD');
            RETURN NEW;
        END $$""",
        "CREATE TRIGGER reminders_due BEFORE INSERT OR UPDATE OF since, every_days, owner, contact_id, anchor"
        " ON reminders FOR EACH ROW EXECUTE FUNCTION memoro_reminder_due()",
        # the people a statement changed (its transition tables `changed`, and `was` before an
        # UPDATE): their reminders are touched, and so recomputed, in one UPDATE per statement
        *_touch("interaction_people", "INSERT", "NEW TABLE AS changed", "SELECT contact_id FROM changed"),
        *_touch("interaction_people", "DELETE", "OLD TABLE AS changed", "SELECT contact_id FROM changed"),
        *_touch("interaction_people", "UPDATE", "OLD TABLE AS was NEW TABLE AS changed",
                "SELECT contact_id FROM changed UNION SELECT contact_id FROM was"),
        *_touch("interactions", "UPDATE", "NEW TABLE AS changed",
                "SELECT p.contact_id FROM interaction_people p JOIN changed c ON c.id = p.interaction_id"),
        # nudges: row triggers whose WHEN skips every nudge but a keep-in-touch one in C, where a
        # statement trigger would run for each of a claim's thousands of one-row INSERTs
        """CREATE FUNCTION reminders_touch_nudged() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF TG_OP = 'INSERT' THEN
                UPDATE reminders SET anchor = anchor WHERE contact_id = NEW.contact_id;
            ELSE
                UPDATE reminders SET anchor = anchor WHERE contact_id = OLD.contact_id;
                IF TG_OP = 'UPDATE' THEN
                    IF NEW.contact_id IS DISTINCT FROM OLD.contact_id THEN
                        UPDATE reminders SET anchor = anchor WHERE contact_id = NEW.contact_id;
                    END IF;
                END IF;
            END IF;
            RETURN NULL;
        END $$""",
        "CREATE TRIGGER reminders_nudge_new AFTER INSERT ON nudges FOR EACH ROW"
        " WHEN (NEW.kind = 'keep_in_touch' AND NEW.status IN ('sent', 'dead'))"
        " EXECUTE FUNCTION reminders_touch_nudged()",
        "CREATE TRIGGER reminders_nudge_changed AFTER UPDATE OF owner, contact_id, kind, occurrence, status"
        " ON nudges FOR EACH ROW WHEN ('keep_in_touch' IN (OLD.kind, NEW.kind))"
        " EXECUTE FUNCTION reminders_touch_nudged()",
        "CREATE TRIGGER reminders_nudge_gone AFTER DELETE ON nudges FOR EACH ROW"
        " WHEN (OLD.kind = 'keep_in_touch') EXECUTE FUNCTION reminders_touch_nudged()",
        "UPDATE reminders SET anchor = anchor",
    ):
        await db.fetch(sql)
