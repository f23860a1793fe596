"""Our own conversation scenarios (tests/scenarios/<feature>/*.jsonl), played and checked.

The files use the replay format of the shared evals (one event a line, `expect` with `all`, `none`,
`to`, `silent`); each is played in-process through `bot.replay.replay` on a fresh data directory
with the embedded default, and every expectation must hold. A failure prints what was said and
what the bot answered, the way `score.py -v` does.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.replay import replay
from core.settings import Settings

HERE = Path(__file__).parent / "scenarios"
SCENARIOS = sorted(HERE.rglob("*.jsonl"))


def misses(events: list[dict], outputs: list[dict]) -> list[str]:
    """Every expectation that failed, described."""
    found = []
    for event, out in zip(events, outputs, strict=True):
        want = event.get("expect") or {}
        if event.get("tick"):
            heard = [m["text"] for m in out["sent"] if want.get("to") in (None, m["user"])]
        else:
            heard = out["replies"]
        said = "\n".join(heard).lower()
        failed = [f"one of {group}" for group in want.get("all", [])
                  if not any(alt.lower() in said for alt in group)]
        failed += [f"not {bad!r}" for bad in want.get("none", []) if bad.lower() in said]
        if want.get("silent") and said.strip():
            failed.append("silent")
        found += [f"{what}\n  said: {event.get('text', 'tick')!r}\n  got:  {heard!r}" for what in failed]
    return found


@pytest.mark.skipif(not SCENARIOS, reason="no scenarios in tests/scenarios yet")
@pytest.mark.parametrize("path", SCENARIOS, ids=[str(p.relative_to(HERE)) for p in SCENARIOS])
async def test_scenario(path: Path, tmp_path: Path):
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = io.StringIO()
    await replay(path, Settings(_env_file=None, MEMORO_DATA_DIR=str(tmp_path)), out=out)
    outputs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(outputs) == len(events)
    failed = misses(events, outputs)
    assert not failed, "\n".join(failed)
