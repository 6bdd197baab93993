"""A channel's blueprint (WeChat's, REST's) served over HTTP on 127.0.0.1 in a background thread.

Used by the HTTP tests and the deadline benchmark with a stand-in for Rasa's agent, so that
they exercise the real Sanic routes (streamed body limit, status codes) without a trained model.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
from typing import Any, Awaitable, Callable

from sanic import Sanic

from rasa.core.channels.channel import InputChannel

_names = itertools.count()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChannelServer:
    def __init__(self, channel: InputChannel, on_new_message: Callable[[Any], Awaitable[Any]]):
        self.channel = channel
        self.port = free_port()
        # Several apps in one process: Sanic then rewrites its original methods for each (not its
        # already rewritten ones, which fails).
        Sanic.test_mode = True
        self.app = Sanic(f"wechat_test_{next(_names)}", configure_logging=False)
        self.app.blueprint(channel.blueprint(on_new_message), url_prefix=f"/webhooks/{channel.name()}")
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/{self.channel.name()}/webhook"

    def __enter__(self) -> "ChannelServer":
        self._thread.start()
        self._server = self.run(self._start())
        return self

    async def _start(self):
        server = await self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True)
        await server.startup()
        await server.start_serving()
        return server

    def run(self, coroutine, timeout: float = 60):
        """Run ``coroutine`` on the server's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def __exit__(self, *exc) -> None:
        async def stop():
            self._server.close()
            await self._server.wait_closed()
            api = getattr(self.channel, "api", None)  # WeChat's message API client
            if api is not None:
                await api.close()

        self.run(stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
