"""What can be checked of the container set-up without Docker: the compose file parses and
wires the data volume and the optional Chroma service; the Dockerfile copies everything the
package needs, installs torch's CPU build first, runs as a non-root user, and makes the ONNX
export at build time in the folder the code reads at run time."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


def test_compose_file():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"memoro", "chroma"} <= set(services)  # and the scale profile's (tests/test_workers.py)
    bot = services["memoro"]
    assert bot["command"] == ["memoro", "run"] and bot["build"] == "."
    assert "memoro-data:/data" in bot["volumes"] and bot["environment"]["MEMORO_DATA_DIR"] == "/data"
    assert "MEMORO_CHROMA_URL" in bot["environment"] and "profiles" not in bot
    chroma = services["chroma"]
    assert "chroma" in chroma["profiles"]
    # the server's version is the client's: chromadb's client/server protocol changes between versions
    assert chroma["image"] == f"chromadb/chroma:{importlib.metadata.version('chromadb')}"
    assert {"memoro-data", "chroma-data"} <= set(compose["volumes"])
    assert bot["depends_on"]["chroma"]["required"] is False


def test_dockerfile():
    steps = instructions()
    assert steps[0] == ("FROM", "python:3.11-slim")
    env = " ".join(a for i, a in steps if i == "ENV")
    assert "MEMORO_DATA_DIR=/data" in env and "HF_HUB_OFFLINE=1" in env
    cache = re.search(r"XDG_CACHE_HOME=(\S+)", env).group(1)
    runs = [a for i, a in steps if i == "RUN"]
    torch_pin = next(d for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
                     if d.startswith("torch"))
    cpu = next(n for n, r in enumerate(runs) if "download.pytorch.org/whl/cpu" in r)
    assert torch_pin in runs[cpu]
    deps = next(n for n, r in enumerate(runs) if "pip install -r /tmp/requirements.txt" in r)
    install = next(n for n, r in enumerate(runs) if re.search(r"pip install --no-deps -e \.(\s|$)", r))
    assert cpu < deps < install
    assert cpu < install and "python -m storage.onnx_embedder" in runs[install]
    assert f"chmod -R a+rX {cache}" in runs[install]
    users = [a for i, a in steps if i == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("VOLUME", '["/data"]') in steps
    assert any(i == "HEALTHCHECK" and "memoro" in a and "doctor" in a for i, a in steps)
    assert [a for i, a in steps if i == "CMD"][-1] == '["memoro", "run"]'


def test_image_holds_what_the_package_needs():
    """The image builds from the repository alone: the code and every data folder go in."""
    steps = instructions()
    assert ("COPY", ". .") in steps
    ignored = {i.strip("/") for i in (ROOT / ".dockerignore").read_text().split()}
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    needed = {p.split(".")[0] for p in packages} | {"character_cards", "pyproject.toml", "README.md", "prompts"}
    assert not needed & ignored, needed & ignored
    assert {".venv", "data", ".env", ".git"} <= ignored  # local environments, data and secrets stay out


def test_onnx_export_lands_where_the_code_reads_it(tmp_path):
    cache = tmp_path / "cache"
    code = "from storage.onnx_embedder import OnnxMiniLMEmbedder as E; print(E().onnx_path)"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         check=True)
    assert Path(run.stdout.strip()).parent == cache / "memoro"
