"""A scripted OpenAI-compatible speech-to-text server on 127.0.0.1 for the real `openai` client.

It implements `POST /v1/audio/transcriptions` (multipart form: `file`, `model`) and nothing else.
It reads the audio it is sent: a WAV file is opened with the standard library's `wave` module and
its duration measured, so a test can check that real audio arrived whole. What it answers is
decided by `transcripts` (audio bytes' SHA-256 -> text) or by the `respond` callable; `status`
makes it fail with that HTTP code, `delay` makes it slow. Every request is kept in `requests`
(model, file name, content type, size, WAV duration). Runs in a thread (stdlib `http.server`).
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


@dataclass
class Upload:
    model: str
    filename: str
    content_type: str
    data: bytes
    seconds: float | None  # a WAV file's duration, None for other audio


def wav_tone(seconds: float = 0.5, rate: int = 8000, hz: int = 440) -> bytes:
    """A short mono 16-bit WAV: a square wave of `hz` (real audio, made with `wave`)."""
    import struct

    frames = b"".join(struct.pack("<h", 6000 if (i * hz * 2 // rate) % 2 else -6000) for i in range(int(seconds * rate)))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return out.getvalue()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FakeSTT:
    """Use as a context manager; `url` is the base URL to give the client."""

    def __init__(self) -> None:
        self.transcripts: dict[str, str] = {}
        self.respond: Callable[[Upload], str] | None = None
        self.status: int | None = None
        self.body: str | None = None  # a raw 200 body instead of a transcription
        self.delay = 0.0
        self.requests: list[Upload] = []
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def says(self, audio: bytes, text: str) -> FakeSTT:
        """Answer `text` for exactly this audio."""
        self.transcripts[digest(audio)] = text
        return self

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if self.path.rstrip("/") != "/v1/audio/transcriptions":
                    return self._send(404, {"error": {"message": "not found"}})
                upload = _multipart(self.headers.get("content-type", ""), body)
                if upload is None:
                    return self._send(400, {"error": {"message": "expected multipart/form-data with a file"}})
                fake.requests.append(upload)
                if fake.delay and fake._stop.wait(fake.delay):
                    return
                if fake.status:
                    return self._send(fake.status, {"error": {"message": f"fake {fake.status}", "type": "server_error"}})
                if fake.body is not None:
                    return self._raw(fake.body)
                text = fake.transcripts.get(digest(upload.data))
                if text is None and fake.respond is not None:
                    text = fake.respond(upload)
                if text is None:
                    return self._send(400, {"error": {"message": "unknown audio"}})
                self._send(200, {"text": text})

            def _send(self, status: int, payload: dict) -> None:
                self._raw(json.dumps(payload), status)

            def _raw(self, body: str, status: int = 200) -> None:
                data = body.encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

        return Handler


def _multipart(content_type: str, body: bytes) -> Upload | None:
    if not content_type.startswith("multipart/form-data"):
        return None
    msg = BytesParser(policy=HTTP).parsebytes(b"content-type: " + content_type.encode() + b"\r\n\r\n" + body)
    fields, file = {}, None
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if part.get_filename():
            file = part
        elif name:
            fields[name] = part.get_content().strip() if isinstance(part.get_content(), str) else \
                part.get_payload(decode=True).decode()
    if file is None:
        return None
    data = file.get_payload(decode=True)
    seconds = None
    try:
        with wave.open(io.BytesIO(data)) as w:
            seconds = w.getnframes() / w.getframerate()
    except (wave.Error, EOFError):
        pass
    return Upload(fields.get("model", ""), file.get_filename(), file.get_content_type(), data, seconds)
