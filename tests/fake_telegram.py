"""A fake Telegram Bot API server on 127.0.0.1, for the real python-telegram-bot client.

It answers like the documented Bot API (https://core.telegram.org/bots/api): requests are
form-encoded or JSON POSTs to /bot<token>/<method>, answers are JSON {"ok": true, "result": ...}
or {"ok": false, "error_code": ..., "description": ..., "parameters": {...}}. getUpdates is a
real long poll (it waits for an update or its timeout) and honours `offset`, so the client's
own acknowledgement logic runs. Inline keyboards: `callback_update` makes the update of a tap on
a button, and the bot's answerCallbackQuery / editMessageReplyMarkup calls are recorded
(`calls(...)`); `keyboards` holds, per message sent, the buttons it carried. Tests script failures per chat: a 403 for a chat that blocked
the bot, a 429 with retry_after for the next N sends.
"""

from __future__ import annotations

import asyncio
import json

import tornado.httpserver
import tornado.netutil
import tornado.web

BOT = {"id": 1, "is_bot": True, "first_name": "Memoro", "username": "memoro_bot"}
TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvw"


def text_update(update_id: int, text: str, *, user_id: int = 555, chat_id: int | None = None,
                chat_type: str = "private", message_id: int | None = None, **message) -> dict:
    """A Bot API `Update` carrying one text message (as getUpdates or a webhook delivers it)."""
    chat = {"id": chat_id if chat_id is not None else user_id, "type": chat_type}
    if chat_type != "private":
        chat["title"] = "Friends"
    msg = {"message_id": message_id or update_id, "date": 1772442000, "chat": chat, "text": text,
           "from": {"id": user_id, "is_bot": False, "first_name": "Jo"}, **message}
    return {"update_id": update_id, "message": msg}


def callback_update(update_id: int, data: str, *, user_id: int = 555, message_id: int = 1,
                    chat_id: int | None = None, query_id: str | None = None) -> dict:
    """A Bot API `Update` for a tap on an inline button with callback `data`, under the bot's
    message `message_id` in chat `chat_id` (by default the tapper's private chat)."""
    chat = chat_id if chat_id is not None else user_id
    return {"update_id": update_id, "callback_query": {
        "id": query_id or f"q{update_id}", "chat_instance": f"ci{chat}", "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": "Jo"},
        "message": {"message_id": message_id, "date": 1772442000, "chat": {"id": chat, "type": "private"},
                    "from": BOT, "text": "..."}}}


