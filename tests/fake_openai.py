"""A scripted OpenAI-compatible server on 127.0.0.1 for the real `openai` client to talk to.

It implements `POST /v1/chat/completions` and `POST /v1/embeddings` (bag-of-words vectors:
texts sharing words are near, so search behaves like search), nothing else. A test queues replies
(`enqueue(ok(...), error(429), slow(...), hang())`) or sets a `responder` that decides from the
request; every request body is kept in `requests` (parsed) and `raw` (as sent), so a test
can check what the model was shown. Runs in a thread (stdlib `http.server`), so it works
under any event loop and the client's real HTTP, retries and timeouts are exercised.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant message's content
    refusal: str | None = None
    finish_reason: str = "stop"
    delay: float = 0.0  # seconds before answering (a slow model)
    hold: bool = False  # hang until the test calls `release()` (a model that hangs)
    body: str | None = None  # a raw body instead of a chat completion
    headers: dict[str, str] = field(default_factory=dict)


def ok(answer: dict | list) -> Reply:
    """A good structured answer: `answer` as the message's JSON content."""
    return Reply(content=json.dumps(answer))


def text(content: str) -> Reply:
    """An answer whose content is exactly `content` (malformed JSON, a fenced block, ...)."""
    return Reply(content=content)


def error(status: int) -> Reply:
    # retry-after-ms keeps the client's backoff short in tests
    kind = {429: "rate_limit_error", 500: "server_error"}.get(status, "invalid_request_error")
    return Reply(status=status, body=json.dumps({"error": {"message": f"fake {status}", "type": kind}}),
                 headers={"retry-after-ms": "10"})


def slow(seconds: float, answer: dict) -> Reply:
    return Reply(content=json.dumps(answer), delay=seconds)


def hang(answer: dict | None = None) -> Reply:
    """A model that hangs: no answer until the test calls `FakeOpenAI.release()`."""
    return Reply(content=json.dumps(answer) if answer is not None else "not JSON", hold=True)


def refusal(why: str = "I can't help with that.") -> Reply:
    return Reply(refusal=why)


class FakeOpenAI:
    """Use as a context manager; `url` is the base URL to give the client."""

    def __init__(self) -> None:
        self.queue: deque[Reply] = deque()
        self.responder: Callable[[dict], Reply] | None = None
        self.requests: list[dict] = []
        self.raw: list[str] = []
        self.embedding_inputs: list[list[str]] = []
        self.embeddings_fail: int | None = None  # an HTTP status to answer embeddings with
        self._stop = threading.Event()
        self._released = threading.Event()
        self.held = 0  # requests hanging now (`hang()` replies)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def enqueue(self, *replies: Reply) -> FakeOpenAI:
        self.queue.extend(replies)
        return self

    def release(self) -> None:
        """Let every hanging request (and any later `hang()` reply) answer."""
        self._released.set()

    def kinds(self) -> list[str]:
        """The schema name of each request: which part of Memoro asked."""
        return [r.get("response_format", {}).get("json_schema", {}).get("name", "") for r in self.requests]

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._released.set()
        self._server.shutdown()
        self._server.server_close()

    def _next(self, request: dict) -> Reply:
        if self.queue:
            return self.queue.popleft()
        if self.responder:
            return self.responder(request)
        return error(500)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", 0))).decode("utf-8")
                if self.path.rstrip("/") == "/v1/embeddings":
                    return self._embeddings(json.loads(raw))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._send(404, json.dumps({"error": {"message": "not found"}}), {})
                request = json.loads(raw)
                fake.raw.append(raw)
                fake.requests.append(request)
                reply = fake._next(request)
                if reply.delay and fake._stop.wait(reply.delay):
                    return
                if reply.hold:
                    fake.held += 1
                    while not fake._released.wait(0.05):
                        if fake._stop.is_set():
                            return
                    fake.held -= 1
                if reply.body is not None:
                    return self._send(reply.status, reply.body, reply.headers)
                message = {"role": "assistant", "content": reply.content, "refusal": reply.refusal}
                body = {"id": f"chatcmpl-{len(fake.requests)}", "object": "chat.completion", "created": 0,
                        "model": request.get("model", ""),
                        "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason,
                                     "logprobs": None}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
                self._send(reply.status, json.dumps(body), reply.headers)

            def _embeddings(self, request: dict) -> None:
                texts = request["input"] if isinstance(request["input"], list) else [request["input"]]
                fake.embedding_inputs.append(texts)
                if fake.embeddings_fail:
                    bad = error(fake.embeddings_fail)
                    return self._send(bad.status, bad.body, bad.headers)
                data = [{"object": "embedding", "index": i, "embedding": bag_of_words(t)}
                        for i, t in enumerate(texts)]
                self._send(200, json.dumps({"object": "list", "data": data, "model": request.get("model", ""),
                                            "usage": {"prompt_tokens": 1, "total_tokens": 1}}), {})

            def _send(self, status: int, body: str, headers: dict[str, str]) -> None:
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

        return Handler


def bag_of_words(text: str, dims: int = 64) -> list[float]:
    """A unit vector from the text's words, hashed into `dims` buckets."""
    v = [0.0] * dims
    for w in re.findall(r"[^\W_]+", text.lower()):
        v[int(hashlib.sha256(w.encode()).hexdigest(), 16) % dims] += 1.0
    norm = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / norm for x in v]


def main() -> None:
    """`python -m tests.fake_openai [STATUS | garbage]`: a model that fails every call, with an
    HTTP status (default 500) or with a 200 whose content is not JSON, for running the dev
    scenarios against a broken model (see README)."""
    import sys
    import time

    how = sys.argv[1] if len(sys.argv) > 1 else "500"
    reply = text("Sure! Here is the JSON you asked for: {type: log") if how == "garbage" else error(int(how))
    with FakeOpenAI() as fake:
        fake.responder = lambda request: reply
        print(fake.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
