"""The console adapter: read a line, hand it to the engine, print the replies.

Nudges due while you chat are printed as they fall due (checked once a minute)."""

from __future__ import annotations

import asyncio
import getpass
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
            stdout.flush()
    finally:
        ticker.cancel()
        if engine.index is not None:
            await warm
    stdout.write("Bye!\n")


async def _nudges(engine, stdout) -> None:
    while True:
        await engine.index_pending()
        for m in await engine.tick():
            stdout.write(f"\n[nudge] {m.text}\n")
            stdout.flush()
        await asyncio.sleep(60)
