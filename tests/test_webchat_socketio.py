"""A standard socket.io client (python-socketio) chats with the running assistant, as Rasa's web widgets do."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from typing import Dict, List, Optional, Tuple

import pytest
import socketio

from bot.channels.webchat.origins import allowed_origins
from bot.limits import MAX_MESSAGE_CHARS
from bot.settings import settings


async def chat(
    url: str,
    session_id: Optional[str],
    text: str,
    transport: str,
    headers: Optional[Dict[str, str]] = None,
    message_session: Optional[str] = None,
    wait: float = 60,
) -> Tuple[str, List[dict]]:
    """Connect, ask for a session (``session_id``, or None for a new one), send ``text`` (naming
    ``message_session`` when given); return the session id the server confirmed and the bot's messages."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed, replies = asyncio.Queue(), asyncio.Queue()
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", replies.put)
    await client.connect(url, headers=headers or {}, transports=[transport], socketio_path="/socket.io")
    try:
        await client.emit("session_request", {"session_id": session_id})
        session = await asyncio.wait_for(confirmed.get(), 10)
        await client.emit("user_uttered", {"message": text, "session_id": message_session or session})
        try:
            messages = [await asyncio.wait_for(replies.get(), wait)]
        except asyncio.TimeoutError:
            return session, []
        while not replies.empty():
            messages.append(replies.get_nowait())
        return session, messages
    finally:
        await client.disconnect()


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_socketio_client_chats_with_session_persistence(assistant, center, transport):
    session, replies = asyncio.run(chat(assistant.base_url, None, "What is your phone number?", transport))
    assert center.phone in " ".join(m.get("text", "") for m in replies)
    # A new connection with the session id the server issued continues the same conversation.
    again, _ = asyncio.run(chat(assistant.base_url, session, "What are your opening hours?", transport))
    assert again == session
    events = assistant_events(assistant, f"socketio:{session}")
    assert [e["text"] for e in events if e["event"] == "user"] == [
        "What is your phone number?",
        "What are your opening hours?",
    ]


def test_a_session_id_the_server_did_not_issue_is_replaced(assistant):
    invented = uuid.uuid4().hex
    session, replies = asyncio.run(chat(assistant.base_url, invented, "hello", "websocket"))
    assert session != invented and replies
    assert assistant_events(assistant, f"socketio:{invented}") == []


def test_a_message_naming_another_visitors_session_is_not_answered_there(assistant):
    victim, _ = asyncio.run(chat(assistant.base_url, None, "hello", "websocket"))
    before = assistant_events(assistant, f"socketio:{victim}")
    _, replies = asyncio.run(
        chat(assistant.base_url, None, "what's your phone number", "websocket", message_session=victim, wait=5)
    )
    assert replies == [] and assistant_events(assistant, f"socketio:{victim}") == before


def test_a_long_socketio_message_gets_a_reply_that_says_so(assistant, center):
    _, replies = asyncio.run(chat(assistant.base_url, None, "x" * (MAX_MESSAGE_CHARS + 1), "websocket"))
    assert center.phone in replies[0]["text"] and str(MAX_MESSAGE_CHARS) in replies[0]["text"]


def assistant_events(assistant, sender: str) -> List[dict]:
    """The conversation as stored by the Rasa server (its SQLite tracker store)."""
    with sqlite3.connect(assistant.state_dir / "conversations.sqlite3") as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [json.loads(data) for (data,) in rows]


def test_a_browser_page_on_a_configured_site_may_connect(assistant, center):
    origin = next(o for o in allowed_origins(settings().cors_origins) if o != "*")
    _, replies = asyncio.run(
        chat(assistant.base_url, None, "What is your phone number?", "websocket", {"Origin": origin})
    )
    assert center.phone in " ".join(m.get("text", "") for m in replies)


def test_a_browser_page_on_another_site_is_refused(assistant):
    if "*" in allowed_origins(settings().cors_origins):
        pytest.skip("QICC_CORS_ORIGINS allows every site")
    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(chat(assistant.base_url, None, "hello", "websocket", {"Origin": "http://elsewhere.test"}))
