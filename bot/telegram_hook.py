"""The Telegram webhook endpoint: a small tornado server that checks before it reads.

    POST <path> --secret header checked (403)--> body read up to MAX_UPDATE_BYTES (413)
        --JSON update or 400--> accept(update): stored in the message log --> 200

The secret-token header is compared (in constant time) as soon as the headers arrive, before a
byte of the body is read: a wrong or missing secret closes the request unread. The body is
capped (a Telegram update is a few KB; 1 MB is generous). A body that is not a JSON update
(malformed, binary, a list) is answered 400, never 500. Telegram is answered 200 only once
the update is stored, so an update whose storing failed (500) is sent again by Telegram.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable

import tornado.httpserver
import tornado.web

logger = logging.getLogger(__name__)
MAX_UPDATE_BYTES = 1_000_000
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class BadUpdate(ValueError):
    """The body is not a Telegram update."""


def parse(body: bytes) -> dict:
    """The update a webhook body holds, or BadUpdate."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadUpdate("not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise BadUpdate("not an update")
    return data


@tornado.web.stream_request_body
class _Hook(tornado.web.RequestHandler):
    def initialize(self, secret: str, accept: Callable[[dict], Awaitable[None]]):
        self.secret, self.accept = secret, accept
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self):
        if self.request.method != "POST":
            return self._answer(405, "POST only")
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            logger.warning("webhook: a request without the right secret token was refused")
            return self._answer(403, "wrong secret token")
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_UPDATE_BYTES):
            return self._answer(413, "too large")
        self.request.connection.set_max_body_size(MAX_UPDATE_BYTES)
        return None

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_UPDATE_BYTES:  # chunked bodies carry no Content-Length
            self._answer(413, "too large")
        elif not self._finished:
            self.chunks.append(chunk)

    async def post(self):
        if self._finished:
            return
        try:
            update = parse(b"".join(self.chunks))
        except BadUpdate as err:
            logger.warning("webhook: refused a body that is %s", err)
            return self._answer(400, str(err))
        try:
            await self.accept(update)  # another error is a 500: Telegram sends the update again
        except BadUpdate as err:
            logger.warning("webhook: refused a body that is %s", err)
            return self._answer(400, str(err))
        self._answer(200, "ok")

    def _answer(self, status: int, text: str) -> None:
        if not self._finished:
            self.set_status(status)
            self.finish(text)


class WebhookServer:
    """`await start()` listens on (listen, port) at `path`; `await stop()` closes it."""

    def __init__(self, *, path: str, secret: str, accept: Callable[[dict], Awaitable[None]],
                 listen: str, port: int):
        app = tornado.web.Application([(f"/{path.strip('/')}", _Hook, {"secret": secret, "accept": accept})])
        self.http = tornado.httpserver.HTTPServer(app, max_body_size=MAX_UPDATE_BYTES)
        self.listen, self.port = listen, port

    async def start(self) -> None:
        self.http.listen(self.port, self.listen)

    async def stop(self) -> None:
        self.http.stop()
        await self.http.close_all_connections()
