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

from rasa.core.channels import socketio
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot.channels.webchat.origins import origin_allowed
from bot.settings import settings

log = logging.getLogger(__name__)


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
