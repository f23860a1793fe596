"""The Telegram adapter on python-telegram-bot v22 (`Application`): it only translates.

    Update --to_incoming--> IncomingMessage --Engine.handle--> OutgoingMessage --send--> sendMessage

The owner key is `telegram:<user id>`; the external message id is `<chat id>:<message id>`
(unique per bot forever, unlike update ids, which Telegram may restart after a quiet week), so
an update Telegram delivers twice is stored and answered once. Private chats always; in a group
only a message that mentions the bot, replies to it or names it in a command, and then the
answer goes to the sender's private chat with a short notice in the group: an address book is
not read out in public. Replies are plain text (no parse mode), so a name like `Jo_ann <3`
shows as typed; long replies are split at line ends under 4096 characters.

Nothing Telegram delivers is lost or handled twice. Long polling is driven here (getUpdates
with PTB's `Bot`), so the order is ours: each fetched update is written to the message log
(Engine.receive, with the raw update) before the next getUpdates moves the offset past it,
which is what tells Telegram it was received. On the webhook (bot/telegram_hook.py) the answer
200 comes after the update is stored. Stored updates are handled by the Inbox (bot/inbox.py):
concurrently across people, in order for each, at most MAX_IN_FLIGHT at once; on start and
every minute, whatever the log still holds as pending (a crash came between storing and
handling) is handled. A redelivered update is recognised by `<chat id>:<message id>`: handled
if still pending, ignored if done.

Buttons (core/choices.py): a reply's choices go out as an inline keyboard under its last piece,
each button's callback data `c:<token>`. A tap arrives as a `callback_query` update; it becomes
an IncomingMessage with the text `/choose <token>` and the external id `cb:<query id>`, and from
there it is a message like any other: stored before the offset moves, handled through the
inbox, recognised if redelivered. Once stored, the query is answered (answerCallbackQuery: the
spinner on the button stops); once handled, the keyboard is taken off the message tapped
(editMessageReplyMarkup), and the answer is sent as a new message.

Outbound requests go through PTB's AIORateLimiter (Telegram's flood limits; a 429's
`retry_after` is waited out, up to 3 times). A 403 (the user blocked the bot) marks the owner
unreachable, which stops their nudges until they write again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.error import Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from bot.chunks import split
from bot.inbox import Inbox, sweep_forever
from bot.logs import redact
from bot.telegram_hook import BadUpdate, WebhookServer
from core.errors import ConfigError, DeliveryError
from core.messages import Attachment, Button, IncomingMessage, OutgoingMessage, press_text

logger = logging.getLogger(__name__)
PLATFORM = "telegram"
LIMIT = 4096
CALLBACK = "c:"  # callback data of a button: c:<token>
UPDATES = ["message", "callback_query"]
MAX_FILE_BYTES = 20_000_000  # the Bot API's getFile limit
MAX_IN_FLIGHT = 32  # messages handled at once (each person's one at a time)
BACKLOG = 1000  # messages fetched and queued at most; polling waits while more are queued
COMMANDS = [("help", "what I can do"), ("people", "your contacts"), ("person", "everything about one person"),
            ("birthdays", "birthdays in the next 30 days"), ("keepintouch", "keep-in-touch reminders"),
            ("nudges", "when nudges arrive"), ("reminders", "your follow-ups"), ("digest", "the Monday digest on or off"),
            ("tz", "your time zone"), ("undo", "revert your last message"), ("forget", "delete a person"),
            ("merge", "one person from two duplicates"), ("gifts", "gift ideas"), ("owe", "open items both ways"),
            ("groups", "your groups and tags"), ("persona", "choose who I am"),
            ("link", "share one address book with your Discord"), ("unlink", "separate linked accounts")]
IN_PRIVATE = "Your address book is private, so I don't read it out in groups: I've answered you in a private chat."
START_PRIVATE = ("Your address book is private, so I don't read it out in groups. Start a chat with me at "
                 "https://t.me/{username} and ask me there.")


def addressed(msg: Message, text: str, username: str, bot_id: int) -> str | None:
    """In a group: the text without the bot's @handle if it is for the bot, else None."""
    handle = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
    replied = msg.reply_to_message is not None and getattr(msg.reply_to_message.from_user, "id", None) == bot_id
    if not replied and not handle.search(text):
        return None
    return handle.sub("", text).strip()


def keyboard(buttons: list[Button]) -> InlineKeyboardMarkup | None:
    """A reply's choices as an inline keyboard, three to a row."""
    if not buttons:
        return None
    keys = [InlineKeyboardButton(b.label, callback_data=CALLBACK + b.token) for b in buttons]
    return InlineKeyboardMarkup([keys[i:i + 3] for i in range(0, len(keys), 3)])


