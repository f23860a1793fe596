"""Platform-neutral messages: what every adapter turns its updates into, and back.

Adapters (console, replay, Telegram, Discord) only translate between a platform object and
these two types; nothing past an adapter sees a platform type.

A reply may carry choices (`Button`s): the adapter shows them as buttons (Telegram inline
keyboard, Discord components) or numbered (console, replay), and turns a press into an
incoming message whose text is `press_text(token)`; see core/choices.py.
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


class Button(BaseModel):
    """One choice under a reply: what it says, and the token a press sends back."""

    token: str
    label: str


def press_text(token: str) -> str:
    """The text of an incoming message that presses the button with `token`."""
    return f"/choose {token}"


class OutgoingMessage(BaseModel):
    """One reply or proactive message for an owner."""

    owner: str
    text: str
    platform: str = ""
    chat_id: str = ""
    attachment: Attachment | None = None
    choices: list[Button] = Field(default_factory=list, description="buttons under the text")
