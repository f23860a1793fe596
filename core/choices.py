"""Choices: a reply that offers buttons, and what pressing one does.

    code that asks (which Sam? forget? undo?) --offer(set)--> the engine stores the sets with
    the message id (`choices` table, a random token per button) --> OutgoingMessage.choices
    adapter shows buttons; a press comes back as the text `/choose TOKEN` --> stored in the
    message log like any message, handled through the inbox --> `press`: REGISTRY[action](Press)

A choice is data, not a closure: an action id and JSON arguments, so a press still works after
a restart, and any module can add actions: `@action("gift.done")` on `async def done(p: Press)
-> str` registers one, and `offer([Choice("Done", "gift.done", {"gift": 7})])` asks for it
while a message is handled (outside one, nothing is offered). Each set is pressed once: the
first press claims the whole set in the same unit of work as the action, so a double tap or a
redelivered press acts once ("Already done"); a token is looked up among the presser's own
choices only, so a button pressed by someone else changes nothing. An action checks that what
it acts on is still as it was when offered and raises `Stale` with a plain answer if not
("That choice has expired; ..."); every choice also expires after TTL.
"""

from __future__ import annotations

import contextvars
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from core.messages import Button
from core.records import Owner, Record
from core.repositories import Store

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.engine import Engine

logger = logging.getLogger(__name__)
TTL = timedelta(days=7)
NOT_YOURS = "That button has expired or isn't one of yours: nothing was changed."
_PRESS = re.compile(r"^/choose\s+([A-Za-z0-9_-]{6,40})$")


@dataclass
class Choice:
    """One button: its label, the registered action it runs, and that action's JSON arguments."""

    label: str
    action: str
    args: Record = field(default_factory=dict)


@dataclass
class Offer:
    """A set of buttons; pressing one closes the set. `prompt` is added to the reply's text."""

    choices: list[Choice]
    prompt: str = ""


class Stale(Exception):
    """What a choice acts on has changed since it was offered; str() is the answer for the user."""


@dataclass
class Press:
    """What an action gets: the engine, the owner, the pressed choice, and when."""

    engine: Engine
    owner: Owner
    label: str
    args: Record
    now: datetime
    message_id: int | None


Action = Callable[[Press], Awaitable[str]]
REGISTRY: dict[str, Action] = {}


def action(name: str) -> Callable[[Action], Action]:
    """Register the function as the action `name` (one per name)."""
    def register(fn: Action) -> Action:
        REGISTRY[name] = fn
        return fn
    return register


@dataclass
class _Collected:
    message_id: int | None
    offers: list[Offer] = field(default_factory=list)


_current: contextvars.ContextVar[_Collected | None] = contextvars.ContextVar("memoro_choices", default=None)


class Collecting:
    """What is offered while one message is handled (`collect(mid)` ... `done()`)."""

    def __init__(self, message_id: int | None):
        self._token = _current.set(_Collected(message_id))

    def done(self) -> list[Offer]:
        collected = _current.get()
        assert collected is not None  # set in __init__
        offers = collected.offers
        _current.reset(self._token)
        return offers


def collect(message_id: int | None) -> Collecting:
    """Start collecting the offers made while message `message_id` is handled."""
    return Collecting(message_id)


def current_message() -> int | None:
    """The id of the message being handled (None outside one)."""
    got = _current.get()
    return got.message_id if got else None


def offer(choices: list[Choice], prompt: str = "") -> None:
    """Offer one set of buttons under the reply to the message being handled (no-op outside one)."""
    got = _current.get()
    if got is not None and choices:
        got.offers.append(Offer(choices, prompt))


def pressed(text: str) -> str | None:
    """The token if `text` is a button press, else None."""
    m = _PRESS.match(text.strip())
    return m.group(1) if m else None


async def save(store: Store, owner: str, source: int | None, offers: list[Offer], now: datetime) -> list[Button]:
    """Store the offered sets; the buttons for the reply, in order."""
    buttons = []
    for o in offers:
        rows = [(secrets.token_urlsafe(9), c.label[:60], c.action, c.args) for c in o.choices]
        await store.add_choices(owner, source, secrets.token_hex(8), rows, now, now + TTL)
        buttons += [Button(token=t, label=label) for t, label, _, _ in rows]
    return buttons


async def press(engine: Engine, owner: Owner, token: str, now: datetime, message_id: int | None) -> str:
    """Run the choice `token` of `owner`, once; the reply."""
    store = engine.store
    row = await store.choice(owner.key, token)
    if row is None:
        logger.info("a button press for %s found no choice of theirs", owner.key)
        return NOT_YOURS
    if row["pressed_at"]:
        return f"Already done: you chose \"{row['pressed_label']}\" there."
    run = REGISTRY.get(row["action"])
    if run is None or now > datetime.fromisoformat(row["expires_at"]):
        return "That choice has expired: please say it again in words."
    try:
        async with store.transaction():
            if not await store.press_choice(owner.key, token, now):
                return "Already done: that choice was made."
            reply = await run(Press(engine, owner, row["label"], row["args"], now, message_id))
    except Stale as err:
        return str(err)
    if engine.indexer:
        await engine.indexer.drain(owner.key)
    return reply


async def finish(engine: Engine, owner: Owner, mid: int | None, offers: list[Offer], text: str, now: datetime,
                 ) -> tuple[str, list[Button]]:
    """After a message: an [Undo] under a reply that saved something, the prompts added to the
    text, the sets stored; returns (text, buttons)."""
    if mid is not None and not any(c.label == "Undo" for o in offers for c in o.choices) \
            and await engine.store.has_effects(owner.key, mid):
        offers = [*offers, Offer([Choice("Undo", "undo", {"source": mid})])]
    if not offers:
        return text, []
    prompts = [o.prompt for o in offers if o.prompt]
    if prompts:
        text = text + "\n" + "\n".join(prompts)
    return text, await save(engine.store, owner.key, mid, offers, now)
