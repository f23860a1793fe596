"""The benchmark report: a markdown file and PNG plots (matplotlib, headless Agg backend).

Everything here only formats what `scale`, `coldstart` and `locomo` measured; nothing is
measured here. `machine()` records where the figures come from (cores, memory, CPU, versions).
"""

from __future__ import annotations

import logging
import os
import platform
import subprocess
from pathlib import Path

from tests.benchmarks.locomo import table as locomo_table

logger = logging.getLogger(__name__)

GOALS = {"question p95 at 10k": 50, "question p95 at 100k": 100, "logging p95": 50,
         "cold start": 3.0, "peak RSS": 700, "understanding p95": 30}


def machine() -> dict[str, str]:
    import torch

    free = subprocess.run(["free", "-h"], check=False, capture_output=True, text=True).stdout.splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores (nproc)": str(os.cpu_count()), "memory (free -h, Mem: total)": free[1].split()[1] if len(free) > 1 else "?",
            "cpu": cpu, "python": platform.python_version(), "torch": torch.__version__,
            "torch threads": str(torch.get_num_threads()), "load average at start": " ".join(
                f"{x:.2f}" for x in os.getloadavg())}


def plot_latency(points, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    single = [p for p in points if p.owners == 1]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for kind, colour in (("search", "tab:blue"), ("log", "tab:green"), ("fact", "tab:orange")):
        xs = [p.notes for p in single]
        ax.plot(xs, [p.replies[kind][1] for p in single], "o-", color=colour, label=f"{kind} p95")
        ax.plot(xs, [p.replies[kind][0] for p in single], "o--", color=colour, alpha=0.6, label=f"{kind} p50")
    ax.set_xscale("log")
    ax.set_xlabel("notes in the owner's address book")
    ax.set_ylabel("reply time (ms)")
    ax.set_title("Engine.handle reply time vs address-book size (one owner)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_locomo(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = list(next(iter(results.values())).keys())
    fig, ax = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / len(results)
    for n, (ranker, by_group) in enumerate(results.items()):
        xs = [g + n * width for g in range(len(groups))]
        ax.bar(xs, [by_group[g]["any@5"] for g in groups], width, label=ranker)
    ax.set_xticks([g + width * (len(results) - 1) / 2 for g in range(len(groups))], groups)
    ax.set_ylabel("evidence recall any@5 (%)")
    ax.set_title("LoCoMo: an evidence turn in the top 5")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def latency_table(points) -> str:
    head = ("| address book | notes in DB | owners | log p50 / p95 (ms) | search question p50 / p95 (ms) "
            "| fact question p50 / p95 (ms) |")
    lines = [head, "|---|---:|---:|---:|---:|---:|"]
    for p in points:
        cells = " | ".join(f"{p.replies[k][0]:.1f} / {p.replies[k][1]:.1f}" for k in ("log", "search", "fact"))
        lines.append(f"| {p.label} | {p.db_notes:,} | {p.owners:,} | {cells} |")
    return "\n".join(lines)


def summary(points, ingests, cold: dict | None, locomo: dict | None, understood: dict | None = None) -> str:
    """The headline table: each goal, the figure measured, and whether it is met."""
    rows = []

    def at(n: int):
        return next((p for p in points if p.owners == 1 and p.notes == n), None)

    for n, goal in ((10_000, GOALS["question p95 at 10k"]), (100_000, GOALS["question p95 at 100k"])):
        if p := at(n):
            worst = max(p.replies["search"][1], p.replies["fact"][1])
            rows.append((f"question p95, one owner, {n:,} notes", f"< {goal} ms", f"{worst:.1f} ms", worst < goal))
    singles = [p for p in points if p.owners == 1]
    if singles:
        worst = max(p.replies["log"][1] for p in points)
        rows.append(("logging p95, every size", f"< {GOALS['logging p95']} ms", f"{worst:.1f} ms",
                     worst < GOALS["logging p95"]))
    shared = [p for p in points if p.owners > 1 and p.notes < 100]
    for p in shared:
        worst = max(p.replies[k][1] for k in ("log", "search", "fact"))
        rows.append((f"any reply p95, {p.label}", "(no goal)", f"{worst:.1f} ms", None))
    if ingests:
        total = sum(i.notes for i in ingests)
        rate = total / sum(i.sql_s + i.embed_s for i in ingests)
        sql = total / sum(i.sql_s for i in ingests)
        got = f"{rate:,.0f} notes/s (SQLite alone {sql:,.0f}/s)"
        rows.append(("bulk import (SQLite + embed + Chroma)", "(no goal)", got, None))
    if cold:
        rows.append(("cold start to first reply (a logging message)", f"< {GOALS['cold start']} s",
                     f"{cold['first_log_s']:.2f} s", cold["first_log_s"] < GOALS["cold start"]))
        rows.append(("cold start to first reply (a search question)", f"< {GOALS['cold start']} s",
                     f"{cold['first_search_s']:.2f} s", cold["first_search_s"] < GOALS["cold start"]))
        rows.append(("peak RSS of a serving process", f"< {GOALS['peak RSS']} MB",
                     f"{cold['peak_rss_mb']:.0f} MB", cold["peak_rss_mb"] < GOALS["peak RSS"]))
    if locomo:
        m, b, v = (locomo[r]["all questions"]["any@5"] for r in ("memoro", "bm25", "minilm"))
        rows.append(("LoCoMo any@5: Memoro vs BM25 vs MiniLM", "Memoro >= 74 % (issue 15)",
                     f"{m:.1f} / {b:.1f} / {v:.1f} %", m >= 74))
        cats = [g for g in locomo["memoro"] if g != "all questions"]
        ahead = all(locomo["memoro"][g]["any@1"] > locomo["bm25"][g]["any@1"] for g in cats)
        rows.append(("LoCoMo any@1 per category: Memoro vs BM25", "ahead in every category",
                     ", ".join(f"{g} {locomo['memoro'][g]['any@1']:.1f} / {locomo['bm25'][g]['any@1']:.1f}"
                               for g in cats), ahead))
    if understood:
        p95, rss = understood["understand_p95_ms"], understood["chat_peak_rss_mb"]
        rows.append((f"understanding one message p95 ({understood['messages']} texting messages; "
                     f"load {understood['load_average']})", f"<= {GOALS['understanding p95']} ms",
                     f"{p95:.1f} ms (CPU {understood['understand_cpu_p95_ms']:.1f} ms)",
                     p95 <= GOALS["understanding p95"]))
        rows.append(("peak RSS of `memoro chat` after 100 messages on a pipe", f"<= {GOALS['peak RSS']} MB",
                     f"{rss:.0f} MB", rss <= GOALS["peak RSS"]))
    lines = ["| figure | goal | measured | met |", "|---|---|---|---|"]
    for name, goal, got, ok in rows:
        lines.append(f"| {name} | {goal} | {got} | {'' if ok is None else ('yes' if ok else 'NO')} |")
    return "\n".join(lines)


def write(out: Path, *, args: dict, points, ingests, cold, locomo, corpus_line: str, elapsed_s: float,
          understood: dict | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    if points:
        plot_latency(points, out / "latency_vs_size.png")
    if locomo:
        plot_locomo(locomo, out / "locomo_any5.png")
    info = machine()
    md = ["# Memoro benchmarks", "", f"Run with {args}; took {elapsed_s / 60:.1f} min.", "",
          "## Machine", "", *[f"- {k}: {v}" for k, v in info.items()], "",
          "## Summary", "", summary(points, ingests, cold, locomo, understood), ""]
    if points:
        md += ["## Reply time (Engine.handle, no LLM, MiniLM + Chroma + SQLite)", "",
               "Median over rounds of each round's p50 and p95; see tests/benchmarks/scale.py for what is timed.", "",
               latency_table(points), "", "![reply time vs size](latency_vs_size.png)", ""]
    if ingests:
        md += ["## Bulk import", "", "| notes | SQLite s | embed + Chroma s | notes/s |", "|---:|---:|---:|---:|"]
        md += [f"| {i.notes:,} | {i.sql_s:.1f} | {i.embed_s:.1f} | {i.per_s:,.0f} |" for i in ingests] + [""]
    if cold:
        md += ["## Cold start and memory", "", "Medians of fresh processes; see tests/benchmarks/coldstart.py.", "",
               *[f"- {k}: {v:.2f}" for k, v in cold.items()], ""]
    if understood:
        from tests.benchmarks.understanding import table as understanding_table

        md += ["## Understanding and the console's memory", "",
               "Medians of runs; see tests/benchmarks/understanding.py.", "", understanding_table(understood), ""]
    if locomo:
        md += ["## Retrieval on LoCoMo (evidence recall, %)", "", corpus_line, "", locomo_table(locomo), "",
               "![LoCoMo any@5](locomo_any5.png)", ""]
    path = out / "report.md"
    path.write_text("\n".join(md))
    return path
