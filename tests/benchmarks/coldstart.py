"""Cold start and memory, in a fresh process, the way the bot starts.

`python -m tests.benchmarks.coldstart DATA_DIR OWNER KIND T0` starts a Python process that
imports Memoro, builds the engine with `bot.wiring.engine_from` on DATA_DIR (the SQLite file
and the Chroma index the scale benchmark built) and answers one message of KIND ("log" or
"search") from OWNER. It prints one JSON line: `first_reply_s`, the wall time from T0 (the
parent's `time.time()` just before it started the process, so interpreter start and imports
count) to that first reply; then, after serving `--serve` more messages of each kind,
`peak_rss_mb`, the process's peak resident memory (VmHWM).

A first "log" reply needs no embedding model (it is loaded on first use); a first "search"
reply loads MiniLM and queries Chroma, so it is the worst case.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path


def measure(data_dir: Path, owner: str, notes: int, *, runs: int = 3, serve: int = 30) -> dict:
    """Median over `runs` fresh processes of each figure: first reply after a log and after a
    search, and the peak RSS of a process that then served `serve` messages of each kind."""
    figures: dict[str, list[float]] = {"first_log_s": [], "first_search_s": [], "peak_rss_mb": []}
    for _ in range(runs):
        for kind in ("log", "search"):
            cmd = [sys.executable, "-m", "tests.benchmarks.coldstart", str(data_dir), owner, kind,
                   str(time.time()), "--notes", str(notes), "--serve", str(serve if kind == "search" else 0)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
            got = json.loads(done.stdout.strip().splitlines()[-1])
            figures[f"first_{kind}_s"].append(got["first_reply_s"])
            if kind == "search":
                figures["peak_rss_mb"].append(got["peak_rss_mb"])
    return {k: statistics.median(v) for k, v in figures.items()}


async def main(data_dir: Path, owner: str, kind: str, t0: float, notes: int, serve: int) -> dict:
    os.environ["MEMORO_DATA_DIR"] = str(data_dir)
    from bot.wiring import engine_from
    from core.messages import IncomingMessage
    from core.settings import Settings
    from tests.benchmarks.synthetic import Book

    book = Book(notes)
    known = len(book.people)  # the scale benchmark's owner has about notes/20 people
    makers = {"log": book.log_message, "search": book.search_question, "fact": book.fact_question}
    out = {}
    async with engine_from(Settings()) as engine:
        async def say(make) -> None:
            text = make(known)
            await engine.handle(IncomingMessage(owner=owner, text=text, at=datetime.now(UTC), platform="bench"))

        await say(makers[kind])
        out["first_reply_s"] = time.time() - t0
        for _ in range(serve):
            for make in makers.values():
                await say(make)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM, which belongs to the process image. Not
    `ru_maxrss`: Linux keeps that across fork and exec, so a child started by a big parent
    (the benchmark runner, after LoCoMo) reports the parent's peak as its own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data_dir", type=Path)
    p.add_argument("owner")
    p.add_argument("kind", choices=("log", "search"))
    p.add_argument("t0", type=float)
    p.add_argument("--notes", type=int, default=100_000, help="size of the owner's address book")
    p.add_argument("--serve", type=int, default=0, help="messages of each kind to answer after the first")
    a = p.parse_args()
    print(json.dumps(asyncio.run(main(a.data_dir, a.owner, a.kind, a.t0, a.notes, a.serve))))
    sys.stdout.flush()
