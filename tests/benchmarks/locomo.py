"""Retrieval quality on LoCoMo: evidence recall of Memoro's search against two baselines.

A LoCoMo file holds long two-person conversations (`conversation` with `session_N` turns
`{speaker, dia_id, text}` and `session_N_date_time`) and questions about them (`qa` with
`question`, `evidence` dia_ids and `category`: 1 multi-hop, 2 temporal, 3 open-domain,
4 single-hop, 5 adversarial). Each conversation becomes one owner; every turn is stored as
a note through Memoro's own `SqliteStore.add_note` (the speaker is the note's contact, the
session date its date, the text "(date) Speaker: text", plus the caption of a shared photo)
and embedded by Memoro's own outbox indexer into Chroma with MiniLM. Then, for every
question of categories 1-4, three rankers search that owner's notes:

* memoro: `core.search.hybrid`, what the bot uses;
* fusion: plain BM25 + dense fusion, what the literature's baseline does: the cosine plus
  half the BM25 score scaled by the best one, on the question as asked (the best weight and
  normalisation found; reciprocal rank fusion did worse on the dev half, 57 % any@5 at k=60 against 61 %);
* bm25: SQLite FTS5 `bm25()` alone, the question's words OR'ed;
* minilm: the Chroma vectors alone.

A question counts for recall "any@k" when at least one evidence turn is in the top k, and
"all@k" when every evidence turn is. Run: `python -m tests.benchmarks.locomo FILE`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

CATEGORIES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop"}
KS = (1, 5, 10)
RANKERS = ("memoro", "fusion", "bm25", "minilm")


@dataclass
class Question:
    owner: str
    text: str
    category: int
    evidence: set[int]  # note ids


@dataclass
class Corpus:
    store: object
    index: object
    questions: list[Question] = field(default_factory=list)
    notes: int = 0
    skipped: int = 0  # questions whose evidence names no stored turn


def session_date(text: str) -> datetime:
    """'1:56 pm on 8 May, 2023' -> an aware datetime (UTC: LoCoMo gives no zone)."""
    return datetime.strptime(text.strip(), "%I:%M %p on %d %B, %Y").replace(tzinfo=UTC)


def turn_text(turn: dict, when: datetime) -> str:
    text = f"({when:%-d %B %Y}) {turn['speaker']}: {turn['text']}"
    if turn.get("blip_caption"):
        text += f" [shares {turn['blip_caption']}]"
    return text


def evidence_ids(evidence: list[str]) -> list[str]:
    """Dia ids from the evidence list, which sometimes packs two ('D8:6; D9:17')."""
    return [m for e in evidence for m in re.findall(r"D\d+:\d+", e)]


async def build(path: Path, workdir: Path, embedder) -> Corpus:
    """Store every conversation of `path` as one owner's notes and index them."""
    from core.search import Indexer
    from storage.sqlite import SqliteStore
    from storage.vectors import ChromaIndex

    data = json.loads(Path(path).read_text())
    store = await SqliteStore.open(workdir / "memoro.sqlite3")
    index = ChromaIndex(embedder, path=workdir / "chroma")
    corpus = Corpus(store, index)
    for conv in data:
        owner = f"locomo:{conv.get('sample_id', len(corpus.questions))}"
        c = conv["conversation"]
        sessions = sorted((int(m.group(1)), k) for k in c if (m := re.fullmatch(r"session_(\d+)", k)))
        first = session_date(c[f"session_{sessions[0][0]}_date_time"])
        await store.create_owner(owner, "UTC", first)
        people: dict[str, int] = {}
        by_dia: dict[str, int] = {}
        async with store.transaction():  # one unit of work for the whole conversation
            for n, key in sessions:
                when = session_date(c[f"{key}_date_time"])
                for turn in c[key]:
                    speaker = turn["speaker"]
                    if speaker not in people:
                        people[speaker] = (await store.add_contact(owner, speaker, when, None)).id
                    by_dia[turn["dia_id"]] = await store.add_note(
                        owner, people[speaker], turn_text(turn, when), when.date(), "news", when, None)
                    corpus.notes += 1
        for q in conv["qa"]:
            if q.get("category") not in CATEGORIES:
                continue
            ids = {by_dia[d] for d in evidence_ids(q.get("evidence", [])) if d in by_dia}
            if not ids:
                corpus.skipped += 1
                continue
            corpus.questions.append(Question(owner, str(q["question"]), q["category"], ids))
    started = time.perf_counter()
    await Indexer(store, index).drain()
    logger.info("embedded %s notes in %.1f s", corpus.notes, time.perf_counter() - started)
    return corpus


