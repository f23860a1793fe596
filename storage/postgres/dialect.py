"""SQL the SQLite store writes, made to run on PostgreSQL: one set of queries for both engines.

The mixins of storage/ write plain SQL that SQLite and PostgreSQL mostly share (ON CONFLICT,
RETURNING, CTEs, partial indexes). What differs is mechanical, and rewritten here once per
statement text (memoised, so a query costs its translation once per process):

- `?` placeholders become `$1, $2, ...` (outside quoted literals and identifiers);
- `INSERT OR IGNORE` becomes `INSERT ... ON CONFLICT DO NOTHING`, and `INSERT OR REPLACE` an
  upsert on the table's key (CONFLICT_KEYS; a table not listed there fails loudly);
- `x IS ?` / `x IS NOT ?` (SQLite's null-safe equality) become `IS [NOT] DISTINCT FROM`;
- SQLite planner hints go: `INDEXED BY name`, and the unary `+` that stops an index being used;
- `substr(x, -n)` (the last n characters in SQLite) becomes `right(x, n)`;
- `lastrowid`: an INSERT into a table with an `id` column gets `RETURNING id` (see connection.py).

Migrations' DDL is translated too (`ddl`): `INTEGER PRIMARY KEY` (SQLite's rowid alias) becomes
an identity column, INTEGER becomes BIGINT, and TEXT columns get the "C" collation, so text sorts
and compares byte-wise as SQLite's BINARY does (times are UTC ISO text on both engines, compared
as text). What has no mechanical translation (FTS5 tables, json_each, date arithmetic, rowid)
is written for PostgreSQL in the modules beside this one.
"""

from __future__ import annotations

import functools
import logging
import re

logger = logging.getLogger(__name__)

# the key an `INSERT OR REPLACE INTO <table>` replaces on
CONFLICT_KEYS: dict[str, tuple[str, ...]] = {"vector_outbox": ("note_id",), "owner_aliases": ("alias",)}

_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)", re.I)
_REPLACE_COLS = re.compile(r"INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.I)
_RETURNING = re.compile(r"\sRETURNING\s", re.I)


def placeholders(sql: str) -> str:
    """`?` -> `$n`, leaving quoted literals ('...') and identifiers ("...") alone."""
    out: list[str] = []
    n, i, quote = 0, 0, ""
    while i < len(sql):
        ch = sql[i]
        if quote:
            out.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            n += 1
            out.append(f"${n}")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def insert_target(sql: str) -> str | None:
    """The table an INSERT writes, or None for any other statement."""
    m = _INSERT.match(sql)
    return m.group(2).lower() if m else None


def has_returning(sql: str) -> bool:
    return bool(_RETURNING.search(sql))


def _on_conflict(sql: str, clause: str) -> str:
    """Put `clause` after the INSERT's rows, before any RETURNING."""
    m = _RETURNING.search(sql)
    if m:
        return f"{sql[:m.start()]} {clause}{sql[m.start():]}"
    return f"{sql.rstrip().rstrip(';')} {clause}"


@functools.lru_cache(maxsize=2048)
def translate(sql: str, returning_id: bool = False) -> str:
    """The PostgreSQL form of a statement written for SQLite (see the module's paragraph)."""
    m = _INSERT.match(sql)
    if m and m.group(1):
        how, table = m.group(1).upper(), m.group(2).lower()
        if how == "IGNORE":
            sql = re.sub(r"INSERT\s+OR\s+IGNORE\s+INTO", "INSERT INTO", sql, count=1, flags=re.I)
            sql = _on_conflict(sql, "ON CONFLICT DO NOTHING")
        else:
            key = CONFLICT_KEYS.get(table)
            cols = _REPLACE_COLS.search(sql)
            if key is None or cols is None:
                raise ValueError(f"INSERT OR REPLACE into {table}: no conflict key known on PostgreSQL")
            names = [c.strip() for c in cols.group(2).split(",")]
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in key)
            sql = re.sub(r"INSERT\s+OR\s+REPLACE\s+INTO", "INSERT INTO", sql, count=1, flags=re.I)
            action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
            sql = _on_conflict(sql, f"ON CONFLICT ({', '.join(key)}) {action}")
    sql = re.sub(r"\bIS\s+NOT\s+\?", "IS DISTINCT FROM ?", sql, flags=re.I)
    sql = re.sub(r"\bIS\s+\?", "IS NOT DISTINCT FROM ?", sql, flags=re.I)
    sql = re.sub(r"\s+INDEXED\s+BY\s+\w+", "", sql, flags=re.I)
    sql = re.sub(r"(?<=[\s(,=])\+(?=[A-Za-z_])", "", sql)  # `+owner`: SQLite's "not by this index"
    sql = re.sub(r"\bsubstr\(([\w.]+),\s*-(\d+)\)", r"right(\1, \2)", sql, flags=re.I)
    if returning_id and not has_returning(sql):
        sql = _on_conflict(sql, "RETURNING id")
    return placeholders(sql)


# --- DDL ------------------------------------------------------------------------------------
_SKIPPED_DDL = re.compile(r"^\s*CREATE\s+(VIRTUAL\s+TABLE|TRIGGER)\b[\s\S]*fts", re.I)


def ddl(statement: str) -> str | None:
    """A migration statement for PostgreSQL, or None for one that PostgreSQL does differently
    (SQLite's FTS5 index and its triggers: storage/postgres/migrations.py adds the tsvector index)."""
    if _SKIPPED_DDL.match(statement):
        return None
    if re.match(r"^\s*(CREATE\s+(VIRTUAL\s+TABLE|TRIGGER)|PRAGMA)\b", statement, re.I):
        raise ValueError(f"no PostgreSQL form for this SQLite statement: {statement[:80]!r}")
    sql = statement
    if re.match(r"^\s*(CREATE|ALTER)\s+TABLE\b", sql, re.I):  # column types, not CASTs
        sql = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", sql)
        sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
        sql = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', sql)
    return translate(sql)
