"""Logging set-up for every `memoro` command: readable lines, or JSON with MEMORO_LOG_FORMAT=json.

Each record carries the owner key and the request id that `Engine.handle` puts in context
variables (core/logctx.py), so one message can be followed through the log of a bot serving
many people. Message bodies and tokens are never logged at INFO; the engine logs a message's
id and length, not its text.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from core import logctx

TEXT = "%(asctime)s %(levelname)s %(name)s [%(owner)s %(request_id)s]: %(message)s"
NOISY = ("httpx", "chromadb", "sentence_transformers", "transformers", "apscheduler", "telegram", "discord")


class ContextFilter(logging.Filter):
    """Adds `owner` and `request_id` from the context variables to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.owner = logctx.owner_key.get()
        record.request_id = logctx.request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, owner, request_id."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "owner": getattr(record, "owner", "-"),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def setup(settings, stream=None) -> logging.Handler:
    """Send the root logger's records to `stream` (stderr) in the configured format."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(ContextFilter())
    json_format = settings.log_format.strip().lower() == "json"
    handler.setFormatter(JsonFormatter() if json_format else logging.Formatter(TEXT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, settings.log_level.upper(), logging.INFO))
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler
