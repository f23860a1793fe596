"""Process wiring: build the store, vector index, understander and engine from settings."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator

from core.clock import Clock
from core.engine import Engine
from core.settings import Settings
from storage.sqlite import SqliteStore

logger = logging.getLogger(__name__)


def make_index(settings: Settings):
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    from storage.vectors import ChromaIndex

    if settings.embedder == "torch":
        from storage.embedder import MiniLMEmbedder

        embedder = MiniLMEmbedder()
    else:  # the same MiniLM vectors on ONNX Runtime: faster cold start, less memory
        from storage.onnx_embedder import OnnxMiniLMEmbedder

        embedder = OnnxMiniLMEmbedder()
    if settings.chroma_url:
        return ChromaIndex(embedder, url=settings.chroma_url)
    return ChromaIndex(embedder, path=settings.chroma_path)


def make_understander(settings: Settings):
    from core.understand.rules import RuleUnderstander

    rules = RuleUnderstander()
    if settings.llm_model and (settings.llm_base_url or settings.llm_api_key or settings.openai_api_key):
        try:
            from core.llm.understander import LLMUnderstander
        except ImportError:  # the LLM module is optional
            return rules
        return LLMUnderstander.from_settings(settings, fallback=rules)
    return rules


@contextlib.asynccontextmanager
async def engine_from(settings: Settings, *, clock: Clock | None = None) -> AsyncIterator[Engine]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = await SqliteStore.open(settings.db_path)
    try:
        engine = Engine(store=store, index=make_index(settings), understander=make_understander(settings),
                        clock=clock, default_tz=settings.default_tz, max_chars=settings.max_message_chars,
                        character=settings.character)
        yield engine
    finally:
        await store.close()
