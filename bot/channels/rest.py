"""Rasa's REST channel (/webhooks/rest/webhook), with the checks every public channel makes.

- The sender is required and must look like an id (1 to 64 letters, digits, ``-``, ``_``, ``.``): Rasa's
  own channel writes a request without one into a shared "default" conversation.
- The conversation is ``rest:<sender>``, so that a REST client can never write into a WeChat visitor's
  conversation by sending that visitor's OpenID, nor into a socket.io session.
- The channel name is this channel's, never the client's ``input_channel``.
- A message longer than bot.limits.MAX_MESSAGE_CHARS is refused with 413, and a client that sends too
  fast with 429; both answer with a reply for the visitor (bot/channels/guard.py).
- Handoff: while a person has the conversation its messages go to them (bot/channels/handoff.py); a reply
  is then an empty list, or the texts staff wrote since the last message, which come first in any reply.
  A reply carries ``X-Handoff: person`` while a handoff is open; the chat page then opens
  ``GET /webhooks/rest/events?sender=...``, server-sent events that push each text staff write (an event
  ``ended`` when the handoff is over and everything was sent; the stream closes after EVENTS_SECONDS and the
  browser's EventSource reconnects, so no proxy or server timeout cuts it).
- Malformed JSON, a body that is not an object, a message that is not text: 400 with what is wrong.
- A message that got no reply at all (the action server down) gets an apology with the phone number.

credentials.yml: ``bot.channels.rest.RestInput:`` (no settings). Streaming (``?stream=true``) is not
offered: no client of the assistant uses it.
"""

from __future__ import annotations

import json
import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import Guard, apology, client_address
from bot.channels.handoff import collect, relay, route, with_person
from bot.limits import conversation_id, valid_sender

log = logging.getLogger(__name__)

SENDER_RULE = "'sender' is required: 1 to 64 letters, digits, '-', '_' or '.'"
HANDOFF_HEADER = "X-Handoff"
EVENTS_SECONDS = 50  # under nginx's and Sanic's 60 s timeouts


class RestInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        guard = Guard(self.name())
        blueprint = Blueprint("qicc_rest_webhook", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            payload = _payload(request)
            if isinstance(payload, str):
                return response.json({"error": payload}, status=400)
            sender, text = payload["sender"], payload["message"]
            refusal = guard.check(text, sender, client_address(request))
            if refusal:
                return response.json([{"recipient_id": sender, "text": refusal.text}], status=refusal.status)
            metadata = payload.get("metadata")
            collector, conversation = CollectingOutputChannel(), conversation_id(self.name(), sender)
            answered = True
            try:
                answered = await route(
                    UserMessage(
                        text,
                        collector,
                        conversation,
                        input_channel=self.name(),
                        metadata=metadata if isinstance(metadata, dict) else None,
                    ),
                    on_new_message,
                )
            except CancelledError:
                log.error("REST: the reply took too long; sending what is there")
            except Exception:  # a bug: the visitor still gets what was collected, the log the traceback
                log.exception("REST: the message could not be handled")
            waiting = _waiting(sender, conversation)
            if answered and not collector.messages:
                collector.messages.append({"recipient_id": sender, "text": apology(text)})
            return response.json(waiting + collector.messages, headers=_handoff_headers(conversation))

        @blueprint.route("/events", methods=["GET"])
        async def events(request: Request) -> Optional[HTTPResponse]:
            sender = request.args.get("sender")
            if not valid_sender(sender):
                return response.json({"error": SENDER_RULE}, status=400)
            stream = await request.respond(
                content_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
            )  # nginx: pass each event on at once

            async def send(text: str) -> None:
                await stream.send(_event(json.dumps({"recipient_id": sender, "text": text}, ensure_ascii=False)))

            await stream.send("retry: 2000\n\n")
            if await relay(conversation_id(self.name(), sender), send, EVENTS_SECONDS):
                await stream.send(_event("{}", "ended"))
            await stream.eof()
            return None

        return blueprint


def _event(data: str, name: str = "") -> str:
    """One server-sent event (``data`` is one line of JSON)."""
    return (f"event: {name}\n" if name else "") + f"data: {data}\n\n"


def _waiting(sender: str, conversation: str) -> List[Dict[str, str]]:
    return [{"recipient_id": sender, "text": text} for text in collect(conversation)]


def _handoff_headers(conversation: str) -> Dict[str, str]:
    return {HANDOFF_HEADER: "person"} if with_person(conversation) else {}


def _payload(request: Request) -> "Dict[str, Any] | str":
    """The request's JSON object with a valid sender and a text message, or what is wrong with it."""
    try:
        payload = request.json
    except InvalidUsage:
        return "the body is not JSON"
    if not isinstance(payload, dict):
        return 'the body must be a JSON object: {"sender": "...", "message": "..."}'
    if not valid_sender(payload.get("sender")):
        return SENDER_RULE
    if not isinstance(payload.get("message"), str):
        return "'message' is required and must be text"
    return payload
