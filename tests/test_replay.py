"""`memoro replay` as the scorer runs it: a subprocess, a scenario file, JSON lines out."""

import json
import subprocess
import sys
from pathlib import Path

SCENARIO = [
    {"at": "2026-06-01T10:00:00-04:00", "user": "u1", "text": "/tz Asia/Tokyo"},
    {"at": "2026-06-02T09:00:00+09:00", "user": "u1", "text": "Haruto Sato's birthday is June 14."},
    {"at": "2026-06-02T09:01:00+09:00", "user": "u2", "text": "When is Haruto's birthday?"},
    {"at": "2026-06-14T08:50:00+09:00", "tick": True},
    {"at": "2026-06-14T09:05:00+09:00", "tick": True},
    {"at": "2026-06-14T15:05:00+09:00", "tick": True},
]


def test_replay_prints_one_line_per_event(tmp_path: Path):
    scenario = tmp_path / "s.jsonl"
    scenario.write_text("\n".join(json.dumps(e) for e in SCENARIO) + "\n")
    run = subprocess.run([sys.executable, "-m", "bot.cli", "replay", "--data-dir", str(tmp_path / "data"), str(scenario)],
                         capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(rows) == len(SCENARIO)
    assert "Asia/Tokyo" in rows[0]["replies"][0]
    assert "Haruto" in rows[1]["replies"][0]
    assert "Jun 14" not in rows[2]["replies"][0]  # u2 has their own, empty, address book
    assert rows[3] == {"at": SCENARIO[3]["at"], "tick": True, "sent": []}
    assert [m["user"] for m in rows[4]["sent"]] == ["u1"] and "Haruto" in rows[4]["sent"][0]["text"]
    assert rows[5]["sent"] == []


def test_help_is_readable():
    run = subprocess.run([sys.executable, "-m", "bot.cli", "--help"], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).parent.parent)
    assert run.returncode == 0 and "replay" in run.stdout and "reindex" in run.stdout and "chat" in run.stdout
