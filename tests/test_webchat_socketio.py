"""A standard socket.io client (python-socketio) chats with the running assistant, as Rasa's web widgets do."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from typing import Dict, List, Optional

import pytest
import socketio

from bot.channels.webchat.origins import allowed_origins
from bot.settings import settings


async def chat(url: str, session_id: str, text: str, transport: str,
               headers: Optional[Dict[str, str]] = None) -> List[dict]:
    """Connect, ask for a session, send ``text``; return the bot's messages."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed, replies = asyncio.Queue(), asyncio.Queue()
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", replies.put)
    await client.connect(url, headers=headers or {}, transports=[transport], socketio_path="/socket.io")
    try:
        await client.emit("session_request", {"session_id": session_id})
        assert await asyncio.wait_for(confirmed.get(), 10) == session_id
        await client.emit("user_uttered", {"message": text, "session_id": session_id})
        messages = [await asyncio.wait_for(replies.get(), 60)]
        while not replies.empty():
            messages.append(replies.get_nowait())
        return messages
    finally:
        await client.disconnect()


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_socketio_client_chats_with_session_persistence(assistant, center, transport):
    session = uuid.uuid4().hex
    replies = asyncio.run(chat(assistant.base_url, session, "What is your phone number?", transport))
    assert center.phone in " ".join(m.get("text", "") for m in replies)
    # A new connection with the same session id continues the same conversation (same tracker).
    asyncio.run(chat(assistant.base_url, session, "What are your opening hours?", transport))
    events = assistant_events(assistant, session)
    assert [e["text"] for e in events if e["event"] == "user"] == [
        "What is your phone number?", "What are your opening hours?"]


def assistant_events(assistant, sender: str) -> List[dict]:
    """The conversation as stored by the Rasa server (its SQLite tracker store)."""
    with sqlite3.connect(assistant.state_dir / "conversations.sqlite3") as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [json.loads(data) for (data,) in rows]


def test_a_browser_page_on_a_configured_site_may_connect(assistant, center):
    origin = next(o for o in allowed_origins(settings().cors_origins) if o != "*")
    replies = asyncio.run(chat(assistant.base_url, uuid.uuid4().hex, "What is your phone number?",
                               "websocket", {"Origin": origin}))
    assert center.phone in " ".join(m.get("text", "") for m in replies)


def test_a_browser_page_on_another_site_is_refused(assistant):
    if "*" in allowed_origins(settings().cors_origins):
        pytest.skip("QICC_CORS_ORIGINS allows every site")
    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(chat(assistant.base_url, uuid.uuid4().hex, "hello", "websocket",
                         {"Origin": "http://elsewhere.test"}))
