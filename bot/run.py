"""`memoro run`: every configured bot, the nudge scheduler and the background indexer in one
asyncio process.

Start-up: open the store and engine, guard it (MEMORO_ALLOWED_USERS, the rate limit), start
each adapter with a token (Telegram, Discord), then the scheduler, whose `send` routes a nudge
to the adapter of the platform the owner last wrote from. SIGINT/SIGTERM: stop the scheduler
(a tick in progress finishes; an unfinished claim is re-claimed after a restart), stop the
adapters (the messages being handled get a few seconds to finish; every fetched one is already
stored, and what is left pending is handled after the next start), then close the store. With
MEMORO_WORKER_ID set it is one of several workers on one database (bot/workers.py). With
MEMORO_CALENDAR_PORT set it also serves the calendar feed (bot/calendar_feed.py) until it stops.
The vector index opens in the background after start-up (bot/wiring.py: LazyIndex). Tokens are
redacted from every log line. With no token
it says how to set one and, on a terminal, starts the console instead.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from bot import calendar_feed
from bot.logs import protect
from bot.scheduler import NudgeScheduler
from bot.wiring import engine_from
from bot.workers import Dispatcher, SharedGuard, warm_up
from core.errors import DeliveryError
from core.guard import Guard
from core.messages import OutgoingMessage

logger = logging.getLogger(__name__)
INDEX_EVERY_S = 60
NO_TOKEN = """No bot token is set, so there is no bot to run.
  Telegram: talk to @BotFather, send /newbot, then put TELEGRAM_BOT_TOKEN=<the token> in .env
  Discord:  create an application at https://discord.com/developers/applications, add a bot,
            switch on MESSAGE CONTENT INTENT, then put DISCORD_BOT_TOKEN=<the token> in .env
  (.env.example lists every setting; the README has the steps.)"""


def adapters_for(settings, engine) -> dict:
    """One adapter per configured token, keyed by platform."""
    adapters = {}
    if settings.telegram_token:
        from bot.telegram_bot import TelegramAdapter

        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        adapters["telegram"] = TelegramAdapter(
            engine, token=settings.telegram_token.get_secret_value(), base_url=settings.telegram_api_base_url,
            webhook_url=settings.webhook_url, webhook_secret=secret, listen=settings.webhook_listen,
            port=settings.webhook_port)
    if settings.discord_token:
        from bot.discord_bot import DiscordAdapter

        adapters["discord"] = DiscordAdapter(engine, token=settings.discord_token.get_secret_value())
    return adapters


def router(adapters: dict):
    """The scheduler's `send`: the adapter of the message's platform (the owner's last one)."""
    async def send(msg: OutgoingMessage) -> None:
        adapter = adapters.get(msg.platform)
        if adapter is None:  # e.g. a console user: unreachable from here until they write on a bot
            raise DeliveryError(f"no {msg.platform or 'chat'} bot is running for this owner", permanent=True)
        await adapter.send(msg)
    return send


async def run(settings) -> int:
    secrets = [t.get_secret_value() for t in (settings.telegram_token, settings.discord_token,
                                              settings.webhook_secret) if t]
    if not (settings.telegram_token or settings.discord_token):
        print(NO_TOKEN, file=sys.stderr)
        if not sys.stdin.isatty():
            return 0
        print("Starting the console instead.", file=sys.stderr)
        from bot.console import chat, quiet_logs

        quiet_logs()  # no log lines in the conversation
        async with engine_from(settings) as engine:
            await chat(engine, files_dir=settings.data_dir / "exports")
        return 0
    protect(secrets)
    async with engine_from(settings) as engine:
        shared = bool(settings.worker_id)  # one of several workers on one database (bot/workers.py)
        engine.guard = SharedGuard.shared(settings, engine.store) if shared else Guard.from_settings(settings)
        adapters = adapters_for(settings, engine)
        if shared and "telegram" in adapters:
            adapters["telegram"].dispatcher = Dispatcher(engine.store, adapters["telegram"], worker=settings.worker_id,
                                                         lease_s=settings.lease_seconds, clock=engine.clock)
        scheduler = NudgeScheduler(engine, router(adapters), recover=not shared)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        started, indexer, failed = [], None, False
        feed = calendar_feed.from_settings(settings, engine.store)  # None unless MEMORO_CALENDAR_PORT
        try:
            if shared:
                await warm_up(engine)
            for adapter in adapters.values():
                await adapter.start()
                started.append(adapter)
            if feed is not None:
                await feed.start()
                engine.commands.calendar_url = feed.base_url
            scheduler.start()
            indexer = asyncio.create_task(_index_forever(engine), name="memoro-indexer")
            logger.info("memoro is running (%s); Ctrl-C or SIGTERM stops it", ", ".join(adapters))
            failed = await _until_stopped(stopping, [a.gateway for a in started if getattr(a, "gateway", None)])
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
            if indexer:
                indexer.cancel()
            await scheduler.stop()
            if feed is not None:
                await feed.stop()
            for adapter in reversed(started):
                try:
                    await adapter.stop()
                except Exception:  # broad on purpose: one adapter failing to stop must not keep the store open
                    logger.exception("stopping %s failed", adapter.platform)
            logger.info("memoro stopped: scheduler and bots stopped, closing the store")
    return 1 if failed else 0


async def _until_stopped(stopping: asyncio.Event, gateways: list[asyncio.Task]) -> bool:
    """Wait for a stop signal or for a bot connection to die; True when one died."""
    waiter = asyncio.create_task(stopping.wait())
    done, _ = await asyncio.wait([waiter, *gateways], return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    return waiter not in done


async def _index_forever(engine) -> None:
    """Open the vector index off the event loop, then embed new notes in the background
    (questions also index their owner's notes first)."""
    if ready := getattr(engine.index, "ready", None):
        try:
            await ready()
        except Exception:  # broad on purpose: the first search retries opening it, and says so if it fails
            logger.exception("opening the vector index failed")
    while True:
        try:
            await engine.index_pending()
        except Exception:  # broad on purpose: retried next round, and search indexes lazily anyway
            logger.exception("background indexing failed")
        await asyncio.sleep(INDEX_EVERY_S)
