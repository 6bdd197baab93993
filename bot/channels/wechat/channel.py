"""The Rasa channels: WeChat Official Account (/webhooks/wechat/webhook) and WeCom (/webhooks/wecom/webhook).

In the shape of Rasa's own channel modules (rasa/core/channels/telegram.py, rest.py): an
InputChannel that serves the webhook, and an OutputChannel that sends through WeChat's API.
The protocol itself (signatures, decryption, deadline, retries) is in webhook.py.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage

from bot.channels.handoff import Route, Undeliverable, postman, route
from bot.channels.wechat.api import ApiError, AppMessageApi, CustomerServiceApi, MessageApi
from bot.channels.wechat.choices import SQLChoiceMemory
from bot.channels.wechat.compose import compose
from bot.channels.wechat.config import ChannelConfig, wechat_config, wecom_config
from bot.channels.wechat.dedup import message_memory
from bot.channels.wechat.nonces import SQLNonceMemory
from bot.channels.wechat.errors import Rejected
from bot.channels.wechat.webhook import Answer, Webhook
from bot.channels.wechat.xmlparse import MAX_BODY, TooLarge
from bot.settings import settings

log = logging.getLogger(__name__)

DRAIN_SECONDS = 10  # below the 15 s bot.processes.servers gives a server to stop


class TurnCollector(OutputChannel):
    """Keeps the bot messages of one turn, to be merged into one WeChat message."""

    def __init__(self) -> None:
        self.messages: List[Dict[Text, Any]] = []

    @classmethod
    def name(cls) -> Text:
        return "wechat_turn"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.messages.append(dict(message))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        self.messages.append({"text": text})


class WeChatOutput(OutputChannel):
    """Messages the assistant sends on its own initiative, through the message API."""

    def __init__(self, api: MessageApi) -> None:
        self.api = api

    @classmethod
    def name(cls) -> Text:
        return "wechat"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        text = compose([message], lambda language: "").text
        if text:
            await self.api.send_text(recipient_id, text)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.api.send_text(recipient_id, text)


class WeComOutput(WeChatOutput):
    @classmethod
    def name(cls) -> Text:
        return "wecom"


class WeChatInput(InputChannel):
    """The Official Account's webhook; all settings from the environment (see config.py)."""

    output_class = WeChatOutput

    @classmethod
    def name(cls) -> Text:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        # credentials.yml only names the channel: its secrets are environment variables.
        return cls()

    def __init__(self, config: Optional[ChannelConfig] = None, state: Optional[Path] = None) -> None:
        self.config = config or self.load_config()
        self.state = state or settings().state_dir / "wechat.sqlite3"
        usable = self.config.can_send_later() and not self.config.check()
        self.api = self.make_api() if usable else None

    @staticmethod
    def load_config() -> ChannelConfig:
        return wechat_config()

    def make_api(self) -> MessageApi:
        return CustomerServiceApi(self.config.api_base, self.config.receive_id, self.config.secret, self.state)

    async def send_staff_text(self, visitor: str, text: str) -> None:
        assert self.api is not None
        try:
            await self.api.send_text(visitor, text)
        except ApiError as error:
            raise Undeliverable(error.why) from None

    def get_output_channel(self) -> Optional[OutputChannel]:
        return self.output_class(self.api) if self.api else None

    def webhook(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Webhook:
        async def run_turn(text: str, sender: str, message_id: str) -> List[Dict[str, Any]]:
            collector = TurnCollector()
            await route(
                UserMessage(text, collector, sender, input_channel=self.name(), message_id=message_id or None),
                on_new_message,
            )
            return collector.messages

        return Webhook(
            self.config,
            message_memory(self.state),
            SQLChoiceMemory(self.state),
            self.api,
            run_turn,
            SQLNonceMemory(self.state),
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = self.webhook(on_new_message)
        blueprint = Blueprint(f"{self.name()}_webhook", __name__)

        @blueprint.listener("after_server_start")
        async def deliver_staff_texts(*_: Any) -> None:
            if self.api is not None:  # without the API's secret staff texts wait (the console shows it)
                postman().serve(self.name(), Route(lambda _visitor: True, self.send_staff_text))

        @blueprint.listener("before_server_stop")
        async def send_pending_replies(*_: Any) -> None:
            # Replies that were too slow for the passive answer are still on their way: let them out,
            # within the time `qicc run` gives a server to stop.
            try:
                await asyncio.wait_for(webhook.drain(), DRAIN_SECONDS)
            except asyncio.TimeoutError:
                log.error("%s: replies still unsent after %d s at shutdown", self.name(), DRAIN_SECONDS)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if not webhook.problems else "not configured"})

        @blueprint.route("/webhook", methods=["GET"], name="verify")
        async def verify(request: Request) -> HTTPResponse:
            return _http(webhook.verify(_query(request)))

        @blueprint.route("/webhook", methods=["POST"], name="receive", stream=True)
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = await _read_body(request)
            except Rejected as rejected:
                return _http(webhook.refuse(rejected))
            return _http(await webhook.receive(_query(request), body))

        return blueprint


class WeComInput(WeChatInput):
    """A WeCom (企业微信) self-built app's webhook: always encrypted, CorpID, replies as the app."""

    output_class = WeComOutput

    @classmethod
    def name(cls) -> Text:
        return "wecom"

    @staticmethod
    def load_config() -> ChannelConfig:
        return wecom_config()

    def make_api(self) -> MessageApi:
        return AppMessageApi(
            self.config.api_base, self.config.receive_id, self.config.secret, int(self.config.agent_id), self.state
        )


def _query(request: Request) -> Dict[str, str]:
    return {name: request.args.get(name) or "" for name in request.args}


async def _read_body(request: Request) -> bytes:
    """The body, read no further than MAX_BODY bytes (a declared or streamed excess is refused)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise TooLarge(int(declared))
    chunks: List[bytes] = []
    size = 0
    while True:
        assert request.stream is not None  # the route is declared with stream=True
        chunk = await request.stream.read()
        if chunk is None:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BODY:
            raise TooLarge(size)
        chunks.append(chunk)


def _http(answer: Answer) -> HTTPResponse:
    return response.text(answer.body, status=answer.status, content_type=answer.content_type)
