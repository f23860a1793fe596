"""Benchmark: messages per second and reply latency with 1, 2 and 4 workers on PostgreSQL, against
one process on SQLite; and the nudge due-scan at 100k owners on PostgreSQL.

    python -m tests.benchmarks.bench_workers [--users 200] [--each 5] [--workers 1 2 4] [--no-scan]

Every configuration runs real `memoro run` processes on webhooks, with the fake Bot API
(tests/fake_telegram.py) as Telegram, one Chroma server (`chroma run`) for the vectors, and
this process as the load balancer (round robin over the workers' webhooks). `--users` people
write `--each` messages each ("had lunch with <name> today"), each waiting for the answer to one
message before sending the next, as people do; so the load is closed: throughput is what the
workers can answer. Latency is from the POST of the update to the reply reaching the fake's
sendMessage. Each worker first answers a few warm-up messages (models loaded), not counted.
PostgreSQL is the test server of tests/pg_server.py (pgserver, durability off: fsync and
synchronous commit off, as for a throw-away database); SQLite is the default single process.

The due-scan (tests/benchmarks/bench_workers_scan.py): 100k owners, 20 contacts each with a
birthday spread over the year, in one PostgreSQL database; `core.nudges.find` for the busiest
minute, median of 5 runs (read only).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.fake_telegram import TOKEN, FakeTelegram, text_update

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
SECRET = "bench-Secret_1"
FIRST = ("Maya", "Omar", "Clara", "Felix", "Lena", "Ravi", "Nina", "Hugo", "Iris", "Theo")
LAST = ("Patel", "Haddad", "Ferreira", "Lindqvist", "Berg", "Kumar", "Costa", "Moreau", "Okafor", "Novak")
WARMUP = 3  # messages per worker before timing


@dataclass
class Run:
    label: str
    workers: int
    messages: int
    seconds: float
    latencies: list[float]

    @property
    def per_s(self) -> float:
        return self.messages / self.seconds

    def p(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class _Timed(list):  # type: ignore[type-arg]
    """The fake's sent messages, each noted with when it arrived and who is waiting for it."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[str, asyncio.Event] = {}
        self.count: dict[str, int] = {}

    def append(self, item: Any) -> None:
        super().append(item)
        chat = item[0]
        self.count[chat] = self.count.get(chat, 0) + 1
        if event := self.waiting.get(chat):
            event.set()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def chroma_server(path: Path) -> Iterator[str]:
    """`chroma run` on 127.0.0.1 until the block ends."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        raise SystemExit("the `chroma` command (chromadb) is not installed")
    port = _free_port()
    proc = subprocess.Popen([chroma, "run", "--path", str(path), "--port", str(port), "--host", "127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "MEMORO_"))}
    return {**env, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "PYTHONPATH": str(ROOT), **extra}


@contextlib.asynccontextmanager
async def workers(n: int, fake: FakeTelegram, chroma: str, tmp: Path,
                  database_url: str | None) -> AsyncIterator[list[int]]:
    """`n` memoro run processes (n = 1 without a database URL: the SQLite default); their ports."""
    ports, procs = [_free_port() for _ in range(n)], []
    hooks = len(fake.calls("setWebhook"))
    try:
        for i, port in enumerate(ports):
            extra = {"MEMORO_DATABASE_URL": database_url, "MEMORO_WORKER_ID": f"w{i + 1}"} if database_url else {}
            data = tmp / f"data-{i}"
            data.mkdir(parents=True, exist_ok=True)
            env = _env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, MEMORO_DATA_DIR=str(data),
                       MEMORO_RATE_LIMIT_PER_MINUTE="0", MEMORO_LOG_LEVEL="WARNING",
                       MEMORO_WEBHOOK_URL="https://memoro.example/tg/hook", MEMORO_WEBHOOK_SECRET=SECRET,
                       MEMORO_WEBHOOK_LISTEN="127.0.0.1", MEMORO_WEBHOOK_PORT=str(port), MEMORO_DEFAULT_TZ="UTC",
                       MEMORO_CHROMA_URL=chroma, **extra)
            procs.append(await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "run", cwd=data, env=env, stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL))
        while len(fake.calls("setWebhook")) < hooks + n:
            if any(p.returncode is not None for p in procs):
                raise SystemExit("a worker exited during start-up")
            await asyncio.sleep(0.1)
        yield ports
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.terminate()
        for proc in procs:
            await proc.wait()


async def load(label: str, n: int, fake: FakeTelegram, ports: list[int], users: int, each: int,
               base_uid: int) -> Run:
    sent: _Timed = fake.messages  # type: ignore[assignment]
    latencies: list[float] = []
    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=users)) as http:

        async def post(update: dict[str, Any], turn: int) -> None:
            for attempt in range(100):
                try:
                    answer = await http.post(f"http://127.0.0.1:{ports[(turn + attempt) % len(ports)]}/tg/hook",
                                             json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                    if answer.status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            raise RuntimeError("no worker took an update")

        async def person(user: int, messages: int, record: bool) -> None:
            uid = base_uid + user
            chat, event = str(uid), asyncio.Event()
            sent.waiting[chat] = event
            for i in range(messages):
                name = f"{FIRST[i % len(FIRST)]} {LAST[user % len(LAST)]}"
                started = time.perf_counter()
                event.clear()
                await post(text_update(uid * 100 + i, f"Had lunch with {name} today.", user_id=uid), user + i)
                while sent.count.get(chat, 0) < i + 1:
                    await event.wait()
                    event.clear()
                if record:
                    latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(person(users + 1000 + w, WARMUP, False) for w in range(n * 2)))
        started = time.perf_counter()
        await asyncio.gather(*(person(u, each, True) for u in range(users)))
        seconds = time.perf_counter() - started
    return Run(label, n, users * each, seconds, latencies)


async def due_scan(url: str, owners: int = 100_000) -> tuple[float, int]:
    """(median seconds of `core.nudges.find` for the busiest minute, nudges found) at `owners`."""
    from tests.benchmarks.bench_workers_scan import _measure

    return await _measure(url, owners, per_owner=20, runs=5)


def _load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


async def main_async(a: argparse.Namespace) -> int:
    from tests.pg_server import new_database

    results: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="memoro-bench-workers-") as tmp_dir:
        tmp = Path(tmp_dir)
        with chroma_server(tmp / "chroma") as chroma:
            configs: list[tuple[str, int, str | None]] = [("SQLite, one process", 1, None)]
            configs += [(f"PostgreSQL, {n} worker{'s' if n > 1 else ''}", n, "pg") for n in a.workers]
            for k, (label, n, backend) in enumerate(configs):
                fake = FakeTelegram()
                fake.messages = _Timed()
                url = new_database() if backend else None
                try:
                    async with workers(n, fake, chroma, tmp / f"run-{k}", url) as ports:
                        logger.info("%s: %d people x %d messages (load %s)", label, a.users, a.each, _load_average())
                        run = await load(label, n, fake, ports, a.users, a.each, base_uid=10_000 * (k + 1))
                finally:
                    await fake.close()
                results.append(run)
                logger.info("%s: %.1f messages/s, p95 %.0f ms", label, run.per_s, run.p(95) * 1000)
    scan = await due_scan(new_database()) if not a.no_scan else None
    print(table(results, scan))
    out = ROOT / "tests" / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "workers.json").write_text(json.dumps({
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "load_average": _load_average(),
        "runs": [{"label": r.label, "workers": r.workers, "messages": r.messages, "seconds": r.seconds,
                  "per_s": r.per_s, "p50_ms": r.p(50) * 1000, "p95_ms": r.p(95) * 1000} for r in results],
        "due_scan": scan}, indent=1))
    return 0


def table(results: list[Run], scan: tuple[float, int] | None) -> str:
    base = next((r.per_s for r in results if r.label.startswith("PostgreSQL, 1 ")), None)
    lines = ["| configuration | messages/s | vs 1 PG worker | p50 reply | p95 reply |", "|---|---:|---:|---:|---:|"]
    for r in results:
        ratio = f"{r.per_s / base:.2f}x" if base else "-"
        lines.append(f"| {r.label} | {r.per_s:.1f} | {ratio} | {r.p(50) * 1000:.0f} ms | {r.p(95) * 1000:.0f} ms |")
    if scan is not None:
        lines.append(f"\nNudge due-scan at 100k owners on PostgreSQL: {scan[0] * 1000:.0f} ms (median of 5), "
                     f"{scan[1]} nudges due.")
    lines.append(f"Machine: {platform.machine()}, {os.cpu_count()} cores; load average at the end {_load_average()}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--each", type=int, default=5)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument("--no-scan", action="store_true", help="skip the 100k-owner due-scan")
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("tornado.access", "pgserver", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return asyncio.run(main_async(a))


if __name__ == "__main__":
    sys.exit(main())
