"""Reply latency while one person's model call is slow: 30 people on the real Telegram adapter
(fake Bot API on loopback), an LLM (fake OpenAI server) that takes SLOW_S seconds for one
person's messages and answers the others at once.

    python -m tests.benchmarks.concurrency [--users 30] [--rounds 5] [--slow 10]

Latency is from the update being queued at the fake Bot API to the reply reaching its
sendMessage; the figures (p50, p95, max) are for everyone but the slow person. Before
concurrent handling (one update at a time across all people), p95 was 39.6 s with a model that
timed out; now it should stay near the fast path's own latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.telegram_bot import TelegramAdapter
from bot.wiring import make_understander
from core.clock import SystemClock
from core.engine import Engine
from storage.sqlite import SqliteStore
from tests.fake_openai import FakeOpenAI, Reply, slow, text
from tests.fake_telegram import TOKEN, FakeTelegram, text_update
from tests.test_llm import llm_settings

SLOW_USER = 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def measure(users: int = 30, rounds: int = 5, slow_s: float = 10.0) -> dict:
    def model(request: dict) -> Reply:
        return slow(slow_s, {}) if "Slowpoke" in json.dumps(request["messages"]) else text("not JSON")

    with tempfile.TemporaryDirectory(prefix="memoro-bench-") as tmp, FakeOpenAI() as llm:
        llm.responder = model
        store = await SqliteStore.open(Path(tmp) / "memoro.sqlite3")
        understander, composer = make_understander(llm_settings(llm.url, timeout=slow_s * 2, retries=0))
        engine = Engine(store=store, understander=understander, composer=composer, clock=SystemClock())
        telegram = FakeTelegram()
        adapter = TelegramAdapter(engine, token=TOKEN, base_url=telegram.base_url, poll_timeout=1)
        await adapter.start()
        sent: dict[str, list[float]] = {}
        arrived: dict[str, list[float]] = {}
        total = users * rounds

        async def watch():  # timestamps each reply as it reaches sendMessage
            seen = 0
            while seen < total:
                telegram.arrived.clear()
                for chat, _ in telegram.messages[seen:]:
                    arrived.setdefault(chat, []).append(time.perf_counter())
                seen = len(telegram.messages)
                if seen < total:
                    await telegram.arrived.wait()

        watcher = asyncio.create_task(watch())
        update = 0
        try:
            for r in range(rounds):
                for u in range(users):
                    user = SLOW_USER if u == 0 else SLOW_USER + u
                    update += 1
                    who = "Sam Slowpoke" if user == SLOW_USER else f"Maya Berg{r}"
                    sent.setdefault(str(user), []).append(time.perf_counter())
                    telegram.push(text_update(update, f"Had lunch with {who} today.", user_id=user))
                await asyncio.sleep(1.0)  # a round a second: Telegram allows a bot 30 messages a second
            await asyncio.wait_for(watcher, slow_s * rounds + 120)
        finally:
            await adapter.stop(grace_s=1)
            await telegram.close()
            await understander.llm.aclose()
            await store.close()
    others = [a - s for chat, times in arrived.items() if chat != str(SLOW_USER)
              for s, a in zip(sent[chat], times, strict=False)]
    slow_lat = [a - s for s, a in zip(sent[str(SLOW_USER)], arrived.get(str(SLOW_USER), []), strict=False)]
    return {"users": users, "rounds": rounds, "slow_s": slow_s, "replies": len(others),
            "p50_s": statistics.median(others), "p95_s": percentile(others, 95), "max_s": max(others),
            "slow_first_s": min(slow_lat) if slow_lat else None}


def table(result: dict) -> str:
    return (f"Concurrency: {result['users']} people x {result['rounds']} messages, one person's model call takes "
            f"{result['slow_s']:g} s\n"
            f"  the others' replies ({result['replies']}): p50 {result['p50_s']:.3f} s, p95 {result['p95_s']:.3f} s, "
            f"max {result['max_s']:.3f} s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=30)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--slow", type=float, default=10.0, help="seconds the slow person's model call takes")
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    result = asyncio.run(measure(a.users, a.rounds, a.slow))
    print(table(result))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
