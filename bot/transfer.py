"""`memoro import` and `memoro export`: the command-line side of core/importer.py and core/exporter.py.

Both work on one owner's address book, by default the console's (`console:<login>`, the key
`memoro chat` uses); `--owner telegram:12345` picks another. They open the SQLite store
alone (no embedding model): imported notes wait in the vector outbox and are embedded by the
next `memoro run`/`chat` (or before the first search).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from core.clock import SystemClock
from core.engine import Engine
from core.errors import MemoroError
from core.format import plural
from storage.factory import open_store


async def import_file(settings, path: Path, owner: str, *, dry_run: bool = False, out=None) -> int:
    out = out or sys.stdout  # looked up per call, not bound once at import
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from core.importer import import_bytes

    try:
        data = path.read_bytes()
    except OSError as err:
        raise MemoroError(f"can't read {path}: {err.strerror}") from err
    now = SystemClock().now()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with await open_store(settings) as store:
        engine = Engine(store=store, default_tz=settings.default_tz, character=settings.character)
        await engine.owner(owner, now)
        source = None
        if not dry_run:  # the import is a message of its own, so `/undo` in a chat reverts it
            source = await store.add_message(owner, "user", f"[memoro import {path.name}]", now, platform="cli")
        bar = Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(), transient=True,
                       disable=not sys.stderr.isatty())
        with bar:
            task = bar.add_task("import", total=None)
            report = await import_bytes(store, owner, path.name, data, now, source, dry_run=dry_run,
                                        progress=lambda n, total: bar.update(task, completed=n, total=total))
        if source is not None:
            await store.set_message_status(source, "processed")
    out.write(f"Owner {owner}\n{report.text(limit=50)}\n")
    if report.kind == "json" and (origin := _exported_from(data)) not in (None, owner):
        out.write(f"(This export was made for {origin}; to restore it there, use --owner {origin}.)\n")
    return 0


def _exported_from(data: bytes) -> str | None:
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    return doc.get("owner_key") if isinstance(doc, dict) else None


async def export_file(settings, owner: str, fmt: str, dest: Path | None, *, out=None) -> int:
    out = out or sys.stdout  # looked up per call, not bound once at import
    from core.exporter import export

    if not settings.db_path.exists():
        raise MemoroError(f"there is no database in {settings.data_dir} yet: nothing to export.")
    async with await open_store(settings) as store:
        owners = await store.owner_keys()
        if owner not in owners:
            known = ", ".join(owners[:20]) or "none"
            raise MemoroError(f"no owner {owner!r} in {settings.db_path} (owners: {known}); choose one with --owner.")
        _, data = await export(store, owner, fmt, datetime.now().astimezone())
        people = len(await store.contacts(owner))
    if dest is None:
        out.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        dest.write_bytes(data)
        print(f"Exported {plural(people, 'person')} of {owner} as {fmt} to {dest}.", file=sys.stderr)
    return 0
