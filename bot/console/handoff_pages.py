"""The visitors page: staff say whether they take visitors, see who is waiting for a person and take them,
talk with them in a chat view (canned replies from the FAQ), end the talk, and answer left messages.

Everything goes through the handoff store (bot/handoff/store.py): a staff text is written there as
'pending' and the server that holds the visitor's channel delivers it, so the console never talks to a
channel itself and a reloaded page loses nothing. Every console page sends a heartbeat (console.js), so a
staff member with the console open and "available" set counts as there to take visitors.
"""

from __future__ import annotations

import time
from typing import Dict, List

from aiohttp import web

from bot.center.facts import current_center
from bot.console import saving
from bot.console.conversations import Line, conversation_of
from bot.console.web import PREFIX, clock, redirect, render, staff, stores
from bot.faq.answers import answer_text
from bot.faq.content import Faq
from bot.handoff.desk import CHAT_CHANNELS, Desk
from bot.handoff.store import Handoff, Handoffs, Message
from bot.limits import printable
from bot.content.yamlfile import ContentError

routes = web.RouteTableDef()
PAGE = f"{PREFIX}/visitors"
BEFORE_LINES = 3  # of the conversation before the handoff, shown in the queue
WINDOW_HOURS = 48  # WeChat's customer-service messages reach a follower this long after their last message
MAX_TEXT = 2000


def _handoffs(request: web.Request) -> Handoffs:
    return stores(request).handoffs


def _handoff_or_404(request: web.Request) -> Handoff:
    found = _handoffs(request).get(int(request.match_info["id"]))
    if found is None:
        raise web.HTTPNotFound()
    return found


def _before(handoff: Handoff) -> List[Line]:
    """What the visitor and the assistant said before asking for a person."""
    conversation = conversation_of(handoff.conversation)
    return [line for line in conversation.lines if line.at.timestamp() <= handoff.created_at] if conversation else []


def _minutes_since(moment: float) -> int:
    return int((time.time() - moment) // 60)


def in_window(store: Handoffs, handoff: Handoff) -> bool:
    """Whether a text can still reach the visitor in their chat (WeChat/WeCom, within the 48-hour window)."""
    last = store.last_visitor_message_at(handoff.conversation)
    return handoff.channel in CHAT_CHANNELS and last is not None and time.time() - last < WINDOW_HOURS * 3600


@routes.get(PAGE)
async def visitors(request: web.Request) -> web.Response:
    store, me = _handoffs(request), staff(request)
    waiting = [
        (h, _before(h)[-BEFORE_LINES:], store.messages(h.id), _minutes_since(h.created_at))
        for h in store.in_state("waiting")
    ]
    left = [(h, store.messages(h.id), in_window(store, h)) for h in store.left_messages()]
    return render(
        request,
        "visitors.html",
        clock=clock,
        available=store.is_available(me.name),
        waiting=waiting,
        mine=store.in_state("active", staff=me.name),
        others=[h for h in store.in_state("active") if h.staff != me.name],
        left=left,
    )


@routes.post(f"{PAGE}/presence")
async def presence(request: web.Request) -> web.Response:
    posted = await request.post()
    _handoffs(request).seen(staff(request).name, available=posted.get("available") == "1")
    raise redirect(PAGE)


@routes.post(f"{PREFIX}/api/heartbeat")
async def heartbeat(request: web.Request) -> web.Response:
    """A console page is open: the staff member is there; the answer feeds the title badge."""
    store, me = _handoffs(request), staff(request)
    store.seen(me.name)
    return web.json_response({"waiting": len(store.in_state("waiting")), "available": store.is_available(me.name)})


@routes.post(f"{PAGE}/{{id:\\d+}}/take")
async def take(request: web.Request) -> web.Response:
    handoff = _handoff_or_404(request)
    if not Desk(_handoffs(request)).take(handoff.id, staff(request).name):
        raise redirect(f"{PAGE}?done=taken_by_other")  # someone else was quicker, or the wait ran out
    raise redirect(f"{PAGE}/{handoff.id}")


def _canned(language: str) -> List[Dict[str, str]]:
    """Every FAQ answer in the visitor's language, as the visitor would get it (placeholders filled in)."""
    try:
        faq: Faq = saving.check("faq.yml", saving.read("faq.yml"))  # type: ignore[assignment]
        center = current_center()
    except ContentError:
        return []
    return [{"id": e.id, "text": answer_text(e, center, language)} for e in faq.entries]


def _message_json(message: Message) -> Dict[str, object]:
    return {
        "id": message.id,
        "author": message.author,
        "staff": message.staff,
        "text": message.text,
        "at": clock(message.at),
        "state": message.state,
        "error": message.error,
    }


@routes.get(f"{PAGE}/{{id:\\d+}}")
async def chat(request: web.Request) -> web.Response:
    handoff, me = _handoff_or_404(request), staff(request)
    store = _handoffs(request)
    return render(
        request,
        "visitor_chat.html",
        clock=clock,
        handoff=handoff,
        before=_before(handoff),
        messages=store.messages(handoff.id),
        mine=_may_write(handoff, me.name, store),
        canned=_canned(handoff.language),
        minutes=_minutes_since(handoff.created_at),
    )


@routes.get(f"{PREFIX}/api/visitors/{{id:\\d+}}/messages")
async def new_messages(request: web.Request) -> web.Response:
    """What was said with a person, each staff text's delivery, and the talk's state (asked every 2 s)."""
    handoff = _handoff_or_404(request)
    return web.json_response(
        {
            "state": handoff.state,
            "staff": handoff.staff,
            "messages": [_message_json(m) for m in _handoffs(request).messages(handoff.id)],
        }
    )


def _may_write(handoff: Handoff, name: str, store: Handoffs) -> bool:
    """The staff member who took the talk writes in it; a left message can be answered by anyone."""
    if handoff.state == "active":
        return handoff.staff == name
    return handoff.outcome == "message_left" and in_window(store, handoff)


@routes.post(f"{PAGE}/{{id:\\d+}}/send")
async def send(request: web.Request) -> web.Response:
    handoff, me = _handoff_or_404(request), staff(request)
    store = _handoffs(request)
    text = printable(str((await request.post()).get("text", ""))).strip()[:MAX_TEXT]
    if not _may_write(handoff, me.name, store):
        raise web.HTTPForbidden(text="not your conversation")
    if text:
        store.add(handoff.id, "staff", text, staff=me.name)
        if handoff.outcome == "message_left":
            store.mark_answered(handoff.id)
    raise redirect(f"{PAGE}/{handoff.id}")


@routes.post(f"{PAGE}/{{id:\\d+}}/end")
async def end(request: web.Request) -> web.Response:
    handoff, me = _handoff_or_404(request), staff(request)
    if handoff.state == "active" and (handoff.staff == me.name or me.is_admin):
        Desk(_handoffs(request)).end(handoff.id)
    raise redirect(f"{PAGE}?done=ended")


@routes.post(f"{PAGE}/{{id:\\d+}}/answered")
async def answered(request: web.Request) -> web.Response:
    """A left message answered outside the chat (by e-mail or phone, at the contact it gave)."""
    handoff = _handoff_or_404(request)
    if handoff.outcome == "message_left":
        _handoffs(request).mark_answered(handoff.id)
    raise redirect(f"{PAGE}?done=marked_answered")
