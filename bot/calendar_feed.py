"""The calendar feed: a read-only HTTP endpoint that calendar apps subscribe to, served by
`memoro run` when MEMORO_CALENDAR_PORT is set (off otherwise).

`GET /calendar/<token>.ics` answers the calendar of the owner whose secret token it is
(`/calendar` in a chat makes one), built afresh from SQLite on every request by `core.ical`;
any other token gets a plain 404, the same answer as a path that does not exist, so a guess
learns nothing. The token is the whole credential, so the URL names no owner, and the
request path is never logged (aiohttp's access log is off): log lines name the owner only.
Only GET and HEAD are served. It shares the bot's store and event loop; behind a public
HTTPS reverse proxy, MEMORO_CALENDAR_URL is the address people subscribe to.
"""

from __future__ import annotations

import logging
import re
import socket

from aiohttp import web

from core import ical
from core.clock import Clock, SystemClock
from core.errors import ConfigError

logger = logging.getLogger(__name__)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,100}")


class CalendarFeed:
    """`async with CalendarFeed(store, port=8080) as feed:` serves until the block ends."""

    def __init__(self, store, *, port: int, listen: str = "0.0.0.0", public_url: str | None = None,
                 clock: Clock | None = None):
        self.store = store
        self.port = port
        self.listen = listen
        self.public_url = public_url
        self.clock = clock or SystemClock()
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/calendar/{token}.ics", self.serve)
        return app

    async def serve(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        owner = await self.store.calendar_owner(token) if _TOKEN.fullmatch(token) else None
        if owner is None:
            logger.info("calendar feed: unknown token refused")
            return web.Response(status=404, text="Not found\n")
        body = await ical.ics(self.store, owner, self.clock.now())
        logger.info("calendar feed served for %s (%d bytes)", owner, len(body))
        return web.Response(body=body, content_type="text/calendar", charset="utf-8",
                            headers={"Cache-Control": "private, max-age=300",
                                     "Content-Disposition": 'inline; filename="memoro.ics"'})

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None)  # paths hold tokens: never log them
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.listen, self.port)
        try:
            await site.start()
        except OSError as err:
            await self.stop()
            raise ConfigError(f"MEMORO_CALENDAR_PORT={self.port}: can't listen on {self.listen}:{self.port} "
                              f"({err.strerror}); choose another port or unset it.") from err
        if self.port == 0:  # an ephemeral port (tests): the one the system gave
            self.port = self._runner.addresses[0][1]
        logger.info("calendar feed listening on %s:%d", self.listen, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "CalendarFeed":
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Where people subscribe: MEMORO_CALENDAR_URL, or this machine's own address."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = self.listen if self.listen not in ("0.0.0.0", "::", "") else socket.gethostname()
        return f"http://{host}:{self.port}"


def from_settings(settings, store) -> CalendarFeed | None:
    """The feed MEMORO_CALENDAR_PORT asks for, or None when it is not set."""
    if settings.calendar_port is None:
        return None
    return CalendarFeed(store, port=settings.calendar_port, listen=settings.calendar_listen,
                        public_url=settings.calendar_url)
