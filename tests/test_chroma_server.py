"""Chroma client/server mode (MEMORO_CHROMA_URL) against a real `chroma run` server process on
127.0.0.1, started by the test: the index, the engine's hybrid search, wiring and the doctor."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.doctor import doctor
from bot.wiring import make_index
from core.clock import FixedClock
from core.engine import Engine
from core.settings import Settings
from storage.sqlite import SqliteStore
from storage.vectors import ChromaIndex
from tests.conftest import Harness, at

CHROMA = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    if CHROMA is None:
        pytest.skip("the `chroma` command (installed with chromadb) is not on this machine")
    port, path = free_port(), tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([CHROMA, "run", "--path", str(path), "--port", str(port), "--host", "127.0.0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # wait until it answers (a readiness wait, not a timed assertion)
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited: {proc.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("chroma run did not answer its heartbeat")
        yield url
    finally:
        proc.terminate()
        try:  # a server that just took thousands of writes can spend most of a minute persisting them
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()  # a throw-away directory: nothing to keep
            proc.wait(timeout=30)


async def test_index_in_server_mode_keeps_owners_apart(chroma_url, embedder):
    index = ChromaIndex(embedder, url=chroma_url)
    await index.reset()
    await index.upsert([(1, "a:1", 10, "Sam climbs every Sunday"), (2, "a:1", 11, "Priya bakes sourdough"),
                        (3, "b:2", 12, "Omar climbs at the gym")])
    hits = await index.query("a:1", "who goes rock climbing?", k=5)
    assert hits[0][0] == 1 and {i for i, _ in hits} == {1, 2}  # never b:2's note 3
    assert [i for i, _ in await index.query("b:2", "climbing", k=5)] == [3]
    await index.delete([1], owner="a:1")
    assert [i for i, _ in await index.query("a:1", "climbing", k=5)] == [2]
    # a second client (another bot worker) sees the same server
    other = ChromaIndex(embedder, url=chroma_url)
    assert other.count() == 2


async def test_engine_answers_through_the_server(chroma_url, embedder, tmp_path):
    settings = Settings(MEMORO_DATA_DIR=str(tmp_path / "data"), MEMORO_CHROMA_URL=chroma_url, MEMORO_EMBEDDER="torch")
    index = make_index(settings)
    assert type(index.client).__name__ != "PersistentClient" and not (tmp_path / "data" / "chroma").exists()
    index.embedder = embedder  # the session's model, already loaded
    await index.reset()
    store = await SqliteStore.open(settings.db_path)
    try:
        clock = FixedClock(at("2026-03-02T10:00:00+01:00"))
        b = Harness(Engine(store=store, index=index, clock=clock), store, clock)
        await b.say("Lena Vogel just ran her first half marathon")
        await b.say("Kofi Mensah is learning to play the cello")
        assert "Lena Vogel" in await b.say("who do I know that runs?")
        assert index.count() == (await store._rows("SELECT count(*) FROM notes"))[0][0]
        out = io.StringIO()
        assert doctor(lambda: settings, out=out) == 0, out.getvalue()
        assert "notes indexed, agrees with SQLite" in out.getvalue()
    finally:
        await store.close()
