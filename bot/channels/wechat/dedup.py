"""The duplicate-message memory: WeChat retries a request it got no answer to, up to three times.

The first arrival of a message claims it and is the only one that hands it to the assistant.
A later arrival learns how the first one ended: still running (say nothing, the first one
answers), answered passively (that answer never reached WeChat, or it would not have retried,
so the same text is given again) or sent through the message API (say nothing).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Protocol

import sqlalchemy as sa

from bot.database import store_engine
from bot.shortlived import redis_client

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


class SQLMessageMemory:
    """In the stores' database (bot/database.py): a SQLite file, or PostgreSQL shared by replicas."""

    def __init__(self, path: Path):
        self.engine = store_engine(path)

    def claim(self, key: str) -> Optional[Earlier]:
        now = time.time()
        with self.engine.begin() as connection:
            connection.execute(_FORGET, {"before": now - KEEP_SECONDS})
            if connection.execute(_CLAIM, {"key": key, "state": PROCESSING, "at": now}).rowcount == 1:
                return None
            row = connection.execute(_EARLIER, {"key": key}).first()
        return Earlier(*row) if row else Earlier(PROCESSING, "")

    def settle(self, key: str, state: str, reply: str = "") -> None:
        with self.engine.begin() as connection:
            connection.execute(_SETTLE, {"key": key, "state": state, "reply": reply})


_FORGET = sa.text("DELETE FROM seen_messages WHERE at < :before")
_CLAIM = sa.text(
    "INSERT INTO seen_messages (key, state, reply, at) VALUES (:key, :state, '', :at) ON CONFLICT (key) DO NOTHING"
)
_EARLIER = sa.text("SELECT state, reply FROM seen_messages WHERE key = :key")
_SETTLE = sa.text("UPDATE seen_messages SET state = :state, reply = :reply WHERE key = :key")


class RedisMessageMemory:
    """In Redis (QICC_REDIS_URL): one key per message that expires by itself after KEEP_SECONDS."""

    PREFIX = "qicc:wechat:seen:"

    def __init__(self, client: Any):
        self.redis = client

    def claim(self, key: str) -> Optional[Earlier]:
        value = json.dumps({"state": PROCESSING, "reply": ""})
        if self.redis.set(self.PREFIX + key, value, nx=True, ex=KEEP_SECONDS):
            return None
        stored = self.redis.get(self.PREFIX + key)
        return Earlier(**json.loads(stored)) if stored else Earlier(PROCESSING, "")

    def settle(self, key: str, state: str, reply: str = "") -> None:
        self.redis.set(self.PREFIX + key, json.dumps({"state": state, "reply": reply}), xx=True, keepttl=True)


def message_memory(path: Path) -> MessageMemory:
    """Redis when QICC_REDIS_URL is set, else the stores' database (``path`` on one machine)."""
    client = redis_client()
    return RedisMessageMemory(client) if client else SQLMessageMemory(path)
