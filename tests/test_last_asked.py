""""same for X" across workers: what an owner asked, said or ran last is kept in the database
(core/last_asked.py), so a second engine on the same database (another worker, or the same one
after a restart) repeats it for another person. Two engines, each with its own store, on one
SQLite file and on one PostgreSQL database; each message goes to the other engine.
"""

from __future__ import annotations

import contextlib
import itertools
from datetime import UTC, datetime

from core import last_asked
from core.engine import Engine
from core.intents import QuestionIntent
from core.messages import IncomingMessage
from storage.factory import open_store_url

OWNER = "test:u7"
_ids = itertools.count(1)


@contextlib.asynccontextmanager
async def two_engines(url: str):
    async with await open_store_url(url) as a, await open_store_url(url) as b:
        yield Engine(store=a), Engine(store=b)


async def say(engine: Engine, text: str, at: str = "2026-03-02T10:00:00+00:00") -> str:
    msg = IncomingMessage(owner=OWNER, text=text, at=datetime.fromisoformat(at).astimezone(UTC),
                          platform="test", chat_id="7", message_id=str(next(_ids)))
    return " ".join(r.text for r in await engine.handle(msg))


async def test_a_question_asked_of_one_worker_is_repeated_by_the_other(database):
    async with two_engines(database) as (one, two):
        await say(one, "lunch w tomasz, his birthday is sept 9, he lives in gdansk")
        await say(two, "ran into wanjiru at the gym, her bday is jan 30 and she lives in kisumu")
        assert "Sep 9" in await say(one, "when's tomasz's birthday?")
        assert "Jan 30" in await say(two, "same for wanjiru")
        assert "gdansk" in (await say(two, "where does tomasz live")).lower()
        assert "kisumu" in (await say(one, "and wanjiru?")).lower()


async def test_a_statement_and_a_command_are_repeated_across_workers(database):
    async with two_engines(database) as (one, two):
        await say(one, "drinks w priya and oluwaseun")
        await say(one, "keep in touch w priya every 2 weeks")
        assert "Oluwaseun" in await say(two, "same for oluwaseun")
        assert {r.contact.name: r.every_days for r in await two.store.reminders(OWNER)} == \
            {"Priya": 14, "Oluwaseun": 14}
        await say(two, "stop reminding me about priya")
        assert "Oluwaseun" in await say(one, "same for oluwaseun")
        assert await one.store.reminders(OWNER) == []


async def test_what_is_remembered_round_trips_and_a_value_it_cannot_read_is_nothing(database):
    async with await open_store_url(database) as store:
        now = datetime(2026, 3, 2, tzinfo=UTC)
        assert await last_asked.recall(store, OWNER) is None
        asked = QuestionIntent(kind="birthday", person="Tomasz")
        await last_asked.remember(store, OWNER, asked, now)
        assert await last_asked.recall(store, OWNER) == asked
        await last_asked.remember(store, OWNER, "/keepintouch stop Priya", now)
        assert await last_asked.recall(store, OWNER) == "/keepintouch stop Priya"
        await store.set_last_asked(OWNER, '{"type": "ask", "kind": "no such kind"}', now)
        assert await last_asked.recall(store, OWNER) is None
        assert await last_asked.recall(store, "test:someone-else") is None
