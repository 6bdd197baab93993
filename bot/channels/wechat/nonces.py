"""The replay memory of plaintext mode: which (timestamp, nonce) pairs signed which body.

In plaintext mode the signature covers the token, the timestamp and the nonce, but not the body: one
signed URL copied from a proxy's log would otherwise carry any body for as long as its timestamp is
accepted. So the first body seen with a pair is remembered for that window, and the same pair with
another body is refused. The same pair with the same body (WeChat's own retry) is let through to the
duplicate-message memory, which answers it once.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa

from bot.database import store_engine


class NonceMemory(Protocol):
    def first_body(self, timestamp: str, nonce: str, body_digest: str, keep_seconds: float) -> bool:
        """True when ``body_digest`` is the body first seen with this pair (remembered ``keep_seconds``)."""


class SQLNonceMemory:
    """In the stores' database (bot/database.py): a SQLite file, or PostgreSQL shared by replicas."""

    def __init__(self, path: Path):
        self.engine = store_engine(path)

    def first_body(self, timestamp: str, nonce: str, body_digest: str, keep_seconds: float) -> bool:
        now, pair = time.time(), f"{timestamp}:{nonce}"
        with self.engine.begin() as connection:
            connection.execute(_FORGET, {"now": now})
            connection.execute(_REMEMBER, {"pair": pair, "body": body_digest, "until": now + keep_seconds})
            row = connection.execute(_FIRST, {"pair": pair}).first()
        return row is None or row[0] == body_digest


_FORGET = sa.text("DELETE FROM seen_nonces WHERE until < :now")
_REMEMBER = sa.text(
    "INSERT INTO seen_nonces (pair, body, until) VALUES (:pair, :body, :until) ON CONFLICT (pair) DO NOTHING"
)
_FIRST = sa.text("SELECT body FROM seen_nonces WHERE pair = :pair")
