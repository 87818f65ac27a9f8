"""A raw JSON-RPC-over-stdio connection to the real server, able to send malformed traffic (for fuzz tests)."""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import sys
import threading
import time
from typing import Any

SERVER = [sys.executable, "-m", "clairvoyant", "serve"]


class RawServer:
    """Starts ``clairvoyant serve`` and exchanges framed messages; a reader thread collects everything it sends."""

    def __init__(self, env: dict[str, str] | None = None):
        self.proc = subprocess.Popen(
            SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        self.responses: dict[Any, dict] = {}
        self.notifications: queue.Queue = queue.Queue()
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii", "replace").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers.get("content-length", "0")))
            message = json.loads(body)
            if "id" in message and "method" in message:  # a request from the server: answer it
                self.send_raw(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": None}).encode())
            elif "id" in message:
                with self._cond:
                    self.responses[message["id"]] = message
                    self._cond.notify_all()
            else:
                self.notifications.put(message)

    def send_raw(self, body: bytes, header: bytes | None = None) -> None:
        """Write one framed message (``header`` overrides the Content-Length header, for malformed frames)."""
        frame = (header if header is not None else f"Content-Length: {len(body)}\r\n\r\n".encode()) + body
        self.proc.stdin.write(frame)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send_raw(json.dumps({"jsonrpc": "2.0", "method": method, "params": params}).encode())

    def request(self, method: str, params: Any, wait: bool = True, timeout: float = 30.0) -> dict | int:
        msg_id = next(self._ids)
        self.send_raw(json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}).encode())
        return self.wait(msg_id, timeout) if wait else msg_id

    def wait(self, msg_id: Any, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        with self._cond:
            while msg_id not in self.responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise TimeoutError(f"no response to request {msg_id} (server alive: {self.proc.poll() is None})")
                self._cond.wait(min(left, 0.2))
            return self.responses.pop(msg_id)

    def initialize(self, root_uri: str, options: dict | None = None) -> dict:
        result = self.request("initialize", {"processId": None, "rootUri": root_uri, "capabilities": {},
                                             "initializationOptions": options})
        self.notify("initialized", {})
        return result

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
                self.proc.wait(10)
        except Exception:  # noqa: BLE001, S110 - a server that does not shut down cleanly is killed below
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
