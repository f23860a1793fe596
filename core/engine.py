"""The conversation engine: one message in, replies out; and the nudges due by a time.

    IncomingMessage -> store the raw message (never lost) -> command | understand (rules or
    LLM) -> act (write) or answer (read) -> replies, stored too -> list[OutgoingMessage]

A message carrying a file (an address book) goes to the importer instead of understanding;
`/export` answers with a file. Each message gets a request id in a context variable
(core/logctx.py), so every log line it causes carries it and the owner key.

Every adapter (console, replay, Telegram, Discord) calls `handle`; the scheduler calls
`due`/`tick`. The engine is platform-free and gets its clock, store, vector index and
understander as keyword arguments; with a model configured, also a composer that words
answers to open questions (`core.llm.answerer`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from core import (
    choice_actions,  # noqa: F401  (registers the button actions)
    choices,
    followups,
    last_asked,
    logctx,
    merge,
    nudges,
    open_items,
    people,
    voice,
)
from core.actions import apply_log
from core.answers import Answerer
from core.clock import Clock, SystemClock, offset_name, zone
from core.command_words import in_words, same_for, what_about
from core.commands import Commands
from core.guard import Guard
from core.intents import ChatIntent, Intent, LogIntent, QuestionIntent
from core.messages import Attachment, IncomingMessage, OutgoingMessage
from core.persona import CARDS_DIR, CharacterCard, load_all
from core.records import Owner
from core.repositories import Store
from core.search import Indexer, VectorIndex
from core.understand import keep_in_touch, reminders
from core.understand.rules import Context, RuleUnderstander, recent

if TYPE_CHECKING:  # the LLM and speech clients load only when configured
    from core.llm.answerer import LLMAnswerer
    from core.voice import Transcriber

logger = logging.getLogger(__name__)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Receipt:
    """What `Engine.receive` did with a message: stored as `mid` (None: refused, with `replies`
    to send), and whether it is pending (to be handled) or was handled already."""

    mid: int | None
    replies: list[OutgoingMessage] = field(default_factory=list)
    pending: bool = False


def clean(text: str) -> str:
    """NFC, no control or direction-override characters, no surrounding blanks."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text or "")).strip()


class Understander(Protocol):
    """Rules (core.understand.rules) or an LLM (core.llm.understander): text to a typed intent."""

    async def understand(self, text: str, ctx: Context) -> Intent:
        """What `text` says or asks."""


