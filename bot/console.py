"""The console adapter: read a line, store it, hand it to the engine, print the replies.

Nudges due while you chat are printed as they fall due (checked once a minute).

Fed by a pipe (`memoro chat < notes.txt`, or another program writing to it), nothing read is
lost or handled twice: each line is stored in the message log (Engine.receive) while it is still
in the pipe, and only then taken from it (bot/pipe.py); what a crash left stored but not
handled is handled first at the next start. From a terminal or a file, a line is read byte by
byte, so nothing is read ahead of what is stored.

A reply with buttons (core/choices.py) shows them numbered, `[1] Sam Lee  [2] Sam Ortiz`, and
the next line, if it is just one of those numbers, presses that button: it is stored and
handled as the press (`/choose TOKEN`), like a tap on Telegram. Any other line is ordinary text.

A reply that carries a file (`/export`) is written to `files_dir` (the data directory's
`exports/` when started by `memoro chat` or `memoro run`), never over an existing file, and its
path is printed. Log lines stay out of the conversation: `quiet_logs()` keeps the root logger at
WARNING unless MEMORO_LOG_LEVEL asks for more.
"""

from __future__ import annotations

import asyncio
import getpass
import io
import logging
import os
import sys
from pathlib import Path

from bot.pipe import PipeLines
from core.messages import Attachment, Button, IncomingMessage, press_text
from core.nudges import DOWNTIME_DAYS

logger = logging.getLogger(__name__)

IN_PIPE = "console:in-pipe"  # the raw mark of a line stored while still in the pipe


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
        warm = loop.run_in_executor(None, lambda: engine.index.embedder.warm_up())  # opens the index too
    read, pipe = _reader(stdin)
    buttons: list[Button] = []  # on the last reply: a bare number presses one
    try:
        for msg, mid, raw in await engine.pending("console", owner):  # stored before a crash, not handled
            if raw == IN_PIPE:  # stored, and maybe still first in the pipe: take it now
                if pipe is not None and _text(await loop.run_in_executor(None, pipe.peek)) == msg.text:
                    pipe.take(len(await loop.run_in_executor(None, pipe.peek)))
                await engine.store.clear_raw(mid)
            buttons = _show(await engine.process(msg, mid), stdout, files_dir)
        while True:
            stdout.write("you> ")
            stdout.flush()
            data = await loop.run_in_executor(None, pipe.peek if pipe else read)
            line = _text(data) if pipe else data.rstrip("\r\n")
            if not data or line.strip() in ("/quit", "/exit"):
                break
            msg = IncomingMessage(owner=owner, text=pressed(line, buttons), at=engine.clock.now(),
                                  platform="console", chat_id=owner)
            if pipe is None:
                buttons = _show(await engine.handle(msg), stdout, files_dir)
                continue
            receipt = await engine.receive(msg, raw=IN_PIPE)  # stored while still in the pipe
            pipe.take(len(data))
            if receipt.mid is not None:
                await engine.store.clear_raw(receipt.mid)
            buttons = _show(await engine.process(msg, receipt.mid) if receipt.pending else receipt.replies, stdout,
                            files_dir)
    finally:
        ticker.cancel()
        if pipe is not None:
            pipe.close()
        if engine.index is not None:
            await warm
    stdout.write("Bye!\n")


def _saved(file: Attachment, folder: Path) -> str:
    try:
        return f"memoro> Saved it as {save_file(file, folder)}\n"
    except OSError as err:
        logger.warning("could not write %s to %s: %s", file.name, folder, err)
        return f"memoro> I couldn't write {file.name} to {folder} ({err.strerror or err}).\n"


def pressed(line: str, buttons: list[Button]) -> str:
    """The line as sent: a bare number of a button on the last reply presses it."""
    word = line.strip()
    if word.isdigit() and 1 <= int(word) <= len(buttons):
        return press_text(buttons[int(word) - 1].token)
    return line


def numbered(buttons: list[Button]) -> str:
    """`[1] Sam Lee  [2] Sam Ortiz`: the buttons as the console (and replay) show them."""
    return "  ".join(f"[{n}] {b.label}" for n, b in enumerate(buttons, 1))


def _show(replies, stdout, files_dir: Path) -> list[Button]:
    """Print the replies; the buttons of the last one."""
    buttons: list[Button] = []
    for reply in replies:
        stdout.write(f"memoro> {reply.text}\n")
        buttons = reply.choices
        if buttons:
            stdout.write(f"        {numbered(buttons)}  (type a number to choose)\n")
        if reply.attachment is not None:
            stdout.write(_saved(reply.attachment, files_dir))
    stdout.flush()
    return buttons


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").rstrip("\r\n")


def _reader(stdin):
    """(readline, pipe): a pipe is read through PipeLines (look, store, take); otherwise a
    function that reads one line from the file descriptor byte by byte (nothing read ahead of
    what is stored), or the stream's own readline (tests' StringIO)."""
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return stdin.readline, None
    if (pipe := PipeLines.open(fd)) is not None:
        return None, pipe

    def readline() -> str:
        line = bytearray()
        while not line.endswith(b"\n"):
            byte = os.read(fd, 1)
            if not byte:
                break
            line += byte
        return line.decode("utf-8", errors="replace")
    return readline, None


async def _nudges(engine, stdout) -> None:
    while True:
        await engine.index_pending()
        for m in await engine.tick(catch_up_days=DOWNTIME_DAYS):
            stdout.write(f"\n[nudge] {m.text}\n")
            stdout.flush()
        await asyncio.sleep(60)
