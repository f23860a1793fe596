"""Process wiring: build the store, vector index, understander (rules or LLM) and engine from settings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import AsyncIterator

from core.clock import Clock
from core.engine import Engine
from core.settings import Settings
from core.voice import Transcriber
from storage.factory import open_store

logger = logging.getLogger(__name__)


def make_index(settings: Settings):
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from storage.vectors import ChromaIndex

    if settings.embedder == "openai":  # any OpenAI-compatible /v1/embeddings endpoint
        from storage.openai_embedder import OpenAIEmbedder

        embedder = OpenAIEmbedder.from_settings(settings)
    elif settings.embedder == "torch":
        from storage.embedder import MiniLMEmbedder

        embedder = MiniLMEmbedder()
    else:  # the same MiniLM vectors on ONNX Runtime: faster cold start, less memory
        from storage.onnx_embedder import OnnxMiniLMEmbedder

        embedder = OnnxMiniLMEmbedder()
    if settings.chroma_url:
        return ChromaIndex(embedder, url=settings.chroma_url)
    return ChromaIndex(embedder, path=settings.chroma_path)


class LazyIndex:
    """The vector index, built on first use: opening Chroma costs seconds (its import, the
    persistent client), and a bot that restarts should be answering by then. `await ready()`
    builds it off the event loop (the background indexer does, right after start-up); an
    earlier use (a question in the first seconds) builds it on the spot."""

    def __init__(self, build):
        self._build, self._index, self._lock = build, None, threading.Lock()

    def get(self):
        with self._lock:
            if self._index is None:
                self._index = self._build()
        return self._index

    async def ready(self):
        return await asyncio.to_thread(self.get)

    def __getattr__(self, name):
        return getattr(self.get(), name)


def llm_configured(settings: Settings) -> bool:
    return bool(settings.llm_model and (settings.llm_base_url or settings.llm_api_key or settings.openai_api_key))


def make_understander(settings: Settings):
    """(understander, composer): the rules alone, or an LLM with the rules as its fallback and
    an LLM composer for open questions. Prompts are checked here, at start-up."""
    from core.understand.rules import RuleUnderstander

    rules = RuleUnderstander()
    if not llm_configured(settings):
        if settings.llm_model:
            logger.warning("MEMORO_LLM_MODEL is set but neither MEMORO_LLM_BASE_URL nor an API key is; "
                           "using the rules")
        return rules, None
    from core.llm.answerer import LLMAnswerer
    from core.llm.client import LLMClient
    from core.llm.understander import LLMUnderstander

    llm = LLMClient.from_settings(settings)
    return (LLMUnderstander.from_settings(settings, fallback=rules, llm=llm),
            LLMAnswerer.from_settings(settings, llm=llm))


@contextlib.asynccontextmanager
async def engine_from(settings: Settings, *, clock: Clock | None = None) -> AsyncIterator[Engine]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    understander, composer = make_understander(settings)  # a bad prompt stops start-up here
    store = await open_store(settings)
    transcriber = Transcriber.from_settings(settings)  # voice notes, when an STT server is set
    try:
        engine = Engine(store=store, index=LazyIndex(lambda: make_index(settings)), understander=understander, composer=composer,
                        clock=clock, default_tz=settings.default_tz, max_chars=settings.max_message_chars,
                        character=settings.character, transcriber=transcriber)
        yield engine
    finally:
        await store.close()
        if transcriber is not None:
            await transcriber.aclose()
        if llm := getattr(understander, "llm", None):
            await llm.aclose()