class _BotApi(tornado.web.RequestHandler):
    def initialize(self, server: FakeTelegram):
        self.server = server
        self.gone = False

    def on_connection_close(self):
        self.gone = True

    async def post(self, token: str, method: str):
        body = self.request.body
        args = json.loads(body) if body.startswith(b"{") else \
            {k: self.get_body_argument(k) for k in self.request.body_arguments}
        self.server.requests.append((method, args))
        self.server.tokens.add(token)
        if token in self.server.rejected_tokens:
            return self._error(401, "Unauthorized")
        if method == "getUpdates":
            updates = await self.server.updates_after(args)
            if self.gone:  # a long poll the client gave up on (it stopped): nothing is delivered
                return None
            self.server.served += [u["update_id"] for u in updates]
            return self.write({"ok": True, "result": updates})
        if method == "sendMessage":
            return self._send(args)
        if method == "getFile":
            data = self.server.files.get(args.get("file_id"))
            if data is None:
                return self._error(400, "Bad Request: invalid file_id")
            return self.write({"ok": True, "result": {"file_id": args["file_id"], "file_unique_id": "u" + args["file_id"],
                                                      "file_size": len(data), "file_path": f"documents/{args['file_id']}"}})
        if method == "sendDocument":  # multipart/form-data, as the Bot API takes uploads
            upload = self.request.files["document"][0]
            chat = str(args.get("chat_id"))
            self.server.documents.append((chat, upload["filename"], upload["body"]))
            self.server.arrived.set()
            return self.write({"ok": True, "result": {"message_id": 9000 + len(self.server.documents), "date": 0,
                                                      "chat": {"id": int(chat), "type": "private"}}})
        if method == "editMessageReplyMarkup":
            return self.write({"ok": True, "result": {"message_id": int(args["message_id"]), "date": 0,
                                                      "chat": {"id": int(args["chat_id"]), "type": "private"}}})
        # setMyCommands, deleteWebhook, setWebhook, answerCallbackQuery: True
        result = {"getMe": BOT}.get(method, True)
        self.write({"ok": True, "result": result})

    def _send(self, args: dict):
        chat = str(args.get("chat_id"))
        if chat in self.server.blocked:
            return self._error(403, "Forbidden: bot was blocked by the user")
        if self.server.flood.get(chat):
            self.server.flood[chat] -= 1
            return self._error(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self.server.messages.append((chat, args.get("text")))
        self.server.sent_args.append(args)
        markup = args.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup
        self.server.keyboards.append([(b["text"], b["callback_data"]) for row in (markup or {}).get(
            "inline_keyboard", []) for b in row])
        self.server.arrived.set()
        self.write({"ok": True, "result": {"message_id": len(self.server.messages), "date": 0,
                                           "chat": {"id": int(chat), "type": "private"}, "text": args.get("text")}})

    def _error(self, code: int, description: str, parameters: dict | None = None):
        self.set_status(code)
        answer = {"ok": False, "error_code": code, "description": description}
        if parameters:
            answer["parameters"] = parameters
        self.write(answer)


class _Files(tornado.web.RequestHandler):
    """GET /file/bot<token>/<file_path>: a file's bytes, as Telegram's file server gives them."""

    def initialize(self, server: FakeTelegram):
        self.server = server

    def get(self, token: str, path: str):
        data = self.server.files.get(path.rpartition("/")[2])
        if data is None:
            self.set_status(404)
            return
        self.write(data)


def document_update(update_id: int, file_id: str, name: str, size: int, *, user_id: int = 555,
                    mime_type: str = "text/vcard") -> dict:
    """An `Update` carrying a file (a document) sent to the bot in a private chat."""
    update = text_update(update_id, "", user_id=user_id)
    del update["message"]["text"]
    update["message"]["document"] = {"file_id": file_id, "file_unique_id": "u" + file_id, "file_name": name,
                                     "mime_type": mime_type, "file_size": size}
    return update


class FakeTelegram:
    """`base_url` goes to python-telegram-bot; `messages` holds (chat_id, text) as sent."""

    def __init__(self):
        self.messages: list[tuple[str, str]] = []
        self.files: dict[str, bytes] = {}  # file_id -> bytes, served by getFile and /file/bot...
        self.documents: list[tuple[str, str, bytes]] = []  # (chat id, file name, bytes) sent by the bot
        self.sent_args: list[dict] = []
        self.keyboards: list[list[tuple[str, str]]] = []  # per message sent: (label, callback data)
        self.requests: list[tuple[str, dict]] = []
        self.tokens: set[str] = set()
        self.blocked: set[str] = set()
        self.flood: dict[str, int] = {}
        self.rejected_tokens: set[str] = set()
        self.updates: list[dict] = []
        self.closing = False
        self.served: list[int] = []  # update ids, each time getUpdates returned one
        self.arrived = asyncio.Event()
        self._new_update = asyncio.Event()
        app = tornado.web.Application([(r"/bot([^/]+)/(\w+)", _BotApi, {"server": self}),
                                       (r"/file/bot([^/]+)/(.+)", _Files, {"server": self})])
        self.http = tornado.httpserver.HTTPServer(app)
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        self.http.add_sockets(sockets)
        self.base_url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}/bot"

    def push(self, update: dict) -> None:
        """Queue an update for getUpdates (also used to redeliver one the bot already saw)."""
        self.updates.append(update)
        self._new_update.set()

    async def updates_after(self, args: dict) -> list[dict]:
        offset = int(args.get("offset") or 0)
        if offset:  # the client confirmed everything before `offset`
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and float(args.get("timeout") or 0) > 0 and not self.closing:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), min(float(args["timeout"]), 0.5))
            except TimeoutError:
                pass
        return list(self.updates)

    def calls(self, method: str) -> list[dict]:
        return [args for m, args in self.requests if m == method]

    async def wait_for_messages(self, count: int, timeout: float = 10) -> list[tuple[str, str]]:
        """Wait until `count` messages were sent (a safety timeout, not a timed assertion)."""
        async def enough():
            while len(self.messages) < count:
                self.arrived.clear()
                await self.arrived.wait()
        await asyncio.wait_for(enough(), timeout)
        return self.messages

    async def close(self):
        self.closing = True
        self._new_update.set()  # end pending long polls
        self.http.stop()
        await self.http.close_all_connections()
