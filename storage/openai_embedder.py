"""Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (`MEMORO_EMBEDDER=openai`).

Same interface as the MiniLM embedders (`name`, `embed(texts)`, `warm_up()`). The name,
`openai:MODEL`, is recorded on each Chroma collection, so vectors of two models are never
mixed: switching models is refused until `memoro reindex` rebuilds the index. The client is
the synchronous one because `ChromaIndex` calls `embed` in a worker thread. Any failure
(network, timeout, 429, 5xx, a malformed answer) raises `EmbeddingUnavailable`: search then
uses full text alone and the notes wait in the outbox until the endpoint answers again.
"""

from __future__ import annotations

import logging

import openai

from core.errors import EmbeddingUnavailable
from core.settings import Settings

logger = logging.getLogger(__name__)
BATCH = 256  # texts per request: well under every provider's input limit


class OpenAIEmbedder:
    def __init__(self, *, client: openai.OpenAI, model: str) -> None:
        self.client = client
        self.model = model
        self.name = f"openai:{model}"

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIEmbedder:
        key = settings.llm_api_key or settings.openai_api_key
        client = openai.OpenAI(base_url=settings.embeddings_base_url or settings.llm_base_url or None,
                               api_key=key.get_secret_value() if key else "not-needed",
                               timeout=settings.llm_timeout, max_retries=settings.llm_max_retries)
        return cls(client=client, model=settings.embeddings_model)

    def warm_up(self) -> None:
        """Nothing to load: the model lives behind the endpoint."""

    def embed(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            chunk = texts[start:start + BATCH]
            try:
                resp = self.client.embeddings.create(model=self.model, input=chunk)
            except openai.OpenAIError as err:
                raise EmbeddingUnavailable(f"embeddings endpoint failed ({type(err).__name__})") from err
            vectors = [d.embedding for d in sorted(resp.data, key=lambda d: d.index)]
            if len(vectors) != len(chunk) or not all(isinstance(v, list) and v for v in vectors):
                raise EmbeddingUnavailable(
                    f"embeddings endpoint returned {len(vectors)} vectors for {len(chunk)} texts")
            out += vectors
        return out
