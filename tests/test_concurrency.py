"""Nobody waits for anybody else: the real Telegram adapter on the fake Bot API, an engine whose
model (the fake OpenAI server) hangs for one person's message. The others' replies arrive while
it hangs; that person's next message waits behind the first (each person in order); when the
model answers, both are answered, in order. Latency figures: `make bench` (concurrency)."""

from __future__ import annotations

import json

from bot.telegram_bot import TelegramAdapter
from bot.wiring import make_understander
from core.clock import FixedClock
from core.engine import Engine
from tests.conftest import at
from tests.fake_openai import FakeOpenAI, Reply, hang, text
from tests.fake_telegram import TOKEN, FakeTelegram, text_update
from tests.test_llm import llm_settings

SLOW, OTHERS = 900, (901, 902, 903, 904, 905)


def model(request: dict) -> Reply:
    """Hangs on the slow person's message; for everyone else, an answer that is not JSON (the
    rules take over at once)."""
    said = json.dumps(request["messages"])
    return hang() if "Slowpoke" in said else text("not JSON")


async def test_a_model_that_hangs_for_one_person_holds_up_no_one_else(store):
    telegram = FakeTelegram()
    with FakeOpenAI() as llm:
        llm.responder = model
        understander, composer = make_understander(llm_settings(llm.url, timeout=120, retries=0))
        engine = Engine(store=store, understander=understander, composer=composer,
                        clock=FixedClock(at("2026-03-02T10:00:00+01:00")))
        adapter = TelegramAdapter(engine, token=TOKEN, base_url=telegram.base_url, poll_timeout=1)
        await adapter.start()
        try:
            telegram.push(text_update(1, "Had lunch with Sam Slowpoke today.", user_id=SLOW))
            telegram.push(text_update(2, "/people", user_id=SLOW))
            update = 2
            for user in OTHERS:
                for name in ("Maya Berg", "Omar Haddad"):
                    update += 1
                    telegram.push(text_update(update, f"Had lunch with {name} today.", user_id=user))
            replies = await telegram.wait_for_messages(2 * len(OTHERS), timeout=60)
            assert llm.held == 1  # the slow person's message is still with the model
            assert {chat for chat, _ in replies} == {str(u) for u in OTHERS}
            assert all("met today" in reply for _, reply in replies)
            llm.release()
            replies = await telegram.wait_for_messages(2 * len(OTHERS) + 2, timeout=60)
        finally:
            await adapter.stop()
            await telegram.close()
            await understander.llm.aclose()
    slow = [reply for chat, reply in replies if chat == str(SLOW)]
    assert len(slow) == 2 and "Sam Slowpoke" in slow[0] and "Sam Slowpoke" in slow[1]  # in order: saved, then listed
