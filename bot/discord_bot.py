"""The Discord adapter on discord.py 2.x: it only translates.

    Message / slash command --to_incoming--> IncomingMessage --Engine.handle--> replies --send-->

The owner key is `discord:<user id>` and the chat id is the user id: every answer goes to the
user's DMs (`Client.create_dm`), the one place an address book is private. DMs are always
answered; in a server only a message that mentions the bot, and then the answer goes to DMs
with a short notice in the channel. Reading message text needs the privileged
`message_content` intent (switched on in the developer portal; see the README). Slash
commands (/help, /people, /birthdays, /person, /link, /unlink) answer ephemerally, visible
to the caller only. Replies are Markdown-escaped and ping no one, so a name like `Jo_ann <3`
or `@everyone` shows as typed; long replies are split under 2000 characters. A 403 (DMs
closed, bot blocked) marks the owner unreachable; discord.py itself waits out 429s.

Buttons (core/choices.py): a reply's choices go out as a discord.ui view under its last piece,
each button's custom id `memoro:<token>`. A press is a component interaction, caught in
`on_interaction` (so it works for buttons sent before a restart too, whose views are gone):
stored as the message `/choose <token>` (external id `i<interaction id>`), acknowledged within
Discord's 3 seconds (in a DM by taking the buttons off the message, elsewhere by a deferral),
then handled and answered in the DM like a message.

Durability, as far as the gateway allows: Discord does not redeliver a gateway event, so what
arrives while the bot is down is not seen; what arrives is stored in the message log
(Engine.receive) before anything else is done with it, and what a crash left stored but not
handled is handled at the next start (before the gateway connects, so each person's messages
stay in order) and by a sweep every minute. discord.py dispatches each message as its own
task (people are handled concurrently; the engine keeps each person's in order); at most
MAX_IN_FLIGHT are handled at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re

import discord
from discord import app_commands

from bot.chunks import split
from bot.inbox import sweep_forever
from core.errors import ConfigError, DeliveryError
from core.messages import Attachment, Button, IncomingMessage, OutgoingMessage, press_text

logger = logging.getLogger(__name__)
PLATFORM = "discord"
LIMIT = 2000
MAX_FILE_BYTES = 10_000_000  # what a Discord user without Nitro can send
MAX_IN_FLIGHT = 32  # messages handled at once
IN_PRIVATE = "Your address book is private, so I don't read it out here: I've answered you in a DM."
DMS_CLOSED = ("Your address book is private, so I don't read it out here, and I can't DM you. Allow direct "
              "messages from server members (Privacy Settings) or message me directly.")
QUIET = discord.AllowedMentions.none()
CUSTOM = "memoro:"  # custom id of a button: memoro:<token>
VIEW_TIMEOUT_S = 600  # how long discord.py keeps a sent view in memory (presses are caught after that too)


def to_incoming(message: discord.Message, me: discord.abc.User) -> IncomingMessage | None:
    """The platform-neutral message for `message`, or None when it is not for Memoro."""
    if message.author.bot:
        return None
    text = message.content
    if not is_dm(message):
        if not any(u.id == me.id for u in message.mentions):
            return None
        text = re.sub(rf"<@!?{me.id}>", "", text).strip()
    return IncomingMessage(owner=f"{PLATFORM}:{message.author.id}", text=text, at=message.created_at,
                           platform=PLATFORM, chat_id=str(message.author.id), message_id=str(message.id),
                           display_name=message.author.display_name)


def is_dm(message: discord.Message) -> bool:
    """A direct message (a server channel whose guild is not cached yet is not one)."""
    return isinstance(message.channel, discord.DMChannel)


def command_to_incoming(interaction: discord.Interaction, text: str) -> IncomingMessage:
    """A slash command as the text command the engine knows (`/person Sam`)."""
    user = interaction.user
    return IncomingMessage(owner=f"{PLATFORM}:{user.id}", text=text, at=interaction.created_at, platform=PLATFORM,
                           chat_id=str(user.id), message_id=f"i{interaction.id}", display_name=user.display_name)


def view_of(buttons: list[Button]) -> discord.ui.View | None:
    """A reply's choices as Discord buttons (five to a row, as Discord allows)."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=VIEW_TIMEOUT_S)
    for n, b in enumerate(buttons[:25]):
        view.add_item(discord.ui.Button(label=b.label[:80], custom_id=CUSTOM + b.token, row=n // 5,
                                        style=discord.ButtonStyle.secondary))
    return view


def press_to_incoming(interaction: discord.Interaction) -> IncomingMessage | None:
    """A press of one of our buttons as the message `/choose <token>`, or None."""
    custom_id = (interaction.data or {}).get("custom_id", "")
    if interaction.type != discord.InteractionType.component or not custom_id.startswith(CUSTOM):
        return None
    user = interaction.user
    return IncomingMessage(owner=f"{PLATFORM}:{user.id}", text=press_text(custom_id[len(CUSTOM):]),
                           at=interaction.created_at, platform=PLATFORM, chat_id=str(user.id),
                           message_id=f"i{interaction.id}", display_name=user.display_name)


