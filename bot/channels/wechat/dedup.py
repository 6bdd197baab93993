"""The duplicate-message memory: WeChat retries a request it got no answer to, up to three times.

The first arrival of a message claims it and is the only one that hands it to the assistant.
A later arrival learns how the first one ended: still running (say nothing, the first one
answers), answered passively (that answer never reached WeChat, or it would not have retried,
so the same text is given again) or sent through the message API (say nothing).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Protocol

from bot.channels.wechat.sqlite import Database

PROCESSING, REPLIED, SENT = "processing", "replied", "sent"
# WeChat's retries come within about 15 seconds; a day covers any clock or queue delay.
KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Earlier:
    state: str
    reply: str


class MessageMemory(Protocol):
    def claim(self, key: str) -> Optional[Earlier]:
        """None when this is the first arrival of ``key`` (the caller processes it), else what became of it."""

    def settle(self, key: str, state: str, reply: str = "") -> None:
        """Record how the message was answered (REPLIED with the reply text, or SENT)."""


class SQLiteMessageMemory:
    SCHEMA = """
        CREATE TABLE IF NOT EXISTS seen_messages (
            key TEXT PRIMARY KEY, state TEXT NOT NULL, reply TEXT NOT NULL DEFAULT '', at REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS seen_messages_at ON seen_messages (at);
    """

    def __init__(self, path: Path):
        self.db = Database(path, self.SCHEMA)

    def claim(self, key: str) -> Optional[Earlier]:
        now = time.time()
        with self.db.cursor() as cursor:
            cursor.execute("DELETE FROM seen_messages WHERE at < ?", (now - KEEP_SECONDS,))
            cursor.execute("INSERT OR IGNORE INTO seen_messages (key, state, at) VALUES (?, ?, ?)",
                           (key, PROCESSING, now))
            if cursor.rowcount == 1:
                return None
            row = cursor.execute("SELECT state, reply FROM seen_messages WHERE key = ?", (key,)).fetchone()
        return Earlier(*row) if row else Earlier(PROCESSING, "")

    def settle(self, key: str, state: str, reply: str = "") -> None:
        with self.db.cursor() as cursor:
            cursor.execute("UPDATE seen_messages SET state = ?, reply = ? WHERE key = ?", (state, reply, key))