def press_to_incoming(update: Update, now: datetime | None = None) -> IncomingMessage | None:
    """A tap on one of our buttons as the press message `/choose <token>`, or None."""
    query = update.callback_query
    if query is None or query.from_user is None or not (query.data or "").startswith(CALLBACK):
        return None
    user = query.from_user
    return IncomingMessage(owner=f"{PLATFORM}:{user.id}", text=press_text(query.data[len(CALLBACK):]),
                           at=now or datetime.now(UTC), platform=PLATFORM, chat_id=str(user.id),
                           message_id=f"cb:{query.id}", display_name=user.full_name)


def to_incoming(update: Update, username: str, bot_id: int, now: datetime | None = None) -> IncomingMessage | None:
    """The platform-neutral message for `update`, or None when it is not for Memoro."""
    if update.callback_query is not None:
        return press_to_incoming(update, now)
    msg, user = update.message, update.effective_user
    if msg is None or user is None or user.is_bot:
        return None
    text = msg.text or msg.caption or ""  # a photo's caption counts; a sticker is an empty message
    if msg.chat.type != ChatType.PRIVATE:
        text = addressed(msg, text, username, bot_id)
    if text is None:
        return None
    return IncomingMessage(owner=f"{PLATFORM}:{user.id}", text=text, at=msg.date, platform=PLATFORM,
                           chat_id=str(user.id), message_id=f"{msg.chat.id}:{msg.message_id}",
                           display_name=user.full_name)


