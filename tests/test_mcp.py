"""`memoro mcp` as an assistant reaches it: a real `memoro mcp` process on stdio, driven by the
official SDK's own client; every tool called, writes only when allowed, and another owner's
address book out of reach."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from core.clock import FixedClock
from core.engine import Engine
from storage.sqlite import SqliteStore
from tests.conftest import Harness, at
from tests.test_run import _env

ALICE, OTHER = "console:alice", "telegram:2"
NOW = "2026-03-01T10:00:00+01:00"


async def prepare(data: Path) -> None:
    store = await SqliteStore.open(data / "memoro.sqlite3")
    try:
        clock = FixedClock(at(NOW))
        b = Harness(Engine(store=store, clock=clock), store, clock, owner=ALICE)
        for text in ("Sam Lee lives in Lisbon. He plays tennis every Sunday.", "Sam's birthday is March 12",
                     "Maya Chen just adopted a greyhound called Biscuit", "remind me to check in with Maya every week"):
            await b.say(text, NOW)
        for text in ("Victor Hale collects antique clocks", "Victor's birthday is March 5"):
            await b.say(text, NOW, owner=OTHER)
    finally:
        await store.close()


def server(data: Path, *extra: str) -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=["-m", "bot.cli", "--data-dir", str(data), "mcp", *extra],
                                 env=_env(MEMORO_LOG_LEVEL="WARNING"), cwd=str(data))


def text(result) -> str:
    return "\n".join(c.text for c in result.content if getattr(c, "type", "") == "text")


@pytest.fixture
async def data(tmp_path: Path) -> Path:
    await prepare(tmp_path)
    return tmp_path


async def test_every_tool_answers_from_one_owners_book(data: Path):
    async with Client(server(data, "--owner", ALICE, "--allow-writes"), read_timeout_seconds=120) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert set(tools) == {"search_notes", "read_person", "upcoming_dates", "log_note"}
        assert tools["search_notes"].annotations.read_only_hint and not tools["log_note"].annotations.read_only_hint

        found = await client.call_tool("search_notes", {"query": "who has a dog?"})
        assert not found.is_error, text(found)
        notes = found.structured_content["notes"]
        assert notes[0]["person"] == "Maya Chen" and "greyhound" in notes[0]["text"] and notes[0]["date"] == "2026-03-01"

        person = await client.call_tool("read_person", {"name": "Sam"})
        assert "Lisbon" in text(person) and "Mar 12" in text(person)

        dates = text(await client.call_tool("upcoming_dates", {"days": 400}))
        assert "Sam Lee" in dates and "Maya Chen (every 7 days)" in dates

        logged = await client.call_tool("log_note", {"text": "Had coffee with Sam today, he is moving to Porto"})
        assert not logged.is_error and "Sam Lee" in text(logged)
        refused = await client.call_tool("log_note", {"text": "/forget Sam"})
        assert refused.is_error and "Commands" in text(refused)

        # another owner's address book is out of reach, whatever is asked
        assert "don't have anyone called Victor" in text(await client.call_tool("read_person", {"name": "Victor"}))
        clocks = (await client.call_tool("search_notes", {"query": "antique clocks Victor Hale"})).structured_content
        assert all("Victor" not in n["person"] + n["text"] for n in clocks["notes"])
        assert "Victor" not in text(await client.call_tool("upcoming_dates", {"days": 366}))

    store = await SqliteStore.open(data / "memoro.sqlite3")
    try:
        said = [r["text"] for r in await store._rows("SELECT text FROM messages WHERE owner = ? AND platform = 'mcp'",
                                                     (ALICE,))]
        assert said[0] == "Had coffee with Sam today, he is moving to Porto" and len(said) == 2  # note, reply
        assert [c.name for c in await store.contacts(OTHER)] == ["Victor Hale"]
    finally:
        await store.close()


async def test_read_only_by_default(data: Path):
    async with Client(server(data, "--owner", ALICE), read_timeout_seconds=120) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        assert names == {"search_notes", "read_person", "upcoming_dates"}
        result = await client.call_tool("log_note", {"text": "Sam moved to Porto"})
        assert result.is_error


async def test_an_unknown_owner_is_refused_before_serving(data: Path):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--data-dir", str(data), "mcp", "--owner", "console:nobody",
        env=_env(), stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2 and out == b""
    assert "no owner 'console:nobody'" in err.decode() and ALICE in err.decode()
