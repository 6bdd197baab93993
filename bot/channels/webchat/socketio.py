"""Rasa's socket.io channel, with the checks every public channel makes and session ids of its own.

- Origins: Rasa turns off engine.io's own origin check (to avoid CORS headers twice, since the Rasa
  server adds them), which leaves socket.io open to every website. The check here happens at connect
  time instead and leaves the headers to the server. Clients that send no Origin header (programs, not
  browsers) are let in, as CORS would.
- Session ids: Rasa's channel takes any session_id a client names, so knowing a visitor's id was
  enough to join the room and read the replies. Here the server issues the id, signed with a key of
  its own (bot/keys.py); a session_request with an id the server did not sign gets a new one, and a
  message is answered in the session of its connection, never in one the message names.
- The conversation is ``socketio:<session id>``, apart from every other channel's.
- Handoff: a message goes to a person instead of the assistant while one has the conversation, and staff's
  texts are pushed into the visitor's open page (bot/channels/handoff.py).
- Limits: messages longer than bot.limits.MAX_MESSAGE_CHARS and senders that send too fast get a
  reply that says so (bot/channels/guard.py); frames are limited to bot.limits.MAX_BODY_BYTES. A
  message that got no reply at all (the action server down) gets an apology with the phone number.

credentials.yml: ``bot.channels.webchat.socketio.SocketIOInput:`` with Rasa's socketio settings.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels import socketio
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot.channels.guard import Guard, apology, client_address
from bot.channels.handoff import Route, postman, route
from bot.channels.webchat.origins import origin_allowed
from bot.keys import key
from bot.limits import MAX_BODY_BYTES, conversation_id
from bot.settings import settings

log = logging.getLogger(__name__)

_SIGNED = re.compile(r"[0-9a-f]{32}\.[0-9a-f]{32}")


class SessionIds:
    """Session ids "<random>.<signature>": only the server that holds the key can make one."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _signature(self, random_part: str) -> str:
        return hmac.new(self._secret, random_part.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        random_part = uuid.uuid4().hex
        return f"{random_part}.{self._signature(random_part)}"

    def genuine(self, session_id: object) -> bool:
        if not isinstance(session_id, str) or not _SIGNED.fullmatch(session_id):
            return False
        random_part, signature = session_id.split(".")
        return hmac.compare_digest(signature, self._signature(random_part))


class _NotingOutput(socketio.SocketIOOutput):
    """Rasa's output, noting whether anything was sent (if not, the visitor gets an apology)."""

    sent = False

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        self.sent = True
        await super()._send_message(socket_id, response)


class SocketIOInput(socketio.SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio, namespace = self.sio, self.namespace or "/"
        sio.eio.max_http_buffer_size = MAX_BODY_BYTES
        rasa_connect = sio.handlers[namespace]["connect"]
        ids = SessionIds(key("socketio_sessions", "QICC_SESSION_KEY"))
        guard = Guard(self.name())
        sessions: Dict[str, str] = {}  # connection (sid) -> the session id the server gave it
        addresses: Dict[str, str] = {}

        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not origin_allowed(origin, environ.get("HTTP_HOST"), settings().cors_origins):
                log.warning("socket.io connection from %s refused: not in QICC_CORS_ORIGINS", origin)
                return False
            # engine.io's Sanic driver writes 127.0.0.1 as REMOTE_ADDR whoever connects: ask Sanic.
            addresses[sid] = client_address(environ.get("sanic.request"))
            return await rasa_connect(sid, environ, auth)

        async def disconnect(sid: Text) -> None:
            sessions.pop(sid, None)
            addresses.pop(sid, None)

        async def session_request(sid: Text, data: Any) -> None:
            asked = data.get("session_id") if isinstance(data, dict) else None
            session_id = asked if isinstance(asked, str) and ids.genuine(asked) else ids.issue()
            if asked and session_id != asked:
                log.warning("socket.io: a session id the server did not issue was refused; a new one given")
            sessions[sid] = session_id
            sio.enter_room(sid, self.room(session_id))
            await sio.emit("session_confirm", session_id, room=sid)

        async def handle_message(sid: Text, data: Any) -> None:
            session_id = sessions.get(sid)
            text = data.get("message") if isinstance(data, dict) else None
            if session_id is None or not isinstance(text, str):
                log.warning("socket.io: a message without a session_request or without text was ignored")
                return
            if data.get("session_id") not in (None, session_id):
                log.warning("socket.io: a message for another session than its connection's was refused")
                return
            output = _NotingOutput(sio, self.bot_message_evt)
            refusal = guard.check(text, session_id, addresses.get(sid))
            if refusal:
                await output.send_text_message(self.room(session_id), refusal.text)
                return
            metadata = data.get(self.metadata_key)
            answered = await route(
                UserMessage(
                    text,
                    output,
                    self.room(session_id),
                    input_channel=self.name(),
                    metadata=metadata if isinstance(metadata, dict) else None,
                ),
                on_new_message,
            )
            if answered and not output.sent:
                await output.send_text_message(self.room(session_id), apology(text))

        def reachable(room: str) -> bool:
            """Is the visitor's page connected to this server now?"""
            return namespace in sio.manager.rooms and any(True for _ in sio.manager.get_participants(namespace, room))

        async def push(room: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=room, namespace=namespace)

        @blueprint.listener("after_server_start")
        async def deliver_staff_texts(*_: Any) -> None:
            postman().serve(self.name(), Route(reachable, push))

        for event, handler in (
            ("connect", connect),
            ("disconnect", disconnect),
            ("session_request", session_request),
            (self.user_message_evt, handle_message),
        ):
            sio.on(event, handler, namespace=self.namespace)
        return blueprint

    def room(self, session_id: str) -> str:
        """The room of a session, which is also its conversation id (Rasa's output sends to it)."""
        return conversation_id(self.name(), session_id)
