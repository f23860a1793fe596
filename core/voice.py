"""Voice notes: transcribed by an OpenAI-compatible speech-to-text server, then handled like text.

    voice note (Telegram voice/audio, Discord audio attachment) --adapter--> Attachment(audio/ogg)
      --Engine--> Transcriber.transcribe (POST {MEMORO_STT_BASE_URL}/audio/transcriptions)
      --> the transcript goes through the same path as a typed message --> 'Heard: "..."' + reply

The server is any that speaks OpenAI's `audio.transcriptions` (OpenAI itself, a self-hosted
faster-whisper server such as speaches, whisper.cpp's server with `--inference-path
/v1/audio/transcriptions`, LocalAI), set by `MEMORO_STT_BASE_URL` and `MEMORO_STT_MODEL`
(`MEMORO_STT_API_KEY` if it wants one; `MEMORO_STT_TIMEOUT` seconds, default 60). With none
set, a voice note is answered with how to switch it on. A server that fails, refuses or is
slower than the timeout gets a plain answer; the message stays stored and the process runs on.
The audio itself is not kept; the reply, with the transcript, is stored like every reply.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from core.messages import Attachment
from core.records import Owner

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.settings import Settings

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.engine import Engine

if TYPE_CHECKING:  # the client library is imported only when voice notes are switched on (it takes ~1 s)
    import openai

logger = logging.getLogger(__name__)

AUDIO_SUFFIXES = {".ogg", ".oga", ".opus", ".mp3", ".m4a", ".wav", ".webm", ".flac", ".mpga", ".mpeg", ".aac"}
NOT_CONFIGURED = (
    "🎙️ I got your voice note, but voice notes aren't switched on here: I need a speech-to-text server. "
    "Whoever runs me can set MEMORO_STT_BASE_URL (any OpenAI-compatible transcription server, e.g. a "
    "self-hosted faster-whisper or whisper.cpp server, or https://api.openai.com/v1) and MEMORO_STT_MODEL "
    "(e.g. whisper-1), plus MEMORO_STT_API_KEY if it needs one, then restart me. Meanwhile, please type it.")


class TranscriptionFailed(Exception):
    """The server gave no transcript; `reason` says why in a few words (safe to log and show)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_audio(file: Attachment) -> bool:
    """A voice note or another audio file (by its type, or by its name's suffix)."""
    mime = (file.mime_type or "").lower()
    return mime.startswith("audio/") or PurePath(file.name.lower()).suffix in AUDIO_SUFFIXES


class Transcriber:
    """A model name and an `AsyncOpenAI` client; `transcribe` is the only call."""

    def __init__(self, *, client: "openai.AsyncOpenAI", model: str):
        self.client = client
        self.model = model

    @classmethod
    def from_settings(cls, settings: Settings) -> Transcriber | None:
        """The transcriber the settings ask for, or None when no STT server is configured."""
        if not (settings.stt_base_url and settings.stt_model):
            if settings.stt_base_url or settings.stt_model:
                logger.warning("voice notes need both MEMORO_STT_BASE_URL and MEMORO_STT_MODEL; they stay off")
            return None
        import openai

        key = (settings.stt_api_key.get_secret_value() if settings.stt_api_key else "") or "not-needed"
        client = openai.AsyncOpenAI(base_url=settings.stt_base_url, api_key=key, timeout=settings.stt_timeout,
                                    max_retries=settings.stt_max_retries)
        return cls(client=client, model=settings.stt_model)

    async def transcribe(self, file: Attachment) -> str:
        import openai

        try:
            result = await self.client.audio.transcriptions.create(
                model=self.model, file=(file.name, file.data, file.mime_type or "application/octet-stream"))
        except openai.APITimeoutError:
            raise TranscriptionFailed("the transcription server took too long") from None
        except openai.APIConnectionError:
            raise TranscriptionFailed("the transcription server can't be reached") from None
        except openai.APIStatusError as err:
            raise TranscriptionFailed(f"the transcription server answered {err.status_code}") from None
        except (openai.OpenAIError, ValueError) as err:  # a body that is not a transcription
            raise TranscriptionFailed(f"the transcription server's answer was unreadable ({type(err).__name__})") \
                from None
        text = getattr(result, "text", result if isinstance(result, str) else "")
        return " ".join(str(text or "").split())

    async def aclose(self) -> None:
        await self.client.close()


async def handle(engine: Engine, owner: Owner, file: Attachment, now: datetime, source: int | None,
                 sender: str | None) -> str | tuple[str, Attachment]:
    """The reply to a voice note: what was heard, then the reply to it as text (a tuple with a
    file when the words were /export)."""
    transcriber = getattr(engine, "transcriber", None)
    if transcriber is None:
        return NOT_CONFIGURED
    try:
        heard = await transcriber.transcribe(file)
    except TranscriptionFailed as err:
        logger.warning("voice note %s of %s not transcribed: %s", source, owner.key, err.reason)
        return f"🎙️ I couldn't transcribe that voice note: {err.reason}. Please try again in a bit, or type it."
    if not heard:
        return "🎙️ I couldn't make out any words in that voice note. Please try again, or type it."
    logger.info("voice note %s transcribed (%d chars)", source, len(heard))
    reply = await engine._respond(owner, heard, now, source, sender)
    if isinstance(reply, tuple):
        return f'🎙️ Heard: "{heard}"\n{reply[0]}', reply[1]
    return f'🎙️ Heard: "{heard}"\n{reply}'
