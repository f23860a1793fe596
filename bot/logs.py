"""Logging set-up for the long-running bot: secrets never reach a log line.

python-telegram-bot puts the token in every request URL, and httpx logs those URLs at INFO;
discord.py's errors can carry the token too. `Redactor` is a filter on the root logger's
handlers (a filter on a logger would miss records its children propagate) that replaces each
secret in the formatted message and in the exception text with `[redacted]`.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

MASK = "[redacted]"
NOISY = ("httpx", "httpcore", "chromadb", "sentence_transformers", "transformers", "apscheduler",
         "discord.http", "discord.gateway")


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