def pieces(text: str) -> list[str]:
    return split(discord.utils.escape_markdown(text), LIMIT)


class _Client(discord.Client):
    def __init__(self, adapter: DiscordAdapter):
        intents = discord.Intents.default()
        intents.message_content = True  # privileged: enable it in the developer portal
        super().__init__(intents=intents, allowed_mentions=QUIET)
        self.adapter = adapter
        self.tree = app_commands.CommandTree(self)

    async def setup_hook(self) -> None:
        self.adapter.add_commands(self.tree)
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        await self.adapter.on_message(message)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.adapter.on_interaction(interaction)


class DiscordAdapter:
    """`await start()` / `await stop()`; `send` delivers one OutgoingMessage (the nudges' path)."""

    platform = PLATFORM

    def __init__(self, engine, *, token: str):
        self.engine, self.token = engine, token
        self.client = _Client(self)
        self._gateway: asyncio.Task | None = None
        self._inflight: set[asyncio.Task] = set()
        self._slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._sweeper: asyncio.Task | None = None

    async def login(self) -> None:
        """Check the token over REST and sync the slash commands (no gateway yet)."""
        try:
            await self.client.login(self.token)
        except discord.LoginFailure:
            raise ConfigError("Discord rejected DISCORD_BOT_TOKEN. Reset it under Bot in the developer "
                              "portal and copy it again.") from None

    async def start(self) -> None:
        await self.login()
        if found := await self.sweep():
            logger.info("Discord: handled %d messages stored before a restart", found)
        self._sweeper = asyncio.create_task(sweep_forever(self.sweep), name="discord-sweep")
        self._gateway = asyncio.create_task(self.client.connect(), name="discord-gateway")
        self._gateway.add_done_callback(_gateway_ended)

    @property
    def gateway(self) -> asyncio.Task | None:
        """The gateway connection while it runs; it ends when Discord closes it for good."""
        return self._gateway

    async def stop(self, grace_s: float = 10) -> None:
        """Let the messages being handled finish (their replies need the HTTP session), then close."""
        if self._sweeper is not None:
            self._sweeper.cancel()
        await asyncio.sleep(0)  # handlers already dispatched start and register themselves
        if self._inflight:
            await asyncio.wait(self._inflight, timeout=grace_s)
        await self.client.close()
        if self._gateway is not None:
            await asyncio.gather(self._gateway, return_exceptions=True)

    def add_commands(self, tree: app_commands.CommandTree) -> None:
        for name, about in (("help", "what I can do"), ("people", "your contacts"),
                            ("birthdays", "birthdays in the next 30 days"), ("reminders", "your follow-ups"),
                            ("gifts", "gift ideas"), ("owe", "open items both ways"), ("groups", "your groups and tags"),
                            ("unlink", "separate linked accounts")):
            tree.command(name=name, description=about)(self._simple(name))

        @tree.command(name="person", description="everything about one person")
        async def person(interaction: discord.Interaction, name: str) -> None:
            await self.on_command(interaction, f"/person {name}")

        @tree.command(name="link", description="share one address book with your Telegram")
        async def link(interaction: discord.Interaction, code: str | None = None) -> None:
            await self.on_command(interaction, f"/link {code or ''}".strip())

    def _simple(self, name: str):
        async def command(interaction: discord.Interaction) -> None:
            await self.on_command(interaction, f"/{name}")
        return command

    async def on_command(self, interaction: discord.Interaction, text: str) -> None:
        with self._busy():
            await self._command(interaction, text)

    async def sweep(self) -> int:
        """Handle the Discord messages the log holds as pending (their replies go to DMs)."""
        done = 0
        for msg, mid, _ in await self.engine.pending(PLATFORM):
            with self._busy():
                try:
                    for reply in await self.engine.process(msg, mid):
                        await self._send_text(reply.chat_id, reply.text, buttons=reply.choices)
                        done += 1
                except discord.Forbidden:
                    await self.engine.unreachable(msg.owner)
        return done

    async def _command(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # Discord wants an answer in 3 s
        async with self._slots:
            replies = await self.engine.handle(command_to_incoming(interaction, text))
        for part in [p for r in replies for p in pieces(r.text)] or ["(already answered)"]:
            await interaction.followup.send(part, ephemeral=True, allowed_mentions=QUIET)

    async def on_message(self, message: discord.Message) -> None:
        with self._busy():
            await self._message(message)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A press of one of our buttons (slash commands go through the command tree)."""
        msg = press_to_incoming(interaction)
        if msg is not None:
            with self._busy():
                await self._press(interaction, msg)

    async def _press(self, interaction: discord.Interaction, msg: IncomingMessage) -> None:
        receipt = await self.engine.receive(msg)  # stored before Discord is answered
        try:
            if interaction.guild_id is None and interaction.message is not None:  # the presser's own DM
                await interaction.response.edit_message(view=None)
            else:
                await interaction.response.defer()
        except discord.HTTPException as err:  # too late to acknowledge: the press is stored all the same
            logger.info("Discord: acknowledging a button press failed: %s", type(err).__name__)
        replies = receipt.replies
        if receipt.mid is not None:
            if not receipt.pending:
                return
            async with self._slots:
                replies = await self.engine.process(msg, receipt.mid)
        try:
            for reply in replies:
                await self._send_text(reply.chat_id, reply.text, buttons=reply.choices)
        except discord.Forbidden:
            await self.engine.unreachable(msg.owner)

    @contextlib.contextmanager
    def _busy(self):
        task = asyncio.current_task()
        self._inflight.add(task)
        try:
            yield
        finally:
            self._inflight.discard(task)

    async def _message(self, message: discord.Message) -> None:
        msg = to_incoming(message, self.client.user)
        if msg is None:
            return
        in_dm = is_dm(message)
        upload = message.attachments[0] if in_dm and message.attachments else None  # an address book to import
        logged = msg.model_copy(update={"text": (msg.text + "\n" if msg.text else "") + f"[file: {upload.filename}]"}) \
            if upload else msg
        receipt = await self.engine.receive(logged)  # stored before anything else happens to it
        replies = receipt.replies
        if receipt.mid is not None:
            if not receipt.pending:
                return
            async with self._slots:
                if upload:
                    msg.attachment, problem = await _download(upload)
                    if problem:
                        await self.engine.process(logged, receipt.mid)  # handled: the reply says why not imported
                        await self._send_text(msg.chat_id, problem, message.channel)
                        return
                replies = await self.engine.process(msg, receipt.mid)
        try:
            for reply in replies:
                await self._send_text(reply.chat_id, reply.text, message.channel if in_dm else None, reply.choices)
                if reply.attachment is not None and in_dm:  # /export
                    await message.channel.send(file=discord.File(io.BytesIO(reply.attachment.data),
                                                                 filename=reply.attachment.name))
        except discord.Forbidden:
            await self.engine.unreachable(msg.owner)
            if not in_dm:
                await message.reply(DMS_CLOSED, allowed_mentions=QUIET)
            return
        if replies and not in_dm:
            await message.reply(IN_PRIVATE, allowed_mentions=QUIET)

    async def send(self, msg: OutgoingMessage) -> None:
        """Deliver a proactive message; failures become DeliveryError for the nudge scheduler."""
        try:
            await self._send_text(msg.chat_id or msg.owner.partition(":")[2], msg.text, buttons=msg.choices)
        except discord.Forbidden as err:
            raise DeliveryError(f"Discord: {err.text or 'forbidden'}", permanent=True) from None
        except discord.NotFound as err:
            raise DeliveryError(f"Discord: {err.text or 'unknown user'}", permanent=True) from None
        except (discord.HTTPException, OSError) as err:
            raise DeliveryError(f"Discord: {type(err).__name__}") from None

    async def _send_text(self, user_id: str, text: str, channel: discord.abc.Messageable | None = None,
                         buttons: list[Button] | None = None) -> None:
        channel = channel or await self.client.create_dm(discord.Object(int(user_id)))
        parts = pieces(text)
        for n, part in enumerate(parts, 1):
            view = view_of(buttons or []) if n == len(parts) else None
            if view is None:
                await channel.send(part, allowed_mentions=QUIET)
            else:
                await channel.send(part, allowed_mentions=QUIET, view=view)


async def _download(attachment: discord.Attachment) -> tuple[Attachment | None, str | None]:
    """A file sent in a DM: its bytes, or why not."""
    if attachment.size > MAX_FILE_BYTES:
        return None, (f"{attachment.filename} is too big for me (up to {MAX_FILE_BYTES // 1_000_000} MB). "
                      "Split it, or use `memoro import` on the server.")
    try:
        data = await attachment.read()
    except (discord.HTTPException, OSError) as err:
        logger.warning("Discord: downloading a file failed: %s", type(err).__name__)
        return None, f"I couldn't download {attachment.filename} from Discord. Please send it again."
    return Attachment(name=attachment.filename, data=data,
                      mime_type=attachment.content_type or "application/octet-stream"), None


def _gateway_ended(task: asyncio.Task) -> None:
    err = None if task.cancelled() else task.exception()
    if isinstance(err, discord.PrivilegedIntentsRequired):
        logger.error("Discord refused the connection: switch on MESSAGE CONTENT INTENT under Bot in the "
                     "developer portal, then restart.")
    elif err is not None:
        logger.error("Discord gateway stopped: %s", type(err).__name__, exc_info=err)
