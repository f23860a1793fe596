"""Understanding speed and the console's memory (part of `make bench`).

    python -m tests.benchmarks.understanding [--runs 3] [--messages 300]

1. Understanding one message: `core.understand.rules.understand` (clauses, the token tagger,
   the name finder, facts, dates, questions) over a few hundred varied texting messages (names
   from many cultures, lowercase and capitalised, typos, w/ bc bday, several people, questions),
   against an address book of 40 people. The tagger is loaded first and its per-text cache is
   cleared before each run, so every message is tagged. Figures: p50 / p95 / max in ms, the
   median over `--runs` runs.
2. Peak RSS of `memoro chat` fed 100 messages on a pipe (a fresh data directory, no LLM): the
   process's VmHWM read from /proc while it runs, the last reading before it exits; the median
   over the runs.

Both print one JSON line at the end; `tests.benchmarks.run` puts them in the report. The load
average is recorded with them: on a shared 2-core machine it moves the figures a lot.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]

FIRST = ["adebayo", "nguyen thi lan", "wojtek", "kusi", "aroha", "hetal", "ji-woo", "yousef", "maya", "tomasz",
         "ngozi", "minh", "agnieszka", "illari", "tane", "bhavin", "seo-yeon", "fatima", "liam", "chiamaka",
         "duc", "zofia", "wayra", "mere", "jignesh", "hyun", "omar", "siobhan", "kofi", "priya", "raj", "efua",
         "mateo", "leilani", "tariq", "ines", "bongani", "anh", "kasia", "nizhoni"]
SURNAMES = ["okafor", "tran", "kowalski", "mamani", "ngata", "patel", "kim", "haddad", "lee", "souza"]
PLACES = ["lisbon", "the gym", "blue bottle", "osaka", "the park", "krakow", "lima", "auckland", "ahmedabad", "seoul"]
JOBS = ["spotify", "a bank", "the hospital", "google", "a startup", "the council"]
TEMPLATES = [
    "had lunch w {a} today, she just moved to {p} for a new job at {j}",
    "met {a} and {b} at {p} yesterday",
    "{a}s bday is march {d}",
    "{a}'s sister {b} is visiting next week",
    "coffee with {A} {s} at {p}, he got engaged!!",
    "texted {a} bc her dad is in hospital",
    "called {a} last night, {b} is pregnant",
    "ran into {a} at {p} w her dog biscuit",
    "{a} started at {j} on monday",
    "when is {a}s birthday?",
    "what's new with {a}",
    "who do i know that plays tennis",
    "actually {a} lives in {p} not {q}",
    "{a} and {b} got married last weekend in {p}",
    "dinner w {a}, {b} and {c} tmrw",
    "{A} turns {d}0 next friday",
    "wait no its the {d}th",
    "spent the afternoon with {a} and her newborn {b}",
    "{a} is my cousin, she works at {j}",
    "who did i see last weekend?",
    "remind me to call {a} every 2 weeks",
    "hiked w {a} and {b} saturday, {b} is training for a marathon",
    "{a}'s husband {b} is a chef at {p}",
    "tell me about {a}",
    "facetimed {a} in {p}, shes doing great",
]


def messages(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = []
    while len(out) < n:
        a, b, c = rnd.sample(FIRST, 3)
        text = rnd.choice(TEMPLATES).format(
            a=a, b=b, c=c, A=a.title(), s=rnd.choice(SURNAMES), p=rnd.choice(PLACES), q=rnd.choice(PLACES),
            j=rnd.choice(JOBS), d=rnd.randint(1, 9))
        if rnd.random() < 0.3:
            text = text.capitalize()
        out.append(text + " " * (len(out) // len(TEMPLATES) % 3))  # unique texts: nothing served from a cache
    return out


def understand_times(texts: list[str], known: list[str]) -> tuple[list[float], list[float]]:
    """Milliseconds `understand` took on each text, wall clock and this thread's CPU, the tagger
    cache cleared first. On a loaded machine the wall clock includes waiting for a core; the CPU
    time is what one message costs."""
    from core.understand import tagger
    from core.understand.rules import Context, understand

    tagger.warm_up()
    tagger.tag.cache_clear()
    now = datetime.now(UTC)
    times, cpu = [], []
    for text in texts:
        t0, c0 = time.perf_counter(), time.thread_time()
        understand(text, Context(now=now, known=known))
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    return times, cpu


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def chat_peak_rss(texts: list[str]) -> float:
    """Peak RSS in MB of `memoro chat` reading `texts` from a pipe, in a fresh data directory."""
    memoro = Path(sys.executable).with_name("memoro")
    with tempfile.TemporaryDirectory(prefix="memoro-rss-") as tmp:
        env = dict(os.environ, MEMORO_DATA_DIR=tmp, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
        for key in [k for k in env if k.startswith("MEMORO_LLM") or k.endswith("_BOT_TOKEN")]:
            env.pop(key)
        proc = subprocess.Popen([str(memoro), "chat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env, cwd=tmp)
        peak = [0.0]

        def watch():
            status = Path(f"/proc/{proc.pid}/status")
            while proc.poll() is None:
                try:
                    for line in status.read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            peak[0] = max(peak[0], int(line.split()[1]) / 1024)
                except (FileNotFoundError, ProcessLookupError):
                    break
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        proc.communicate(("\n".join(texts) + "\n").encode(), timeout=900)
        watcher.join(timeout=5)
        return peak[0]


def measure(runs: int = 3, n: int = 300) -> dict:
    """Median over `runs` of each figure, with the load average before and after."""
    texts = messages(n)
    known = sorted({t.title() for t in FIRST[:30]} | {f"{FIRST[i].title()} {SURNAMES[i % 10].title()}"
                                                      for i in range(30, 40)})
    load_before = os.getloadavg()[0]
    p50, p95, worst, rss, cpu95 = [], [], [], [], []
    for run in range(runs):
        times, cpu = understand_times(texts, known)
        cpu95.append(percentile(cpu, 0.95))
        p50.append(percentile(times, 0.5))
        p95.append(percentile(times, 0.95))
        worst.append(max(times))
        rss.append(chat_peak_rss(messages(100, seed=100 + run)))
        logger.info("run %d: understanding p95 %.1f ms (CPU %.1f ms), memoro chat peak RSS %.0f MB",
                    run + 1, p95[-1], cpu95[-1], rss[-1])
    return {"messages": n, "runs": runs, "understand_p50_ms": statistics.median(p50),
            "understand_p95_ms": statistics.median(p95), "understand_max_ms": statistics.median(worst),
            "understand_p95_each_ms": [round(x, 1) for x in p95], "understand_cpu_p95_ms": statistics.median(cpu95), "chat_peak_rss_mb": statistics.median(rss),
            "chat_peak_rss_each_mb": [round(x) for x in rss],
            "load_average": f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"}


def table(got: dict) -> str:
    return "\n".join([
        "| figure | goal | measured (median of runs) |", "|---|---|---|",
        f"| understanding one message, p50 / p95 / max ({got['messages']} texting messages) | p95 <= 30 ms | "
        f"{got['understand_p50_ms']:.1f} / {got['understand_p95_ms']:.1f} / {got['understand_max_ms']:.1f} ms "
        f"(p95 of each run: {got['understand_p95_each_ms']}) |",
        f"| understanding one message, CPU time p95 (what it costs without waiting for a core) | | "
        f"{got['understand_cpu_p95_ms']:.1f} ms |",
        f"| peak RSS of `memoro chat` after 100 messages on a pipe | <= 700 MB | {got['chat_peak_rss_mb']:.0f} MB "
        f"(each run: {got['chat_peak_rss_each_mb']}) |",
        f"| load average | | {got['load_average']} |"])


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--messages", type=int, default=300)
    a = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("core", "storage", "chromadb", "httpx", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    result = measure(a.runs, a.messages)
    print(table(result))
    print(json.dumps(result))
