"""Buttons where there are none: numbered in the console, `"press"` in `memoro replay`."""

from __future__ import annotations

import io
import json

import pytest

from bot.console import chat
from bot.replay import ScenarioError, load, replay
from core.settings import Settings
from tests.conftest import Harness


async def test_console_numbers_the_buttons_and_a_bare_number_presses_one(bot_no_vectors: Harness):
    b = bot_no_vectors
    out = io.StringIO()
    lines = "Ines Duarte lives in Braga\n/forget ines\n1\n/people\n"
    await chat(b.engine, user="me", stdin=io.StringIO(lines), stdout=out)
    text = out.getvalue()
    assert "[1] Undo" in text and "[1] Yes  [2] No" in text
    assert "forgotten Ines Duarte" in text and "No one yet" in text


async def test_console_a_number_with_no_buttons_is_ordinary_text(bot_no_vectors: Harness):
    out = io.StringIO()
    await chat(bot_no_vectors.engine, user="me", stdin=io.StringIO("/people\n1\n"), stdout=out)
    assert "Undone" not in out.getvalue() and "choice" not in out.getvalue()


def _scenario(tmp_path, events: list[dict]):
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in events), encoding="utf-8")
    return path


async def test_replay_presses_by_label_and_number_and_text_1_stays_text(tmp_path):
    at = "2026-04-01T09:00:00+02:00"
    path = _scenario(tmp_path, [
        {"at": at, "user": "u", "text": "Ines Duarte lives in Braga"},
        {"at": at, "user": "u", "text": "/forget ines"},
        {"at": at, "user": "u", "text": "1"},
        {"at": at, "user": "u", "text": "/forget ines"},
        {"at": at, "user": "u", "press": "no"},
        {"at": at, "user": "u", "text": "/forget ines"},
        {"at": at, "user": "u", "press": 1},
        {"at": at, "user": "u", "press": "Yes"},
        {"at": at, "user": "u", "press": "Maybe"},
    ])
    out = io.StringIO()
    await replay(path, Settings(_env_file=None, MEMORO_DATA_DIR=str(tmp_path / "data")), out=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[0]["choices"] == ["Undo"] and rows[1]["choices"] == ["Yes", "No"]
    assert "forgotten" not in rows[2]["replies"][0] and "kept" not in rows[2]["replies"][0]
    assert rows[4]["text"] == "[No]" and rows[4]["press"] == "no" and "kept Ines" in rows[4]["replies"][0]
    assert "forgotten Ines" in rows[6]["replies"][0]
    assert "Already done" in rows[7]["replies"][0]
    assert "isn't one of yours" in rows[8]["replies"][0]


def test_replay_checks_press(tmp_path):
    path = _scenario(tmp_path, [{"at": "2026-04-01T09:00:00+02:00", "user": "u", "press": ["x"]}])
    with pytest.raises(ScenarioError, match="press"):
        load(path)
