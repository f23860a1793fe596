"""`MEMORO_EMBEDDER=openai` (or `MEMORO_EMBEDDINGS=openai`): vectors from an OpenAI-compatible
/v1/embeddings endpoint, here the fake server on 127.0.0.1, through the real `openai` client."""

from __future__ import annotations

import pytest

from bot.wiring import make_index
from core.clock import FixedClock
from core.engine import Engine
from core.errors import ConfigError
from core.settings import Settings
from storage.vectors import ChromaIndex, collection_name
from tests.conftest import Harness, at
from tests.fake_openai import FakeOpenAI


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def embed_settings(url: str, data_dir, model: str = "fake-embed") -> Settings:
    return Settings(_env_file=None, MEMORO_EMBEDDINGS="openai", MEMORO_LLM_BASE_URL=url, MEMORO_EMBEDDINGS_MODEL=model,
                    MEMORO_DATA_DIR=str(data_dir), MEMORO_LLM_MAX_RETRIES=0)


def harness(store, index) -> Harness:
    clock = FixedClock(at("2026-03-02T10:00:00+01:00"))
    return Harness(Engine(store=store, index=index, clock=clock), store, clock)


async def test_notes_are_embedded_by_the_endpoint_and_searched(fake, store, tmp_path):
    index = make_index(embed_settings(fake.url, tmp_path))
    assert index.embedder.name == "openai:fake-embed"
    bot = harness(store, index)
    await bot.say("Lena Park runs marathons")
    await bot.say("Tom Beck plays the cello")
    reply = await bot.say("who do I know that runs marathons?")
    assert "Lena Park" in reply and "Tom Beck" not in reply
    sent = [t for batch in fake.embedding_inputs for t in batch]
    assert any("runs marathons" in t for t in sent) and any("cello" in t for t in sent)
    col = index.client.get_collection(collection_name("test:u1"))
    assert col.metadata["embedder"] == "openai:fake-embed" and col.count() == 2


async def test_another_embedding_model_needs_a_reindex(fake, store, tmp_path):
    bot = harness(store, make_index(embed_settings(fake.url, tmp_path, "model-a")))
    await bot.say("Lena Park runs marathons")
    assert "Lena Park" in await bot.say("who runs marathons?")
    other = make_index(embed_settings(fake.url, tmp_path, "model-b"))
    with pytest.raises(ConfigError, match=r"built with openai:model-a, not openai:model-b: run `memoro reindex`"):
        await other.query("test:u1", "marathons")
    rebuilt = ChromaIndex(other.embedder, path=tmp_path / "chroma")
    bot = harness(store, rebuilt)
    assert await bot.engine.indexer.rebuild() == 1
    [(_, score)] = await rebuilt.query("test:u1", "marathons")
    assert score > 0.3  # the same words, embedded by model-b now


async def test_endpoint_down_search_uses_full_text_and_notes_wait(fake, store, tmp_path):
    fake.embeddings_fail = 500
    bot = harness(store, make_index(embed_settings(fake.url, tmp_path)))
    assert (await bot.say("Lena Park runs marathons")).startswith("Saved: Lena Park")
    reply = await bot.say("who runs marathons?")
    assert "Lena Park" in reply  # BM25 alone
    assert len(await store.outbox(100)) == 1  # the note waits for its vector
    fake.embeddings_fail = None
    assert await bot.engine.index_pending() == 1
    assert await store.outbox(100) == []
