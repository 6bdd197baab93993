"""The handoff in the channels: a visitor's message goes to the assistant or to a person (bot/handoff/desk.py),
and staff's texts reach the visitor the way the assistant's do.

- ``route``: every channel passes a visitor's message through it instead of straight to Rasa. While a person
  has the conversation the assistant never sees the message, so it can never answer as well.
- ``Postman``: one per server process. Each channel tells it how to reach its visitors (socket.io: push to the
  visitor's room when their page is open here; WeChat and WeCom: the customer-service message API). Every
  second it times out visitors nobody took, and delivers the texts waiting for visitors it can reach, each
  claimed first so that a text goes out once whichever replica holds it. A text for a closed web page waits
  until the visitor opens it again; a failed send (WeChat's 48-hour window) is kept with why, for staff.
- The REST channel answers each message by itself: the texts waiting for its conversation come with its
  next reply (``collect``), and, while a person has it, as server-sent events to the open chat page (``relay``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional

from rasa.core.channels.channel import UserMessage

from bot.handoff.desk import Desk
from bot.handoff.store import Delivery

log = logging.getLogger(__name__)

ROUND_SECONDS = 1.0  # how often the postman looks for texts to deliver: a staff reply arrives within this


class Undeliverable(Exception):
    """A send that failed for good; the message says why, for the staff member who wrote the text."""


@dataclass
class Route:
    """How a channel reaches a visitor: ``reachable`` whether this server can now, ``send`` the text."""

    reachable: Callable[[str], bool]
    send: Callable[[str, str], Awaitable[None]]


def desk() -> Desk:
    return Desk()  # cheap: the store behind it is made once per state folder and database


async def route(message: UserMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> bool:
    """Hand ``message`` to the assistant (True) or to the desk, sending the desk's replies (False)."""
    try:
        routing = desk().incoming(message.sender_id, message.text or "")
    except Exception:  # the handoff store is down: the assistant answers rather than nobody
        log.exception("handoff: could not tell who has the conversation; the assistant answers")
        routing = None
    if routing is None or routing.to_assistant:
        await on_new_message(message)
        return True
    for text in routing.replies:
        await message.output_channel.send_text_message(message.sender_id, text)
    return False


def with_person(conversation: str) -> bool:
    """Whether texts may come for the conversation without the visitor writing: a handoff is open (a person
    answers, or the wait runs out and the assistant says so), or texts are still waiting for delivery."""
    try:
        store = desk().store
        return store.open_for(conversation) is not None or bool(store.undelivered(conversation=conversation))
    except Exception:  # the store is down: route() lets the assistant answer, so nobody is to be waited for
        log.exception("handoff: could not tell who has the conversation")
        return False


async def relay(conversation: str, send: Callable[[str], Awaitable[None]], seconds: float) -> bool:
    """Send ``conversation``'s texts as they come, for up to ``seconds``; True once no more can come (the
    handoff ended and everything went out). A text whose send fails stays claimed: after STALE_CLAIM_SECONDS
    it is offered again, so a visitor who went away gets it when they come back."""
    store = desk().store
    deadline = time.monotonic() + seconds
    while True:
        for delivery in _claimed(conversation):
            await send(delivery.message.text)
            store.delivered(delivery.message.id)
        if not with_person(conversation):
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(ROUND_SECONDS)


def collect(conversation: str) -> List[str]:
    """The texts waiting for ``conversation``, claimed and marked delivered: for a reply being sent now."""
    store, texts = desk().store, []
    for delivery in _claimed(conversation):
        texts.append(delivery.message.text)
        store.delivered(delivery.message.id)
    return texts


def _claimed(conversation: str) -> Iterator[Delivery]:
    """The texts waiting for ``conversation`` that this server claimed, so that each goes out once."""
    store = desk().store
    return (delivery for delivery in store.undelivered(conversation=conversation) if store.claim(delivery))


class Postman:
    def __init__(self, the_desk: Optional[Desk] = None) -> None:
        self._desk = the_desk
        self.routes: Dict[str, Route] = {}
        self._task: Optional[asyncio.Task] = None

    @property
    def desk(self) -> Desk:
        return self._desk or desk()

    def serve(self, channel: str, route_: Route) -> None:
        """Deliver texts for ``channel``'s visitors; the first channel starts the rounds."""
        self.routes[channel] = route_
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._rounds())

    async def _rounds(self) -> None:
        while True:
            try:
                self.desk.time_out()
                await self.deliver()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup: log it and try again next round
                log.exception("handoff: a delivery round failed")
            await asyncio.sleep(ROUND_SECONDS)

    async def deliver(self) -> int:
        """Send what is waiting for visitors this server can reach now; return how many went out."""
        store, sent = self.desk.store, 0
        for delivery in store.undelivered(self.routes):
            way = self.routes[delivery.channel]
            if not way.reachable(delivery.conversation) or not store.claim(delivery):
                continue
            sent += await self._send(way, delivery)
        return sent

    async def _send(self, way: Route, delivery: Delivery) -> int:
        store = self.desk.store
        try:
            await way.send(delivery.conversation, delivery.message.text)
        except Undeliverable as error:
            log.warning("handoff: a text for a %s visitor could not be sent: %s", delivery.channel, error)
            store.failed(delivery.message.id, str(error))
            return 0
        except Exception:  # a bug or a network error: staff see it failed, the operator the traceback
            log.exception("handoff: a text for a %s visitor could not be sent", delivery.channel)
            store.failed(delivery.message.id, "the message could not be sent (see the server log)")
            return 0
        store.delivered(delivery.message.id)
        return 1

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None


_postmen: Dict[int, Postman] = {}


def postman() -> Postman:
    """This event loop's postman (a server process has one loop; tests may run several in turn)."""
    loop_id = id(asyncio.get_event_loop())
    if loop_id not in _postmen:
        _postmen[loop_id] = Postman()
    return _postmen[loop_id]
