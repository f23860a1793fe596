"""Logging set-up for every `memoro` command: readable lines, or JSON with MEMORO_LOG_FORMAT=json,
and secrets that never reach a log line.

Each record carries the owner key and the request id that `Engine.handle` puts in context
variables (core/logctx.py), so one message can be followed through the log of a bot serving
many people. Message bodies and tokens are never logged at INFO; the engine logs a message's
id and length, not its text.

python-telegram-bot puts the token in every request URL, and httpx logs those URLs at INFO;
discord.py's errors can carry the token too. `Redactor` is a filter on the root logger's
handlers (a filter on a logger would miss records its children propagate) that replaces each
secret in the formatted message and in the exception text with `[redacted]`.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from urllib.parse import quote

from core import logctx

MASK = "[redacted]"
TEXT = "%(asctime)s %(levelname)s %(name)s [%(owner)s %(request_id)s]: %(message)s"
NOISY = ("httpx", "httpx2", "httpcore", "chromadb", "sentence_transformers", "transformers", "apscheduler",
         "telegram", "discord.http", "discord.gateway")


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
        elif record.exc_text:  # already formatted (and redacted) by `Redactor`
            data["exception"] = record.exc_text
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


MASK = "[redacted]"


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK).replace(quote(secret, safe=""), MASK)
    return text


class Redactor(logging.Filter):
    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage(), self.secrets), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self.secrets)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def protect(secrets: list[str], handlers: list[logging.Handler] | None = None) -> Redactor:
    """Redact `secrets` from everything the root logger's handlers (or `handlers`) write, and keep
    the libraries that log request URLs at WARNING."""
    redactor = Redactor(secrets)
    for handler in handlers if handlers is not None else logging.getLogger().handlers:
        handler.addFilter(redactor)
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.WARNING)
    return redactor
