"""Who and which request a log line is about: context variables the engine sets per message
(`Engine.handle`) and the log formatter reads (`bot/logs.py`). Log records never carry the
message text at INFO; the owner key and a request id are enough to follow one message."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

owner_key: ContextVar[str] = ContextVar("memoro_owner", default="-")
request_id: ContextVar[str] = ContextVar("memoro_request", default="-")


def new_request_id() -> str:
    return uuid.uuid4().hex[:12]
