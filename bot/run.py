"""`memoro run`: the long-running bot process.

The Telegram and Discord adapters are not built yet (see the open issue); until they are,
`memoro run` says so and, on a terminal, offers the console with the nudge ticker instead.
"""

from __future__ import annotations

import sys

from bot.wiring import engine_from


async def run(settings) -> int:
    tokens = [name for name, value in (("TELEGRAM_BOT_TOKEN", settings.telegram_token),
                                       ("DISCORD_BOT_TOKEN", settings.discord_token)) if value]
    if tokens:
        print(f"memoro run: {', '.join(tokens)} is set, but the Telegram/Discord adapters are not part of this "
              "version yet. Use `memoro chat` for now.", file=sys.stderr)
        return 2
    print("No bot token is set (TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN); starting the console instead.",
          file=sys.stderr)
    if not sys.stdin.isatty():
        return 0
    from bot.console import chat

    async with engine_from(settings) as engine:
        await chat(engine)
    return 0