class TelegramAdapter:
    """`await start()` / `await stop()`; `send` delivers one OutgoingMessage (the nudges' path)."""

    platform = PLATFORM

    def __init__(self, engine, *, token: str, base_url: str | None = None, webhook_url: str | None = None,
                 webhook_secret: str | None = None, listen: str = "0.0.0.0", port: int = 8443,
                 poll_timeout: float = 10, flood_retries: int = 3, max_in_flight: int = MAX_IN_FLIGHT,
                 backlog: int = BACKLOG):
        self.engine, self.token = engine, token
        self.webhook_url, self.listen, self.port, self.poll_timeout = webhook_url, listen, port, poll_timeout
        self.secret = webhook_secret or secrets.token_urlsafe(32)
        urls = {}
        if base_url:
            urls["base_url"] = base_url
            if base_url.rstrip("/").endswith("/bot"):  # files come from <server>/file/bot<token>/<path>
                urls["base_file_url"] = base_url.rstrip("/")[:-4] + "/file/bot"
        self.bot = ExtBot(token, rate_limiter=AIORateLimiter(max_retries=flood_retries), **urls)
        self.inbox = Inbox(self._handle, limit=max_in_flight, backlog=backlog)
        self.dispatcher = None  # several workers on one database: bot/workers.py hands out the stored messages
        self._tasks: list[asyncio.Task] = []
        self._hook: WebhookServer | None = None

    async def start(self) -> None:
        try:
            await self.bot.initialize()  # getMe: checks the token
            await self.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
            if self.dispatcher is None and (found := await self.sweep()):
                logger.info("Telegram: %d messages stored before a restart and not handled yet: handling them", found)
            if self.webhook_url:
                await self.bot.set_webhook(self.webhook_url, secret_token=self.secret, allowed_updates=UPDATES)
                self._hook = WebhookServer(path=urlsplit(self.webhook_url).path, secret=self.secret,
                                           accept=self._accept_raw, listen=self.listen, port=self.port)
                await self._hook.start()
            else:
                await self.bot.delete_webhook()
                self._tasks.append(asyncio.create_task(self._poll(), name="telegram-polling"))
        except InvalidToken:
            await self.stop()
            raise ConfigError("Telegram rejected TELEGRAM_BOT_TOKEN (401). Copy it again from @BotFather.") from None
        except TelegramError as err:
            await self.stop()
            raise ConfigError(f"Telegram refused to start the bot: {redact(str(err), [self.token])}") from None
        if self.dispatcher is not None:
            self.dispatcher.start()
        else:
            self._tasks.append(asyncio.create_task(sweep_forever(self.sweep), name="telegram-sweep"))
        logger.info("Telegram: @%s is %s", self.bot.username, "on a webhook" if self.webhook_url else "polling")

    async def stop(self, grace_s: float = 10) -> None:
        """Stop fetching, let the messages being handled finish (up to `grace_s`: the rest stay
        pending and are handled after the next start), close the HTTP client."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        if self._hook is not None:
            await self._hook.stop()
        if self.dispatcher is not None:
            await self.dispatcher.stop(grace_s)
        await self.inbox.close(grace_s)
        await self.bot.shutdown()  # closes the HTTP client even after a failed start (no-op otherwise)

    async def _poll(self) -> None:
        """Long polling, store first: the offset moves past an update only once it is stored."""
        offset, backoff = None, 1.0
        while True:
            await self.inbox.room()
            try:
                updates = await self.bot.get_updates(offset=offset, timeout=self.poll_timeout,
                                                     limit=min(100, self.inbox.backlog), allowed_updates=UPDATES)
            except TelegramError as err:
                logger.warning("Telegram: getUpdates failed (%s); trying again in %.0f s",
                               redact(str(err), [self.token]), backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            try:
                for update in updates:
                    await self._accept(update)
            except Exception:  # broad on purpose: storing failed (disk full, locked): the offset stays, Telegram keeps them
                logger.exception("Telegram: storing updates failed; fetching them again in %.0f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 1.0
            if updates:
                offset = updates[-1].update_id + 1

    async def _accept_raw(self, data: dict) -> None:
        """A webhook's update (a JSON object with an update_id): stored, then queued."""
        try:
            update = Update.de_json(data, self.bot)
        except (TypeError, ValueError, KeyError, AttributeError) as err:  # fields of the wrong shape
            raise BadUpdate(f"not a Telegram update ({type(err).__name__})") from None
        await self._accept(update)

    async def _accept(self, update: Update) -> None:
        """Store `update` in the message log (or answer a refusal), then queue its handling."""
        msg = to_incoming(update, self.bot.username, self.bot.id, self.engine.clock.now())
        if msg is None:
            return
        receipt = await self.engine.receive(_as_logged(msg, update), raw=update.to_json())
        if update.callback_query is not None:  # stored: stop the spinner on the button
            await self._answer_query(update.callback_query.id)
        if receipt.mid is None:  # refused (a stranger, a flood): not stored, just answered
            if receipt.replies:
                self.inbox.submit(msg.owner, ("refused", update.update_id), update, msg, None, receipt.replies)
        elif receipt.pending and self.dispatcher is not None:
            self.dispatcher.kick(msg.owner)
        elif receipt.pending:
            self.inbox.submit(msg.owner, receipt.mid, update, msg, receipt.mid)

    async def sweep(self) -> int:
        """Queue the Telegram messages the log holds as pending; returns how many were new."""
        queued = 0
        for stored, mid, raw in await self.engine.pending(PLATFORM):
            update = Update.de_json(json.loads(raw), self.bot) if raw else None
            msg = stored if update is None or update.callback_query else \
                to_incoming(update, self.bot.username, self.bot.id) or stored
            queued += self.inbox.submit(msg.owner, mid, update, msg, mid)
        return queued

    async def stored(self, owner: str) -> list[tuple[IncomingMessage, int, str | None]]:
        """`owner`'s pending Telegram messages, oldest first (bot/workers.py)."""
        return await self.engine.pending(PLATFORM, owner)

    async def handle_stored(self, stored: IncomingMessage, mid: int, raw: str | None,
                            before_send: Callable[[], Awaitable[None]]) -> None:
        """Handle one stored message and send its replies, awaiting `before_send` first."""
        update = Update.de_json(json.loads(raw), self.bot) if raw else None
        msg = stored if update is None or update.callback_query else \
            to_incoming(update, self.bot.username, self.bot.id) or stored
        await self._handle(update, msg, mid, before_send=before_send)

    async def resend(self, thread: str, text: str) -> None:
        """Send a stored reply again (a worker that stopped owed it)."""
        await self._send_text(thread, text)

    async def _handle(self, update: Update | None, msg: IncomingMessage, mid: int | None,
                      refusal: list[OutgoingMessage] | None = None,
                      before_send: Callable[[], Awaitable[None]] | None = None) -> None:
        """Handle one stored message (`mid`) and send its replies; or send a `refusal`."""
        bot = self.bot
        if refusal is not None:
            replies = refusal
        else:
            message = update.message if update else None
            upload = message and message.chat.type == ChatType.PRIVATE and (message.document or _voice(message))
            if upload:  # an address book to import, or a voice note to transcribe
                msg.attachment, problem = await self._download(upload)
                if problem:
                    await self.engine.process(_as_logged(msg, update), mid)  # handled: the reply says why not
                    if before_send is not None:
                        await before_send()
                    await self._send_text(msg.chat_id, problem)
                    return
            replies = await self.engine.process(msg, mid)
        group = update is not None and update.message is not None and update.message.chat.type != ChatType.PRIVATE
        if update is not None and update.callback_query is not None:
            await self._unbutton(update.callback_query)
        if before_send is not None:
            await before_send()
        try:
            for reply in replies:
                await self._send_text(reply.chat_id, reply.text, reply.choices)
                if reply.attachment is not None:  # /export
                    await bot.send_document(chat_id=int(reply.chat_id), document=InputFile(
                        reply.attachment.data, filename=reply.attachment.name))
        except Forbidden:
            await self.engine.unreachable(msg.owner)
            if group:
                await update.message.reply_text(START_PRIVATE.format(username=bot.username))
            return
        if replies and group:
            await update.message.reply_text(IN_PRIVATE)

    async def _download(self, document) -> tuple[Attachment | None, str | None]:
        """A file sent to the bot (an address book to import): its bytes, or why not."""
        name = getattr(document, "file_name", None) or "file"
        if document.file_size and document.file_size > MAX_FILE_BYTES:
            return None, f"{name} is too big for me ({document.file_size // 1_000_000} MB; up to " \
                         f"{MAX_FILE_BYTES // 1_000_000} MB). Split it, or use `memoro import` on the server."
        try:
            data = bytes(await (await document.get_file()).download_as_bytearray())
        except TelegramError as err:
            logger.warning("Telegram: downloading a file failed: %s", redact(str(err), [self.token]))
            return None, f"I couldn't download {name} from Telegram. Please send it again."
        return Attachment(name=name, data=data, mime_type=document.mime_type or "application/octet-stream"), None

    async def send(self, msg: OutgoingMessage) -> None:
        """Deliver a proactive message; failures become DeliveryError for the nudge scheduler."""
        try:
            await self._send_text(msg.chat_id or msg.owner.partition(":")[2], msg.text, msg.choices)
        except Forbidden as err:
            raise DeliveryError(f"Telegram: {err.message}", permanent=True) from None
        except RetryAfter as err:
            wait = err.retry_after.total_seconds() if hasattr(err.retry_after, "total_seconds") else err.retry_after
            raise DeliveryError("Telegram flood control", retry_after=float(wait)) from None
        except TelegramError as err:
            raise DeliveryError(f"Telegram: {redact(err.message, [self.token])}") from None

    async def _send_text(self, chat_id: str, text: str, buttons: list[Button] | None = None) -> None:
        pieces = split(text, LIMIT)
        for n, piece in enumerate(pieces, 1):
            await self.bot.send_message(chat_id=int(chat_id), text=piece,
                                        reply_markup=keyboard(buttons or []) if n == len(pieces) else None)

    async def _answer_query(self, query_id: str) -> None:
        try:
            await self.bot.answer_callback_query(query_id)
        except TelegramError as err:  # too old (Telegram waits ~15 s): the press is stored all the same
            logger.info("Telegram: answering a button press failed: %s", redact(str(err), [self.token]))

    async def _unbutton(self, query) -> None:
        """Take the keyboard off the message whose button was tapped (in the presser's own chat)."""
        message = query.message
        if message is None or message.chat.id != query.from_user.id:
            return
        try:
            await self.bot.edit_message_reply_markup(chat_id=message.chat.id, message_id=message.message_id,
                                                     reply_markup=None)
        except TelegramError as err:  # the message is too old to edit, or already has no keyboard
            logger.info("Telegram: removing a keyboard failed: %s", redact(str(err), [self.token]))


def _voice(message: Message):
    """A voice note (or an audio file) in `message`, named so the engine knows it is audio."""
    audio = message.voice or message.audio
    if audio is not None and not getattr(audio, "file_name", None):
        audio = _Named(audio, "voice.ogg" if message.voice else "audio")
    return audio


class _Named:
    """A Telegram voice note, which has no file name, with one."""

    def __init__(self, file, name: str):
        self.file, self.file_name = file, name

    def __getattr__(self, attr):
        return getattr(self.file, attr)


def _as_logged(msg: IncomingMessage, update: Update) -> IncomingMessage:
    """`msg` as the message log keeps it: a file is noted by name (its bytes are fetched when
    the message is handled, so a file is fetched again after a crash)."""
    document = (update.message.document or _voice(update.message)) if update.message else None
    if document is None:
        return msg
    return msg.model_copy(update={"text": (msg.text + "\n" if msg.text else "") + f"[file: {document.file_name}]"})