class Engine:
    def __init__(self, *, store: Store, index: VectorIndex | None = None, understander: Understander | None = None,
                 clock: Clock | None = None, default_tz: str = "", max_chars: int = 8000, character: str = "default",
                 cards_dir: Path = CARDS_DIR, guard: Guard | None = None, composer: LLMAnswerer | None = None,
                 transcriber: Transcriber | None = None) -> None:
        self.store = store
        self.transcriber = transcriber  # voice notes (core/voice.py); None: not configured
        self.guard = guard
        self._turns: dict[str, list[Any]] = {}  # sender -> [its lock, how many hold or wait for it]
        self.index = index
        self.indexer = Indexer(store, index) if index is not None else None
        self.understander = understander or RuleUnderstander()
        self.clock = clock or SystemClock()
        self.default_tz = default_tz
        self.max_chars = max_chars
        self.cards_dir = cards_dir
        self.cards: dict[str, CharacterCard] = load_all(cards_dir)
        if character not in self.cards:
            from core.errors import ConfigError

            raise ConfigError(f"MEMORO_CHARACTER={character!r}: no such card in {cards_dir} "
                              f"(have: {', '.join(self.cards)}).")
        self.character = character
        self.answers = Answerer(store, index, self.indexer, composer)
        self.commands = Commands(self)

    def persona(self, owner: Owner | None) -> CharacterCard:
        name = owner.persona if owner and owner.persona in self.cards else self.character
        return self.cards[name]

    async def owner(self, key: str, at: datetime) -> Owner:
        found = await self.store.owner(key)
        if found:
            return found
        return await self.store.create_owner(key, self.default_tz or offset_name(at), at)

    async def handle(self, msg: IncomingMessage) -> list[OutgoingMessage]:
        """Store one message, then handle it (`receive` then `process`); the console, replay and
        tests call this. Bots call the two halves themselves, so that a message is stored before
        the platform is told it arrived, and handled later, concurrently with other people's."""
        receipt = await self.receive(msg)
        if receipt.mid is None or not receipt.pending:
            return receipt.replies
        return await self.process(msg, receipt.mid)

    async def receive(self, msg: IncomingMessage, raw: str | None = None) -> Receipt:
        """Store `msg` in the message log as pending (with the platform's `raw` update, if any).

        `msg.owner` is the sender's platform key; a linked account resolves to the owner whose
        address book it shares. With a guard, strangers and floods are answered without storing
        (the receipt's replies). A redelivery returns the stored row: pending if it was never
        handled (a crash), not pending if it was (then it must not be handled again).
        """
        at = msg.at if msg.at.tzinfo else msg.at.replace(tzinfo=UTC)
        if self.guard and not self.guard.allows(msg.owner):
            logger.info("message from %s refused: not on the allow-list", msg.owner)
            return Receipt(None, [OutgoingMessage(owner=msg.owner, text=self.guard.refusal(msg.owner),
                                                  platform=msg.platform, chat_id=msg.chat_id)])
        key = await self.store.resolve_owner(msg.owner)
        if self.guard and (slow := await self.guard.check(key)) is not None:
            logger.info("message from %s refused: over the rate limit", msg.owner)
            return Receipt(None, [OutgoingMessage(owner=key, text=slow, platform=msg.platform,
                                                  chat_id=msg.chat_id)] if slow else [])
        owner = await self.owner(key, at)
        text = msg.text or ""
        if msg.attachment is not None:  # what is stored says a file came; the file itself is imported
            text = (text + "\n" if text else "") + f"[file: {msg.attachment.name}, {len(msg.attachment.data)} bytes]"
        mid, status = await self.store.log_incoming(owner.key, text, at, platform=msg.platform, thread=msg.chat_id,
                                                    external_id=msg.message_id, raw=raw)
        if status != "received":
            logger.info("duplicate delivery of message %s for %s ignored (%s)", msg.message_id, owner.key, status)
        return Receipt(mid, [], status == "received")

    async def process(self, msg: IncomingMessage, mid: int) -> list[OutgoingMessage]:
        """Handle stored message `mid` (`msg` is its content) unless it was handled already.

        A pending message that already wrote something (a crash came between its writes and
        their being marked handled, or another message's commit carried part of them) has those
        writes undone first, so it takes effect exactly once.

        One sender's messages are handled one at a time, in the order they arrive here, so "he"
        and /forget's "yes" keep their context. Every log line of the message carries the
        sender's key and a request id.
        """
        tokens = (logctx.owner_key.set(msg.owner), logctx.request_id.set(logctx.new_request_id()))
        try:
            async with self._turn(msg.owner):
                return await self._process(msg, mid)
        finally:
            logctx.request_id.reset(tokens[1])
            logctx.owner_key.reset(tokens[0])

    async def pending(self, platform: str, owner: str | None = None) -> list[tuple[IncomingMessage, int, str | None]]:
        """Messages stored but not handled yet (a crash came between), oldest first, as
        (message, id, raw update): the adapters handle them on start and on a timer."""
        out = []
        for row in await self.store.unprocessed_messages(owner, platform=platform):
            msg = IncomingMessage(owner=row["owner"], text=row["text"], at=datetime.fromisoformat(row["at"]),
                                  platform=row["platform"], chat_id=row["thread"], message_id=row["external_id"])
            out.append((msg, row["id"], row["raw"]))
        return out

    @contextlib.asynccontextmanager
    async def _turn(self, sender: str) -> AsyncIterator[None]:
        entry = self._turns.setdefault(sender, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if not entry[1]:
                del self._turns[sender]

    async def _process(self, msg: IncomingMessage, mid: int) -> list[OutgoingMessage]:
        row = await self.store.message(mid)
        if row is None or row["status"] != "received":  # handled meanwhile (a redelivery queued twice)
            return []
        owner = await self.owner(row["owner"], datetime.fromisoformat(row["at"]))
        if await self.store.has_effects(owner.key, mid):  # a crash came after some of its writes: start afresh
            logger.info("message %s was partly saved before a restart: undone, handled again", mid)
            await self.store.undo(owner.key, mid)
        at = msg.at if msg.at.tzinfo else msg.at.replace(tzinfo=UTC)
        logger.info("message %s received (%d chars%s)", mid, len(msg.text or ""),
                    ", with a file" if msg.attachment else "")
        now = at.astimezone(zone(owner.tz))
        attachment = None
        offered = choices.collect(mid)  # buttons asked for while handling this message (core/choices.py)
        try:
            if msg.attachment is not None and voice.is_audio(msg.attachment):  # a voice note
                reply = await voice.handle(self, owner, msg.attachment, now, mid, msg.owner)
            elif msg.attachment is not None:
                reply = await self.commands.import_file(owner, msg.attachment, now, mid)
            else:
                reply = await self._respond(owner, msg.text or "", now, mid, msg.owner)
            if isinstance(reply, tuple):  # a command that sends a file back (/export)
                reply, attachment = reply
            status = "processed"
        except Exception:  # broad on purpose: the per-message boundary; the message is stored
            logger.exception("message %s of %s failed", mid, owner.key)
            reply, status = self.persona(owner).phrases.error, "failed"
        offers = offered.done()
        reply, buttons = await choices.finish(self, owner, mid, offers, reply, now) if status == "processed" else (reply, [])
        async with self.store.transaction():  # handled and its stored reply: together or not at all
            await self.store.set_message_status(mid, status)
            # writing again after blocking the bot unblocks: nudges resume
            await self.store.update_owner(owner.key, last_platform=msg.platform, last_chat_id=msg.chat_id,
                                          blocked_at=None)
            await self.store.add_message(owner.key, "bot", reply, at, platform=msg.platform, thread=msg.chat_id,
                                         reply_to=mid)
        return [OutgoingMessage(owner=owner.key, text=reply, platform=msg.platform, chat_id=msg.chat_id,
                                attachment=attachment, choices=buttons)]

    async def _respond(self, owner: Owner, raw: str, now: datetime, mid: int | None,
                       sender: str | None = None) -> str | tuple[str, Attachment]:
        text = clean(raw)
        persona = self.persona(owner)
        if not re.search(r"[^\W_]", text):
            return persona.phrases.empty
        if token := choices.pressed(text):  # a button (core/choices.py)
            return await choices.press(self, owner, token, now, mid)
        if owner.pending:
            answer = await self.commands.confirm(owner, text)
            if answer is not None:
                return answer
            fresh = await self.store.owner(owner.key)
            assert fresh is not None  # the owner of the message being handled
            owner = fresh
        if (said := await open_items.respond(self.store, owner, text, now, mid)) is not None:  # gifts, owing, groups
            return said
        if text.startswith("/"):
            return await self.commands.run(owner, text, now, sender=sender)
        if (ask := reminders.parse(text, now, [c.name for c in await self.store.contacts(owner.key)])) and (
                said := await followups.act(self.store, owner, ask, now, mid)):
            return said  # a one-off follow-up: "remind me fri to call sam", "cancel reminder 2"
        if last_asked.asks_back(text) and (again := last_asked.about_that(text, await last_asked.recall(
                self.store, owner.key))):  # "when did i last see tomas" ... "where was that?"
            return await self.commands.same_for(owner, again.person or "", again, now, mid)
        if command := "/help" if text == "?" else in_words(text) or merge.in_words(text):  # "what can u do?", "pls forget X" (asks first)
            if " " in command and not command.startswith(("/tz", "/merge")):
                await last_asked.remember(self.store, owner.key, command, now)  # "stop reminding me about sam" ... "same for ana"
            return await self.commands.run(owner, command, now)
        # what the owner said last is in the store (core/last_asked.py): the next message may reach another worker
        if (name := same_for(text)) and (last := await last_asked.recall(self.store, owner.key)) is not None:  # "same for efe"
            return await self.commands.same_for(owner, name, last, now, mid)
        if (days := keep_in_touch.changed_cadence(text)) and isinstance(
                last := await last_asked.recall(self.store, owner.key), LogIntent) and last.reminders:  # "make that every 2 weeks"
            changed = LogIntent(reminders=[r.model_copy(update={"every_days": days}) for r in last.reminders])
            reply, _ = await apply_log(self.store, owner, changed, now, mid, self.persona(owner).phrases.saved)
            await last_asked.remember(self.store, owner.key, changed, now)
            return reply
        if (name := what_about(text)) and isinstance(last := await last_asked.recall(self.store, owner.key),
                                                     QuestionIntent):  # "and ana?"
            return await self.commands.same_for(owner, name, last, now, mid)
        note = ""
        if len(text) > self.max_chars:
            text = text[: self.max_chars]
            note = (f"\n(That was a long one: I stored all of it, and read the first {self.max_chars} "
                    "characters for facts.)")
        return await self.handle_text(owner, text, now, mid) + note

    async def handle_text(self, owner: Owner, text: str, now: datetime, mid: int | None = None) -> str:
        """Understand `text` and act on it or answer it."""
        contacts = await self.store.contacts(owner.key)
        focus = next((c.name for c in contacts if c.id == owner.focus_contact_id), None)
        ctx = Context(now=now, known=[c.name for c in contacts], focus=focus)
        if isinstance(last := await last_asked.recall(self.store, owner.key), LogIntent):  # "his sister" next
            ctx.earlier, ctx.genders = recent(last)
        ctx.pets = [name for _, name, _ in await people.pets(self.store, owner.key)]
        intent = await self.understander.understand(text, ctx)
        persona = self.persona(owner)
        focus_id = None
        if isinstance(intent, LogIntent):
            reply, focus_id = await apply_log(self.store, owner, intent, now, mid, persona.phrases.saved)
            await last_asked.remember(self.store, owner.key, intent, now)
        elif isinstance(intent, QuestionIntent):
            reply, focus_id = await self.answers.answer(owner, intent, now.date(), persona)
            for other in intent.also:  # "where do omar and farida live": each of them in turn
                each = intent.model_copy(update={"person": other, "also": []})
                reply += "\n" + (await self.answers.answer(owner, each, now.date(), persona))[0]
            if intent.person:
                await last_asked.remember(self.store, owner.key, intent, now)  # "when is sam's bday?" ... "same for ana"
        elif isinstance(intent, ChatIntent) and intent.kind == "greeting":
            reply = persona.greeting
        elif isinstance(intent, ChatIntent) and intent.kind == "thanks":
            reply = persona.phrases.thanks
        elif isinstance(intent, ChatIntent) and intent.kind == "unreachable":
            reply = persona.phrases.unreachable
        else:
            reply = persona.phrases.unclear
        if focus_id is not None:
            await self.store.update_owner(owner.key, focus_contact_id=focus_id)
        return reply

    async def unreachable(self, owner: str) -> None:
        """The platform says `owner` cannot be reached (they blocked the bot): stop their nudges
        until they write again."""
        key = await self.store.resolve_owner(owner)
        await self.store.update_owner(key, blocked_at=self.clock.now().isoformat())
        logger.warning("owner %s blocked the bot: nudges stopped until they write again", key)

    async def due(self, now: datetime | None = None, *,
                  catch_up_days: int = nudges.CATCH_UP_DAYS) -> list[nudges.Digest]:
        """Claim the nudges due by `now`, digests per owner; the caller delivers them. Birthdays
        missed up to `catch_up_days` back make a catch-up digest (see core/nudges.py)."""
        return await nudges.collect(self.store, now or self.clock.now(), catch_up_days)

    async def tick(self, now: datetime | None = None, *,
                   catch_up_days: int = nudges.CATCH_UP_DAYS) -> list[OutgoingMessage]:
        """The proactive messages due by `now`, marked sent (console and replay)."""
        now = now or self.clock.now()
        out = []
        for digest in await self.due(now, catch_up_days=catch_up_days):
            owner = await self.store.owner(digest.owner)
            assert owner is not None  # nudges are claimed for owners that exist
            out.append(nudges.to_message(digest, owner.last_platform or "", owner.last_chat_id or ""))
            await nudges.finish(self.store, digest, now, ok=True)
        return out

    async def index_pending(self) -> int:
        """Embed what the outbox holds (the background indexer calls this)."""
        return await self.indexer.drain() if self.indexer else 0


def describe(intent: BaseModel) -> str:
    return json.dumps(intent.model_dump(mode="json"), ensure_ascii=False)
