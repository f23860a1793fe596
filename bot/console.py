"""The console adapter: read a line, store it, hand it to the engine, print the replies.

Nudges due while you chat are printed as they fall due (checked once a minute).

Fed by a pipe (`memoro chat < notes.txt`, or another program writing to it), nothing read is
lost: each line is stored in the message log (Engine.receive) before it is handled, and a line
is read from the file descriptor byte by byte, so the process never holds input it has not
stored (a buffered reader would pull kilobytes out of the pipe at once, and a crash would lose
them). What a crash left stored but not handled is handled first at the next start.
"""

from __future__ import annotations

import asyncio
import getpass
import io
import os
import sys

from core.messages import IncomingMessage


def console_owner(user: str | None = None) -> str:
    """The owner key of the console (and the default of `memoro import/export --owner`)."""
    return f"console:{user or getpass.getuser()}"


async def chat(engine, *, user: str | None = None, stdin=sys.stdin, stdout=sys.stdout) -> None:
    owner = console_owner(user)
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
    read = _reader(stdin)
    try:
        for msg, mid, _ in await engine.pending("console", owner):  # stored before a crash, not handled
            _show(await engine.process(msg, mid), stdout)
        while True:
            stdout.write("you> ")
            stdout.flush()
            line = await loop.run_in_executor(None, read)
            if not line or line.strip() in ("/quit", "/exit"):
                break
            msg = IncomingMessage(owner=owner, text=line.rstrip("\r\n"), at=engine.clock.now(), platform="console",
                                  chat_id=owner)
            _show(await engine.handle(msg), stdout)
    finally:
        ticker.cancel()
        if engine.index is not None:
            await warm
    stdout.write("Bye!\n")


def _show(replies, stdout) -> None:
    for reply in replies:
        stdout.write(f"memoro> {reply.text}\n")
    stdout.flush()


def _reader(stdin):
    """A function that reads one line: from the file descriptor byte by byte when there is one
    (nothing read ahead of what is stored), else the stream's own readline (tests' StringIO)."""
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return stdin.readline

    def readline() -> str:
        line = bytearray()
        while not line.endswith(b"\n"):
            byte = os.read(fd, 1)
            if not byte:
                break
            line += byte
        return line.decode("utf-8", errors="replace")
    return readline


async def _nudges(engine, stdout) -> None:
    while True:
        await engine.index_pending()
        for m in await engine.tick():
            stdout.write(f"\n[nudge] {m.text}\n")
            stdout.flush()
        await asyncio.sleep(60)
