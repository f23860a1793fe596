"""Shared test fixtures: real SQLite and real Chroma in temporary directories, one MiniLM
model per test session, an injected clock, and no network beyond loopback."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from datetime import datetime
from pathlib import Path

import pytest

from core.clock import FixedClock
from core.engine import Engine
from core.messages import IncomingMessage
from storage.factory import open_store_url
from storage.sqlite import SqliteStore
from tests.pg_server import postgres_url_or_skip

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            ok = ipaddress.ip_address(host).is_loopback
        except ValueError:
            ok = host == "localhost"
        if not ok:
            pytest.fail(f"network access disallowed in tests: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Network access fails loudly; loopback peers (fake servers) are allowed."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(scope="session")
def embedder():
    from storage.embedder import MiniLMEmbedder

    return MiniLMEmbedder()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def make_message(text: str = "hi", **overrides) -> IncomingMessage:
    fields = {"owner": "test:u1", "text": text, "at": at("2026-03-02T10:00:00+01:00"), "platform": "test",
              "chat_id": "u1"}
    fields.update(overrides)
    return IncomingMessage(**fields)


class Harness:
    """Drives a real engine the way a user would: `say(text, at)` returns the reply text."""

    def __init__(self, engine: Engine, store: SqliteStore, clock: FixedClock, owner: str = "test:u1"):
        self.engine, self.store, self.clock, self.owner = engine, store, clock, owner

    async def say(self, text: str, when: str | None = None, owner: str | None = None) -> str:
        if when:
            self.clock.set(at(when))
        replies = await self.engine.handle(make_message(text, owner=owner or self.owner, at=self.clock.now()))
        return "\n".join(r.text for r in replies)

    async def tick(self, when: str) -> list:
        self.clock.set(at(when))
        return await self.engine.tick(self.clock.now())


@pytest.fixture
async def store(tmp_path: Path):
    s = await SqliteStore.open(tmp_path / "memoro.sqlite3")
    yield s
    await s.close()


@pytest.fixture
def index(tmp_path: Path, embedder):
    from storage.vectors import ChromaIndex

    return ChromaIndex(embedder, path=tmp_path / "chroma")


@pytest.fixture
async def bot(store, index) -> Harness:
    """A real engine on real SQLite and real Chroma in a temporary directory."""
    clock = FixedClock(at("2026-03-02T10:00:00+01:00"))
    return Harness(Engine(store=store, index=index, clock=clock), store, clock)


@pytest.fixture
async def bot_no_vectors(store) -> Harness:
    """The engine without a vector index: for tests that never search notes (faster)."""
    clock = FixedClock(at("2026-03-02T10:00:00+01:00"))
    return Harness(Engine(store=store, index=None, clock=clock), store, clock)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path) -> str:
    """One database that several stores open (as several workers do): a SQLite file or a PostgreSQL one."""
    return str(tmp_path / "m.sqlite3") if request.param == "sqlite" else postgres_url_or_skip()


@contextlib.asynccontextmanager
async def two_stores(url: str):
    """Two stores on the database at `url`, as two processes open it."""
    async with await open_store_url(url) as a, await open_store_url(url) as b:
        yield a, b
