"""A fake Discord REST API (v10) on 127.0.0.1, for the real discord.py HTTP client.

Only the REST side is faked; there is no gateway. Tests log the real `discord.Client` in over
REST (GET /users/@me, GET /oauth2/applications/@me, PUT .../commands for the slash-command sync)
and then hand gateway event payloads (MESSAGE_CREATE, INTERACTION_CREATE, shaped as Discord
documents them) to the client's own parser, `client._connection.parse_<event>`: the code path
the gateway takes after a frame arrives. Replies are asserted where Discord would get them.
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

BOT_ID = 100
TOKEN = "MTAw.fake.discord-token-value"
APP_ID = 200


def user(uid: int, name: str = "jo", bot: bool = False) -> dict:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name.title(), "avatar": None,
            "bot": bot}


def message_create(mid: int, content: str, *, author: int = 555, channel: int = 9555, guild: int | None = None,
                   mentions: tuple[int, ...] = ()) -> dict:
    """A MESSAGE_CREATE gateway payload."""
    data = {"id": str(mid), "channel_id": str(channel), "author": user(author), "content": content,
            "timestamp": "2026-03-02T09:00:00.000000+00:00", "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [user(m, bot=m == BOT_ID) for m in mentions],
            "mention_roles": [], "attachments": [], "embeds": [], "pinned": False, "type": 0}
    if guild is not None:
        data["guild_id"] = str(guild)
    return data


def slash_command(iid: int, name: str, options: dict | None = None, *, author: int = 555) -> dict:
    """An INTERACTION_CREATE payload for a chat-input command used in a DM."""
    opts = [{"name": k, "type": 3, "value": v} for k, v in (options or {}).items()]
    return {"id": str(iid), "application_id": str(APP_ID), "type": 2, "token": f"tok{iid}", "version": 1,
            "channel_id": str(author + 9000), "user": user(author), "locale": "en-US",
            "attachment_size_limit": 10_485_760, "app_permissions": "0", "authorizing_integration_owners": {},
            "context": 1,
            "data": {"id": "1", "name": name, "type": 1, "options": opts}}


def button_press(iid: int, custom_id: str, *, author: int = 555, message_id: int = 10_001,
                 guild: int | None = None) -> dict:
    """An INTERACTION_CREATE payload for a press of a button (a component interaction) under the
    bot's message `message_id`, in the presser's DM (or in a server channel with `guild`)."""
    channel = author + 9000 if guild is None else 7000
    data = {"id": str(iid), "application_id": str(APP_ID), "type": 3, "token": f"tok{iid}", "version": 1,
            "channel_id": str(channel), "locale": "en-US", "attachment_size_limit": 10_485_760,
            "app_permissions": "0", "authorizing_integration_owners": {}, "context": 1 if guild is None else 0,
            "data": {"custom_id": custom_id, "component_type": 2},
            "message": message_create(message_id, "...", author=BOT_ID, channel=channel)}
    if guild is None:
        data["user"] = user(author)
    else:
        data.update(guild_id=str(guild), member={"user": user(author), "roles": [], "joined_at":
                    "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0, "permissions": "0"})
    return data


def _json(data, status: int = 200) -> web.Response:
    """Discord answers `Content-Type: application/json` exactly (discord.py parses only that)."""
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


class FakeDiscord:
    def __init__(self):
        self.messages: list[tuple[str, str]] = []  # (channel id, content)
        self.buttons: list[list[tuple[str, str]]] = []  # per message: (label, custom id) of its buttons
        self.responses: list[dict] = []  # interaction callbacks and follow-ups
        self.commands: list[dict] = []
        self.requests: list[tuple[str, str]] = []
        self.closed_dms: set[str] = set()  # user ids whose DMs refuse the bot
        self.uploads: dict[str, bytes] = {}  # name -> bytes served at /cdn/<name> (files users sent)
        self.files: list[tuple[str, str, bytes]] = []  # (channel id, file name, bytes) the bot sent
        self.token = TOKEN
        self.arrived = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/api/v10/{path:.*}", self.handle)
        app.router.add_get("/cdn/{name}", self.cdn)
        self.runner = web.AppRunner(app)
        self.base = ""

    async def start(self) -> FakeDiscord:
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/api/v10"
        return self

    async def close(self) -> None:
        await self.runner.cleanup()

    def _record(self, value) -> None:
        self.arrived.set()
        return value

    async def handle(self, request: web.Request) -> web.Response:
        path, method = request.match_info["path"], request.method
        self.requests.append((method, path))
        files: list[tuple[str, bytes]] = []
        if request.content_type.startswith("multipart/"):  # a message with files: payload_json + files[n]
            form = await request.post()
            body = json.loads(form.get("payload_json", "{}"))
            files = [(f.filename, f.file.read()) for k, f in form.items() if k.startswith("files[")]
        else:
            body = await request.json() if request.can_read_body else {}
        if path == "users/@me":
            if request.headers.get("Authorization") != f"Bot {self.token}":
                return _json({"message": "401: Unauthorized", "code": 0}, status=401)
            return _json(user(BOT_ID, "memoro", bot=True))
        if path == "oauth2/applications/@me":
            return _json({"id": str(APP_ID), "name": "Memoro", "description": "", "icon": None,
                                      "bot_public": False, "bot_require_code_grant": False, "verify_key": "k",
                                      "owner": user(1, "owner"), "flags": 0})
        if path == f"applications/{APP_ID}/commands" and method == "PUT":
            self.commands = body
            return _json([{**c, "id": str(i + 1), "application_id": str(APP_ID), "version": "1",
                                       "type": 1} for i, c in enumerate(body)])
        if path == "users/@me/channels":
            rid = body["recipient_id"]
            return _json({"id": str(int(rid) + 9000), "type": 1, "recipients": [user(int(rid))]})
        if path.startswith("channels/") and path.endswith("/messages"):
            channel = path.split("/")[1]
            if str(int(channel) - 9000) in self.closed_dms:
                return _json({"message": "Cannot send messages to this user", "code": 50007},
                                         status=403)
            if files:
                self.files.extend(self._record((channel, name, data)) for name, data in files)
                return _json(message_create(len(self.files) + 30_000, body.get("content") or "",
                                            author=BOT_ID, channel=int(channel)))
            self.buttons.append([(c["label"], c["custom_id"]) for row in body.get("components") or []
                                 for c in row.get("components", [])])
            self.messages.append(self._record((channel, body["content"])))
            return _json(message_create(len(self.messages) + 10_000, body["content"],
                                                    author=BOT_ID, channel=int(channel)))
        if path.startswith(("interactions/", f"webhooks/{APP_ID}/")):
            self.responses.append(self._record({"type": body.get("type"), **(body.get("data") or body)}))
            if path.startswith("webhooks/"):
                return _json(message_create(len(self.responses) + 20_000, body["content"],
                                                        author=BOT_ID))
            iid = path.split("/")[1]  # the callback answers ?with_response=true as Discord documents
            flags = body.get("data", {}).get("flags", 0)
            return _json({"interaction": {"id": iid, "type": 2, "response_message_loading": body["type"] == 5,
                                          "response_message_ephemeral": bool(flags & 64)},
                          "resource": {"type": body["type"]}})
        return _json({"message": f"fake: no route {method} {path}", "code": 0}, status=404)

    async def cdn(self, request: web.Request) -> web.Response:
        data = self.uploads.get(request.match_info["name"])
        return web.Response(body=data) if data is not None else web.Response(status=404)

    def attachment(self, name: str, data: bytes, size: int | None = None) -> dict:
        """An attachment object for a MESSAGE_CREATE, its file served by this fake's CDN."""
        self.uploads[name] = data
        url = self.base.replace("/api/v10", "/cdn/") + name
        return {"id": str(len(self.uploads)), "filename": name, "size": size or len(data), "url": url,
                "proxy_url": url, "content_type": "text/vcard"}

    async def wait_for(self, what: str, count: int, timeout: float = 10) -> list:
        """Wait until `count` messages or responses arrived (a safety timeout, not a timed assertion)."""
        async def enough():
            while len(getattr(self, what)) < count:
                self.arrived.clear()
                await self.arrived.wait()
        await asyncio.wait_for(enough(), timeout)
        return getattr(self, what)
