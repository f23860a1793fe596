"""Platform-neutral messages: what every adapter turns its updates into, and back.

Adapters (console, replay, Telegram, Discord) only translate between a platform object and
these two types; nothing past an adapter sees a platform type.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Attachment(BaseModel):
    """A file sent to or by the bot (an import file, an export)."""

    name: str
    data: bytes
    mime_type: str = "application/octet-stream"


class IncomingMessage(BaseModel):
    """One text from the person who owns an address book."""

    owner: str = Field(description="owner key, `platform:user_id`")
    text: str
    at: datetime = Field(description="time-zone aware time the message was sent")
    platform: str = "console"
    chat_id: str = ""
    message_id: str | None = None
    display_name: str | None = None
    attachment: Attachment | None = None


class OutgoingMessage(BaseModel):
    """One reply or proactive message for an owner."""

    owner: str
    text: str
    platform: str = ""
    chat_id: str = ""
    attachment: Attachment | None = None
