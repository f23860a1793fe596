"""`memoro backup`: a consistent copy of the SQLite database, safe while the bot runs.

SQLite's online backup API copies the pages in one step under one read transaction, so the
copy is the database as of one commit: every transaction is in it entirely or not at all,
whatever the bot writes meanwhile (WAL mode lets writers carry on). The copy is checked with
`PRAGMA integrity_check` and written under a temporary name first, so a file with the final
name is always a complete, checked backup. It is switched to a rollback journal, so it is one
self-contained file. The Chroma index is not copied: it is derived from SQLite, and
`memoro reindex` rebuilds it after a restore.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from core.errors import MemoroError


def default_name() -> str:
    return f"memoro-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3"


def backup(settings, dest: Path | None = None) -> Path:
    """Copy `settings.db_path` to `dest` (a file, or a folder to put a dated file in)."""
    from storage.factory import database_url, is_postgres

    if is_postgres(database_url(settings)):
        raise MemoroError("the data is in PostgreSQL (MEMORO_DATABASE_URL): back it up with pg_dump.")
    src = settings.db_path
    if not src.exists():
        raise MemoroError(f"there is no database at {src} to back up.")
    if dest is None:
        dest = settings.data_dir / "backups" / default_name()
    elif dest.is_dir() or str(dest).endswith(("/", "\\")):
        dest = dest / default_name()
    if dest.exists():
        raise MemoroError(f"{dest} already exists; choose another name.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        copy(src, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(dest)
    return dest


def copy(src: Path, dest: Path) -> None:
    with closing(sqlite3.connect(src, timeout=30)) as source, closing(sqlite3.connect(dest)) as target:
        source.backup(target)  # all pages in one step: one consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")
        result = target.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise MemoroError(f"the copy of {src} failed its integrity check ({result}); the database may be damaged: "
                          "run `memoro doctor`.")
