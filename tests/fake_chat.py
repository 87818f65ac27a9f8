"""A fake OpenAI-compatible chat endpoint on 127.0.0.1 for tests: scripted replies, recorded requests."""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeChat:
    """Answers ``/chat/completions`` from a script of replies (or a function of the request) and records requests.

    ``logprob``: when set, each reply carries OpenAI-style token log-probabilities summing to it.
    """

    def __init__(self, replies: list[str] | Callable[[dict], str], logprob: float | None = None):
        self.replies = replies if callable(replies) else list(replies)
        self.logprob = logprob
        self.requests: list[dict] = []
        chat = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                chat.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
                payload = json.dumps({"choices": [chat._choice(body)]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _choice(self, body: dict) -> dict:
        if callable(self.replies):
            content = self.replies(body)
        else:
            content = self.replies.pop(0) if self.replies else "I have nothing more."
        choice: dict = {"message": {"role": "assistant", "content": content}}
        if self.logprob is not None and body.get("logprobs"):
            choice["logprobs"] = {"content": [{"token": content, "logprob": self.logprob}]}
        assert math.isfinite(self.logprob or 0.0)
        return choice

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"
