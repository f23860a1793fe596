"""The Telegram adapter on python-telegram-bot v22 (`Application`): it only translates.

    Update --to_incoming--> IncomingMessage --Engine.handle--> OutgoingMessage --send--> sendMessage

The owner key is `telegram:<user id>`; the external message id is `<chat id>:<message id>`
(unique per bot forever, unlike update ids, which Telegram may restart after a quiet week), so
an update Telegram delivers twice is stored and answered once. Private chats always; in a group
only a message that mentions the bot, replies to it or names it in a command, and then the
answer goes to the sender's private chat with a short notice in the group: an address book is
not read out in public. Replies are plain text (no parse mode), so a name like `Jo_ann <3`
shows as typed; long replies are split at line ends under 4096 characters.

Outbound requests go through PTB's AIORateLimiter (Telegram's flood limits; a 429's
`retry_after` is waited out, up to 3 times). A 403 (the user blocked the bot) marks the owner
unreachable, which stops their nudges until they write again. Long polling by default; with
MEMORO_WEBHOOK_URL, PTB's webhook server (tornado) checks Telegram's secret-token header.
"""

from __future__ import annotations

import logging
import re
import secrets
from urllib.parse import urlsplit

from telegram import BotCommand, InputFile, Message, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, MessageHandler, filters

from bot.chunks import split
from bot.logs import redact
from core.errors import ConfigError, DeliveryError
from core.messages import Attachment, IncomingMessage, OutgoingMessage

logger = logging.getLogger(__name__)
PLATFORM = "telegram"
LIMIT = 4096
MAX_FILE_BYTES = 20_000_000  # the Bot API's getFile limit
COMMANDS = [("help", "what I can do"), ("people", "your contacts"), ("person", "everything about one person"),
            ("birthdays", "birthdays in the next 30 days"), ("keepintouch", "keep-in-touch reminders"),
            ("nudges", "when nudges arrive"), ("tz", "your time zone"), ("undo", "revert your last message"),
            ("forget", "delete a person"), ("persona", "choose who I am"),
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


def to_incoming(update: Update, username: str, bot_id: int) -> IncomingMessage | None:
    """The platform-neutral message for `update`, or None when it is not for Memoro."""
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
                 poll_timeout: float = 10, flood_retries: int = 3):
        self.engine, self.token = engine, token
        self.webhook_url, self.listen, self.port, self.poll_timeout = webhook_url, listen, port, poll_timeout
        self.secret = webhook_secret or secrets.token_urlsafe(32)
        builder = Application.builder().token(token).rate_limiter(AIORateLimiter(max_retries=flood_retries))
        if base_url:
            builder = builder.base_url(base_url)
            if base_url.rstrip("/").endswith("/bot"):  # files come from <server>/file/bot<token>/<path>
                builder = builder.base_file_url(base_url.rstrip("/")[:-4] + "/file/bot")
        self.app = builder.build()
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self.on_update))
        self.app.add_error_handler(self.on_error)

    async def start(self) -> None:
        try:
            await self.app.initialize()  # getMe: checks the token
            await self.app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
            if self.webhook_url:
                await self.app.updater.start_webhook(
                    listen=self.listen, port=self.port, url_path=urlsplit(self.webhook_url).path.lstrip("/"),
                    webhook_url=self.webhook_url, secret_token=self.secret, allowed_updates=["message"])
            else:
                await self.app.updater.start_polling(timeout=self.poll_timeout, allowed_updates=["message"])
            await self.app.start()
        except InvalidToken:
            await self.stop()
            raise ConfigError("Telegram rejected TELEGRAM_BOT_TOKEN (401). Copy it again from @BotFather.") from None
        except TelegramError as err:
            await self.stop()
            raise ConfigError(f"Telegram refused to start the bot: {redact(str(err), [self.token])}") from None
        logger.info("Telegram: @%s is %s", self.app.bot.username, "on a webhook" if self.webhook_url else "polling")

    async def stop(self) -> None:
        """Stop fetching, finish the updates already fetched, close the HTTP client."""
        if self.app.updater and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        await self.app.bot.shutdown()  # closes the HTTP client even after a failed start (no-op otherwise)

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        bot = self.app.bot
        msg = to_incoming(update, bot.username, bot.id)
        if msg is None:
            return
        if update.message.document is not None and update.message.chat.type == ChatType.PRIVATE:
            msg.attachment, problem = await self._download(update.message.document)
            if problem:
                msg.text = (msg.text + "\n" if msg.text else "") + f"[file: {update.message.document.file_name}]"
                await self.engine.handle(msg)  # stored, like every message; the reply says why not imported
                await self._send_text(msg.chat_id, problem)
                return
        replies = await self.engine.handle(msg)
        try:
            for reply in replies:
                await self._send_text(reply.chat_id, reply.text)
                if reply.attachment is not None:  # /export
                    await bot.send_document(chat_id=int(reply.chat_id), document=InputFile(
                        reply.attachment.data, filename=reply.attachment.name))
        except Forbidden:
            await self.engine.unreachable(msg.owner)
            if update.message.chat.type != ChatType.PRIVATE:
                await update.message.reply_text(START_PRIVATE.format(username=bot.username))
            return
        if replies and update.message.chat.type != ChatType.PRIVATE:
            await update.message.reply_text(IN_PRIVATE)

    async def _download(self, document) -> tuple[Attachment | None, str | None]:
        """A file sent to the bot (an address book to import): its bytes, or why not."""
        name = document.file_name or "file"
        if document.file_size and document.file_size > MAX_FILE_BYTES:
            return None, f"{name} is too big for me ({document.file_size // 1_000_000} MB; up to " \
                         f"{MAX_FILE_BYTES // 1_000_000} MB). Split it, or use `memoro import` on the server."
        try:
            data = bytes(await (await document.get_file()).download_as_bytearray())
        except TelegramError as err:
            logger.warning("Telegram: downloading a file failed: %s", redact(str(err), [self.token]))
            return None, f"I couldn't download {name} from Telegram. Please send it again."
        return Attachment(name=name, data=data, mime_type=document.mime_type or "application/octet-stream"), None

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """PTB's error boundary: log (the log filter redacts the token); the engine stored the message."""
        logger.error("Telegram update failed: %s", type(context.error).__name__, exc_info=context.error)

    async def send(self, msg: OutgoingMessage) -> None:
        """Deliver a proactive message; failures become DeliveryError for the nudge scheduler."""
        try:
            await self._send_text(msg.chat_id or msg.owner.partition(":")[2], msg.text)
        except Forbidden as err:
            raise DeliveryError(f"Telegram: {err.message}", permanent=True) from None
        except RetryAfter as err:
            wait = err.retry_after.total_seconds() if hasattr(err.retry_after, "total_seconds") else err.retry_after
            raise DeliveryError("Telegram flood control", retry_after=float(wait)) from None
        except TelegramError as err:
            raise DeliveryError(f"Telegram: {redact(err.message, [self.token])}") from None

    async def _send_text(self, chat_id: str, text: str) -> None:
        for piece in split(text, LIMIT):
            await self.app.bot.send_message(chat_id=int(chat_id), text=piece)
