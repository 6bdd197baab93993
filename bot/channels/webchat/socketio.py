"""Rasa's socket.io channel, refusing browsers on sites that the CORS setting does not list.

Rasa turns off engine.io's own origin check (to avoid CORS headers twice, since the Rasa
server adds them), which leaves socket.io open to every website. The check here happens at
connect time instead and leaves the headers to the server. Clients that send no Origin header
(programs, not browsers) are let in, as CORS would.

credentials.yml: ``bot.channels.webchat.socketio.SocketIOInput:`` with Rasa's socketio settings.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text
from urllib.parse import urlsplit

from rasa.core.channels import socketio
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot.channels.webchat.page import allowed_origins
from bot.settings import settings

log = logging.getLogger(__name__)


def origin_allowed(origin: Optional[str], host: Optional[str], cors_origins: str) -> bool:
    """No Origin (not a browser), the server's own host, or a configured origin."""
    if not origin:
        return True
    allowed = allowed_origins(cors_origins)
    return "*" in allowed or origin.rstrip("/") in allowed or urlsplit(origin).netloc == host


class SocketIOInput(socketio.SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        namespace = self.namespace or "/"
        rasa_connect = self.sio.handlers[namespace]["connect"]

        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not origin_allowed(origin, environ.get("HTTP_HOST"), settings().cors_origins):
                log.warning("socket.io connection from %s refused: not in QICC_CORS_ORIGINS", origin)
                return False
            return await rasa_connect(sid, environ, auth)

        self.sio.on("connect", connect, namespace=self.namespace)
        return blueprint
