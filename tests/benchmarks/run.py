"""`make bench`: every Memoro benchmark in one run, a report and plots in tests/benchmarks/results.

    python -m tests.benchmarks.run [--quick] [--locomo FILE] [--out DIR]

1. Retrieval on LoCoMo (tests/benchmarks/locomo.py): Memoro's hybrid search, BM25 alone
   and MiniLM alone on the same notes. Deterministic, so one run.
2. Reply time and scale (tests/benchmarks/scale.py): one owner at 1k, 10k and 100k notes,
   then 1,000 small owners in the same database; bulk-import throughput.
3. Cold start and peak memory (tests/benchmarks/coldstart.py): fresh processes on the
   database step 2 built.
4. Concurrency (tests/benchmarks/concurrency.py): 30 people on the Telegram adapter, one of
   them with a model call that takes 10 s: the others' reply latency (p50, p95, max).
5. Understanding (tests/benchmarks/understanding.py): one message through the rules, p50/p95
   over a few hundred texting messages, and the peak RSS of `memoro chat` fed 100 messages on
   a pipe; medians of 3 runs, with the load average.
6. Several workers (tests/benchmarks/bench_workers.py): messages/s and p95 reply latency with 1,
   2 and 4 `memoro run` workers on PostgreSQL against one SQLite process, 200 people on the fake
   Telegram; the nudge due-scan at 100k owners on PostgreSQL.

`--quick` stops at 10k notes and 100 small owners (a few minutes); the full run takes about
half an hour on 2 cores, most of it embedding 120k synthetic notes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LOCOMO = ROOT.parent / "shared" / "benchmarks" / "locomo" / "locomo_dev5.json"


def scale_and_cold(sizes, owners: int, rounds: int, per_round: int, cold_runs: int):
    """The scale benchmark in a child process, then cold starts on the database it built."""
    from tests.benchmarks import coldstart
    from tests.benchmarks.scale import BIG, Ingest, Point

    with tempfile.TemporaryDirectory(prefix="memoro-bench-") as tmp:
        cmd = [sys.executable, "-m", "tests.benchmarks.scale", tmp, "--sizes", *map(str, sizes),
               "--owners", str(owners), "--rounds", str(rounds), "--per-round", str(per_round)]
        done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT)
        got = json.loads(done.stdout.strip().splitlines()[-1])
        logger.info("cold start: %d runs of fresh processes", cold_runs)
        cold = coldstart.measure(Path(tmp), BIG, max(sizes), runs=cold_runs)
    points = [Point(**p) for p in got["points"]]
    for p in points:
        p.replies = {k: tuple(v) for k, v in p.replies.items()}
    return points, [Ingest(**i) for i in got["ingests"]], cold


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="1k and 10k notes, 100 owners (minutes, not half an hour)")
    p.add_argument("--locomo", type=Path, default=Path(os.environ.get("MEMORO_LOCOMO", DEFAULT_LOCOMO)),
                   help="a LoCoMo-format JSON file (default: %(default)s or $MEMORO_LOCOMO)")
    p.add_argument("--out", type=Path, default=ROOT / "tests" / "benchmarks" / "results")
    p.add_argument("--skip", choices=("locomo", "scale", "concurrency", "understanding", "workers"), action="append",
                   default=[])
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("chromadb", "httpx", "sentence_transformers", "core", "storage", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    started = time.perf_counter()

    from tests.benchmarks import locomo, report

    results, corpus_line = None, ""
    if "locomo" not in a.skip:
        if a.locomo.exists():
            results, corpus = asyncio.run(locomo.run(a.locomo))
            corpus_line = (f"{a.locomo.name}: {corpus.notes:,} turns stored as notes, {len(corpus.questions)} questions "
                           f"of categories 1-4 ({corpus.skipped} skipped: their evidence names no turn).")
            print(locomo.table(results))
        else:
            print(f"LoCoMo skipped: {a.locomo} does not exist (pass --locomo FILE).", file=sys.stderr)
    points, ingests, cold = [], [], None
    if "scale" not in a.skip:
        sizes, owners = ((1_000, 10_000), 100) if a.quick else ((1_000, 10_000, 100_000), 1_000)
        points, ingests, cold = scale_and_cold(sizes, owners, rounds=3, per_round=40, cold_runs=3)
    concurrency_line = ""
    if "concurrency" not in a.skip:
        from tests.benchmarks import concurrency

        concurrency_line = concurrency.table(asyncio.run(concurrency.measure(rounds=3 if a.quick else 5)))
    understood = None
    if "understanding" not in a.skip:
        from tests.benchmarks import understanding

        understood = understanding.measure(runs=3)
    workers_table = ""
    if "workers" not in a.skip:  # several workers on PostgreSQL against one SQLite process (bench_workers.py)
        cmd = [sys.executable, "-m", "tests.benchmarks.bench_workers"] + (["--users", "50", "--each", "2"] if a.quick else [])
        done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT)
        workers_table = done.stdout.strip()
    path = report.write(a.out, args={"quick": a.quick, "locomo": str(a.locomo)}, points=points,
                        ingests=ingests, cold=cold, locomo=results, corpus_line=corpus_line,
                        elapsed_s=time.perf_counter() - started, understood=understood)
    print()
    print(report.summary(points, ingests, cold, results, understood))
    if concurrency_line:
        print(concurrency_line)
    if workers_table:
        print(workers_table)
    print(f"\nReport: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
