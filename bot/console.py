"""The console adapter: read a line, hand it to the engine, print the replies.

Nudges due while you chat are printed as they fall due (checked once a minute). A reply that
carries a file (`/export`) is written to `files_dir` (the data directory's `exports/` when
started by `memoro chat` or `memoro run`), never over an existing file, and its path is printed.
Log lines stay out of the conversation: `quiet_logs()` keeps the root logger at WARNING unless
MEMORO_LOG_LEVEL asks for more.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import os
import sys
from pathlib import Path

from core.messages import Attachment, IncomingMessage
from core.nudges import DOWNTIME_DAYS

logger = logging.getLogger(__name__)


def console_owner(user: str | None = None) -> str:
    """The owner key of the console (and the default of `memoro import/export --owner`)."""
    return f"console:{user or getpass.getuser()}"


def quiet_logs() -> None:
    """Keep INFO log lines out of a console conversation (unless MEMORO_LOG_LEVEL is set)."""
    if "MEMORO_LOG_LEVEL" not in os.environ:
        logging.getLogger().setLevel(logging.WARNING)


def save_file(file: Attachment, folder: Path) -> Path:
    """Write `file` into `folder` under its own name, or name-2, name-3... if that is taken."""
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(file.name).name or "memoro-export"
    path, n = folder / name, 1
    while True:
        try:
            with open(path, "xb") as out:
                out.write(file.data)
            return path.resolve()
        except FileExistsError:
            n += 1
            path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"


async def chat(engine, *, user: str | None = None, stdin=sys.stdin, stdout=sys.stdout,
               files_dir: Path | None = None) -> None:
    owner = console_owner(user)
    files_dir = files_dir or Path.cwd()
    card = engine.persona(None)
    understanding = engine.understander.name
    if understanding != "rules":
        understanding += ", rules as fallback"
    stdout.write(f"{card.greeting}\n(understanding: {understanding}; persona: {card.name}; "
                 "Ctrl-D or /quit to leave)\n")
    stdout.flush()
    loop = asyncio.get_running_loop()
    ticker = asyncio.create_task(_nudges(engine, stdout))
    if engine.index is not None:  # load the embedding model while the user types
        warm = loop.run_in_executor(None, engine.index.embedder.warm_up)
    try:
        while True:
            stdout.write("you> ")
            stdout.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line or line.strip() in ("/quit", "/exit"):
                break
            msg = IncomingMessage(owner=owner, text=line.rstrip("\n"), at=engine.clock.now(), platform="console",
                                  chat_id=owner)
            for reply in await engine.handle(msg):
                stdout.write(f"memoro> {reply.text}\n")
                if reply.attachment is not None:
                    stdout.write(_saved(reply.attachment, files_dir))
            stdout.flush()
    finally:
        ticker.cancel()
        if engine.index is not None:
            await warm
    stdout.write("Bye!\n")


def _saved(file: Attachment, folder: Path) -> str:
    try:
        return f"memoro> Saved it as {save_file(file, folder)}\n"
    except OSError as err:
        logger.warning("could not write %s to %s: %s", file.name, folder, err)
        return f"memoro> I couldn't write {file.name} to {folder} ({err.strerror or err}).\n"


async def _nudges(engine, stdout) -> None:
    while True:
        await engine.index_pending()
        for m in await engine.tick(catch_up_days=DOWNTIME_DAYS):
            stdout.write(f"\n[nudge] {m.text}\n")
            stdout.flush()
        await asyncio.sleep(60)
