"""Other users' replies while a large address book is imported (`make bench-import`).

One owner sends a vCard file of `--cards` cards to the engine; meanwhile another owner has a
message due every 50 ms (sent once the previous reply is in; latency counts from when it was due). Reported: the other owner's reply latency
(median, p95, max) during the import, and how long the import took. The import is parsed in a
worker thread and written in short steps (core/importer.py), so the other owner waits at most
one step for the writer, never for the whole file.

    python -m tests.benchmarks.bench_import [--cards 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from core.clock import FixedClock
from core.engine import Engine
from core.messages import Attachment, IncomingMessage
from storage.sqlite import SqliteStore


def vcards(n: int) -> bytes:
    return "".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {i:06d}\nBDAY:1990-01-{i % 28 + 1:02d}\n"
                   f"NOTE:met at conference {i}\nEND:VCARD\n" for i in range(n)).encode()


async def run_once(cards: bytes, workdir: Path) -> dict:
    now = datetime(2026, 5, 5, 12, tzinfo=UTC)
    store = await SqliteStore.open(workdir / "memoro.sqlite3")
    engine = Engine(store=store, index=None, clock=FixedClock(now), default_tz="UTC")
    latencies: list[float] = []
    done = asyncio.Event()

    async def other_user() -> None:
        # each message is due at a fixed time; its latency counts from then, so time the event
        # loop spent blocked before it could even be read counts too
        n, start = 0, time.perf_counter()
        while not done.is_set():
            n += 1
            due = start + n * 0.05
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await engine.handle(IncomingMessage(owner="bench:other", text=f"Friend {n} lives in Lyon", at=now,
                                                platform="bench", chat_id="other", message_id=str(n)))
            latencies.append(time.perf_counter() - due)

    try:
        talker = asyncio.create_task(other_user())
        await asyncio.sleep(0.2)
        started = time.perf_counter()
        reply = await engine.handle(IncomingMessage(owner="bench:importer", text="", at=now, platform="bench",
                                                    chat_id="imp", attachment=Attachment(name="all.vcf", data=cards)))
        took = time.perf_counter() - started
        done.set()
        await talker
        assert "new" in reply[0].text, reply[0].text
    finally:
        await store.close()
    latencies.sort()
    return {"import_s": took, "replies": len(latencies), "median_ms": statistics.median(latencies) * 1000,
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000, "max_ms": latencies[-1] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cards = vcards(args.cards)
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(asyncio.run(run_once(cards, Path(tmp))))
    print(f"import of {args.cards} vCards while another owner texts every 50 ms (median of {args.runs} runs):")
    for key in ("import_s", "replies", "median_ms", "p95_ms", "max_ms"):
        print(f"  {key}: {statistics.median(r[key] for r in results):.1f}")


if __name__ == "__main__":
    main()
