"""What the webhook does with a request, apart from HTTP: check, decrypt, answer within the deadline.

WeChat waits 5 seconds for an answer, then retries (three times in all) and finally tells the
visitor the account is not responding. So the assistant gets a budget of about 4 seconds: a
reply ready by then goes back in the HTTP answer (a passive reply); otherwise the answer is
"success" at once and the reply follows through the message API when it is ready.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Set, Tuple

from bot.center.facts import current_center
from bot.center.answers import reply as center_reply
from bot.channels.wechat import replies
from bot.channels.wechat.api import ApiError, MessageApi
from bot.channels.wechat.choices import ChoiceMemory, chosen
from bot.channels.wechat.cipher import DecryptError, Keyring, MessageCipher
from bot.channels.wechat.compose import compose
from bot.channels.wechat.config import ChannelConfig
from bot.channels.wechat.dedup import REPLIED, SENT, MessageMemory
from bot.channels.wechat.errors import BadRequest, Forbidden, NotConfigured, Rejected
from bot.channels.wechat.messages import Inbound, Kind, read_message
from bot.channels.wechat.nonces import NonceMemory
from bot.channels.wechat.reply import encrypted_reply, text_reply
from bot.channels.wechat.signature import matches
from bot.channels.wechat.xmlparse import parse_fields
from bot.language import detect
from bot.content.texts import DEFAULT_LANGUAGE
from bot.content.yamlfile import ContentError

log = logging.getLogger(__name__)

# How far a request's timestamp may be from our clock: WeChat's retries come within seconds,
# and an old signed request replayed later is refused.
MAX_CLOCK_SKEW = 300
# A Unix time in seconds: ASCII digits only, and no more than ten of them (int() of a 5,000-digit or
# a non-ASCII digit string raises, which was a server error).
_TIMESTAMP = re.compile(r"[0-9]{1,10}")

# Runs one visitor message through the assistant: (text, conversation id, message id) -> bot messages.
RunTurn = Callable[[str, str, str], Awaitable[List[Dict[str, Any]]]]


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    content_type: str = "text/plain; charset=utf-8"


SUCCESS = Answer(200, "success")  # WeChat's "received, nothing to say (now)"
_STATUS_BODY = {400: "bad request", 403: "forbidden", 413: "too large", 503: "not configured"}


class Webhook:
    def __init__(
        self,
        config: ChannelConfig,
        memory: MessageMemory,
        choices: ChoiceMemory,
        api: Optional[MessageApi],
        run_turn: RunTurn,
        nonces: NonceMemory,
        clock: Callable[[], float] = time.time,
    ):
        self.config = config
        self.memory = memory
        self.choices = choices
        self.nonces = nonces
        self.api = api if config.can_send_later() else None
        self.run_turn = run_turn
        self.clock = clock
        self.problems = config.check()
        self.keyring: Optional[Keyring] = None if self.problems else config.keyring()
        self._background: Set[asyncio.Task] = set()
        for problem in self.problems:
            log.error("%s channel: %s", config.kind, problem)
        if not self.problems and not self.config.can_send_later():
            log.warning(
                "%s channel: without the %s, replies slower than %.1f s cannot be delivered",
                config.kind,
                config.platform.credentials,
                config.budget,
            )

    # --- GET: URL verification -------------------------------------------------------------------

    def verify(self, query: Mapping[str, str]) -> Answer:
        try:
            self._require_configured()
            self._check_timestamp(query)
            echostr = query.get("echostr", "")
            if self.config.platform.always_encrypted:
                # WeCom encrypts echostr and signs it like a message.
                self._check_signature(query.get("msg_signature", ""), query, echostr)
                plain, _ = self._decrypt(echostr)
                return Answer(200, plain.decode("utf-8"))
            self._check_signature(query.get("signature", ""), query)
            return Answer(200, echostr)
        except Rejected as rejected:
            return self.refuse(rejected)

    # --- POST: a message ------------------------------------------------------------------------

    async def receive(self, query: Mapping[str, str], body: bytes) -> Answer:
        started = time.monotonic()
        try:
            self._require_configured()
            self._check_timestamp(query)
            message, cipher = self._open(query, body)
        except Rejected as rejected:
            return self.refuse(rejected)
        text = await self._answer(message, started)
        if not text:
            return SUCCESS
        xml = text_reply(message.from_user, message.to_user, text, int(self.clock()))
        if cipher is not None:
            xml = encrypted_reply(xml, cipher, self.config.token, int(self.clock()))
        return Answer(200, xml, "application/xml; charset=utf-8")

    def _open(self, query: Mapping[str, str], body: bytes) -> Tuple[Inbound, Optional[MessageCipher]]:
        """The authenticated message and the key to encrypt its reply with (None: answer in plaintext)."""
        if self.config.platform.signs_every_request:
            self._check_signature(query.get("signature", ""), query)
        outer = parse_fields(body)
        encrypted = self.config.platform.always_encrypted or query.get("encrypt_type", "raw") == "aes"
        if not encrypted:
            if query.get("encrypt_type", "raw") != "raw":
                raise BadRequest(f"unknown encrypt_type {query.get('encrypt_type')!r}")
            if self.keyring is not None:
                # With a key set, the console is in safe mode: a plaintext request is not WeChat's,
                # and its body would not be covered by any signature.
                raise Forbidden("a plaintext message although an EncodingAESKey is set")
            if not self.nonces.first_body(
                query["timestamp"], query.get("nonce", ""), hashlib.sha256(body).hexdigest(), 2 * MAX_CLOCK_SKEW
            ):
                raise Forbidden("a signed timestamp and nonce used again with another body (a replay)")
            return read_message(outer), None
        if self.keyring is None:
            raise NotConfigured(f"an encrypted message, but QICC_{self.config.kind.upper()}_AES_KEY is not set")
        encrypt = outer.get("Encrypt", "")
        # The signature is checked before decrypting, so forged ciphertexts never reach AES
        # (no padding oracle); compatible mode's plaintext copy is ignored, being unsigned.
        self._check_signature(query.get("msg_signature", ""), query, encrypt)
        plain, cipher = self._decrypt(encrypt)
        message = read_message(parse_fields(plain))
        # The AgentID inside the encrypted message is signed; the envelope's copy only when there is no other.
        agent_id = message.agent_id or outer.get("AgentID", "").strip()
        if self.config.platform.has_agent and self.config.agent_id and agent_id and agent_id != self.config.agent_id:
            raise Forbidden("a message for another WeCom app (AgentID) than QICC_WECOM_AGENT_ID")
        return message, cipher

    def _require_configured(self) -> None:
        if self.problems:
            raise NotConfigured("; ".join(self.problems))

    def _check_timestamp(self, query: Mapping[str, str]) -> None:
        stamp = query.get("timestamp", "")
        if not _TIMESTAMP.fullmatch(stamp):
            raise BadRequest("no timestamp of at most ten ASCII digits")
        skew = abs(self.clock() - int(stamp))
        if skew > MAX_CLOCK_SKEW:
            raise Forbidden(f"the timestamp is {skew:.0f} s away from this server's clock (is NTP running?)")

    def _check_signature(self, given: str, query: Mapping[str, str], *extra: str) -> None:
        if not matches(given, self.config.token, query.get("timestamp", ""), query.get("nonce", ""), *extra):
            raise Forbidden("the signature does not match the token")

    def _decrypt(self, encrypt: str) -> Tuple[bytes, MessageCipher]:
        assert self.keyring is not None  # _read refuses an encrypted message without a key
        try:
            return self.keyring.decrypt(encrypt)
        except DecryptError as error:
            raise BadRequest(f"cannot decrypt: {error}") from None

    def refuse(self, rejected: Rejected) -> Answer:
        log.warning("%s channel refused a request (%d): %s", self.config.kind, rejected.status, rejected.reason)
        return Answer(rejected.status, _STATUS_BODY.get(rejected.status, "refused"))

    # --- Answering once, within the budget ------------------------------------------------------------

    async def _answer(self, message: Inbound, started: float) -> str:
        key = f"{self.config.kind}:{message.to_user}:{message.dedup_key}"
        earlier = self.memory.claim(key)
        if earlier is not None:
            log.info("retry of a message from %s (%s)", message.visitor, earlier.state)
            return earlier.reply if earlier.state == REPLIED else ""
        if message.kind is not Kind.TEXT:
            text = self._own_text(message)
            self.memory.settle(key, REPLIED, text)
            return text
        turn = asyncio.ensure_future(self._turn(message))
        remaining = self.config.budget - (time.monotonic() - started)
        try:
            done, _ = await asyncio.wait({turn}, timeout=max(remaining, 0))
        except asyncio.CancelledError:  # WeChat hung up early: the reply must still reach the visitor
            self._keep(asyncio.ensure_future(self._send_later(key, message, turn)))
            raise
        if turn in done:
            text = turn.result()
            self.memory.settle(key, REPLIED, text)
            return text
        log.info(
            "the reply to %s takes longer than %.1f s: it follows through the message API",
            message.visitor,
            self.config.budget,
        )
        self._keep(asyncio.ensure_future(self._send_later(key, message, turn)))
        return ""

    def _own_text(self, message: Inbound) -> str:
        try:
            if message.kind is Kind.WELCOME:
                return replies.bilingual("welcome")
            if message.kind is Kind.UNSUPPORTED:
                return replies.bilingual("unsupported")
        except ContentError:  # the file never loaded; LiveFile has logged what is wrong with it
            log.error("no channel texts to answer a %s message with", message.msg_type)
        return ""

    async def _turn(self, message: Inbound) -> str:
        offered = self.choices.recall(message.from_user)
        text = chosen(message.text, offered) or message.text
        try:
            messages = await self.run_turn(text, message.from_user, message.msg_id)
        except Exception:  # the visitor still gets an answer; the operator gets the traceback
            log.exception("the assistant failed on a message from %s", message.visitor)
            messages = [{"text": _error_text(message.text)}]
        composed = compose(messages, _choice_hint)
        self.choices.remember(message.from_user, composed.payloads)
        return composed.text

    async def _send_later(self, key: str, message: Inbound, turn: "asyncio.Future[str]") -> None:
        try:
            text = await turn
            if not text:
                self.memory.settle(key, SENT)
                return
            if self.api is None:
                log.error("the reply to %s was ready too late and no message API is configured", message.visitor)
                return
            await self.api.send_text(message.from_user, text)
        except ApiError as error:
            log.error("the reply to %s could not be sent: %s", message.visitor, error.why)
            return
        except Exception:  # a bug: never a silent loss, the operator gets the traceback
            log.exception("the reply to %s could not be sent", message.visitor)
            return
        self.memory.settle(key, SENT)

    def _keep(self, task: asyncio.Task) -> None:
        """Hold a reference until the task ends (the event loop keeps only weak ones)."""
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self) -> None:
        """Wait for the replies still being sent (tests, benchmark, shutdown)."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)


def _choice_hint(language: str) -> str:
    try:
        return replies.text("choose", language)
    except ContentError:
        return ""


def _error_text(visitor_text: str) -> str:
    language = detect(visitor_text) or DEFAULT_LANGUAGE
    try:
        return center_reply(current_center(), "error", language)
    except ContentError:
        log.error("no center file to build the error reply from")
        return ""
