"""The custom channel that serves the chat page at /chat/, the widget script and their static files.

The page talks to the assistant through the REST channel (bot/channels/rest.py), so this channel
handles no messages itself.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.webchat.page import STATIC_DIR, interface_texts, page_headers, render_page, render_widget
from bot.settings import settings


class WebChatInput(InputChannel):
    """credentials.yml: ``bot.channels.webchat.channel.WebChatInput:`` (no settings)."""

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    def url_prefix(self) -> Text:
        # Absolute, so that Rasa mounts the page at /chat/ rather than under /webhooks/.
        return "/chat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        interface_texts()  # a mistake in texts.yml stops the server now, not at a visitor's first request
        chat = Blueprint("webchat", __name__)

        @chat.route("/", methods=["GET"], strict_slashes=True)
        async def page(_: Request) -> HTTPResponse:
            return response.html(render_page(), headers=page_headers(settings().cors_origins))

        @chat.route("", methods=["GET"], strict_slashes=True)
        async def without_slash(_: Request) -> HTTPResponse:
            # The page's relative links (static/..., ../webhooks/...) need the trailing slash.
            return response.redirect("/chat/")

        @chat.route("/widget.js", methods=["GET"])
        async def widget(_: Request) -> HTTPResponse:
            return response.text(
                render_widget(),
                content_type="text/javascript; charset=utf-8",
                headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
            )

        chat.static("/static", str(STATIC_DIR), name="webchat_static")
        return chat
