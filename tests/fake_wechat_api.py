"""A fake WeChat/WeCom API on 127.0.0.1: access tokens and text messages, with WeChat's error codes.

It issues numbered tokens with a chosen lifetime, refuses expired tokens (42001) and unknown
ones (40001), can be told to answer the next send with any errcode (e.g. 40014) and can be
slowed down; it records every token fetch and every message sent, for the tests to check.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional
from urllib.parse import parse_qs, urlsplit


SCRIPTED = "scripted failure"  # the errmsg of an errcode the test asked for


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the benchmark's bursts of concurrent senders


@dataclass
class Sent:
    path: str
    touser: str
    content: str
    agentid: Optional[int]
    at: float


class FakeWeChatApi:
    def __init__(self, credentials: Dict[str, str], lifetime: int = 7200, port: int = 0):
        self.credentials = credentials  # app id / corp id -> secret
        self.lifetime = lifetime
        self.token_delay = 0.0
        self.sent: List[Sent] = []
        self.token_fetches = 0
        self.failures: List[int] = []  # errcodes for the next sends, in order
        self._tokens: Dict[str, float] = {}  # token -> expiry
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "FakeWeChatApi":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def expire_all(self) -> None:
        with self._lock:
            self._tokens = {token: 0.0 for token in self._tokens}

    def wait_for(self, count: int, timeout: float = 20) -> List[Sent]:
        deadline = time.monotonic() + timeout
        while len(self.sent) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.sent

    # --- the API ----------------------------------------------------------------------------------

    def _token(self, query: Dict[str, str]) -> Dict:
        app = query.get("appid") or query.get("corpid") or ""
        secret = query.get("secret") or query.get("corpsecret") or ""
        if self.credentials.get(app) != secret:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        time.sleep(self.token_delay)
        with self._lock:
            self.token_fetches += 1
            token = f"TOKEN-{self.token_fetches}"
            self._tokens[token] = time.time() + self.lifetime
        return {"access_token": token, "expires_in": self.lifetime}

    def _send(self, path: str, query: Dict[str, str], payload: Dict) -> Dict:
        with self._lock:
            expiry = self._tokens.get(query.get("access_token", ""))
            if expiry is None:
                return {"errcode": 40001, "errmsg": "invalid credential"}
            if expiry < time.time():
                return {"errcode": 42001, "errmsg": "access_token expired"}
            if self.failures:
                code = self.failures.pop(0)
                if code in (40001, 40014):
                    self._tokens.pop(query["access_token"], None)
                return {"errcode": code, "errmsg": SCRIPTED}
            if path.endswith("/message/send") and not isinstance(payload.get("agentid"), int):
                return {"errcode": 40056, "errmsg": "invalid agentid"}
            self.sent.append(
                Sent(path, payload["touser"], payload["text"]["content"], payload.get("agentid"), time.time())
            )
        return {"errcode": 0, "errmsg": "ok"}

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as WeChat's API does

            def _answer(self, answer: Dict) -> None:
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _query(self) -> Dict[str, str]:
                return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path in ("/cgi-bin/token", "/cgi-bin/gettoken"):
                    self._answer(api._token(self._query()))
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                path = urlsplit(self.path).path
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if path in ("/cgi-bin/message/custom/send", "/cgi-bin/message/send"):
                    self._answer(api._send(path, self._query(), json.loads(body.decode("utf-8"))))
                else:
                    self.send_error(404)

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

        return Handler
