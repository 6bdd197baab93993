"""What every public channel checks before a message reaches the NLU pipeline: its length and the rate
of its sender and of its client address. A refused message gets a reply that says why, with the
center's phone number, in the visitor's language; it is never silently dropped. A message the
assistant could not answer at all (its action server down) gets an apology with the phone number.

The client address is Sanic's: behind a reverse proxy, Sanic reads it from the proxy's header when told how
many proxies to trust (SANIC_PROXIES_COUNT, or SANIC_REAL_IP_HEADER); otherwise a sent X-Forwarded-For is
ignored, so that a client cannot pick an address to dodge its limit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

from sanic.request import Request

from bot.center.facts import current_center
from bot.center.answers import reply
from bot.language import detect
from bot.limits import MAX_MESSAGE_CHARS, too_long
from bot.ratelimit import RateLimiter
from bot.settings import settings

log = logging.getLogger(__name__)

BURST_SECONDS = 30  # a client may send half a minute's worth of messages at once


def client_address(request: Optional[Request]) -> str:
    """Where a request came from: the visitor behind a trusted proxy, else the connection's peer."""
    if request is None:
        return "unknown"
    return request.remote_addr or request.ip or "unknown"


@dataclass(frozen=True)
class Refusal:
    status: int  # the HTTP status for channels that answer over HTTP
    text: str  # the reply for the visitor


class Guard:
    def __init__(self, channel: str) -> None:
        config = settings()
        self.channel = channel
        self.senders = _limiter(config.rate_per_sender)
        self.addresses = _limiter(config.rate_per_address)

    def check(self, text: str, sender: str, address: Optional[str]) -> Optional[Refusal]:
        """None when the message may go on; otherwise the reply that refuses it."""
        language = detect(text[:MAX_MESSAGE_CHARS]) or "en"
        if too_long(text):
            log.warning("%s: a message of %d characters refused (limit %d)", self.channel, len(text), MAX_MESSAGE_CHARS)
            return Refusal(413, reply(current_center(), "too_long", language, limit=str(MAX_MESSAGE_CHARS)))
        # A message the sender's limit refuses is not charged to the address, so that one fast sender
        # does not use up the share of others behind the same address.
        too_fast = (
            "sender"
            if not self.senders.allow(sender)
            else ("client address" if not self.addresses.allow(address or "unknown") else None)
        )
        if too_fast:
            # No identifier in the log line: logs keep none in clear.
            log.warning("%s: too many messages from one %s; asked to slow down", self.channel, too_fast)
            return Refusal(429, reply(current_center(), "slow_down", language))
        return None


def apology(text: str) -> str:
    """The reply when the assistant produced none (the action server is down, a bug): the visitor is
    never left without an answer."""
    return reply(current_center(), "error", detect(text[:MAX_MESSAGE_CHARS]) or "en")


def _limiter(per_minute: float) -> RateLimiter:
    return RateLimiter(per_minute, burst=max(1, round(per_minute * BURST_SECONDS / 60)))