def bm25_query(question: str) -> str:
    """Plain BM25: every word of the question, OR'ed (FTS5 syntax)."""
    words = dict.fromkeys(w.lower() for w in re.findall(r"[^\W_]+", question))
    return " OR ".join(f'"{w}"' for w in words)


async def rank(corpus: Corpus, ranker: str, q: Question, k: int) -> list[int]:
    from core.search import hybrid

    if ranker == "memoro":
        return [h.note_id for h in await hybrid(corpus.store, corpus.index, q.owner, q.text, k=k)][:k]
    if ranker == "bm25":
        return [i for i, _ in await corpus.store.full_text(q.owner, bm25_query(q.text), k)]
    if ranker == "fusion":
        fused = dict(await corpus.index.query(q.owner, q.text, 100))
        fts = await corpus.store.full_text(q.owner, bm25_query(q.text), 100)
        top = max((s for _, s in fts), default=0.0) or 1.0
        for i, s in fts:
            fused[i] = fused.get(i, 0.0) + 0.5 * s / top
        return sorted(fused, key=fused.get, reverse=True)[:k]
    return [i for i, _ in await corpus.index.query(q.owner, q.text, k)]


async def score(corpus: Corpus, rankers=RANKERS) -> dict:
    """{ranker: {category name or 'all questions': {'n', 'any@k', 'all@k', ...}}} in percent."""
    out: dict = {}
    for r in rankers:
        tallies: dict[str, dict[str, float]] = {}
        started = time.perf_counter()
        for q in corpus.questions:
            found = await rank(corpus, r, q, max(KS))
            for group in (CATEGORIES[q.category], "all questions"):
                t = tallies.setdefault(group, {"n": 0, **{f"{m}@{k}": 0 for m in ("any", "all") for k in KS}})
                t["n"] += 1
                for k in KS:
                    top = set(found[:k])
                    t[f"any@{k}"] += bool(top & q.evidence)
                    t[f"all@{k}"] += q.evidence <= top
        for t in tallies.values():
            for key in t:
                if key != "n":
                    t[key] = 100.0 * t[key] / t["n"]
        out[r] = {g: tallies[g] for g in [*CATEGORIES.values(), "all questions"] if g in tallies}
        logger.info("%s: %d questions in %.1f s", r, len(corpus.questions), time.perf_counter() - started)
    return out


def table(results: dict) -> str:
    """Markdown: one row per category and ranker, recall in percent."""
    cols = [f"{m}@{k}" for m in ("any", "all") for k in KS]
    lines = ["| category | n | ranker | " + " | ".join(cols) + " |", "|---|---:|---|" + "---:|" * len(cols)]
    groups = next(iter(results.values())).keys()
    for g in groups:
        for r, by_group in results.items():
            t = by_group[g]
            lines.append(f"| {g} | {t['n']} | {r} | " + " | ".join(f"{t[c]:.1f}" for c in cols) + " |")
    return "\n".join(lines)


async def run(path: Path, embedder=None) -> tuple[dict, Corpus]:
    from storage.embedder import MiniLMEmbedder

    with tempfile.TemporaryDirectory(prefix="memoro-locomo-") as tmp:
        corpus = await build(path, Path(tmp), embedder or MiniLMEmbedder())
        try:
            return await score(corpus), corpus
        finally:
            await corpus.store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="a LoCoMo-format JSON file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    results, corpus = asyncio.run(run(args.file))
    print(f"{corpus.notes} notes, {len(corpus.questions)} questions ({corpus.skipped} without usable evidence)")
    print(table(results))


if __name__ == "__main__":
    main()
