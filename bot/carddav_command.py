"""`memoro sync carddav URL`: the command-line side of core/carddav_sync.py.

Credentials: the user from `--user` (else MEMORO_CARDDAV_USER, else the URL's `user@`), the
password from MEMORO_CARDDAV_PASSWORD (the environment, else `.env`), else `--password-file`,
else asked on the terminal
(never an option of its own: a command line is visible to every user of the machine). The
password goes to the HTTP client only; it is never printed or logged.

Like `memoro import`, the sync opens the SQLite store alone and is a message of its own in
the owner's log, so `/undo` in a chat takes back what it pulled (what it pushed stays on the
server: nothing there is ever deleted). Exit codes: 0 done, 2 refused (wrong password, not an
address book, no such owner), 3 unreachable or failing server (try again later).
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
from pathlib import Path

from core.carddav import CardDAVError
from core.carddav_sync import sync
from core.clock import SystemClock
from core.engine import Engine
from storage.factory import open_store

logger = logging.getLogger(__name__)


def _env(name: str) -> str | None:
    """A variable from the environment, else from `.env` (where the settings are read from too)."""
    if value := os.environ.get(name):
        return value
    from dotenv import dotenv_values  # comes with pydantic-settings

    return dotenv_values(".env").get(name) or None


def password(file: Path | None, *, interactive: bool) -> str | None:
    """MEMORO_CARDDAV_PASSWORD, else the first line of `file`, else a prompt on a terminal."""
    if value := _env("MEMORO_CARDDAV_PASSWORD"):
        return value
    if file is not None:
        try:
            return file.read_text(encoding="utf-8").splitlines()[0].strip() if file.stat().st_size else ""
        except OSError as err:
            raise CardDAVError(f"can't read the password file {file}: {err.strerror}") from err
    if interactive:
        return getpass.getpass("CardDAV password: ")
    return None


async def sync_carddav(settings, url: str, owner: str, *, user: str | None, password_file: Path | None = None,
                       dry_run: bool = False, out=None, err=None, transport=None) -> int:
    """Run one sync of `owner`'s people with the address book at or under `url`; the exit code."""
    from bot.carddav_client import open_book

    out, err = out or sys.stdout, err or sys.stderr  # looked up per call, not bound once at import
    try:
        user = user or _env("MEMORO_CARDDAV_USER")
        secret = password(password_file, interactive=sys.stdin.isatty() and bool(user))
        now = SystemClock().now()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        async with open_book(url, user=user, password=secret, transport=transport) as book:
            async with await open_store(settings) as store:
                engine = Engine(store=store, default_tz=settings.default_tz, character=settings.character)
                await engine.owner(owner, now)
                source = None
                if not dry_run:  # the sync is a message of its own, so `/undo` in a chat reverts its pull
                    source = await store.add_message(owner, "user", f"[memoro sync carddav {book.url}]", now,
                                                     platform="cli")
                report = await sync(store, owner, book, now, source, dry_run=dry_run)
                if source is not None:
                    await store.set_message_status(source, "processed")
    except CardDAVError as e:
        err.write(f"memoro: {e}\n")
        return e.exit_code
    out.write(f"Owner {owner}\n{report.text(limit=50)}\n")
    return report.push_error.exit_code if report.push_error else 0
